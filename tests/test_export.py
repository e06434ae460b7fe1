"""`quotes export --format parquet` (issue 13): a real build of the seeds, exported, read back
with pyarrow, and checked against the SQLite file it came from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from quotes.cli import cli
from test_build_seeds import SEEDS


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("export-build") / "quotes.db"
    result = run("build", SEEDS, "--db", db, "--workers", "1", "--no-progress")
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "parquet"
    result = run("export", "--format", "parquet", folder, "--db", built)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"written to {folder}")
    return folder


def dataset(folder: Path, table: str):
    return ds.dataset(folder / table, format="parquet", partitioning="hive")


def sql(db: Path, query: str, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("table", ["quotes", "articles", "speakers"])
def test_every_row_is_exported(built, exported, table):
    assert dataset(exported, table).count_rows() == sql(built, f"SELECT count(*) FROM {table}")[0][0] > 0


def test_quotes_are_partitioned_by_month_and_keep_their_values(built, exported):
    months = {p.name for p in (exported / "quotes").iterdir()}
    expected = {f"month={m or '__HIVE_DEFAULT_PARTITION__'}"
                for (m,) in sql(built, "SELECT DISTINCT published_month FROM quotes")}
    assert months == expected and len(months) >= 2
    table = dataset(exported, "quotes").to_table()
    assert table.schema.field("start").type == "int64"
    rows = {r["id"]: r for r in table.to_pylist()}
    for quote_id, text, start, speaker_id, month in sql(
            built, "SELECT id, text, start, speaker_id, published_month FROM quotes"):
        row = rows[quote_id]
        assert (row["text"], row["start"], row["speaker_id"], row["month"]) == (
            text, start, speaker_id, month or "__HIVE_DEFAULT_PARTITION__")


def test_quotes_join_speakers_and_articles(built, exported):
    quotes = dataset(exported, "quotes").to_table(columns=["id", "speaker_id", "article_id"])
    speakers = dataset(exported, "speakers").to_table(columns=["id", "name"])
    articles = dataset(exported, "articles").to_table(columns=["id", "title"])
    joined = (quotes.join(speakers, "speaker_id", "id", join_type="inner", right_suffix="_speaker")
              .join(articles, "article_id", "id", join_type="inner", right_suffix="_article"))
    expected = sql(built, """SELECT q.id, s.name, a.title FROM quotes q
                             JOIN speakers s ON s.id = q.speaker_id JOIN articles a ON a.id = q.article_id""")
    assert joined.num_rows == len(expected) > 0
    got = {(r["id"], r["name"], r["title"]) for r in joined.to_pylist()}
    assert got == set(expected)
    ryabkov = joined.filter(pc.equal(joined["name"], "Sergey Ryabkov"))
    assert ryabkov.num_rows > 0


def test_exporting_again_replaces_the_earlier_export(built, exported):
    before = dataset(exported, "quotes").count_rows()
    result = run("export", exported, "--db", built)
    assert result.exit_code == 0, result.output
    assert dataset(exported, "quotes").count_rows() == before


def test_a_missing_database_is_one_sentence(tmp_path):
    result = run("export", tmp_path / "out", "--db", tmp_path / "none.db")
    assert result.exit_code == 1
    assert result.output == f"Error: no database at {tmp_path / 'none.db'}: run `quotes build` first, or give --db\n"


def test_another_applications_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    result = run("export", tmp_path / "out", "--db", other)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {other} is not a quotes database"), result.output
    assert not (tmp_path / "out").exists()


def test_a_text_file_as_database_is_refused(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("not a database\n" * 20)
    result = run("export", tmp_path / "out", "--db", text)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {text} is not a SQLite database"), result.output


def test_a_folder_with_other_files_is_left_alone(built, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    result = run("export", folder, "--db", built)
    assert result.exit_code == 1
    assert "is not empty and holds no earlier export" in result.output
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_statements_are_exported_by_the_month_first_published(built, tmp_path):
    """The statements table (issue 11): every row, partitioned by the month first published."""
    db = tmp_path / "with-statements.db"
    db.write_bytes(built.read_bytes())
    conn = sqlite3.connect(db)
    conn.executemany("INSERT INTO statements (id, text, first_published, quote_count) VALUES (?, ?, ?, ?)",
                     [("s1", "a", "2017-05-27", 2), ("s2", "b", "2017-06-01", 3), ("s3", "c", None, 2)])
    conn.commit()
    total = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    months = {f"month={m or '__HIVE_DEFAULT_PARTITION__'}" for (m,) in
              conn.execute("SELECT DISTINCT substr(first_published, 1, 7) FROM statements")}
    conn.close()
    result = run("export", tmp_path / "out", "--db", db)
    assert result.exit_code == 0, result.output
    assert f"{total} statements" in result.output
    assert {p.name for p in (tmp_path / "out" / "statements").iterdir()} == months
    assert {"month=2017-05", "month=2017-06", "month=__HIVE_DEFAULT_PARTITION__"} <= months
    assert dataset(tmp_path / "out", "statements").count_rows() == total


def test_stray_values_are_written_as_text_or_named(built, tmp_path):
    """SQLite lets any column hold any value: a number in a text column is exported as text; text
    in a number column stops the export with the table and column named."""
    db = tmp_path / "stray.db"
    db.write_bytes(built.read_bytes())
    conn = sqlite3.connect(db)
    conn.execute("UPDATE speakers SET name = 42 WHERE id = (SELECT min(id) FROM speakers)")
    conn.commit()
    result = run("export", tmp_path / "out", "--db", db)
    assert result.exit_code == 0, result.output
    names = dataset(tmp_path / "out", "speakers").to_table(columns=["name"]).column("name").to_pylist()
    assert "42" in names
    conn.execute("UPDATE quotes SET start = 'early' WHERE rowid = 1")
    conn.commit()
    conn.close()
    result = run("export", tmp_path / "out", "--db", db)
    assert result.exit_code == 1
    assert result.output.startswith("Error: quotes.start holds a value that is not int64"), result.output
