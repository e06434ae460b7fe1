"""Build the database: read articles, extract the new or changed ones, store them, merge speakers.

Streams from input to database: articles are read lazily, parsed in worker processes a chunk at a
time with a bounded number of chunks in flight (so memory stays flat however large the input),
and written in batches, each batch one transaction. An article whose content hash and
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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from tqdm import tqdm

from .articles import ReadWarning, read_paths
from .attribute import attribute_articles
from .curate import read_corrections
from .extract import ARTICLE_SECONDS, extractor_version, load_model
from .models import Article, Extraction, ReadProblem
from .names import load_gender_lexicon
from .store import BadRecord, QuoteStore

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


def build(paths: Iterable[str | Path], db_path: str | Path, *, model: str = "en_core_web_sm",
          workers: int | None = None, batch_size: int = 200, progress: bool | None = None,
          speakers: str | Path | None = None, warn: Callable[[str], None] = print,
          article_seconds: float = ARTICLE_SECONDS) -> BuildReport:
    """Build or update the database at ``db_path`` from ``paths``; returns the counts.

    ``speakers`` is a corrections file (:func:`quotes.curate.read_corrections`): it replaces the
    corrections the database remembers; without it the remembered ones apply again. It is read
    first, so a file that cannot be read (:class:`quotes.curate.CorrectionsFileError`) stops
    the build before any parsing. A database that cannot be opened or written raises
    :class:`quotes.store.StoreError`. ``article_seconds`` is each article's time budget for
    parsing (see :mod:`quotes.extract`).
    """
    started = time.perf_counter()
    report = BuildReport()
    corrections = None
    if speakers is not None:
        corrections, problems = read_corrections(speakers)
        for problem in problems:
            warn(str(problem))
    version = extractor_version(model)
    store = QuoteStore(db_path)
    store.ensure_db_shape()
    known = store.known()
    workers = workers or os.cpu_count() or 1
    with tqdm(desc="articles", unit=" art", disable=_no_bar(progress), leave=False) as bar:
        todo = _articles_to_extract(read_paths(paths), known, version, report, bar, warn)
        _extract_and_save(store, todo, model, workers, article_seconds, batch_size, version, report, warn)
    # Articles an older version stored without statement dates and source links are
    # re-extracted from their stored text, whether or not this run's input holds them.
    upgrade = [] if store.read_only else store.articles_to_upgrade()
    if upgrade:
        warn(f"{db_path}: {len(upgrade)} articles were stored by an older version of quotes; "
             "re-extracting them from their stored text to add statement dates and source links")
        counts = BuildReport()
        _extract_and_save(store, store.stored_articles(upgrade), model, workers, article_seconds, batch_size,
                          version, counts, warn)
        report.upgraded = counts.extracted  # a failure was reported; the next build tries again
    summary = store.finish(corrections)
    for problem in summary.problems:
        warn(str(problem))
    counts = store.counts()
    store.close()
    report.quotes, report.speakers = counts["quotes"], counts["speakers"]
    report.seconds = time.perf_counter() - started
    return report


def _extract_and_save(store: QuoteStore, todo: Iterator[Article], model: str, workers: int,
                      article_seconds: float, batch_size: int, version: str, report: BuildReport,
                      warn: Callable[[str], None]) -> None:
    """Extract ``todo`` and store it batch by batch; failures are reported and counted."""
    batch: list[tuple[Article, Extraction]] = []
    for article, extraction in extract_stream(todo, model, workers, article_seconds):
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


def extract_stream(articles: Iterator[Article], model: str, workers: int,
                   article_seconds: float = ARTICLE_SECONDS) -> Iterator[tuple[Article, Extraction]]:
    """Extraction results in input order, in this process or in ``workers`` processes."""
    first = next(articles, None)
    if first is None:
        return
    articles = _prepend(first, articles)
    if workers <= 1:
        nlp = load_model(model)
        for chunk in _chunks(articles, CHUNK_ARTICLES):
            yield from _extract_safely(chunk, nlp, article_seconds)
        return
    context = get_context("fork" if hasattr(os, "fork") else "spawn")
    if context.get_start_method() == "fork":
        load_gender_lexicon()  # once here, inherited by every worker
    with context.Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
        in_flight: deque = deque()
        for chunk in _chunks(articles, CHUNK_ARTICLES):
            in_flight.append(pool.apply_async(_extract_chunk, (chunk, article_seconds)))
            if len(in_flight) >= workers * CHUNKS_PER_WORKER:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()


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


_WORKER_NLP = None


def _init_worker(model: str) -> None:
    global _WORKER_NLP
    _WORKER_NLP = load_model(model)


def _extract_chunk(articles: list[Article], article_seconds: float) -> list[tuple[Article, Extraction]]:
    return _extract_safely(articles, _WORKER_NLP, article_seconds)


def _extract_safely(articles: list[Article], nlp, article_seconds: float = ARTICLE_SECONDS
                    ) -> list[tuple[Article, Extraction]]:
    """Extract a chunk; if parsing fails, retry article by article so one bad text costs itself only.

    The chunk runs in a spaCy memory zone: the words it adds to the vocabulary are dropped at
    its end (the records kept are plain data), so a long build does not grow with every new
    word form it meets.
    """
    try:
        with nlp.memory_zone():
            return list(attribute_articles(articles, nlp, article_seconds=article_seconds))
    except Exception:
        results = []
        for article in articles:
            try:
                with nlp.memory_zone():
                    results.extend(attribute_articles([article], nlp, article_seconds=article_seconds))
            except Exception as error:
                results.append((article, Extraction(article_id=article.id, failure=f"parsing failed: {error!r}")))
        return results
