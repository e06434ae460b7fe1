"""The Datasette publication, through datasette.client on a real SQLite file.

The database comes from tests/conftest_publish.py: seed articles with hand-placed quotes and one
hostile article full of markup. The Datasette instance is quotes.publish.make_datasette's, the
one users get.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest_publish import sample_in
from quotes import publish
from quotes.web import charts, highlight, queries

ROOT = Path(__file__).resolve().parent.parent
RAW_MARKUP = ["<script>alert", "<img src=x", "<i>Mallory</i>", "<b>boss</b>", "<b>bold</b>"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_in(tmp_path_factory, "publish")


@pytest.fixture(scope="module")
def ds(sample):
    return publish.make_datasette(sample["path"])


def get(ds, path: str, status: int = 200):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.text[:500])
    return response


def db_rows(sample, sql: str, params=()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(sample["path"])
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


class MarkCollector(HTMLParser):
    """Text inside each element carrying ``data-quote``, per quote id and element kind."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: dict[tuple[str, str], str] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        key = None
        if "data-quote" in attrs:
            key = (attrs["data-quote"], attrs.get("class", "").split()[0])
            self.texts.setdefault(key, "")
        self.stack.append((tag, key))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, key in self.stack:
            if key is not None:
                self.texts[key] += data


def collect_marks(html: str) -> MarkCollector:
    parser = MarkCollector()
    parser.feed(html)
    return parser


def assert_escaped(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, raw


# --- configuration ---------------------------------------------------------------------------


def test_missing_database_is_a_sentence(tmp_path):
    with pytest.raises(ValueError, match=r"does not exist"):
        publish.make_datasette(tmp_path / "nope.db")


def test_metadata_follows_the_database_file_name(tmp_path):
    metadata = publish.load_metadata("other")
    assert "other" in metadata["databases"] and "quotes" not in metadata["databases"]
    assert "quotes_by_speaker_between_dates" in metadata["databases"]["other"]["queries"]


def test_database_is_read_only_not_immutable_and_not_downloadable(ds, sample):
    db = ds.get_database("quotes")
    assert db.is_mutable  # a build may write while the site runs: no cached counts or sizes
    with pytest.raises(Exception, match="readonly|read-only"):
        asyncio.run(db.execute("insert into speakers (id, name) values ('x', 'X')"))
    get(ds, "/quotes.db", status=403)


def test_immutable_is_kept_for_published_snapshots(sample):
    assert not publish.make_datasette(sample["path"], immutable=True).get_database("quotes").is_mutable


@pytest.mark.parametrize(
    "path",
    ["/quotes/quotes.json", "/quotes/speakers.json", "/quotes/articles.json", "/-/charts", "/-/search?q=said",
     "/quotes/quotes_by_speaker_between_dates.json?speaker=x&date_from=&date_to=",
     "/quotes/who_said_phrase.json?phrase=x", "/quotes/most_quoted_per_outlet.json?outlet=&top="],
)
def test_pages_work_on_the_shape_quotes_store_builds(tmp_path, path):
    try:
        from quotes.store import QuoteStore
    except ImportError as problem:  # pragma: no cover - only before quotes.store exists
        pytest.skip(f"quotes.store is not importable: {problem}")
    store = QuoteStore(tmp_path / "empty.db")
    store.close()
    datasette = publish.make_datasette(tmp_path / "empty.db")
    response = get(datasette, path.replace("/quotes/", "/empty/"))
    if path.endswith(".json") and "quotes.json" in path:
        assert set(response.json()["facet_results"]) == {"speaker_id", "kind", "source", "said_on"}


# --- the quotes table ------------------------------------------------------------------------


def test_quotes_table_has_default_facets_and_newest_first(ds, sample):
    data = get(ds, "/quotes/quotes.json").json()
    assert set(data["facet_results"]) == {"speaker_id", "kind", "source", "said_on"}
    assert data["facet_results"]["said_on"]["type"] == "month"
    labels = {r["value"]: r["label"] for r in data["facet_results"]["speaker_id"]["results"]}
    assert labels["sergey-ryabkov"] == "Sergey Ryabkov"
    dates = [row[data["columns"].index("said_on")] for row in data["rows"]]
    assert dates == sorted(dates, reverse=True)


def test_role_affiliation_and_month_facets_are_linked_from_the_home_page(ds):
    home = get(ds, "/").text
    for facet in ("role", "affiliation", "published_month"):
        assert f"/quotes/quotes?_facet={facet}" in home
        data = get(ds, f"/quotes/quotes.json?_facet={facet}").json()
        assert data["facet_results"][facet]["results"], facet
    months = {r["value"] for r in get(ds, "/quotes/quotes.json?_facet=published_month").json()
              ["facet_results"]["published_month"]["results"]}
    assert all(len(m) == 7 and m[4] == "-" for m in months), months


def test_hidden_tables_and_labels(ds):
    tables = {t["name"]: t for t in get(ds, "/quotes.json").json()["tables"]}
    assert tables["article_speakers"]["hidden"] and tables["quotes_fts"]["hidden"]
    assert not tables["quotes"]["hidden"]
    assert tables["quotes"]["fts_table"] == "quotes_fts"


@pytest.mark.parametrize(
    "search, expected",
    [("ultimatum", ["From the very beginning we said that May 25 is not an ultimatum date"]),
     ("Shoigu", None),  # speaker_name is indexed too
     ("nothing-like-this-anywhere", [])],
)
def test_table_full_text_search(ds, sample, search, expected):
    rows = get(ds, f"/quotes/quotes.json?_search={search}&_shape=array").json()
    if expected is None:
        expected = [q["text"] for q in sample["quotes"] if q["speaker_name"] and search in q["speaker_name"]]
    assert sorted(row["text"] for row in rows) == sorted(expected)


def test_csv_download_has_speaker_names(ds, sample):
    text = get(ds, "/quotes/quotes.csv?speaker_id=sergey-ryabkov&_labels=on").text
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [q for q in sample["quotes"] if q["speaker_id"] == "sergey-ryabkov"]
    assert sorted(r["id"] for r in rows) == sorted(q["id"] for q in expected)
    assert {r["speaker_name"] for r in rows} == {"Sergey Ryabkov"}
    assert {r["speaker_id_label"] for r in rows} == {"Sergey Ryabkov"}


def test_json_download_of_a_filtered_view(ds, sample):
    rows = get(ds, "/quotes/quotes.json?kind=direct&source=TASS&_shape=array").json()
    expected = {q["id"] for q in sample["quotes"] if q["kind"] == "direct" and q["source"] == "TASS"}
    assert {r["id"] for r in rows} == expected and all(r["speaker_name"] for r in rows)


def test_stream_downloads_the_whole_table(ds, sample):
    text = get(ds, "/quotes/quotes.csv?_stream=on&_size=2").text
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(sample["quotes"])


def test_table_cells_link_to_speaker_and_context_pages(ds, sample):
    html = get(ds, "/quotes/quotes?speaker_id=sergey-shoigu").text
    assert '<a href="/-/speaker/sergey-shoigu">Sergey Shoigu</a>' in html
    quote = next(q for q in sample["quotes"] if q["speaker_id"] == "sergey-shoigu")
    assert f'href="/-/article/{quote["article_id"]}#q-{quote["id"]}"' in html
    assert '<a href="/-/speaker/sergey-ryabkov">Sergey Ryabkov</a>' in get(ds, "/quotes/speakers").text


# --- canned queries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [("speaker=sergey-ryabkov&date_from=&date_to=", 4),
     ("speaker=Sergey+Ryabkov&date_from=2016-06-01&date_to=", 2),
     ("speaker=sergey-ryabkov&date_from=2016-05-01&date_to=2016-05-31", 2),
     ("speaker=nobody&date_from=&date_to=", 0)],
)
def test_quotes_by_speaker_between_dates(ds, query, expected):
    rows = get(ds, f"/quotes/quotes_by_speaker_between_dates.json?{query}&_shape=array").json()
    assert len(rows) == expected
    assert all(r["speaker_id"] == "sergey-ryabkov" for r in rows)


def test_who_said_a_phrase_highlights_the_match(ds):
    rows = get(ds, "/quotes/who_said_phrase.json?phrase=ultimatum+date&_shape=array").json()
    assert [r["speaker_name"] for r in rows] == ["Sergey Ryabkov"]
    assert "⟪ultimatum date⟫" in rows[0]["snippet"]
    # a phrase with FTS syntax in it is matched as text, not parsed
    get(ds, '/quotes/who_said_phrase.json?phrase=%22unbalanced+AND+(&_shape=array')
    html = get(ds, "/quotes/who_said_phrase?phrase=prosper").text
    assert "<mark>prosper</mark>" in html
    assert_escaped(html)


def test_most_quoted_speakers_per_outlet(ds):
    rows = get(ds, "/quotes/most_quoted_per_outlet.json?outlet=&top=1&_shape=array").json()
    assert {r["source"]: r["speaker_id"] for r in rows} == {
        "TASS": "sergey-ryabkov", "Press TV": "sergey-ryabkov", "RT <b>bold</b>": "mallory"}
    rows = get(ds, "/quotes/most_quoted_per_outlet.json?outlet=TASS&top=&_shape=array").json()
    assert [(r["speaker_id"], r["quotes"]) for r in rows] == [("sergey-ryabkov", 2), ("sergey-shoigu", 2)]


# --- custom pages ----------------------------------------------------------------------------


def test_index_has_a_search_box(ds):
    html = get(ds, "/").text
    assert 'action="/-/search"' in html and 'name="q"' in html and 'href="/-/charts"' in html


def test_speaker_page_lists_exactly_their_quotes(ds, sample):
    html = get(ds, "/-/speaker/sergey-ryabkov").text
    listed = re.findall(r'class="context-link" href="/-/article/[^"#]+#q-([^"]+)"', html)
    expected = [r["id"] for r in db_rows(
        sample, "select id from quotes where speaker_id = ? order by said_on desc, article_id, start",
        ["sergey-ryabkov"])]
    assert listed == expected
    assert '<dd class="first-quoted">2016-05-27</dd>' in html
    assert '<dd class="last-quoted">2016-09-22</dd>' in html
    assert "the high-ranking diplomat" in html  # aliases
    bars = re.findall(r'data-label="(\d{4}-\d\d)" data-value="(\d+)"', html)
    # one time axis for every speaker: the database's months, May to October 2016
    assert bars == [("2016-05", "2"), ("2016-06", "0"), ("2016-07", "0"), ("2016-08", "0"), ("2016-09", "2"),
                    ("2016-10", "0")]
    get(ds, "/-/speaker/no-such-person", status=404)


def test_context_page_marks_exactly_the_stored_quotes(ds, sample):
    for article_id in sample["articles"].values():
        html = get(ds, f"/-/article/{article_id}").text
        marks = collect_marks(html)
        stored = db_rows(sample, "select * from quotes where article_id = ?", [article_id])
        assert stored
        for quote in stored:
            assert f"q-{quote['id']}" in marks.ids
            assert marks.texts[(quote["id"], "quote")] == quote["text"]
            if quote["mention_start"] is not None:
                mention = [text for (qid, kind), text in marks.texts.items() if kind == "mention"]
                assert quote["speaker_mention"] in mention


def test_context_page_escapes_markup(ds, sample):
    html = get(ds, f"/-/article/{sample['articles']['hostile']}").text
    assert_escaped(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_speaker_page_escapes_markup(ds):
    html = get(ds, "/-/speaker/mallory").text
    assert_escaped(html)
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in html


def test_search_page_highlights_and_escapes(ds, sample):
    html = get(ds, "/-/search?q=prosper").text
    assert_escaped(html)
    assert "<mark>prosper</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    html = get(ds, "/-/search?q=not+an+ultimatum&mode=phrase").text
    assert '<p class="result-count">1 quote matches' in html
    assert get(ds, "/-/search?q=ultimatum+not+an&mode=phrase").text.count('class="context-link"') == 0
    assert get(ds, "/-/search?q=ultimatum+not+an").text.count('class="context-link"') == 1
    get(ds, "/-/search?q=%22unbalanced+AND+(+NEAR")


def test_charts_page(ds):
    html = get(ds, "/-/charts").text
    assert 'data-label="TASS" data-kind="direct" data-value="3"' in html
    assert_escaped(html)


# --- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([(0, 4, "A"), (2, 6, "B")],
         '<mark id="q-A" class="quote" data-quote="A">ab<mark id="q-B" class="quote" data-quote="B">cd'
         '</mark></mark><mark class="quote" data-quote="B" data-continued="1">ef</mark>&lt;g&gt;'),
        ([(0, 9, "A"), (2, 4, "B")],
         '<mark id="q-A" class="quote" data-quote="A">ab<mark id="q-B" class="quote" data-quote="B">cd'
         '</mark>ef&lt;g&gt;</mark>'),
        ([(5, 99, "A"), (3, 3, "B")], "abcdef&lt;g&gt;"),
    ],
)
def test_highlight_nests_and_splits(spans, expected):
    result = highlight.highlight("abcdef<g>", [highlight.Span(s, e, "quote", q) for s, e, q in spans])
    assert str(result) == expected


def test_fts_query_quotes_user_input():
    assert queries.fts_query('say "no" AND', phrase=True) == '"say ""no"" AND"'
    assert queries.fts_query('say "no" AND', phrase=False) == '"say" "no" "AND"'


def test_month_filling():
    assert charts.fill_months({"2016-11": 1, "2017-02": 3}) == [
        ("2016-11", 1), ("2016-12", 0), ("2017-01", 0), ("2017-02", 3)]
