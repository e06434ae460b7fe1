"""Deferred upkeep (quotes.upkeep): a build into an empty database drops indexes and triggers
and ends with the same shape, search index and counts as a database that kept them throughout.
Real builds of seeds/ into real SQLite files."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.publish import make_datasette
from quotes.store import QuoteStore
from quotes.summaries import counts_from_tables
from quotes.web import queries

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def build(db: Path, *paths) -> None:
    result = CliRunner().invoke(cli, ["build", *[str(p) for p in paths], "--db", str(db), "--workers", "1",
                                      "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def shape(db: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return set(conn.execute("SELECT type, name FROM sqlite_master"))
    finally:
        conn.close()


def test_a_build_into_an_empty_database_defers_and_ends_with_the_whole_shape(tmp_path):
    empty = tmp_path / "empty.db"
    QuoteStore(empty).close()  # the shape a database has before any row
    store = QuoteStore(tmp_path / "probe.db")
    dropped = store.defer_upkeep()
    store.close()
    assert "idx_quotes_speaker_id" in dropped and "quotes_ai" in dropped and "summary_quotes_ai" in dropped
    assert "idx_quotes_article_id" not in dropped

    db = tmp_path / "quotes.db"
    build(db, SEEDS)
    assert shape(db) == shape(empty)
    conn = sqlite3.connect(db)
    # the full-text index holds every quote: FTS5 checks it against the quotes table, and
    # indexing everything again finds no more matches
    conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('integrity-check')")
    matches = conn.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'Russia'").fetchone()[0]
    conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")
    assert conn.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'Russia'").fetchone()[0] == matches > 0
    facets, speakers = counts_from_tables(conn)
    assert facets == sorted(conn.execute("SELECT * FROM facet_counts"))
    assert speakers == sorted(conn.execute("SELECT * FROM speaker_counts"))
    conn.close()


def test_a_database_with_rows_keeps_its_indexes_and_triggers(tmp_path):
    db = tmp_path / "quotes.db"
    build(db, SEEDS)
    store = QuoteStore(db)
    assert store.defer_upkeep() == []
    store.close()


def test_an_interrupted_deferred_build_is_repaired_when_the_file_is_next_opened(tmp_path):
    db = tmp_path / "quotes.db"
    build(db, SEEDS)
    whole = shape(db)
    broken = tmp_path / "broken.db"
    store = QuoteStore(tmp_path / "fresh.db")
    store.defer_upkeep()
    store.close()
    shutil.copyfile(tmp_path / "fresh.db", broken)
    assert shape(broken) < whole  # indexes and triggers missing, as a build stopped midway leaves them
    QuoteStore(broken).close()
    assert shape(broken) == whole


def test_a_file_whose_deferred_build_stopped_midway_is_served_with_true_counts(tmp_path):
    """A build into an empty file saved its batches, then was killed before the indexes, search
    and counts were made again (or is still running while the file is served): the pages count
    the rows, not the summary tables nobody keeps up to date yet."""
    source = tmp_path / "source.db"
    build(source, SEEDS)
    conn = sqlite3.connect(source)
    conn.row_factory = sqlite3.Row
    rows = {table: [dict(row) for row in conn.execute(f"SELECT * FROM [{table}]")]
            for table in ("articles", "speakers", "article_speakers", "quotes")}
    conn.close()
    db = tmp_path / "quotes.db"
    store = QuoteStore(db)
    assert "summary_quotes_ai" in store.defer_upkeep()
    store.insert_rows(rows)  # the batches saved before the kill, with nothing counting them
    store.close()
    quotes = len(rows["quotes"])
    kinds = {}
    for row in rows["quotes"]:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    speaker = max(rows["speakers"], key=lambda s: s["quote_count"])

    async def pages():
        datasette = make_datasette(db)
        database = datasette.get_database(db.stem)
        home = await queries.home_data(database)
        response = await datasette.client.get(f"/{db.stem}/quotes.json")
        assert response.status_code == 200, response.text
        facets = {r["value"]: r["count"] for r in response.json()["facet_results"]["kind"]["results"]}
        profile = await queries.speaker_profile(database, speaker["id"])
        return home, facets, profile

    async def search():
        return await queries.search_quotes(make_datasette(db).get_database(db.stem), "Russia", phrase=False,
                                           order="relevance")

    # the search index is empty until the build ends: the search says so, not "no matches"
    with pytest.raises(LookupError, match="search index is not complete"):
        asyncio.run(search())
    home, facets, profile = asyncio.run(pages())
    assert home["totals"]["quotes"] == quotes > 50
    assert home["totals"]["articles"] == len(rows["articles"])
    assert facets == kinds
    assert sum(outlet["n"] for outlet in profile["outlets"]) == speaker["quote_count"] > 0
