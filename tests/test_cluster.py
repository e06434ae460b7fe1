"""Extraction on a Dask cluster (issue 13): real LocalCluster worker processes, the real model,
real SQLite files. Kept small (the five seed articles) so that CI on 2 cores stays quick."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes import build as build_module
from quotes import shards, workers
from quotes.cli import cli
from quotes.articles import read_paths
from quotes.models import Article, ReadProblem
from test_build_seeds import SEEDS, dump


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_local_cluster_of_two_workers_builds_the_same_database(tmp_path):
    local, cluster = tmp_path / "local.db", tmp_path / "cluster.db"
    first = run("build", SEEDS, "--db", local, "--workers", "1", "--no-progress")
    assert first.exit_code == 0, first.output
    second = run("build", SEEDS, "--db", cluster, "--scheduler", "local:2", "--no-progress")
    assert second.exit_code == 0, second.output
    assert "5 articles read (5 extracted" in second.output
    assert dump(cluster) == dump(local)


def _worker_profiles() -> bool:
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


def test_cluster_workers_are_other_processes_and_extract_as_this_one(nlp):
    articles = [r for r in read_paths([SEEDS]) if isinstance(r, Article)]
    here = workers.extract_safely(articles, nlp)
    with workers.extractors("en_core_web_sm", 1, "local:2") as place:
        assert place.slots == 2
        pids = {place.executor.submit(os.getpid).result() for _ in range(8)}
        # the workers run without the profiler that samples the parsing thread (LOCAL_WORKER_CONFIG)
        assert place.executor.submit(_worker_profiles).result() is False
        futures = [place.executor.submit(workers.extract_chunk, [a], "en_core_web_sm") for a in articles]
        there = [extraction for f in futures for extraction in place.result(f)]
        # what fails on a worker outside one article's extraction (here: a model that worker
        # does not have) comes back as one sentence naming the cluster
        failing = place.executor.submit(workers.extract_chunk, articles[:1], "en_core_web_nonexistent")
        with pytest.raises(workers.ClusterError, match=r"^the local Dask cluster of 2 workers failed on "
                                                       r"a chunk of articles: ModelNotFound: "):
            place.result(failing)
    assert os.getpid() not in pids and len(pids) >= 1
    assert there == [extraction for _, extraction in here]


def test_unchanged_articles_are_skipped_before_the_cluster_is_reached(tmp_path, monkeypatch):
    """Nothing to parse: the build never contacts the (here unreachable) scheduler."""
    db = tmp_path / "q.db"
    assert run("build", SEEDS, "--db", db, "--workers", "1", "--no-progress").exit_code == 0
    again = run("build", SEEDS, "--db", db, "--scheduler", "tcp://127.0.0.1:9", "--no-progress")
    assert again.exit_code == 0, again.output
    assert "0 extracted, 5 unchanged skipped" in again.output


def test_an_unreachable_scheduler_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "CONNECT_SECONDS", 1)
    result = run("build", SEEDS, "--db", tmp_path / "q.db", "--scheduler", "tcp://127.0.0.1:9",
                 "--no-progress")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: cannot reach a Dask scheduler at tcp://127.0.0.1:9"), result.output
    assert "dask scheduler" in lines[-1]


@pytest.mark.parametrize("address", ["local:0", "local:two", "local", "  "])
def test_a_malformed_scheduler_address_is_refused_before_reading(tmp_path, address):
    result = run("build", SEEDS, "--db", tmp_path / "q.db", "--scheduler", address, "--no-progress")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --scheduler"), result.output
    assert not (tmp_path / "q.db").exists()


def _write_shard(path: Path, lines: list[str]) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def test_sharded_input_is_read_on_the_workers_and_builds_the_same_database(tmp_path, monkeypatch):
    """JSON Lines shards on a cluster (quotes.shards): the workers read them, this process never
    does, and the database is the one a local build of the same files makes; a bad line is
    still reported with its file and line, and a rebuild skips every article on its hash."""
    articles = [r for r in read_paths([SEEDS]) if isinstance(r, Article)]
    records = [json.dumps({"text": a.text, "title": a.title, "source": a.source, "published": a.published})
               for a in articles]
    shards = [_write_shard(tmp_path / "a.jsonl.gz", records[:2] + ["{not json"]),
              _write_shard(tmp_path / "b.jsonl", records[2:4]),
              _write_shard(tmp_path / "c.jsonl.gz", [json.dumps({"text": ""}), records[4]])]
    local, cluster = tmp_path / "local.db", tmp_path / "cluster.db"
    first = run("build", *shards, "--db", local, "--workers", "1", "--no-progress")
    assert first.exit_code == 3, first.output  # some input failed: the two bad lines

    def not_here(paths):
        raise AssertionError(f"this process read {list(paths)}")

    monkeypatch.setattr(build_module, "read_paths", not_here)
    second = run("build", *shards, "--db", cluster, "--scheduler", "local:2", "--no-progress")
    assert second.exit_code == 3, second.output
    assert dump(cluster) == dump(local)
    for output in (first.output, second.output):
        assert f"{shards[0]}:3: invalid JSON" in output and f"{shards[2]}:1: empty article" in output
        assert "7 articles read (5 extracted, 0 unchanged skipped" in output
    again = run("build", *shards, "--db", cluster, "--scheduler", "local:2", "--no-progress")
    assert again.exit_code == 3, again.output
    assert "0 extracted, 5 unchanged skipped" in again.output and dump(cluster) == dump(local)


def test_shards_named_relative_to_here_store_the_paths_a_local_build_stores(tmp_path, monkeypatch):
    """Shards given relative to the current folder are read on the workers by their absolute
    path, but their articles keep the path as given, as a local build stores it (an edited
    article without a url replaces the old version read from the same path)."""
    articles = [r for r in read_paths([SEEDS]) if isinstance(r, Article)][:2]
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    shards = [_write_shard(Path("in") / f"{name}.jsonl", [json.dumps({"text": a.text, "source": a.source})])
              for name, a in zip("ab", articles)]
    local, cluster = tmp_path / "local.db", tmp_path / "cluster.db"
    first = run("build", *shards, "--db", local, "--workers", "1", "--no-progress")
    assert first.exit_code == 0, first.output
    second = run("build", *shards, "--db", cluster, "--scheduler", "local:1", "--no-progress")
    assert second.exit_code == 0, second.output
    assert "2 articles read (2 extracted" in second.output
    assert dump(cluster) == dump(local)


def test_a_shard_the_workers_cannot_see_is_reported_as_theirs(tmp_path):
    """A shard is read on the workers: one missing there (here: gone once this process checked
    it) is reported with the file and why the workers must see it, not as if it were absent here."""
    gone = tmp_path / "gone.jsonl"
    with workers.extractors("en_core_web_sm", 1, "local:1") as place:
        found = list(shards.surveyed([(str(gone), "in/gone.jsonl")], place))
    assert len(found) == 1 and isinstance(found[0], ReadProblem)
    assert found[0].where == "in/gone.jsonl"
    assert found[0].message.startswith("the Dask worker on ") and f"see it at {gone}" in found[0].message
