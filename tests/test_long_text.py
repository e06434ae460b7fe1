"""Paragraphs too long to parse whole: cut into pieces with their offsets kept, and an article
past its time budget reported and skipped while the rest of the run goes on (issue 12).
No timings are asserted here; benchmarks/long_text.py prints them."""

from __future__ import annotations

import sqlite3

import pytest

from consistency import assert_consistent
from quotes.build import build
from quotes.extract import extract_articles
from quotes.extract.pieces import MAX_PIECE_CHARS, split_for_parsing
from quotes.models import Article, content_hash

SENTENCE = '"The bridge number {i} will open in June," city engineer Pavel Orlov said on Monday. '


def long_paragraph(sentences: int) -> str:
    return "".join(SENTENCE.format(i=i) for i in range(sentences)).rstrip()


def article(text: str, name: str = "long") -> Article:
    return Article(id="t" + content_hash(text), path=f"{name}.txt", text=text)


# --- cutting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    long_paragraph(300),                                  # sentence ends
    "word " * 3_000,                                      # spaces only
    "x" * 12_345,                                         # nothing to cut at
    'He said: "' + "It is long. " * 1_000 + '" Then he left. ' * 3,  # a quote longer than a piece
])
def test_pieces_cover_the_text_and_none_is_too_long(text):
    pieces = split_for_parsing(text)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(pieces, pieces[1:]))
    assert all(0 < end - start <= MAX_PIECE_CHARS for start, end in pieces)


def test_pieces_end_after_a_sentence_and_outside_quotes():
    text = long_paragraph(300)
    quoted = [(m, text.index('"', m + 1)) for m in range(len(text)) if text.startswith('"The', m)]
    quoted = [(start + 1, end) for start, end in quoted]
    for start, end in split_for_parsing(text, quoted)[:-1]:
        assert text[start:end].endswith("Monday. "), text[end - 20:end + 5]


def test_a_short_paragraph_is_one_piece():
    assert split_for_parsing("One sentence. Two.") == [(0, 18)]


# --- extraction in pieces ----------------------------------------------------------------------

def test_a_paragraph_longer_than_spacys_limit_is_parsed_in_pieces_with_offsets_kept(nlp):
    text = long_paragraph(400)  # about 34,000 characters, one paragraph
    nlp.max_length = 10_000     # parsed whole, this paragraph would raise spaCy's E088
    try:
        [(_, reading)] = list(extract_articles([article(text)], nlp))
    finally:
        nlp.max_length = 1_000_000
    assert reading.failure is None and not reading.problems
    quoted = [q for q in reading.quotes]
    assert all(text[q.start:q.end] == q.text for q in quoted)
    numbers = {int(q.text.split()[3]) for q in quoted if q.text.startswith("The bridge number")}
    assert numbers == set(range(400))  # every piece was read, the last ones too
    assert all(reading.mentions[i] is not None and reading.mentions[i].text == "city engineer Pavel Orlov"
               for i, q in enumerate(quoted))


def test_pieces_find_what_the_whole_paragraph_finds(nlp):
    """Where the cut falls between sentences, the pieces give the quotes of the paragraph."""
    text = long_paragraph(60)  # about 5,000 characters: a few pieces
    import quotes.extract as extract_package

    [(_, in_pieces)] = list(extract_articles([article(text)], nlp))
    old = extract_package.MAX_PIECE_CHARS
    extract_package.MAX_PIECE_CHARS = len(text)
    try:
        [(_, whole)] = list(extract_articles([article(text)], nlp))
    finally:
        extract_package.MAX_PIECE_CHARS = old
    assert len(split_for_parsing(text)) > 1
    assert [(q.start, q.end, q.kind) for q in in_pieces.quotes] == [(q.start, q.end, q.kind) for q in whole.quotes]


# --- the time budget ----------------------------------------------------------------------------

def test_an_article_past_its_budget_is_reported_and_the_rest_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text('"The tram will run all night," transport chief Ana Ruiz said.\n')
    (folder / "b-long.txt").write_text(long_paragraph(100) + "\n")
    (folder / "c-good.txt").write_text('"We found the leak," plumber Jon Bell said.\n')
    warnings: list[str] = []
    db = tmp_path / "q.db"
    # a budget of nothing: an article is given up after its first piece unless that was its last
    report = build([folder], db, workers=1, progress=False, warn=warnings.append, article_seconds=0)
    assert (report.read, report.extracted, report.failed) == (3, 2, 1)
    assert any("b-long.txt" in w and "parsing took more than its budget of 0 s" in w for w in warnings), warnings
    with sqlite3.connect(db) as conn:
        paths = sorted(row[0] for row in conn.execute("SELECT path FROM articles"))
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["a-good.txt", "c-good.txt"]
    assert_consistent(db)

    again = build([folder], db, workers=1, progress=False, warn=lambda m: None)  # budget back
    assert (again.extracted, again.skipped, again.failed) == (1, 2, 0)
    assert_consistent(db)


def test_a_long_paragraph_beside_good_articles_is_stored_whole(tmp_path):
    from click.testing import CliRunner
    from quotes.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text('"The tram will run all night," transport chief Ana Ruiz said.\n')
    (folder / "b-long.txt").write_text(long_paragraph(500) + "\n")  # about 42,000 characters
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "2 articles read (2 extracted, 0 unchanged skipped, 0 failed)" in result.output
    with sqlite3.connect(db) as conn:
        long_quotes = conn.execute("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id"
                                   " WHERE a.path LIKE '%b-long.txt' AND q.speaker_name = 'Pavel Orlov'"
                                   ).fetchone()[0]
    assert long_quotes == 500
    assert_consistent(db)
