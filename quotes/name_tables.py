"""The tables for comparing and normalising names: titles inside names, surname particles and
suffixes, transliterations, spelling variants, countries and organisation forms.

:mod:`quotes.names` normalises these the same way it normalises the names it compares, so a new
entry is one line here and no code change. The words of news text that extraction and
resolution read (speech verbs, role words, pronouns, heads of descriptions) are in
:mod:`quotes.lexicon`; title words that are no role (courtesy titles) stay there, beside the
role words they are checked against.
"""

from __future__ import annotations

# Words that sit inside titles without being a title on their own ("*Deputy Foreign* Minister",
# "*Attorney General*"), and the abbreviations wire copy writes before names. With ROLE_WORDS they
# make the one title table: quotes.names strips them from a person's name for matching, and
# extraction reads them as a role. Source: AP Stylebook "titles" and "military titles" entries,
# and Russian-government titles in TASS copy.
TITLE_MODIFIERS: frozenset[str] = frozenset(
    """
    vice prime deputy first foreign defense defence state general attorney press crown acting
    interim assistant associate senior principal lord
    sen rep gov lt col maj capt cmdr adm sgt amb gen brig supt atty sec del
    """.split()
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
