"""The SQL behind the custom pages: each function takes a Datasette ``Database`` and returns
plain dicts and lists, ready for a template. Nothing here renders HTML.

The tables are those of docs/SCHEMA.md. Full-text search uses the FTS5 table the store builds
(:data:`quotes.schema.FTS_TABLE`); a database without it is reported as an error.
"""

from __future__ import annotations

import json

from ..dates import MIN_YEAR
from ..lookup import lookup_key
from ..schema import FTS_TABLE, FTS_TRIGGERS
from ..summaries import FACET_TABLE, SEPARATOR, SPEAKER_TABLE, TRIGGER_NAMES
from .charts import clamp_axis

#: highlight markers put into snippet() output; the text is escaped first, then the markers
#: become <mark> elements. Mathematical angle brackets rarely occur in news text and stay
#: readable in a CSV download of the canned query.
SNIPPET_OPEN, SNIPPET_CLOSE = "\u27ea", "\u27eb"
#: how many quotes a speaker page lists before it points to the filtered table instead: at 1,000
#: the page of a much-quoted speaker was 950 KB of HTML and took 100-150 ms to render (issue 13)
PAGE_LIMIT = 250
#: search by relevance ranks at most this many matches, the ones stored last (the rest are
#: reached by the table view or the CSV of the search, which list every match)
RANK_WINDOW = 10_000
QUOTE_ORDER = "q.said_on is null, q.said_on desc, q.article_id, q.start"
#: a quote as pages list it: its row carries its article's title and url (quotes.store copies
#: them); with_notes() adds each article's published_note afterwards, for the rows shown only
QUOTE_COLUMNS = "q.*"
QUOTE_FROM = "from quotes q"
#: said_on values precise enough to count in a month
MONTHLY_BARE = "said_on_precision in ('day', 'month')"
MONTHLY = "q." + MONTHLY_BARE
#: the speakers a typed name stands for (quotes.lookup): ``:speaker`` as typed, ``:key`` its
#: lookup key; metadata.yml's canned query asks for the same key through the SQL function
#: quotes_lookup_key (quotes.web.plugin.prepare_connection)
SPEAKER_MATCH = """
select speaker_id from speaker_names where key = :key
union select id from speakers where id = :speaker
"""


async def find_quotes_database(datasette):
    """The first attached database that has a ``quotes`` table, or None."""
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("quotes"):
            return db
    return None


async def rows(db, sql: str, params: dict | tuple = ()) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def counts_kept(db) -> bool:
    """Whether the summary counts (:mod:`quotes.summaries`) are kept up to date in ``db``: its
    tables and every trigger exist. A build into an empty file drops the triggers until its end
    (:mod:`quotes.upkeep`), so while it runs, or after it was killed, the counts are not the rows'."""
    marks = ", ".join("?" * len(TRIGGER_NAMES))
    found = (await db.execute(f"select count(*) from sqlite_master where type = 'trigger' and name in ({marks})",
                              list(TRIGGER_NAMES))).rows[0][0]
    return found == len(TRIGGER_NAMES) and await db.table_exists(FACET_TABLE) and await db.table_exists(SPEAKER_TABLE)


async def speaker_profile(db, speaker_id: str) -> dict | None:
    """A speaker with their roles over time, outlets, monthly counts and quotes, newest first.

    On a database the build keeps counts in (:mod:`quotes.summaries`), the totals come from the
    speaker's row and the roles, outlets and months from ``speaker_counts``: grouping a speaker's
    quotes three ways took over a second for 240,000 quotes."""
    found = await rows(db, "select * from speakers where id = ?", [speaker_id])
    if not found:
        return None
    speaker = found[0]
    try:
        speaker["aliases"] = json.loads(speaker.get("aliases") or "[]")
    except ValueError:
        speaker["aliases"] = [speaker["aliases"]]
    params = {"id": speaker_id}
    if await counts_kept(db):
        stats, roles, outlets, months = await _speaker_counts(db, speaker, params)
    else:
        stats, roles, outlets, months = await _speaker_groups(db, params)
    quotes = await rows(db, f"select {QUOTE_COLUMNS} {QUOTE_FROM} where q.speaker_id = :id and q.said_on is not null "
                            f"order by q.said_on desc, q.article_id, q.start limit {PAGE_LIMIT}", params)
    if len(quotes) < PAGE_LIMIT:  # undated quotes last, as QUOTE_ORDER puts them
        quotes += await rows(db, f"select {QUOTE_COLUMNS} {QUOTE_FROM} where q.speaker_id = :id and q.said_on is null "
                                 f"order by q.article_id, q.start limit {PAGE_LIMIT - len(quotes)}", params)
    return {
        "speaker": speaker,
        "stats": stats,
        "roles": roles,
        "outlets": outlets,
        "months": {row["month"]: row["n"] for row in months},
        "quotes": await with_notes(db, quotes),
        "truncated": stats["n"] > len(quotes),
    }


async def _speaker_counts(db, speaker: dict, params: dict) -> tuple:
    """Totals, roles, outlets and months of a speaker from their row and ``speaker_counts``;
    each role's first and last date from an index (``idx_quotes_speaker_role_said_on``)."""
    stats = {"n": speaker.get("quote_count") or 0, "first": speaker.get("first_quoted"),
             "last": speaker.get("last_quoted"), "articles": speaker.get("article_count") or 0}
    counts = f"from [{SPEAKER_TABLE}] where speaker_id = :id and facet = "
    roles = await rows(db, "select value as role, "
                           "(select min(said_on) from quotes where speaker_id = :id and role = c.value) as first, "
                           "(select max(said_on) from quotes where speaker_id = :id and role = c.value) as last, "
                           f"count as n from [{SPEAKER_TABLE}] c where speaker_id = :id and facet = 'role' "
                           "order by first is null, first, n desc", params)
    outlets = await rows(db, f"select nullif(substr(value, 1, instr(value, :sep) - 1), '') as source, "
                             f"sum(count) as n, count(*) as articles {counts}'source_article' "
                             "group by 1 order by n desc, source", {**params, "sep": SEPARATOR})
    months = await rows(db, f"select value as month, count as n {counts}'month'", params)
    return stats, roles, outlets, months


async def _speaker_groups(db, params: dict) -> tuple:
    """The same as :func:`_speaker_counts`, grouped from the speaker's quotes (a database
    written before the counts)."""
    where = "from quotes q where q.speaker_id = :id"
    stats = (await rows(db, f"select count(*) as n, min(said_on) as first, max(said_on) as last, "
                            f"count(distinct article_id) as articles {where}", params))[0]
    roles = await rows(db, f"select role, min(said_on) as first, max(said_on) as last, "
                           f"count(*) as n {where} and role is not null and role != '' "
                           f"group by role order by first is null, first, n desc", params)
    outlets = await rows(db, f"select source, count(*) as n, count(distinct article_id) as articles "
                             f"{where} group by source order by n desc, source", params)
    months = await rows(db, f"select substr(said_on, 1, 7) as month, count(*) as n {where} "
                            f"and {MONTHLY} group by month", params)
    return stats, roles, outlets, months


async def with_notes(db, quotes: list[dict]) -> list[dict]:
    """``quotes`` with their article's ``published_note`` (a join before ranking or sorting
    would read an article row for every match, not only for the rows shown)."""
    ids = sorted({q["article_id"] for q in quotes if q.get("article_id")})
    notes = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found = await rows(db, f"select id, published_note from articles where id in ({','.join('?' * len(chunk))})",
                           chunk)
        notes.update({row["id"]: row["published_note"] for row in found})
    for quote in quotes:
        quote["published_note"] = notes.get(quote.get("article_id"))
    return quotes


async def month_axis(db) -> tuple[str, str] | None:
    """One time axis for every chart: the first and last month a statement dated to its day
    or month was made in (a statement dated only to its year has no month to stand in), at
    most :data:`quotes.web.charts.MAX_MONTHS` months back from the last, and never before
    :data:`quotes.dates.MIN_YEAR` (an article dated 0001-01-01)."""
    found = (await db.execute(
        f"select (select said_on from quotes where said_on >= :floor and {MONTHLY_BARE} order by said_on limit 1), "
        f"(select said_on from quotes where said_on >= :floor and {MONTHLY_BARE} order by said_on desc limit 1)",
        {"floor": f"{MIN_YEAR:04d}"})).rows
    first, last = tuple(found[0]) if found else (None, None)
    if not first or not last:
        return None
    return clamp_axis(first[:7], last[:7])


async def said_on_range(db) -> tuple[str | None, str | None]:
    """The earliest and latest ``said_on``, read from the ends of its index (min() and max()
    would scan it: 60 ms on 383,000 quotes)."""
    found = (await db.execute(
        "select (select said_on from quotes where said_on is not null order by said_on limit 1), "
        "(select said_on from quotes where said_on is not null order by said_on desc limit 1)")).rows
    return tuple(found[0]) if found else (None, None)


async def matching_speakers(db, text: str, *, limit: int = 5) -> list[dict]:
    """Speakers a typed name stands for: id, name, alias or surname, most quoted first."""
    if not text.strip():
        return []
    if not await db.table_exists("speaker_names"):
        return []
    return await rows(db, f"select id, name, role, quote_count from speakers where id in ({SPEAKER_MATCH}) "
                          f"order by quote_count desc, name limit {int(limit)}",
                      {"speaker": text.strip(), "key": lookup_key(text)})


async def home_data(db, *, top: int = 12, latest: int = 8) -> dict:
    """What the home page shows: totals, date range, most-quoted speakers, outlets, newest quotes.
    Totals and outlets come from the build's counts (:mod:`quotes.summaries`) when the
    database has them: counting every quote took 200 ms at five million."""
    counted = await counts_kept(db)
    if counted:
        totals = (await rows(db, "select "
                                 f"(select coalesce(sum(count), 0) from [{FACET_TABLE}] where table_name = 'quotes' and facet = '') as quotes, "
                                 "(select count(*) from speakers) as speakers, "
                                 f"(select coalesce(sum(count), 0) from [{FACET_TABLE}] where table_name = 'articles' and facet = '') as articles"))[0]
        outlets = await rows(db, f"select value as source, count as n from [{FACET_TABLE}] "
                                 f"where table_name = 'articles' and facet = 'source' order by n desc, source limit {int(top)}")
    else:
        totals = (await rows(db, "select (select count(*) from quotes) as quotes, "
                                 "(select count(*) from speakers) as speakers, "
                                 "(select count(*) from articles) as articles"))[0]
        outlets = await rows(db, "select source, count(*) as n from articles where source is not null "
                                 f"group by source order by n desc, source limit {int(top)}")
    totals["first"], totals["last"] = await said_on_range(db)
    speakers = await rows(db, "select id, name, role, quote_count from speakers "
                              f"order by quote_count desc, name limit {int(top)}")
    quotes = await rows(db, f"select {QUOTE_COLUMNS} {QUOTE_FROM} where q.said_on is not null "
                            f"order by q.said_on desc, q.article_id, q.start limit {int(latest)}")
    return {"totals": totals, "top_speakers": speakers, "outlets": outlets, "latest": await with_notes(db, quotes)}


async def article_with_quotes(db, article_id: str) -> dict | None:
    """An article and its quotes in text order, each with its speaker's name."""
    found = await rows(db, "select * from articles where id = ?", [article_id])
    if not found:
        return None
    quotes = await rows(db, f"select {QUOTE_COLUMNS} {QUOTE_FROM} where q.article_id = ? "
                            "order by q.start, q.end desc", [article_id])
    quotes = await with_notes(db, quotes)
    return {"article": found[0], "quotes": quotes}


async def fts_text_column(db) -> int:
    """The index of the ``text`` column in the full-text table, for snippet(); LookupError when
    there is no index, or its triggers are missing (it is not kept up to date)."""
    columns = [row[1] for row in (await db.execute(f"pragma table_info([{FTS_TABLE}])")).rows]
    if not columns:
        raise LookupError(f"This database has no {FTS_TABLE} full-text index.")
    marks = ", ".join("?" * len(FTS_TRIGGERS))
    kept = (await db.execute(f"select count(*) from sqlite_master where type = 'trigger' and name in ({marks})",
                             list(FTS_TRIGGERS))).rows[0][0]
    if kept < len(FTS_TRIGGERS):  # dropped by a build into an empty file until its end (quotes.upkeep)
        raise LookupError("The search index is not complete: a build into this database is running, or "
                          "stopped before its end. Search works again once a build has finished.")
    return columns.index("text") if "text" in columns else 0


def fts_query(text: str, *, phrase: bool) -> str:
    """User input as a safe FTS match expression: one quoted phrase, or every word quoted (AND)."""
    if phrase:
        return '"' + text.replace('"', '""') + '"'
    words = [word.replace('"', "") for word in text.split()]
    return " ".join(f'"{word}"' for word in words if word)


async def search_quotes(db, text: str, *, phrase: bool, order: str, limit: int = 100, offset: int = 0) -> dict:
    """Quotes matching ``text``, with a highlighted snippet (markers, not HTML) per hit."""
    column = await fts_text_column(db)
    match = fts_query(text, phrase=phrase)
    if not match:
        return {"total": 0, "ranked": 0, "results": [], "match": "", "speakers_named": []}
    snippet = f"snippet({FTS_TABLE}, {column}, :open, :close, '…', 32)"
    order_by = f"{FTS_TABLE}.rank, q.id" if order == "relevance" else f"{QUOTE_ORDER}"
    names = [row["name"] for row in await matching_speakers(db, text)]
    if names:  # `Ryabkov`, `Sergei Ryabkov`: the speaker's quotes match under any of their names
        match = " OR ".join([f"({match})"] + [f'speaker_name : "{n.replace(chr(34), "")}"' for n in names])
    base = f"from {FTS_TABLE} join quotes q on q.rowid = {FTS_TABLE}.rowid where {FTS_TABLE} match :match"
    params = {"match": match, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
    # Counting on the index alone (no join) is 10x faster for common words; triggers keep the
    # index and the table in step, so the counts agree.
    total = (await db.execute(f"select count(*) from {FTS_TABLE} where {FTS_TABLE} match :match", params)).rows[0][0]
    ranked = total
    if order == "relevance" and total > RANK_WINDOW:
        # FTS5 scores every match before it sorts (1 s for 280,000): rank the RANK_WINDOW
        # matches stored last, found by rowid on the index alone
        floor = (await db.execute(f"select rowid from {FTS_TABLE} where {FTS_TABLE} match :match "
                                  f"order by rowid desc limit 1 offset {RANK_WINDOW - 1}", params)).rows[0][0]
        base += f" and {FTS_TABLE}.rowid >= :floor"
        params["floor"] = floor
        ranked = RANK_WINDOW
    results = await rows(
        db,
        f"select q.id, q.article_id, q.speaker_id, q.speaker_name, q.published, q.said_on, "
        f"q.said_on_precision, q.said_on_from, q.said_on_text, q.source, q.kind, q.role, q.text, q.article_title, "
        f"q.cue, q.cue_class, q.statement_id, q.statement_outlets, "
        f"q.article_url, {snippet} as snippet {base} "
        f"order by {order_by} limit {int(limit)} offset {int(offset)}",
        params,
    )
    return {"total": total, "ranked": ranked, "results": await with_notes(db, results), "match": match,
            "speakers_named": names}


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
        months = await rows(db, "select substr(said_on, 1, 7) as month, count(*) as n from quotes q "
                                f"where speaker_id = ? and {MONTHLY} group by month", [speaker["speaker_id"]])
        speaker["months"] = {row["month"]: row["n"] for row in months}
    return {"kinds_per_outlet": per_outlet, "speakers": speakers}
