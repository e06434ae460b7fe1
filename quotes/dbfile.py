"""The database file itself: is it a quotes database, which schema version, can it be written,
and what a SQLite error means to the person who gave ``--db``.

A quotes database carries a marker: ``PRAGMA application_id`` is :data:`APPLICATION_ID` and
``PRAGMA user_version`` the :data:`SCHEMA_VERSION` it was written with. A file without the
marker is accepted only when it is empty or holds the tables of a quotes database written before
the marker existed (:data:`UNMARKED_SIGNATURE`); it is then migrated and marked by the store.
Anything else (a folder, a text file, another application's SQLite file, a newer schema) is
refused with :class:`StoreError` before anything is written to it.

Used by :mod:`quotes.store`, which owns the tables; nothing here creates or changes a table.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

#: ``PRAGMA application_id`` of a quotes database: "QUOT" in ASCII
APPLICATION_ID = 0x51554F54
#: ``PRAGMA user_version``: the version of the schema. 0 is a quotes database from before the
#: marker (the store's tables, no application id); 1 is the first marked one.
SCHEMA_VERSION = 1
#: version -> the step that brings a database of the version below it up to that version, run
#: before the store's ``ensure_db_shape`` adds whatever columns and indexes are missing. From 0
#: to 1 nothing changes but the marker.
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {1: lambda db: None}
#: what a quotes database written before the marker is recognised by: these tables with these
#: columns (any other SQLite file with tables is another application's, and is left alone)
UNMARKED_SIGNATURE = {
    "articles": {"id", "text", "content_hash", "extractor_version"},
    "quotes": {"id", "article_id", "start", "end"},
    "article_speakers": {"article_id", "key"},
}
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The database cannot be opened or written; the message names the file and what to do."""


# SQLite result codes (``sqlite3.Error.sqlite_errorname``) -> what the user can do about them
SQLITE_ADVICE = {
    "SQLITE_READONLY": "it is read-only; make it writable, or give --db another file",
    "SQLITE_FULL": "the disk is full; free some space and run the build again "
                   "(the articles stored so far are kept)",
    "SQLITE_BUSY": "another program is writing to it; wait for it to finish and run again",
    "SQLITE_LOCKED": "another program is writing to it; wait for it to finish and run again",
    "SQLITE_NOTADB": "it is not a SQLite database; give --db a new file name",
    "SQLITE_CORRUPT": "the file is damaged; rebuild into a new file with --db",
    "SQLITE_CANTOPEN": "it cannot be opened (check the folder exists and is writable)",
    "SQLITE_IOERR": "the disk reported an error while reading or writing it",
}
# ... and the words of their messages, for Python 3.10, which has no sqlite_errorname
_MESSAGE_WORDS = (("readonly", "SQLITE_READONLY"), ("disk is full", "SQLITE_FULL"),
                  ("locked", "SQLITE_BUSY"), ("not a database", "SQLITE_NOTADB"),
                  ("malformed", "SQLITE_CORRUPT"), ("unable to open", "SQLITE_CANTOPEN"),
                  ("disk i/o", "SQLITE_IOERR"))


def error_code(error: sqlite3.Error) -> str | None:
    """The primary SQLite result code of ``error`` (``SQLITE_READONLY``), when known."""
    name = getattr(error, "sqlite_errorname", "") or ""
    for code in SQLITE_ADVICE:
        if name == code or name.startswith(code + "_"):
            return code
    message = str(error).lower()
    return next((code for words, code in _MESSAGE_WORDS if words in message), None)


def advice(error: sqlite3.Error) -> str:
    """What the user can do about ``error``, as the end of a sentence."""
    code = error_code(error)
    return SQLITE_ADVICE[code] if code else f"SQLite said: {error}"


def reported(action: str):
    """Turn the SQLite errors of a method of an object with a ``path`` into a
    :class:`StoreError` ("cannot ``action`` PATH: what to do"); a constraint violation is a
    fault in the rows written, not in the file, and stays itself."""
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as error:
                raise StoreError(f"cannot {action} {self.path}: {advice(error)}") from error
        return wrapper
    return decorate


def check_file(path: Path) -> None:
    """Refuse a path that is a folder or a file that is not SQLite, before SQLite touches it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file: give --db a file name")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from error
    if head and head != SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database (it is another kind of file); "
                         "quotes leaves it unchanged: give --db a new file name")


def writable(db: sqlite_utils.Database) -> bool:
    """Whether SQLite may write the database (a read-only mount or an immutable file say no
    even to root, whom file permissions do not stop). Takes and releases the write lock."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if error_code(error) == "SQLITE_READONLY":
            return False
        raise
    db.conn.rollback()
    return True


def schema_version(db: sqlite_utils.Database, path: Path) -> int | None:
    """The schema version of the database at ``path``, None for an empty one (no tables);
    raises :class:`StoreError` for a database that is not a quotes database, or a newer one."""
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if application_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer version of quotes (schema {version}, "
                             f"this one knows {SCHEMA_VERSION}); upgrade quotes")
        return version
    if application_id != 0:
        raise StoreError(f"{path} belongs to another application (SQLite application id "
                         f"{application_id:#x}); quotes leaves it unchanged: give --db a new file name")
    tables = set(db.table_names())
    if not tables:
        return None
    for table, columns in UNMARKED_SIGNATURE.items():
        if table not in tables or not columns <= set(db.table(table).columns_dict):
            shown = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
            raise StoreError(f"{path} is not a quotes database (its tables: {shown}); "
                             "quotes leaves it unchanged: give --db a new file name")
    return 0


def migrate(db: sqlite_utils.Database, version: int | None) -> None:
    """Run the :data:`MIGRATIONS` steps from ``version`` up (None, an empty file: none)."""
    if version is None:
        return
    for step in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[step](db)


def mark(db: sqlite_utils.Database) -> None:
    """Write the marker: this is a quotes database of :data:`SCHEMA_VERSION`."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
