"""The published site in a real headless browser: the server started the way users start it
(``quotes serve --db DB --port N``, tests/served.py), Debian's chromium driven by Playwright.

Skipped when /usr/bin/chromium or Playwright is missing, unless CI is set: then it fails.
The page is tests/conftest.py's ``browser_page``. Screenshots go to the ``artifacts`` folder (tests/conftest.py: ``$QUOTES_TEST_ARTIFACTS`` or a
temporary folder); nothing is written into the repo. docs/screenshots/article-in-context.png
is ``5-context-viewport.png`` from there, copied by hand when the page changes.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest_publish import sample_in
from served import quotes_serve

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_in(tmp_path_factory, "browser")


@pytest.fixture(scope="module")
def server(sample):
    """The site on a free port; yields its base URL, stops the server afterwards."""
    with quotes_serve(sample["path"]) as base:
        yield base


def stored_quotes(sample, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(sample["path"])
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def shoot(page, name: str) -> Path:
    path = page.artifacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


MARKED_TEXTS_JS = """() => {
  const texts = {};
  document.querySelectorAll('mark.quote[data-quote]').forEach(m => {
    texts[m.dataset.quote] = (texts[m.dataset.quote] || '') + m.textContent;
  });
  return texts;
}"""


def test_reader_journey(server, browser_page, sample):
    page = browser_page
    # (1) the home page, with its search box
    page.goto(server + "/")
    assert "Quotes" in page.title()
    assert page.locator("#quotes-q").is_visible()
    shoot(page, "1-home")

    # (2) facet the quotes by speaker: click the facet value, which shows the speaker's name
    page.goto(server + "/quotes/quotes")
    page.locator("#facet-speaker_id a", has_text="Sergey Ryabkov").first.click()
    page.wait_for_url("**speaker_id=sergey-ryabkov**")
    ryabkov = stored_quotes(sample, "select * from quotes where speaker_id = 'sergey-ryabkov'")
    assert page.locator("table.rows-and-columns tbody tr").count() == len(ryabkov)
    assert page.locator("#facet-speaker_id a.speaker-page-link").count() >= 1
    shoot(page, "2-faceted")

    # (5) download the filtered view as CSV, from the page's own CSV link
    csv_href = page.locator(".export-links a", has_text="CSV").get_attribute("href")
    response = page.request.get(server + csv_href if csv_href.startswith("/") else csv_href)
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert sorted(r["id"] for r in rows) == sorted(q["id"] for q in ryabkov)
    assert {r["speaker_name"] for r in rows} == {"Sergey Ryabkov"}

    # (3) search for a phrase from the home page
    page.goto(server + "/")
    page.fill("#quotes-q", "not an ultimatum")
    page.select_option("select[name=mode]", "phrase")
    page.locator(".search-form input[type=submit]").click()
    page.wait_for_url("**/-/search?**")
    results = page.locator(".search-results li")
    assert results.count() == 1
    assert results.first.locator("mark").inner_text() == "not an ultimatum"
    shoot(page, "3-search")

    # (4) the speaker page, then a quote in context
    results.first.locator("a.speaker").click()
    page.wait_for_url("**/-/speaker/sergey-ryabkov")
    assert page.locator("h1.speaker-name").inner_text() == "Sergey Ryabkov"
    assert page.locator("svg.chart rect[data-value]").count() == 6  # the database's months: May to October 2016
    shoot(page, "4-speaker")
    link = page.locator("a.context-link").last  # the oldest quote: an article from May 2016
    quote_id = link.get_attribute("href").split("#q-", 1)[1]
    link.click()
    page.wait_for_url(f"**#q-{quote_id}")
    quote = stored_quotes(sample, "select * from quotes where id = ?", [quote_id])[0]
    target = page.locator(f'[id="q-{quote_id}"]')
    assert target.inner_text() == quote["text"]
    assert target.is_visible() and target.evaluate("e => e.getBoundingClientRect().top") < 900
    marked = page.evaluate(MARKED_TEXTS_JS)
    article_quotes = stored_quotes(sample, "select id, text from quotes where article_id = ?", [quote["article_id"]])
    assert marked == {q["id"]: q["text"] for q in article_quotes}
    shot = shoot(page, "5-context")
    page.evaluate("window.scrollTo(0, 0)")  # the title, the legend and the marked text
    page.screenshot(path=str(page.artifacts / "5-context-viewport.png"))
    assert shot.stat().st_size > 10_000
    assert page.dialogs == []


def test_hostile_markup_never_runs(server, browser_page, sample):
    page = browser_page
    hostile = sample["articles"]["hostile"]
    for path in (f"/-/article/{hostile}", "/-/speaker/mallory", "/-/search?q=prosper",
                 "/quotes/quotes?speaker_id=mallory", "/quotes/who_said_phrase?phrase=over", "/-/charts"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.locator("img[src=x]").count() == 0, path
    assert page.dialogs == []
    page.goto(server + f"/-/article/{hostile}")
    assert "<script>alert(1)</script>" in page.locator(".article-text").inner_text()
    marked = page.evaluate(MARKED_TEXTS_JS)
    stored = stored_quotes(sample, "select id, text from quotes where article_id = ?", [hostile])
    assert marked == {q["id"]: q["text"] for q in stored}  # crossing and nested quotes too
    shoot(page, "6-hostile")


def test_a_javascript_url_is_shown_as_text_never_as_a_link(server, browser_page, sample):
    page = browser_page
    hostile = sample["articles"]["hostile"]
    for path in (f"/-/article/{hostile}", "/-/speaker/mallory", "/-/search?q=prosper",
                 "/quotes/quotes?speaker_id=mallory", "/quotes/articles"):
        page.goto(server + path)
        assert page.locator('a[href^="javascript:"], a[href^="data:"]').count() == 0, path
        assert "javascript:alert(5)" in page.locator("body").inner_text(), path
    page.goto(server + f"/-/article/{hostile}")
    assert page.locator(".unsafe-url").first.inner_text() == "javascript:alert(5)"
    assert page.dialogs == []


def test_search_finds_a_speaker_under_any_of_their_names(server, browser_page, sample):
    page = browser_page
    ryabkov = stored_quotes(sample, "select id from quotes where speaker_id = 'sergey-ryabkov'")
    for name in ("Ryabkov", "the high-ranking diplomat"):
        page.goto(server + "/-/search?" + urllib.parse.urlencode({"q": name, "mode": "phrase"}))
        listed = page.locator(".search-results a.context-link").evaluate_all(
            "els => els.map(e => decodeURIComponent(e.getAttribute('href').split('#q-')[1]))")
        assert {q["id"] for q in ryabkov} <= set(listed), name
        assert page.locator(".speakers-named a", has_text="Sergey Ryabkov").count() == 1
