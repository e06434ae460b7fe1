"""Name tables that speaker canonicalisation (:mod:`quotes.canonical`) matches against.

Everything here is data: spellings that mean the same name, titles that are not part of a name,
countries and the words that stand for them. The tables are written in natural spellings;
:mod:`quotes.canonical` normalises them the same way it normalises the names it compares, so a
new entry is one line here and no code change. Nothing in this module is used for storage:
stored names and offsets stay exactly as the articles give them.
"""

from __future__ import annotations

# Courtesy titles: stripped from a person's name for matching, and say nothing about the role.
# Source: AP Stylebook courtesy titles plus the abbreviations seen in wire copy (TASS, Reuters).
COURTESY_TITLES: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "madam"}
)

# Office titles: stripped from a person's name for matching; when the article gives no role,
# what was stripped is used as the role ("President Trump" -> role words {"president"}).
# Source: AP Stylebook "titles" entry (formal titles capitalised before a name), the military
# rank abbreviations of the AP's "military titles" table, and Russian-government titles in TASS.
OFFICE_TITLES: frozenset[str] = frozenset(
    {
        "president", "vice", "prime", "deputy", "first", "foreign", "defense", "defence",
        "minister", "secretary", "state", "general", "attorney", "press",
        "sen", "senator", "rep", "representative", "gov", "governor", "mayor", "chancellor",
        "premier", "ambassador", "amb", "envoy", "spokesman", "spokeswoman", "spokesperson",
        "judge", "justice", "king", "queen", "prince", "princess", "crown", "sheikh", "emir",
        "pope", "patriarch", "chairman", "chairwoman", "chair", "speaker", "leader",
        "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "admiral", "colonel", "major",
        "captain", "lieutenant", "commander", "sgt", "sergeant", "marshal",
    }
)

# Trailing name parts that never distinguish people in this corpus. Source: AP Stylebook "Jr., Sr.".
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Lower-case particles that belong to a surname ("Bashar al-Assad", "Ursula von der Leyen").
# Source: common Arabic, Dutch, German, French, Italian, Spanish and Portuguese name particles.
SURNAME_PARTICLES: frozenset[str] = frozenset(
    {"al", "el", "bin", "ibn", "abu", "de", "da", "di", "del", "della", "der", "den", "van",
     "von", "la", "le", "du", "dos", "das", "do", "ter", "ten", "st"}
)

# Romanisations of the same Russian/Ukrainian/Belarusian name. The first spelling of each group
# is the one matching uses; display names keep the article's spelling. Source: the differences
# between BGN/PCGN, the Library of Congress system, passport (ICAO) spellings and the AP's
# house spellings, as they show up in English-language wire copy. The general "-i/-y/-iy
# ending" rule in quotes.canonical already covers Sergey/Sergei, Dmitry/Dmitri, Andrey/Andrei,
# Yuri/Yury and Rudskoy/Rudskoi; groups here cover what that rule does not.
# Deliberately absent: Mikhail/Michael, Pavel/Paul, Ivan/John -- translations, not spellings,
# and usually different people.
TRANSLITERATION_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Alexey", "Aleksey", "Alexei", "Aleksei", "Alexej", "Aleksej", "Oleksiy", "Oleksii"),
    ("Alexander", "Aleksandr", "Alexandr", "Oleksandr", "Olexander"),
    ("Yevgeny", "Evgeny", "Evgeniy", "Yevgeniy", "Evgenii", "Yevgenii", "Evgeni"),
    ("Yuri", "Yury", "Yuriy", "Iurii", "Yurii"),
    ("Vyacheslav", "Viacheslav"),
    ("Natalya", "Natalia", "Natalja"),
    ("Tatyana", "Tatiana", "Tatjana"),
    ("Yulia", "Yuliya", "Iuliia"),
    ("Maria", "Mariya"),
    ("Ksenia", "Kseniya"),
    ("Maxim", "Maksim"),
    ("Fyodor", "Fedor", "Fiodor"),
    ("Pyotr", "Petr", "Piotr"),
    ("Semyon", "Semen"),
    ("Gennady", "Gennadiy", "Gennadi", "Gennadii"),
    ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii"),
    ("Shoigu", "Shoygu"),
    ("Zakharova", "Sakharova"),
)

# Countries and the words that stand for them in names and roles: adjective, short forms and
# abbreviations. The first entry is the canonical country stored in keys and shown as an
# affiliation. Possessives ("Russia's") are handled in code. Source: the CIA World Factbook
# "nationality" (adjective) field for the states that recur in foreign-affairs wire copy.
COUNTRIES: tuple[tuple[str, ...], ...] = (
    ("Russia", "Russian", "Russian Federation", "RF"),
    ("United States", "US", "U.S.", "USA", "U.S.A.", "America", "American",
     "United States of America"),
    ("United Kingdom", "UK", "U.K.", "Britain", "British", "Great Britain"),
    ("Syria", "Syrian"),
    ("Turkey", "Turkish", "Türkiye"),
    ("Iran", "Iranian"),
    ("China", "Chinese", "PRC"),
    ("France", "French"),
    ("Germany", "German"),
    ("Israel", "Israeli"),
    ("Ukraine", "Ukrainian"),
    ("Belarus", "Belarusian", "Belarussian"),
    ("Japan", "Japanese"),
    ("India", "Indian"),
    ("Pakistan", "Pakistani"),
    ("Saudi Arabia", "Saudi"),
    ("Iraq", "Iraqi"),
    ("Afghanistan", "Afghan"),
    ("Egypt", "Egyptian"),
    ("Lebanon", "Lebanese"),
    ("Libya", "Libyan"),
    ("Qatar", "Qatari"),
    ("Poland", "Polish"),
    ("Italy", "Italian"),
    ("Spain", "Spanish"),
    ("Canada", "Canadian"),
    ("North Korea", "North Korean", "DPRK"),
    ("South Korea", "South Korean"),
    ("Armenia", "Armenian"),
    ("Azerbaijan", "Azerbaijani"),
    ("Kazakhstan", "Kazakh"),
    ("Serbia", "Serbian"),
    ("Greece", "Greek"),
    ("Finland", "Finnish"),
    ("Sweden", "Swedish"),
    ("Norway", "Norwegian"),
    ("Estonia", "Estonian"),
    ("Latvia", "Latvian"),
    ("Lithuania", "Lithuanian"),
    ("Moldova", "Moldovan"),
    ("Venezuela", "Venezuelan"),
    ("Cuba", "Cuban"),
)

# British and American spellings of words in organisation names and roles; the right-hand one is
# used for matching. Source: the Oxford/Merriam-Webster spelling pairs that appear in agency names.
SPELLING_VARIANTS: dict[str, str] = {
    "defence": "defense",
    "organisation": "organization",
    "programme": "program",
    "centre": "center",
    "labour": "labor",
    "ministries": "ministry",
}

# Words ignored when comparing organisation names and role words ("Ministry *of* Defense").
FUNCTION_WORDS: frozenset[str] = frozenset({"the", "of", "for", "and", "on", "in", "s"})

# Organisation names that mean the same body, whatever the word order already handled in code
# ("Defense Ministry" = "Ministry of Defense" needs no entry). The first name of a group is the
# one matching uses. Source: how English-language wire copy names foreign and defence bodies.
ORGANISATION_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("Foreign Ministry", "Ministry of Foreign Affairs", "Foreign Affairs Ministry", "MFA"),
    ("Defense Ministry", "MoD"),
    ("Defense Department", "Department of Defense", "Pentagon", "DoD"),
    ("State Department", "Department of State"),
)

# Bodies whose name alone says which country they belong to. Source: common wire-copy usage.
ORGANISATION_HOME_COUNTRY: dict[str, str] = {
    "Kremlin": "Russia",
    "Pentagon": "United States",
    "White House": "United States",
    "State Department": "United States",
    "Department of State": "United States",
}
