"""Statements (quotes.statements): the same words of one speaker grouped across articles.

Hand-made articles go through the real build (spaCy model, SQLite file); the tables below say
which versions must be one statement and which must stay apart.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotes.build import build
from quotes.statements import MIN_WORDS, QuoteItem, group_quotes, normalise_words, same_statement

WHOLE = ("We have not rejected this prospect, and we will continue working with our partners "
         "in Geneva on a political settlement")

# (id, outlet, published, text): Ryabkov's statement as five outlets give it, and what must not join
ARTICLES = [
    ("tass", "TASS", "2024-03-03",
     f'MOSCOW, March 3. Russian Deputy Foreign Minister Sergei Ryabkov spoke to reporters on Sunday.\n'
     f'"{WHOLE}," Ryabkov said.\n'),
    ("trimmed", "RT", "2024-03-04",
     'Russian Deputy Foreign Minister Sergei Ryabkov commented on the talks.\n'
     '"We will continue working with our partners in Geneva on a political settlement," Ryabkov said.\n'),
    ("ellipsis", "Reuters", "2024-03-04",
     'Russian Deputy Foreign Minister Sergei Ryabkov spoke in Moscow.\n'
     '"We have not rejected this prospect ... we will continue working with our partners in Geneva '
     'on a political settlement," Ryabkov said.\n'),
    ("mixed", "Press TV", "2024-03-05",
     'Russian Deputy Foreign Minister Sergei Ryabkov spoke in Moscow.\n'
     'Ryabkov said Moscow had "not rejected this prospect, and we will continue working with our '
     'partners in Geneva on a political settlement."\n'),
    ("other-speaker", "BBC", "2024-03-04",
     'British Foreign Secretary David Cameron spoke in London.\n'
     f'"{WHOLE}," Cameron said.\n'),
    ("years-later-1", "TASS", "2026-05-10",
     'Russian Deputy Foreign Minister Sergei Ryabkov spoke in Moscow.\n'
     f'"{WHOLE}," Ryabkov said.\n'),
    ("years-later-2", "RT", "2026-05-11",
     'Russian Deputy Foreign Minister Sergei Ryabkov spoke in Moscow.\n'
     f'"{WHOLE}," Ryabkov said.\n'),
]


def write_articles(folder: Path, articles=ARTICLES) -> Path:
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": i, "url": f"https://example.org/{i}", "source": outlet,
                                        "published": day, "title": f"Ryabkov {i}", "text": text}) + "\n"
                            for i, outlet, day, text in articles))
    return path


def quotes_of(db: Path) -> dict[str, tuple]:
    """article source id -> (speaker_id, statement_id, statement_outlets, kind) of its quote."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select a.source_id, q.speaker_id, q.statement_id, q.statement_outlets, q.kind"
                            " from quotes q join articles a on a.id = q.article_id").fetchall()
    found = {}
    for source_id, *rest in rows:
        assert source_id not in found, f"{source_id} has two quotes: {rows}"
        found[source_id] = tuple(rest)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("statements")
    db = folder / "q.db"
    build([write_articles(folder)], db, workers=1, progress=False)
    return folder, db


def test_extraction_gives_one_quote_per_article(built):
    found = quotes_of(built[1])
    assert set(found) == {a[0] for a in ARTICLES}
    assert found["mixed"][3] == "mixed" and found["tass"][3] == "direct"
    ryabkov = found["tass"][0]
    assert ryabkov and "ryabkov" in ryabkov and "cameron" in found["other-speaker"][0]
    assert {found[a[0]][0] for a in ARTICLES if a[0] != "other-speaker"} == {ryabkov}


@pytest.mark.parametrize("version", ["trimmed", "ellipsis", "mixed"])
def test_versions_are_grouped(built, version):
    found = quotes_of(built[1])
    assert found["tass"][1] is not None
    assert found[version][1] == found["tass"][1]


@pytest.mark.parametrize("apart", ["other-speaker", "years-later-1", "years-later-2"])
def test_other_speaker_and_other_year_stay_apart(built, apart):
    found = quotes_of(built[1])
    assert found[apart][1] != found["tass"][1]


def test_the_same_phrase_years_later_is_its_own_statement(built):
    found = quotes_of(built[1])
    assert found["years-later-1"][1] is not None
    assert found["years-later-1"][1] == found["years-later-2"][1]


def test_statement_row(built):
    found = quotes_of(built[1])
    with sqlite3.connect(built[1]) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from statements where id = ?", [found["tass"][1]]).fetchone())
    assert row["speaker_id"] == found["tass"][0]
    assert (row["quote_count"], row["article_count"], row["outlet_count"]) == (4, 4, 4)
    assert (row["first_published"], row["last_published"], row["first_outlet"]) == ("2024-03-03", "2024-03-05", "TASS")
    assert WHOLE in row["text"]
    assert found["tass"][2] == 4


def test_rebuild_keeps_statement_ids(built, tmp_path):
    folder, db = built
    before = quotes_of(db)
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    # the earliest version (whose quote id seeded the statement id) goes away as its article
    # is corrected, and a new version arrives: the ids stay
    changed = [(i, o, d, t.split("\n")[0] + "\n" if i == "tass" else t) for i, o, d, t in ARTICLES]
    changed.append(("late", "Sputnik", "2024-03-06",
                    'Russian Deputy Foreign Minister Sergei Ryabkov spoke in Moscow.\n'
                    f'"{WHOLE}," Ryabkov said.\n'))
    build([write_articles(tmp_path, changed)], copy, workers=1, progress=False)
    after = quotes_of(copy)
    assert after["late"][1] == before["trimmed"][1]
    assert "tass" not in after
    for version in ("trimmed", "ellipsis", "mixed", "years-later-1", "years-later-2"):
        assert after[version][1] == before[version][1], version
    assert after["trimmed"][2] == 4  # RT, Reuters, Press TV, Sputnik


def item(text: str, day: int, speaker: str = "x", article: str | None = None,
         kind: str = "direct") -> QuoteItem:
    return QuoteItem(id=f"{article or text[:10]}:{day}", speaker_id=speaker, article_id=article or text,
                     text=text, day=day, kind=kind)


@pytest.mark.parametrize("a, b, same", [
    (WHOLE, WHOLE.upper(), True),
    (WHOLE, "we will continue working with our partners in Geneva", True),  # trimmed
    (WHOLE, "We have not rejected this prospect ... with our partners in Geneva on a political settlement", True),
    (WHOLE, "We have not rejected this prospect, and we shall keep working with our partners in Geneva on a political settlement", True),  # small edit
    ("the U.S. will not back down on this at all", "the US will not back down on this at all", True),
    (WHOLE, "We have rejected the offer from our partners and will not talk", False),
    ("we will see what happens", "we will see what happens", False),  # too short to be a statement
    ("this is about the future of the people of the country and the world",
     "the people of the country want jobs and the future of the world is bright", False),
])
def test_same_statement_table(a, b, same):
    assert bool(same_statement(normalise_words(a), normalise_words(b))) is same


def test_short_quotes_are_never_grouped():
    short = "we will see what happens"
    assert len(normalise_words(short)) < MIN_WORDS
    assert group_quotes([item(short, 1, article="a"), item(short, 1, article="b")]) == []


def test_chain_is_cut_at_the_span():
    # the same words every 20 days: each pair is within the window, the whole chain is not
    quotes = [item(WHOLE, 20 * k, article=f"a{k}") for k in range(10)]
    groups = group_quotes(quotes)
    assert len(groups) > 1
    assert all(max(q.day for q in g) - min(q.day for q in g) <= 60 for g in groups)


def test_two_indirect_versions_are_not_a_statement_but_join_a_direct_one():
    said = "the administration had failed to bolster security before the attack on the consulate"
    indirect = [item(said, 1, article="a", kind="indirect"), item(said, 2, article="b", kind="indirect")]
    assert group_quotes(indirect) == []
    groups = group_quotes(indirect + [item(said, 3, article="c")])
    assert [sorted(q.article_id for q in g) for g in groups] == [["a", "b", "c"]]
