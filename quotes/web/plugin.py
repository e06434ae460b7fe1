"""Datasette hooks for the quotes database: the speaker, article-in-context, search, chart and
home pages, links from table cells to those pages, the month facet, the Excel download, the
phone-width table style, the ``:_site_base`` parameter of the feeds, menu links, and streamed
CSV downloads that hold every row once (:mod:`quotes.web.stream`).

Routes (all under ``/-/`` so they never collide with a database or table name):

* ``/-/speaker/<speaker id>`` — a speaker's profile and quotes, newest first
* ``/-/article/<article id>`` — the article text with every quote marked; ``#q-<quote id>``
  scrolls to one quote
* ``/-/search?q=...&mode=words|phrase&order=relevance|newest`` — full-text search over quotes
* ``/-/charts`` — kinds of quote per outlet, quotes per month for the most-quoted speakers
* ``/-/statement/<statement id>`` — every version of one statement, with the words each cut or
  changed (:mod:`quotes.web.statement_page`)
* ``/`` — Datasette's index, with :func:`extra_template_vars` giving it speakers, quotes, outlets

A bad address answers 404 (unknown article or speaker) or 400 (a search page number outside
1..``MAX_PAGE``, a control character in the query) with a sentence, through Datasette's error
page. Only ``http(s)`` urls become links (:func:`safe_url`).

Data comes from :mod:`quotes.web.queries`, SVG from :mod:`quotes.web.charts`, marking from
:mod:`quotes.web.highlight`. Templates live in ``quotes/templates``; all of them extend
Datasette's ``base.html`` and rely on Jinja autoescaping: nothing from the database is marked
safe except the output of the three modules above, which escape it themselves.
"""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urlencode, urlsplit

from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response
from markupsafe import Markup, escape

from . import charts, export, feeds, highlight, queries, stream
from .facets import CountedFacet, MonthFacet
from .statement_page import statement_with_versions

#: the only url schemes shown as links; anything else (`javascript:`, `data:`) is shown as text
LINK_SCHEMES = ("http", "https")
#: search results per page, and the last page anyone may ask for (beyond it, a 400)
PER_PAGE = 50
MAX_PAGE = 10_000
#: ``published_note`` values that say where a date was read, not that it was worked out
READ_DATE_NOTES = {"manifest", "archive", "dateline"}


def speaker_path(datasette, speaker_id: str) -> str:
    return datasette.urls.path(f"/-/speaker/{url_quote(str(speaker_id), safe='')}")


def statement_path(datasette, statement_id: str) -> str:
    return datasette.urls.path(f"/-/statement/{url_quote(str(statement_id), safe='')}")


def article_path(datasette, article_id: str, quote_id: str | None = None) -> str:
    path = datasette.urls.path(f"/-/article/{url_quote(str(article_id), safe='')}")
    return path + (f"#q-{url_quote(str(quote_id), safe=':-')}" if quote_id else "")


def snippet_markup(snippet: str | None) -> Markup:
    """A snippet with highlight markers: escape everything, then turn markers into <mark>."""
    escaped = str(escape(snippet or ""))
    return Markup(escaped.replace(queries.SNIPPET_OPEN, "<mark>").replace(queries.SNIPPET_CLOSE, "</mark>"))


def _link(href: str, label) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, label if label not in (None, "") else "-")


def safe_url(url) -> str | None:
    """``url`` when it is an http(s) address, else None (it is then shown as text)."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in LINK_SCHEMES else None


def date_inferred(note) -> str | None:
    """The ``published_note`` when it says the publication date was worked out, else None."""
    if not note or note in READ_DATE_NOTES:
        return None
    return str(note)


def _plain(value):
    """A cell value as stored: Datasette passes an expanded foreign key as a dict."""
    return value["value"] if isinstance(value, dict) and "value" in value else value


def _row_value(row, key):
    try:
        return _plain(row[key])
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Speaker names link to speaker pages, articles to the article in context."""
    if isinstance(value, str) and queries.SNIPPET_OPEN in value and column == "snippet":
        return snippet_markup(value)
    if table == "quotes" or table is None:
        if column == "speaker_id" and value not in (None, ""):
            speaker_id, label = (value["value"], value["label"]) if isinstance(value, dict) else (value, value)
            return _link(speaker_path(datasette, speaker_id), label)
        if column == "speaker_name" and value and _row_value(row, "speaker_id"):
            return _link(speaker_path(datasette, _row_value(row, "speaker_id")), value)
        if column == "article_id" and value not in (None, ""):
            article_id, label = (value["value"], value["label"]) if isinstance(value, dict) else (value, value)
            return _link(article_path(datasette, article_id, _row_value(row, "id")), label)
        if column == "article_title" and _row_value(row, "article_id"):
            return _link(article_path(datasette, _row_value(row, "article_id"), _row_value(row, "id")),
                         value or "untitled article")
        if column == "statement_id" and value not in (None, ""):
            return _link(statement_path(datasette, _plain(value)), _plain(value))
        if column == "context_url" and _row_value(row, "article_id"):
            return _link(article_path(datasette, _row_value(row, "article_id"), _row_value(row, "id")), "in context")
    if column in ("article_url", "url") and table in ("quotes", "articles", None) and value:
        href = safe_url(value)
        return _link(href, value) if href else Markup("<span class=\"unsafe-url\">{}</span>").format(value)
    if table == "statements" and column == "id" and value:
        return _link(statement_path(datasette, value), value)
    if table == "speakers" and column == "name" and value and _row_value(row, "id"):
        return _link(speaker_path(datasette, _row_value(row, "id")), value)
    if table == "articles" and column == "title" and value and _row_value(row, "id"):
        return _link(article_path(datasette, _row_value(row, "id")), value)
    return None


#: adds a "speaker page" arrow after each speaker_id facet value (facet markup is Datasette's)
FACET_LINK_SCRIPT = """
document.querySelectorAll('#facet-speaker_id li').forEach(function (item) {
  var link = item.querySelector('a:not(.cross)');
  var id = link ? new URL(link.href).searchParams.get('speaker_id')
                : new URL(window.location.href).searchParams.get('speaker_id');
  if (!id) { return; }
  var arrow = document.createElement('a');
  arrow.className = 'speaker-page-link';
  arrow.href = SPEAKER_BASE + encodeURIComponent(id);
  arrow.title = 'speaker page';
  arrow.textContent = ' \u2197';
  item.appendChild(arrow);
});
"""


# Datasette lists every column description above the rows; folded away, the rows come first.
FOLD_COLUMN_DESCRIPTIONS_SCRIPT = """
document.querySelectorAll('dl.column-descriptions').forEach(function (list) {
  var fold = document.createElement('details');
  fold.className = 'column-descriptions-fold';
  var summary = document.createElement('summary');
  summary.textContent = 'What each column means';
  list.parentNode.insertBefore(fold, list);
  fold.appendChild(summary);
  fold.appendChild(list);
});
"""


# The Excel download (quotes.web.export) renders the rows of one page: ask for the largest.
EXCEL_ALL_ROWS_SCRIPT = """
document.querySelectorAll('.export-links a[href*=".excel"]').forEach(function (link) {
  var url = new URL(link.href);
  url.searchParams.set('_size', 'max');
  link.href = url.pathname + url.search;
  link.textContent = 'Excel';
  link.title = 'CSV in UTF-8 with a byte order mark, so Excel keeps curly quotes and accents';
});
"""


@hookimpl
def extra_body_script(template, database, table, datasette):
    if template != "table.html":
        return None
    if table == "quotes":
        base = json.dumps(datasette.urls.path("/-/speaker/"))
        return (FOLD_COLUMN_DESCRIPTIONS_SCRIPT + EXCEL_ALL_ROWS_SCRIPT + f"var SPEAKER_BASE = {base};"
                + FACET_LINK_SCRIPT)
    return FOLD_COLUMN_DESCRIPTIONS_SCRIPT + EXCEL_ALL_ROWS_SCRIPT


#: the SQL function canned queries look names up with: the key speaker_names is keyed by
#: (quotes.lookup.lookup_key: accents folded, punctuation dropped), so typed names match as in search
LOOKUP_KEY_FUNCTION = "quotes_lookup_key"


#: how long a page waits for a build that holds the file locked (SQLite's busy timeout; Python's
#: default is 5 s). A build in WAL mode never locks readers out; a writer in rollback-journal
#: mode (an older build, another program) can, for as long as its transaction lasts.
BUSY_TIMEOUT_MS = 20_000
#: what a page says when the wait was not long enough
LOCKED_MESSAGE = ("The database is being written right now (a quotes build holds it locked). "
                  "Try again in a few seconds.")


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.create_function(LOOKUP_KEY_FUNCTION, 1, lambda text: queries.lookup_key(text if isinstance(text, str) else ""),
                         deterministic=True)


@hookimpl
def handle_exception(datasette, request, exception):
    """A database still locked after :data:`BUSY_TIMEOUT_MS`: 503 with a sentence and
    Retry-After, not a 500 "database is locked"."""
    if isinstance(exception, sqlite3.OperationalError) and any(
            words in str(exception).lower() for words in ("database is locked", "database is busy")):
        return Response.text(LOCKED_MESSAGE, status=503, headers={"Retry-After": "5"})
    return None


@hookimpl
def register_magic_parameters(datasette):
    """``:_site_base`` in a canned query: the site's absolute address (``https://host``), so
    feed entries link to the quote in context with an address a feed reader can follow."""
    def site(key, request):
        if key != "base":
            raise KeyError(key)
        return datasette.absolute_url(request, datasette.urls.path("/")).rstrip("/")

    return [("site", site)]


@hookimpl
def register_facet_classes():
    return [MonthFacet, CountedFacet]


#: a phone-width quotes table: Datasette turns each row into a card of every column; keep the
#: reader's columns
PHONE_CSS = """
@media only screen and (max-width: 576px) {
  table.rows-and-columns td:not(.col-said_on):not(.col-speaker_name):not(.col-role):not(.col-text):not(.col-source):not(.col-kind):not(.col-article_title):not(.col-context_url) {
    display: none;
  }
  table.rows-and-columns td.col-text { font-size: 1.05em; }
}
"""


@hookimpl
def asgi_wrapper(datasette):
    """Streamed CSV of a sorted table holds every row once (:mod:`quotes.web.stream`); a feed
    asked with a bad search or none gets a sentence (:mod:`quotes.web.feeds`)."""
    streamed, guarded = stream.asgi_wrapper(datasette), feeds.asgi_wrapper(datasette)
    return lambda app: guarded(streamed(app))


@hookimpl
def register_output_renderer(datasette):
    return export.renderer()


@hookimpl
def extra_css_urls(template, database, table, datasette):
    if template == "table.html" and table == "quotes":
        return [datasette.urls.path("/-/quotes-phone.css")]
    return []


@hookimpl
def menu_links(datasette, actor):
    return [
        {"href": datasette.urls.path("/-/search"), "label": "Search quotes"},
        {"href": datasette.urls.path("/-/charts"), "label": "Charts"},
    ]


@hookimpl
def register_routes():
    return [
        (r"^/-/speaker/(?P<speaker_id>.+)$", speaker_page),
        (r"^/-/article/(?P<article_id>.+)$", article_page),
        (r"^/-/search$", search_page),
        (r"^/-/charts$", charts_page),
        (r"^/-/statement/(?P<statement_id>[^/]+)$", statement_view),
        (r"^/-/quotes-phone\.css$", phone_css),
    ]


async def phone_css(request):
    return Response(PHONE_CSS, content_type="text/css; charset=utf-8")


async def _database(datasette):
    db = await queries.find_quotes_database(datasette)
    if db is None:
        raise NotFound("No database with a quotes table is attached.")
    return db


def _page_context(datasette, db, **context) -> dict:
    return {
        "database": db.name,
        "quotes_table_url": datasette.urls.table(db.name, "quotes"),
        "speaker_path": lambda speaker_id: speaker_path(datasette, speaker_id),
        "article_path": lambda article_id, quote_id=None: article_path(datasette, article_id, quote_id),
        "statement_path": lambda statement_id: statement_path(datasette, statement_id),
        "safe_url": safe_url,
        "date_inferred": date_inferred,
        **context,
    }


async def speaker_page(datasette, request):
    db = await _database(datasette)
    speaker_id = unquote(request.url_vars["speaker_id"])
    profile = await queries.speaker_profile(db, speaker_id)
    if profile is None:
        raise NotFound(f"No speaker with id {speaker_id!r}.")
    chart = charts.column_chart(
        charts.fill_months(profile["months"], await queries.month_axis(db)),
        title=f"Quotes per month: {profile['speaker']['name']}",
    )
    filter_args = urlencode({"speaker_id": speaker_id})
    context = _page_context(
        datasette, db, chart=chart,
        filtered_url=datasette.urls.table(db.name, "quotes") + "?" + filter_args,
        csv_url=datasette.urls.table(db.name, "quotes", format="csv") + "?_labels=on&_stream=on&" + filter_args,
        feed_url=datasette.urls.database(db.name) + "/speaker_feed.atom?" + urlencode({"speaker": speaker_id}),
        **profile,
    )
    return Response.html(await datasette.render_template("quotes_speaker.html", context, request=request))


async def article_page(datasette, request):
    db = await _database(datasette)
    article_id = unquote(request.url_vars["article_id"])
    found = await queries.article_with_quotes(db, article_id)
    if found is None:
        raise NotFound(f"No article with id {article_id!r}.")
    text = found["article"]["text"] or ""
    spans = highlight.spans_for_quotes(found["quotes"])
    context = _page_context(
        datasette,
        db,
        marked_text=highlight.highlight(text, spans),
        invalid=[s for s in highlight.invalid_spans(text, spans) if s.kind == "quote"],
        **found,
    )
    return Response.html(await datasette.render_template("quotes_article.html", context, request=request))


async def statement_view(datasette, request):
    db = await _database(datasette)
    statement_id = unquote(request.url_vars["statement_id"])
    found = await statement_with_versions(db, statement_id)
    if found is None:
        raise NotFound(f"No statement with id {statement_id!r}.")
    context = _page_context(datasette, db, **found)
    return Response.html(await datasette.render_template("quotes_statement.html", context, request=request))


def _search_text(request) -> str:
    text = (request.args.get("q") or "").strip()
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise BadRequest("The search text holds a control character (such as %00); type words to search for.")
    return text


def _page_number(request) -> int:
    raw = request.args.get("page") or "1"
    # ASCII digits only: str.isdigit() accepts '²', which int() refuses; and at most as many
    # digits as MAX_PAGE has, so int() never meets a number too long to convert
    if not re.fullmatch(r"[0-9]{1,%d}" % len(str(MAX_PAGE)), raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise BadRequest(f"page must be a whole number from 1 to {MAX_PAGE:,}, not {raw[:40]!r}.")
    return int(raw)


async def search_page(datasette, request):
    db = await _database(datasette)
    text = _search_text(request)
    page = _page_number(request)
    phrase = request.args.get("mode") == "phrase"
    order = "newest" if request.args.get("order") == "newest" else "relevance"
    found, error = {"total": 0, "ranked": 0, "results": [], "match": "", "speakers_named": []}, None
    if text:
        try:
            found = await queries.search_quotes(
                db, text, phrase=phrase, order=order, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
            )
        except LookupError as problem:
            error = str(problem)
    for result in found["results"]:
        result["snippet_html"] = snippet_markup(result["snippet"])
    args = {"q": text, "mode": "phrase" if phrase else "words", "order": order}
    feed_url = (datasette.urls.database(db.name) + "/search_feed.atom?" + urlencode({"match": found["match"]})
                if found.get("match") else None)
    speakers = await queries.matching_speakers(db, text) if text else []
    # the same matches as a filtered table, and every one of them as CSV (raw: the expression
    # is already safe)
    table_args = urlencode({"_search": found["match"], "_searchmode": "raw", "_labels": "on"}) \
        if found.get("match") else None
    table_url = datasette.urls.table(db.name, "quotes") + "?" + table_args if table_args else None
    csv_url = (datasette.urls.table(db.name, "quotes", format="csv") + "?" + table_args + "&_stream=on"
               if table_args else None)
    context = _page_context(
        datasette, db, q=text, phrase=phrase, order=order, error=error, page=page, per_page=PER_PAGE,
        args=args, has_next=page * PER_PAGE < found["ranked"], feed_url=feed_url, speakers=speakers,
        table_url=table_url, csv_url=csv_url, **found,
    )
    return Response.html(await datasette.render_template("quotes_search.html", context, request=request))


async def charts_page(datasette, request):
    db = await _database(datasette)
    data = await queries.chart_data(db)
    axis = await queries.month_axis(db)
    kinds_chart = charts.stacked_bar_chart(data["kinds_per_outlet"], title="Kinds of quote per outlet")
    for speaker in data["speakers"]:
        speaker["chart"] = charts.column_chart(
            charts.fill_months(speaker["months"], axis), title=f"Quotes per month: {speaker['speaker_name']}", height=110
        )
    context = _page_context(datasette, db, kinds_chart=kinds_chart, **data)
    return Response.html(await datasette.render_template("quotes_charts.html", context, request=request))


@hookimpl
def extra_template_vars(template, datasette, request):
    """The home page's numbers and lists, for people rather than for Datasette."""
    if template != "index.html":
        return None

    async def home():
        db = await queries.find_quotes_database(datasette)
        if db is None:
            return {"home": None}
        data = await queries.home_data(db)
        return {"home": data, **_page_context(datasette, db)}

    return home
