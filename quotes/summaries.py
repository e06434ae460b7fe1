"""Summary tables: the counts the pages show, kept by SQLite triggers instead of counted per request.

At millions of quotes every ``GROUP BY`` over the quotes table costs hundreds of milliseconds,
and the quotes table page runs four of them (its default facets), the home page counts every
quote and the speaker page groups a speaker's quotes three ways. These tables hold those counts
so that a page reads a few rows:

* ``facet_counts(table_name, facet, value, count)``: how many rows of ``quotes`` (or
  ``articles``) have each value of a facet (:data:`FACETS`); the row with ``facet`` and
  ``value`` both ``''`` counts every row of the table. Values that are NULL are not counted
  (Datasette's facets leave them out too), and a count that falls to 0 is deleted.
* ``speaker_counts(speaker_id, facet, value, count)``: the same for one speaker's quotes
  (:data:`SPEAKER_FACETS`): per role, per month of ``said_on`` (day or month precision only,
  as the speaker's chart counts), per outlet, and per article with its outlet
  (``<source>`` + :data:`SEPARATOR` + ``<article id>``), from which the speaker page reads how
  many articles of each outlet quote them.

Triggers on ``quotes`` and ``articles`` (``summary_*``) add and subtract as rows are inserted,
deleted or have one of the counted columns changed, in the same transaction, so the counts are
right after every batch of a build, after the speaker merge and after anything else that writes
the tables through SQL. :func:`ensure_summaries` creates what is missing and, when a table or a
trigger was missing (a database from before this module, or a table rewrite that dropped the
triggers), counts everything again from the tables. :func:`recount` does that on demand.

Not handled here: which page reads what (:mod:`quotes.web.queries`, :mod:`quotes.web.facets`),
and the minimum or maximum of anything (a delete cannot update them without a scan): pages take
those from the speakers table or from an index.
"""

from __future__ import annotations

import sqlite3

from quotes.schema import FACET_COUNTS_TABLE as FACET_TABLE
from quotes.schema import SPEAKER_COUNTS_TABLE as SPEAKER_TABLE
#: between an outlet and an article id in ``speaker_counts`` rows of the facet ``source_article``
SEPARATOR = "\x1f"
#: said_on values precise enough to count in a month (as quotes.web.queries.MONTHLY)
MONTHLY = "said_on_precision IN ('day', 'month')"
#: a month: four digits, a hyphen, two digits (as quotes.web.facets.MONTH_GLOB)
MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]"

#: table -> facet name -> (SQL expression of a row's value, with ``{row}.`` before each column;
#: the columns it reads). The facet ``said_on_month`` is the month facet of quotes.web.facets.
FACETS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "quotes": {
        "kind": ("{row}.kind", ("kind",)),
        "source": ("{row}.source", ("source",)),
        "speaker_id": ("{row}.speaker_id", ("speaker_id",)),
        "said_on_month": (f"CASE WHEN substr({{row}}.said_on, 1, 7) GLOB '{MONTH_GLOB}' "
                          "THEN substr({row}.said_on, 1, 7) END", ("said_on",)),
    },
    "articles": {
        "source": ("{row}.source", ("source",)),
    },
}
#: facet of a speaker's quotes -> (SQL expression of its value, the columns it reads)
SPEAKER_FACETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "role": ("nullif({row}.role, '')", ("role",)),
    "month": ("CASE WHEN {row}.said_on_precision IN ('day', 'month') THEN substr({row}.said_on, 1, 7) END",
              ("said_on", "said_on_precision")),
    "source_article": (f"coalesce({{row}}.source, '') || char({ord(SEPARATOR)}) || {{row}}.article_id",
                       ("source", "article_id")),
}

CREATE_TABLES = (
    f"CREATE TABLE IF NOT EXISTS [{FACET_TABLE}] (table_name TEXT NOT NULL, facet TEXT NOT NULL, "
    "value TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (table_name, facet, value)) WITHOUT ROWID",
    f"CREATE TABLE IF NOT EXISTS [{SPEAKER_TABLE}] (speaker_id TEXT NOT NULL, facet TEXT NOT NULL, "
    "value TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (speaker_id, facet, value)) WITHOUT ROWID",
)


def _add(table: str, facet: str, value: str, sign: str) -> list[str]:
    """Statements that add ``sign``1 to a facet_counts row (``value`` an SQL expression)."""
    key = f"'{table}', '{facet}', {value}"
    if sign == "+":
        return [f"INSERT INTO [{FACET_TABLE}] (table_name, facet, value, count) SELECT {key}, 1 "
                f"WHERE {value} IS NOT NULL ON CONFLICT DO UPDATE SET count = count + 1;"]
    where = f"table_name = '{table}' AND facet = '{facet}' AND value = {value}"
    return [f"UPDATE [{FACET_TABLE}] SET count = count - 1 WHERE {where};",
            f"DELETE FROM [{FACET_TABLE}] WHERE {where} AND count <= 0;"]


def _add_speaker(facet: str, value: str, speaker: str, sign: str) -> list[str]:
    if sign == "+":
        return [f"INSERT INTO [{SPEAKER_TABLE}] (speaker_id, facet, value, count) SELECT {speaker}, '{facet}', "
                f"{value}, 1 WHERE {speaker} IS NOT NULL AND {value} IS NOT NULL "
                "ON CONFLICT DO UPDATE SET count = count + 1;"]
    where = f"speaker_id = {speaker} AND facet = '{facet}' AND value = {value}"
    return [f"UPDATE [{SPEAKER_TABLE}] SET count = count - 1 WHERE {where};",
            f"DELETE FROM [{SPEAKER_TABLE}] WHERE {where} AND count <= 0;"]


def _row_statements(table: str, row: str, sign: str, facets: list[str] | None = None,
                    speaker_facets: list[str] | None = None) -> list[str]:
    """What a row ``row`` (``new`` or ``old``) adds (``+``) to or takes (``-``) from the counts;
    ``facets`` None means every facet and the table's row count."""
    statements = []
    if facets is None:
        statements += _add(table, "", "''", sign)
    for facet in FACETS[table] if facets is None else facets:
        statements += _add(table, facet, FACETS[table][facet][0].format(row=row), sign)
    if table == "quotes":
        for facet in SPEAKER_FACETS if speaker_facets is None else speaker_facets:
            statements += _add_speaker(facet, SPEAKER_FACETS[facet][0].format(row=row), f"{row}.speaker_id", sign)
    return statements


def trigger_sql() -> dict[str, str]:
    """Trigger name -> its CREATE statement: one for inserts and one for deletes per table, and
    one per facet for updates, fired only when a column the facet reads changes (one trigger
    per facet, so an update of two of its columns moves the row once)."""
    triggers = {}
    for table in FACETS:
        triggers[f"summary_{table}_ai"] = (
            f"CREATE TRIGGER [summary_{table}_ai] AFTER INSERT ON [{table}] BEGIN\n"
            + "\n".join(_row_statements(table, "new", "+")) + "\nEND")
        triggers[f"summary_{table}_ad"] = (
            f"CREATE TRIGGER [summary_{table}_ad] AFTER DELETE ON [{table}] BEGIN\n"
            + "\n".join(_row_statements(table, "old", "-")) + "\nEND")
        moves = [(f"summary_{table}_au_{facet}", columns, [facet], [])
                 for facet, (_, columns) in FACETS[table].items()]
        if table == "quotes":
            moves += [(f"summary_speaker_au_{facet}", ("speaker_id", *columns), [], [facet])
                      for facet, (_, columns) in SPEAKER_FACETS.items()]
        for name, columns, facets, speaker_facets in moves:
            body = (_row_statements(table, "old", "-", facets, speaker_facets)
                    + _row_statements(table, "new", "+", facets, speaker_facets))
            changed = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in columns)
            triggers[name] = (
                f"CREATE TRIGGER [{name}] AFTER UPDATE OF {', '.join(f'[{c}]' for c in columns)} ON [{table}] "
                f"WHEN {changed} BEGIN\n" + "\n".join(body) + "\nEND")
    return triggers


#: the names of the triggers that keep the counts: pages read the counts only while all exist
TRIGGER_NAMES = tuple(trigger_sql())


def ensure_summaries(conn: sqlite3.Connection) -> bool:
    """Create the summary tables and triggers that are missing; when any was, count everything
    again (in the caller's transaction, if any). True when something was created."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    triggers = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    wanted = trigger_sql()
    if {FACET_TABLE, SPEAKER_TABLE} <= tables and set(wanted) <= triggers:
        return False
    for sql in CREATE_TABLES:
        conn.execute(sql)
    for name, sql in wanted.items():
        conn.execute(f"DROP TRIGGER IF EXISTS [{name}]")
        conn.execute(sql)
    recount(conn)
    return True


def counts_from_tables(conn: sqlite3.Connection) -> tuple[list[tuple], list[tuple]]:
    """The rows both summary tables should hold, counted from ``quotes`` and ``articles``:
    ``(table_name, facet, value, count)`` and ``(speaker_id, facet, value, count)``, sorted."""
    facet_rows = []
    for table, facets in FACETS.items():
        facet_rows += conn.execute(f"SELECT '{table}', '', '', count(*) FROM [{table}] "
                                   "GROUP BY 1 HAVING count(*) > 0").fetchall()
        for facet, (expression, _) in facets.items():
            value = expression.format(row=f"[{table}]")
            facet_rows += conn.execute(f"SELECT '{table}', '{facet}', {value} AS v, count(*) FROM [{table}] "
                                       "WHERE v IS NOT NULL GROUP BY v").fetchall()
    speaker_rows = []
    for facet, (expression, _) in SPEAKER_FACETS.items():
        value = expression.format(row="quotes")
        speaker_rows += conn.execute(f"SELECT speaker_id, '{facet}', {value} AS v, count(*) FROM quotes "
                                     "WHERE speaker_id IS NOT NULL AND v IS NOT NULL "
                                     "GROUP BY speaker_id, v").fetchall()
    return sorted(facet_rows), sorted(speaker_rows)


def recount(conn: sqlite3.Connection) -> None:
    """Fill both summary tables again from the tables they summarise."""
    facet_rows, speaker_rows = counts_from_tables(conn)
    conn.execute(f"DELETE FROM [{FACET_TABLE}]")
    conn.execute(f"DELETE FROM [{SPEAKER_TABLE}]")
    conn.executemany(f"INSERT INTO [{FACET_TABLE}] VALUES (?, ?, ?, ?)", facet_rows)
    conn.executemany(f"INSERT INTO [{SPEAKER_TABLE}] VALUES (?, ?, ?, ?)", speaker_rows)
