"""A database written before statement dates and source links (issue 10) is upgraded by the
next build, and refused by ``quotes serve`` with what to do until then.

The old database is the seeds built now with those columns taken out again (and the articles
marked as extracted by rules version 4), which is what an older version wrote.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from quotes import publish
from quotes.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
#: the columns issue 10 added to quotes
NEW_COLUMNS = ("said_on", "said_on_precision", "said_on_from", "said_on_text", "article_title", "article_url",
               "context_url")
COMPARED = "id, said_on, said_on_precision, said_on_from, said_on_text, article_title, article_url, context_url"


def _build(*args: str):
    return CliRunner().invoke(cli, ["build", *args, "--workers", "1", "--no-progress"])


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("fresh") / "quotes.db"
    result = _build(str(SEEDS), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def old(fresh, tmp_path) -> Path:
    db = tmp_path / "old.db"
    shutil.copy(fresh, db)
    conn = sqlite3.connect(db)
    for name in [row[0] for row in conn.execute("select name from sqlite_master where type = 'index' "
                                                "and (sql like '%said_on%' or sql like '%(date(%')")]:
        conn.execute(f"drop index [{name}]")
    conn.commit()
    conn.close()
    old_db = sqlite_utils.Database(db)
    old_db["quotes"].transform(drop=set(NEW_COLUMNS))
    old_db.execute("update articles set extractor_version = '4+en_core_web_sm-3.8.0'")
    old_db.execute("update quotes set extractor_version = '4+en_core_web_sm-3.8.0'")
    old_db.execute("pragma application_id = 0")
    old_db.execute("pragma user_version = 0")
    old_db.conn.commit()
    old_db.close()
    return db


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_serving_an_old_database_says_to_build_it_first(old):
    with pytest.raises(ValueError, match=r"older version of quotes .*said_on.*quotes build"):
        publish.make_datasette(old)
    result = CliRunner().invoke(cli, ["serve", "--db", str(old)])
    assert result.exit_code == 1
    assert "older version of quotes" in result.output and "Traceback" not in result.output


def test_a_build_upgrades_every_stored_article_as_a_fresh_build_stores_it(fresh, old, tmp_path):
    other = tmp_path / "other"  # a build of something else, not of the stored articles
    other.mkdir()
    (other / "note.txt").write_text("Nobody said anything here.\n", encoding="utf-8")
    result = _build(str(other), "--db", str(old))
    assert result.exit_code == 0, result.output
    assert "5 stored articles upgraded" in result.output
    assert _rows(old, "select count(*) from quotes where context_url is null or said_on is null") == [(0,)]
    assert _rows(old, f"select {COMPARED} from quotes order by id") == \
        _rows(fresh, f"select {COMPARED} from quotes order by id")
    # 000's "said on Friday" is dated by its text again; titles are the articles'
    assert ("2016-05-27", "text") in _rows(old, "select said_on, said_on_from from quotes where said_on_text = 'on Friday'")
    assert _rows(old, "select count(*) from quotes q join articles a on a.id = q.article_id "
                      "where q.article_title is not a.title") == [(0,)]
    again = _build(str(other), "--db", str(old))
    assert again.exit_code == 0 and "upgraded" not in again.output
    publish.make_datasette(old)  # and it can be served
