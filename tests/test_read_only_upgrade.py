"""A read-only database written before issue 13 (no summary counts, no speaker indexes): a
build with nothing to write still succeeds, and writes nothing. Real builds, a real SQLite file,
and the ``quotes`` command run as a user that file permissions apply to."""

from __future__ import annotations

import hashlib
import sqlite3

from hostile import read_only_build
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
    good, db = read_only_build(shared_dir, alter=_as_before_issue_13)
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    noop = as_unprivileged_user(["build", str(good), "--db", str(db), "--no-progress", "--workers", "1"],
                                 shared_dir)
    assert noop.returncode == 0, noop.stderr
    assert "2 articles read (0 extracted, 2 unchanged skipped, 0 failed)" in noop.stdout
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
