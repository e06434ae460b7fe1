"""Arbitrary SQL sent to ``quotes serve`` has a bounded cost, and pages stay served (issue 12).

The Datasette instance is quotes.publish.make_datasette's, on the sample database of
conftest_publish, queried through datasette.client. No timings are asserted: each cap is shown
by what the response is."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import pytest

from conftest_publish import sample_in
from quotes import publish, query_limits


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return publish.make_datasette(sample_in(tmp_path_factory, "limits")["path"])


def sql(statement: str, extension: str = ".json") -> str:
    return f"/quotes{extension}?sql={quote(statement)}&_shape=array"


async def _get(ds, *paths: str):
    return await asyncio.gather(*(ds.client.get(path) for path in paths))


def test_functions_that_make_values_from_nothing_are_refused(ds):
    (response,) = asyncio.run(_get(ds, sql("select randomblob(900000000)")))
    assert response.status_code == 400
    assert "not authorized" in response.text, response.text[:300]


def test_a_value_longer_than_any_article_cannot_be_built(ds):
    # every quote's text over a six-way cross join: 3 million texts, far past MAX_VALUE_BYTES
    statement = ("select length(group_concat(a.text)) "
                 "from quotes a, quotes b, quotes c, quotes d, quotes e, quotes f")
    (response,) = asyncio.run(_get(ds, sql(statement)))
    assert response.status_code == 400
    assert "string or blob too big" in response.text, response.text[:300]


def test_ordinary_arbitrary_sql_still_works(ds):
    (response,) = asyncio.run(_get(ds, sql("select count(*) as n, max(length(text)) as longest from articles")))
    assert response.status_code == 200 and response.json()[0]["n"] > 0


def test_a_second_arbitrary_query_at_once_is_turned_away_while_pages_are_served(ds):
    slow = sql("with recursive n(i) as (select 1 union all select i + 1 from n) select max(i) from n")
    first, second, home, canned = asyncio.run(_get(
        ds, slow, sql("select 1"), "/", "/quotes/most_quoted_per_outlet.json?outlet=TASS&_shape=array"))
    assert first.status_code == 400 and "interrupted" in first.text.lower(), first.text[:300]
    assert second.status_code == 429 and "Another SQL query is running" in second.text
    assert home.status_code == 200 and canned.status_code == 200, canned.text[:300]
    (after,) = asyncio.run(_get(ds, sql("select 1 as one")))  # the slot is free again
    assert after.status_code == 200


def test_a_response_longer_than_the_cap_is_refused(ds, monkeypatch):
    monkeypatch.setattr(query_limits, "MAX_ARBITRARY_RESPONSE_BYTES", 2_000)
    (big, page) = asyncio.run(_get(ds, sql("select text from articles"), "/quotes/articles.json"))
    assert big.status_code == 413 and "LIMIT" in big.text
    assert page.status_code == 200 and len(page.content) > 2_000  # pages are never capped
