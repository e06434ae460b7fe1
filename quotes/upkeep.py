"""Deferred upkeep: a build into an empty database writes its rows first and indexes them once.

Every quote the writer inserts also updates the full-text index (its triggers), the summary
counts (:mod:`quotes.summaries`' triggers) and a dozen secondary indexes. Into an empty
database, that work can wait: :func:`defer_upkeep` drops those triggers and indexes before the
first batch, and :meth:`quotes.store.QuoteStore.ensure_db_shape`, which the build runs before
the speaker merge, creates them again from the rows in one pass each (it adds whatever is
missing, so it is also what repairs a database whose build was interrupted in between).
Until then a server reading the file counts rows instead of reading the summary counts
(:func:`quotes.web.queries.counts_kept`), and its search page says the index is not complete.

Kept throughout: the primary keys and the index on ``quotes.article_id``, which ``save`` deletes
an article's old quotes by. Not handled: deferring on a database that already has rows (a
server may be reading it, and its search and counts must stay right at every batch).
"""

from __future__ import annotations

import sqlite3

#: indexes the writer itself reads while it saves: never dropped
KEPT_INDEXES = frozenset({"idx_quotes_article_id"})
#: the tables whose secondary indexes and triggers wait
DEFERRED_TABLES = ("quotes", "articles", "article_speakers")


def is_empty(conn: sqlite3.Connection) -> bool:
    """Whether the database has no article yet (only then is upkeep deferred)."""
    return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1


def defer_upkeep(conn: sqlite3.Connection) -> list[str]:
    """Drop the triggers and the secondary indexes of an empty database's tables (not the
    primary keys, not :data:`KEPT_INDEXES`); the names dropped. Nothing is dropped when the
    database has rows."""
    if not is_empty(conn):
        return []
    marks = ", ".join("?" * len(DEFERRED_TABLES))
    found = conn.execute(
        f"SELECT type, name FROM sqlite_master WHERE tbl_name IN ({marks}) AND sql IS NOT NULL "
        "AND type IN ('index', 'trigger') ORDER BY type, name", DEFERRED_TABLES).fetchall()
    dropped = []
    with conn:
        for kind, name in found:
            if name in KEPT_INDEXES:
                continue
            conn.execute(f"DROP {kind.upper()} [{name}]")
            dropped.append(name)
    return dropped
