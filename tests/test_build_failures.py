"""One article that breaks extraction is reported and skipped; the rest of the build goes on."""

from __future__ import annotations

import sqlite3

import pytest

from quotes.build import build
from quotes.extract import article_quotes as article_module

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


def test_interrupted_build_resumes_where_it_stopped(tmp_path, monkeypatch):
    from quotes.store import QuoteStore

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(
            f'"Bridge number {i} will open in June," city engineer Pavel Orlov said.\n', encoding="utf-8")
    db = tmp_path / "q.db"
    real_save = QuoteStore.save
    calls = []

    def save_then_stop(self, items, version):
        if len(calls) == 2:
            raise KeyboardInterrupt  # the user presses Ctrl-C during the third batch
        calls.append(len(items))
        real_save(self, items, version)

    monkeypatch.setattr(QuoteStore, "save", save_then_stop)
    with pytest.raises(KeyboardInterrupt):
        build([folder], db, workers=1, batch_size=1, progress=False, warn=lambda m: None)
    with sqlite3.connect(db) as con:
        stored = con.execute("select count(*) from articles").fetchone()[0]
        orphans = con.execute("select count(*) from quotes where article_id not in "
                              "(select id from articles)").fetchone()[0]
    assert (stored, orphans) == (2, 0)

    monkeypatch.setattr(QuoteStore, "save", real_save)
    report = build([folder], db, workers=1, batch_size=1, progress=False, warn=lambda m: None)
    assert (report.skipped, report.extracted, report.quotes) == (2, 2, 4)
    with sqlite3.connect(db) as con:
        speakers = con.execute("select name, quote_count from speakers").fetchall()
    assert speakers == [("Pavel Orlov", 4)]


def test_a_record_that_cannot_be_stored_is_reported_and_the_rest_of_its_batch_stored(
        inputs, tmp_path, monkeypatch):
    """An extraction whose quote is not the article's text at its offsets (a bug in a rule)
    makes the store refuse the article (BadRecord); the build names it and saves the others."""
    from quotes import workers

    real = workers.attribute_articles

    def shifted_offsets(articles, *args, **kwargs):
        for article, extraction in real(articles, *args, **kwargs):
            if "breaks the extractor" in article.text:
                for quote in extraction.quotes:
                    quote.start += 1
            yield article, extraction

    monkeypatch.setattr(workers, "attribute_articles", shifted_offsets)
    warnings: list[str] = []
    db = tmp_path / "q.db"
    report = build([inputs], db, workers=1, progress=False, warn=warnings.append)
    assert (report.read, report.extracted, report.failed) == (2, 1, 1)
    [warning] = warnings
    assert "bad.txt: not stored:" in warning and "does not match the article text" in warning
    with sqlite3.connect(db) as con:
        assert [row[0] for row in con.execute("select path from articles")] == [str(inputs / "good.txt")]
        assert con.execute("select count(*) from quotes").fetchone()[0] == 1
