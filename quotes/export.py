"""Export the database for other engines: Parquet files that Spark, DuckDB or pandas read as is.

``export_parquet(db, folder)`` writes one Hive-partitioned dataset per table::

    folder/quotes/month=2020-05/part-0.parquet      (month = quotes.published_month)
    folder/articles/month=2020-05/part-0.parquet    (month = the first 7 characters of published)
    folder/statements/month=.../part-0.parquet      (month of first_published; where the table exists)
    folder/speakers/part-0.parquet                  (not partitioned: a speaker has no month)
    folder/quotes-export.json                       (what was written: tables, rows, the database)

Every column of a table is kept with its name and its SQLite type (TEXT → string, INTEGER →
int64, REAL → float64); the partition column ``month`` is added (``__HIVE_DEFAULT_PARTITION__``
for rows without a date). Rows are read and written in batches, so memory stays flat however
large the database. The database is only read (opened read-only).

A folder is written only when it is new, empty, or an earlier export (it has
``quotes-export.json``); an export replaces the earlier one's tables. Not handled: incremental
export (each run writes everything), other formats, and the full-text index and lookup tables
(they are derived from ``quotes``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .dbfile import APPLICATION_ID

#: a table, and the SQL expression of its month (None: not partitioned)
EXPORTED_TABLES: tuple[tuple[str, str | None], ...] = (
    ("quotes", "published_month"),
    ("articles", "substr(published, 1, 7)"),
    ("speakers", None),
    # issue 11's table (an older database may lack it): by the month it was first published
    ("statements", "substr(first_published, 1, 7)"),
)
MARKER = "quotes-export.json"
PARTITION_COLUMN = "month"
#: rows read from SQLite and handed to pyarrow at a time
BATCH_ROWS = 20_000
#: pyarrow types for SQLite's declared column types (anything else is written as text)
ARROW_TYPES = {"TEXT": "string", "INTEGER": "int64", "INT": "int64", "REAL": "float64",
               "FLOAT": "float64", "NUMERIC": "float64"}


class ExportError(Exception):
    """The database cannot be exported, or the folder cannot be written; one sentence."""


@dataclass(frozen=True)
class ExportReport:
    rows: dict[str, int]
    folder: Path


def export_parquet(db_path: str | Path, folder: str | Path) -> ExportReport:
    """Write the database's tables to ``folder`` as Parquet partitioned by month."""
    db_path, folder = Path(db_path), Path(folder)
    conn = _open_quotes_database(db_path)
    try:
        _check_folder(folder)
        folder.mkdir(parents=True, exist_ok=True)
        rows: dict[str, int] = {}
        _write_marker(folder, db_path, rows, complete=False)  # an interrupted export can be redone
        for table, month in EXPORTED_TABLES:
            if _has_table(conn, table):
                rows[table] = _export_table(conn, table, month, folder / table)
    except sqlite3.Error as error:
        raise ExportError(f"cannot read {db_path}: {error}") from error
    except OSError as error:
        raise ExportError(f"cannot write {folder}: {error.strerror or error}") from error
    finally:
        conn.close()
    _write_marker(folder, db_path, rows, complete=True)
    return ExportReport(rows, folder)


def _write_marker(folder: Path, db_path: Path, rows: dict[str, int], *, complete: bool) -> None:
    (folder / MARKER).write_text(json.dumps({"database": str(db_path.resolve()), "complete": complete,
                                             "rows": rows, "partitioned_by": PARTITION_COLUMN},
                                            indent=2) + "\n", encoding="utf-8")


def _open_quotes_database(path: Path) -> sqlite3.Connection:
    """A read-only connection to the quotes database at ``path``, or :class:`ExportError`."""
    if not path.exists():
        raise ExportError(f"no database at {path}: run `quotes build` first, or give --db")
    if path.is_dir():
        raise ExportError(f"{path} is a folder, not a database file")
    try:
        # pyarrow pulls the batches from its own thread; the connection is only ever used by one
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        marker = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        raise ExportError(f"{path} is not a SQLite database ({error})") from error
    if marker != APPLICATION_ID and not {"quotes", "speakers", "articles"} <= tables:
        conn.close()
        raise ExportError(f"{path} is not a quotes database (no quotes, speakers and articles tables)")
    return conn


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file: give the export a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise ExportError(f"{folder} is not empty and holds no earlier export: give a new or empty folder")


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None


def _export_table(conn: sqlite3.Connection, table: str, month: str | None, out: Path) -> int:
    """Write ``table`` to the dataset folder ``out`` (replaced); the number of rows written."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    columns = [(name, ARROW_TYPES.get((kind or "").upper(), "string"))
               for _, name, kind, *_ in conn.execute(f"PRAGMA table_info([{table}])")]
    if month is not None and not _expression_works(conn, table, month):
        month = None  # a table without the month's column (another version's): not partitioned
    fields = [pa.field(name, getattr(pa, kind)()) for name, kind in columns]
    if month is not None:
        fields.append(pa.field(PARTITION_COLUMN, pa.string()))
    schema = pa.schema(fields)
    # SQLite keeps any value in any column: text columns are cast by SQLite, so a stray number
    # is written as its text; a number column holding text is refused with its name
    select = ", ".join(f"CAST([{name}] AS TEXT)" if kind == "string" else f"[{name}]"
                       for name, kind in columns)
    if month is not None:
        select += f", {month}"
    cursor = conn.execute(f"SELECT {select} FROM [{table}]")
    count = 0

    def batches():
        nonlocal count
        while rows := cursor.fetchmany(BATCH_ROWS):
            count += len(rows)
            yield pa.RecordBatch.from_arrays(
                [_column(values, field, table) for values, field in zip(zip(*rows), schema)],
                schema=schema)

    if out.exists():
        shutil.rmtree(out)
    partitioning = (ds.partitioning(pa.schema([pa.field(PARTITION_COLUMN, pa.string())]), flavor="hive")
                    if month is not None else None)
    ds.write_dataset(batches(), out, schema=schema, format="parquet", partitioning=partitioning,
                     basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
    if count == 0:  # an empty table still gets a file, so readers see its columns
        import pyarrow.parquet as pq

        if month is not None:  # the partition column lives in the folder names, not the files
            schema = schema.remove(schema.get_field_index(PARTITION_COLUMN))
        out.mkdir(parents=True, exist_ok=True)
        pq.write_table(schema.empty_table(), out / "part-0.parquet")
    return count


def _column(values: tuple, field, table: str):
    import pyarrow as pa

    try:
        return pa.array(values, type=field.type)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        raise ExportError(f"{table}.{field.name} holds a value that is not {field.type}: {error}") from error


def _expression_works(conn: sqlite3.Connection, table: str, expression: str) -> bool:
    try:
        conn.execute(f"SELECT {expression} FROM [{table}] LIMIT 0")
    except sqlite3.OperationalError:
        return False
    return True
