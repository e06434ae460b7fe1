"""Pages at millions of quotes: make a large database from a real one, and time five pages on it.

Run by hand (this is not a test)::

    .venv/bin/python benchmarks/big_db.py make --source WHOLE.db --copies 13 --db BIG.db
    .venv/bin/python benchmarks/big_db.py measure --db BIG.db [--requests 50]

WHOLE.db is a database ``quotes build`` made from a whole corpus (docs/BENCHMARKS.md used
news-20k, see benchmarks/corpus.py).

``make`` copies the source file (which is only read) and adds ``copies - 1`` replicas of every
article, quote, article speaker and statement it holds. Replica ``k`` (1, 2, ...) gives each
row a new id (``<id>-r<k>``; a quote's id stays ``<article id>:<start>-<end>``, a url gets
``#r<k>``) and moves every date ``k`` years back (``published``, ``said_on``, the statements'
dates; YYYY, YYYY-MM and YYYY-MM-DD alike, 29 February becoming the 28th in a year without it).
Speakers are not replicated: the same people are quoted in every replica, as in an archive
that covers more years, so the most quoted speaker has ``copies`` times their quotes. Indexes
and the full-text index are dropped while the rows go in and built once at the end (much faster
than row by row), then the speakers are recounted and :class:`quotes.store.QuoteStore` opens
the file, which adds whatever this version of quotes keeps beside the tables (summary tables,
indexes) exactly as a build would on an older database.

``measure`` times, in-process through ``datasette.client`` on the instance ``quotes serve``
runs (as ``bench.py`` does), ``--requests`` requests per page after one warm-up each: the home
page, the quotes table with its default facets, the most quoted speaker's page, the search page
for a common word, and the streamed CSV of the speaker whose quote count is nearest 5,000 (the
download the speaker page links to). It prints p50/p95 per page.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote as url_quote

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from bench import percentile  # noqa: E402

from quotes.store import TABLES, QuoteStore  # noqa: E402
from quotes.summaries import FACET_TABLE, SPEAKER_TABLE  # noqa: E402

TARGET_P95_MS = 300
#: the search page's word: among the most frequent content words of the news-20k quotes
SEARCH_WORD = "people"
#: the CSV download is that of the speaker with about this many quotes
CSV_SPEAKER_QUOTES = 5_000

#: per replicated table: column -> SQL expression of the replica's value (``:k`` is the replica
#: number); the columns not named are copied as they are
SHIFTS = {
    "articles": {"id": "id || '-r' || :k", "url": "url || '#r' || :k",
                 "path": "path || '#r' || :k", "published": "shift_date(published, :k)"},
    "quotes": {
        "id": "article_id || '-r' || :k || substr(id, length(article_id) + 1)",
        "article_id": "article_id || '-r' || :k",
        "article_url": "article_url || '#r' || :k",
        "context_url": "'/-/article/' || article_id || '-r' || :k || '#q-' || article_id || '-r' || :k"
                       " || substr(id, length(article_id) + 1)",
        "statement_id": "statement_id || '-r' || :k",
        "published": "shift_date(published, :k)", "published_month": "shift_date(published_month, :k)",
        "said_on": "shift_date(said_on, :k)",
    },
    "article_speakers": {"article_id": "article_id || '-r' || :k"},
    "statements": {"id": "id || '-r' || :k", "first_published": "shift_date(first_published, :k)",
                   "last_published": "shift_date(last_published, :k)"},
}


def shift_date(value: str | None, years: int) -> str | None:
    """``value`` (YYYY, YYYY-MM or YYYY-MM-DD, maybe longer) moved ``years`` years back."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return value
    year = int(value[:4]) - int(years)
    rest = value[4:]
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if rest.startswith("-02-29") and not leap:
        rest = "-02-28" + rest[6:]
    return f"{year:04d}{rest}"


def make(source: Path, db: Path, copies: int) -> None:
    started = time.perf_counter()
    if db.exists():
        raise SystemExit(f"{db} exists: delete it first (it is never overwritten)")
    shutil.copyfile(source, db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.create_function("shift_date", 2, shift_date, deterministic=True)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    kept = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
                        "(type = 'index' AND tbl_name IN ('articles', 'quotes', 'article_speakers', 'statements'))"
                        " OR (type = 'trigger' AND tbl_name = 'quotes'))").fetchall()
    for kind, name, _ in kept:
        conn.execute(f"DROP {kind.upper()} [{name}]")
    last = {spec.name: conn.execute(f"SELECT max(rowid) FROM [{spec.name}]").fetchone()[0] or 0
            for spec in TABLES if spec.name in SHIFTS}
    conn.execute("BEGIN")
    for k in range(1, copies):
        for spec in TABLES:
            if spec.name not in SHIFTS:
                continue
            columns = list(spec.columns)
            values = [SHIFTS[spec.name].get(c, f"[{c}]") for c in columns]
            conn.execute(f"INSERT INTO [{spec.name}] ({', '.join(f'[{c}]' for c in columns)}) "
                         f"SELECT {', '.join(values)} FROM [{spec.name}] WHERE rowid <= :last",
                         {"k": k, "last": last[spec.name]})
        say(f"replica {k} of {copies - 1} written")
    conn.execute("COMMIT")
    for kind, name, sql in kept:
        if kind == "index":
            conn.execute(sql)
    say("indexes rebuilt")
    for kind, name, sql in kept:
        if kind == "trigger" and not name.startswith("summary_"):
            conn.execute(sql)
    # the summary counts (quotes.summaries) of a source built by this version: gone, so that
    # QuoteStore counts the replicas too when it creates them again below
    for table in (FACET_TABLE, SPEAKER_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS [{table}]")
    conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")
    say("full-text index rebuilt")
    conn.execute("BEGIN")
    conn.execute("UPDATE speakers SET quote_count = -1")  # every row differs: the recount writes all
    from quotes.store_sql import _RECOUNT_SPEAKERS
    conn.execute(_RECOUNT_SPEAKERS)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    store = QuoteStore(db)  # adds what this version keeps beside the tables, as for any older file
    counts = store.counts()
    store.close()
    say(f"{db}: {counts['articles']:,} articles, {counts['quotes']:,} quotes, {counts['speakers']:,} speakers, "
        f"{db.stat().st_size / 1e9:.2f} GB in {time.perf_counter() - started:.0f} s")


async def measure(db: Path, requests: int) -> dict:
    from quotes.publish import make_datasette

    datasette = make_datasette(db)
    await datasette.invoke_startup()
    name = db.stem
    handle = datasette.get_database(name)
    top = (await handle.execute("select id, quote_count from speakers order by quote_count desc limit 1")).first()
    near = (await handle.execute("select id, quote_count from speakers order by abs(quote_count - ?) limit 1",
                                 [CSV_SPEAKER_QUOTES])).first()
    quotes = (await handle.execute("select count(*) from quotes")).first()[0]
    pages = {
        "home page": "/",
        "quotes table with its default facets": f"/{name}/quotes",
        f"speaker page ({top[0]}, {top[1]:,} quotes)": f"/-/speaker/{url_quote(top[0], safe='')}",
        f"search page (`{SEARCH_WORD}`)": f"/-/search?q={url_quote(SEARCH_WORD)}",
        f"CSV of a speaker ({near[0]}, {near[1]:,} quotes)":
            f"/{name}/quotes.csv?_labels=on&_stream=on&speaker_id={url_quote(near[0], safe='')}",
    }
    results, failures = {}, {}
    csv_rows = await _csv_rows(datasette, pages[f"CSV of a speaker ({near[0]}, {near[1]:,} quotes)"])
    if csv_rows != near[1]:  # a download cut short still answers 200: count it as failing every time
        failures[f"CSV of a speaker ({near[0]}, {near[1]:,} quotes)"] = requests
        say(f"the CSV holds {csv_rows:,} rows, not {near[1]:,}")
    for label, path in pages.items():
        await _get(datasette, path)  # warm-up: templates, caches
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            status = await _get(datasette, path)
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failures[label] = failures.get(label, 0) + 1
        results[label] = (percentile(times, 0.5), percentile(times, 0.95), statistics.fmean(times))
        say(f"{label}: p50 {results[label][0]:.0f} ms, p95 {results[label][1]:.0f} ms"
            + (f", {failures[label]} errors" if label in failures else ""))
    facets = (await datasette.client.get(f"/{name}/quotes.json")).json()
    return {"quotes": quotes, "pages": results, "failures": failures,
            "facets_timed_out": facets.get("facets_timed_out", [])}


async def _get(datasette, path: str) -> int:
    """The status of a GET, its whole body read (as a browser would); an error page, such as
    a 500 for a query past Datasette's time limit, is counted, not fatal."""
    response = await datasette.client.get(path)
    response.content  # noqa: B018
    return response.status_code


async def _csv_rows(datasette, path: str) -> int:
    """The rows of a CSV download, its heading left out (a note on a cut-off one is a row)."""
    import csv
    import io

    response = await datasette.client.get(path)
    return len(list(csv.reader(io.StringIO(response.text)))) - 1


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    maker = sub.add_parser("make", help="replicate a built database")
    maker.add_argument("--source", type=Path, required=True, help="a database quotes built (only read)")
    maker.add_argument("--db", type=Path, required=True, help="the large database to write (must not exist)")
    maker.add_argument("--copies", type=int, default=13, help="the source's rows this many times over (13)")
    timer = sub.add_parser("measure", help="p50/p95 of the five pages")
    timer.add_argument("--db", type=Path, required=True)
    timer.add_argument("--requests", type=int, default=50, help="requests per page (50)")
    args = parser.parse_args(argv)
    if args.command == "make":
        if args.copies < 1:
            parser.error("--copies must be 1 or more")
        make(args.source, args.db, args.copies)
        return
    found = asyncio.run(measure(args.db, args.requests))
    print(f"\n{found['quotes']:,} quotes; {args.requests} requests per page\n")
    print("| page | p50 | p95 | target | result |\n|---|---|---|---|---|")
    for label, (p50, p95, _) in found["pages"].items():
        errors = found["failures"].get(label)
        verdict = "PASS" if p95 <= TARGET_P95_MS and not errors else "MISS"
        note = f" ({errors} of {args.requests} answered an error)" if errors else ""
        print(f"| {label} | {p50:.0f} ms | {p95:.0f} ms{note} | p95 ≤ {TARGET_P95_MS} ms | {verdict} |")
    if found["facets_timed_out"]:
        print(f"\nfacets dropped for time: {', '.join(found['facets_timed_out'])}")


if __name__ == "__main__":
    main()
