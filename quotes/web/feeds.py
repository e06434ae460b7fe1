"""A plain sentence, not Datasette's error page, for a feed asked with a bad parameter.

The Atom feeds are canned queries of metadata.yml rendered by datasette-atom. Given a search
expression that full-text search cannot read (``match=AND``, ``match="``) or none at all, the
query fails, and datasette-atom answers "SQL query must return columns atom_title, ..." in an
HTML page: nothing a feed reader or a person can act on. :func:`asgi_wrapper` checks the
parameters first and answers 400 with what to do, as text.

Not handled: feeds of other canned queries; the pages link to these feeds with parameters
that are always valid, so only hand-made addresses get here.
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import parse_qsl

from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode

from ..schema import FTS_TABLE

#: ``/<database>/<feed>.atom``
FEED_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<feed>search_feed|speaker_feed)\.atom$")


def asgi_wrapper(datasette):
    """Datasette's ``asgi_wrapper`` hook: a feed address with a bad parameter gets a 400."""
    def wrap(app):
        async def wrapped(scope, receive, send):
            problem = await feed_problem(datasette, scope) if scope.get("type") == "http" else None
            if problem is None:
                await app(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": (problem + "\n").encode("utf-8")})
        return wrapped
    return wrap


async def feed_problem(datasette, scope) -> str | None:
    """What is wrong with a feed address's parameters, as a sentence; None when nothing is."""
    match = FEED_PATH.match(scope.get("path", ""))
    if not match:
        return None
    try:
        db = datasette.get_database(route=tilde_decode(match["database"]))
    except KeyError:
        return None
    args = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
    if match["feed"] == "speaker_feed":
        if not args.get("speaker", "").strip():
            return ("This feed needs a speaker id: speaker_feed.atom?speaker=sergey-ryabkov. "
                    "Each speaker page links to its feed.")
        return None
    expression = args.get("match", "")
    if not expression.strip():
        return "This feed needs a search: search_feed.atom?match=... The search page links to the feed of its search."
    try:
        await db.execute(f"select 1 from {FTS_TABLE} where {FTS_TABLE} match :match limit 1", {"match": expression})
    except (sqlite3.Error, QueryInterrupted) as error:
        return (f"This feed's search cannot be read ({error}). Search on the search page and follow "
                "its feed link, which writes the search for you.")
    return None
