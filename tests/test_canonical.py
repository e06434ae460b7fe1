"""Tests for quotes.canonical: merging per-article speakers into database-wide speakers."""

from __future__ import annotations

import pytest

from quotes.canonical import (
    ArticleSpeaker,
    Canonicalisation,
    canonicalise,
    organisation_key,
    parse_person_name,
    slugify,
)


def person(article: str, name: str, role: str | None = None, affiliation: str | None = None,
           aliases: tuple[str, ...] = (), key: str | None = None) -> ArticleSpeaker:
    return ArticleSpeaker(article, key or name, name, "person", role, affiliation, aliases)


def org(article: str, name: str, affiliation: str | None = None,
        key: str | None = None) -> ArticleSpeaker:
    return ArticleSpeaker(article, key or name, name, "organization", None, affiliation)


def id_of(result: Canonicalisation, article: str, key: str) -> str:
    return result.speaker_ids[(article, key)]


def speaker(result: Canonicalisation, speaker_id: str):
    (found,) = [s for s in result.speakers if s.id == speaker_id]
    return found


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Dmitry Peskov", "Dmitri Peskov"),
        ("Yuri Ushakov", "Yury Ushakov"),
        ("Andrey Rudenko", "Andrei Rudenko"),
        ("Alexey Navalny", "Alexei Navalny"),
        ("Alexey Navalny", "Aleksei Navalny"),
        ("Sergey Rudskoy", "Sergei Rudskoi"),
        ("Donald Trump", "Donald J. Trump"),
        ("Sergey Ryabkov", "Deputy Foreign Minister Sergei A. Ryabkov"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ],
)
def test_spelling_variants_have_one_key(a: str, b: str) -> None:
    assert parse_person_name(a).key == parse_person_name(b).key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mikhail Ulyanov", "Michael Ulyanov"),
        ("John Smith", "Jane Smith"),
        ("Al Gore", "Gore"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert parse_person_name(a).key != parse_person_name(b).key


def test_sergey_and_sergei_lavrov_merge_under_the_more_frequent_spelling() -> None:
    result = canonicalise([
        person("a1", "Sergei Lavrov", "Foreign Minister"),
        person("a2", "Sergey Lavrov", "Foreign Minister"),
        person("a3", "Sergey Lavrov", "Russian Foreign Minister"),
    ])
    assert {id_of(result, a, k) for a, k in result.speaker_ids} == {"sergey-lavrov"}
    lavrov = speaker(result, "sergey-lavrov")
    assert lavrov.name == "Sergey Lavrov"
    assert lavrov.role == "Foreign Minister"
    assert lavrov.aliases == ["Sergei Lavrov", "Sergey Lavrov"]


def test_display_name_follows_frequency_not_the_alphabet() -> None:
    result = canonicalise([
        person("a1", "Sergei Lavrov"), person("a2", "Sergei Lavrov"), person("a3", "Sergey Lavrov"),
    ])
    assert [(s.id, s.name) for s in result.speakers] == [("sergei-lavrov", "Sergei Lavrov")]


def test_dmitry_and_dmitri_peskov_merge() -> None:
    result = canonicalise([
        person("a1", "Dmitry Peskov", "Kremlin spokesman", "Kremlin"),
        person("a2", "Dmitri Peskov", "Kremlin spokesman", "Kremlin"),
    ])
    assert len(result.speakers) == 1
    assert result.speakers[0].affiliation == "Kremlin"


def test_mikhail_and_michael_stay_apart() -> None:
    result = canonicalise([person("a1", "Mikhail Ulyanov"), person("a2", "Michael Ulyanov")])
    assert len(result.speakers) == 2


def test_honorifics_and_middle_initials_merge_trump() -> None:
    result = canonicalise([
        person("a1", "Donald J. Trump", "President", "United States", ("Mr. Trump",)),
        person("a2", "Donald Trump", "President", "United States"),
        person("a3", "Mr. Trump", "President"),
        person("a4", "President Trump"),
        person("a5", "Donald Trump"),
    ])
    ids = {id_of(result, a, k) for a, k in result.speaker_ids}
    assert ids == {"donald-trump"}
    trump = speaker(result, "donald-trump")
    assert trump.name == "Donald Trump"  # the most frequent full form
    assert trump.aliases == ["Donald J. Trump", "Donald Trump", "Mr. Trump", "President Trump"]


def test_tie_on_frequency_goes_to_the_longest_form() -> None:
    result = canonicalise([person("a1", "Donald J. Trump"), person("a2", "Donald Trump"),
                           person("a3", "Donald J. Trump")])
    assert result.speakers[0].name == "Donald J. Trump"
    tie = canonicalise([person("a1", "Donald J. Trump"), person("a2", "Donald Trump")])
    assert tie.speakers[0].name == "Donald J. Trump"


def test_bare_surname_joins_the_one_full_name() -> None:
    result = canonicalise([person("a1", "Donald Trump", "President"), person("a2", "Mr. Trump")])
    assert [(s.id, s.name) for s in result.speakers] == [("donald-trump", "Donald Trump")]


def test_bare_surname_tagged_as_organisation_joins_the_person() -> None:
    result = canonicalise([person("a1", "Reince Priebus", "chairman"), org("a2", "Priebus")])
    assert [(s.id, s.kind) for s in result.speakers] == [("reince-priebus", "person")]


def test_bare_surname_joins_the_dominant_full_name_only() -> None:
    clintons = [person(f"h{i}", "Hillary Clinton") for i in range(4)] + [person("b1", "Bill Clinton")]
    result = canonicalise([*clintons, person("x", "Clinton")])
    assert id_of(result, "x", "Clinton") == "hillary-clinton"
    even = canonicalise([person("j", "John Smith"), person("k", "Jane Smith"), person("x", "Smith")])
    assert id_of(even, "x", "Smith") == "smith"


def test_bare_surname_with_another_role_stays_apart() -> None:
    result = canonicalise([person("a1", "John Smith", "spokesman"), person("a2", "Smith", "Senator")])
    assert sorted(s.id for s in result.speakers) == ["john-smith", "smith"]


def test_a_relative_is_not_taken_for_the_bare_surname() -> None:
    result = canonicalise([person("a1", "Ivanka Trump", "his daughter"), person("a2", "Trump")])
    assert sorted(s.id for s in result.speakers) == ["ivanka-trump", "trump"]


def test_one_word_person_that_is_an_organisation_elsewhere() -> None:
    result = canonicalise([org("a1", "PolitiFact"), org("a2", "PolitiFact"), person("a3", "PolitiFact")])
    assert [(s.id, s.kind) for s in result.speakers] == [("politifact", "organization")]


def test_a_persons_campaign_is_one_body_whatever_the_form() -> None:
    result = canonicalise([org("a1", "Trump campaign"), org("a2", "Donald Trump’s campaign"),
                           org("a3", "the Trump team"), org("a4", "Trump transition team")])
    assert sorted(id_of(result, a, k) for a, k in result.speaker_ids) == [
        "trump-campaign", "trump-campaign", "trump-campaign", "trump-transition-team"]


def test_john_and_jane_smith_stay_apart() -> None:
    result = canonicalise([person("a1", "John Smith", "spokesman"),
                           person("a2", "Jane Smith", "spokesman")])
    assert sorted(s.id for s in result.speakers) == ["jane-smith", "john-smith"]


def test_surname_only_smith_with_two_smiths_stays_apart() -> None:
    result = canonicalise([
        person("a1", "John Smith", "spokesman"),
        person("a2", "Jane Smith", "spokesman"),
        person("a3", "Smith", "spokesman"),
    ])
    assert id_of(result, "a3", "Smith") == "smith"
    assert len(result.speakers) == 3


def test_surname_only_joins_the_one_full_name_with_the_same_role() -> None:
    result = canonicalise([
        person("a1", "John Smith", "White House spokesman"),
        person("a2", "Smith", "White House spokesman"),
        person("a3", "Smith", "senator"),
    ])
    assert id_of(result, "a2", "Smith") == "john-smith"
    assert id_of(result, "a3", "Smith") == "smith"


@pytest.mark.parametrize(
    ("name", "affiliation", "expected"),
    [
        ("Russia's Defense Ministry", None, ("Russia", "defense ministry")),
        ("Russian Defense Ministry", None, ("Russia", "defense ministry")),
        ("the Ministry of Defence", "Russia", ("Russia", "defense ministry")),
        ("Ministry of Defense", None, (None, "defense ministry")),
        ("U.S. Defense Department", None, ("United States", "defense department")),
        ("The Pentagon", None, ("United States", "defense department")),
        ("Russian Ministry of Foreign Affairs", None, ("Russia", "foreign ministry")),
    ],
)
def test_organisation_keys(name: str, affiliation: str | None, expected: tuple) -> None:
    assert organisation_key(name, affiliation) == expected


def test_defense_ministry_forms_merge_and_us_defense_department_stays_apart() -> None:
    result = canonicalise([
        org("a1", "Russia's Defense Ministry"),
        org("a2", "Russia's Defense Ministry"),
        org("a3", "Russian Defense Ministry"),
        org("a4", "Ministry of Defense"),
        person("a4", "Igor Konashenkov", "spokesman", "Russia"),
        org("a5", "US Defense Department"),
        org("a6", "Pentagon"),
    ])
    russian = {id_of(result, a, k) for a, k in [
        ("a1", "Russia's Defense Ministry"), ("a2", "Russia's Defense Ministry"),
        ("a3", "Russian Defense Ministry"), ("a4", "Ministry of Defense")]}
    assert russian == {"russian-defense-ministry"}
    assert id_of(result, "a5", "US Defense Department") == "us-defense-department"
    assert id_of(result, "a6", "Pentagon") == "us-defense-department"


def test_countryless_body_uses_article_context_when_several_countries_have_it() -> None:
    items = [
        org("a1", "Russian Defense Ministry"),
        org("a2", "British Defence Ministry"),
        org("a3", "Ministry of Defense"),
        person("a3", "Ben Wallace", "Defence Secretary", "UK"),
        org("a4", "Ministry of Defense"),
    ]
    result = canonicalise(items)
    assert id_of(result, "a3", "Ministry of Defense") == "british-defence-ministry"
    assert id_of(result, "a4", "Ministry of Defense") == "ministry-of-defense"


def test_slug_collisions_get_numbered_suffixes_whatever_the_input_order() -> None:
    items = [person("a1", "Will Smith", "actor"), org("a2", "Will Smith"), person("a3", "Will Smith")]
    result = canonicalise(items)
    again = canonicalise(list(reversed(items)))
    assert result == again
    assert [(s.id, s.kind) for s in result.speakers] == [
        ("will-smith", "organization"), ("will-smith-2", "person"),
    ]


def test_most_common_role_and_affiliation() -> None:
    result = canonicalise([
        person("a1", "Maria Zakharova", "spokeswoman", "Russian Foreign Ministry"),
        person("a2", "Maria Zakharova", "Foreign Ministry spokeswoman", "Russian Foreign Ministry"),
        person("a3", "Mariya Zakharova", "spokeswoman", "Russia"),
    ])
    (zakharova,) = result.speakers
    assert (zakharova.role, zakharova.affiliation) == ("spokeswoman", "Russian Foreign Ministry")


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Sergey Ryabkov", "sergey-ryabkov"), ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
     ("Russia's Defense Ministry", "russia-s-defense-ministry"), ("—", "speaker")],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_short_form_joins_the_body_it_stands_for() -> None:
    result = canonicalise([
        org("a1", "Securities and Exchange Commission"), org("a2", "S.E.C."),
        org("a3", "New York Times"), org("a4", "New York Times"), org("a5", "Times"),
        org("a6", "Peabody Energy"), org("a7", "Peabody"),
    ])
    assert id_of(result, "a2", "S.E.C.") == id_of(result, "a1", "Securities and Exchange Commission")
    assert id_of(result, "a5", "Times") == "new-york-times"
    assert id_of(result, "a7", "Peabody") == "peabody-energy"


def test_a_short_form_of_two_bodies_or_a_country_stays_apart() -> None:
    result = canonicalise([
        org("a1", "New York Times"), org("a2", "Financial Times"), org("a3", "Times"),
        org("a4", "Russia's Foreign Ministry"), org("a5", "Russia"),
        org("a6", "White House"), org("a7", "House"),
    ])
    assert id_of(result, "a3", "Times") == "times"
    assert id_of(result, "a5", "Russia") == "russia"
    assert id_of(result, "a7", "House") == "house"
