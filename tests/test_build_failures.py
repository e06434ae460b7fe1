"""One article that breaks extraction is reported and skipped; the rest of the build goes on."""

from __future__ import annotations

import sqlite3

import pytest

from quotes.build import build
from quotes.extract import article as article_module

GOOD = 'MOSCOW, May 2. /TASS/. "The bridge will open in June," city engineer Pavel Orlov said.\n'
BAD = 'The committee met on Tuesday. "This text breaks the extractor," the chairman said.\n'


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bad.txt").write_text(BAD, encoding="utf-8")
    return folder


def _breaking(real):
    def extract_from_readings(article, *args):
        if "breaks the extractor" in article.text:
            raise RuntimeError("simulated extractor bug")
        return real(article, *args)
    return extract_from_readings


def test_failed_article_is_reported_and_the_rest_stored(inputs, tmp_path, monkeypatch):
    import quotes.extract as extract_package

    monkeypatch.setattr(extract_package, "extract_from_readings",
                        _breaking(article_module.extract_from_readings))
    warnings: list[str] = []
    db = tmp_path / "q.db"
    report = build([inputs], db, workers=1, progress=False, warn=warnings.append)
    assert report.read == 2 and report.failed == 1 and report.extracted == 1
    assert any("bad.txt" in w and "simulated extractor bug" in w for w in warnings), warnings
    with sqlite3.connect(db) as con:
        paths = [row[0] for row in con.execute("select path from articles")]
        quotes = [row[0] for row in con.execute("select text from quotes")]
    assert len(paths) == 1 and paths[0].endswith("good.txt")
    assert quotes == ["The bridge will open in June,"]


def test_failed_article_is_retried_by_the_next_build(inputs, tmp_path, monkeypatch):
    import quotes.extract as extract_package

    db = tmp_path / "q.db"
    real = article_module.extract_from_readings
    monkeypatch.setattr(extract_package, "extract_from_readings", _breaking(real))
    build([inputs], db, workers=1, progress=False, warn=lambda m: None)
    monkeypatch.setattr(extract_package, "extract_from_readings", real)
    report = build([inputs], db, workers=1, progress=False, warn=lambda m: None)
    assert (report.extracted, report.skipped, report.failed) == (1, 1, 0)
