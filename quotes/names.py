"""Names of people and organisations, normalised for matching: the one module that says when two
names mean the same speaker.

In-article resolution (:mod:`quotes.resolve`), cross-article merging (:mod:`quotes.canonical`),
curation and ``quotes eval`` all ask this module, so that one person is one key everywhere.
Everything here is for *matching*: stored names and offsets stay exactly as articles give them.

- People: :func:`parse_person_name` splits a name with ``nameparser`` (titles, particles such as
  ``al-``/``von der``, suffixes such as ``Jr.``) after stripping the titles of
  :mod:`quotes.lexicon` and :mod:`quotes.name_tables`, and folds romanisation variants (``Sergei``/``Sergey``,
  ``Rudskoi``/``Rudskoy``). Names in any script are transliterated with ``anyascii`` for keys and
  slugs (``Сергей Лавров`` matches ``Sergey Lavrov``; ``Lech Wałęsa`` gets ``lech-walesa``).
- Gender of a first name comes from ``gender-guesser`` (a maintained lexicon of about 40,000
  first names from many countries), not a hand list.
- Organisations: :func:`organisation_key` gives (country, order-free body of words), with
  synonyms and British spellings folded; :func:`acronym` gives the initials of a long name.

Not handled: names written surname-first (``Kim Jong Un`` parses as first name ``Kim``);
nicknames and translations (``Mikhail``/``Michael`` stay apart, on purpose); two different
people with the same full name. The tables this module reads are in :mod:`quotes.name_tables`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from nameparser import HumanName

from . import lexicon, name_tables

# --- folding ------------------------------------------------------------------------------------

_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])$")
#: apostrophe look-alikes folded to ' before names and roles are compared
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
#: punctuation that joins a word (``U.S.``, ``O'Neil``); any other punctuation separates words
_JOINING_PUNCTUATION = re.compile(r"[.']")
_SEPARATORS = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII of ``text``: accents removed, other scripts transliterated."""
    return anyascii(text).lower()


def comparable(text: str) -> str:
    """Lower-case words separated by single spaces (``U.S.`` = ``US``), for comparing names and
    roles as ``quotes eval`` does."""
    text = _JOINING_PUNCTUATION.sub("", fold(text.translate(_APOSTROPHES)))
    return _SEPARATORS.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Words of ``text`` for matching: folded, periods and possessives removed."""
    out = []
    for raw in text.replace(",", " ").split():
        word = _POSSESSIVE_RE.sub("", raw.strip("\"“”()"))
        word = fold(word).replace(".", "").strip("'-")
        if word:
            out.append(word)
    return out


def slugify(name: str) -> str:
    """``Sergey Ryabkov`` -> ``sergey-ryabkov``; any script is transliterated (``Lech Wałęsa`` ->
    ``lech-walesa``, ``Сергей Лавров`` -> ``sergey-lavrov``); ``speaker`` if nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "speaker"


# --- first names and surnames -------------------------------------------------------------------


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
    for group in name_tables.TRANSLITERATION_GROUPS:
        target = form(fold(group[0]))
        for spelling in group:
            table[form(fold(spelling))] = target
    return table


_FIRST_NAMES = _variant_table(_first_name_form)
_SURNAMES = _variant_table(_surname_form)


def first_name_key(word: str) -> str:
    form = _first_name_form(fold(word).replace(".", ""))
    return _FIRST_NAMES.get(form, form)


def same_first_name(a: str, b: str) -> bool:
    """True for two spellings of one first name (Sergey/Sergei, Dmitry/Dmitri, the groups of
    name_tables.TRANSLITERATION_GROUPS); translations such as Mikhail/Michael stay apart."""
    return first_name_key(a) == first_name_key(b)


def compatible_first_names(a: str | None, b: str | None) -> bool:
    """``Donald``/``Donald``, ``Sergei``/``Sergey``, ``D.``/``Donald``; a missing one agrees."""
    if not a or not b:
        return True
    if len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1:
        return fold(a)[0] == fold(b)[0]
    return same_first_name(a, b)


# --- people -------------------------------------------------------------------------------------

TITLE_WORDS = (lexicon.COURTESY_TITLES | lexicon.ROLE_WORDS | name_tables.TITLE_MODIFIERS
               | {w.rstrip(".") for w in lexicon.ROLE_WORDS} | {"of", "the"})


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
    while i < len(words) - 1 and words[i] in TITLE_WORDS:
        i += 1
    return words[:i], words[i:]


@lru_cache(maxsize=65536)
def display_person_name(name: str) -> str:
    """``name`` as written, without leading titles (``Mr. Trump`` -> ``Trump``)."""
    raw = name.split()
    i = 0
    while i < len(raw) - 1 and all(w in TITLE_WORDS for w in tokens(raw[i])):
        i += 1
    return " ".join(raw[i:])


@lru_cache(maxsize=65536)
def parse_person_name(name: str) -> PersonName:
    """Reduce ``Deputy Foreign Minister Sergei A. Ryabkov`` to first=sergey, surname=ryabkov.

    Titles are stripped with the lexicon's title table, then ``nameparser`` splits what is
    left; middle names and initials are dropped, particles (``al-``, ``von der``) stay with the
    surname, suffixes (``Jr.``) go. A lone particle must be written lower-case to count as one
    (``Al Gore`` has a first name).
    """
    titles, _ = _strip_titles(tokens(name))
    shown = display_person_name(name)
    parsed = _human_name(shown)
    last_words = tokens(parsed.last) if parsed.last else []
    first_words = tokens(parsed.first) if parsed.first else []
    if not last_words:  # nameparser put a single word in `first` or `title`
        last_words, first_words = (first_words or tokens(shown))[-1:], []
    if not last_words:
        return PersonName(None, None, tuple(titles))
    last_words = [w for w in last_words if w not in name_tables.NAME_SUFFIXES] or last_words
    end = _surname_form(last_words[-1])
    surname = " ".join(last_words[:-1] + [_SURNAMES.get(end, end)])
    if first_words and first_words[0] in name_tables.SURNAME_PARTICLES and shown[:1].islower():
        return PersonName(None, f"{' '.join(first_words)} {surname}", tuple(titles))
    first = first_words[0] if first_words and len(first_words[0]) > 1 else None  # not an initial
    return PersonName(first_name_key(first) if first else None, surname, tuple(titles))


@dataclass(frozen=True)
class _Split:
    first: str
    last: str


@lru_cache(maxsize=65536)
def _human_name(shown: str) -> HumanName | _Split:
    """nameparser's reading of a name. It costs about 1 ms, so each name is parsed once, and a
    plain one- or two-word name (`Trump`, `Reince Priebus`), the bulk of names in news, is split
    on its space without it."""
    words = shown.split()
    plain = len(words) <= 2 and all(w[:1].isupper() and w.isalpha() for w in words) \
        and not any(w.lower() in name_tables.SURNAME_PARTICLES or w.lower() in name_tables.NAME_SUFFIXES
                    or w.lower() in TITLE_WORDS for w in words)
    if plain:
        return _Split(words[0], words[1]) if len(words) == 2 else _Split("", words[0] if words else "")
    return HumanName(shown)


def load_gender_lexicon() -> None:
    """Load gender-guesser's lexicon now (about a second), e.g. once before worker processes
    fork, so that each worker does not load its own."""
    gender_of_first_name("John")


def same_person_name(a: str, b: str) -> bool:
    """Whether two person names can be one person: the same surname and compatible first names
    (a surname alone agrees with any first name)."""
    pa, pb = parse_person_name(a), parse_person_name(b)
    return bool(pa.surname) and pa.surname == pb.surname and compatible_first_names(pa.first, pb.first)


def first_name(name: str) -> str | None:
    """The first name as written (``Hillary`` of ``Mrs. Hillary Clinton``), or None."""
    parsed = _human_name(display_person_name(name))
    return parsed.first if parsed.first and parsed.last else None


_GENDER_DETECTOR = None
_GENDERS = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}


@lru_cache(maxsize=65536)
def gender_of_first_name(first: str | None) -> str | None:
    """``m``, ``f`` or None (unknown or androgynous), from gender-guesser's lexicon."""
    global _GENDER_DETECTOR
    if not first or len(first.rstrip(".")) < 2:
        return None
    if _GENDER_DETECTOR is None:
        import gender_guesser.detector

        _GENDER_DETECTOR = gender_guesser.detector.Detector(case_sensitive=False)
    name = anyascii(first.split("-")[0])
    gender = _GENDERS.get(_GENDER_DETECTOR.get_gender(name))
    # The lexicon's world-wide answer can differ from its US one (`Bernie` is mostly female
    # world-wide, mostly male in the US): where they disagree, the name says nothing.
    in_usa = _GENDERS.get(_GENDER_DETECTOR.get_gender(name, "usa"))
    return gender if in_usa in (None, gender) else None


@lru_cache(maxsize=65536)
def gender_of_name(name: str) -> str | None:
    """A person's gender from the honorific before the name, else from the first name."""
    for word in name.split()[:3]:
        gender = lexicon.HONORIFIC_GENDER.get(word.lower())
        if gender:
            return gender
    return gender_of_first_name(first_name(name))


# --- countries and roles ------------------------------------------------------------------------


def _phrase_table(groups: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Map each spelling's token tuple to the group's first entry."""
    return {tuple(tokens(s)): group[0] for group in groups for s in group}


_COUNTRY_PHRASES = _phrase_table(name_tables.COUNTRIES)
_LONGEST_COUNTRY = max(len(p) for p in _COUNTRY_PHRASES)


def take_countries(words: list[str]) -> tuple[list[str], list[str]]:
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
    rest, found = take_countries(tokens(text))
    return found[0] if len(found) == 1 and not rest else None


def content_words(words: Iterable[str]) -> list[str]:
    """Words with British spellings folded and function words dropped."""
    out = []
    for word in words:
        word = name_tables.SPELLING_VARIANTS.get(word, word)
        if word not in name_tables.FUNCTION_WORDS:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def role_words(role: str | None) -> frozenset[str]:
    """The words of a role that identify it, without countries (``Russian Foreign Minister``
    and ``Foreign Minister`` give the same set)."""
    rest, _ = take_countries(tokens(role or ""))
    return frozenset(content_words(rest))


# --- organisations ------------------------------------------------------------------------------


def _body(words: Iterable[str]) -> str:
    """An organisation's words as an order-free key (``ministry of defense`` = ``defense ministry``)."""
    return " ".join(sorted(content_words(words)))


_ORG_SYNONYMS = {
    _body(tokens(s)): _body(tokens(group[0]))
    for group in name_tables.ORGANISATION_SYNONYMS
    for s in group
}
_ORG_HOME = {_body(tokens(k)): v for k, v in name_tables.ORGANISATION_HOME_COUNTRY.items()}


@lru_cache(maxsize=65536)
def organisation_key(name: str, affiliation: str | None = None) -> tuple[str | None, str]:
    """(country or None, body) of an organisation name.

    The country comes from the name (``Russia's``, ``Russian``), else from a body that implies
    one (``Pentagon``), else from ``affiliation`` when that is a country.
    """
    rest, found = take_countries(tokens(re.sub(r"^[Tt]he\s+", "", name)))
    rest = _outfit(rest)
    raw_body = _body(rest)
    body = _ORG_SYNONYMS.get(raw_body, raw_body)
    country = found[0] if found else _ORG_HOME.get(raw_body) or country_of(affiliation)
    return country, body


def _outfit(words: list[str]) -> list[str]:
    """`donald trump s campaign`, `trump team` -> `trump campaign`: a person's campaign under
    one key, named by the surname (the first name is dropped only when it is one)."""
    if len(words) < 2 or words[-1] not in lexicon.CAMPAIGN_WORDS:
        return words
    person = [w for w in words[:-1] if w != "s"]
    if len(person) == 2 and not is_first_name(person[0]):
        return words
    if len(person) not in (1, 2):
        return words
    return [person[-1], "campaign"]


def is_first_name(word: str) -> bool:
    """Whether gender-guesser's lexicon knows ``word`` as a first name."""
    gender_of_first_name("John")  # loads the lexicon
    return _GENDER_DETECTOR.get_gender(anyascii(word).capitalize()) != "unknown"


_ACRONYM_SKIPS = name_tables.FUNCTION_WORDS | {"to", "a", "an", "at", "by"}


@lru_cache(maxsize=65536)
def acronym(name: str) -> str | None:
    """The initials of a name of three or more words (``International Monetary Fund`` -> ``imf``,
    ``Alliance to Reclaim Our Schools`` -> ``aros``), function words left out unless they are
    capitalised, and a lower-case word before the name too (``federal Securities and Exchange
    Commission`` -> ``sec``); None for shorter names."""
    words = [w for w in re.findall(r"[\w’']+", re.sub(r"^[Tt]he\s+", "", name))]
    while words and not words[0][:1].isupper():
        words.pop(0)
    words = [w for w in words if w[:1].isupper() or w.lower() not in _ACRONYM_SKIPS]
    if len(words) < 3:
        return None
    return "".join(fold(w)[0] for w in words)


def as_acronym(name: str) -> str | None:
    """``IMF``, ``S.E.C.``, ``the IMF``: the letters of a name written as an acronym, else None."""
    bare = re.sub(r"^[Tt]he\s+", "", name.strip())
    letters = bare.replace(".", "")
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper():
        return letters.lower()
    return None
