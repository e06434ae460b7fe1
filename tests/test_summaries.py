"""The counts the build keeps for the pages (quotes.summaries) against the real counts.

Real builds of seeds/ (the real spaCy model, one worker) into real SQLite files: after a first
build, after a rebuild in which an article changed and a speaker correction moved quotes to
another speaker, and on a database whose summaries were lost. Then the pages: the quotes table's
facets and the speaker page read the counts (shown by changing a count behind the page's back),
and agree with grouping the rows.
"""

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
from quotes.summaries import FACET_TABLE, SPEAKER_TABLE, counts_from_tables
from quotes.web import queries

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def build(db: Path, *args) -> None:
    result = CliRunner().invoke(cli, ["build", *[str(a) for a in args], "--db", str(db), "--workers", "1",
                                      "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def stored_counts(db: Path) -> tuple[list, list]:
    conn = sqlite3.connect(db)
    try:
        return (sorted(conn.execute(f"SELECT * FROM [{FACET_TABLE}]")),
                sorted(conn.execute(f"SELECT * FROM [{SPEAKER_TABLE}]")))
    finally:
        conn.close()


def real_counts(db: Path) -> tuple[list, list]:
    conn = sqlite3.connect(db)
    try:
        return counts_from_tables(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("summaries") / "quotes.db"
    build(db, SEEDS)
    return db


def test_counts_agree_after_a_build(built):
    stored = stored_counts(built)
    assert stored == real_counts(built)
    conn = sqlite3.connect(built)
    quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    direct = conn.execute("SELECT count(*) FROM quotes WHERE kind = 'direct'").fetchone()[0]
    conn.close()
    assert quotes > 50 and direct > 0
    assert ("quotes", "", "", quotes) in stored[0]
    assert ("quotes", "kind", "direct", direct) in stored[0]
    assert {facet for _, facet, _, _ in stored[1]} == {"role", "month", "source_article"}


def test_counts_agree_after_a_rebuild_that_changes_articles_and_speakers(tmp_path):
    db = tmp_path / "quotes.db"
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    build(db, seeds)
    edited = sorted(seeds.glob("*.txt"))[0]
    text = edited.read_text(encoding="utf-8")
    # the article loses its second half and its quotes; without a url its id is its text's, so
    # the old version's rows are deleted and the new version's inserted
    cut = text.index("\n", len(text) // 2)
    edited.write_text(text[:cut] + "\n", encoding="utf-8")
    conn = sqlite3.connect(db)
    top, second = [row[0] for row in conn.execute("SELECT id FROM speakers ORDER BY quote_count DESC, id LIMIT 2")]
    before = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    conn.close()
    fix = tmp_path / "fix.csv"
    fix.write_text(f"action,speaker,value\nmerge,{second},{top}\n", encoding="utf-8")
    build(db, seeds, "--speakers", fix)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] < before
    assert conn.execute("SELECT count(*) FROM quotes WHERE speaker_id = ?", [second]).fetchone()[0] == 0
    conn.close()
    stored = stored_counts(db)
    assert stored == real_counts(db)
    assert not any(speaker == second for speaker, *_ in stored[1])
    build(db, seeds)  # nothing new: the counts stay as they are
    assert stored_counts(db) == stored


def test_lost_summaries_are_counted_again_on_open(built, tmp_path):
    db = tmp_path / "quotes.db"
    shutil.copyfile(built, db)
    conn = sqlite3.connect(db)
    triggers = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                 "AND name LIKE 'summary_%'")]
    assert len(triggers) > 4
    for name in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    conn.execute(f"DROP TABLE [{SPEAKER_TABLE}]")
    conn.execute("DELETE FROM quotes WHERE kind = 'indirect'")  # while nothing counts
    conn.commit()
    conn.close()
    QuoteStore(db).close()
    assert stored_counts(db) == real_counts(db)
    assert stored_counts(db)[1]


async def _get_json(datasette, path: str) -> dict:
    response = await datasette.client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def test_table_facets_read_the_counts_unfiltered_and_count_rows_filtered(built, tmp_path):
    db = tmp_path / "quotes.db"
    shutil.copyfile(built, db)

    async def facets(path: str) -> dict:
        data = await _get_json(make_datasette(db), path)
        return {name: {r["value"]: r["count"] for r in info["results"]}
                for name, info in data["facet_results"].items()}

    conn = sqlite3.connect(db)
    kinds = dict(conn.execute("SELECT kind, count(*) FROM quotes GROUP BY kind"))
    source = conn.execute("SELECT source FROM quotes GROUP BY source ORDER BY count(*) DESC").fetchone()[0]
    filtered = dict(conn.execute("SELECT kind, count(*) FROM quotes WHERE source = ? GROUP BY kind", [source]))
    speakers = dict(conn.execute("SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL "
                                 "GROUP BY speaker_id"))
    months = dict(conn.execute("SELECT substr(said_on, 1, 7), count(*) FROM quotes "
                               "WHERE said_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY 1"))
    found = asyncio.run(facets(f"/{db.stem}/quotes.json"))
    assert found["kind"] == kinds
    assert found["speaker_id"] == speakers
    assert found["said_on"] == months
    assert asyncio.run(facets(f"/{db.stem}/quotes.json?source={source}"))["kind"] == filtered
    # the unfiltered page reads the counts, the filtered one counts rows
    conn.execute(f"UPDATE [{FACET_TABLE}] SET count = 12345 WHERE table_name = 'quotes' AND facet = 'kind' "
                 "AND value = 'direct'")
    conn.execute(f"UPDATE [{FACET_TABLE}] SET count = 54321 WHERE table_name = 'quotes' AND facet = 'said_on_month'")
    conn.commit()
    conn.close()
    assert asyncio.run(facets(f"/{db.stem}/quotes.json"))["kind"]["direct"] == 12345
    assert set(asyncio.run(facets(f"/{db.stem}/quotes.json"))["said_on"].values()) == {54321}
    assert asyncio.run(facets(f"/{db.stem}/quotes.json?source={source}"))["kind"] == filtered


def test_speaker_page_counts_agree_with_grouping_the_quotes(built):
    async def compare() -> int:
        datasette = make_datasette(built)
        db = datasette.get_database(built.stem)
        speakers = [row[0] for row in (await db.execute("select id from speakers")).rows]
        for speaker_id in speakers:
            counted = await queries._speaker_counts(
                db, dict((await db.execute("select * from speakers where id = ?", [speaker_id])).first()),
                {"id": speaker_id})
            grouped = await queries._speaker_groups(db, {"id": speaker_id})
            stats, roles, outlets, months = counted
            assert stats == grouped[0], speaker_id
            assert roles == grouped[1], speaker_id
            assert sorted(outlets, key=lambda o: (o["source"] or "")) == \
                sorted(grouped[2], key=lambda o: (o["source"] or "")), speaker_id
            assert {m["month"]: m["n"] for m in months} == {m["month"]: m["n"] for m in grouped[3]}, speaker_id
        return len(speakers)

    assert asyncio.run(compare()) > 5


def test_home_page_totals_and_outlets_come_from_the_counts(built, tmp_path):
    db = tmp_path / "quotes.db"
    shutil.copyfile(built, db)
    conn = sqlite3.connect(db)
    quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    outlets = conn.execute("SELECT source, count(*) FROM articles GROUP BY source ORDER BY 2 DESC, 1").fetchall()
    conn.close()

    async def home() -> dict:
        datasette = make_datasette(db)
        return await queries.home_data(datasette.get_database(db.stem))

    data = asyncio.run(home())
    assert data["totals"]["quotes"] == quotes
    assert [(o["source"], o["n"]) for o in data["outlets"]] == outlets
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE [{FACET_TABLE}] SET count = 777777 WHERE table_name = 'quotes' AND facet = ''")
    conn.commit()
    conn.close()
    assert asyncio.run(home())["totals"]["quotes"] == 777777
