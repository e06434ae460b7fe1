"""What one arbitrary SQL query sent to ``quotes serve`` may cost: Datasette hooks.

Datasette stops a query after ``sql_time_limit_ms`` with SQLite's progress handler, which runs
between virtual-machine steps; a single function call that builds a huge value is one step, so
``randomblob(9e8)`` (3.4 s) or a ``group_concat`` over a cross join (a 696 MB response) escaped
it, and ten such queries at once held every SQL thread, so the pages waited. Here:

* every connection refuses to build a string or blob longer than :data:`MAX_VALUE_BYTES`
  (SQLite's ``SQLITE_LIMIT_LENGTH``; the longest article text, stored, still fits);
* functions that only make large or random values (:data:`DENIED_FUNCTIONS`) are refused by an
  authorizer, so the query fails at once with a message;
* at most :data:`MAX_CONCURRENT_ARBITRARY_SQL` requests with arbitrary SQL (``?sql=`` or
  ``?_where=``) run at a time; another gets HTTP 429 at once, so pages and canned queries keep
  the other SQL threads;
* a response to arbitrary SQL longer than :data:`MAX_ARBITRARY_RESPONSE_BYTES` is not sent:
  HTTP 413 with a sentence instead (a streamed one is cut off there, with a note).

Not handled: the memory a query's rows take in the server before the response is cut off is
bounded only by the time limit, ``max_returned_rows`` and the value length above; and CPU per
query is Datasette's time limit. Pages and canned queries are never refused or cut.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qs

from datasette import hookimpl

from quotes.articles import MAX_TEXT_CHARS

#: no value longer than the longest article text can be (4 bytes a character in UTF-8), plus room
MAX_VALUE_BYTES = MAX_TEXT_CHARS * 4 + 1_000_000
#: make values out of nothing; no page or canned query needs them
DENIED_FUNCTIONS = frozenset({"randomblob", "zeroblob"})
#: requests with arbitrary SQL running at once (Datasette has 3 SQL threads by default)
MAX_CONCURRENT_ARBITRARY_SQL = 1
#: the longest response to arbitrary SQL sent; a whole table is downloaded with ?_stream=on
MAX_ARBITRARY_RESPONSE_BYTES = 20_000_000
#: query-string parameters that carry SQL written by the requester
ARBITRARY_SQL_PARAMETERS = ("sql", "_where")


def _authorizer(action: int, name: str | None, function: str | None, database, source) -> int:
    if action == sqlite3.SQLITE_FUNCTION and function and function.lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    if hasattr(conn, "setlimit"):  # Python 3.11 and later
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.set_authorizer(_authorizer)


def is_arbitrary_sql(scope: dict) -> bool:
    """Whether an HTTP request carries SQL its sender wrote."""
    if scope.get("type") != "http":
        return False
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return any(query.get(name) for name in ARBITRARY_SQL_PARAMETERS)


@hookimpl
def asgi_wrapper():
    def wrap(app):
        running = 0

        async def limited(scope, receive, send):
            nonlocal running
            if not is_arbitrary_sql(scope):
                await app(scope, receive, send)
                return
            if running >= MAX_CONCURRENT_ARBITRARY_SQL:
                await _refuse(send, 429, "Another SQL query is running; try again when it is done.")
                return
            running += 1
            try:
                await app(scope, receive, _capped(send))
            finally:
                running -= 1
        return limited
    return wrap


def _capped(send):
    """``send``, holding the response's headers until its first body part: a whole response
    that is too long is replaced by a 413; a streamed one is cut off past the limit."""
    held: dict | None = None
    sent = 0
    done = False

    async def capped(message):
        nonlocal held, sent, done
        if done:
            return
        if message["type"] == "http.response.start":
            held = message
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        body = message.get("body", b"")
        if held is not None:
            start, held = held, None
            if len(body) > MAX_ARBITRARY_RESPONSE_BYTES and not message.get("more_body"):
                done = True
                await _refuse(send, 413, f"The result is longer than {MAX_ARBITRARY_RESPONSE_BYTES:,} "
                                         "bytes; add a LIMIT or select fewer columns.")
                return
            await send(start)
        sent += len(body)
        if sent > MAX_ARBITRARY_RESPONSE_BYTES:
            done = True
            await send({"type": "http.response.body", "more_body": False,
                        "body": f"\n[cut off: longer than {MAX_ARBITRARY_RESPONSE_BYTES:,} bytes]\n".encode()})
            return
        await send(message)
    return capped


async def _refuse(send, status: int, message: str) -> None:
    body = message.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"retry-after", b"2")]})
    await send({"type": "http.response.body", "body": body})
