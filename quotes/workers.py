"""Where articles are parsed: in this process, in a pool of local processes, or on a Dask cluster.

Each place is a :class:`concurrent.futures.Executor` that runs :func:`extract_chunk`, so
:mod:`quotes.build` has one code path for all three: it submits chunks of articles, keeps a
bounded number in flight and writes the results in input order. Only plain records cross:
a chunk of :class:`~quotes.models.Article` goes out, a list of
:class:`~quotes.models.Extraction` comes back (the articles stay with the writer).

Every worker process loads the spaCy model once and keeps it (:func:`worker_model`): the local
pool loads it in each process's initializer; on a Dask cluster every worker present at the
start loads it before any chunk is sent (and says which extractor version it runs, which must
be this process's), and a worker that joins later loads it with its first chunk.

``--scheduler`` addresses: ``local:N`` starts a Dask ``LocalCluster`` of N worker processes
(one thread each) on 127.0.0.1 for the length of the build; anything else is the address of a
running ``dask scheduler`` (``tcp://host:8786``). Whatever goes wrong with the cluster (no
scheduler at the address, no workers, a worker without the model, workers lost mid-build)
raises :class:`ClusterError` with one sentence.

Not handled here: reading input on the workers (:mod:`quotes.shards` does that for JSON Lines
shards; otherwise every article's text is sent from this process), and retrying on another
worker a chunk whose worker died (Dask does that itself).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context

from .attribute import attribute_articles
from .extract import ARTICLE_SECONDS, extractor_version, load_model
from .models import Article, Extraction
from .names import load_gender_lexicon

#: a --scheduler address that starts a LocalCluster of N workers
LOCAL_CLUSTER_RE = re.compile(r"local:(\d+)")
#: the Dask settings of a local:N cluster's workers: no statistical profiler (a stack sample of
#: the parsing thread every 10 ms) and memory and system monitors every 10 s instead of every
#: 0.1-0.5 s. Each takes the GIL from the parsing thread; together they cost 4% of the parse
#: time of one worker (benchmarks/dask_overhead.py, docs/BENCHMARKS.md). A running cluster's
#: workers take their own Dask configuration.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "10s",
    "distributed.admin.system-monitor.interval": "10s",
}
#: seconds to wait for a scheduler to answer, and for a cluster to have at least one worker
CONNECT_SECONDS = 10
WORKERS_WAIT_SECONDS = 60


class ClusterError(Exception):
    """The cluster (or the local pool) cannot run the extraction; the message is one sentence."""


# --- the task that runs in a worker ---------------------------------------------------------

_MODELS: dict[str, object] = {}
_MODELS_LOCK = threading.Lock()
# A Dask worker may run several threads; a spaCy pipeline is not made to be used by two threads
# at once, and the GIL leaves them no gain, so they take turns on the worker's one model.
_PARSE_LOCK = threading.Lock()


def worker_model(model):
    """The spaCy pipeline ``model``, loaded once per process and kept; a pipeline already
    loaded (not a name) is returned as it is."""
    if not isinstance(model, str):
        return model
    with _MODELS_LOCK:
        if model not in _MODELS:
            _MODELS[model] = load_model(model)
        return _MODELS[model]


def pipeline_name(nlp) -> str:
    """The installed model name of a loaded pipeline (``en_core_web_sm``), to load it elsewhere."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}"


def extract_chunk(articles: list[Article], model,
                  article_seconds: float = ARTICLE_SECONDS) -> list[Extraction]:
    """The extractions of a chunk of articles, in order, parsed with this process's model."""
    nlp = worker_model(model)
    with _PARSE_LOCK:
        return [extraction for _, extraction in extract_safely(articles, nlp, article_seconds)]


def extract_safely(articles: list[Article], nlp, article_seconds: float = ARTICLE_SECONDS
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


# --- the places that run it -----------------------------------------------------------------

@dataclass
class Extractors:
    """An executor that runs :func:`extract_chunk`, how many chunks it runs at once, and how
    to name it in an error."""

    executor: Executor
    slots: int
    where: str
    #: what :func:`extract_chunk` is given: a loaded pipeline in this process, a name elsewhere
    model: object

    def in_order(self, tasks: Iterable[tuple], per_slot: int) -> Iterator[tuple[object, object]]:
        """Run ``tasks``, each ``(tag, function, *arguments)``, with at most ``per_slot`` tasks
        per slot in flight; ``(tag, result)`` in the order the tasks came, each result taken
        through :meth:`result`. The tasks are read only as slots free up."""
        in_flight: deque = deque()
        for tag, function, *arguments in tasks:
            in_flight.append((tag, self.executor.submit(function, *arguments)))
            if len(in_flight) >= self.slots * per_slot:
                tag, future = in_flight.popleft()
                yield tag, self.result(future)
        while in_flight:
            tag, future = in_flight.popleft()
            yield tag, self.result(future)

    def result(self, future: Future) -> list[Extraction]:
        """The chunk's extractions; a lost worker or cluster becomes :class:`ClusterError`."""
        try:
            return future.result()
        except BrokenProcessPool as error:
            raise ClusterError(f"a parsing process of {self.where} died (out of memory?): {error}") from error
        except Exception as error:
            if isinstance(self.executor, InProcess):
                raise  # a bug here, not a cluster's trouble: the traceback is wanted
            # extract_chunk reports each article's own failure in its record, so what comes up
            # here is the worker's or the cluster's (lost workers, a model missing on a worker
            # that joined late)
            raise ClusterError(f"{self.where} failed on a chunk of articles: "
                               f"{type(error).__name__}: {_first_line(error)}") from error


class InProcess(Executor):
    """Runs each task at once, in this process: the one-worker build, without a second process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to whoever asks for the result, as a pool does
            future.set_exception(error)
        return future


@contextmanager
def extractors(model, workers: int, scheduler: str | None = None) -> Iterator[Extractors]:
    """Where to parse: a Dask cluster when ``scheduler`` is given, else ``workers`` local
    processes (this process alone when ``workers`` is 1). ``model`` is a name or a loaded
    pipeline; only this process uses a loaded one, the others load it by name."""
    name = model if isinstance(model, str) else pipeline_name(model)
    if scheduler is not None:
        with _dask(scheduler, name) as found:
            yield found
    elif workers <= 1:
        yield Extractors(InProcess(), 1, "this process", worker_model(model))
    else:
        context = get_context("fork" if hasattr(os, "fork") else "spawn")
        if context.get_start_method() == "fork":
            load_gender_lexicon()  # once here, inherited by every worker
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=worker_model,
                                   initargs=(name,))
        try:
            yield Extractors(pool, workers, f"the pool of {workers} processes", name)
        finally:  # a build that stops early does not wait for the chunks not yet started
            pool.shutdown(wait=True, cancel_futures=True)


def parse_scheduler(address: str) -> int | None:
    """The worker count of a ``local:N`` address, None for a scheduler's address."""
    address = address.strip()
    if address.startswith("local"):
        match = LOCAL_CLUSTER_RE.fullmatch(address)
        if not match or int(match.group(1)) < 1:
            raise ClusterError(f"--scheduler {address!r}: write local:N with N worker processes "
                               "(e.g. local:2), or a scheduler's address (tcp://host:8786)")
        return int(match.group(1))
    if not address:
        raise ClusterError("--scheduler is empty: give local:N or a scheduler's address (tcp://host:8786)")
    return None


@contextmanager
def _dask(address: str, model: str) -> Iterator[Extractors]:
    local_workers = parse_scheduler(address)
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if local_workers is not None:
            where = f"the local Dask cluster of {local_workers} workers"
            # its HTTP server on a free loopback port: 8787 may be another cluster's
            with dask.config.set(LOCAL_WORKER_CONFIG):  # the nannies hand it to their workers
                cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                       silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            where = f"the Dask scheduler at {address}"
            client = Client(address, timeout=CONNECT_SECONDS)
    except Exception as error:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach a Dask scheduler at {address} ({_first_line(error)}); "
                           "is `dask scheduler` running there?") from error
    try:
        slots = _prepare(client, model, where)
        executor = client.get_executor(pure=False)
        try:
            yield Extractors(executor, slots, where, model)
        finally:  # every result was taken, unless the build stopped early: then cancel the rest
            executor.shutdown(wait=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _prepare(client, model: str, where: str) -> int:
    """Wait for a worker, load the model on every worker, check they extract as this process
    does; the number of threads the workers have."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_WAIT_SECONDS)
    except Exception as error:
        raise ClusterError(f"{where} has no workers after {WORKERS_WAIT_SECONDS} s: "
                           "start some with `dask worker ADDRESS`") from error
    try:
        versions = client.run(_warm_worker, model)
    except Exception as error:
        raise ClusterError(f"the workers of {where} cannot load the spaCy model {model!r} "
                           f"({_first_line(error)}); install quotes and the model on every worker") from error
    mine = extractor_version(model)
    other = sorted(worker for worker, version in versions.items() if version != mine)
    if other:
        raise ClusterError(f"worker {other[0]} of {where} runs another version of quotes or of the "
                           f"model ({versions[other[0]]}, here {mine}); install the same on every worker")
    return max(1, sum(client.nthreads().values()))


async def _warm_worker(model: str) -> str:
    """Run on each Dask worker before any chunk: load the model (kept by :func:`worker_model`)
    and the name lexicon; the worker's extractor version, to compare with this process's.
    Loaded in a thread, so that the worker's event loop keeps answering the scheduler."""
    return await asyncio.to_thread(_load_for_extraction, model)


def _load_for_extraction(model: str) -> str:
    load_gender_lexicon()
    worker_model(model)
    return extractor_version(model)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
