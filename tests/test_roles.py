"""Roles: :func:`quotes.roles.clean_role` on its own, then sentences through one real ``quotes
build`` (the real spaCy model, a real SQLite file), checking the role stored for the quote and
its speaker.

Role strings and sentences are written for these tests, in the shapes extraction meets in news
copy; the people, places and organisations are invented (a few real politicians' surnames stand
as owners, `Obama adviser`). Expected roles are compared exactly, so debris (`But`, `, Dr.`, a
relative clause) fails a row.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from quotes import lexicon
from quotes.build import build
from quotes.roles import MAX_TITLE_WORDS, clean_role, expand_abbreviation, is_title_word

CLEANED = [
    # sentence openers, determiners and possessives in front
    ("But Rubio spokesman", "Rubio spokesman"),
    ("But Attorney General", "Attorney General"),
    ("And Attorney General", "Attorney General"),
    ("While Professor", "Professor"),
    ("As President", "President"),
    ("both President", "President"),
    ("his spokesman", "spokesman"),
    ("her deputy", "deputy"),
    ("their lawyer", "lawyer"),
    ("the mayor", "mayor"),
    ("a former adviser to Governor Hale", "former adviser to Governor Hale"),
    # the name's own title and punctuation at the end
    ("top city health adviser, Dr.", "top city health adviser"),
    ("minister of agriculture, Mr.", "minister of agriculture"),
    ("committee vice chairman, Rep.", "committee vice chairman"),
    ("Chairman Rep.", "Chairman"),
    ("Fleet Operations Director Vice Adm.", "Fleet Operations Director"),
    ("army spokesman Col", "army spokesman"),  # `Col.` with its period split off
    ("spokesman,", "spokesman"),
    ("President.", "President"),
    ("Harbor Valley Law School professor", "Harbor Valley Law School professor"),  # a title, not `Prof.`
    # abbreviations written out (AP Stylebook)
    ("Sen.", "Senator"),
    ("Gov.", "Governor"),
    ("Rep.", "Representative"),
    ("Lt. Gen.", "Lieutenant General"),
    ("Brig. Gen.", "Brigadier General"),
    ("Adm.", "Admiral"),
    ("Atty. Gen.", "Attorney General"),
    ("Sec.", "Secretary"),
    ("Supt.", "Superintendent"),
    ("Cmdr.", "Commander"),
    ("Sgt.", "Sergeant"),
    ("Col.", "Colonel"),
    ("Maj.", "Major"),
    ("Capt.", "Captain"),
    ("Lt. Gov.", "Lieutenant Governor"),
    ("Gov.-elect", "Governor-elect"),
    ("Florida Gov.", "Florida Governor"),
    ("Former Texas Rep.", "Former Texas Representative"),
    ("If Rep.", "Representative"),
    ("But Republican Sen.", "Republican Senator"),
    ("U.S. Sen.", "U.S. Senator"),
    ("Police Supt.", "Police Superintendent"),
    # one person's role, though the sentence named two
    ("Sens.", "Senator"),
    ("Presidential candidates", "Presidential candidate"),
    ("one of the union's lawyers", "one of the union's lawyers"),
    # relative clauses, second noun phrases and appositive tails
    ("a 20-year veteran of the state police who ran its fraud unit", "20-year veteran of the state police"),
    ("co-editor of Arguing The Budget, a book about taxes", "co-editor of Arguing The Budget"),
    ("retired Danish general who now teaches strategy at a naval academy", "retired Danish general"),
    ("director of the Lakeside Budget Institute and a professor at the Northfield School of Law",
     "director of the Lakeside Budget Institute"),
    ("former Senate budget aide now teaching at Eastbrook College, whose figures were disputed",
     "former Senate budget aide"),
    ("chief executive of Bluefield Media -- the studio that makes the show",
     "chief executive of Bluefield Media"),
    ("senior official with the Regional Water Board that oversees the dams",
     "senior official with the Regional Water Board"),
    ("president of the Riverside Nurses Union, which represents hospital staff",
     "president of the Riverside Nurses Union"),
    ("frankly the mayor and our police", "mayor"),
    ("LONDON -- Prime Minister", "Prime Minister"),
    # long phrases cut to the title they contain
    ("head of the Center for Coastal Studies at the University of Eastmoor and its partners",
     "head of the Center for Coastal Studies"),
    ("director of the Institute for Rural Health at Eastmoor University's medical school",
     "director of the Institute for Rural Health"),
    ("chief of the main planning department of the Northern Fleet Staff",  # 11 words, one office
     "chief of the main planning department of the Northern Fleet Staff"),
    ("a professor of public law and expert in water rights at Eastmoor University's law school",
     "professor of public law"),
    ("president of the National League for the Protection of Small Farmers (NLPSF",
     "president of the National League for the Protection of Small Farmers"),
    # titles kept whole
    ("Russian Deputy Foreign Minister", "Russian Deputy Foreign Minister"),
    ("founder and CEO of Farmers and Fishers of the Coast", "founder and CEO of Farmers and Fishers of the Coast"),
    ("professor of geology and public policy at Eastmoor University",
     "professor of geology and public policy at Eastmoor University"),
    ("Baltic scholar at the Institute for Regional and Security Studies",
     "Baltic scholar at the Institute for Regional and Security Studies"),
    ("Green Party nominee's eldest daughter", "Green Party nominee's eldest daughter"),
    ("member of the House Farm Committee", "member of the House Farm Committee"),
    ("a senior fellow at the Lakeside Institution", "senior fellow at the Lakeside Institution"),
    ("R-Ohio, who has broken with the president before on trade", None),
    ("Republican, Sen.", "Senator"),
    ("retired Department of Coastal Security (DCS) agent", "retired Department of Coastal Security agent"),
    ("What Administrator", "Administrator"),
    ("Thursday Foreign Secretary", "Foreign Secretary"),
    # nothing title-like
    ("fellow", None),
    ("fellow Coloradan", None),
    ("press", None),
    ("Dr.", None),
    ("Mr.", None),
    ("the daughter", None),
    ("Florida", None),
    ("a Texas billionaire who owns a ranch", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("text, expected", CLEANED, ids=[str(t)[:50] for t, _ in CLEANED])
def test_clean_role(text, expected):
    assert clean_role(text) == expected


# What speaker_lint calls role junk and overlong roles (its rules, restated).
JUNK_OPENERS = {"but", "and", "when", "while", "as", "meanwhile", "so", "then", "also", "if", "after",
                "before", "because", "though", "although", "his", "her", "their", "its", "said"}
NAME_TITLE_TAIL = re.compile(r"\b(Dr|Mr|Mrs|Ms|Sen|Rep|Gov|Gen|Adm|Lt|Col|Sgt|Capt|Maj|Brig|Vice Adm|Rev)\.?$")


@pytest.mark.parametrize("text", [t for t, _ in CLEANED if t])
def test_cleaned_roles_pass_the_lint_rules(text):
    role = clean_role(text)
    if role is None:
        return
    assert role.split()[0].lower() not in JUNK_OPENERS
    assert not NAME_TITLE_TAIL.search(role)
    assert len(role.split()) <= MAX_TITLE_WORDS
    assert clean_role(role) == role  # cleaning is idempotent


def test_every_abbreviation_is_written_out():
    for abbreviation, full in lexicon.ROLE_ABBREVIATIONS.items():
        written = abbreviation[0].upper() + abbreviation[1:]
        assert expand_abbreviation(written) == full
        assert is_title_word(written)
        assert "." not in full


def test_a_bare_abbreviation_stem_is_not_a_title():
    # `Sen` in `Amartya Sen`, `Gen` in `Gen Z`: only the abbreviation with its period is a title
    assert not is_title_word("Sen")
    assert not is_title_word("Gen")
    assert clean_role("Gen Z") is None


# Sentences through the real model: speaker's name and the role stored on their quote.
SENTENCES = [
    ("Sen. Martha Quill said the bill was dead.", "Martha Quill", "Senator"),
    ("Florida Gov. Peter Hollis said the state would reopen its beaches.", "Peter Hollis",
     "Florida Governor"),
    ("Lyon prosecutor Brice Ravel said the pilot had locked the cockpit door.", "Brice Ravel",
     "Lyon prosecutor"),
    ("Alan Kessing, a former adviser to Governor Hale, said wages would rise.", "Alan Kessing",
     "former adviser to Governor Hale"),
    ("The president's spokesman, Josh Harnett, said the talks would continue.", "Josh Harnett",
     "president's spokesman"),
    ("But Rubio spokesman Alex Conrad said the senator would stay in the race.", "Alex Conrad",
     "Rubio spokesman"),
    ("Lt. Gen. Michael Farrow said the army was ready.", "Michael Farrow", "Lieutenant General"),
    ("Atty. Gen. Jeff Sessler said the law was clear.", "Jeff Sessler", "Attorney General"),
    ("Police Supt. Eddie Jarvis said the shooting was gang-related.", "Eddie Jarvis",
     "Police Superintendent"),
    ("Dana Whitlock, a 20-year veteran of the state police who ran its fraud unit, said the files "
     "were forged.", "Dana Whitlock", "20-year veteran of the state police"),
    ("Meanwhile, the top city health adviser, Dr. Anthony Ferris, said cases would rise.",
     "Anthony Ferris", "top city health adviser"),
    ("Former Secretary of State Helen Marsh said the deal was a good one.", "Helen Marsh",
     "Former Secretary of State"),
    ("Obama adviser David Axton said the race was close.", "David Axton", "Obama adviser"),
    ("Riverton police chief Kerr Putnam said the video would be released.", "Kerr Putnam",
     "Riverton police chief"),
    ("Ivan Morel, director of the Lakeside Budget Institute and a professor at the Northfield School "
     "of Law, said the plan would cost billions.", "Ivan Morel", "director of the Lakeside Budget Institute"),
    ("Massachusetts Sen. Ellen Warrick said the bank had broken the law.", "Ellen Warrick",
     "Massachusetts Senator"),
    ("Evan Morrow, president of Freedom to Fish, which has sued the state, said the ban was unlawful.",
     "Evan Morrow", "president of Freedom to Fish"),
]


# Articles whose quotes all take one role, though a sentence does not name it (`she said`), and
# a title inside the name's entity, where only the role is checked (the name is resolution's).
ARTICLES = [
    ("But Republican Sen. Nora Pell, who chairs the budget committee, said the vote would be held "
     'on Friday.\n\n"We will not wait for the House," she said.', "Nora Pell", "Republican Senator"),
    ("Lawyer Andrew Kessler said the charges were an attempt to silence a witness.", None, "Lawyer"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> sqlite3.Connection:
    """One real ``quotes build`` (one worker) of every sentence above, each its own article."""
    folder = tmp_path_factory.mktemp("roles") / "articles"
    folder.mkdir()
    for n, (text, _, _) in enumerate(SENTENCES + ARTICLES):
        (folder / f"s{n:02d}.txt").write_text(f"Headline number {n}\n\n{text}\n")
    db = folder.parent / "quotes.db"
    build([folder], db, workers=1, progress=False, warn=lambda _: None)
    return sqlite3.connect(db)


def stored(con: sqlite3.Connection, n: int) -> list[tuple[str | None, str, str | None]]:
    """(quote role, speaker name, speaker role) of article ``n``'s quotes, in text order."""
    return con.execute(
        "select q.role, s.name, s.role from quotes q join articles a on a.id = q.article_id "
        "join speakers s on s.id = q.speaker_id where a.source_id = ? order by q.start",
        (f"s{n:02d}",)).fetchall()


@pytest.mark.parametrize("n, text, speaker, role", [(n, *s) for n, s in enumerate(SENTENCES)],
                         ids=[s[2] for s in SENTENCES])
def test_role_stored_for_the_quote(built, n, text, speaker, role):
    assert stored(built, n) == [(role, speaker, role)]


def test_a_quote_without_a_title_in_its_sentence_takes_the_speakers_role(built):
    assert stored(built, len(SENTENCES)) == [("Republican Senator", "Nora Pell", "Republican Senator")] * 2


def test_title_inside_the_person_entity_is_a_role(built):
    # the model tags `Lawyer Andrew Kessler` as one PERSON
    [(role, _, _)] = stored(built, len(SENTENCES) + 1)
    assert role == "Lawyer"
