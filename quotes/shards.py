"""Reading on the workers: a build of sharded JSON Lines input on a Dask cluster.

When the input is several JSON Lines files (``.jsonl`` or ``.jsonl.gz``) and the build runs on
a cluster, sending every article's text from this process to the workers is the bottleneck.
Instead each file is a task read where it runs, from storage the workers share (the same path
on every machine), in two passes:

1. :func:`survey_file` reads a file and sends back, per record, only what the skip check needs
   (:class:`RecordKey`: id, content hash, where it is, url) and the read problems as they are
   (so bad input is still reported with its file and line);
2. this process decides, in input order and with the rules of :mod:`quotes.build`, which
   records to extract; :func:`extract_records` reads the file again and sends back only their
   articles and extractions, which this process stores.

A file is read on a worker by its absolute path (a relative one is resolved here first, so
that it means the same on the workers), but its articles and problems name it as it was given,
as a local build of the same files does (so both store the same ``path``, by which an edited
article without a url replaces its old version).

Not handled here: line ranges of one file (a file is one task each pass, so a cluster needs at
least as many files as worker threads to be busy, and a file's results come back together),
other input formats (they are read here and sent as before), and a file that changes between
the two passes (reported as a :class:`quotes.workers.ClusterError`).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .articles import read_paths
from .extract import ARTICLE_SECONDS
from .models import Article, Extraction, ReadProblem
from .workers import ClusterError, Extractors, extract_chunk

#: the file names read on the workers
SHARD_SUFFIXES = (".jsonl", ".jsonl.gz")
#: articles extracted at a time inside a file's task (a spaCy memory zone each, as a chunk)
CHUNK_ARTICLES = 8
#: files in flight per worker thread, in either pass
FILES_PER_SLOT = 2


@dataclass(frozen=True)
class RecordKey:
    """What the skip check needs of one article read on a worker, and where to find it again."""

    id: str
    content_hash: str
    path: str
    url: str | None
    file: str
    ordinal: int
    #: the file as it was given (what ``path`` and problems name)
    shown: str


def sharded(paths: Iterable[str | Path]) -> list[tuple[str, str]] | None:
    """The absolute path and the name as given (as :func:`quotes.articles.read_paths` writes
    it) of each of ``paths`` when they are two or more JSON Lines files, else None."""
    files = [Path(p) for p in paths]
    if len(files) < 2 or not all(f.name.lower().endswith(SHARD_SUFFIXES) and f.is_file() for f in files):
        return None
    return [(str(f.resolve()), str(f)) for f in files]


def _as_given(where: str, file: str, shown: str) -> str:
    """``where`` (``file`` or ``file:line``) naming the file as it was given."""
    return shown + where[len(file):] if where.startswith(file) else where


def survey_file(file: str, shown: str | None = None) -> list[RecordKey | ReadProblem]:
    """On a worker: every record of ``file`` as a key or a read problem, in order, naming the
    file ``shown`` (by default, as it is read)."""
    shown = file if shown is None else shown
    if not os.access(file, os.R_OK):  # it was there for the process that gave it
        return [ReadProblem(shown, f"the Dask worker on {socket.gethostname()} cannot read it: workers read "
                                   f"JSON Lines shards themselves, so every worker must see it at {file}")]
    found: list[RecordKey | ReadProblem] = []
    for ordinal, record in enumerate(read_paths([file])):
        if isinstance(record, ReadProblem):
            found.append(replace(record, where=_as_given(record.where, file, shown)))
        else:
            found.append(RecordKey(record.id, record.content_hash, _as_given(record.path, file, shown), record.url,
                                   file, ordinal, shown))
    return found


def extract_records(file: str, ordinals: list[int], model: str, article_seconds: float = ARTICLE_SECONDS,
                    shown: str | None = None) -> list[tuple[Article, Extraction]]:
    """On a worker: the records of ``file`` at ``ordinals`` (as :func:`survey_file` numbered
    them), read again and extracted, with their articles (named ``shown``), in order."""
    shown = file if shown is None else shown
    wanted, last = set(ordinals), max(ordinals)
    articles = []
    for ordinal, record in enumerate(read_paths([file])):
        if ordinal in wanted and isinstance(record, Article):
            articles.append(replace(record, path=_as_given(record.path, file, shown)))
        if ordinal >= last:
            break
    pairs = []
    for start in range(0, len(articles), CHUNK_ARTICLES):
        chunk = articles[start:start + CHUNK_ARTICLES]
        pairs += zip(chunk, extract_chunk(chunk, model, article_seconds))
    return pairs


def surveyed(files: list[tuple[str, str]], place: Extractors) -> Iterator[RecordKey | ReadProblem]:
    """The keys and problems of ``files`` (:func:`sharded`), in input order, surveyed on the
    workers with a bounded number of files in flight."""
    tasks = ((file, survey_file, file, shown) for file, shown in files)
    for _, found in place.in_order(tasks, FILES_PER_SLOT):
        yield from found


def extracted(keys: Iterator[RecordKey], place: Extractors, model: str,
              article_seconds: float = ARTICLE_SECONDS) -> Iterator[tuple[Article, Extraction]]:
    """The articles and extractions of ``keys`` (in file order), one task per file."""
    tasks = ((group, extract_records, group[0].file, [k.ordinal for k in group], model, article_seconds,
              group[0].shown) for group in _by_file(keys))
    for group, pairs in place.in_order(tasks, FILES_PER_SLOT):
        yield from _checked(group, pairs, place)


def _checked(group: list[RecordKey], pairs: list[tuple[Article, Extraction]],
             place: Extractors) -> list[tuple[Article, Extraction]]:
    if [article.id for article, _ in pairs] != [key.id for key in group]:
        raise ClusterError(f"{group[0].shown} changed while it was read: {place.where} found other articles "
                           "in it the second time")
    return pairs


def _by_file(keys: Iterator[RecordKey]) -> Iterator[list[RecordKey]]:
    group: list[RecordKey] = []
    for key in keys:
        if group and key.file != group[0].file:
            yield group
            group = []
        group.append(key)
    if group:
        yield group
