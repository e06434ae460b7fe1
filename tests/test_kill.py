"""A build killed with SIGKILL in the middle of writing leaves a database that the next build
completes into exactly what a clean build gives, speakers included (issue 12)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from consistency import assert_consistent, table_dump

PEOPLE = [("city engineer Pavel Orlov", "Orlov"), ("Mayor Anna Kovacs", "Kovacs"),
          ("transport chief Ana Ruiz", "Ruiz")]


def _articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        full, surname = PEOPLE[i % len(PEOPLE)]
        (folder / f"a{i:03}.txt").write_text(
            f'"Bridge number {i} will open in June," {full} said on Monday.\n'
            f'{surname} added that the work on bridge {i} had cost less than planned.\n'
            f'"We are proud of bridge {i}," {surname} said.\n', encoding="utf-8")


def _build(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "quotes.cli", "build", str(folder), "--db", str(db), "--workers", "1",
         "--batch-size", "1", "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or the writer holds its lock
        return 0


def test_a_build_killed_mid_write_is_completed_by_the_next_build(tmp_path):
    folder = tmp_path / "in"
    _articles(folder, 40)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"

    build = _build(folder, killed_db)
    deadline = time.monotonic() + 240
    while _stored(killed_db) < 3 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(build.pid, signal.SIGKILL)
    build.communicate()
    assert build.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert 3 <= _stored(killed_db) < 40

    with sqlite3.connect(killed_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    for db in (killed_db, clean_db):
        rebuilt = _build(folder, db)
        out, err = rebuilt.communicate(timeout=300)
        assert rebuilt.returncode == 0, err
    assert_consistent(killed_db)
    assert table_dump(killed_db) == table_dump(clean_db)
    with sqlite3.connect(clean_db) as conn:
        speakers = dict(conn.execute("SELECT name, quote_count FROM speakers"))
    assert len(speakers) == 3 and sum(speakers.values()) >= 80, speakers
