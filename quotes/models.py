"""Plain records that cross the pipeline's stage boundaries.

Reading produces :class:`Article` (or :class:`ReadProblem`); extraction turns an article into an
:class:`ArticleReading` (quotes with the :class:`Mention` of each, and every :class:`NameMention`);
resolution turns that into an :class:`Extraction` (quotes tied to the article's
:class:`Speaker` entities); storage writes it. No spaCy object ever leaves :mod:`quotes.extract`;
everything here is plain data that pickles cheaply.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


def content_hash(text: str) -> str:
    """A short, stable digest of an article's text (used for ids and change detection)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article, its text exactly as read (line endings normalised to ``\\n``)."""

    id: str
    path: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    #: where ``published`` came from: ``manifest``, ``archive``, ``dateline`` or ``dateline+...``
    published_note: str | None = None
    #: the dateline's place (``MOSCOW``), when the text opens with a dateline
    dateline: str | None = None
    #: the record's own identifier in its archive (``id`` field), or the file name's stem
    source_id: str | None = None
    #: fields of the input record that the schema has no column for, kept as read
    extra: dict = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        return len(WORD_RE.findall(self.text))

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class ReadProblem:
    """An input that could not be read, with where it is (``file`` or ``archive:line``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Mention:
    """A noun phrase that names or points to a speaker (the subject of a cue)."""

    start: int
    end: int
    text: str
    #: ``name``, ``pronoun``, ``relative`` (``who``), ``description``, ``statement`` (a document
    #: or statement), ``generic`` (an anonymous group or source) or ``joint`` (two speakers)
    form: str
    head: str  #: the head word, lower-cased (``diplomat``, ``he``, ``statement``)
    name: str | None = None  #: the person's or organisation's name in it, if any
    name_kind: str | None = None  #: ``person`` or ``organization`` for ``name``
    role: str | None = None
    modifiers: list[str] = field(default_factory=list)
    definite: bool = False  #: ``the``/``this``/a possessive before a description
    plural: bool = False
    #: whose it is: ``Pagliano`` of ``Pagliano's lawyer``, ``Clinton campaign`` of ``a spokesman
    #: for the Clinton campaign``
    owner: str | None = None
    owner_kind: str | None = None
    #: what a relative pronoun stands for (``Marc Morial, ..., who said``)
    antecedent: Mention | None = None
    kin: str | None = None  #: the kinship word the name is given with (`his daughter, X`)


@dataclass
class NameMention:
    """Every person or organisation named in running text (for salience and roles)."""

    start: int
    end: int
    text: str
    kind: str
    is_subject: bool
    role: str | None = None
    gender: str | None = None
    relative: bool = False  #: named as someone's relative (`his daughter, Ivanka Trump`)
    #: a proper noun the recogniser did not tag: it counts only for someone already named
    weak: bool = False


@dataclass
class ArticleReading:
    """An article after extraction, before resolution: quotes (``speaker_key`` unset), the
    mention each quote's cue gives (``None``: the quote inherits the running speaker), and
    every name and statement owner in text order."""

    article_id: str
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention | None] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    statements: list[Mention] = field(default_factory=list)
    #: speakers of a cue that introduces what follows (`The New York Times reports:`)
    introductions: list[Mention] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failure: str | None = None


@dataclass
class Speaker:
    """A speaker as one article names it, after resolution within that article."""

    key: str  #: unique within the article
    name: str  #: the fullest name the article gives
    kind: str  #: ``person`` or ``organization``
    role: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """A quotation: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str
    kind: str  #: ``direct``, ``mixed`` or ``indirect``
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    speaker_key: str | None = None  #: a :attr:`Speaker.key` of the same article, or None
    role: str | None = None
    #: how the quote is sourced: ``named`` (a named person or body, directly or through a
    #: pronoun or description), ``anonymous`` (an unnamed source: `a senior official`,
    #: `critics`), ``document`` (a report or statement whose issuer the article does not name)
    #: or ``none`` (no source found)
    source_type: str | None = None
    #: the words that date the cue, as written (`on Friday`, `In late March`), or None;
    #: :mod:`quotes.dates` resolves them against the publication date
    said_when: str | None = None


@dataclass
class Extraction:
    """Everything extraction found in one article."""

    article_id: str
    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    #: problems met in single paragraphs; the rest of the article was still extracted
    problems: list[str] = field(default_factory=list)
    #: why the article as a whole could not be extracted (then it is not stored, and is tried
    #: again by the next build)
    failure: str | None = None
