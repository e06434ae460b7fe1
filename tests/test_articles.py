"""Tests for quotes.articles: every input kind, read from real files under tmp_path."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from quotes import articles
from quotes.articles import normalise_date, read_json_lines, read_paths, read_text_file
from quotes.datelines import parse_dateline
from quotes.models import Article, ReadProblem

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TASS_TEXT = "Headline\nMOSCOW, May 27. /TASS/. Russia is not removing the prospect, he said.\n"


def read_all(*paths: str | Path) -> list[Article | ReadProblem]:
    return list(read_paths([str(p) for p in paths]))


def only_article(*paths: str | Path) -> Article:
    (record,) = read_all(*paths)
    assert isinstance(record, Article), record
    return record


def only_problem(*paths: str | Path) -> ReadProblem:
    (record,) = read_all(*paths)
    assert isinstance(record, ReadProblem), record
    return record


def write_jsonl(path: Path, records: list, opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    return path


# --- .txt files -------------------------------------------------------------------------------

def test_txt_file_is_read_exactly_with_its_stem_as_source_id(tmp_path):
    path = tmp_path / "story-1.txt"
    path.write_text("First line\n\n“Quoted,” she said.\n", encoding="utf-8")
    article = only_article(path)
    assert article.text == "First line\n\n“Quoted,” she said.\n"
    assert article.path == str(path)
    assert article.source_id == "story-1"
    assert article.title is None  # no manifest: the first line is not guessed to be a headline
    assert article.published is None and article.source is None
    assert article.id == "t" + hashlib.sha256(article.text.encode()).hexdigest()[:16]


def test_crlf_and_cr_line_endings_become_newlines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\rthree\n")
    assert only_article(path).text == "one\ntwo\nthree\n"


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffBody text.".encode("utf-8"))
    article = only_article(path)
    assert article.text == "Body text."
    assert "encoding" not in article.extra


def test_cp1252_file_is_decoded_and_noted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Café owner said: “no” — twice.".encode("cp1252"))
    article = only_article(path)
    assert article.text == "Café owner said: “no” — twice."
    assert article.extra["encoding"] == "cp1252"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n"])
def test_empty_file_is_a_problem(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    problem = only_problem(path)
    assert problem.where == str(path)
    assert problem.message == "empty article"


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),  # mostly control bytes
    b"Plain words and more plain words. " * 40 + b"\x00",  # text, but with a NUL byte
])
def test_binary_file_is_a_problem(tmp_path, content):
    path = tmp_path / "image.txt"
    path.write_bytes(content)
    problem = only_problem(path)
    assert problem.where == str(path)
    assert "binary" in problem.message


def test_missing_path_is_a_problem_and_reading_goes_on(tmp_path):
    present = tmp_path / "here.txt"
    present.write_text("Some text.")
    records = read_all(tmp_path / "gone.txt", present)
    assert str(records[0]) == f"{tmp_path / 'gone.txt'}: no such file or directory"
    assert isinstance(records[1], Article) and records[1].text == "Some text."


def test_oversized_text_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "MAX_TEXT_CHARS", 10)
    path = tmp_path / "long.txt"
    path.write_text("x" * 11)
    problem = only_problem(path)
    assert problem.where == str(path) and "limit" in problem.message


def test_unsupported_file_given_directly_is_a_problem(tmp_path):
    path = tmp_path / "story.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "unsupported file type" in only_problem(path).message


# --- folders and manifests --------------------------------------------------------------------

def test_seeds_folder_with_manifest():
    records = read_all(SEEDS)
    assert all(isinstance(r, Article) for r in records), [str(r) for r in records]
    assert [r.source_id for r in records] == [
        "000_d246774b3642ae6f", "001_492b593deee7ba14", "002_6573c82807c02ec9",
        "003_efd0d1664d1d1a47", "004_10f76e48a8e8a8f7",
    ]
    assert [r.source for r in records] == ["TASS", "TASS", "TASS", "Press TV", "RT"]
    assert [r.published for r in records] == [
        "2016-05-27", "2016-05-20", "2016-09-22", "2016-09-29", "2016-05-23"]
    assert [r.dateline for r in records] == ["MOSCOW", "MOSCOW", "MOSCOW", None, None]
    assert records[0].published_note == "manifest"
    assert records[3].published_note.startswith("not in the text")
    assert records[0].title.startswith("Russia not rejecting prospect")
    assert records[4].title is None
    for record in records:
        assert record.text == (SEEDS / f"{record.source_id}.txt").read_text(encoding="utf-8")


def test_folder_is_recursive_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two.")
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "manifest.csv").write_text("file,title\na.txt,Title A\n")
    write_jsonl(tmp_path / "c.jsonl", [{"text": "Three."}])
    records = read_all(tmp_path)
    assert [r.text for r in records] == ["One.", "Two.", "Three."]
    assert records[0].title == "Title A" and records[1].title is None


def test_manifest_csv_extra_columns_and_note(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,title,source,published,url,desk\n"
        "x.txt,A title,Outlet,\"May 3, 2019\",https://example.com/x,world\n", encoding="utf-8")
    (tmp_path / "x.txt").write_text("Body.")
    article = only_article(tmp_path / "x.txt")  # a single file still finds its manifest
    assert (article.title, article.source, article.published) == ("A title", "Outlet", "2019-05-03")
    assert article.published_note == "manifest"
    assert article.url == "https://example.com/x"
    assert article.extra == {"desk": "world"}


def test_manifest_jsonl_is_accepted(tmp_path):
    write_jsonl(tmp_path / "manifest.jsonl", [{"file": "x.txt", "source": "RT", "published": "2016-05-23"}])
    (tmp_path / "x.txt").write_text("Body.")
    article = only_article(tmp_path)
    assert (article.source, article.published) == ("RT", "2016-05-23")


def test_manifest_without_file_column_is_reported_and_articles_still_read(tmp_path):
    (tmp_path / "manifest.csv").write_text("name,title\nx.txt,T\n")
    (tmp_path / "x.txt").write_text("Body.")
    problem, article = read_all(tmp_path)
    assert isinstance(problem, ReadProblem) and problem.where.endswith("manifest.csv")
    assert isinstance(article, Article) and article.title is None


# --- datelines --------------------------------------------------------------------------------

@pytest.mark.parametrize("line, place, outlet, month, day, year", [
    ("MOSCOW, May 27. /TASS/. Russia is not", "MOSCOW", "TASS", 5, 27, None),
    ("MOSCOW, September 22./TASS/. Russia does", "MOSCOW", "TASS", 9, 22, None),
    ("ST. PETERSBURG, June 16, 2017. /TASS/. The", "ST. PETERSBURG", "TASS", 6, 16, 2017),
    ("WASHINGTON (Reuters) - Republican lawmakers", "WASHINGTON", "Reuters", None, None, None),
    ("LONDON (AP) — The prime minister", "LONDON", "AP", None, None, None),
    ("BEIRUT, Lebanon (AP) — Syrian troops", "BEIRUT", "AP", None, None, None),
    ("LONDON, Jan 5 (Reuters) - Shares", "LONDON", "Reuters", 1, 5, None),
    ("NEW YORK, March 3, 2016 (Reuters) - Stocks", "NEW YORK", "Reuters", 3, 3, 2016),
    ("(CNN) -- The senator said", None, "CNN", None, None, None),
    ("WASHINGTON/BAGHDAD/DUBAI (Reuters) - President", "WASHINGTON/BAGHDAD/DUBAI", "Reuters", None, None, None),
])
def test_parse_dateline(line, place, outlet, month, day, year):
    text = "Headline here\n" + line
    dateline = parse_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.outlet) == (place, outlet)
    assert (dateline.month, dateline.day, dateline.year) == (month, day, year)
    # the span covers the dateline and nothing of the sentence after it
    assert dateline.start == len("Headline here\n")
    body = line.rsplit(" - ", 1)[-1].rsplit(" — ", 1)[-1].rsplit("-- ", 1)[-1].rsplit("/. ", 1)[-1]
    assert text[dateline.end:].strip() == body


def test_dateline_offsets_skip_indentation():
    text = "Title\n\n   WASHINGTON (AP) — Body."
    dateline = parse_dateline(text)
    assert text[dateline.start:dateline.end] == "WASHINGTON (AP) —"


@pytest.mark.parametrize("text", [
    "According to Deputy Foreign Minister Sergey Ryabkov, Russia said",
    "Photo: John Doe/AFP/Getty Images",
    "News / Russia / News",
    "One.\nTwo.\nThree.\nFour.\nMOSCOW, May 27. /TASS/. Too deep in the text.",
])
def test_no_dateline(text):
    assert parse_dateline(text) is None


def test_dateline_without_year_does_not_invent_one(tmp_path):
    (tmp_path / "a.txt").write_text(TASS_TEXT)
    article = only_article(tmp_path / "a.txt")
    assert (article.dateline, article.source) == ("MOSCOW", "TASS")
    assert article.published is None
    assert article.published_note == "dateline gives May 27, no year"
    assert "MOSCOW, May 27. /TASS/." in article.text  # the dateline stays in the text


def test_dateline_year_from_path(tmp_path):
    (tmp_path / "2016").mkdir()
    (tmp_path / "2016" / "a.txt").write_text(TASS_TEXT)
    article = only_article(tmp_path)
    assert article.published == "2016-05-27"
    assert article.published_note == "dateline; year from path"


def test_dateline_year_from_a_manifest_year(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,published\na.txt,2016\n")
    (tmp_path / "a.txt").write_text(TASS_TEXT)
    article = only_article(tmp_path)
    assert (article.published, article.published_note) == ("2016-05-27", "dateline; year from manifest")


def test_dateline_with_year_gives_the_date(tmp_path):
    (tmp_path / "a.txt").write_text("NEW YORK, March 3, 2016 (Reuters) - Stocks rose.")
    article = only_article(tmp_path / "a.txt")
    assert (article.published, article.published_note, article.source) == ("2016-03-03", "dateline", "Reuters")


def test_manifest_date_and_source_win_over_dateline(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,source,published\na.txt,TASS News Agency,2016-05-28\n")
    (tmp_path / "a.txt").write_text(TASS_TEXT)
    article = only_article(tmp_path)
    assert (article.published, article.source, article.dateline) == ("2016-05-28", "TASS News Agency", "MOSCOW")


# --- archives ---------------------------------------------------------------------------------

def test_json_single_object_with_aliases_and_unknown_fields(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": 42, "body": "Body\r\ntext.", "outlet": "NPR",
                                "publish_date": "2013-11-08T10:00:00Z", "topic": "economy",
                                "authors": ["A", "B"]}, indent=2))
    article = only_article(path)
    assert article.path == str(path) and article.source_id == "42"
    assert (article.text, article.source, article.published) == ("Body\ntext.", "NPR", "2013-11-08")
    assert article.published_note == "archive"
    assert article.extra == {"topic": "economy", "authors": ["A", "B"]}


def test_json_list_of_objects(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": "One."}, {"content": "Two.", "date": "May 3, 2019"}, 7]))
    first, second, third = read_all(path)
    assert (first.path, second.path) == (f"{path}:1", f"{path}:2")
    assert second.published == "2019-05-03"
    assert isinstance(third, ReadProblem) and third.where == f"{path}:3"


def test_jsonl_records(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "r1", "title": "T", "text": "One.", "source": "AP", "published": "2020-06-02",
         "url": "https://example.com/1"},
        "",
        {"id": "r2", "text": "Two.", "published": None},
    ])
    first, second = read_all(path)
    assert (first.path, first.source_id, first.title, first.source) == (f"{path}:1", "r1", "T", "AP")
    assert first.id == "u" + hashlib.sha256(b"https://example.com/1").hexdigest()[:16]
    assert (second.path, second.published, second.published_note) == (f"{path}:3", None, None)
    assert second.extra == {}


def test_unparseable_date_is_null_with_a_note(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "One.", "published": "last Tuesday"}])
    article = only_article(path)
    assert article.published is None
    assert article.published_note == "archive date 'last Tuesday' not understood"


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".json.gz"])
def test_gzip_archive(tmp_path, suffix):
    path = write_jsonl(tmp_path / f"a{suffix}", [{"id": i, "text": f"Text {i}."} for i in range(3)],
                       opener=gzip.open)
    records = read_all(path)
    assert [r.source_id for r in records] == ["0", "1", "2"]
    assert records[2].path == f"{path}:3"


def test_malformed_line_in_the_middle(tmp_path):
    path = write_jsonl(tmp_path / "archive.jsonl", [{"text": "One."}, '{"text": "Two.', {"text": "Three."}])
    first, problem, third = read_all(path)
    assert first.text == "One." and third.text == "Three."
    assert problem.where == f"{path}:2"
    assert str(problem).startswith(f"{path}:2: invalid JSON (")


def test_empty_text_in_archive_is_a_problem(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "  "}, {"title": "no text"}])
    first, second = read_all(path)
    assert str(first) == f"{path}:1: empty article"
    assert second.where == f"{path}:2" and "no text" in second.message


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl.gz", [{"id": i, "text": f"Article {i} " + "x" * 2000 + str(i * 7919)}
                                                 for i in range(200)], opener=gzip.open)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    records = read_all(path)
    articles_read, problem = records[:-1], records[-1]
    assert len(articles_read) > 10
    assert all(isinstance(r, Article) for r in articles_read)
    assert [r.source_id for r in articles_read] == [str(i) for i in range(len(articles_read))]
    assert isinstance(problem, ReadProblem)
    assert problem.where.startswith(f"{path}:") and "broken" in problem.message


def test_reading_is_lazy(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl.gz", [{"id": i, "text": f"Text {i} " + "y" * 5000 + str(i * 31)}
                                                 for i in range(300)], opener=gzip.open)
    path.write_bytes(path.read_bytes()[:-200])  # broken near the end
    first = next(read_paths([path]))
    assert isinstance(first, Article) and first.source_id == "0"


def test_overlong_line_is_skipped_and_reading_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "MAX_LINE_BYTES", 100)
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "z" * 500}, {"text": "Short."}])
    problem, article = list(read_json_lines(path))
    assert problem.where == f"{path}:1" and "longer than" in problem.message
    assert article.text == "Short." and article.path == f"{path}:2"


def test_ids_are_stable(tmp_path):
    (tmp_path / "a.txt").write_text("Same text.")
    (tmp_path / "b.txt").write_text("Same text.")
    first, second = read_all(tmp_path)
    assert first.id == second.id == "t" + hashlib.sha256(b"Same text.").hexdigest()[:16]
    assert [r.id for r in read_all(tmp_path)] == [first.id, second.id]


def test_read_text_file_with_explicit_manifest(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Body.")
    article = read_text_file(path, {"a.txt": {"file": "a.txt", "title": "Given"}})
    assert article.title == "Given"


@pytest.mark.parametrize("value, expected", [
    ("2016-05-27", "2016-05-27"),
    ("2016-05-27T23:30:00+03:00", "2016-05-27"),
    ("2013-11-08T10:00:00Z", "2013-11-08"),
    ("Fri, 27 May 2016 10:00:00 +0300", "2016-05-27"),
    ("May 27, 2016", "2016-05-27"),
    ("27 May 2016", "2016-05-27"),
    ("2016/05/27", "2016-05-27"),
    ("20160527", "2016-05-27"),
    ("May 27", None),
    ("2016-02-30", None),
    ("soon", None),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected
