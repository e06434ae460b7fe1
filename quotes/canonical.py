"""Speaker canonicalisation: one speaker per real speaker across articles.

Extraction resolves speakers *within* one article (``Speaker``); this module merges those
per-article speakers across the whole database. It is pure: a list of :class:`ArticleSpeaker`
in, a :class:`Canonicalisation` out, no sqlite and no spaCy. :mod:`quotes.store` reads the rows,
calls :func:`canonicalise` and writes the result.

Matching keys (normalised for matching, never for storage):

* people: first name + surname, with courtesy and office titles, middle names and initials
  dropped and romanisation variants folded (``Sergei``/``Sergey``, ``Rudskoi``/``Rudskoy``;
  tables in :mod:`quotes.names`). A surname alone joins a full name only when exactly one
  full-name speaker in the database has that surname *and* the surname-only speaker carries the
  same role words (from its role or the title before the name); otherwise it stays its own row.
* organisations: country (from the name, ``Russia's``/``Russian``, else the affiliation) plus the
  bag of remaining words (``Ministry of Defense`` = ``Defense Ministry``). An organisation with no
  country joins the one country-qualified body of that name, or, when several exist, the one
  whose country the same article's other speakers are affiliated with.

Not handled: two different people with the same full name (they merge); nicknames and
translations (``Mikhail``/``Michael`` stay apart, on purpose); names written surname-first;
first-name-only mentions; abbreviations beyond the few in the synonym table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from quotes import names

PERSON = "person"
ORGANIZATION = "organization"


@dataclass(frozen=True)
class ArticleSpeaker:
    """A speaker as one article names it (a row of ``article_speakers``)."""

    article_id: str
    key: str
    name: str
    kind: str
    role: str | None = None
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class CanonicalSpeaker:
    """One real speaker across the database (a row of ``speakers``, without the counts)."""

    id: str
    name: str
    kind: str
    role: str | None
    affiliation: str | None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Canonicalisation:
    """The merged speakers (sorted by id) and the speaker id of each (article_id, key)."""

    speakers: list[CanonicalSpeaker]
    speaker_ids: dict[tuple[str, str], str]


# --- token normalisation -------------------------------------------------------------------

_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])$")


def _fold(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens of ``text`` (accents removed)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.lower()


def _tokens(text: str) -> list[str]:
    """Words of ``text`` for matching: folded, periods and possessives removed."""
    out = []
    for raw in text.replace(",", " ").split():
        word = _POSSESSIVE_RE.sub("", raw.strip("\"“”()"))
        word = _fold(word).replace(".", "").strip("'-")
        if word:
            out.append(word)
    return out


def _first_name_form(word: str) -> str:
    """Fold the -i/-y/-iy/-ii endings of romanised first names (Sergei -> sergey)."""
    for ending in ("iy", "ii", "yy"):
        if word.endswith(ending):
            return word[: -len(ending)] + "y"
    if word.endswith("i") and len(word) >= 3:
        return word[:-1] + "y"
    return word


def _surname_form(word: str) -> str:
    """Fold surname endings after a vowel or doubled (Rudskoi -> rudskoy, Zelenskyy -> ...sky)
    and an Arabic article (al-Assad -> assad)."""
    word = re.sub(r"^(?:al|el)-", "", word)
    for ending in ("iy", "ii", "yy"):
        if word.endswith(ending):
            return word[: -len(ending)] + "y"
    if len(word) >= 3 and word.endswith("i") and word[-2] in "aeou":
        return word[:-1] + "y"
    return word


def _variant_table(form) -> dict[str, str]:
    """Map every spelling in TRANSLITERATION_GROUPS (after ``form``) to its group's first."""
    table = {}
    for group in names.TRANSLITERATION_GROUPS:
        target = form(_fold(group[0]))
        for spelling in group:
            table[form(_fold(spelling))] = target
    return table


_FIRST_NAMES = _variant_table(_first_name_form)


def same_first_name(a: str, b: str) -> bool:
    """True for two spellings of one first name (Sergey/Sergei, Dmitry/Dmitri, the groups of
    names.TRANSLITERATION_GROUPS); translations such as Mikhail/Michael stay apart."""
    forms = []
    for word in (a, b):
        form = _first_name_form(_fold(word).replace(".", ""))
        forms.append(_FIRST_NAMES.get(form, form))
    return forms[0] == forms[1]
_SURNAMES = _variant_table(_surname_form)
_TITLE_WORDS = names.COURTESY_TITLES | names.OFFICE_TITLES | {"of", "the"}


def _phrase_table(groups: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Map each spelling's token tuple to the group's first entry."""
    return {tuple(_tokens(s)): group[0] for group in groups for s in group}


_COUNTRY_PHRASES = _phrase_table(names.COUNTRIES)
_LONGEST_COUNTRY = max(len(p) for p in _COUNTRY_PHRASES)


def _take_countries(words: list[str]) -> tuple[list[str], list[str]]:
    """Split ``words`` into (words that are not country names, countries found in order)."""
    rest, found, i = [], [], 0
    while i < len(words):
        for size in range(min(_LONGEST_COUNTRY, len(words) - i), 0, -1):
            country = _COUNTRY_PHRASES.get(tuple(words[i : i + size]))
            if country:
                found.append(country)
                i += size
                break
        else:
            rest.append(words[i])
            i += 1
    return rest, found


@lru_cache(maxsize=65536)
def country_of(text: str | None) -> str | None:
    """The country ``text`` names as a whole (``U.S.`` -> ``United States``), else None."""
    if not text:
        return None
    rest, found = _take_countries(_tokens(text))
    return found[0] if len(found) == 1 and not rest else None


def _content_words(words: Iterable[str]) -> list[str]:
    """Words with British spellings folded and function words dropped."""
    out = []
    for word in words:
        word = names.SPELLING_VARIANTS.get(word, word)
        if word not in names.FUNCTION_WORDS:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def role_words(role: str | None) -> frozenset[str]:
    """The words of a role that identify it, without countries (``Russian Foreign Minister``
    and ``Foreign Minister`` give the same set)."""
    rest, _ = _take_countries(_tokens(role or ""))
    return frozenset(_content_words(rest))


# --- people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    """A person's name reduced for matching: ``first`` is None for a surname alone."""

    first: str | None
    surname: str | None
    titles: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.first} {self.surname}" if self.first else (self.surname or "")


def _strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading titles off ``words`` (never all of them): (titles, the rest)."""
    i = 0
    while i < len(words) - 1 and words[i] in _TITLE_WORDS:
        i += 1
    return words[:i], words[i:]


def _particles_only(words: list[str], written: str) -> bool:
    """Whether ``words`` before the surname are particles only (``von der``, ``de``), not a
    first name that looks like one (``Al Gore``): a lone particle must be written lower-case."""
    if not all(w in names.SURNAME_PARTICLES for w in words):
        return False
    return len(words) >= 2 or written[:1].islower()


@lru_cache(maxsize=65536)
def parse_person_name(name: str) -> PersonName:
    """Reduce ``Deputy Foreign Minister Sergei A. Ryabkov`` to first=sergey, surname=ryabkov.

    Middle names and initials are dropped; surname particles (``al-``, ``von der``) stay with
    the surname. A name written surname-first is not recognised.
    """
    titles, words = _strip_titles(_tokens(name))
    words = [w for w in words if w not in names.NAME_SUFFIXES] or words
    words = [w for w in words if len(w) > 1] or words
    if not words:
        return PersonName(None, None, tuple(titles))
    start = len(words) - 1
    while start > 1 and words[start - 1] in names.SURNAME_PARTICLES:
        start -= 1
    last = _surname_form(words[-1])
    surname = " ".join(words[start:-1] + [_SURNAMES.get(last, last)])
    if start == 0 or _particles_only(words[:-1], display_person_name(name)):
        return PersonName(None, " ".join(words[:start] + [surname]), tuple(titles))
    first = _first_name_form(words[0])
    return PersonName(_FIRST_NAMES.get(first, first), surname, tuple(titles))


@lru_cache(maxsize=65536)
def display_person_name(name: str) -> str:
    """``name`` as written, without leading titles (``Mr. Trump`` -> ``Trump``)."""
    raw = name.split()
    i = 0
    while i < len(raw) - 1 and all(w in _TITLE_WORDS for w in _tokens(raw[i])):
        i += 1
    return " ".join(raw[i:])


# --- organisations --------------------------------------------------------------------------


def _body(words: Iterable[str]) -> str:
    """An organisation's words as an order-free key (``ministry of defense`` = ``defense ministry``)."""
    return " ".join(sorted(_content_words(words)))


_ORG_SYNONYMS = {
    _body(_tokens(s)): _body(_tokens(group[0]))
    for group in names.ORGANISATION_SYNONYMS
    for s in group
}
_ORG_HOME = {_body(_tokens(k)): v for k, v in names.ORGANISATION_HOME_COUNTRY.items()}


@lru_cache(maxsize=65536)
def organisation_key(name: str, affiliation: str | None = None) -> tuple[str | None, str]:
    """(country or None, body) of an organisation name.

    The country comes from the name (``Russia's``, ``Russian``), else from a body that implies
    one (``Pentagon``), else from ``affiliation`` when that is a country.
    """
    rest, found = _take_countries(_tokens(name))
    raw_body = _body(rest)
    body = _ORG_SYNONYMS.get(raw_body, raw_body)
    country = found[0] if found else _ORG_HOME.get(raw_body) or country_of(affiliation)
    return country, body


# --- grouping -------------------------------------------------------------------------------


@dataclass
class _Index:
    """What grouping needs to know about the whole database."""

    full_by_surname: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roles_by_person: dict[str, set[frozenset[str]]] = field(default_factory=lambda: defaultdict(set))
    countries_by_person: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries_by_body: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries_by_article: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _person_roles(speaker: ArticleSpeaker, parsed: PersonName) -> frozenset[str]:
    """Role words from the role, else from the office titles written before the name."""
    words = role_words(speaker.role)
    if not words:
        words = role_words(" ".join(t for t in parsed.titles if t in names.OFFICE_TITLES))
    return words


def _build_index(items: list[ArticleSpeaker]) -> _Index:
    index = _Index()
    for s in items:
        if s.kind == ORGANIZATION:
            country, body = organisation_key(s.name, s.affiliation)
            if country:
                index.countries_by_body[body].add(country)
                index.countries_by_article[s.article_id].add(country)
            continue
        country = country_of(s.affiliation)
        if country:
            index.countries_by_article[s.article_id].add(country)
        parsed = parse_person_name(s.name)
        if parsed.first:
            index.full_by_surname[parsed.surname].add(parsed.key)
            index.roles_by_person[parsed.key].add(_person_roles(s, parsed))
            if country:
                index.countries_by_person[parsed.key].add(country)
    return index


def _person_group(s: ArticleSpeaker, index: _Index) -> str:
    parsed = parse_person_name(s.name)
    if not parsed.surname:
        return f"{s.kind}:?{s.article_id}:{s.key}"
    if parsed.first or s.kind != PERSON:
        return f"{s.kind}:{parsed.key}"
    candidates = index.full_by_surname.get(parsed.surname, set())
    if len(candidates) == 1:
        (full,) = candidates
        roles = _person_roles(s, parsed)
        country = country_of(s.affiliation)
        known_countries = index.countries_by_person.get(full, set())
        same_country = not country or not known_countries or country in known_countries
        if roles and roles in index.roles_by_person[full] and same_country:
            return f"{PERSON}:{full}"
    return f"{PERSON}:{parsed.key}"


def _organisation_group(s: ArticleSpeaker, index: _Index) -> str:
    country, body = organisation_key(s.name, s.affiliation)
    if not country:
        candidates = index.countries_by_body.get(body, set())
        if len(candidates) > 1:
            candidates = candidates & index.countries_by_article.get(s.article_id, set())
        if len(candidates) == 1:
            (country,) = candidates
    return f"{ORGANIZATION}:{country or ''}|{body}"


# --- describing a group ---------------------------------------------------------------------


def _most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value; ties go to the alphabetically first."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _display_name(kind: str, members: list[ArticleSpeaker]) -> str:
    """Most frequent full form, then longest, then alphabetical.

    For people a full form has a first name; for organisations it names the country, and the
    adjective form (``Russian Defense Ministry``) goes before the possessive (``Russia's``).
    """
    if kind == ORGANIZATION:
        forms = Counter(re.sub(r"^[Tt]he\s+", "", m.name.strip()) for m in members)

        def rank(form: str) -> tuple:
            full = bool(_take_countries(_tokens(form))[1])
            possessive = any(_POSSESSIVE_RE.search(w) for w in form.split())
            return (not full, possessive, -forms[form], -len(form), form)

    else:
        forms = Counter(display_person_name(m.name) for m in members)

        def rank(form: str) -> tuple:
            full = parse_person_name(form).first is not None
            return (not full, -forms[form], -len(form), form)

    return min(forms, key=rank)


def slugify(name: str) -> str:
    """``Sergey Ryabkov`` -> ``sergey-ryabkov`` (ASCII, lower case); ``speaker`` if empty."""
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-") or "speaker"


def _assign_ids(display: dict[str, str]) -> dict[str, str]:
    """Group key -> speaker id: the slug, with -2, -3... for collisions in group-key order."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for group, name in display.items():
        by_slug[slugify(name)].append(group)
    taken = set(by_slug)
    ids = {}
    for slug in sorted(by_slug):
        first, *others = sorted(by_slug[slug])
        ids[first] = slug
        suffix = 2
        for group in others:
            while f"{slug}-{suffix}" in taken:
                suffix += 1
            ids[group] = f"{slug}-{suffix}"
            taken.add(ids[group])
    return ids


def canonicalise(speakers: Iterable[ArticleSpeaker]) -> Canonicalisation:
    """Merge per-article speakers into database-wide speakers.

    Deterministic: the result depends only on the set of inputs, not on their order.
    """
    items = sorted(speakers, key=lambda s: (s.article_id, s.key))
    index = _build_index(items)
    groups: dict[str, list[ArticleSpeaker]] = defaultdict(list)
    for s in items:
        group = _organisation_group(s, index) if s.kind == ORGANIZATION else _person_group(s, index)
        groups[group].append(s)
    display = {g: _display_name(members[0].kind, members) for g, members in groups.items()}
    ids = _assign_ids(display)
    canonical = [
        CanonicalSpeaker(
            id=ids[g],
            name=display[g],
            kind=members[0].kind,
            role=_most_common(m.role for m in members),
            affiliation=_most_common(m.affiliation for m in members),
            aliases=sorted({n for m in members for n in (m.name, *m.aliases) if n}),
        )
        for g, members in groups.items()
    ]
    speaker_ids = {(m.article_id, m.key): ids[g] for g, members in groups.items() for m in members}
    return Canonicalisation(sorted(canonical, key=lambda c: c.id), speaker_ids)
