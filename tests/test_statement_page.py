"""The statement page and the links to it, through datasette.client on a real build of the
hand-made versions of tests/test_statements.py (one of them full of markup)."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest

from quotes import publish
from quotes.build import build
from quotes.web.statement_page import marked_differences
from test_statements import ARTICLES, write_articles

HOSTILE = ("hostile", "<b>Mallory</b> News", "2024-03-04",
           'Russian Deputy Foreign Minister Sergei Ryabkov spoke in Moscow.\n'
           '"We have not rejected this <script>alert(1)</script> prospect, and we will continue working '
           'with our partners in Geneva on a political settlement," Ryabkov said.\n')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("statement-page")
    db = folder / "q.db"
    build([write_articles(folder, ARTICLES + [HOSTILE])], db, workers=1, progress=False)
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("select a.source_id, q.statement_id from quotes q"
                                " join articles a on a.id = q.article_id").fetchall())
        speaker = conn.execute("select speaker_id from statements where id = ?", [ids["tass"]]).fetchone()[0]
        article = conn.execute("select id from articles where source_id = 'trimmed'").fetchone()[0]
    return publish.make_datasette(db), ids, speaker, article


def get(ds, path: str, status: int = 200) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.text[:500])
    return response.text


def test_statement_page_lists_every_version_escaped(site):
    ds, ids, _, _ = site
    html = get(ds, f"/-/statement/{ids['tass']}")
    assert html.count('class="version ') == 5
    for outlet in ("TASS", "RT", "Reuters", "Press TV", "&lt;b&gt;Mallory&lt;/b&gt; News"):
        assert outlet in html
    assert "<script>alert" not in html and "<b>Mallory" not in html
    # the hostile version is the longest direct one, so the fullest: the others cut its markup
    assert '<del class="cut" title="cut in this version">&lt;script&gt;alert(1)&lt;/script&gt;</del>' in html
    assert html.index("TASS") < html.index("Press TV")  # earliest first


def test_unknown_statement_is_404(site):
    ds = site[0]
    assert "No statement with id" in get(ds, "/-/statement/s000000000000", 404)


def test_speaker_article_and_search_pages_link_to_the_statement(site):
    ds, ids, speaker, article = site
    link = f'href="/-/statement/{ids["trimmed"]}"'
    assert link in get(ds, f"/-/speaker/{speaker}")
    assert link in get(ds, f"/-/article/{article}")
    assert link in get(ds, "/-/search?q=Geneva")
    assert "neutral" in get(ds, "/-/search?q=Geneva")


def test_quotes_table_filters_and_links_statements(site):
    ds, ids, _, _ = site
    html = get(ds, "/q/quotes?statement_outlets__gte=5&_facet=statement_outlets")
    assert f'href="/-/statement/{ids["tass"]}"' in html
    assert html.count('<td class="col-statement_outlets type-int">5</td>') == 5
    assert ids["years-later-1"] not in html  # reported by 2 outlets only


@pytest.mark.parametrize("version, fullest, cut, changed", [
    ("a b c d", "a b c d", [], []),
    ("c d", "a b c d", ["a b"], []),
    ("a ... d", "a b c d", ["b c"], []),
    ("a B, x d", "a b c d", ["c"], ["x"]),
    ("a <i>b</i>", "a b", ["b"], ["&lt;i&gt;b&lt;/i&gt;"]),
])
def test_marked_differences(version, fullest, cut, changed):
    html = str(marked_differences(version, fullest))
    assert re.findall(r'<del class="cut"[^>]*>(.*?)</del>', html) == cut
    assert re.findall(r'<mark class="changed"[^>]*>(.*?)</mark>', html) == changed
