"""Datasette hooks for the quotes database: the speaker, article-in-context, search and chart
pages, links from table cells to those pages, and menu links.

Routes (all under ``/-/`` so they never collide with a database or table name):

* ``/-/speaker/<speaker id>`` — a speaker's profile and quotes, newest first
* ``/-/article/<article id>`` — the article text with every quote marked; ``#q-<quote id>``
  scrolls to one quote
* ``/-/search?q=...&mode=words|phrase&order=relevance|newest`` — full-text search over quotes
* ``/-/charts`` — kinds of quote per outlet, quotes per month for the most-quoted speakers

Data comes from :mod:`quotes.web.queries`, SVG from :mod:`quotes.web.charts`, marking from
:mod:`quotes.web.highlight`. Templates live in ``quotes/templates``; all of them extend
Datasette's ``base.html`` and rely on Jinja autoescaping: nothing from the database is marked
safe except the output of the three modules above, which escape it themselves.
"""

from __future__ import annotations

import json

from urllib.parse import quote as url_quote
from urllib.parse import unquote

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from . import charts, highlight, queries


def speaker_path(datasette, speaker_id: str) -> str:
    return datasette.urls.path(f"/-/speaker/{url_quote(str(speaker_id), safe='')}")


def article_path(datasette, article_id: str, quote_id: str | None = None) -> str:
    path = datasette.urls.path(f"/-/article/{url_quote(str(article_id), safe='')}")
    return path + (f"#q-{url_quote(str(quote_id), safe=':-')}" if quote_id else "")


def snippet_markup(snippet: str | None) -> Markup:
    """A snippet with highlight markers: escape everything, then turn markers into <mark>."""
    escaped = str(escape(snippet or ""))
    return Markup(escaped.replace(queries.SNIPPET_OPEN, "<mark>").replace(queries.SNIPPET_CLOSE, "</mark>"))


def _link(href: str, label) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, label if label not in (None, "") else "-")


def _row_value(row, key):
    try:
        return row[key]
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


@hookimpl
def extra_body_script(template, database, table, datasette):
    if template != "table.html":
        return None
    if table == "quotes":
        base = json.dumps(datasette.urls.path("/-/speaker/"))
        return FOLD_COLUMN_DESCRIPTIONS_SCRIPT + f"var SPEAKER_BASE = {base};" + FACET_LINK_SCRIPT
    return FOLD_COLUMN_DESCRIPTIONS_SCRIPT


@hookimpl
def menu_links(datasette, actor):
    return [
        {"href": datasette.urls.path("/-/search"), "label": "Search quotes"},
        {"href": datasette.urls.path("/-/charts"), "label": "Charts"},
    ]


@hookimpl
def register_routes():
    return [
        (r"^/-/speaker/(?P<speaker_id>[^/]+)$", speaker_page),
        (r"^/-/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/-/search$", search_page),
        (r"^/-/charts$", charts_page),
    ]


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
        **context,
    }


async def speaker_page(datasette, request):
    db = await _database(datasette)
    speaker_id = unquote(request.url_vars["speaker_id"])
    profile = await queries.speaker_profile(db, speaker_id)
    if profile is None:
        raise NotFound(f"No speaker with id {speaker_id!r}.")
    chart = charts.column_chart(
        charts.fill_months(profile["months"]), title=f"Quotes per month: {profile['speaker']['name']}"
    )
    filtered_url = datasette.urls.table(db.name, "quotes") + "?" + "speaker_id=" + url_quote(speaker_id, safe="")
    context = _page_context(datasette, db, chart=chart, filtered_url=filtered_url, **profile)
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


async def search_page(datasette, request):
    db = await _database(datasette)
    text = (request.args.get("q") or "").strip()
    phrase = request.args.get("mode") == "phrase"
    order = "newest" if request.args.get("order") == "newest" else "relevance"
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    per_page, found, error = 50, {"total": 0, "results": []}, None
    if text:
        try:
            found = await queries.search_quotes(
                db, text, phrase=phrase, order=order, limit=per_page, offset=(page - 1) * per_page
            )
        except LookupError as problem:
            error = str(problem)
    for result in found["results"]:
        result["snippet_html"] = snippet_markup(result["snippet"])
    args = {"q": text, "mode": "phrase" if phrase else "words", "order": order}
    context = _page_context(
        datasette, db, q=text, phrase=phrase, order=order, error=error, page=page, per_page=per_page,
        args=args, has_next=page * per_page < found["total"], **found,
    )
    return Response.html(await datasette.render_template("quotes_search.html", context, request=request))


async def charts_page(datasette, request):
    db = await _database(datasette)
    data = await queries.chart_data(db)
    kinds_chart = charts.stacked_bar_chart(data["kinds_per_outlet"], title="Kinds of quote per outlet")
    for speaker in data["speakers"]:
        speaker["chart"] = charts.column_chart(
            charts.fill_months(speaker["months"]), title=f"Quotes per month: {speaker['speaker_name']}", height=110
        )
    context = _page_context(datasette, db, kinds_chart=kinds_chart, **data)
    return Response.html(await datasette.render_template("quotes_charts.html", context, request=request))
