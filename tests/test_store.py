"""Tests for quotes.store against real SQLite files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from quotes.models import Article, Extraction, Quote, Speaker
from quotes.store import TABLES, BadRecord, QuoteStore

LAVROV_TEXT = (
    'MOSCOW, March 3. Russian Foreign Minister Sergei Lavrov said: "Moscow will respond." '
    'He added that "talks remain possible." Kremlin spokesman Dmitry Peskov declined to comment.'
)
LAVROV_AGAIN = (
    'Foreign Minister Sergey Lavrov told reporters: "We are ready for dialogue." '
    'Lavrov said "the door is open."'
)


def quote(text: str, phrase: str, speaker_key: str | None, kind: str = "direct") -> Quote:
    """A quote of ``phrase`` at its first position in ``text``."""
    start = text.index(phrase)
    return Quote(start=start, end=start + len(phrase), text=phrase, kind=kind, cue="said",
                 speaker_key=speaker_key, role="Foreign Minister")


def lavrov_article(article_id: str = "a1", text: str = LAVROV_TEXT,
                   published: str = "2024-03-03") -> tuple[Article, Extraction]:
    article = Article(id=article_id, path=f"{article_id}.txt", text=text, title="Lavrov speaks",
                      source="TASS", url=None, published=published, published_note="manifest",
                      dateline="MOSCOW", source_id=article_id, extra={"lang": "en"})
    lavrov = Speaker("lavrov", "Sergei Lavrov", "person", "Foreign Minister", "Russia",
                     ["Lavrov", "Sergei Lavrov"])
    quotes = [quote(text, "Moscow will respond.", "lavrov"),
              quote(text, "talks remain possible.", "lavrov", "mixed")]
    return article, Extraction(article_id, quotes, [lavrov])


def second_article(article_id: str = "a2", published: str = "2024-03-05",
                   quotes: int = 2) -> tuple[Article, Extraction]:
    article = Article(id=article_id, path=f"{article_id}.txt", text=LAVROV_AGAIN,
                      source="Reuters", published=published)
    lavrov = Speaker("s1", "Sergey Lavrov", "person", "Foreign Minister", "Russia")
    found = [quote(LAVROV_AGAIN, "We are ready for dialogue.", "s1"),
             quote(LAVROV_AGAIN, "the door is open.", "s1", "mixed")][:quotes]
    return article, Extraction(article_id, found, [lavrov])


@pytest.fixture
def store(tmp_path: Path):
    opened = QuoteStore(tmp_path / "db" / "quotes.db")
    yield opened
    opened.close()


def rows(store: QuoteStore, table: str) -> list[dict]:
    order = "article_id, key" if table == "article_speakers" else "id"
    return list(store.db.query(f"SELECT * FROM [{table}] ORDER BY {order}"))


def dump(store: QuoteStore) -> list[str]:
    return list(store.db.conn.iterdump())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_writes_the_rows_of_the_schema(store: QuoteStore) -> None:
    article, extraction = lavrov_article()
    store.save([(article, extraction)], "v1")
    (row,) = rows(store, "articles")
    assert row == {
        "id": "a1", "path": "a1.txt", "source_id": "a1", "title": "Lavrov speaks",
        "source": "TASS", "url": None, "published": "2024-03-03", "published_note": "manifest",
        "dateline": "MOSCOW", "text": LAVROV_TEXT, "word_count": article.word_count,
        "content_hash": article.content_hash, "extractor_version": "v1",
        "extra": '{"lang": "en"}',
    }
    start = LAVROV_TEXT.index("Moscow will respond.")
    first = min(rows(store, "quotes"), key=lambda q: q["start"])
    assert first == {
        "id": f"a1:{start}-{start + 20}", "article_id": "a1", "speaker_id": None,
        "speaker_name": None, "speaker_key": "lavrov", "text": "Moscow will respond.",
        "start": start, "end": start + 20, "kind": "direct", "cue": "said", "cue_class": "neutral",
        "statement_id": None, "statement_outlets": None, "cue_start": None,
        "cue_end": None, "speaker_mention": None, "mention_start": None, "mention_end": None,
        "role": "Foreign Minister", "affiliation": None, "source_type": None, "published": "2024-03-03",
        "published_month": "2024-03", "source": "TASS", "extractor_version": "v1",
        "said_on": "2024-03-03", "said_on_precision": "day", "said_on_from": "published",
        "said_on_text": None, "article_title": "Lavrov speaks", "article_url": None,
        "context_url": f"/-/article/a1#q-a1:{start}-{start + 20}",
    }
    assert list(first)[:8] == ["id", "said_on", "speaker_name", "role", "text", "source", "kind",
                               "article_title"]  # a reader's columns first
    assert rows(store, "article_speakers") == [{
        "article_id": "a1", "key": "lavrov", "name": "Sergei Lavrov", "kind": "person",
        "role": "Foreign Minister", "affiliation": "Russia",
        "aliases": '["Lavrov", "Sergei Lavrov"]', "speaker_id": None,
    }]
    assert store.known() == {"a1": (article.content_hash, "v1")}


def test_every_quote_text_is_the_article_text_at_its_offsets(store: QuoteStore) -> None:
    store.save([lavrov_article(), second_article()], "v1")
    store.finish()
    joined = store.db.execute(
        "SELECT q.text, q.start, q.[end], a.text FROM quotes q JOIN articles a ON a.id = q.article_id"
    ).fetchall()
    assert len(joined) == 4
    assert all(article_text[start:end] == text for text, start, end, article_text in joined)


def test_save_refuses_a_quote_whose_offsets_do_not_match(store: QuoteStore) -> None:
    article, extraction = lavrov_article()
    extraction.quotes[0].start += 1
    with pytest.raises(BadRecord, match="does not match") as raised:
        store.save([second_article(), (article, extraction)], "v1")
    assert raised.value.article_id == "a1"
    assert store.counts() == {"articles": 0, "quotes": 0, "speakers": 0}


def test_resave_replaces_the_article_quotes(store: QuoteStore) -> None:
    store.save([lavrov_article()], "v1")
    changed = LAVROV_TEXT.replace("Moscow will respond.", "Moscow will wait.")
    article, extraction = lavrov_article()
    article.text = changed
    extraction.quotes = [quote(changed, "Moscow will wait.", "lavrov")]
    store.save([(article, extraction)], "v2")
    assert [q["text"] for q in rows(store, "quotes")] == ["Moscow will wait."]
    assert store.known() == {"a1": (article.content_hash, "v2")}


def test_a_failing_batch_leaves_the_old_rows_intact(store: QuoteStore) -> None:
    store.save([lavrov_article()], "v1")
    store.finish()
    before = dump(store)
    changed, _ = lavrov_article(text=LAVROV_TEXT + " Later he left.")
    _, extraction = lavrov_article()
    bad_article, bad = second_article()
    bad.quotes.append(bad.quotes[0])  # the same quote twice: a primary-key clash mid-batch
    with pytest.raises(sqlite3.IntegrityError):
        store.save([(changed, extraction), (bad_article, bad)], "v2")
    assert dump(store) == before
    assert store.known() == {"a1": (lavrov_article()[0].content_hash, "v1")}


def test_finish_merges_spellings_across_articles(store: QuoteStore) -> None:
    store.save([lavrov_article(), second_article()], "v1")
    summary = store.finish()
    assert (summary.speakers, summary.quotes, summary.attributed_quotes) == (1, 4, 4)
    (lavrov,) = rows(store, "speakers")
    assert lavrov == {
        "id": "sergei-lavrov", "name": "Sergei Lavrov", "kind": "person",
        "role": "Foreign Minister", "affiliation": "Russia",
        "aliases": '["Lavrov", "Sergei Lavrov", "Sergey Lavrov"]', "quote_count": 4,
        "article_count": 2, "first_quoted": "2024-03-03", "last_quoted": "2024-03-05",
    }
    assert {(q["speaker_id"], q["speaker_name"], q["affiliation"]) for q in rows(store, "quotes")} \
        == {("sergei-lavrov", "Sergei Lavrov", "Russia")}
    assert {s["speaker_id"] for s in rows(store, "article_speakers")} == {"sergei-lavrov"}


def test_finish_twice_changes_nothing(store: QuoteStore) -> None:
    store.save([lavrov_article(), second_article()], "v1")
    store.finish()
    before, file_before = dump(store), digest(store.path)
    summary = store.finish()
    assert summary.rows_changed == 0
    assert dump(store) == before
    assert digest(store.path) == file_before


def test_rebuilding_from_the_same_inputs_gives_the_same_tables(tmp_path: Path) -> None:
    dumps = []
    for name in ("one.db", "two.db"):
        built = QuoteStore(tmp_path / name)
        built.save([second_article(), lavrov_article()], "v1")
        built.finish()
        dumps.append(dump(built))
        built.close()
    assert dumps[0] == dumps[1]


def test_quote_counts_follow_an_article_that_lost_quotes(store: QuoteStore) -> None:
    store.save([lavrov_article(), second_article()], "v1")
    store.finish()
    store.save([second_article(quotes=0)], "v2")
    summary = store.finish()
    assert summary.rows_changed > 0
    (lavrov,) = rows(store, "speakers")
    assert (lavrov["quote_count"], lavrov["article_count"]) == (2, 1)
    assert (lavrov["first_quoted"], lavrov["last_quoted"]) == ("2024-03-03", "2024-03-03")


def test_speakers_no_article_names_are_dropped(store: QuoteStore) -> None:
    store.save([lavrov_article()], "v1")
    store.finish()
    article, extraction = lavrov_article()
    extraction.speakers[0] = Speaker("lavrov", "Maria Zakharova", "person")
    store.save([(article, extraction)], "v2")
    store.finish()
    assert [s["id"] for s in rows(store, "speakers")] == ["maria-zakharova"]
    assert {q["speaker_name"] for q in rows(store, "quotes")} == {"Maria Zakharova"}


def search(store: QuoteStore, query: str) -> list[str]:
    return [row[0] for row in store.db.execute(
        "SELECT quotes.id FROM quotes_fts JOIN quotes ON quotes.rowid = quotes_fts.rowid"
        " WHERE quotes_fts MATCH ? ORDER BY quotes.id", [query])]


def test_full_text_search_finds_quotes_by_text_and_speaker(store: QuoteStore) -> None:
    store.save([lavrov_article(), second_article()], "v1")
    store.finish()
    assert search(store, "dialogue") == [
        f"a2:{LAVROV_AGAIN.index('We are')}-{LAVROV_AGAIN.index('We are') + 26}"]
    assert len(search(store, "speaker_name:Lavrov")) == 4
    changed = LAVROV_AGAIN.replace("dialogue", "talks")
    article, extraction = second_article()
    article.text = changed
    extraction.quotes = [quote(changed, "We are ready for talks.", "s1")]
    store.save([(article, extraction)], "v2")
    assert search(store, "dialogue") == []
    assert len(search(store, "talks")) == 2


def test_every_foreign_key_and_facet_column_is_indexed(store: QuoteStore) -> None:
    for table, columns in {
        "quotes": ["article_id", "speaker_id", "kind", "source", "published", "published_month",
                   "role", "affiliation"],
        "article_speakers": ["article_id", "speaker_id"],
        "articles": ["source", "published"],
        "speakers": ["kind", "role", "affiliation"],
    }.items():
        leading = {index.columns[0] for index in store.db[table].indexes}
        assert set(columns) <= leading, table


def test_the_date_facet_query_uses_an_index(store: QuoteStore) -> None:
    # The shape of query Datasette's date facet runs on quotes.published.
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT date(published) AS value, count(*) AS count "
        "FROM (SELECT * FROM quotes) WHERE date(published) IS NOT NULL "
        "GROUP BY date(published) ORDER BY count DESC, value LIMIT 31").fetchall()
    assert any("idx_quotes_published_date" in row[-1] for row in plan), plan


def test_foreign_keys_are_declared(store: QuoteStore) -> None:
    declared = {(fk.table, fk.column, fk.other_table) for t in ("quotes", "article_speakers")
                for fk in store.db[t].foreign_keys}
    assert declared == {
        ("quotes", "article_id", "articles"), ("quotes", "speaker_id", "speakers"),
        ("article_speakers", "article_id", "articles"),
        ("article_speakers", "speaker_id", "speakers"),
    }


def test_ensure_db_shape_is_idempotent(store: QuoteStore) -> None:
    store.save([lavrov_article()], "v1")
    schema, file_before = store.db.schema, digest(store.path)
    store.ensure_db_shape()
    reopened = QuoteStore(store.path)
    assert reopened.db.schema == schema
    reopened.close()
    assert digest(store.path) == file_before
    assert [t.name for t in TABLES] == ["articles", "speakers", "quotes", "article_speakers", "statements"]


def test_ensure_db_shape_adds_a_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # an older quotes database: its tables, fewer columns
        conn.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, text TEXT, content_hash TEXT,"
                     " extractor_version TEXT)")
        conn.execute("CREATE TABLE quotes (id TEXT PRIMARY KEY, article_id TEXT, start INT, [end] INT)")
        conn.execute("CREATE TABLE article_speakers (article_id TEXT, key TEXT)")
    QuoteStore(path).close()
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    assert {"content_hash", "extractor_version", "extra", "word_count"} <= columns


def test_counts(store: QuoteStore) -> None:
    store.save([lavrov_article(), second_article()], "v1")
    assert store.counts() == {"articles": 2, "quotes": 4, "speakers": 0}
    store.finish()
    assert store.counts() == {"articles": 2, "quotes": 4, "speakers": 1}


def test_a_database_of_an_older_shape_gets_the_reader_order_and_keeps_its_search(tmp_path: Path) -> None:
    import sqlite_utils

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    # the columns every quotes database had before the file marker (dbfile.UNMARKED_SIGNATURE)
    old["articles"].create({"id": str, "title": str, "text": str, "content_hash": str,
                            "extractor_version": str}, pk="id")
    old["speakers"].create({"id": str, "name": str}, pk="id")
    old["quotes"].create({"id": str, "article_id": str, "speaker_id": str, "text": str, "start": int,
                          "end": int}, pk="id", foreign_keys=[("article_id", "articles", "id")])
    old["article_speakers"].create({"article_id": str, "key": str}, pk=("article_id", "key"))
    old["articles"].insert({"id": "a", "title": "T", "text": "hello world hello again"})
    old["quotes"].insert({"id": "a:0-5", "article_id": "a", "text": "hello world", "start": 0})
    old["quotes"].enable_fts(["text"], create_triggers=True)
    old.close()
    store = QuoteStore(path)
    try:
        assert list(store.db["quotes"].columns_dict)[:4] == ["id", "said_on", "speaker_name", "role"]
        store.db["quotes"].insert({"id": "a:6-11", "article_id": "a", "text": "hello again", "start": 6})
        found = store.db.execute("select count(*) from quotes_fts where quotes_fts match 'hello'").fetchone()[0]
        assert found == 2  # the rebuilt index has the old row, and its new triggers the new one
    finally:
        store.close()
