"""A real ``quotes serve`` reading a database while a real ``quotes build`` adds articles to it:
every page keeps answering, and what the build commits shows up without a restart."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from served import fetch, start_server, stop_server
from test_browser_site import ROOT, SEEDS

#: pages polled while the build writes
PAGES = ("/", "/quotes/quotes", "/quotes/speakers", "/-/search?q=Russia", "/-/speaker/sergey-ryabkov",
         "/-/charts", "/quotes/articles.json?_shape=array&_size=max")
#: how many new articles the second build adds (each a seed with a line of its own)
NEW_ARTICLES = 8


def _build(paths, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "quotes.cli", "build", *map(str, paths), "--db", str(db),
                             "--workers", "1", "--batch-size", "1", "--no-progress"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_the_site_stays_correct_while_a_build_adds_articles(tmp_path):
    db = tmp_path / "quotes.db"
    first = _build([SEEDS], db)
    assert first.wait(timeout=300) == 0, first.stdout.read().decode()
    more = tmp_path / "more"
    more.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for index in range(NEW_ARTICLES):
        text = seeds[index % len(seeds)].read_text(encoding="utf-8")
        (more / f"extra-{index}.txt").write_text(f"{text}\nFollow-up number {index}.\n", encoding="utf-8")
    process, base, log = start_server(db)  # the default: read-only, not immutable
    try:
        assert len(json.loads(fetch(base + PAGES[-1])[1])) == len(seeds)
        build = _build([more], db)
        statuses: dict[str, set[int]] = {page: set() for page in PAGES}
        counts = []
        while build.poll() is None:
            for page in PAGES:
                status, body = fetch(base + page)
                statuses[page].add(status)
                if page == PAGES[-1] and status == 200:
                    counts.append(len(json.loads(body)))
            time.sleep(0.05)
        assert build.returncode == 0, build.stdout.read().decode()
        status, body = fetch(base + PAGES[-1])
        assert status == 200 and len(json.loads(body)) == len(seeds) + NEW_ARTICLES  # fresh, no restart
        assert all(found <= {200} for found in statuses.values()), statuses
        assert counts == sorted(counts)  # never an older state after a newer one
        for page in PAGES:
            assert fetch(base + page)[0] == 200, page
    finally:
        stop_server(process, log)
