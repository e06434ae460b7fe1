"""A real ``quotes serve`` while a real ``quotes build`` holds a write transaction open for
seconds: pages keep answering 200, the search index is always there, and what the build
commits shows up.

The build runs in a subprocess whose quotes batch stays open HOLD_SECONDS after its rows are
inserted, with a page cache of one page, as a batch too large for the cache does on a big
database: in rollback-journal mode that spill takes the exclusive lock, and every page waited
Python's 5 s busy timeout and answered 500 "database is locked".
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from quotes.cli import cli
from quotes.store import QuoteStore
from served import fetch, start_server, stop_server
from test_browser_site import ROOT, SEEDS

#: longer than Python's default busy timeout (5 s), under the server's (quotes.web.plugin)
HOLD_SECONDS = 7
PAGES = ("/quotes/quotes.json?_shape=array&_size=max&_col=id", "/-/search?q=Russia", "/-/speaker/sergey-ryabkov",
         "/", "/-/charts")
#: the build in the subprocess: quotes.cli with its quotes batch held open and spilled
HELD_BUILD = f"""
import sys, time
import quotes.store
insert_rows = quotes.store._insert_rows
def held(conn, table, rows, **kwargs):
    if table != "quotes":
        return insert_rows(conn, table, rows, **kwargs)
    conn.execute("PRAGMA cache_size = 1")
    result = insert_rows(conn, table, rows, **kwargs)
    print("holding", flush=True)
    time.sleep({HOLD_SECONDS})
    return result
quotes.store._insert_rows = held
from quotes.cli import cli
cli(sys.argv[1:])
"""


def test_pages_answer_while_a_build_holds_a_write(tmp_path):
    db = tmp_path / "quotes.db"
    assert CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(db), "--workers", "1",
                                    "--no-progress"]).exit_code == 0
    before = len(json.loads(_get_direct(db)))
    more = tmp_path / "more"
    more.mkdir()
    (more / "new.txt").write_text('"We will keep talking," Sergey Lavrov told reporters on Thursday.\n',
                                  encoding="utf-8")
    process, base, log = start_server(db)
    try:
        build = subprocess.Popen([sys.executable, "-c", HELD_BUILD, "build", str(more), "--db", str(db),
                                  "--workers", "1", "--no-progress"],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert build.stdout.readline().strip() == "holding"  # the batch is open and spilled now
        statuses = {page: fetch(base + page)[0] for page in PAGES}  # each while the lock is held
        output = build.stdout.read()
        assert build.wait(timeout=120) == 0, output
        assert statuses == {page: 200 for page in PAGES}, statuses
        status, body = fetch(base + PAGES[0])
        assert status == 200 and len(json.loads(body)) == before + 1  # the new quote, no restart
    finally:
        stop_server(process, log)


def test_a_build_leaves_one_file_when_nobody_else_reads_it(tmp_path):
    db = tmp_path / "quotes.db"
    assert CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(db), "--workers", "1",
                                    "--no-progress"]).exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not Path(str(db) + "-wal").exists()


def _get_direct(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return json.dumps(conn.execute("select id from quotes").fetchall())
    finally:
        conn.close()


def test_the_search_index_is_rebuilt_in_one_transaction(tmp_path):
    """When a table rewrite dropped its triggers, quotes_fts is dropped and refilled in one
    transaction, so a reader never finds it missing (it used to be three commits)."""
    store = QuoteStore(tmp_path / "quotes.db")
    store.db.execute("drop trigger quotes_ai")
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    store.ensure_db_shape()
    store.close()
    upper = [s.strip().upper() for s in statements]
    drop = next(i for i, s in enumerate(upper) if s.startswith("DROP TABLE") and "QUOTES_FTS" in s)
    create = next(i for i, s in enumerate(upper) if s.startswith("CREATE VIRTUAL TABLE"))
    begins = [i for i, s in enumerate(upper[:drop]) if s.startswith("BEGIN")]
    assert begins, "the index is dropped outside a transaction"
    assert not any(s.startswith(("COMMIT", "END", "ROLLBACK")) for s in upper[begins[-1]:create])
    assert any(s.startswith("COMMIT") for s in upper[create:])


def test_a_page_still_locked_out_gets_a_sentence_not_a_500():
    from quotes.web import plugin

    response = plugin.handle_exception(None, None, sqlite3.OperationalError("database is locked"))
    assert response.status == 503 and "being written" in response.body and response.headers["Retry-After"]
    assert plugin.handle_exception(None, None, sqlite3.OperationalError("no such table: x")) is None
