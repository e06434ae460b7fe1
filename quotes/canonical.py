"""Speaker canonicalisation: one speaker per real speaker across articles.

Extraction resolves speakers *within* one article (``Speaker``); this module merges those
per-article speakers across the whole database. It is pure: a list of :class:`ArticleSpeaker`
in, a :class:`Canonicalisation` out, no sqlite and no spaCy. :mod:`quotes.store` reads the rows,
calls :func:`canonicalise` and writes the result.

Matching keys come from :mod:`quotes.names` (normalised for matching, never for storage):

* people: first name + surname, with courtesy and office titles, middle names and initials
  dropped and romanisation variants folded (``Sergei``/``Sergey``, ``Rudskoi``/``Rudskoy``;
  tables in :mod:`quotes.names`). A surname alone (``Trump``, even tagged as an organisation)
  joins a full name when one full-name speaker in the database has that surname, or one is
  quoted in at least twice as many articles as the others together, and their roles and
  countries (and honorifics: ``Mrs Trump``) do not disagree; a person whose role is kinship (``his daughter``) is never taken
  for a bare surname. A one-word "person" that is an organisation elsewhere is that
  organisation.
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
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import lexicon
from .names import (  # noqa: F401  (same_first_name, slugify: part of this module's interface)
    PersonName, acronym, as_acronym, country_of, display_person_name, gender_of_name,
    organisation_key, parse_person_name, role_words,
    same_first_name, slugify, take_countries, tokens,
)

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


# --- grouping -------------------------------------------------------------------------------


@dataclass
class _Index:
    """What grouping needs to know about the whole database."""

    full_by_surname: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roles_by_person: dict[str, set[frozenset[str]]] = field(default_factory=lambda: defaultdict(set))
    countries_by_person: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries_by_body: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries_by_article: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    articles_by_person: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    gender_by_person: dict[str, str] = field(default_factory=dict)
    relatives: set[str] = field(default_factory=set)  #: people whose role is kinship (`daughter`)
    bodies: set[str] = field(default_factory=set)  #: organisation bodies, countries left out
    articles_by_body: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: a speaker of each multi-word body, and the body's short forms (acronym, first and last word)
    example_by_body: dict[str, ArticleSpeaker] = field(default_factory=dict)
    bodies_by_short_form: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _person_roles(speaker: ArticleSpeaker, parsed: PersonName) -> frozenset[str]:
    """Role words from the role, else from the office titles written before the name."""
    words = role_words(speaker.role)
    if not words:
        words = role_words(" ".join(t for t in parsed.titles if t not in lexicon.COURTESY_TITLES))
    return words


def _build_index(items: list[ArticleSpeaker]) -> _Index:
    index = _Index()
    for s in items:
        if s.kind == ORGANIZATION:
            country, body = organisation_key(s.name, s.affiliation)
            index.bodies.add(body)
            index.articles_by_body[body].add(s.article_id)
            words = tokens(re.sub(r"^[Tt]he\s+", "", s.name))
            if len(words) > 1:
                index.example_by_body.setdefault(body, s)
                for short in {acronym(s.name), words[0], words[-1]} - {None}:
                    index.bodies_by_short_form[short].add(body)
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
            index.articles_by_person[parsed.key].add(s.article_id)
            gender = gender_of_name(s.name)
            if gender and parsed.key not in index.gender_by_person:
                index.gender_by_person[parsed.key] = gender
            if s.role and set(tokens(s.role)) & lexicon.FAMILY_WORDS:
                index.relatives.add(parsed.key)
            if country:
                index.countries_by_person[parsed.key].add(country)
    return index


def _person_group(s: ArticleSpeaker, index: _Index) -> str:
    parsed = parse_person_name(s.name)
    if not parsed.surname:
        return f"{s.kind}:?{s.article_id}:{s.key}"
    if parsed.first:
        return f"{s.kind}:{parsed.key}"
    full = _full_name_for(s, parsed, index)
    if full is not None:
        return f"{PERSON}:{full}"
    if s.kind == PERSON and organisation_key(s.name)[1] in index.bodies \
            and parsed.surname not in index.full_by_surname:
        return _organisation_group(s, index)  # `PolitiFact`, tagged once as a person
    return f"{s.kind}:{parsed.key}"


def _full_name_for(s: ArticleSpeaker, parsed: PersonName, index: _Index) -> str | None:
    """The full-name person a surname-only speaker is (`Trump`, perhaps tagged as an
    organisation): the one person of the database with that surname, or the one quoted in at
    least twice as many articles as all the others together, unless the roles or countries
    disagree. A relative (`Ivanka Trump, his daughter`) is never taken for the bare surname."""
    if s.kind == ORGANIZATION and (len(tokens(s.name)) != 1 or not s.name[:1].isupper()
                                   or s.name.isupper()):
        return None
    full = _dominant(index.full_by_surname.get(parsed.surname, set()) - index.relatives,
                     index.articles_by_person)
    if full is None:
        return None
    roles = _person_roles(s, parsed)
    known_roles = {word for words in index.roles_by_person[full] for word in words}
    if roles and known_roles and not roles & known_roles:
        return None
    country = country_of(s.affiliation)
    known_countries = index.countries_by_person.get(full, set())
    if country and known_countries and country not in known_countries:
        return None
    gender, known_gender = gender_of_name(s.name), index.gender_by_person.get(full)
    if gender and known_gender and gender != known_gender:
        return None  # `Mrs Trump` is not Donald Trump
    return full


def _organisation_group(s: ArticleSpeaker, index: _Index) -> str:
    if s.kind == ORGANIZATION:
        parsed = parse_person_name(s.name)
        full = _full_name_for(s, parsed, index) if parsed.surname and not parsed.first else None
        if full is not None:
            return f"{PERSON}:{full}"
    long_form = _long_form(s, index)
    if long_form is not None:
        return _organisation_group(long_form, index)
    country, body = organisation_key(s.name, s.affiliation)
    if not country:
        candidates = index.countries_by_body.get(body, set())
        if len(candidates) > 1:
            candidates = candidates & index.countries_by_article.get(s.article_id, set())
        if len(candidates) == 1:
            (country,) = candidates
    return f"{ORGANIZATION}:{country or ''}|{body}"


def _long_form(s: ArticleSpeaker, index: _Index) -> ArticleSpeaker | None:
    """The multi-word body a short form stands for (`S.E.C.`, `Peabody`, `Times`): the one body
    with that acronym, first or last word, or the one quoted in at least twice as many articles
    as the others together. Generic words (`House`, `Court`) stand for no body in particular."""
    words = tokens(re.sub(r"^[Tt]he\s+", "", s.name))
    short = as_acronym(s.name) or (words[0] if len(words) == 1 and words[0] not in lexicon.ORG_HEADS else None)
    if short is None or take_countries(words)[1]:  # `Russia` is not `Russia's Foreign Ministry`
        return None
    own = organisation_key(s.name, s.affiliation)[1]
    top = _dominant(index.bodies_by_short_form.get(short, set()) - {own}, index.articles_by_body)
    return index.example_by_body[top] if top is not None else None


def _dominant(candidates: set[str], articles: dict[str, set[str]]) -> str | None:
    """The one of ``candidates``, or the one quoted in at least twice as many articles as all
    the others together; None when there is none or no such one."""
    ranked = sorted(candidates, key=lambda k: (-len(articles[k]), k))
    if not ranked:
        return None
    top, *others = ranked
    return top if len(articles[top]) >= 2 * sum(len(articles[k]) for k in others) else None


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
            full = bool(take_countries(tokens(form))[1])
            possessive = any(re.search(r"(?:['’]s|s['’])$", w) for w in form.split())
            return (not full, possessive, -forms[form], -len(form), form)

    else:
        forms = Counter(display_person_name(m.name) for m in members)

        def rank(form: str) -> tuple:
            full = parse_person_name(form).first is not None
            return (not full, -forms[form], -len(form), form)

    return min(forms, key=rank)


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
        group = _person_group(s, index) if s.kind == PERSON else _organisation_group(s, index)
        groups[group].append(s)
    kinds = {g: g.split(":", 1)[0] for g in groups}  # a group's kind, whatever a member was tagged
    display = {g: _display_name(kinds[g], members) for g, members in groups.items()}
    ids = _assign_ids(display)
    canonical = [
        CanonicalSpeaker(
            id=ids[g],
            name=display[g],
            kind=kinds[g],
            role=_most_common(m.role for m in members),
            affiliation=_most_common(m.affiliation for m in members),
            aliases=sorted({n for m in members for n in (m.name, *m.aliases) if n}),
        )
        for g, members in groups.items()
    ]
    speaker_ids = {(m.article_id, m.key): ids[g] for g, members in groups.items() for m in members}
    return Canonicalisation(sorted(canonical, key=lambda c: c.id), speaker_ids)
