"""Publish the quotes database with Datasette: one configuration for the server and the tests.

:func:`make_datasette` builds the :class:`~datasette.app.Datasette` instance (read-only
database, metadata, settings, templates and the :mod:`quotes.web.plugin` hooks); :func:`serve`
runs it with uvicorn. The command line (``quotes serve``) lives in :mod:`quotes.cli` and only
calls :func:`serve`. The metadata is :func:`metadata`: the package's ``metadata.yml`` (written
by hand) with the column descriptions and the full-text table's name of :mod:`quotes.schema`.
Everything it reads ships inside the package, so an installed ``quotes`` serves as the source
tree does.

Not handled here: writing the database (that is :mod:`quotes.store`), authentication, and
publishing to a hosting service.
"""

from __future__ import annotations

import copy
import sqlite3
import string
import threading
import webbrowser
from contextlib import closing
from pathlib import Path

import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from quotes import query_limits
from quotes.schema import DESCRIBED_TABLES, FTS_TABLE, TABLES
from quotes.web import plugin

PACKAGE_DIR = Path(__file__).resolve().parent
#: the hand-written part of the Datasette metadata, shipped in the package (package-data)
METADATA_PATH = PACKAGE_DIR / "metadata.yml"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
#: the name metadata.yml uses for the database; renamed to the actual file's stem on load
METADATA_DATABASE = "quotes"

#: Datasette settings, with why each differs from Datasette's default
SETTINGS = {
    "sql_time_limit_ms": 1500,  # full-text queries over thousands of articles; default 1000
    "facet_time_limit_ms": 400,  # six default facets on quotes; default 200 drops some
    "facet_suggest_time_limit_ms": 100,  # default 50
    "default_page_size": 50,  # default 100; quote texts are long
    "max_returned_rows": 1000,  # Datasette's default, stated so it is in one place
    "allow_download": False,  # the raw .db file is not offered; CSV/JSON downloads are
    "allow_csv_stream": True,  # ?_stream=on downloads the whole filtered table
    "truncate_cells_html": 600,  # article texts in the articles table; quotes stay whole
    "suggest_facets": False,  # the default facets are chosen; suggestions are noise
}


def metadata(metadata_path: Path = METADATA_PATH) -> dict:
    """The Datasette metadata of a quotes database called ``quotes``: ``metadata_path`` with
    every described table's column descriptions (:data:`quotes.schema.DESCRIBED_TABLES`), the
    quotes table's ``fts_table``, and ``$fts_table`` in canned queries replaced by its name."""
    if not metadata_path.exists():
        raise ValueError(f"Datasette metadata not found at {metadata_path}: this installation of "
                         "quotes is incomplete; reinstall it")
    found = yaml.safe_load(metadata_path.read_text(encoding="utf-8")) or {}
    database = found.setdefault("databases", {}).setdefault(METADATA_DATABASE, {})
    for query in (database.get("queries") or {}).values():
        query["sql"] = string.Template(query["sql"]).substitute(fts_table=FTS_TABLE)
    tables = database.setdefault("tables", {})
    for spec in DESCRIBED_TABLES:
        tables.setdefault(spec.name, {})["columns"] = dict(spec.descriptions)
    tables["quotes"]["fts_table"] = FTS_TABLE
    return found


def load_metadata(database_name: str, metadata_path: Path = METADATA_PATH) -> dict:
    """:func:`metadata` with its ``quotes`` database entry renamed to ``database_name``."""
    found = metadata(metadata_path)
    databases = found.get("databases") or {}
    if METADATA_DATABASE in databases and database_name != METADATA_DATABASE:
        databases = copy.deepcopy(databases)
        databases[database_name] = databases.pop(METADATA_DATABASE)
        found["databases"] = databases
    return found


def missing_columns(conn: sqlite3.Connection) -> list[str]:
    """``table.column`` of the schema (:data:`quotes.schema.TABLES`) that a quotes database
    lacks; empty for another kind of database (no ``quotes`` table), which is served as is."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "quotes" not in tables:
        return []
    missing = []
    for spec in TABLES:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info([{spec.name}])")}
        missing += [f"{spec.name}.{column}" for column in spec.columns if column not in have]
    return missing


def register_plugin() -> None:
    """Register the hooks once, whether or not an entry point already loaded them: the pages
    (:mod:`quotes.web.plugin`) and the caps on arbitrary SQL (:mod:`quotes.query_limits`)."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="quotes.web.plugin")
    if not pm.is_registered(query_limits):
        pm.register(query_limits, name="quotes.query_limits")


def make_datasette(db_path: str | Path, *, metadata_path: Path = METADATA_PATH,
                   immutable: bool = False) -> Datasette:
    """A Datasette serving ``db_path`` with the quotes pages and settings.

    The file is opened read-only (Datasette's ``mode=ro``) but not immutable, so pages show
    what a build writing to it has committed, and never a half-written page of it. With
    ``immutable`` it is opened as a snapshot that never changes (Datasette skips some checks
    and caches counts): only for a published copy nobody writes to.

    Raises ValueError with a sentence a user can act on when the file does not exist.
    """
    path = Path(db_path)
    if not path.is_file():
        raise ValueError(
            f"Database {path} does not exist: build it first with the quotes command, "
            "or give the path of an existing database."
        )
    try:  # a text file or a damaged database would otherwise fail inside the server's startup
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
            missing = missing_columns(conn)
    except sqlite3.Error as error:
        raise ValueError(f"{path} is not a SQLite database Datasette can open ({error}); "
                         "give --db the database `quotes build` wrote") from error
    if missing:
        raise ValueError(f"{path} was written by an older version of quotes (it has no "
                         f"{', '.join(missing[:4])}{', ...' if len(missing) > 4 else ''}): run `quotes build "
                         f"--db {path}` with its articles (or any new ones: the articles already stored "
                         "are upgraded from their stored text), then serve it again")
    register_plugin()
    return Datasette(
        files=[] if immutable else [str(path)],
        immutables=[str(path)] if immutable else [],
        metadata=load_metadata(path.stem, metadata_path),
        template_dir=str(TEMPLATES_DIR),
        settings=SETTINGS,
    )


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False,
          immutable: bool = False) -> None:
    """Serve the database until interrupted; ``open_browser`` opens the home page once up;
    ``immutable`` serves it as a snapshot nobody writes to (see :func:`make_datasette`)."""
    import uvicorn  # imported here: Datasette depends on it, but building an instance does not

    datasette = make_datasette(db_path, immutable=immutable)
    if open_browser:
        url = f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}/"
        threading.Timer(1.5, webbrowser.open, args=[url]).start()
    # Datasette runs its startup hooks itself, on the first request
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
