"""Saved web pages as input (issue 12): a ``.html`` file or an archive record's ``html`` field
gives its main text (no navigation, banners, captions, related links, comments or footer),
title, date and url, and quotes are found in the text as stored.

tests/data/saved-news-page.html is a news page written for these tests in the shape of a real
one: header and navigation, a cookie banner, JSON-LD and Open Graph metadata, a byline with a
<time>, a photo caption, related links, reader comments and a footer."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from consistency import assert_consistent
from quotes.cli import EXIT_SOME_INPUTS_FAILED, cli

PAGE = Path(__file__).resolve().parent / "data" / "saved-news-page.html"
GOOD = '"The tram will run all night," transport chief Ana Ruiz said on Monday.\n'
URL = "https://courier.example.org/news/2024/03/14/harbour-bridge-reopen-june"


def run(*args):
    result = CliRunner().invoke(cli, ["build", *map(str, args), "--workers", "1", "--no-progress"])
    assert "Traceback" not in result.output, result.output
    return result


def test_a_saved_news_page_gives_its_article_and_its_quotes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_bytes(PAGE.read_bytes())
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "q.db"
    result = run(folder, "--db", db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        page = conn.execute("SELECT * FROM articles WHERE path LIKE '%page.html'").fetchone()
        quotes = {row["text"]: row["speaker_name"] for row in conn.execute(
            "SELECT q.text, q.speaker_name FROM quotes q WHERE q.article_id = ?", (page["id"],))}
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert (page["title"], page["published"], page["url"], page["source"]) == (
        "Harbour bridge to reopen in June, city engineer says", "2024-03-14", URL, "The Riverside Courier")
    assert json.loads(page["extra"])["text_from"] == "html"
    text = page["text"]
    assert text.startswith("Harbour bridge to reopen in June") and "compensate businesses" in text
    for furniture in ("cookies", "Subscribe", "Photo: Courier archive", "Read more", "Comments",
                      "cycling around the harbour", "All rights reserved", "dataLayer", "<p>"):
        assert furniture not in text, furniture
    assert quotes.get("The bridge will open to cars and trams in June, and to cyclists a week earlier,") \
        == "Pavel Orlov", quotes
    assert quotes.get("People have been patient, and they will get their bridge back,") == "Anna Kovacs", quotes
    assert any(speaker == "Henrik Dahl" for speaker in quotes.values()), quotes
    assert_consistent(db)

    again = run(folder, "--db", db)  # a re-run changes nothing
    assert "2 articles read (0 extracted, 2 unchanged skipped, 0 failed)" in again.output


def test_an_archive_record_with_html_keeps_its_own_fields(tmp_path):
    archive = tmp_path / "pages.jsonl"
    archive.write_text(json.dumps({"id": "p1", "html": PAGE.read_text(encoding="utf-8"),
                                   "title": "Bridge reopens", "source": "Courier archive"}) + "\n"
                       + json.dumps({"id": "g1", "text": GOOD}) + "\n", encoding="utf-8")
    db = tmp_path / "q.db"
    assert run(archive, "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT title, source, published, url, text FROM articles WHERE source_id = 'p1'").fetchone()
    assert row[:4] == ("Bridge reopens", "Courier archive", "2024-03-14", URL)
    assert "Pavel Orlov said at a news conference" in row[4] and "<" not in row[4]
    assert_consistent(db)


def test_a_page_without_article_text_is_reported_and_the_rest_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.html").write_text(
        "<html><head><title>Loading</title><script>render()</script></head>"
        "<body><div id='app'></div></body></html>", encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "q.db"
    result = run(folder, "--db", db)
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert f"{folder / 'empty.html'}: no article text found in this HTML page" in result.output
    assert "2 articles read (1 extracted, 0 unchanged skipped, 1 failed)" in result.output
    assert_consistent(db)
