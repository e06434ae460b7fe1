"""The statement page and the cue-class facet in a real headless chromium, on a real build of
hand-made articles (tests/test_statements.py's Ryabkov versions plus one claim), served the way
users serve it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from quotes.build import build
from served import quotes_serve
from test_browser_site import shoot
from test_statements import ARTICLES, write_articles

CLAIM = ("cnn", "CNN", "2024-03-04",
         'US Senator John Smith spoke in Washington.\n'
         '"The deal will collapse long before the summer begins in Geneva," Smith claimed.\n')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("statement-site")
    db = folder / "quotes.db"
    build([write_articles(folder, ARTICLES + [CLAIM])], db, workers=1, progress=False)
    with quotes_serve(db) as base:
        yield base, db


def statement_of(db: Path, source_id: str) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("select q.statement_id from quotes q join articles a on a.id = q.article_id"
                            " where a.source_id = ?", [source_id]).fetchone()[0]


def test_statement_page_from_the_article(site, browser_page):
    base, db = site
    page = browser_page
    with sqlite3.connect(db) as conn:
        article_id = conn.execute("select id from articles where source_id = 'trimmed'").fetchone()[0]
    page.goto(f"{base}/-/article/{article_id}")
    page.locator("a.statement-link", has_text="the same words in 4 outlets").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/-/statement/{statement_of(db, 'trimmed')}")
    rows = page.locator("tr.version")
    assert rows.count() == 4
    outlets = rows.locator("td.outlet").all_inner_texts()
    # date order: TASS on the 3rd, RT and Reuters on the 4th, Press TV on the 5th
    assert outlets[0] == "TASS" and set(outlets[1:3]) == {"RT", "Reuters"} and outlets[3] == "Press TV"
    trimmed = rows.filter(has=page.locator("td.outlet", has_text=re.compile("^RT$"))).first
    assert "We have not rejected this prospect" in trimmed.locator("del.cut").first.inner_text()
    assert trimmed.locator("mark.changed").count() == 0
    mixed = rows.filter(has=page.locator("td.outlet", has_text=re.compile("^Press TV$"))).first
    assert mixed.locator("td.kind").inner_text() == "mixed"
    assert "Moscow had" in mixed.locator("mark.changed").first.inner_text()
    assert rows.nth(0).locator("del.cut, mark.changed").count() == 0  # the fullest version itself
    assert "neutral" in rows.nth(0).locator("td.cue").inner_text()
    shoot(page, "statement")
    rows.nth(2).locator("a.context-link").click()
    page.wait_for_load_state()
    assert "/-/article/" in page.url and "#q-" in page.url
    assert page.locator("mark.quote").count() >= 1
    assert page.dialogs == []


def test_statements_filter_from_the_home_page(site, browser_page):
    base, db = site
    page = browser_page
    page.goto(base + "/")
    page.locator("a.statements-link").click()
    page.wait_for_load_state()
    cells = page.locator("td.col-statement_outlets").all_inner_texts()
    assert sorted(cells) == ["2", "2", "4", "4", "4", "4"]
    assert page.locator("#facet-statement_outlets").count() == 1
    shoot(page, "statements-filter")


def test_cue_class_facet(site, browser_page):
    base, _ = site
    page = browser_page
    page.goto(base + "/")
    page.locator("a.cue-class-facet").click()
    page.wait_for_load_state()
    facet = page.locator("#facet-cue_class")
    assert facet.locator("li", has_text="neutral").count() == 1
    facet.locator("li a", has_text="hedged").first.click()
    page.wait_for_load_state()
    assert "cue_class=hedged" in page.url
    assert page.locator("td.col-cue_class").all_inner_texts() == ["hedged"]
    assert page.locator("td.col-cue").all_inner_texts() == ["claimed"]
    shoot(page, "cue-class-facet")
