"""The site of a real seeds database (``quotes build seeds``) in a real headless chromium:
every page screenshotted, every link of the reader's pages followed, and the bugs a journalist
met in the first minutes (issue 10), each checked where it showed: in the browser.

Fixtures and helpers are test_browser.py's and served.py's (the server is a real ``quotes serve``).
"""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quotes.build import build
from served import quotes_serve

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, nlp) -> Path:
    db = tmp_path_factory.mktemp("site") / "quotes.db"
    build([SEEDS], db, model=nlp, workers=1, progress=False)  # the session's model: no second load
    return db


@pytest.fixture(scope="module")
def site(seeds_db):
    with quotes_serve(seeds_db) as base:
        yield base


def query(db: Path, sql: str, params=()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def shoot(page, name: str) -> None:
    page.screenshot(path=str(page.artifacts / f"site-{name}.png"), full_page=True)


def site_links(page, base: str) -> set[str]:
    """Every link of the page that stays on the site, without its #fragment."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    links = set()
    for href in hrefs:
        if href.startswith(base):
            links.add(href.split("#", 1)[0])
    return links


def test_every_page_is_screenshotted_and_every_link_answers(site, seeds_db, browser_page):
    page = browser_page
    db = query(seeds_db, "select name from sqlite_master where name = 'quotes'") and seeds_db.stem
    speakers = [r["id"] for r in query(seeds_db, "select id from speakers order by id")]
    articles = [r["id"] for r in query(seeds_db, "select id from articles order by id")]
    # the reader's pages, whose links are all followed
    followed = {"home": "/", "table": f"/{db}/quotes", "search": "/-/search?q=Ryabkov"}
    followed |= {f"speaker-{s}": f"/-/speaker/{s}" for s in speakers}
    followed |= {f"article-{a}": f"/-/article/{a}" for a in articles}
    # the other pages, screenshotted too
    others = {"charts": "/-/charts", "speakers": f"/{db}/speakers", "articles": f"/{db}/articles",
              "database": f"/{db}",
              "canned-dates": f"/{db}/quotes_by_speaker_between_dates?speaker=Ryabkov&date_from=&date_to=",
              "canned-phrase": f"/{db}/who_said_phrase?phrase=ceasefire",
              "canned-outlets": f"/{db}/most_quoted_per_outlet?outlet=&top="}
    links: set[str] = set()
    for name, path in {**followed, **others}.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        shoot(page, name)
        assert "Traceback" not in page.content()
        if name in followed or name.startswith(("speaker-", "article-")):
            links |= site_links(page, site)
    assert len(links) > 100
    failed = {}
    for link in sorted(links):
        status = page.request.get(link).status
        if status != 200:
            failed[link] = status
    assert failed == {}
    assert page.dialogs == []


def test_speaker_name_cells_link_to_speaker_pages(site, seeds_db, browser_page):
    page = browser_page
    page.goto(site + f"/{seeds_db.stem}/quotes")
    links = page.locator("td.col-speaker_name a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(re.fullmatch(r"/-/speaker/[a-z0-9-]+", h) for h in hrefs), hrefs[:3]
    name = links.first.inner_text()
    links.first.click()
    page.wait_for_url("**/-/speaker/**")
    assert page.locator("h1.speaker-name").inner_text() == name


def test_charts_share_one_time_axis_and_one_month_is_not_one_giant_bar(site, seeds_db, browser_page):
    page = browser_page
    single = query(seeds_db, "select speaker_id from quotes where speaker_id is not null group by speaker_id "
                             "having count(distinct substr(said_on, 1, 7)) = 1 limit 1")[0][0]
    axes = {}
    for speaker in (single, "sergey-ryabkov"):
        page.goto(site + f"/-/speaker/{speaker}")
        chart = page.locator("svg.chart").first
        axes[speaker] = (chart.get_attribute("viewBox"),
                         chart.locator("rect[data-label]").evaluate_all("els => els.map(e => e.dataset.label)"))
        if speaker == single:
            bars = chart.locator("rect[data-value]:not([data-value='0'])")
            assert bars.count() == 1
            chart_width = chart.evaluate("e => e.getBoundingClientRect().width")
            bar_width = bars.first.evaluate("e => e.getBoundingClientRect().width")
            assert bar_width < chart_width / 8, (bar_width, chart_width)
    assert axes[single] == axes["sergey-ryabkov"]
    assert axes[single][1][0] == "2016-03" and axes[single][1][-1] == "2016-09"  # the seeds' statements


def test_the_month_facet_lists_months_newest_first(site, seeds_db, browser_page):
    page = browser_page
    page.goto(site + f"/{seeds_db.stem}/quotes")
    months = page.locator("#facet-said_on li a:not(.cross)").evaluate_all(
        "els => els.map(e => new URL(e.href).searchParams.get('said_on__startswith'))")
    assert months == sorted(months, reverse=True) and "2016-03" in months
    page.locator("#facet-said_on li a", has_text="2016-03").first.click()
    page.wait_for_url("**said_on__startswith=2016-03**")
    expected = query(seeds_db, "select count(*) from quotes where said_on like '2016-03%'")[0][0]
    assert page.locator("table.rows-and-columns tbody tr").count() == expected


@pytest.mark.parametrize("name", ["Ryabkov", "ryabkov", "Sergey Ryabkov", "sergey-ryabkov"])
def test_the_canned_query_finds_a_speaker_by_surname_name_or_id(site, seeds_db, browser_page, name):
    page = browser_page
    expected = query(seeds_db, "select count(*) from quotes where speaker_id = 'sergey-ryabkov'")[0][0]
    page.goto(site + f"/{seeds_db.stem}/quotes_by_speaker_between_dates?speaker={name}&date_from=&date_to=")
    assert page.locator("table.rows-and-columns tbody tr").count() == expected > 0
    page.goto(site + f"/{seeds_db.stem}/quotes_by_speaker_between_dates?speaker={name}"
                     "&date_from=2016-09-01&date_to=2016-09-30")
    september = query(seeds_db, "select count(*) from quotes where speaker_id = 'sergey-ryabkov' "
                                "and said_on between '2016-09-01' and '2016-09-30'")[0][0]
    assert page.locator("table.rows-and-columns tbody tr").count() == september > 0


@pytest.mark.parametrize("path, status, message", [
    ("/-/article/a/b", 404, "No article with id"),
    ("/-/speaker/a/b", 404, "No speaker with id"),
    ("/-/search?q=%00", 400, "control character"),
    ("/-/search?q=Ryabkov&page=99999999999999999999", 400, "page must be a whole number"),
    ("/-/search?q=Ryabkov&page=-1", 400, "page must be a whole number"),
    ("/-/search?q=Ryabkov&page=%C2%B2", 400, "page must be a whole number"),  # '²' once a 500
])
def test_bad_addresses_answer_with_a_plain_message(site, browser_page, path, status, message):
    page = browser_page
    response = page.goto(site + path)
    assert response.status == status
    text = page.locator("body").inner_text()
    assert message in text and "Traceback" not in text


def test_speaker_and_search_pages_offer_atom_feeds_of_quotes_in_context(site, seeds_db, browser_page):
    page = browser_page
    for path, title_word in (("/-/speaker/sergey-ryabkov", "Sergey Ryabkov"), ("/-/search?q=ceasefire", "")):
        page.goto(site + path)
        link = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        assert link.count() == 1, path
        response = page.request.get(site + link.get_attribute("href"))
        assert response.status == 200
        feed = ET.fromstring(response.body())
        entries = feed.findall(f"{ATOM}entry")
        assert entries, path
        for entry in entries:
            title, content = entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}content").text
            assert title_word in title and "(2016-" in title  # speaker, role, outlet, date said
            quote_id = entry.find(f"{ATOM}id").text
            stored = query(seeds_db, "select * from quotes where id = ?", [quote_id])[0]
            assert content.startswith(stored["text"]) and stored["source"] in content
            href = entry.find(f"{ATOM}link").get("href")
            assert href == f"{site}/-/article/{stored['article_id']}#q-{quote_id}"  # absolute, for readers
            assert page.request.get(href).status == 200


def test_home_page_is_for_people(site, seeds_db, browser_page):
    page = browser_page
    page.goto(site + "/")
    text = page.locator("body").inner_text()
    assert "hidden table" not in text and "rows in" not in text
    top = query(seeds_db, "select id, name from speakers order by quote_count desc, name limit 3")
    listed = page.locator("ol.top-speakers a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert listed[:3] == [f"/-/speaker/{r['id']}" for r in top]
    first, last = query(seeds_db, "select min(said_on), max(said_on) from quotes")[0]
    assert page.locator(".date-range").inner_text() == f"{first} and {last}"
    outlets = query(seeds_db, "select count(distinct source) from articles")[0][0]
    assert page.locator("ol.latest li").count() > 0 and page.locator("ul.outlets a").count() == outlets
    assert page.locator("#quotes-q").is_visible()


def test_pages_listing_quotes_give_title_source_and_context_and_say_when_a_date_was_inferred(
        site, seeds_db, browser_page):
    page = browser_page
    inferred = query(seeds_db, "select q.speaker_id from quotes q join articles a on a.id = q.article_id "
                               "where a.published_note like 'not in the text%' and q.said_on_from = 'published' "
                               "and q.speaker_id is not null limit 1")[0][0]
    page.goto(site + f"/-/speaker/{inferred}")
    assert page.locator(".date-inferred").count() > 0
    items = page.locator("ol.quote-list > li")
    for index in range(items.count()):
        item = items.nth(index)
        assert item.locator(".article-title").inner_text()
        assert "#q-" in item.locator("a.context-link").get_attribute("href")
    page.goto(site + "/-/speaker/sergey-ryabkov")
    said_friday = page.locator("ol.quote-list .said-on", has_text="on Thursday")
    assert said_friday.count() == 1 and "said 2016-09-22 (on Thursday)" in said_friday.inner_text()


def test_a_phone_sees_the_readers_columns(site, seeds_db, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(site + f"/{seeds_db.stem}/quotes")
        row = page.locator("table.rows-and-columns tbody tr").first
        visible = row.locator("td").evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none').map(e => e.classList[0])")
        assert {"col-text", "col-speaker_name", "col-said_on"} <= set(visible)
        assert len(visible) <= 8 and "col-cue_start" not in visible
        shoot(page, "phone-table")
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_excel_download_keeps_curly_quotes(site, seeds_db, browser_page):
    page = browser_page
    page.goto(site + f"/{seeds_db.stem}/quotes?speaker_id=sergey-ryabkov")
    href = page.locator(".export-links a", has_text="Excel").get_attribute("href")
    body = page.request.get(site + href).body()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    expected = query(seeds_db, "select count(*) from quotes where speaker_id = 'sergey-ryabkov'")[0][0]
    assert text.count("\r\n") - 1 >= expected  # every quote (CSV fields may hold line breaks)
    assert "’" in text and "sergey-ryabkov" in text


@pytest.mark.parametrize("path", ["/-/speaker/sergey-ryabkov", "/-/search?q=Ryabkov", "/-/search?q=joint+strikes",
                                  "/-/search?q=not+an+ultimatum&mode=phrase"])
def test_speaker_and_search_pages_download_what_they_list_as_csv(site, seeds_db, browser_page, path):
    import csv
    import io

    page = browser_page
    page.goto(site + path)
    listed = page.locator("a.context-link").evaluate_all(
        "els => els.map(e => decodeURIComponent(e.getAttribute('href').split('#q-')[1]))")
    assert listed, path
    response = page.request.get(site + page.locator("a.csv-link").get_attribute("href"))
    assert response.status == 200
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert set(listed) <= {r["id"] for r in rows}  # the page lists 50 or 1,000; the CSV has all
    total = page.locator(".result-count, .quote-count").first.inner_text()
    assert len(rows) == int(re.match(r"\d+", total).group()) and len({r["id"] for r in rows}) == len(rows)
    titles = dict(query(seeds_db, "select q.id, a.title from quotes q join articles a on a.id = q.article_id"))
    assert [r["article_title"] for r in rows] == [titles[r["id"]] or "" for r in rows]
    assert all(r["context_url"] == f"/-/article/{r['article_id']}#q-{r['id']}" for r in rows)
