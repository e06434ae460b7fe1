"""Where articles are parsed (quotes.workers): the default build's pool of processes, a chunk
retried article by article, and a pipeline handed to build() used as it is. Real spaCy, real
processes, real SQLite files."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

import quotes.build as build_module
from quotes import workers
from quotes.build import build
from quotes.cli import cli
from quotes.extract import extractor_version
from quotes.models import Article
from test_build_seeds import SEEDS, dump

GOOD = Article(id="good", path="good.txt",
               text='"The bridge will open in June," city engineer Pavel Orlov said.\n')
BAD = Article(id="bad", path="bad.txt",
              text='"This text breaks the parser," the chairman of the committee said.\n')


def test_the_default_build_parses_in_a_pool_of_processes_and_stores_what_one_process_does(
        tmp_path, monkeypatch, nlp):
    pools = []

    class CountedPool(workers.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(args[0] if args else kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)  # the default: every core
    pooled = tmp_path / "pooled.db"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(pooled), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5 articles read (5 extracted, 0 unchanged skipped, 0 failed)")
    assert pools == [2]
    single = tmp_path / "single.db"
    build([SEEDS], single, model=nlp, workers=1, progress=False)
    assert dump(pooled) == dump(single)


def test_a_chunk_that_fails_is_retried_article_by_article(nlp, monkeypatch):
    real = workers.attribute_articles
    calls = []

    def breaks_on_the_bad_text(articles, *args, **kwargs):
        calls.append([a.id for a in articles])
        if any("breaks the parser" in a.text for a in articles):
            raise RuntimeError("simulated parser crash")
        return real(articles, *args, **kwargs)

    monkeypatch.setattr(workers, "attribute_articles", breaks_on_the_bad_text)
    results = workers.extract_safely([GOOD, BAD], nlp)
    assert calls == [["good", "bad"], ["good"], ["bad"]]
    (good, good_extraction), (bad, bad_extraction) = results
    assert (good.id, bad.id) == ("good", "bad")
    assert good_extraction.failure is None
    assert [q.text for q in good_extraction.quotes] == ["The bridge will open in June,"]
    assert bad_extraction.failure == "parsing failed: RuntimeError('simulated parser crash')"
    assert bad_extraction.quotes == []


def test_a_loaded_pipeline_is_parsed_with_as_it_is(nlp, tmp_path, monkeypatch):
    def no_loading(name):
        raise AssertionError(f"build() loaded {name} although it was given a pipeline")

    monkeypatch.setattr(workers, "_MODELS", {})
    monkeypatch.setattr(workers, "load_model", no_loading)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD.text, encoding="utf-8")
    report = build([folder], tmp_path / "q.db", model=nlp, workers=1, progress=False)
    assert (report.extracted, report.quotes) == (1, 1)
    with sqlite3.connect(tmp_path / "q.db") as conn:
        assert conn.execute("select speaker_name from quotes").fetchall() == [("Pavel Orlov",)]
    # what other processes would load: the same installed package, so the same extractor version
    assert extractor_version(workers.pipeline_name(nlp)) == extractor_version("en_core_web_sm")
