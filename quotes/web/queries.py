"""The SQL behind the custom pages: each function takes a Datasette ``Database`` and returns
plain dicts and lists, ready for a template. Nothing here renders HTML.

The tables are those of docs/SCHEMA.md. Full-text search works with the FTS5 table that
sqlite-utils builds by default and with an FTS4 one; anything else is reported as an error.
"""

from __future__ import annotations

import json

#: highlight markers put into snippet() output; the text is escaped first, then the markers
#: become <mark> elements. Mathematical angle brackets rarely occur in news text and stay
#: readable in a CSV download of the canned query.
SNIPPET_OPEN, SNIPPET_CLOSE = "\u27ea", "\u27eb"
#: how many quotes a page lists before it points to the filtered table instead
PAGE_LIMIT = 1000
QUOTE_ORDER = "q.published is null, q.published desc, q.article_id, q.start"


async def find_quotes_database(datasette):
    """The first attached database that has a ``quotes`` table, or None."""
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("quotes"):
            return db
    return None


async def rows(db, sql: str, params: dict | tuple = ()) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def speaker_profile(db, speaker_id: str) -> dict | None:
    """A speaker with their roles over time, outlets, monthly counts and quotes, newest first."""
    found = await rows(db, "select * from speakers where id = ?", [speaker_id])
    if not found:
        return None
    speaker = found[0]
    try:
        speaker["aliases"] = json.loads(speaker.get("aliases") or "[]")
    except ValueError:
        speaker["aliases"] = [speaker["aliases"]]
    where = "from quotes q where q.speaker_id = :id"
    params = {"id": speaker_id}
    stats = (await rows(db, f"select count(*) as n, min(published) as first, max(published) as last, "
                            f"count(distinct article_id) as articles {where}", params))[0]
    roles = await rows(db, f"select role, min(published) as first, max(published) as last, "
                           f"count(*) as n {where} and role is not null and role != '' "
                           f"group by role order by first is null, first, n desc", params)
    outlets = await rows(db, f"select source, count(*) as n, count(distinct article_id) as articles "
                             f"{where} group by source order by n desc, source", params)
    months = await rows(db, f"select substr(published, 1, 7) as month, count(*) as n {where} "
                            f"and published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' group by month", params)
    quotes = await rows(
        db,
        f"select q.*, a.title as article_title from quotes q left join articles a on a.id = q.article_id "
        f"where q.speaker_id = :id order by {QUOTE_ORDER} limit {PAGE_LIMIT}",
        params,
    )
    return {
        "speaker": speaker,
        "stats": stats,
        "roles": roles,
        "outlets": outlets,
        "months": {row["month"]: row["n"] for row in months},
        "quotes": quotes,
        "truncated": stats["n"] > len(quotes),
    }


async def article_with_quotes(db, article_id: str) -> dict | None:
    """An article and its quotes in text order, each with its speaker's name."""
    found = await rows(db, "select * from articles where id = ?", [article_id])
    if not found:
        return None
    quotes = await rows(db, "select * from quotes where article_id = ? order by start, end desc", [article_id])
    return {"article": found[0], "quotes": quotes}


async def fts_details(db) -> tuple[str, int]:
    """The FTS version of ``quotes_fts`` (``FTS5``/``FTS4``) and the index of its ``text`` column."""
    sql = (await db.execute("select sql from sqlite_master where name = 'quotes_fts'")).rows
    if not sql:
        raise LookupError("This database has no quotes_fts full-text index.")
    version = "FTS5" if "fts5" in sql[0][0].lower() else "FTS4"
    columns = [row[1] for row in (await db.execute("pragma table_info(quotes_fts)")).rows]
    return version, columns.index("text") if "text" in columns else 0


def fts_query(text: str, *, phrase: bool) -> str:
    """User input as a safe FTS match expression: one quoted phrase, or every word quoted (AND)."""
    if phrase:
        return '"' + text.replace('"', '""') + '"'
    words = [word.replace('"', "") for word in text.split()]
    return " ".join(f'"{word}"' for word in words if word)


async def search_quotes(db, text: str, *, phrase: bool, order: str, limit: int = 100, offset: int = 0) -> dict:
    """Quotes matching ``text``, with a highlighted snippet (markers, not HTML) per hit."""
    version, column = await fts_details(db)
    match = fts_query(text, phrase=phrase)
    if not match:
        return {"total": 0, "results": []}
    if version == "FTS5":
        snippet = f"snippet(quotes_fts, {column}, :open, :close, '…', 32)"
        relevance = "quotes_fts.rank"
    else:
        snippet = f"snippet(quotes_fts, :open, :close, '…', {column}, 32)"
        relevance = "q.published desc"  # FTS4 has no built-in rank
    order_by = f"{relevance}, q.id" if order == "relevance" else f"{QUOTE_ORDER}"
    base = "from quotes_fts join quotes q on q.rowid = quotes_fts.rowid where quotes_fts match :match"
    params = {"match": match, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
    # Counting on the index alone (no join) is 10x faster for common words; triggers keep the
    # index and the table in step, so the counts agree.
    total = (await db.execute("select count(*) from quotes_fts where quotes_fts match :match", params)).rows[0][0]
    results = await rows(
        db,
        f"select q.id, q.article_id, q.speaker_id, q.speaker_name, q.published, q.source, q.kind, "
        f"q.role, q.text, {snippet} as snippet {base} order by {order_by} limit {int(limit)} offset {int(offset)}",
        params,
    )
    return {"total": total, "results": results}


async def chart_data(db, *, top_speakers: int = 8) -> dict:
    """Kinds per outlet, and quotes per month for the most-quoted speakers."""
    kinds = await rows(db, "select coalesce(source, '(unknown)') as source, coalesce(kind, '(none)') as kind, "
                           "count(*) as n from quotes group by 1, 2 order by 1")
    per_outlet: dict[str, dict[str, int]] = {}
    for row in kinds:
        per_outlet.setdefault(row["source"], {})[row["kind"]] = row["n"]
    speakers = await rows(db, "select speaker_id, speaker_name, count(*) as n from quotes "
                              "where speaker_id is not null group by speaker_id order by n desc, speaker_name "
                              f"limit {int(top_speakers)}")
    for speaker in speakers:
        months = await rows(db, "select substr(published, 1, 7) as month, count(*) as n from quotes "
                                "where speaker_id = ? and published glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' "
                                "group by month", [speaker["speaker_id"]])
        speaker["months"] = {row["month"]: row["n"] for row in months}
    return {"kinds_per_outlet": per_outlet, "speakers": speakers}
