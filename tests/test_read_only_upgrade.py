"""A read-only database written before issue 13 (no summary counts, no speaker indexes): a
build with nothing to write still succeeds, and writes nothing. Real builds, a real SQLite file,
and the ``quotes`` command run as a user that file permissions apply to."""

from __future__ import annotations

import hashlib
import sqlite3

from hostile import GOOD, run
from unprivileged import as_unprivileged_user, shared_dir  # noqa: F401 (a fixture)

#: what issue 13 added to the shape of a database
ISSUE_13_INDEXES = ("idx_quotes_speaker_said_on", "idx_quotes_speaker_role_said_on")
ISSUE_13_TABLES = ("facet_counts", "speaker_counts")


def _as_before_issue_13(db) -> None:
    conn = sqlite3.connect(db)
    with conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'summary_%'").fetchall():
            conn.execute(f"DROP TRIGGER [{name}]")
        for name in ISSUE_13_INDEXES:
            conn.execute(f"DROP INDEX [{name}]")
        for name in ISSUE_13_TABLES:
            conn.execute(f"DROP TABLE [{name}]")
    conn.execute("VACUUM")
    conn.close()


def test_a_read_only_database_from_before_the_counts_rebuilds_with_nothing_to_write(shared_dir):
    good = shared_dir / "good"
    good.mkdir()
    for name, text in GOOD.items():
        (good / name).write_text(text, encoding="utf-8")
    db_dir = shared_dir / "db"
    db_dir.mkdir()
    db = db_dir / "q.db"
    assert run(good, "--db", db).exit_code == 0
    _as_before_issue_13(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    db.chmod(0o444)
    db_dir.chmod(0o555)
    for path in [good, *good.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)

    noop = as_unprivileged_user(["build", str(good), "--db", str(db), "--no-progress", "--workers", "1"],
                                 shared_dir)
    assert noop.returncode == 0, noop.stderr
    assert "2 articles read (0 extracted, 2 unchanged skipped, 0 failed)" in noop.stdout
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
