"""Benchmark the build and the published site against the "Fast at scale" targets.

Run by hand (this is not a test)::

    .venv/bin/python benchmarks/bench.py --articles 200 --corpus PATH [--full-db PATH]
                                         [--skip-full] [--repeat R]

``--corpus`` (or $QUOTES_CORPUS) is a JSONL(.gz) archive of articles: benchmarks/corpus.py says
which one docs/BENCHMARKS.md uses and where to get it.

Everything is measured in one run, on the first N articles of the corpus, so each figure is
compared with a reference taken on the same machine at the same time:

* raw spaCy: ``nlp.pipe`` of the pipeline ``quotes.extract.load_model`` returns without the
  quotes' own cue finder (same model, same enabled model components, same ``batch_size``) over the very paragraphs the build parses (the
  non-furniture paragraphs of each article). The clock covers loading the model and parsing,
  as the build's does; reading the articles is done before the clock starts.
* ``quotes.build.build`` into a fresh database in a temporary folder, with 1 and with 2 workers,
  then a second build of the same input into the 1-worker database (nothing to do).
* peak memory of each build: every measurement runs in its own subprocess, which reads its own
  ``ru_maxrss`` (the main process) and ``RUSAGE_CHILDREN`` (the largest worker, reaped when the
  pool closes). With workers the figure is main + workers x largest worker: an upper bound,
  since forked workers share their parent's pages.
* the same build on a Dask LocalCluster of 1 and of 2 worker processes (``--scheduler local:N``;
  the clock includes starting the cluster), unless ``--skip-dask``.
* the single writer: articles/s that ``QuoteStore.save`` stores from already-extracted records
  (10 copies of the N articles' records), against one extraction worker's articles/s.
* database size per 1,000 articles.
* on a database of the whole corpus (built with 2 workers unless ``--full-db`` exists;
  ``--skip-full`` skips this part): p50/p95 latency of 50 requests per page, sent in-process
  through ``datasette.client`` to the instance ``quotes.publish.make_datasette`` builds (the
  same one ``quotes serve`` runs, minus uvicorn and the socket, which would only add noise).

Words are counted with ``Article.word_count`` for both spaCy and the build, so the throughput
ratio is a ratio of times. The corpus is read where it lies: the first N articles are taken by
wrapping the reader the build uses with ``itertools.islice`` in the benchmark's subprocess; no
copy of the texts is written anywhere. The table goes to stdout and to
``benchmarks/results/last.md`` (numbers only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from corpus import add_corpus_option  # benchmarks/corpus.py, beside this script

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
DEFAULT_FULL_DB = Path(tempfile.gettempdir()) / "quotes-bench-full20k.db"
RESULTS_PATH = BENCH_DIR / "results" / "last.md"

# The pipe batch size quotes.extract.extract_articles uses, so spaCy batches alike.
PIPE_BATCH_SIZE = 64
# Full-text queries for the search pages, cycled over the requests: common and rarer words of
# 2012-2020 political news, one of two words.
SEARCH_TERMS = ("president", "economy", "immigration", "police officers", "climate")

# Targets from the issue "Fast at scale".
TARGET_BUILD_VS_SPACY = 0.85
TARGET_2W_VS_1W = 1.7
TARGET_MEMORY_GROWTH = 0.10
TARGET_NOOP_SHARE = 0.05
TARGET_FACET_P95_MS = 300
# Targets from issue 13 (beyond one machine).
TARGET_DASK_2W_VS_1W = 1.8
TARGET_DASK_OVERHEAD = 0.10
TARGET_WRITER_VS_WORKER = 50
# The writer measurement: copies of the N extracted records stored, in batches of the build's
# default --batch-size.
WRITER_COPIES = 10
WRITER_BATCH = 200
TARGET_SEARCH_P95_MS = 100


# --- measurements in a subprocess ------------------------------------------------------------

def first_records(corpus: Path, n: int):
    """The first ``n`` records (articles or read problems) of ``corpus``; all when ``n`` is 0."""
    from quotes.articles import read_paths

    records = read_paths([corpus])
    return islice(records, n) if n else records


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its reaped children so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> tuple[float, float]:
    """(this process, largest reaped child) peak resident set size in MB (Linux: ru_maxrss in KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


def child_raw(args) -> dict:
    """Time spaCy alone over the paragraphs the build would parse."""
    import spacy  # noqa: F401  imported before the clock starts, as the build's child does

    from quotes.extract import CUE_COMPONENT, load_model
    from quotes.extract.furniture import article_paragraphs
    from quotes.models import Article

    articles = [r for r in first_records(args.corpus, args.articles) if isinstance(r, Article)]
    texts = [p.text for a in articles for p in article_paragraphs(a.text) if not p.furniture]
    words = sum(a.word_count for a in articles)
    started, cpu = time.perf_counter(), cpu_seconds()
    nlp = load_model(args.model)
    nlp.remove_pipe(CUE_COMPONENT)  # the model's own components: finding cues is the build's work
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE))
    done, cpu = time.perf_counter(), cpu_seconds() - cpu
    own, _ = peak_rss_mb()
    return {"articles": len(articles), "paragraphs": len(texts), "words": words, "tokens": tokens,
            "seconds": done - started, "cpu_seconds": cpu, "load_seconds": loaded - started, "pipe_seconds": done - loaded,
            "components": list(nlp.pipe_names), "rss_mb": own}


def child_build(args) -> dict:
    """Time ``quotes.build.build`` over the first N articles into ``args.db``."""
    import spacy  # noqa: F401

    import quotes.build as build_module

    if not hasattr(build_module, "read_paths"):
        raise SystemExit("quotes.build no longer imports read_paths: update benchmarks/bench.py")
    original = build_module.read_paths
    build_module.read_paths = lambda paths: islice(original(paths), args.articles) if args.articles else original(paths)
    warnings = []
    started, cpu = time.perf_counter(), cpu_seconds()
    report = build_module.build([args.corpus], args.db, model=args.model, workers=args.workers,
                                progress=False, warn=warnings.append, scheduler=args.scheduler)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    own, child = peak_rss_mb()
    workers = args.workers if args.workers > 1 and report.extracted and not args.scheduler else 0
    return {"seconds": seconds, "cpu_seconds": cpu, "read": report.read, "extracted": report.extracted,
            "skipped": report.skipped, "failed": report.failed, "quotes": report.quotes,
            "speakers": report.speakers, "warnings": len(warnings), "main_rss_mb": own,
            "worker_rss_mb": child if workers else 0.0, "rss_mb": own + workers * child,
            "db_bytes": database_bytes(Path(args.db))}


def child_writer(args) -> dict:
    """The single writer's throughput against one extraction worker's.

    Extracts the first N articles in this process (one worker: ``extract_safely`` with the
    model loaded beforehand, so its articles/s exclude loading), then stores
    ``WRITER_COPIES`` copies of those records (article ids and urls made unique, so every copy
    is a new article) into a fresh database with ``QuoteStore.save`` in batches of
    ``WRITER_BATCH``, then ``finish``. The ratio is the cluster size at which the writer
    becomes the limit."""
    from dataclasses import replace

    from quotes.extract import extractor_version, load_model
    from quotes.models import Article
    from quotes.store import QuoteStore
    from quotes.workers import extract_safely

    articles = [r for r in first_records(args.corpus, args.articles) if isinstance(r, Article)]
    nlp = load_model(args.model)
    started = time.perf_counter()
    pairs = [pair for pair in extract_safely(articles, nlp) if not pair[1].failure]
    extract_seconds = time.perf_counter() - started
    records = []
    for copy in range(WRITER_COPIES):
        for article, extraction in pairs:
            new_id = f"{article.id}-{copy}"
            records.append((replace(article, id=new_id, url=article.url and f"{article.url}#{copy}"),
                            replace(extraction, article_id=new_id)))
    version = extractor_version(args.model)
    result = {"articles": len(pairs), "extract_seconds": extract_seconds, "stored": len(records),
              "quotes": sum(len(e.quotes) for _, e in records)}
    for mode in ("immediate", "deferred"):
        db = Path(args.db).with_name(f"{Path(args.db).stem}-{mode}.db")
        store = QuoteStore(db)
        started = time.perf_counter()
        if mode == "deferred":  # as quotes.build does into an empty database
            store.defer_upkeep()
        for i in range(0, len(records), WRITER_BATCH):
            store.save(records[i:i + WRITER_BATCH], version)
        if mode == "deferred":
            store.ensure_db_shape()
        save_seconds = time.perf_counter() - started
        store.finish()
        finish_seconds = time.perf_counter() - started - save_seconds
        store.close()
        suffix = "" if mode == "immediate" else "_deferred"
        result.update({f"save_seconds{suffix}": save_seconds, f"finish_seconds{suffix}": finish_seconds})
    return result


def database_bytes(db: Path) -> int:
    """The database file with its journal or write-ahead log, if any."""
    files = [db.with_name(db.name + suffix) for suffix in ("", "-journal", "-wal", "-shm")]
    return sum(f.stat().st_size for f in files if f.exists())


def run_child(kind: str, corpus: Path, articles: int, model: str, *, workers: int = 1,
              db: Path | None = None, scheduler: str | None = None) -> dict:
    """Run one measurement in a fresh interpreter and return what it printed."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--articles", str(articles),
               "--corpus", str(corpus), "--model", model, "--workers", str(workers)]
    if db is not None:
        command += ["--db", str(db)]
    if scheduler is not None:
        command += ["--scheduler", scheduler]
    done = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {kind} (workers={workers}, scheduler={scheduler}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- site latency ------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (``share`` in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


async def site_latency(db_path: Path, requests: int) -> dict:
    """p50/p95 milliseconds per page over ``requests`` in-process requests (after one warm-up)."""
    from urllib.parse import quote as url_quote

    from quotes.publish import make_datasette

    datasette = make_datasette(db_path)
    await datasette.invoke_startup()
    name = db_path.stem
    db = datasette.get_database(name)
    top = (await db.execute("select id, quote_count from speakers order by quote_count desc limit 1")).first()
    if top is None:
        raise SystemExit(f"{db_path} has no speakers: was its build interrupted before the last step?")
    counts = {t: (await db.execute(f"select count(*) from [{t}]")).first()[0] for t in ("articles", "quotes", "speakers")}
    pages = {
        "quotes table with default facets": [f"/{name}/quotes"],
        "table full-text search (?_search=)": [f"/{name}/quotes?_search={url_quote(t)}" for t in SEARCH_TERMS],
        "search page (/-/search?q=)": [f"/-/search?q={url_quote(t)}" for t in SEARCH_TERMS],
        "speaker page (most quoted)": [f"/-/speaker/{url_quote(top[0], safe='')}"],
        "filtered CSV (kind=direct, _size=max)": [f"/{name}/quotes.csv?kind=direct&_size=max"],
    }
    results = {}
    for label, paths in pages.items():
        for path in paths:  # warm-up: the first request to a page pays for templates and caches
            await _get(datasette, path)
        times = []
        for i in range(requests):
            started = time.perf_counter()
            await _get(datasette, paths[i % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
        results[label] = {"p50": percentile(times, 0.50), "p95": percentile(times, 0.95),
                          "mean": statistics.fmean(times)}
    facets = (await datasette.client.get(f"/{name}/quotes.json")).json()
    return {"pages": results, "speaker": top[0], "speaker_quotes": top[1], "counts": counts,
            "facets_timed_out": facets.get("facets_timed_out", []),
            "db_bytes": db_path.stat().st_size}


async def _get(datasette, path: str) -> None:
    response = await datasette.client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    response.content  # noqa: B018  the whole body, as a browser would read it


# --- orchestration -----------------------------------------------------------------------------

@dataclass
class Row:
    metric: str
    value: str
    target: str = "—"
    ok: bool | None = None

    def cells(self) -> list[str]:
        verdict = "—" if self.ok is None else ("PASS" if self.ok else "MISS")
        return [self.metric, self.value, self.target, verdict]


def best(runs: list[dict]) -> dict:
    """The fastest of repeated runs (the least disturbed by the rest of the machine)."""
    return min(runs, key=lambda run: run["seconds"])


def measure_build(args, workdir: Path) -> tuple[list[Row], dict]:
    n, big = args.articles, 4 * args.articles
    raw_runs, one_runs, two_runs, dask_one_runs, dask_two_runs = [], [], [], [], []
    for round_ in range(args.repeat):  # interleaved, so drift on the machine hits all alike
        say(f"round {round_ + 1}/{args.repeat}: raw spaCy")
        raw_runs.append(run_child("raw", args.corpus, n, args.model))
        say(f"round {round_ + 1}/{args.repeat}: build, 1 worker")
        db1 = workdir / f"one-{round_}.db"
        one_runs.append(run_child("build", args.corpus, n, args.model, workers=1, db=db1) | {"db": db1})
        say(f"round {round_ + 1}/{args.repeat}: build, 2 workers")
        db2 = workdir / f"two-{round_}.db"
        two_runs.append(run_child("build", args.corpus, n, args.model, workers=2, db=db2) | {"db": db2})
        for size, runs in ((1, dask_one_runs), (2, dask_two_runs)):
            if not args.skip_dask:
                say(f"round {round_ + 1}/{args.repeat}: build, Dask LocalCluster of {size}")
                runs.append(run_child("build", args.corpus, n, args.model, scheduler=f"local:{size}",
                                      db=workdir / f"dask{size}-{round_}.db"))
    raw, one, two = best(raw_runs), best(one_runs), best(two_runs)
    say("no-op rebuild, 1 worker")
    noop = run_child("build", args.corpus, n, args.model, workers=1, db=one["db"])
    say(f"build of 4N = {big} articles, 1 worker")
    one_big = run_child("build", args.corpus, big, args.model, workers=1, db=workdir / "one-4n.db")
    say(f"build of 4N = {big} articles, 2 workers")
    two_big = run_child("build", args.corpus, big, args.model, workers=2, db=workdir / "two-4n.db")

    words = raw["words"]
    raw_wps, one_wps, two_wps = words / raw["seconds"], words / one["seconds"], words / two["seconds"]
    growth_1 = one_big["rss_mb"] / one["rss_mb"] - 1
    growth_2 = two_big["rss_mb"] / two["rss_mb"] - 1
    share = noop["seconds"] / one["seconds"]
    rows = [
        Row(f"raw spaCy `nlp.pipe` ({'+'.join(raw['components'])}), words/s",
            f"{raw_wps:,.0f} (load {raw['load_seconds']:.1f} s + parse {raw['pipe_seconds']:.1f} s; "
            f"CPU {raw['cpu_seconds']:.1f} s)"),
        Row("build, 1 worker: words/s (× raw spaCy)",
            f"{one_wps:,.0f} ({one_wps / raw_wps:.2f}×; {one['seconds']:.1f} s, CPU {one['cpu_seconds']:.1f} s)",
            f"≥ {TARGET_BUILD_VS_SPACY}× raw", one_wps / raw_wps >= TARGET_BUILD_VS_SPACY),
        Row("build, 2 workers: words/s (× 1 worker)",
            f"{two_wps:,.0f} ({two_wps / one_wps:.2f}×; {two['seconds']:.1f} s, CPU {two['cpu_seconds']:.1f} s)",
            f"≥ {TARGET_2W_VS_1W}× 1w", two_wps / one_wps >= TARGET_2W_VS_1W),
        Row(f"peak RSS, 1 worker: N → 4N ({n} → {big} articles)",
            f"{one['rss_mb']:.0f} → {one_big['rss_mb']:.0f} MB ({growth_1:+.1%})",
            f"≤ +{TARGET_MEMORY_GROWTH:.0%}", growth_1 <= TARGET_MEMORY_GROWTH),
        Row("peak RSS, 2 workers (main + 2 × largest worker): N → 4N",
            f"{two['rss_mb']:.0f} → {two_big['rss_mb']:.0f} MB ({growth_2:+.1%}); main "
            f"{two['main_rss_mb']:.0f} → {two_big['main_rss_mb']:.0f}, worker "
            f"{two['worker_rss_mb']:.0f} → {two_big['worker_rss_mb']:.0f}",
            f"≤ +{TARGET_MEMORY_GROWTH:.0%}", growth_2 <= TARGET_MEMORY_GROWTH),
        Row("no-op rebuild (same input), share of the 1-worker build",
            f"{noop['seconds']:.2f} s = {share:.1%} ({noop['skipped']} skipped, {noop['extracted']} extracted)",
            f"≤ {TARGET_NOOP_SHARE:.0%}", share <= TARGET_NOOP_SHARE),
        Row("database size per 1,000 articles (N; 4N)",
            f"{one['db_bytes'] / n * 1000 / 1e6:.1f} MB; {one_big['db_bytes'] / big * 1000 / 1e6:.1f} MB"),
        Row(f"build 4N, 1 worker; 2 workers ({big} articles)",
            f"{one_big['seconds']:.1f} s (CPU {one_big['cpu_seconds']:.0f} s); {two_big['seconds']:.1f} s "
            f"(CPU {two_big['cpu_seconds']:.0f} s) "
            f"({words_per_s(one_big, big, n, words):,.0f}; {words_per_s(two_big, big, n, words):,.0f} words/s est.)"),
    ]
    if not args.skip_dask:
        rows += dask_rows(best(dask_one_runs), best(dask_two_runs), one, two, words)
    say("writer: extract N articles in this process, then store 10 copies of the records")
    rows += writer_rows(run_child("writer", args.corpus, n, args.model, db=workdir / "writer.db"))
    facts = {"words": words, "articles": raw["articles"], "paragraphs": raw["paragraphs"], "tokens": raw["tokens"],
             "quotes": one["quotes"], "speakers": one["speakers"], "warnings": one["warnings"],
             "runs": {"raw": [r["seconds"] for r in raw_runs], "1w": [r["seconds"] for r in one_runs],
                      "2w": [r["seconds"] for r in two_runs],
                      "dask1": [r["seconds"] for r in dask_one_runs], "dask2": [r["seconds"] for r in dask_two_runs]}}
    return rows, facts


def dask_rows(dask_one: dict, dask_two: dict, one: dict, two: dict, words: int) -> list[Row]:
    """Dask LocalCluster builds against each other and against the local pool."""
    d1, d2 = words / dask_one["seconds"], words / dask_two["seconds"]
    overhead_1, overhead_2 = dask_one["seconds"] / one["seconds"] - 1, dask_two["seconds"] / two["seconds"] - 1
    return [
        Row("Dask LocalCluster, 1 worker: words/s (overhead vs local pool, 1 worker)",
            f"{d1:,.0f} ({overhead_1:+.0%}; {dask_one['seconds']:.1f} s)",
            f"≤ +{TARGET_DASK_OVERHEAD:.0%}", overhead_1 <= TARGET_DASK_OVERHEAD),
        Row("Dask LocalCluster, 2 workers: words/s (× Dask 1 worker; overhead vs local pool, 2 workers)",
            f"{d2:,.0f} ({d2 / d1:.2f}×; {overhead_2:+.0%}; {dask_two['seconds']:.1f} s)",
            f"≥ {TARGET_DASK_2W_VS_1W}× Dask 1w; ≤ +{TARGET_DASK_OVERHEAD:.0%}",
            d2 / d1 >= TARGET_DASK_2W_VS_1W and overhead_2 <= TARGET_DASK_OVERHEAD),
    ]


def writer_rows(writer: dict) -> list[Row]:
    """The single writer's articles/s against one extraction worker's."""
    worker = writer["articles"] / writer["extract_seconds"]
    save = writer["stored"] / writer["save_seconds"]
    whole = writer["stored"] / (writer["save_seconds"] + writer["finish_seconds"])
    rows = [
        Row("one extraction worker (parse + read + resolve, model loaded), articles/s",
            f"{worker:.2f} ({writer['articles']} articles in {writer['extract_seconds']:.1f} s)"),
        Row("single writer: articles/s stored from extracted records (× one worker)",
            f"{save:,.0f} ({save / worker:.0f}×; {writer['stored']:,} articles, {writer['quotes']:,} quotes "
            f"in {writer['save_seconds']:.2f} s)",
            f"≥ {TARGET_WRITER_VS_WORKER}× 1 worker", save / worker >= TARGET_WRITER_VS_WORKER),
        Row("single writer with the final speaker merge (× one worker = cluster size where it limits)",
            f"{whole:,.0f} ({whole / worker:.0f}×; finish {writer['finish_seconds']:.2f} s)"),
    ]
    if "save_seconds_deferred" in writer:  # into an empty database, as a first build: quotes.upkeep
        save = writer["stored"] / writer["save_seconds_deferred"]
        whole = writer["stored"] / (writer["save_seconds_deferred"] + writer["finish_seconds_deferred"])
        rows += [
            Row("single writer, indexes and triggers deferred to the end (× one worker)",
                f"{save:,.0f} ({save / worker:.0f}×; {writer['save_seconds_deferred']:.2f} s with the rebuild)",
                f"≥ {TARGET_WRITER_VS_WORKER}× 1 worker", save / worker >= TARGET_WRITER_VS_WORKER),
            Row("… with the final speaker merge (× one worker)",
                f"{whole:,.0f} ({whole / worker:.0f}×; finish {writer['finish_seconds_deferred']:.2f} s)"),
        ]
    return rows


def words_per_s(run: dict, articles: int, n: int, words_n: int) -> float:
    """Throughput of a 4N run, with its words estimated from the first N's words per article."""
    return words_n / n * articles / run["seconds"]


def measure_site(args) -> tuple[list[Row], dict]:
    db_path = args.full_db
    build_note = None
    sidecar = db_path.with_name(db_path.name + ".bench.json")
    if not db_path.exists():
        say(f"building the whole corpus into {db_path} with 2 workers (this takes a long time)")
        built = run_child("build", args.corpus, 0, args.model, workers=2, db=db_path)
        sidecar.write_text(json.dumps(built))
        say(f"whole-corpus build: {built['seconds']:.0f} s")
    if args.full_build_seconds is not None:
        build_note = f"{args.full_build_seconds / 60:.1f} min (given with --full-build-seconds)"
    elif sidecar.exists():
        built = json.loads(sidecar.read_text())
        build_note = (f"{built['seconds'] / 60:.1f} min, {built['read']:,} articles, peak RSS "
                      f"{built['rss_mb']:.0f} MB (main + 2 × worker)")
    say(f"latency: {args.requests} requests per page on {db_path}")
    site = asyncio.run(site_latency(db_path, args.requests))
    counts = site["counts"]
    rows = [Row("whole-corpus build, 2 workers", build_note or "not measured (existing --full-db)"),
            Row("database the latency is measured on",
                f"{counts['articles']:,} articles, {counts['quotes']:,} quotes, {counts['speakers']:,} speakers; "
                f"{site['db_bytes'] / 1e9:.2f} GB = {site['db_bytes'] / counts['articles'] * 1000 / 1e6:.1f} MB per 1,000")]
    for label, figures in site["pages"].items():
        target, ok = "—", None
        if label.startswith("quotes table"):
            target, ok = f"p95 ≤ {TARGET_FACET_P95_MS} ms", figures["p95"] <= TARGET_FACET_P95_MS
        elif "search" in label:
            target, ok = f"p95 ≤ {TARGET_SEARCH_P95_MS} ms", figures["p95"] <= TARGET_SEARCH_P95_MS
        rows.append(Row(f"{label}: p50 / p95", f"{figures['p50']:.0f} / {figures['p95']:.0f} ms", target, ok))
    if site["facets_timed_out"]:
        rows.append(Row("facets dropped for time (facet_time_limit_ms)", ", ".join(site["facets_timed_out"]),
                        "none", False))
    return rows, site


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def markdown(rows: list[Row]) -> str:
    lines = ["| metric | measured | target | result |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="N: the first N articles of the corpus")
    add_corpus_option(parser)
    parser.add_argument("--full-db", type=Path, default=DEFAULT_FULL_DB,
                        help="database of the whole corpus for the latency part; built (2 workers) if missing")
    parser.add_argument("--full-build-seconds", type=float,
                        help="whole-corpus build time measured elsewhere, for an existing --full-db")
    parser.add_argument("--skip-full", action="store_true", help="skip the whole-corpus database and latency part")
    parser.add_argument("--skip-build", action="store_true",
                        help="skip the N-article build measurements (only the whole-corpus part)")
    parser.add_argument("--requests", type=int, default=50, help="requests per page for latency (50)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of raw/1w/2w; the fastest of each counts (1)")
    parser.add_argument("--model", default="en_core_web_sm", help="spaCy pipeline (en_core_web_sm)")
    parser.add_argument("--results", type=Path, default=RESULTS_PATH, help=f"markdown copy of the table ({RESULTS_PATH})")
    parser.add_argument("--skip-dask", action="store_true",
                        help="leave out the Dask LocalCluster builds (1 and 2 workers)")
    # internal: one measurement in a subprocess
    parser.add_argument("--child", choices=("raw", "build", "writer"), help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--scheduler", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.skip_build and args.skip_full:
        parser.error("--skip-build and --skip-full leave nothing to measure")
    if args.articles < 0 or (args.articles == 0 and not args.child):
        parser.error("--articles must be a positive number")
    if not args.corpus.is_file():
        parser.error(f"corpus {args.corpus} not found")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        result = {"raw": child_raw, "build": child_build, "writer": child_writer}[args.child](args)
        print(json.dumps(result))
        return
    started = time.perf_counter()
    rows, notes = [], []
    if not args.skip_build:
        with tempfile.TemporaryDirectory(prefix="quotes-bench-") as workdir:
            rows, facts = measure_build(args, Path(workdir))
        notes.append(f"N = {args.articles} articles ({facts['words']:,} words, {facts['paragraphs']:,} paragraphs "
                     f"parsed, {facts['quotes']:,} quotes), model {args.model}, best of {args.repeat} round(s)")
        say(f"run times (s): {json.dumps(facts['runs'])}")
    if not args.skip_full:
        site_rows, site = measure_site(args)
        rows += site_rows
        notes.append(f"latency: {args.requests} in-process requests per page after a warm-up, search terms "
                     f"{', '.join(SEARCH_TERMS)} in turn, speaker {site['speaker']} ({site['speaker_quotes']:,} quotes)")
    notes.append(f"{machine()}; {time.strftime('%Y-%m-%d %H:%M')}, {time.perf_counter() - started:.0f} s in all")
    header = "; ".join(notes) + "."
    table = markdown(rows)
    print(header + "\n\n" + table)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(f"# Benchmark results\n\n{header}\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
