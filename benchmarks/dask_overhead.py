"""Where the Dask build's time goes, against the local pool at the same worker count.

Run by hand (this is not a test)::

    .venv/bin/python benchmarks/dask_overhead.py --articles 60 --corpus PATH [--workers 1 2] [--rounds 2]

``--corpus`` (or $QUOTES_CORPUS): see benchmarks/corpus.py.

For each worker count, the local pool and a Dask ``LocalCluster`` (``--scheduler local:N``) extract
the same first N articles of the corpus through :func:`quotes.build.extract_stream`'s executor,
alternately, each round in a fresh subprocess. Each run reports:

* start: entering :func:`quotes.workers.extractors` (a pool: nothing yet, its processes start
  with the first chunks; a cluster: the scheduler, the worker processes and the model on each);
* first result: from then to the first chunk's extractions (a pool loads the model here);
* stream: the whole run, start included;
* parse: the seconds the workers spent inside :func:`quotes.workers.extract_chunk`, summed
  (the task itself, timed where it runs), and the bytes of the chunks sent and the results
  received, pickled;
* so the overhead splits into start, and the rest: scheduling and moving data, or workers
  parsing more slowly.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import time
from collections import deque
from itertools import islice
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from corpus import add_corpus_option  # noqa: E402  (benchmarks/ is the script's folder)

def timed_chunk(articles, model, article_seconds):
    """:func:`quotes.workers.extract_chunk` with the seconds it took where it ran."""
    from quotes.workers import extract_chunk

    started = time.perf_counter()
    found = extract_chunk(articles, model, article_seconds)
    return time.perf_counter() - started, found


#: --environ: the worker environments compared (Dask's default sets all four)
ENVIRONS = {
    "dask-default": {"MALLOC_TRIM_THRESHOLD_": 65536, "OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                     "OPENBLAS_NUM_THREADS": 1},
    "no-malloc-trim": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
    "none": {},
}


def child(corpus: Path, n: int, workers: int, place: str, environ: str | None = None,
          profile: str | None = None) -> dict:
    from quotes.articles import read_paths
    from quotes.build import CHUNK_ARTICLES, CHUNKS_PER_WORKER, _chunks
    from quotes.extract import ARTICLE_SECONDS
    from quotes.models import Article
    from quotes.workers import extractors

    articles = [r for r in islice(read_paths([corpus]), n) if isinstance(r, Article)]
    model = "en_core_web_sm"
    if environ is not None:  # what the Dask nanny sets in each worker's environment
        import dask

        dask.config.set({"distributed.nanny.pre-spawn-environ": ENVIRONS[environ]})
    if profile is not None:  # the workers' statistical profiler (a stack sample every 10 ms)
        import dask

        dask.config.set({"distributed.worker.profile.enabled": profile == "on"})
    started = time.perf_counter()
    scheduler = f"local:{workers}" if place == "dask" else None
    parse = sent = received = 0.0
    first = None
    with extractors(model, workers, scheduler) as where:
        ready = time.perf_counter() - started
        in_flight: deque = deque()

        def take():
            nonlocal parse, received, first
            seconds, found = where.result(in_flight.popleft())
            first = first if first is not None else time.perf_counter() - started
            parse += seconds
            received += len(pickle.dumps(found))

        for chunk in _chunks(iter(articles), CHUNK_ARTICLES):
            sent += len(pickle.dumps(chunk))
            in_flight.append(where.executor.submit(timed_chunk, chunk, model, ARTICLE_SECONDS))
            if len(in_flight) >= where.slots * CHUNKS_PER_WORKER:
                take()
        while in_flight:
            take()
        streamed = time.perf_counter() - started
    return {"start": ready, "first": first - ready, "stream": streamed, "closed": time.perf_counter() - started,
            "parse": parse, "sent_mb": sent / 1e6, "received_mb": received / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    add_corpus_option(parser)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--environ", choices=sorted(ENVIRONS), help="the Dask workers' environment "
                        "(default: what quotes.workers sets)")
    parser.add_argument("--profile", choices=("on", "off"), help="the Dask workers' statistical profiler "
                        "(default: what quotes.workers sets)")
    parser.add_argument("--child", choices=("pool", "dask"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.corpus, args.articles, args.workers[0], args.child, args.environ,
                               args.profile)))
        return
    runs: dict[tuple[int, str], list[dict]] = {}
    for _ in range(args.rounds):
        for workers in args.workers:
            for place in ("pool", "dask"):
                done = subprocess.run([sys.executable, __file__, "--child", place, "--articles", str(args.articles),
                                       "--corpus", str(args.corpus), "--workers", str(workers)]
                                      + (["--environ", args.environ] if args.environ else [])
                                      + (["--profile", args.profile] if args.profile else []),
                                      capture_output=True, text=True)
                if done.returncode != 0:
                    raise SystemExit(done.stderr[-2000:])
                runs.setdefault((workers, place), []).append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{args.articles} articles; fastest of {args.rounds} round(s) by stream time\n")
    print("| workers | place | start | to first result | stream (start included) | close | parse inside tasks "
          "| sent / received (pickled) |\n|---|---|---|---|---|---|---|---|")
    for (workers, place), found in sorted(runs.items()):
        r = min(found, key=lambda run: run["stream"])
        print(f"| {workers} | {place} | {r['start']:.2f} s | {r['first']:.2f} s | {r['stream']:.2f} s | "
              f"{r['closed'] - r['stream']:.2f} s | {r['parse']:.2f} s | {r['sent_mb']:.2f} / {r['received_mb']:.2f} MB |")


if __name__ == "__main__":
    main()
