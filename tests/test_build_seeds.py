"""The real ``quotes build`` over seeds/ into a real SQLite file, checked with plain SQL.

One build per module (the real spaCy model, one worker); tests that build again work on a copy
of that database or on their own copy of the input, so their order does not matter.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from gold_sets import SEEDS, SEEDS_GOLD as GOLD
from quotes.cli import cli

RYABKOV_OPENING = "We have not rejected this prospect"


def run_cli(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def build(paths, db: Path, *extra: str):
    return run_cli("build", *[str(p) for p in paths], "--db", str(db), "--workers", "1",
                   "--no-progress", *extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    db = tmp_path_factory.mktemp("seeds-build") / "quotes.db"
    result = build([SEEDS], db)
    assert result.exit_code == 0, result.output
    return db, result


@pytest.fixture(scope="module")
def conn(built):
    connection = sqlite3.connect(built[0])
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def one(conn, sql: str, *params) -> sqlite3.Row:
    rows = conn.execute(sql, params).fetchall()
    assert len(rows) == 1, f"{sql} {params}: {len(rows)} rows: {[dict(r) for r in rows]}"
    return rows[0]


def quote_starting(conn, opening: str) -> sqlite3.Row:
    return one(conn, """
        SELECT quotes.*, speakers.name AS canonical, speakers.kind AS speaker_kind,
               articles.text AS article_text, articles.path AS article_path
        FROM quotes JOIN articles ON articles.id = quotes.article_id
        LEFT JOIN speakers ON speakers.id = quotes.speaker_id
        WHERE quotes.text LIKE ? || '%'""", opening)


def dump(db: Path) -> dict[str, list]:
    """Every table's schema and rows, order-independent."""
    connection = sqlite3.connect(db)
    try:
        tables = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        return {name: [sql] + sorted(repr(tuple(r)) for r in connection.execute(f'SELECT * FROM "{name}"'))
                for name, sql in tables}
    finally:
        connection.close()


# --- the first build -------------------------------------------------------------------------


def test_build_reports_five_extracted(built):
    _, result = built
    assert result.output.startswith("5 articles read (5 extracted, 0 unchanged skipped, 0 failed)")


def test_articles_have_sources_and_dates_from_the_manifest(conn):
    with open(SEEDS / "manifest.csv", newline="", encoding="utf-8") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle)}
    rows = conn.execute("SELECT path, source, published, text, content_hash FROM articles").fetchall()
    assert len(rows) == 5
    assert {r["source"] for r in rows} == {"TASS", "Press TV", "RT"}
    for row in rows:
        expected = manifest[Path(row["path"]).name]
        assert row["source"] == expected["source"]
        assert row["published"] == expected["published"]
        assert row["text"] == (SEEDS / Path(row["path"]).name).read_text(encoding="utf-8").replace("\r\n", "\n")


def test_ryabkov_quote_speaker_role_and_offsets(conn):
    row = quote_starting(conn, RYABKOV_OPENING)
    assert row["canonical"] == "Sergey Ryabkov"
    assert row["speaker_name"] == "Sergey Ryabkov"
    assert "Deputy Foreign Minister" in row["role"]
    assert row["kind"] == "direct"
    assert Path(row["article_path"]).name == "000_d246774b3642ae6f.txt"
    assert row["start"] == row["article_text"].index(RYABKOV_OPENING)
    assert row["article_text"][row["start"]:row["end"]] == row["text"]
    assert row["speaker_mention"] == "the high-ranking diplomat"


@pytest.mark.parametrize("opening, speaker, role, kind", [
    ("We reserve the right to conduct unilateral strikes", "Sergey Shoigu", "Defense Minister", "person"),
    ("In the evening of September 19 an attack drone", "Igor Konashenkov", "spokesman", "person"),
    ("All necessary measures are taken", "Dmitry Peskov", "Kremlin spokesman", "person"),
    ("There is no agreement to conduct joint air strikes", "John Kirby", "spokesman", "person"),
    ("The shelling from multiple rocket systems ran for 24 hours", "Russian Defense Ministry", None,
     "organization"),
])
def test_named_quotes(conn, opening, speaker, role, kind):
    row = quote_starting(conn, opening)
    assert row["canonical"] == speaker
    assert row["speaker_kind"] == kind
    if role:
        assert role in (row["role"] or "")
    assert row["article_text"][row["start"]:row["end"]] == row["text"]
    assert row["start"] == row["article_text"].index(opening)


def test_defense_ministry_is_one_organization(conn):
    rows = conn.execute("SELECT * FROM speakers WHERE name LIKE '%Defen%Ministry%'").fetchall()
    assert [(r["name"], r["kind"]) for r in rows] == [("Russian Defense Ministry", "organization")]
    assert rows[0]["article_count"] >= 2


def test_every_quote_is_its_article_span(conn):
    rows = conn.execute("""SELECT quotes.id, quotes.text, quotes.start, quotes."end", articles.text AS body
                           FROM quotes JOIN articles ON articles.id = quotes.article_id""").fetchall()
    assert len(rows) == one(conn, "SELECT count(*) AS n FROM quotes")["n"] >= 80
    for row in rows:
        assert row["body"][row["start"]:row["end"]] == row["text"], row["id"]


def test_one_lavrov_across_spellings(conn):
    rows = conn.execute("SELECT id, name, aliases FROM speakers WHERE name LIKE '%Lavrov%' "
                        "OR aliases LIKE '%Lavrov%'").fetchall()
    assert len(rows) == 1, [dict(r) for r in rows]
    assert rows[0]["id"] == "sergey-lavrov"
    linked = conn.execute("SELECT DISTINCT speaker_id FROM article_speakers WHERE name LIKE '%Lavrov%'")
    assert [r[0] for r in linked] == ["sergey-lavrov"]


def test_one_lavrov_when_both_spellings_are_quoted(tmp_path):
    """The seeds quote only `Sergey`; here one article quotes Sergei and another Sergey."""
    (tmp_path / "a.txt").write_text('Russian Foreign Minister Sergei Lavrov said the talks in '
                                    'Geneva would resume next week.\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text('"We are ready for a new round," Foreign Minister Sergey '
                                    'Lavrov told reporters in Moscow.\n', encoding="utf-8")
    db = tmp_path / "lavrov.db"
    result = build([tmp_path / "a.txt", tmp_path / "b.txt"], db)
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(db)
    speakers = connection.execute("SELECT id, aliases, quote_count, article_count FROM speakers "
                                  "WHERE name LIKE '%Lavrov%'").fetchall()
    assert len(speakers) == 1, speakers
    _, aliases, quote_count, article_count = speakers[0]
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(json.loads(aliases))
    assert (quote_count, article_count) == (2, 2)
    connection.close()


def test_ryabkov_is_one_row_quoted_in_two_articles(conn):
    row = one(conn, "SELECT * FROM speakers WHERE name LIKE '%Ryabkov%'")
    assert row["name"] == "Sergey Ryabkov"
    assert row["article_count"] == 2
    articles = conn.execute("SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ?", (row["id"],))
    assert len(articles.fetchall()) == 2
    assert row["quote_count"] == one(conn, "SELECT count(*) AS n FROM quotes WHERE speaker_id = ?",
                                     row["id"])["n"]


def test_speaker_ids_and_names_are_unique(conn):
    names = [r[0] for r in conn.execute("SELECT name FROM speakers")]
    assert len(names) == len(set(names))


# --- building again --------------------------------------------------------------------------


def test_second_build_changes_nothing(built, tmp_path):
    db = tmp_path / "again.db"
    shutil.copy(built[0], db)
    before = dump(db)
    result = build([SEEDS], db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5 articles read (0 extracted, 5 unchanged skipped, 0 failed)")
    assert dump(db) == before


def test_changed_article_is_reextracted_and_its_old_quotes_replaced(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = tmp_path / "changed.db"
    assert build([seeds], db).exit_code == 0
    target = seeds / "000_d246774b3642ae6f.txt"
    old = '"We have not rejected this prospect," the high-ranking diplomat said.'
    new = '"We have not abandoned this idea at all," the high-ranking diplomat said.'
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")

    result = build([seeds], db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5 articles read (1 extracted, 4 unchanged skipped, 0 failed)")
    connection = sqlite3.connect(db)
    paths = [r[0] for r in connection.execute("SELECT path FROM articles")]
    assert sorted(Path(p).name for p in paths) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert connection.execute("SELECT count(*) FROM quotes WHERE text LIKE ?",
                              (RYABKOV_OPENING + "%",)).fetchone()[0] == 0
    row = connection.execute("""SELECT quotes.text, quotes.start, quotes."end", articles.text, speaker_name
                                FROM quotes JOIN articles ON articles.id = quotes.article_id
                                WHERE quotes.text LIKE 'We have not abandoned%'""").fetchall()
    assert len(row) == 1
    quote, start, end, body, speaker = row[0]
    assert body[start:end] == quote and speaker == "Sergey Ryabkov"
    orphans = connection.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN "
                                 "(SELECT id FROM articles)").fetchone()[0]
    assert orphans == 0
    connection.close()


# --- evaluation against the gold -------------------------------------------------------------


def test_eval_against_seed_gold(built):
    result = run_cli("eval", GOLD, "--db", built[0], "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["detection"]["f1"] >= 0.97
    assert scores["attribution"]["f1"] >= 0.95
    indirect = scores["by_kind"]["indirect"]
    assert indirect["found"] / indirect["required"] >= 0.95
    assert scores["ids_per_speaker"]["mean"] == 1.0


# --- bad input and bad options ---------------------------------------------------------------


def test_bad_inputs_are_reported_and_skipped(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_text(
        "Finance Minister Olga Ramirez said the bank would cut interest rates in the spring.\n",
        encoding="utf-8")
    lines = [
        json.dumps({"id": "a1", "source": "Herald",
                    "text": "Mayor Tom Reed said the bridge would reopen in March."}),
        '{"id": "a2", "text": "unterminated',
        json.dumps({"id": "a3", "text": '"We will not sell the club," said the owner, Bernard Kowalski.'}),
    ]
    (tmp_path / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    db = tmp_path / "bad.db"

    result = build([tmp_path / "empty.txt", tmp_path / "binary.txt", missing,
                    tmp_path / "archive.jsonl", tmp_path / "good.txt"], db)

    assert result.exit_code == 3, result.output  # stored what it could; some inputs failed
    warnings = result.stderr
    for name in ("empty.txt", "binary.txt", "missing.txt", "archive.jsonl:2"):
        assert name in warnings, warnings
    assert "7 articles read (3 extracted, 0 unchanged skipped, 4 failed)" in result.stdout
    connection = sqlite3.connect(db)
    speakers = {r[0] for r in connection.execute("SELECT speaker_name FROM quotes")}
    assert speakers == {"Olga Ramirez", "Tom Reed", "Bernard Kowalski"}
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    connection.close()


def test_missing_model_names_what_to_install(tmp_path):
    (tmp_path / "good.txt").write_text("Mayor Tom Reed said the bridge would reopen in March.\n",
                                       encoding="utf-8")
    result = build([tmp_path / "good.txt"], tmp_path / "m.db", "--model", "no_such_model")
    assert result.exit_code != 0
    assert "no_such_model" in result.output
    assert "install" in result.output.lower()
    assert "Traceback" not in result.output
