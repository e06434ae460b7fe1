"""Extraction time and memory for one very long paragraph (not a test: it prints figures).

Run by hand::

    .venv/bin/python benchmarks/long_text.py [--sizes 10000 100000 1000000] [--model en_core_web_sm]

Each size is measured in its own subprocess, so its peak memory (``ru_maxrss``, model
included) is its own. The paragraph is the body paragraphs of the seed articles joined with
spaces (quotes, cues, names and all) and repeated up to the size, then cut at a word: one
"paragraph" with no line break, as a scrape that lost its line breaks gives. The clock covers
:func:`quotes.attribute.attribute_articles` on that one article (parsing, cues, assembly and
speaker resolution), not loading the model; CPU seconds (all threads of the process) tell
the work apart from waiting on a shared machine, whose load average is printed first. The table
shows characters per second, so linear growth reads as a constant rate.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def long_paragraph(size: int) -> str:
    from quotes.extract.furniture import article_paragraphs

    body = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        body += [p.text for p in article_paragraphs(text) if not p.furniture]
    unit = " ".join(body)
    text = (unit + " ") * (size // (len(unit) + 1) + 1)
    return text[:size].rsplit(" ", 1)[0] + "."


def measure(size: int, model: str) -> dict:
    from quotes.attribute import attribute_articles
    from quotes.extract import load_model
    from quotes.models import Article, content_hash

    text = long_paragraph(size)
    article = Article(id="t" + content_hash(text), path=f"long-{size}", text=text)
    nlp = load_model(model)
    started, cpu = time.perf_counter(), time.process_time()
    with nlp.memory_zone():
        [(_, extraction)] = list(attribute_articles([article], nlp))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": len(text), "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb,
            "quotes": len(extraction.quotes), "failure": extraction.failure}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the subprocess's own size
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.model)))
        return
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| characters | seconds | CPU seconds | characters/s | peak memory (MB) | quotes | failure |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--model", args.model],
                             check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(f"| {row['chars']:,} | {row['seconds']:.1f} | {row['cpu']:.1f} | {row['chars'] / row['seconds']:,.0f} "
              f"| {row['peak_mb']:,.0f} | {row['quotes']:,} | {row['failure'] or ''} |", flush=True)


if __name__ == "__main__":
    main()
