"""Storage: the SQLite database described in docs/SCHEMA.md, written only through this module.
Its tables, columns and their meanings are :mod:`quotes.schema`'s; the rows it writes are made
and checked by :mod:`quotes.store_rows`, and the SQL of :meth:`QuoteStore.finish` is
:mod:`quotes.store_sql`'s.

sqlite-utils lives here and in :mod:`quotes.dbfile` (the file: marker, version, errors), nowhere
else. The build calls, in order::

    store = QuoteStore("db/quotes.db")      # opens the file and ensures its shape
    store.known()                           # which articles need no re-extraction
    store.save([(article, extraction), ...], extractor_version)   # per batch, atomic
    store.finish(corrections)               # merge speakers across articles, correct, recount
    store.counts()

``save`` writes articles, their quotes and their per-article speakers exactly as extraction
produced them (``quotes.speaker_id`` stays NULL); ``finish`` resolves statement dates again
from the stored dating words (so a change in :mod:`quotes.dates` reaches every stored quote)
and runs :mod:`quotes.canonical` over
every ``article_speakers`` row and writes only the rows whose values change, with set-based SQL,
so a rebuild with nothing new leaves the file byte-for-byte unchanged.

The file is opened through :mod:`quotes.dbfile`: a file that is not a quotes database is
refused before anything is written to it, an older quotes database is migrated and marked, and
every SQLite error becomes a :class:`~quotes.dbfile.StoreError` naming the file and what to do.
A database that cannot be written is opened read-only: a build with nothing to write succeeds.

Not handled here: deleting articles whose input disappeared (nothing removes an article row),
concurrent writers (one build at a time), and migrating a column whose type changed
(``ensure_db_shape`` only adds what is missing; a change it cannot make needs a step in
:data:`quotes.dbfile.MIGRATIONS` and a higher schema version).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from quotes.canonical import ArticleSpeaker, Canonicalisation, canonicalise
from quotes.cue_class import refresh_cue_classes
from quotes.curate import Correction, Problem, apply_corrections
from quotes.dates import said_on
from quotes.lookup import CREATE as CREATE_SPEAKER_NAMES
from quotes.lookup import refresh_speaker_names
from quotes.dbfile import (SCHEMA_VERSION, StoreError, check_file, mark, migrate, reported, schema_version,
                           writable)
from quotes.models import Article, Extraction
from quotes.schema import (CORRECTIONS_TABLE, EXPRESSION_INDEXES, FTS_COLUMNS, FTS_TABLE, FTS_TRIGGERS,
                           SPEAKER_CORRECTIONS, TABLES, TableSpec)
from quotes.store_rows import (BadRecord, article_from_row, article_row, article_speaker_rows, quote_rows,
                               stable_json)
from quotes.store_sql import FINISH_STATEMENTS
from quotes.statements import refresh_statements
from quotes.summaries import ensure_summaries
from quotes.upkeep import defer_upkeep

__all__ = ["TABLES", "FTS_TABLE", "BadRecord", "QuoteStore", "StoreError", "Summary"]


@dataclass(frozen=True)
class Summary:
    """What :meth:`QuoteStore.finish` left in the database, and how many rows it changed."""

    articles: int
    quotes: int
    speakers: int
    attributed_quotes: int
    rows_changed: int
    #: speaker corrections that could not be applied (unknown id, nobody of that name)
    problems: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        return (
            f"{self.articles} articles, {self.quotes} quotes "
            f"({self.attributed_quotes} attributed), {self.speakers} speakers; "
            f"{self.rows_changed} rows changed"
        )


def _insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict], *, upsert: bool = False) -> None:
    """Insert ``rows`` (plain values, JSON already encoded) with one prepared statement in the
    schema's column order; ``upsert`` updates an existing primary key in place. The writer's
    hot path: sqlite-utils' ``insert_all`` checks and converts every value in Python, which
    took half of ``save`` (issue 13)."""
    if not rows:
        return
    spec = next(t for t in TABLES if t.name == table)
    columns = list(spec.columns)
    unknown = set(rows[0]) - set(columns)
    if unknown:  # a row builder and the schema drifted apart: fail rather than drop values
        raise ValueError(f"{table} has no column {sorted(unknown)[0]!r} (add it to TABLES)")
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    if upsert:
        sql += (f" ON CONFLICT ([{spec.pk}]) DO UPDATE SET "
                + ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != spec.pk))
    conn.executemany(sql, [tuple(row.get(c) for c in columns) for row in rows])


class QuoteStore:
    """The quotes database at ``path`` (its folder is created; its shape ensured on open)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        check_file(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder of {self.path}: {error.strerror or error}") from error
        #: the file or its folder cannot be written: only a build with nothing to write succeeds
        self.read_only = self.path.exists() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK))
        self.db: sqlite_utils.Database | None = None
        self._wal = False  #: switched to WAL by this run (see _write_ahead)
        try:
            self._open()
        except StoreError:
            if self.db is not None:
                self.db.close()
            raise

    @reported("open")
    def _open(self) -> None:
        if not self.read_only:
            self.db = sqlite_utils.Database(self.path)
            self.read_only = self.path.exists() and self.path.stat().st_size > 0 and not writable(self.db)
        if self.read_only:  # opened so that nothing can be written by mistake
            if self.db is not None:
                self.db.close()
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self.db = sqlite_utils.Database(sqlite3.connect(uri, uri=True))
        self.db.execute("PRAGMA foreign_keys = ON")
        version = schema_version(self.db, self.path)
        if version != SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(f"cannot update {self.path} to this version of quotes: it is "
                                 "read-only; make it writable, or give --db another file")
            with self.db.atomic():  # migrated, shaped and marked at once
                migrate(self.db, version)
                self.ensure_db_shape()
                mark(self.db)
        self.ensure_db_shape()

    def close(self) -> None:
        """Close the file, leaving it one self-contained file (rollback journal) when no other
        program has it open; while a server reads it, it stays in WAL mode, which SQLite reads
        the same way, and the next build tries again."""
        if self._wal:
            try:
                self.db.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.OperationalError:
                pass  # another connection holds the WAL open
        self.db.close()

    def _write_ahead(self) -> None:
        """Write-ahead logging from the first write of this run on: a server reading the file
        is then never blocked by a batch or by finish (in rollback-journal mode a transaction
        too large for the page cache locks readers out until it commits, and they fail after
        their busy timeout). Not before: a build with nothing to write leaves the file byte for
        byte as it was, and switching journal modes rewrites its header."""
        if not self._wal and not self.read_only:
            self.db.execute("PRAGMA journal_mode = WAL")
            self._wal = True

    # --- shape ------------------------------------------------------------------------------

    @reported("update the tables of")
    def ensure_db_shape(self) -> None:
        """Create whatever is missing: tables, columns, foreign keys, indexes, full-text search
        with its sync triggers. Idempotent; writes nothing when the shape is already right."""
        for spec in TABLES:
            table = self.db.table(spec.name)
            if not table.exists():
                table.create(spec.columns, pk=spec.pk, foreign_keys=list(spec.foreign_keys))
                continue
            for column, column_type in spec.columns.items():
                if column not in table.columns_dict:
                    table.add_column(column, column_type)
            order = [c for c in table.columns_dict if c in spec.columns]
            if order != list(spec.columns):
                self._reorder(spec)
            have = {(fk.column, fk.other_table, fk.other_column) for fk in table.foreign_keys}
            missing = [(spec.name, *fk) for fk in spec.foreign_keys if fk not in have]
            if missing:
                self.db.add_foreign_keys(missing)
        if not self.read_only:  # indexes only speed reads: a read-only file is read without those it lacks
            for spec in TABLES:
                for column in spec.indexes:
                    self.db.table(spec.name).create_index([column], if_not_exists=True)
        self.db.execute(CREATE_SPEAKER_NAMES)
        if not self.read_only:
            for name, sql in EXPRESSION_INDEXES.items():
                self.db.execute(f"CREATE INDEX IF NOT EXISTS [{name}] {sql}")
        triggers = {t.name for t in self.db.table("quotes").triggers}
        if not self.db.table(FTS_TABLE).exists() or not set(FTS_TRIGGERS) <= triggers:
            # A table rewrite (new column order, an added foreign key) dropped the sync
            # triggers: the index is dropped and rebuilt in one transaction, so a server
            # reading the file never finds the search index missing or half-filled.
            with self.db.atomic():
                self.db.table("quotes").disable_fts()
                self.db.table("quotes").enable_fts(list(FTS_COLUMNS), create_triggers=True)
        if not self.read_only:  # the counts pages read (quotes.summaries), filled once when missing
            with self.db.atomic():
                ensure_summaries(self.db.conn)

    def defer_upkeep(self) -> list[str]:
        """Into an empty database, drop the indexes and triggers that :meth:`ensure_db_shape`
        creates again in one pass at the end (:mod:`quotes.upkeep`); the names dropped."""
        return [] if self.read_only else defer_upkeep(self.db.conn)

    def _reorder(self, spec: TableSpec) -> None:
        """Rewrite a table written by an older version in the schema's column order (Datasette
        shows columns as stored). The rewrite drops the table's triggers; ensure_db_shape
        then rebuilds the full-text index with new ones."""
        with self.db.atomic():
            self.db.table(spec.name).transform(column_order=list(spec.columns))

    @reported("write to")
    def insert_rows(self, rows: dict[str, list[dict]]) -> None:
        """Write rows given as they are, table by table in the order given, in one transaction,
        with the schema's columns (a column the schema lacks raises ValueError; one a row omits
        is NULL). Derived columns and tables are not recomputed: this is for fixtures and
        imports that bring their own, where :meth:`save` and :meth:`finish` would derive them
        from extractions. ``speaker_names`` is filled from the ``speakers`` rows."""
        self._write_ahead()
        with self.db.atomic():
            for table, table_rows in rows.items():
                _insert_rows(self.db.conn, table, list(table_rows))
            refresh_speaker_names(self.db.conn)

    # --- build ------------------------------------------------------------------------------

    @reported("read")
    def known(self) -> dict[str, tuple[str, str]]:
        """article_id -> (content_hash, extractor_version) of every stored article."""
        rows = self.db.execute("SELECT id, content_hash, extractor_version FROM articles")
        return {article_id: (digest, version) for article_id, digest, version in rows}

    @reported("read")
    def articles_to_upgrade(self) -> list[str]:
        """Ids of the stored articles whose quotes an older version of quotes wrote, before
        statement dates and source links (``said_on*``, ``article_title``, ``article_url``,
        ``context_url``) existed: such a quote has no ``context_url``. The build re-extracts
        them from their stored text (:meth:`stored_articles`); the words that date a statement
        were not kept, so nothing short of that can fill ``said_on`` right."""
        rows = self.db.execute(
            "SELECT DISTINCT article_id FROM quotes WHERE context_url IS NULL ORDER BY article_id")
        return [article_id for (article_id,) in rows]

    def stored_articles(self, ids: Sequence[str], *, chunk: int = 200) -> Iterator[Article]:
        """The articles ``ids`` as stored, read ``chunk`` at a time."""
        for start in range(0, len(ids), chunk):
            part = list(ids[start:start + chunk])
            for row in self._stored_rows(part):
                yield article_from_row(row)

    @reported("read")
    def _stored_rows(self, ids: list[str]) -> list[dict]:
        marks = ",".join("?" * len(ids))
        return list(self.db.query(f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY id", ids))

    @reported("write to")
    def save(self, items: list[tuple[Article, Extraction]], extractor_version: str) -> None:
        """Write a batch of articles with their quotes and speakers, replacing what each article
        had before. One transaction: if any row fails, nothing of the batch is written.

        Raises :class:`BadRecord` (before writing anything) for an extraction paired with
        another article, a batch that repeats an article, or a quote that fails
        :func:`quote_rows`; the caller can save the batch's other articles without it.
        """
        batch = sorted(items, key=lambda pair: pair[0].id)
        articles, speakers, quotes = [], [], []
        for article, extraction in batch:
            if extraction.article_id != article.id:
                raise BadRecord(article.id, f"extraction is for {extraction.article_id}")
            articles.append(article_row(article, extractor_version))
            speakers.extend(article_speaker_rows(extraction))
            quotes.extend(quote_rows(article, extraction, extractor_version))
        ids = [(row["id"],) for row in articles]
        for (first,), (second,) in zip(ids, ids[1:]):
            if first == second:
                raise BadRecord(first, "the batch holds this article twice")
        # An article without a url is identified by its text, so an edited file arrives under a
        # new id: the old version read from the same path goes, in the same transaction.
        replaced = [(row["path"], row["id"]) for row in articles if not row.get("url")]
        self._write_ahead()
        with self.db.atomic():
            for path, new_id in replaced:
                old = [(r[0],) for r in self.db.conn.execute(
                    "SELECT id FROM articles WHERE path = ? AND id != ? AND url IS NULL", (path, new_id))]
                self.db.conn.executemany("DELETE FROM quotes WHERE article_id = ?", old)
                self.db.conn.executemany("DELETE FROM article_speakers WHERE article_id = ?", old)
                self.db.conn.executemany("DELETE FROM articles WHERE id = ?", old)
            self.db.conn.executemany("DELETE FROM quotes WHERE article_id = ?", ids)
            self.db.conn.executemany("DELETE FROM article_speakers WHERE article_id = ?", ids)
            _insert_rows(self.db.conn, "articles", articles, upsert=True)
            _insert_rows(self.db.conn, "article_speakers", speakers)
            _insert_rows(self.db.conn, "quotes", quotes)

    @reported("merge the speakers of")
    def finish(self, corrections: Sequence[Correction] | None = None) -> Summary:
        """Merge speakers across articles and bring every derived column up to date.

        Rewrites ``speakers`` from :func:`quotes.canonical.canonicalise` over all
        ``article_speakers`` rows, corrected by :func:`quotes.curate.apply_corrections`, links
        quotes and article speakers to it, recounts, and drops speakers nobody refers to.
        ``corrections`` replace the ones remembered in ``speaker_corrections``; with None the
        remembered ones are applied again. Only rows whose values change are written (the
        full-text index follows through its triggers), so running it twice changes nothing.
        """
        remembered = self._remembered_corrections()
        if corrections is None:
            corrections = remembered
        if self.read_only:
            return self._finish_read_only(list(corrections) != remembered)
        items = list(self._article_speakers())
        result, problems = apply_corrections(canonicalise(items), items, corrections)
        if list(corrections) != remembered:
            self._write_ahead()  # new corrections: it writes (after saves, WAL is already on)
        with self.db.atomic():
            changed = self._remember_corrections(list(corrections), remembered)
            changed += self._refresh_said_on()
            self._load_canonical(result)
            for sql in FINISH_STATEMENTS:
                self.db.execute(sql)
                # changes(), not cursor.rowcount: the driver reports -1 for WITH ... UPDATE
                changed += self.db.execute("SELECT changes()").fetchone()[0]
            self.db.execute("DROP TABLE temp.canonical_speakers")
            self.db.execute("DROP TABLE temp.speaker_assignments")
            changed += refresh_speaker_names(self.db.conn)
            changed += refresh_cue_classes(self.db.conn)
            changed += refresh_statements(self.db.conn)
        counts = self.counts()
        attributed = self.db.execute(
            "SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL"
        ).fetchone()[0]
        return Summary(
            counts["articles"], counts["quotes"], counts["speakers"], attributed, changed,
            tuple(problems),
        )

    def _finish_read_only(self, new_corrections: bool) -> Summary:
        """A read-only database can only be left as it is: fine when the last build finished
        and no new corrections are given (the merge would write nothing new)."""
        unmerged = self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM article_speakers WHERE speaker_id IS NULL)").fetchone()[0]
        if new_corrections or unmerged:
            why = "new speaker corrections" if new_corrections else "speakers an interrupted build left unmerged"
            raise StoreError(f"cannot write {self.path}: it is read-only and has {why} to store; "
                             "make it writable and run again")
        counts = self.counts()
        attributed = self.db.execute(
            "SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL").fetchone()[0]
        return Summary(counts["articles"], counts["quotes"], counts["speakers"], attributed, 0)

    @reported("read")
    def counts(self) -> dict[str, int]:
        """Row counts: ``articles``, ``quotes``, ``speakers``."""
        return {
            name: self.db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
            for name in ("articles", "quotes", "speakers")
        }

    # --- finish helpers ---------------------------------------------------------------------

    def _remembered_corrections(self) -> list[Correction]:
        """The speaker corrections the last ``--speakers`` file gave, in file order."""
        if not self.db.table(CORRECTIONS_TABLE).exists():
            return []
        rows = self.db.execute(
            f"SELECT action, speaker, value, file, line FROM [{CORRECTIONS_TABLE}] ORDER BY position"
        )
        return [Correction(*row) for row in rows]

    def _remember_corrections(self, corrections: list[Correction],
                              remembered: list[Correction]) -> int:
        """Replace the remembered corrections when they differ; the number of rows written."""
        if corrections == remembered:
            return 0
        table = self.db.table(CORRECTIONS_TABLE)
        table.create(SPEAKER_CORRECTIONS.columns, pk=SPEAKER_CORRECTIONS.pk, if_not_exists=True)
        self.db.execute(f"DELETE FROM [{CORRECTIONS_TABLE}]")
        table.insert_all(
            {"position": i, "action": c.action, "speaker": c.speaker, "value": c.value,
             "file": c.file, "line": c.line}
            for i, c in enumerate(corrections, 1)
        )
        return len(remembered) + len(corrections)

    def _refresh_said_on(self) -> int:
        """Resolve ``said_on`` again from each quote's stored dating words and publication date
        with the rules :mod:`quotes.dates` has now, as :func:`quote_rows` does, so a change of
        those rules reaches quotes stored before it without parsing their articles again.
        Writes only the rows whose date changes; returns how many."""
        rows = self.db.execute(
            "SELECT id, article_id, said_on_text, published, said_on, said_on_precision, said_on_from"
            " FROM quotes WHERE said_on_text IS NOT NULL ORDER BY article_id, start, id")
        updates, article, dated, known = [], None, None, {}
        for quote_id, article_id, words, published, *stored in rows:
            if article_id != article:
                article, dated = article_id, None  # `at the time` looks back within an article
            key = (words, published, dated)
            when = known[key] if key in known else known.setdefault(key, said_on(words, published, dated))
            dated = when if when.source == "text" else dated
            if [when.value, when.precision, when.source] != stored:
                updates.append((when.value, when.precision, when.source, quote_id))
        self.db.conn.executemany(
            "UPDATE quotes SET said_on = ?, said_on_precision = ?, said_on_from = ? WHERE id = ?", updates)
        return len(updates)

    def _article_speakers(self) -> Iterable[ArticleSpeaker]:
        rows = self.db.execute(
            "SELECT article_id, key, name, kind, role, affiliation, aliases"
            " FROM article_speakers ORDER BY article_id, key"
        )
        for article_id, key, name, kind, role, affiliation, aliases in rows:
            yield ArticleSpeaker(
                article_id, key, name or "", kind or "", role, affiliation,
                tuple(json.loads(aliases or "[]")),
            )

    def _load_canonical(self, result: Canonicalisation) -> None:
        """Put the canonicalisation in two temporary tables for the set-based updates."""
        conn: sqlite3.Connection = self.db.conn
        conn.execute("DROP TABLE IF EXISTS temp.canonical_speakers")
        conn.execute("DROP TABLE IF EXISTS temp.speaker_assignments")
        conn.execute(
            "CREATE TEMP TABLE canonical_speakers (id TEXT PRIMARY KEY, name TEXT, kind TEXT,"
            " role TEXT, affiliation TEXT, aliases TEXT)"
        )
        conn.execute(
            "CREATE TEMP TABLE speaker_assignments (article_id TEXT, key TEXT, speaker_id TEXT,"
            " PRIMARY KEY (article_id, key))"
        )
        conn.executemany(
            "INSERT INTO temp.canonical_speakers VALUES (?, ?, ?, ?, ?, ?)",
            ((s.id, s.name, s.kind, s.role, s.affiliation, stable_json(s.aliases))
             for s in result.speakers),
        )
        conn.executemany(
            "INSERT INTO temp.speaker_assignments VALUES (?, ?, ?)",
            ((article_id, key, speaker_id)
             for (article_id, key), speaker_id in sorted(result.speaker_ids.items())),
        )
