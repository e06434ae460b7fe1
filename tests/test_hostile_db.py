"""A --db that is not a quotes database, or one that cannot be written (issue 12): a clear
error naming the file, nothing foreign altered, and a database that stays consistent.

Every build here is the real one: the spaCy model, a SQLite file, and the ``quotes`` command
through click's runner (or a subprocess where the operating system has to be involved).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from consistency import assert_consistent, table_dump
from hostile import good, read_only_build, run  # noqa: F401 (good: a fixture)
from quotes.cli import cli
from quotes.dbfile import APPLICATION_ID, SCHEMA_VERSION
from quotes.store import QuoteStore
from unprivileged import as_unprivileged_user, shared_dir  # noqa: F401 (a fixture)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- --db that is not a quotes database --------------------------------------------------------

def _foreign_database(path: Path, application_id: int = 0) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (slug TEXT PRIMARY KEY, body TEXT, author_id INT)")
        conn.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO articles VALUES ('hello', 'Hello world', 1)")
        conn.execute(f"PRAGMA application_id = {application_id}")
    return path


@pytest.mark.parametrize("application_id", [0, 0x4D505131])
def test_another_applications_database_is_refused_and_left_unchanged(tmp_path, good, application_id):
    db = _foreign_database(tmp_path / "blog.db", application_id)
    before = digest(db)
    result = run(good, "--db", db)
    assert result.exit_code == 1
    assert str(db) in result.output and "quotes leaves it unchanged" in result.output, result.output
    assert digest(db) == before


def test_a_text_file_as_database_is_refused_and_left_unchanged(tmp_path, good):
    db = tmp_path / "notes.txt"
    db.write_text("my shopping list\n")
    result = run(good, "--db", db)
    assert result.exit_code == 1
    assert f"Error: {db} is not a SQLite database" in result.output, result.output
    assert db.read_text() == "my shopping list\n"


def test_a_folder_as_database_is_refused(tmp_path, good):
    result = run(good, "--db", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path} is a folder, not a database file" in result.output, result.output


def test_a_new_database_is_marked(tmp_path, good):
    db = tmp_path / "q.db"
    run(good, "--db", db)
    with sqlite3.connect(db) as conn:
        marker = (conn.execute("PRAGMA application_id").fetchone()[0],
                  conn.execute("PRAGMA user_version").fetchone()[0])
    assert marker == (APPLICATION_ID, SCHEMA_VERSION)


def test_a_quotes_database_from_before_the_marker_is_opened_and_marked(tmp_path, good):
    db = tmp_path / "q.db"
    assert run(good, "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:  # what every build before the marker left: no marker at all
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 0")
    before = table_dump(db)
    result = run(good, "--db", db)
    assert "2 articles read (0 extracted, 2 unchanged skipped, 0 failed)" in result.output, result.output
    assert table_dump(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_database_of_a_newer_quotes_is_refused(tmp_path, good):
    db = tmp_path / "q.db"
    QuoteStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = run(good, "--db", db)
    assert result.exit_code == 1 and "newer version of quotes" in result.output, result.output


# --- the disk fills up --------------------------------------------------------------------------

def test_a_full_disk_ends_in_one_sentence_and_keeps_what_was_stored(tmp_path, good, monkeypatch):
    db = tmp_path / "q.db"
    assert run(good, "--db", db).exit_code == 0
    before = table_dump(db)
    big = tmp_path / "big"
    big.mkdir()
    (big / "long.txt").write_text(" ".join(f'"Sentence {i} is long enough to count," Orlov said.'
                                           for i in range(400)), encoding="utf-8")
    real_open = QuoteStore._open

    def open_on_a_nearly_full_disk(self):
        real_open(self)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk full"

    monkeypatch.setattr(QuoteStore, "_open", open_on_a_nearly_full_disk)
    result = run(good, big, "--db", db)
    assert result.exit_code == 1
    assert f"Error: cannot write to {db}: the disk is full" in result.output, result.output
    assert table_dump(db) == before
    assert_consistent(db)


# --- a read-only database -----------------------------------------------------------------------

def test_a_read_only_database_rebuilds_with_nothing_to_write_and_refuses_new_articles(shared_dir):
    good, db = read_only_build(shared_dir)
    before = digest(db)

    noop = as_unprivileged_user(["build", str(good), "--db", str(db), "--no-progress", "--workers", "1"],
                                 shared_dir)
    assert noop.returncode == 0, noop.stderr
    assert "2 articles read (0 extracted, 2 unchanged skipped, 0 failed)" in noop.stdout

    good.chmod(0o777)
    (good / "good3.txt").write_text('"It will rain," forecaster Ian Moss said.\n', encoding="utf-8")
    (good / "good3.txt").chmod(0o644)
    new = as_unprivileged_user(["build", str(good), "--db", str(db), "--no-progress", "--workers", "1"],
                                shared_dir)
    assert new.returncode == 1
    assert f"Error: cannot write to {db}: it is read-only" in new.stderr, new.stderr
    assert "Traceback" not in new.stderr
    assert digest(db) == before


def test_serving_a_text_file_ends_in_one_sentence(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("my shopping list\n")
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", "8799"])
    assert result.exit_code == 1
    assert f"Error: {db} is not a SQLite database Datasette can open" in result.output, result.output
    assert "Traceback" not in result.output
