"""Streamed CSV (``<table>.csv?_stream=on``) that holds every matching row exactly once.

Datasette 0.65 streams a CSV download page by page. Its first page is ordered by the sort
column alone (``said_on desc``), the later ones by the sort column and then the primary key,
and each next page starts after the last row of the one before. When many rows share a value
of the sort column and SQLite answers a filtered view through another index and a temporary
sort (``speaker_id=…``, a full-text search), the first page's ties come in no particular
order, so the next page skips some rows and repeats others (394 of 637 rows of one speaker,
one twice, in a review).

:func:`asgi_wrapper` takes such a download over for any table with a sort and text primary
keys. It asks Datasette's own JSON for every page, with the same filters, search, columns and
labels, starting from a page token that every row follows: so even the first page is ordered
by the sort column and then the key, and the pages join up. Headings and cells are written as
Datasette writes them (``<column>_label`` after an expanded foreign key).

Not handled here (left to Datasette): views and canned queries, tables without a sort or with
a primary key that is not text, and ``_trace``.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qsl, urlencode

from datasette.utils import tilde_decode, tilde_encode

#: a table's CSV address: ``/<database>/<table>.csv``
CSV_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<table>[^/]+)\.csv$")
#: sorts after every text value SQLite stores (and numbers sort before any text)
AFTER_EVERY_VALUE = "\U0010ffff"
#: arguments of the download that the JSON pages must not get, or get as set here
PAGE_ARGUMENTS = {"_stream": None, "_dl": None, "_next": None, "_size": "max", "_nocount": "1",
                  "_nofacet": "1", "_shape": "arrays", "_header": None, "_trace": None}


def asgi_wrapper(datasette):
    """Datasette's ``asgi_wrapper`` hook: streamed CSV of tables goes to :func:`stream_csv`."""
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http" and await _takes_over(datasette, scope):
                await stream_csv(datasette, scope, send)
            else:
                await app(scope, receive, send)
        return wrapped
    return wrap


def _args(scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


async def _takes_over(datasette, scope) -> bool:
    match = CSV_PATH.match(scope.get("path", ""))
    args = dict(_args(scope))
    if not match or not args.get("_stream") or "_next" in args or "_trace" in args:
        return False
    try:
        db = datasette.get_database(route=tilde_decode(match["database"]))
    except KeyError:
        return False
    table = tilde_decode(match["table"])
    if not await db.table_exists(table) or await _first_token(datasette, db, table, args) is None:
        return False
    return datasette.setting("allow_csv_stream")


async def _first_token(datasette, db, table: str, args: dict) -> str | None:
    """A ``_next`` token that every row of the table follows, in the view's sort order; None
    where Datasette's own streaming is right (no sort) or the token cannot be made."""
    metadata = datasette.table_metadata(db.name, table) or {}
    if args.get("_sort") or args.get("_sort_desc"):
        descending = bool(args.get("_sort_desc"))
    elif metadata.get("sort") or metadata.get("sort_desc"):
        descending = bool(metadata.get("sort_desc"))
    else:
        return None
    pks = await db.primary_keys(table)
    types = {column.name: (column.type or "").upper() for column in await db.table_column_details(table)}
    if not pks or any("TEXT" not in types.get(pk, "") for pk in pks):
        return None  # an empty text key comes before every text key, not every number
    first = tilde_encode(AFTER_EVERY_VALUE) if descending else "$null"
    return ",".join([first] + [""] * len(pks))


async def stream_csv(datasette, scope, send) -> None:
    """Write the download: Datasette's JSON pages of the same view, as CSV."""
    match = CSV_PATH.match(scope["path"])
    args = _args(scope)
    db = datasette.get_database(route=tilde_decode(match["database"]))
    table = tilde_decode(match["table"])
    token = await _first_token(datasette, db, table, dict(args))
    kept = [(key, value) for key, value in args if key not in PAGE_ARGUMENTS]
    fixed = [(key, value) for key, value in PAGE_ARGUMENTS.items() if value is not None]
    json_path = f"/{match['database']}/{match['table']}.json"
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", [])
               if key.lower() in (b"cookie", b"authorization")}

    async def page(next_token: str) -> dict | str:
        response = await datasette.client.get(
            json_path + "?" + urlencode(kept + fixed + [("_next", next_token)]), headers=headers)
        if response.status_code != 200:
            try:
                return str(response.json().get("error") or response.text)
            except ValueError:
                return response.text
        return response.json()

    data = await page(token)
    if isinstance(data, str):
        await _send_text(send, 400, f"Cannot download this view: {data}\n")
        return
    content_type = "text/plain; charset=utf-8"
    response_headers = []
    if dict(args).get("_dl"):
        content_type = "text/csv; charset=utf-8"
        response_headers.append((b"content-disposition", f'attachment; filename="{table}.csv"'.encode()))
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", content_type.encode())] + response_headers})
    expanded = set(data.get("expanded_columns") or [])
    limit = (datasette.setting("max_csv_mb") or 0) * 1024 * 1024
    written = 0
    header_row = []
    for column in data["columns"]:
        header_row += [column, f"{column}_label"] if column in expanded else [column]
    lines = [header_row] if dict(args).get("_header") != "off" else []
    while True:
        lines += [_csv_row(data["columns"], row, expanded) for row in data["rows"]]
        chunk = _csv(lines)
        lines = []
        written += len(chunk.encode("utf-8"))
        if limit and written > limit:
            await _body(send, f"CSV contains more than {limit // (1024 * 1024)} MB - try using _size to "
                              "limit the number of rows returned\n", more=False)
            return
        next_token = data.get("next")
        if not next_token:
            await _body(send, chunk, more=False)
            return
        await _body(send, chunk, more=True)
        data = await page(next_token)
        if isinstance(data, str):
            await _body(send, f"Download stopped: {data}\n", more=False)
            return


def _csv_row(columns: list[str], row: list | dict, expanded: set[str]) -> list:
    if isinstance(row, dict):  # with labels, Datasette's JSON rows are objects
        row = [row.get(column) for column in columns]
    cells = []
    for column, cell in zip(columns, row):
        if column not in expanded:
            cells.append(cell)
        elif isinstance(cell, dict):
            cells += [cell.get("value"), cell.get("label")]
        else:
            cells += [cell if cell is not None else "", ""]
    return cells


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # Datasette's dialect: excel, \r\n
    writer.writerows(rows)
    return out.getvalue()


async def _body(send, text: str, *, more: bool) -> None:
    await send({"type": "http.response.body", "body": text.encode("utf-8"), "more_body": more})


async def _send_text(send, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await _body(send, text, more=False)
