"""Streamed CSV downloads (``_stream=on``) of filtered views hold every matching row exactly once.

The sample database gets 600 more quotes of one speaker, all said on one day, so that every
download runs over many pages (50 rows each) of rows tied on the sort column, and SQLite answers
the speaker filter through its speaker_id index and a temporary sort: Datasette 0.65's own
streaming returned 394 of 637 rows there, one of them twice (quotes.web.stream).
"""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3

import pytest

from conftest_publish import sample_in
from quotes import publish

EXTRA_QUOTES = 600
SAID_ON = "2016-05-27"


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    sample = sample_in(tmp_path_factory, "stream")
    conn = sqlite3.connect(sample["path"])
    article_id = sample["articles"]["ryabkov-may"]
    text = conn.execute("select text from articles where id = ?", [article_id]).fetchone()[0]
    rows = []
    for index in range(EXTRA_QUOTES):
        start, end = index, index + 20  # ids whose text order differs from insertion order
        quote_id = f"{article_id}:{start}-{end}"
        rows.append((quote_id, article_id, "sergey-ryabkov", "Sergey Ryabkov", text[start:end], start, end,
                     "direct" if index % 3 else "indirect", SAID_ON, "day", "published", "TASS", SAID_ON))
    conn.executemany(
        "insert into quotes (id, article_id, speaker_id, speaker_name, text, start, end, kind, said_on,"
        " said_on_precision, said_on_from, source, published) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reversed(rows))
    conn.commit()
    conn.close()
    return sample


@pytest.fixture(scope="module")
def ds(many):
    return publish.make_datasette(many["path"])


def _ids(many, where: str, params=()) -> list[str]:
    conn = sqlite3.connect(many["path"])
    try:
        return [row[0] for row in conn.execute(f"select id from quotes where {where}", params)]
    finally:
        conn.close()


def _download(ds, query: str) -> list[dict]:
    response = asyncio.run(ds.client.get("/quotes/quotes.csv?_stream=on&" + query))
    assert response.status_code == 200, response.text[:300]
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("query, where, params", [
    ("speaker_id=sergey-ryabkov", "speaker_id = ?", ["sergey-ryabkov"]),
    ("speaker_id=sergey-ryabkov&_labels=on", "speaker_id = ?", ["sergey-ryabkov"]),
    ("speaker_id=sergey-ryabkov&kind=direct", "speaker_id = ? and kind = ?", ["sergey-ryabkov", "direct"]),
    ("said_on__startswith=2016-05", "said_on like ?", ["2016-05%"]),
    ("_search=Ryabkov", "rowid in (select rowid from quotes_fts where quotes_fts match ?)", ["Ryabkov"]),
    ("_sort=speaker_name&speaker_id__not=sergey-shoigu", "speaker_id != ?", ["sergey-shoigu"]),
    ("", "1", []),
])
def test_a_streamed_download_holds_every_matching_row_once(many, ds, query, where, params):
    expected = _ids(many, where, params)
    assert len(expected) > 100  # many pages
    got = [row["id"] for row in _download(ds, query)]
    assert len(got) == len(set(got)), "a row appears twice"
    assert sorted(got) == sorted(expected)


def test_the_download_keeps_the_view_order_and_labels(ds):
    rows = _download(ds, "speaker_id=sergey-ryabkov&_labels=on")
    keys = [(row["said_on"], row["id"]) for row in rows]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)
    assert rows[0]["speaker_id_label"] == "Sergey Ryabkov" and rows[0]["article_id_label"]


def test_a_short_download_is_what_datasette_writes(ds):
    """The same columns and cells as Datasette's own CSV for a view that fits one page."""
    query = "kind=indirect&speaker_id__isnull=0&source=Press+TV&_labels=on"
    ours = asyncio.run(ds.client.get("/quotes/quotes.csv?_stream=on&" + query)).text
    theirs = asyncio.run(ds.client.get("/quotes/quotes.csv?" + query)).text
    assert ours == theirs and ours.count("\n") >= 1


def test_a_bad_filter_answers_400_with_a_sentence(ds):
    response = asyncio.run(ds.client.get("/quotes/quotes.csv?_stream=on&_sort=nonexistent"))
    assert response.status_code == 400
    assert "Traceback" not in response.text and "sort" in response.text


@pytest.mark.parametrize("query", [
    "speaker_id=sergey-ryabkov&_labels=on",
    "speaker_id=sergey-ryabkov&kind=direct",
    "kind=indirect&_sort=role&_labels=on",  # 200 NULL roles first
    "_sort_desc=role",  # and last
    "source=TASS&_dl=1&_header=off",
])
def test_a_plain_view_read_from_sqlite_is_what_the_json_pages_give(many, ds, query, monkeypatch):
    """Views with only column=value filters are read straight from SQLite (quotes.web.stream
    ._sql_pages): the same bytes as through Datasette's JSON pages, over pages of 7 rows."""
    from quotes.web import stream

    monkeypatch.setattr(stream, "SQL_PAGE_ROWS", 7)
    pages = []
    real = stream._sql_pages

    def counted(*args, **kwargs):
        pages.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(stream, "_sql_pages", counted)
    direct = asyncio.run(ds.client.get("/quotes/quotes.csv?_stream=on&" + query))
    assert pages, "the plain view was not read from SQLite"
    monkeypatch.setattr(stream, "_plain_filters", lambda args: None)
    through_json = asyncio.run(ds.client.get("/quotes/quotes.csv?_stream=on&" + query))
    assert direct.status_code == through_json.status_code == 200
    assert direct.headers.get("content-disposition") == through_json.headers.get("content-disposition")
    assert direct.text == through_json.text and direct.text.count("\n") > 20
