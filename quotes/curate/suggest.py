"""Likely duplicate speakers in a built database, for a journalist to check and merge.

The cross-article merge (:mod:`quotes.canonical`) is cautious: it never joins a bare surname to
one of several full names, nor two first names it cannot prove equal. This module lists the
pairs it left apart that a person should look at, most quoted first, as text or as lines of
the corrections file format (:mod:`quotes.curate.corrections`).

Candidates come from blocking keys, never from all pairs, so 40,000 speakers take seconds:

* people with the same surname and compatible first names (one a spelling of the other by
  :func:`quotes.canonical.same_first_name`, a prefix, or an initial: ``D. Trump``), and a bare
  surname next to every full name with it;
* people whose surnames differ only in vowels and doubled letters (``Zelensky``/``Zelenskyy``)
  and whose first names are compatible;
* organisations whose :func:`quotes.canonical.organisation_key` bodies are equal, or one
  contained in the other (``Defense Ministry`` in ``Russian Defense Ministry``), with no
  conflicting country.

Not handled: nicknames (``Bill``/``William``), names written surname-first, a person and an
organisation of the same name, and blocks larger than :data:`MAX_BLOCK` (skipped as too common
to be informative).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import yaml

from quotes.canonical import (
    ORGANIZATION, PERSON, display_person_name, organisation_key, parse_person_name,
    same_first_name, slugify,
)
from quotes.curate.corrections import CSV_HEADER

#: a block of more speakers than this shares too common a key to suggest anything useful
MAX_BLOCK = 500
#: a first name this long or longer that starts another one may be its short form (Alex)
MIN_PREFIX = 3
#: a surname skeleton shorter than this (Li, Lee -> l) matches too many names
MIN_SKELETON = 3
#: a short organisation name contained in more longer names than this is too generic to suggest
MAX_CONTAINING = 5
VOWELS = frozenset("aeiouy")


class UnreadableDatabase(ValueError):
    """The database file cannot be read as a quotes database."""


@dataclass(frozen=True)
class SpeakerRow:
    """What a suggestion shows of a speaker (a row of ``speakers``)."""

    id: str
    name: str
    kind: str
    affiliation: str | None
    quote_count: int
    article_count: int


@dataclass(frozen=True)
class Suggestion:
    """Merge ``source`` into ``target``, because of ``reason``.

    ``candidates`` is how many targets ``source`` has among all suggestions (more than one:
    a person must choose); ``shared_articles`` how many articles name both.
    """

    source: SpeakerRow
    target: SpeakerRow
    reason: str
    candidates: int = 1
    shared_articles: int = 0

    @property
    def quotes(self) -> int:
        return self.source.quote_count + self.target.quote_count


# --- reading the database -------------------------------------------------------------------


def _connect(db_path: Path) -> sqlite3.Connection:
    if not Path(db_path).is_file():
        raise UnreadableDatabase(f"no database at {db_path}: run `quotes build` first")
    return sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)


def read_speakers(db_path: Path) -> list[SpeakerRow]:
    """Every speaker of the database, most quoted first."""
    conn = _connect(db_path)
    try:
        rows = conn.execute(
            "SELECT id, name, kind, affiliation, quote_count, article_count FROM speakers"
            " ORDER BY quote_count DESC, id").fetchall()
    except sqlite3.Error as error:
        raise UnreadableDatabase(f"{db_path}: not a quotes database ({error})") from None
    finally:
        conn.close()
    return [SpeakerRow(i, n or "", k or "", a, q or 0, c or 0) for i, n, k, a, q, c in rows]


def count_shared_articles(db_path: Path, suggestions: list[Suggestion]) -> list[Suggestion]:
    """``suggestions`` with ``shared_articles`` counted (one indexed query per pair)."""
    sql = ("SELECT count(*) FROM (SELECT article_id FROM article_speakers WHERE speaker_id = ?"
           " INTERSECT SELECT article_id FROM article_speakers WHERE speaker_id = ?)")
    conn = _connect(db_path)
    try:
        return [replace(s, shared_articles=conn.execute(sql, (s.source.id, s.target.id)).fetchone()[0])
                for s in suggestions]
    except sqlite3.Error as error:
        raise UnreadableDatabase(f"{db_path}: not a quotes database ({error})") from None
    finally:
        conn.close()


def suggest_from_database(db_path: Path, limit: int) -> list[Suggestion]:
    """The ``limit`` most quoted suggestions of the database at ``db_path``."""
    found = suggest_merges(read_speakers(db_path))[:limit]
    return count_shared_articles(db_path, found)


# --- finding candidates ---------------------------------------------------------------------


def suggest_merges(speakers: Iterable[SpeakerRow]) -> list[Suggestion]:
    """Likely duplicates among ``speakers``, most quotes (of the pair) first; the candidates
    of one speaker stay together, its most quoted candidate first."""
    rows = list(speakers)
    pairs: dict[frozenset[str], tuple[SpeakerRow, SpeakerRow, str]] = {}
    found = _person_pairs([r for r in rows if r.kind == PERSON])
    found = [*found, *_organisation_pairs([r for r in rows if r.kind == ORGANIZATION])]
    for source, target, reason in found:
        pairs.setdefault(frozenset((source.id, target.id)), (source, target, reason))
    targets = Counter(source.id for source, _, _ in pairs.values())
    suggestions = [Suggestion(s, t, why, targets[s.id]) for s, t, why in pairs.values()]
    best: dict[str, int] = defaultdict(int)
    for s in suggestions:
        best[s.source.id] = max(best[s.source.id], s.quotes)
    return sorted(suggestions, key=lambda s: (
        -best[s.source.id], s.source.id, -s.target.quote_count, s.target.id))


def _by_quotes(a: SpeakerRow, b: SpeakerRow) -> tuple[SpeakerRow, SpeakerRow]:
    """(source, target) of two equals: the less quoted goes into the more quoted."""
    return (a, b) if (a.quote_count, b.id) < (b.quote_count, a.id) else (b, a)


@dataclass(frozen=True)
class _Person:
    row: SpeakerRow
    first: str | None  #: folded first name, None for a surname alone
    initial: str | None  #: the initial of ``D. Trump``
    surname: str


def _parse_people(rows: list[SpeakerRow]) -> Iterator[_Person]:
    for row in rows:
        parsed = parse_person_name(row.name)
        if not parsed.surname:
            continue
        initial = None
        words = display_person_name(row.name).split()
        if not parsed.first and len(words) >= 2 and len(slugify(words[0])) == 1:
            initial = slugify(words[0])
        yield _Person(row, parsed.first, initial, parsed.surname)


def _first_names_agree(a: str, b: str) -> bool:
    """Two spellings of one first name, or a short form (``Alex``/``Alexander``)."""
    short, long_ = sorted((a, b), key=len)
    return same_first_name(a, b) or (len(short) >= MIN_PREFIX and long_.startswith(short))


def skeleton(surname: str) -> str:
    """``zelenskyy`` -> ``zlnsk``: the first letter, then consonants with doubles collapsed."""
    folded = slugify(surname).replace("-", "")
    out = folded[:1]
    for letter in folded[1:]:
        if letter not in VOWELS and letter != out[-1]:
            out += letter
    return out


def _blocks(items: Iterable, key) -> Iterator[list]:
    grouped: dict[str, list] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return (block for block in grouped.values() if 1 < len(block) <= MAX_BLOCK)


def _person_pairs(rows: list[SpeakerRow]) -> Iterator[tuple[SpeakerRow, SpeakerRow, str]]:
    people = list(_parse_people(rows))
    for block in _blocks(people, lambda p: p.surname):
        full = [p for p in block if p.first]
        for a, b in combinations(full, 2):
            if _first_names_agree(a.first, b.first):
                yield (*_by_quotes(a.row, b.row), "same surname, compatible first names")
        for bare in (p for p in block if not p.first):
            for named in full:
                if bare.initial is None:
                    yield bare.row, named.row, "surname alone"
                elif named.first.startswith(bare.initial):
                    yield bare.row, named.row, "initial and surname"
    full_names = [p for p in people if p.first and len(skeleton(p.surname)) >= MIN_SKELETON]
    for block in _blocks(full_names, lambda p: skeleton(p.surname)):
        for a, b in combinations(block, 2):
            if a.surname != b.surname and _first_names_agree(a.first, b.first):
                yield (*_by_quotes(a.row, b.row), "surname spelling, compatible first names")


@dataclass(frozen=True)
class _Organisation:
    row: SpeakerRow
    country: str | None
    words: frozenset[str]


def _countries_agree(a: _Organisation, b: _Organisation) -> bool:
    return a.country is None or b.country is None or a.country == b.country


def _organisation_pairs(rows: list[SpeakerRow]) -> Iterator[tuple[SpeakerRow, SpeakerRow, str]]:
    orgs = []
    for row in rows:
        country, body = organisation_key(row.name, row.affiliation)
        if body:
            orgs.append(_Organisation(row, country, frozenset(body.split())))
    for block in _blocks(orgs, lambda o: " ".join(sorted(o.words))):
        for a, b in combinations(block, 2):
            if _countries_agree(a, b):
                if (a.country is None) != (b.country is None):
                    source, target = (a, b) if a.country is None else (b, a)
                    yield source.row, target.row, "same name, one without country"
                else:
                    yield (*_by_quotes(a.row, b.row), "same name form")
    by_word: dict[str, list[_Organisation]] = defaultdict(list)
    for org in orgs:
        for word in org.words:
            by_word[word].append(org)
    for short in orgs:
        rarest = min(short.words, key=lambda w: (len(by_word[w]), w))
        longer = [o for o in by_word[rarest] if short.words < o.words and _countries_agree(short, o)]
        if len(longer) <= MAX_CONTAINING:
            for other in longer:
                yield short.row, other.row, "name contained in the other"


# --- output ---------------------------------------------------------------------------------


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _describe(s: Suggestion) -> str:
    """The comment above a suggested line: who, how often quoted, why."""
    choice = f"; one of {s.candidates} candidates, keep at most one" if s.candidates > 1 else ""
    return (f"{s.source.name} ({_count(s.source.quote_count, 'quote')}) -> {s.target.name} "
            f"({_count(s.target.quote_count, 'quote')}), "
            f"{_count(s.shared_articles, 'shared article')}: {s.reason}{choice}")


def format_text(suggestions: list[Suggestion]) -> str:
    """One line per suggestion, for reading."""
    if not suggestions:
        return "No likely duplicate speakers."
    lines = [f"{'quotes':>6}  {'shared':>6}  merge -> into: why"]
    for s in suggestions:
        choice = f"; one of {s.candidates}" if s.candidates > 1 else ""
        lines.append(
            f"{s.quotes:>6}  {s.shared_articles:>6}  {s.source.id} \"{s.source.name}\" "
            f"({s.source.quote_count}) -> {s.target.id} \"{s.target.name}\" "
            f"({s.target.quote_count}): {s.reason}{choice}")
    return "\n".join(lines)


def format_csv(suggestions: list[Suggestion]) -> str:
    """A corrections file in CSV: one commented ``merge`` line per suggestion.

    Lines of a speaker with one candidate are active (delete the wrong ones); a speaker with
    several candidates has them all commented out (uncomment at most one).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for s in suggestions:
        out.write(f"# {_describe(s)}\n")
        if s.candidates > 1:
            out.write("# ")
        writer.writerow(["merge", s.source.id, s.target.id])
    return out.getvalue().rstrip("\n")


def format_yaml(suggestions: list[Suggestion]) -> str:
    """A corrections file in YAML, with the same active and commented entries as CSV."""
    parts = []
    for s in suggestions:
        entry = yaml.safe_dump({s.source.id: {"merge": s.target.id}}, allow_unicode=True,
                               sort_keys=False).rstrip("\n")
        if s.candidates > 1:
            entry = "\n".join(f"# {line}" for line in entry.splitlines())
        parts.append(f"# {_describe(s)}\n{entry}")
    return "\n".join(parts) if parts else "# No likely duplicate speakers."


FORMATS = {"text": format_text, "csv": format_csv, "yaml": format_yaml}


def format_speakers(speakers: list[SpeakerRow], output_format: str) -> str:
    """The speakers themselves: a table (``text``), CSV rows or a YAML list."""
    columns = ["id", "name", "kind", "affiliation", "quote_count", "article_count"]
    rows = [[getattr(s, c) for c in columns] for s in speakers]
    if output_format == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([columns, *rows])
        return out.getvalue().rstrip("\n")
    if output_format == "yaml":
        return yaml.safe_dump([dict(zip(columns, r)) for r in rows], allow_unicode=True,
                              sort_keys=False).rstrip("\n")
    width = max((len(s.id) for s in speakers), default=2)
    lines = [f"{'quotes':>6}  {'articles':>8}  {'id':<{width}}  name"]
    lines += [f"{s.quote_count:>6}  {s.article_count:>8}  {s.id:<{width}}  {s.name}"
              for s in speakers]
    return "\n".join(lines)
