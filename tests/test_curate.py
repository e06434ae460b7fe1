"""Speaker corrections and duplicate suggestions (quotes.curate).

Unit tests of the pure parts (reading a corrections file, applying it to a canonicalisation,
finding candidate pairs), then the real thing: ``quotes build`` with the real spaCy model on
hand-written articles into a real SQLite file, corrected with ``--speakers`` files, and
``quotes speakers --suggest`` on it.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.canonical import ArticleSpeaker, canonicalise
from quotes.cli import cli
from quotes.curate import Correction, CorrectionsFileError, apply_corrections, read_corrections
from quotes.curate.corrections import parse_csv, parse_yaml
from quotes.curate.suggest import (
    SpeakerRow, Suggestion, count_shared_articles, format_csv, format_yaml, skeleton, suggest_merges,
)

# --- reading a corrections file --------------------------------------------------------------

GOOD_CSV = """action,speaker,value
# a comment
merge,donald-j-trump,donald-trump

rename,donald-trump,"Trump, Donald"
kind,nato,Organisation
alias,melania-trump,Mrs Trump
"""


def test_csv_lines_become_corrections_with_their_line_numbers():
    corrections, problems = parse_csv(GOOD_CSV, "fix.csv")
    assert problems == []
    assert corrections == [
        Correction("merge", "donald-j-trump", "donald-trump", "fix.csv", 3),
        Correction("rename", "donald-trump", "Trump, Donald", "fix.csv", 5),
        Correction("kind", "nato", "organization", "fix.csv", 6),
        Correction("alias", "melania-trump", "Mrs Trump", "fix.csv", 7),
    ]


BAD_CSV = """action,speaker,value
mrege,a,b
role,sergey-ryabkov
rename,x,Smith, John
kind,x,animal
id,x,Not A Slug
"broken,x,y
role,sergey-ryabkov,Deputy Foreign Minister
"""


def test_each_bad_csv_line_is_reported_with_its_line_and_the_rest_kept():
    corrections, problems = parse_csv(BAD_CSV, "fix.csv")
    assert [(p.where, p.message.split(":")[0]) for p in problems] == [
        ("fix.csv:2", "unknown action 'mrege' (use one of"),
        ("fix.csv:3", "role sergey-ryabkov"),
        ("fix.csv:4", "4 fields, expected 3 (action,speaker,value)"),
        ("fix.csv:5", "kind x"),
        ("fix.csv:6", "id x"),
        ("fix.csv:7", "malformed CSV"),
    ]
    assert "missing value" in problems[1].message
    assert corrections == [Correction("role", "sergey-ryabkov", "Deputy Foreign Minister", "fix.csv", 8)]


GOOD_YAML = """# corrections
donald-j-trump:
  merge: donald-trump
donald-trump:
  rename: "Trump, Donald"
  role: President
melania-trump:
  alias:
    - Mrs Trump
    - Mrs. Trump
nato: {kind: organisation}
"""


def test_yaml_entries_become_corrections_in_document_order():
    corrections, problems = parse_yaml(GOOD_YAML, "fix.yml")
    assert problems == []
    assert [(c.action, c.speaker, c.value, c.line) for c in corrections] == [
        ("merge", "donald-j-trump", "donald-trump", 3),
        ("rename", "donald-trump", "Trump, Donald", 5),
        ("role", "donald-trump", "President", 6),
        ("alias", "melania-trump", "Mrs Trump", 9),
        ("alias", "melania-trump", "Mrs. Trump", 10),
        ("kind", "nato", "organization", 11),
    ]


BAD_YAML = """a:
  merge: b
broken: [x, y
c:
  role:
  rename: ~
- merge: d
e:
  unknown: f
  kind: yes
g: just text
h:
  rename: Yes Minister
"""


def test_a_yaml_error_costs_only_its_own_entry():
    corrections, problems = parse_yaml(BAD_YAML, "fix.yaml")
    assert [str(p).split(":")[0:2] for p in problems] == [
        ["fix.yaml", "3"], ["fix.yaml", "5"], ["fix.yaml", "6"], ["fix.yaml", "7"],
        ["fix.yaml", "9"], ["fix.yaml", "10"], ["fix.yaml", "11"],
    ]
    assert "malformed YAML" in problems[0].message
    assert "missing value" in problems[1].message and "missing value" in problems[2].message
    assert "expected `speaker-id:`" in problems[3].message
    # YAML's own booleans are not resolved: a name stays the text written
    assert [(c.speaker, c.action, c.value, c.line) for c in corrections] == [
        ("a", "merge", "b", 2), ("h", "rename", "Yes Minister", 13)]


@pytest.mark.parametrize("name, content, message", [
    ("fix.txt", b"merge,a,b\n", "must be a .csv, .yml or .yaml file"),
    ("missing.csv", None, "no such speaker corrections file"),
    ("latin1.csv", "merge,josé,b\n".encode("latin-1"), "not UTF-8 text"),
    ("folder.yml", "dir", "cannot read it"),
])
def test_a_file_that_cannot_be_read_at_all_raises_naming_it(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(CorrectionsFileError) as raised:
        read_corrections(path)
    assert str(path) in str(raised.value) and message in str(raised.value)


def test_a_bom_from_a_spreadsheet_is_not_part_of_the_header(tmp_path):
    path = tmp_path / "fix.csv"
    path.write_bytes("action,speaker,value\nmerge,a,b\n".encode("utf-8-sig"))
    assert read_corrections(path) == ([Correction("merge", "a", "b", str(path), 2)], [])


# --- applying corrections (pure) --------------------------------------------------------------

ARTICLE_SPEAKERS = [
    ArticleSpeaker("a1", "s1", "Donald Trump", "person", "President", "United States"),
    ArticleSpeaker("a2", "s1", "Donald Trump", "person", "President", "United States"),
    ArticleSpeaker("a3", "s1", "Trump", "person", "Senator", None, ("Trump",)),
    ArticleSpeaker("a4", "s1", "Mrs Trump", "person", "first lady", None),
    ArticleSpeaker("a4", "s2", "NATO", "organization", None, None),
    ArticleSpeaker("a5", "s1", "Sergey Lavrov", "person", "Foreign Minister", "Russia",
                   ("Lavrov", "Mr Lavrov")),
]


def corrected(*lines: tuple[str, str, str]):
    result = canonicalise(ARTICLE_SPEAKERS)
    corrections = [Correction(a, s, v, "fix.csv", n) for n, (a, s, v) in enumerate(lines, 2)]
    fixed, problems = apply_corrections(result, ARTICLE_SPEAKERS, corrections)
    return {s.id: s for s in fixed.speakers}, fixed.speaker_ids, problems


def test_the_machine_keeps_a_bare_surname_apart():
    """The premise of the unit tests below: canonicalise leaves these for a person to fix."""
    result = canonicalise(ARTICLE_SPEAKERS)
    assert [s.id for s in result.speakers] == ["donald-trump", "nato", "sergey-lavrov", "trump"]
    assert result.speaker_ids[("a4", "s1")] == "trump"


def test_merge_moves_every_article_speaker_and_recomputes_aliases():
    speakers, ids, problems = corrected(("merge", "trump", "donald-trump"))
    assert problems == []
    assert "trump" not in speakers
    assert {k for k, v in ids.items() if v == "donald-trump"} == {
        ("a1", "s1"), ("a2", "s1"), ("a3", "s1"), ("a4", "s1")}
    trump = speakers["donald-trump"]
    assert trump.name == "Donald Trump"
    assert trump.aliases == ["Donald Trump", "Mrs Trump", "Trump"]
    assert trump.role == "President"  # still the most frequent role


def test_rename_kind_role_affiliation_set_columns_and_keep_the_id():
    speakers, _, problems = corrected(
        ("rename", "sergey-lavrov", "Sergei Lavrov"), ("kind", "nato", "organization"),
        ("role", "nato", "military alliance"), ("affiliation", "sergey-lavrov", "Kremlin"))
    assert problems == []
    assert speakers["sergey-lavrov"].name == "Sergei Lavrov"
    assert speakers["sergey-lavrov"].affiliation == "Kremlin"
    assert speakers["nato"].role == "military alliance"


def test_a_set_role_survives_a_later_merge_into_that_speaker():
    speakers, _, _ = corrected(("role", "donald-trump", "former president"),
                               ("merge", "trump", "donald-trump"))
    assert speakers["donald-trump"].role == "former president"


def test_id_gives_a_new_id_and_later_lines_are_told_where_the_old_one_went():
    speakers, ids, problems = corrected(("id", "sergey-lavrov", "lavrov"),
                                        ("role", "sergey-lavrov", "x"))
    assert "sergey-lavrov" not in speakers and speakers["lavrov"].name == "Sergey Lavrov"
    assert ids[("a5", "s1")] == "lavrov"
    assert [str(p) for p in problems] == [
        "fix.csv:3: role: speaker id 'sergey-lavrov' was given the id 'lavrov' at fix.csv:2"]


def test_alias_moves_article_speakers_of_that_name_to_a_new_speaker():
    speakers, ids, problems = corrected(("alias", "melania-trump", "mrs  TRUMP"))
    assert problems == []
    melania = speakers["melania-trump"]
    assert (melania.name, melania.kind, melania.role, melania.aliases) == (
        "Mrs Trump", "person", "first lady", ["Mrs Trump"])  # the name as the article has it
    assert ids[("a4", "s1")] == "melania-trump"
    assert speakers["trump"].aliases == ["Trump"]  # recomputed without the moved one


def test_a_speaker_that_loses_every_article_speaker_is_dropped():
    speakers, ids, problems = corrected(("alias", "donald-trump", "Trump"),
                                        ("alias", "donald-trump", "Mrs Trump"),
                                        ("rename", "trump", "x"))
    assert "trump" not in speakers
    assert ids[("a3", "s1")] == ids[("a4", "s1")] == "donald-trump"
    assert len(problems) == 1 and "lost all its article speakers to 'donald-trump'" in str(problems[0])


@pytest.mark.parametrize("line, message", [
    (("merge", "nobody", "donald-trump"), "unknown speaker id 'nobody'"),
    (("merge", "trump", "nobody"), "unknown speaker id 'nobody'"),
    (("merge", "trump", "trump"), "cannot be merged into itself"),
    (("rename", "nobody", "X"), "unknown speaker id 'nobody'"),
    (("id", "trump", "donald-trump"), "'donald-trump' already exists (merge into it instead)"),
    (("alias", "x", "Nobody Named So"), "no article speaker is named 'Nobody Named So'"),
    (("alias", "x", "Mr Lavrov"), "it is how article a5 refers to 'Sergey Lavrov'"),
    (("alias", "Not A Slug", "Trump"), "cannot be a new id"),
])
def test_a_line_that_cannot_apply_is_a_problem_and_changes_nothing(line, message):
    before = canonicalise(ARTICLE_SPEAKERS)
    speakers, ids, problems = corrected(line)
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].where == "fix.csv:2"
    assert ids == before.speaker_ids
    assert speakers == {s.id: s for s in before.speakers}


def test_apply_does_not_modify_its_input_and_no_corrections_is_the_input():
    result = canonicalise(ARTICLE_SPEAKERS)
    snapshot = canonicalise(ARTICLE_SPEAKERS)
    assert apply_corrections(result, ARTICLE_SPEAKERS, []) == (result, [])
    apply_corrections(result, ARTICLE_SPEAKERS, [Correction("merge", "trump", "donald-trump"),
                                                 Correction("rename", "nato", "N")])
    assert result == snapshot


# --- the real build --------------------------------------------------------------------------

ARTICLES = {
    "a1.txt": """WASHINGTON, March 3, 2024. /Reuters/. President Donald Trump said on Monday that the talks had failed.

"We will not sign this agreement," Donald Trump told reporters at the White House.

The Defense Ministry said in a statement that its forces were ready.
""",
    "a2.txt": """NEW YORK, March 5, 2024. /AP/. Donald J. Trump said the economy was strong.

"The numbers are the best we have ever seen," Donald J. Trump said at a rally.
""",
    "a3.txt": """MOSCOW, March 7, 2024. /TASS/. The Russian Defense Ministry said its air defences shot down ten drones.

"All targets were destroyed," the Russian Defense Ministry said in a statement.

"We are watching the situation closely," Senator Trump said on Thursday.
""",
    "a4.txt": """PALM BEACH, March 9, 2024. /AP/. "I love this country," Mrs Trump said on Saturday.

The Ukrainian Defense Ministry said its forces had repelled an attack.

"Our soldiers held the line," the Ukrainian Defense Ministry said.
""",
}


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def build(db: Path, *args) -> object:
    result = run("build", *args, "--db", db, "--workers", "1", "--no-progress")
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("curate-articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder.parent / "curate.db"
    build(db, folder)
    return folder, db


@pytest.fixture
def db(built, tmp_path) -> Path:
    copy = tmp_path / "quotes.db"
    shutil.copy(built[1], copy)
    return copy


def speakers(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {r["id"]: dict(r) for r in conn.execute("SELECT * FROM speakers")}
    finally:
        conn.close()


def query(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_build_leaves_duplicates_for_a_person(db):
    """The premise of the tests below, as the real model and merge see these articles."""
    found = speakers(db)
    assert set(found) == {"donald-j-trump", "trump", "defense-ministry",
                          "russian-defense-ministry", "ukrainian-defense-ministry"}
    assert found["trump"]["quote_count"] == 2  # "Trump" and "Mrs Trump"
    assert query(db, "SELECT speaker_id FROM article_speakers WHERE name = 'Mrs Trump'") == [("trump",)]


CSV_FIX = """action,speaker,value
alias,melania-trump,Mrs Trump
merge,trump,donald-j-trump
rename,donald-j-trump,Donald Trump
role,donald-j-trump,Former President
rename,melania-trump,Melania Trump
affiliation,melania-trump,United States
merge,defense-ministry,ukrainian-defense-ministry
kind,ukrainian-defense-ministry,organisation
"""

YAML_FIX = """melania-trump:
  alias: Mrs Trump
trump:
  merge: donald-j-trump
donald-j-trump:
  rename: Donald Trump
  role: Former President
melania-trump:
  rename: Melania Trump
  affiliation: United States
defense-ministry:
  merge: ukrainian-defense-ministry
ukrainian-defense-ministry:
  kind: organisation
"""


def assert_corrected(db: Path) -> None:
    found = speakers(db)
    assert set(found) == {"donald-j-trump", "melania-trump", "russian-defense-ministry",
                          "ukrainian-defense-ministry"}
    trump, melania = found["donald-j-trump"], found["melania-trump"]
    assert (trump["name"], trump["role"]) == ("Donald Trump", "Former President")
    assert (trump["quote_count"], trump["article_count"]) == (5, 3)
    # first/last quoted are when the words were said: a1, dated Sunday 3 March 2024, has Trump
    # speaking "on Monday", the Monday before (never after the article)
    assert (trump["first_quoted"], trump["last_quoted"]) == ("2024-02-26", "2024-03-07")
    assert (melania["name"], melania["kind"], melania["affiliation"]) == (
        "Melania Trump", "person", "United States")
    assert (melania["quote_count"], melania["first_quoted"]) == (1, "2024-03-09")
    assert found["ukrainian-defense-ministry"]["quote_count"] == 3
    assert found["ukrainian-defense-ministry"]["article_count"] == 2
    assert query(db, "SELECT speaker_id, speaker_name, count(*) FROM quotes"
                     " WHERE speaker_id LIKE '%trump' GROUP BY 1, 2") == [
        ("donald-j-trump", "Donald Trump", 5), ("melania-trump", "Melania Trump", 1)]
    assert query(db, "SELECT speaker_id FROM article_speakers WHERE name = 'Mrs Trump'") == [
        ("melania-trump",)]
    assert query(db, "SELECT quotes.speaker_id FROM quotes_fts JOIN quotes"
                     " ON quotes.rowid = quotes_fts.rowid WHERE quotes_fts MATCH 'Melania'") == [
        ("melania-trump",)]


@pytest.mark.parametrize("name, text", [("fix.csv", CSV_FIX), ("fix.yaml", YAML_FIX)])
def test_a_corrections_file_changes_the_database_without_reparsing(db, tmp_path, name, text):
    fix = tmp_path / name
    fix.write_text(text, encoding="utf-8")
    result = build(db, "--speakers", fix)
    assert result.output.startswith("0 articles read (0 extracted"), result.output
    assert "warning" not in result.output
    assert_corrected(db)


def test_the_same_file_again_changes_nothing_and_later_builds_keep_it(db, built, tmp_path):
    fix = tmp_path / "fix.csv"
    fix.write_text(CSV_FIX, encoding="utf-8")
    build(db, "--speakers", fix)
    once = digest(db)
    build(db, "--speakers", fix)
    assert digest(db) == once
    build(db, built[0])  # no --speakers: the remembered corrections apply again
    assert digest(db) == once
    assert_corrected(db)
    assert query(db, "SELECT action, speaker, value, file, line FROM speaker_corrections"
                     " WHERE position = 2") == [("merge", "trump", "donald-j-trump", str(fix), 3)]


def test_a_changed_file_updates_the_database(db, tmp_path):
    fix = tmp_path / "fix.csv"
    fix.write_text(CSV_FIX, encoding="utf-8")
    build(db, "--speakers", fix)
    fix.write_text("action,speaker,value\nalias,melania-trump,Mrs Trump\n"
                   "rename,donald-j-trump,Donald John Trump\n", encoding="utf-8")
    build(db, "--speakers", fix)
    found = speakers(db)
    assert set(found) == {"donald-j-trump", "melania-trump", "trump", "defense-ministry",
                          "russian-defense-ministry", "ukrainian-defense-ministry"}
    assert found["donald-j-trump"]["name"] == "Donald John Trump"
    assert found["donald-j-trump"]["role"] == "President"  # the machine's again
    assert (found["trump"]["quote_count"], found["trump"]["aliases"]) == (1, '["Trump"]')
    assert found["melania-trump"]["name"] == "Mrs Trump"
    assert found["defense-ministry"]["quote_count"] == 1
    assert query(db, "SELECT count(*) FROM speaker_corrections") == [(2,)]


def test_an_empty_file_removes_every_correction(db, built, tmp_path):
    fix = tmp_path / "fix.yml"
    fix.write_text(YAML_FIX, encoding="utf-8")
    build(db, "--speakers", fix)
    fix.write_text("# nothing to correct\n", encoding="utf-8")
    build(db, "--speakers", fix)
    assert speakers(db) == speakers(built[1])


def test_bad_lines_are_warned_with_their_line_and_the_rest_applies(db, tmp_path):
    fix = tmp_path / "fix.csv"
    fix.write_text("action,speaker,value\nmerge,nobody,trump\nrename,trump\n"
                   "rename,trump,Someone Trump\nsplit,trump,x\n", encoding="utf-8")
    result = build(db, "--speakers", fix)
    assert f"warning: {fix}:2: merge nobody -> trump: unknown speaker id 'nobody'" in result.output
    assert f"warning: {fix}:3: rename trump: missing value" in result.output
    assert f"warning: {fix}:5: unknown action 'split'" in result.output
    assert speakers(db)["trump"]["name"] == "Someone Trump"


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, "no such speaker corrections file"),
    ("fix.json", b"[]", "must be a .csv, .yml or .yaml file"),
    ("fix.yml", b"\xff\xfe\x00x", "not UTF-8 text"),
])
def test_an_unreadable_file_is_a_clear_error_before_anything_runs(db, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = digest(db)
    result = run("build", "--db", db, "--speakers", path, "--no-progress")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: speaker corrections: {path}:")
    assert message in result.output and "Traceback" not in result.output
    assert digest(db) == before


# --- suggestions (pure) ----------------------------------------------------------------------


def row(speaker_id: str, name: str, quotes: int = 1, kind: str = "person",
        affiliation: str | None = None) -> SpeakerRow:
    return SpeakerRow(speaker_id, name, kind, affiliation, quotes, 1)


def pairs(rows):
    return {(s.source.id, s.target.id): s for s in suggest_merges(rows)}


def test_suggests_a_bare_surname_and_an_initial_next_to_full_names():
    found = pairs([row("donald-trump", "Donald Trump", 40), row("ivanka-trump", "Ivanka Trump", 5),
                   row("trump", "Trump", 14), row("d-trump", "D. Trump", 3),
                   row("joe-biden", "Joe Biden", 30)])
    assert set(found) == {("trump", "donald-trump"), ("trump", "ivanka-trump"),
                          ("d-trump", "donald-trump")}
    assert found[("trump", "donald-trump")].candidates == 2
    assert found[("d-trump", "donald-trump")].candidates == 1
    # most quotes first, and the candidates of one speaker together
    assert list(found) == [("trump", "donald-trump"), ("trump", "ivanka-trump"),
                           ("d-trump", "donald-trump")]


def test_suggests_first_name_spellings_short_forms_and_surname_spellings():
    found = pairs([row("dmitri-medvedev", "Dmitri Medvedev", 2), row("dmitry-medvedev", "Dmitry Medvedev", 9),
                   row("alex-smith", "Alex Smith"), row("alexander-smith", "Alexander Smith", 3),
                   row("john-smyth", "John Smyth"), row("john-smith", "John Smith", 4),
                   row("mikhail-gorbachev", "Mikhail Gorbachev"), row("michael-gorbachev", "Michael Gorbachev")])
    assert set(found) == {("dmitri-medvedev", "dmitry-medvedev"), ("alex-smith", "alexander-smith"),
                          ("john-smyth", "john-smith")}


def test_suggests_organisation_name_forms():
    orgs = [row("defense-ministry", "Defense Ministry", 3, "organization"),
            row("russian-defense-ministry", "Russian Defense Ministry", 30, "organization"),
            row("foreign-ministry", "Foreign Ministry", 4, "organization", "Russia"),
            row("foreign-ministry-press-service", "Russian Foreign Ministry press service", 2, "organization"),
            row("us-foreign-ministry", "US Foreign Ministry press service", 2, "organization")]
    found = pairs(orgs)
    assert set(found) == {("defense-ministry", "russian-defense-ministry"),
                          ("foreign-ministry", "foreign-ministry-press-service")}


def test_a_generic_name_contained_in_many_is_not_suggested():
    orgs = [row("ministry", "Ministry", 50, "organization")] + [
        row(f"m{i}", f"{word} Ministry", 1, "organization")
        for i, word in enumerate(["Finance", "Health", "Energy", "Culture", "Justice", "Transport"])]
    assert suggest_merges(orgs) == []


def test_skeleton_keeps_consonants():
    assert skeleton("Zelenskyy") == skeleton("zelensky") == "zlnsk"
    assert skeleton("Shoigu") == skeleton("Shoygu")


def test_suggestions_scale_by_blocking_not_all_pairs():
    syllables = ["ba", "ko", "ri", "ten", "mar", "vel", "sun", "dor", "lin", "pes", "ga", "to"]
    words = ["".join(p).capitalize() for p in itertools.product(syllables, repeat=3)]
    rows = [row(f"p{i}", f"{words[i % 700]} {words[i * 7 % 1728]}{syllables[i // 1728 % 12]}", i % 50)
            for i in range(36_000)]  # plain two-word names, as most names in news are
    rows += [row(f"o{i}", f"{words[i % 1728]} of {words[i % 900]} Agency", 1, "organization")
             for i in range(4_000)]
    started = time.perf_counter()
    found = suggest_merges(rows)
    assert time.perf_counter() - started < 20  # all pairs would be 800 million comparisons
    assert found  # the blocks did meet


def test_suggestion_output_is_a_corrections_file_with_choices_commented(tmp_path):
    found = suggest_merges([row("donald-trump", "Donald Trump", 40), row("ivanka-trump", "Ivanka Trump", 5),
                            row("trump", "Trump", 14), row("d-trump", "D. Trump", 3)])
    for name, text in (("s.csv", format_csv(found)), ("s.yml", format_yaml(found))):
        (tmp_path / name).write_text(text, encoding="utf-8")
        corrections, problems = read_corrections(tmp_path / name)
        assert problems == []
        assert [(c.action, c.speaker, c.value) for c in corrections] == [
            ("merge", "d-trump", "donald-trump")], text



# --- quotes speakers on the real build -------------------------------------------------------


def test_speakers_suggest_lists_the_duplicates_of_a_real_build(db):
    result = run("speakers", "--suggest", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        '     6       0  trump "Trump" (2) -> donald-j-trump "Donald J. Trump" (4): surname alone',
        '     3       0  defense-ministry "Defense Ministry" (1) -> russian-defense-ministry'
        ' "Russian Defense Ministry" (2): same name, one without country; one of 2',
        '     3       0  defense-ministry "Defense Ministry" (1) -> ukrainian-defense-ministry'
        ' "Ukrainian Defense Ministry" (2): same name, one without country; one of 2',
    ]


def test_shared_articles_are_counted_from_article_speakers(db):
    a, b = (SpeakerRow(i, i, "person", None, 1, 1) for i in ("donald-j-trump", "defense-ministry"))
    (counted,) = count_shared_articles(db, [Suggestion(a, b, "test")])
    assert counted.shared_articles == 1  # a1 names both


def test_suggested_lines_applied_merge_the_pair(db, tmp_path):
    result = run("speakers", "--suggest", "--db", db, "--format", "csv", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "merge,trump,donald-j-trump"
    fix = tmp_path / "fix.csv"
    fix.write_text(result.output, encoding="utf-8")
    build(db, "--speakers", fix)
    assert "trump" not in speakers(db)
    assert speakers(db)["donald-j-trump"]["quote_count"] == 6


def test_speakers_lists_the_most_quoted_first(db):
    result = run("speakers", "--db", db, "--limit", "2", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "id,name,kind,affiliation,quote_count,article_count",
        "donald-j-trump,Donald J. Trump,person,,4,2",
        "russian-defense-ministry,Russian Defense Ministry,organization,Russia,2,1",
    ]


def test_speakers_on_a_missing_database_is_a_clear_error(tmp_path):
    result = run("speakers", "--suggest", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no database at" in result.output

