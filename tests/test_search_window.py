"""Search by relevance on a large database ranks a bounded window of matches (the ones stored
last), counts all of them, and says so. The window is made small here so that the seed
articles' matches overflow it; real build of seeds/, Datasette through ``datasette.client``."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.publish import make_datasette
from quotes.web import queries

ROOT = Path(__file__).resolve().parents[1]
WINDOW = 4


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search-window") / "quotes.db"
    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "--db", str(path), "--workers", "1",
                                      "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def test_relevance_ranks_the_matches_stored_last_and_counts_all(db, monkeypatch):
    conn = sqlite3.connect(db)
    matching = [rowid for (rowid,) in conn.execute(
        "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH '\"Russia\"' ORDER BY rowid DESC")]
    ids = dict(conn.execute("SELECT rowid, id FROM quotes"))
    conn.close()
    assert len(matching) > WINDOW
    monkeypatch.setattr(queries, "RANK_WINDOW", WINDOW)

    async def search(**options) -> dict:
        datasette = make_datasette(db)
        return await queries.search_quotes(datasette.get_database(db.stem), "Russia", phrase=False, **options)

    found = asyncio.run(search(order="relevance"))
    assert found["total"] == len(matching) and found["ranked"] == WINDOW
    assert {r["id"] for r in found["results"]} == {ids[rowid] for rowid in matching[:WINDOW]}
    newest = asyncio.run(search(order="newest"))  # ordering by date is not windowed
    assert newest["ranked"] == newest["total"] == len(newest["results"]) == len(matching)

    async def page() -> str:
        response = await make_datasette(db).client.get("/-/search?q=Russia")
        assert response.status_code == 200
        return response.text

    html = asyncio.run(page())
    assert f"the {WINDOW} matches added last" in html and f"hold all {len(matching)}" in html
    assert 'rel="next"' not in html and "page=2" not in html
