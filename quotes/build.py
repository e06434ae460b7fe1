"""Build the database: read articles, extract the new or changed ones, store them, merge speakers.

Streams from input to database: articles are read lazily, parsed a chunk at a time in worker
processes, local or on a Dask cluster (:mod:`quotes.workers`), with a bounded number of chunks
in flight (so memory stays flat however large the input), and written by this one process in
batches, each batch one transaction. An article whose content hash and
extractor version match the database is skipped without parsing, so a rebuild of unchanged
input costs only reading and hashing. An interrupted build loses at most the batch in flight;
the next run picks up from there.

Two records with one url (one article id) and different texts: the first one read is kept and
the later one is reported, naming both inputs, and counted as a duplicate; the same text again
counts as unchanged. So a run over the same input always keeps the same record, and a re-run
changes nothing. Every record read is counted once: ``read == extracted + skipped + duplicates
+ failed``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from .articles import ReadWarning, read_paths
from .curate import read_corrections
from .extract import ARTICLE_SECONDS, extractor_version
from .models import Article, Extraction, ReadProblem
from .store import BadRecord, QuoteStore
from .shards import extracted, sharded, surveyed
from .workers import ClusterError, Extractors, extract_chunk, extractors, parse_scheduler, pipeline_name

if TYPE_CHECKING:  # spaCy is imported by the extraction, not here
    from spacy.language import Language

# Articles sent to a worker process at a time: small, so that the last chunks do not leave one
# worker idle while the other finishes (the tail of a run), yet large next to pickling costs.
CHUNK_ARTICLES = 8
# Chunks in flight per worker; bounds memory while keeping the workers busy.
CHUNKS_PER_WORKER = 4


@dataclass
class BuildReport:
    read: int = 0
    extracted: int = 0
    skipped: int = 0
    #: later records with the url of an earlier one and another text, not stored
    duplicates: int = 0
    failed: int = 0
    #: stored articles an older version wrote, re-extracted from their stored text (not read)
    upgraded: int = 0
    quotes: int = 0
    speakers: int = 0
    seconds: float = 0.0


def build(paths: Iterable[str | Path], db_path: str | Path, *, model: str | Language = "en_core_web_sm",
          workers: int | None = None, batch_size: int = 200, progress: bool | None = None,
          speakers: str | Path | None = None, warn: Callable[[str], None] = print,
          article_seconds: float = ARTICLE_SECONDS, scheduler: str | None = None) -> BuildReport:
    """Build or update the database at ``db_path`` from ``paths``; returns the counts.

    ``speakers`` is a corrections file (:func:`quotes.curate.read_corrections`): it replaces the
    corrections the database remembers; without it the remembered ones apply again. It is read
    first, so a file that cannot be read (:class:`quotes.curate.CorrectionsFileError`) stops
    the build before any parsing. A database that cannot be opened or written raises
    :class:`quotes.store.StoreError`. ``article_seconds`` is each article's time budget for
    parsing (see :mod:`quotes.extract`). ``scheduler`` parses on a Dask cluster instead of
    ``workers`` local processes (``local:N`` or a scheduler's address, see
    :mod:`quotes.workers`); a cluster that cannot do it raises
    :class:`quotes.workers.ClusterError` (the batches already written stay, and the next
    build goes on from there). The cluster is reached only when some article needs parsing.
    ``model`` is an installed pipeline's name, or a pipeline already loaded with
    :func:`quotes.extract.load_model`: this process then parses with it as it is, while worker
    processes and a cluster load the same model by name.
    """
    started = time.perf_counter()
    report = BuildReport()
    corrections = None
    if speakers is not None:
        corrections, problems = read_corrections(speakers)
        for problem in problems:
            warn(str(problem))
    model, nlp = (model, None) if isinstance(model, str) else (pipeline_name(model), model)
    version = extractor_version(model)
    if scheduler is not None:
        parse_scheduler(scheduler)  # a malformed address is refused before anything is read
    store = QuoteStore(db_path)  # opening it ensures its shape
    known = store.known()
    # Into an empty database, indexes and search wait for the end (quotes.upkeep); an
    # interrupted build leaves them to the next open of the file, which creates them.
    deferred = store.defer_upkeep()
    workers = workers or os.cpu_count() or 1
    with tqdm(desc="articles", unit=" art", disable=_no_bar(progress), leave=False) as bar:
        paths = list(paths)  # looked at twice: whether they are shards, then read
        files = sharded(paths) if scheduler is not None else None
        try:
            if files is not None:  # JSON Lines shards on a cluster: read where they are parsed
                with extractors(model, workers, scheduler) as place:
                    todo = _articles_to_extract(surveyed(files, place), known, version, report, bar, warn)
                    _save_all(store, extracted(todo, place, model, article_seconds), batch_size, version,
                              report, warn)
            else:
                todo = _articles_to_extract(read_paths(paths), known, version, report, bar, warn)
                _extract_and_save(store, todo, nlp or model, workers, article_seconds, batch_size, version,
                                  report, warn, scheduler)
            # Articles an older version stored without statement dates and source links are
            # re-extracted from their stored text, whether or not this run's input holds them.
            upgrade = [] if store.read_only else store.articles_to_upgrade()
            if upgrade:
                warn(f"{db_path}: {len(upgrade)} articles were stored by an older version of quotes; "
                     "re-extracting them from their stored text to add statement dates and source links")
                counts = BuildReport()
                _extract_and_save(store, store.stored_articles(upgrade), nlp or model, workers, article_seconds,
                                  batch_size, version, counts, warn, scheduler)
                report.upgraded = counts.extracted  # a failure was reported; the next build tries again
        except ClusterError:
            store.close()
            raise
    if deferred:
        store.ensure_db_shape()
    summary = store.finish(corrections)
    for problem in summary.problems:
        warn(str(problem))
    counts = store.counts()
    store.close()
    report.quotes, report.speakers = counts["quotes"], counts["speakers"]
    report.seconds = time.perf_counter() - started
    return report


def _extract_and_save(store: QuoteStore, todo: Iterator[Article], model: str | Language, workers: int,
                      article_seconds: float, batch_size: int, version: str, report: BuildReport,
                      warn: Callable[[str], None], scheduler: str | None = None) -> None:
    """Extract ``todo`` and store it batch by batch (:func:`_save_all`)."""
    _save_all(store, extract_stream(todo, model, workers, article_seconds, scheduler=scheduler), batch_size,
              version, report, warn)


def _save_all(store: QuoteStore, pairs: Iterator[tuple[Article, Extraction]], batch_size: int, version: str,
              report: BuildReport, warn: Callable[[str], None]) -> None:
    """Store extracted articles batch by batch; failures are reported and counted. The batch in
    hand is also written before a cluster error goes up."""
    batch: list[tuple[Article, Extraction]] = []
    try:
        for article, extraction in pairs:
            for problem in extraction.problems:
                warn(f"{article.path}: {problem}")
            if extraction.failure:
                warn(f"{article.path}: {extraction.failure}")
                report.failed += 1
                continue
            batch.append((article, extraction))
            if len(batch) >= batch_size:
                _save(store, batch, version, report, warn)
                batch = []
    except ClusterError:
        if batch:
            _save(store, batch, version, report, warn)
        raise
    if batch:
        _save(store, batch, version, report, warn)


def _save(store: QuoteStore, batch: list[tuple[Article, Extraction]], version: str,
          report: BuildReport, warn: Callable[[str], None]) -> None:
    """Save a batch in one transaction; an article that cannot be stored is reported and left out."""
    while batch:
        try:
            store.save(batch, version)
        except BadRecord as error:
            bad = [a for a, _ in batch if a.id == error.article_id]
            warn(f"{bad[0].path if bad else error.article_id}: not stored: {error}")
            report.failed += 1
            batch = [(a, e) for a, e in batch if a.id != error.article_id]
            continue
        report.extracted += len(batch)
        return


def _no_bar(progress: bool | None) -> bool | None:
    return None if progress is None else not progress


def _articles_to_extract(records: Iterator[Article | ReadProblem], known: dict, version: str,
                         report: BuildReport, bar, warn) -> Iterator[Article]:
    """The records to extract, in input order; the rest counted and reported. A record is an
    :class:`Article` or, read on a worker, a :class:`quotes.shards.RecordKey` (the same id,
    content_hash, path and url, without the text)."""
    seen: dict[str, tuple[str, str]] = {}  # article id -> (content hash, where) of its first record
    for record in records:
        bar.update(1)
        if isinstance(record, ReadProblem):
            if not isinstance(record, ReadWarning):  # the article it concerns comes on its own
                report.read += 1
                report.failed += 1
            bar.clear()
            warn(str(record))
            continue
        report.read += 1
        first = seen.get(record.id)
        if first is not None:
            if first[0] == record.content_hash:
                report.skipped += 1  # the same article twice in one run is extracted once
            else:
                report.duplicates += 1
                bar.clear()
                warn(f"{record.path}: same url as {first[1]} ({record.url}) but another text; "
                     "the first is kept, this one is not stored")
            continue
        seen[record.id] = (record.content_hash, record.path)
        if known.get(record.id) == (record.content_hash, version):
            report.skipped += 1
            continue
        yield record


def extract_stream(articles: Iterator[Article], model: str | Language, workers: int,
                   article_seconds: float = ARTICLE_SECONDS, *, scheduler: str | None = None
                   ) -> Iterator[tuple[Article, Extraction]]:
    """Extraction results in input order, from this process, ``workers`` local processes or
    the Dask cluster at ``scheduler`` (:func:`quotes.workers.extractors`), with at most
    ``CHUNKS_PER_WORKER`` chunks per worker in flight. Only the articles go out; they are
    paired again here with the extractions that come back. A loaded pipeline as ``model`` is
    used as it is in this process; other processes load its model by name."""
    first = next(articles, None)
    if first is None:
        return
    articles = _prepend(first, articles)
    with extractors(model, workers, scheduler) as place:
        tasks = ((chunk, extract_chunk, chunk, place.model, article_seconds)
                 for chunk in _chunks(articles, CHUNK_ARTICLES))
        for chunk, extractions in place.in_order(tasks, CHUNKS_PER_WORKER):
            yield from _paired(chunk, extractions, place)


def _paired(chunk: list[Article], extractions: list[Extraction],
            place: Extractors) -> list[tuple[Article, Extraction]]:
    if len(extractions) != len(chunk):  # extract_chunk keeps one extraction per article, in order
        raise ClusterError(f"{place.where} returned {len(extractions)} extractions for {len(chunk)} articles")
    return list(zip(chunk, extractions))


def _prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
