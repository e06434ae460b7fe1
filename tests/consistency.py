"""What every database a build leaves behind must satisfy, whatever the input did to the build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

CHECKS = {
    "quote text is the article text at its offsets": """
        SELECT count(*) FROM quotes AS q JOIN articles AS a ON a.id = q.article_id
        WHERE q.text IS NOT substr(a.text, q.start + 1, q."end" - q.start)""",
    "quotes without their article": """
        SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)""",
    "article speakers without their article": """
        SELECT count(*) FROM article_speakers WHERE article_id NOT IN (SELECT id FROM articles)""",
    "quotes naming a missing speaker": """
        SELECT count(*) FROM quotes
        WHERE speaker_id IS NOT NULL AND speaker_id NOT IN (SELECT id FROM speakers)""",
    "article speakers naming a missing speaker": """
        SELECT count(*) FROM article_speakers
        WHERE speaker_id IS NOT NULL AND speaker_id NOT IN (SELECT id FROM speakers)""",
    "speakers whose quote_count is wrong": """
        SELECT count(*) FROM speakers AS s
        WHERE s.quote_count != (SELECT count(*) FROM quotes AS q WHERE q.speaker_id = s.id)""",
    "full-text rows that are not quotes (or missing)": """
        SELECT abs((SELECT count(*) FROM quotes_fts) - (SELECT count(*) FROM quotes))
             + (SELECT count(*) FROM quotes AS q
                WHERE NOT EXISTS (SELECT 1 FROM quotes_fts AS f WHERE f.rowid = q.rowid
                                  AND f.text IS q.text AND f.speaker_name IS q.speaker_name))""",
    "quotes naming a missing statement, or a statement of another speaker": """
        SELECT count(*) FROM quotes AS q LEFT JOIN statements AS s ON s.id = q.statement_id
        WHERE q.statement_id IS NOT NULL AND (s.id IS NULL OR s.speaker_id IS NOT q.speaker_id
                                              OR q.statement_outlets IS NOT s.outlet_count)""",
    "statements whose counts are wrong": """
        SELECT count(*) FROM statements AS s
        WHERE s.quote_count != (SELECT count(*) FROM quotes AS q WHERE q.statement_id = s.id)
           OR s.article_count != (SELECT count(DISTINCT article_id) FROM quotes AS q
                                  WHERE q.statement_id = s.id)
           OR s.article_count < 2""",
}


def assert_consistent(db: Path) -> None:
    """Offsets hold, nothing is orphaned, counts are true, the index matches, SQLite is happy."""
    with sqlite3.connect(db) as conn:
        failed = {name: n for name, sql in CHECKS.items() if (n := conn.execute(sql).fetchone()[0])}
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    assert not failed, failed
    assert integrity == [("ok",)], integrity
    assert foreign == [], foreign


def table_dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of the public tables, in key order (file layout and rowids left out)."""
    order = {"articles": "id", "speakers": "id", "quotes": "id", "article_speakers": "article_id, key",
             "statements": "id"}
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"SELECT * FROM [{table}] ORDER BY {key}").fetchall()
                for table, key in order.items()}
