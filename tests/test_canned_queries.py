"""The canned query "quotes by a speaker between two dates", through datasette.client.

A speaker is found by the same key as on the search page (quotes.lookup: accents folded,
punctuation dropped), and a statement dated only to a month or a year is listed when that month
or year overlaps the range asked for.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from urllib.parse import urlencode

import pytest

from conftest_publish import sample_in
from quotes import lookup, publish

MINISTRY = ("russian-defense-ministry", "Russian Defense Ministry", "organization",
            ["Russian Defense Ministry", "Russia's Defense Ministry"])
#: quote id suffix -> said_on, precision
MINISTRY_QUOTES = {"1-2": ("2016-03", "month"), "3-4": ("2016-03-15", "day"), "5-6": ("2016", "year"),
                   "7-8": ("2016-05-20", "day"), "9-10": ("2015-12", "month")}


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    sample = sample_in(tmp_path_factory, "canned")
    article_id = sample["articles"]["shoigu-may"]
    speaker_id, name, kind, aliases = MINISTRY
    conn = sqlite3.connect(sample["path"])
    conn.execute("insert into speakers (id, name, kind, aliases) values (?, ?, ?, ?)",
                 (speaker_id, name, kind, json.dumps(aliases)))
    conn.executemany("insert into speaker_names (key, speaker_id) values (?, ?)",
                     [(key, speaker_id) for key in lookup.speaker_name_keys(name, kind, aliases)])
    for offsets, (said_on, precision) in MINISTRY_QUOTES.items():
        start, end = map(int, offsets.split("-"))
        conn.execute("insert into quotes (id, article_id, speaker_id, speaker_name, text, start, end, said_on,"
                     " said_on_precision) values (?, ?, ?, ?, 'x', ?, ?, ?, ?)",
                     (f"{article_id}:{offsets}", article_id, speaker_id, name, start, end, said_on, precision))
    conn.commit()
    conn.close()
    return publish.make_datasette(sample["path"])


def _said_on(ds, speaker: str, date_from: str = "", date_to: str = "") -> list[str]:
    query = urlencode({"speaker": speaker, "date_from": date_from, "date_to": date_to})
    response = asyncio.run(ds.client.get(f"/quotes/quotes_by_speaker_between_dates.json?_shape=array&{query}"))
    assert response.status_code == 200, response.text[:300]
    return sorted(row["said_on"] for row in response.json())


@pytest.mark.parametrize("typed", [
    "Russia’s Defense Ministry",  # a curly apostrophe: 0 rows before
    "Russia's Defense Ministry", "RUSSIAN DEFENSE MINISTRY", "Russian  Defense  Ministry",
    "Russian Defense Ministry.", "Russian Defénse Ministry", "russian-defense-ministry",
])
def test_a_speaker_is_found_by_the_search_pages_key(ds, typed):
    assert len(_said_on(ds, typed)) == len(MINISTRY_QUOTES)
    # the same names on the search page name the same speaker
    page = asyncio.run(ds.client.get("/-/search?" + urlencode({"q": typed}))).text
    assert "/-/speaker/russian-defense-ministry" in page


@pytest.mark.parametrize("date_from, date_to, expected", [
    # a month's statements, whether dated to the day, the month or only the year
    ("2016-03-01", "2016-03-31", ["2016", "2016-03", "2016-03-15"]),
    ("2016-03", "2016-03", ["2016", "2016-03", "2016-03-15"]),
    ("2016-03-16", "2016-05-31", ["2016", "2016-03", "2016-05-20"]),
    ("2016-04-01", "", ["2016", "2016-05-20"]),
    ("", "2016-02-29", ["2015-12", "2016"]),
    ("2015", "2015", ["2015-12"]),
    ("2016-05-21", "2016-12-31", ["2016"]),
])
def test_a_date_range_keeps_statements_dated_to_a_month_or_year_it_overlaps(ds, date_from, date_to, expected):
    assert _said_on(ds, "Russian Defense Ministry", date_from, date_to) == expected
