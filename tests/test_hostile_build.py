"""Hostile input beside good articles in one build (issue 12): each bad input is reported with
a message naming it, the good articles are stored, and the database stays consistent.

Every build here is the real one: the spaCy model, a SQLite file, and the ``quotes`` command
through click's runner (or a subprocess where the operating system has to be involved).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from consistency import assert_consistent, table_dump
from hostile import GOOD, assert_good_stored, good, run, stored_quotes  # noqa: F401 (good: a fixture)
from quotes.build import build
from quotes.cli import EXIT_SOME_INPUTS_FAILED
from unprivileged import as_unprivileged_user, shared_dir  # noqa: F401 (a fixture)

# --- duplicate urls ---------------------------------------------------------------------------

def _archive(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


DUPLICATES = [
    {"url": "https://example.org/a", "text": '"We will open the bridge in June," engineer Pavel Orlov said.'},
    {"url": "https://example.org/b", "text": GOOD["good2.txt"]},
    {"url": "https://example.org/a", "text": '"We will open the bridge in July," engineer Pavel Orlov said.'},
]


@pytest.mark.parametrize("batch_size", [200, 1])
def test_a_second_record_with_the_same_url_is_reported_and_the_first_kept(tmp_path, batch_size):
    archive = _archive(tmp_path / "feed.jsonl", DUPLICATES)
    db = tmp_path / "q.db"
    warnings: list[str] = []
    report = build([archive], db, workers=1, batch_size=batch_size, progress=False, warn=warnings.append)
    assert (report.read, report.extracted, report.skipped, report.duplicates, report.failed) == (3, 2, 0, 1, 0)
    assert any(f"{archive}:3" in w and f"{archive}:1" in w for w in warnings), warnings
    assert "We will open the bridge in June," in stored_quotes(db)
    assert "We will open the bridge in July," not in stored_quotes(db)
    assert_consistent(db)
    before = table_dump(db)

    again = build([archive], db, workers=1, batch_size=batch_size, progress=False, warn=lambda m: None)
    assert (again.read, again.extracted, again.skipped, again.duplicates, again.failed) == (3, 0, 2, 1, 0)
    assert table_dump(db) == before


def test_the_same_record_twice_is_stored_once_and_counted_unchanged(tmp_path):
    archive = _archive(tmp_path / "feed.jsonl", [DUPLICATES[0], DUPLICATES[1], DUPLICATES[0]])
    report = build([archive], tmp_path / "q.db", workers=1, progress=False, warn=lambda m: None)
    assert (report.read, report.extracted, report.skipped, report.duplicates) == (3, 2, 1, 0)


def test_the_summary_adds_up_with_every_kind_of_outcome(tmp_path, good):
    archive = _archive(tmp_path / "feed.jsonl", DUPLICATES + [{"title": "no text"}])
    (tmp_path / "empty.txt").write_text("")
    result = run(good, archive, tmp_path / "empty.txt", tmp_path / "missing.txt", "--db", tmp_path / "q.db")
    summary = result.output.strip().splitlines()[-1]
    # 2 good + 3 archive records + 1 bad line + the empty file + the missing path
    assert summary.startswith("8 articles read (4 extracted, 0 unchanged skipped, "
                              "1 duplicate urls skipped, 3 failed)"), result.output
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED


# --- paths on the command line ----------------------------------------------------------------

def test_a_path_that_cannot_be_looked_at_is_reported_and_the_rest_built(tmp_path, good):
    too_long = tmp_path / ("x" * 300)  # longer than any file name may be: stat() fails
    db = tmp_path / "q.db"
    result = run(too_long, good, "--db", db)
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED, result.output
    assert f"{too_long}: cannot read (File name too long)" in result.output
    assert "2 articles read (2 extracted" not in result.output  # the bad path counts as read
    assert "3 articles read (2 extracted, 0 unchanged skipped, 1 failed)" in result.output
    assert_good_stored(db)


def test_unreadable_files_and_folders_are_reported_and_the_rest_built(shared_dir):
    good = shared_dir / "good"
    good.mkdir()
    for name, text in GOOD.items():
        (good / name).write_text(text, encoding="utf-8")
    locked = shared_dir / "locked"  # a folder nobody else may list
    locked.mkdir()
    (locked / "inside.txt").write_text('"Hidden," she said.\n', encoding="utf-8")
    secret = good / "secret.txt"  # a file inside a readable folder, itself unreadable
    secret.write_text('"Secret," he said.\n', encoding="utf-8")
    behind = locked / "inside.txt"  # a path through the locked folder
    db_dir = shared_dir / "db"
    db_dir.mkdir()
    for path in (good, db_dir):
        path.chmod(0o777)
    secret.chmod(0o000)
    locked.chmod(0o700)

    result = as_unprivileged_user(["build", str(behind), str(locked), str(good), "--db", str(db_dir / "q.db"),
                                   "--no-progress", "--workers", "1"], shared_dir)
    assert result.returncode == EXIT_SOME_INPUTS_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{behind}: cannot read (Permission denied)" in result.stderr
    assert f"{locked}: cannot list folder (Permission denied)" in result.stderr
    assert f"{secret}: cannot read (Permission denied)" in result.stderr
    assert "5 articles read (2 extracted, 0 unchanged skipped, 3 failed)" in result.stdout, result.stdout
    locked.chmod(0o755)
    assert_good_stored(db_dir / "q.db")


def test_a_clean_build_exits_zero(tmp_path, good):
    result = run(good, "--db", tmp_path / "q.db")
    assert result.exit_code == 0, result.output


# --- encodings and formats --------------------------------------------------------------------

def test_a_stray_byte_in_utf8_is_replaced_with_a_warning_not_read_as_cp1252(tmp_path, good):
    odd = tmp_path / "odd"
    odd.mkdir()
    text = '"The café in Zürich will stay open," owner Lena Graf said.\n'
    (odd / "stray.txt").write_bytes(text.replace("open", "open\xff").encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    db = tmp_path / "q.db"
    result = run(good, odd, "--db", db)
    assert result.exit_code == 0, result.output
    assert f"{odd / 'stray.txt'}: 1 invalid UTF-8 byte sequence(s) replaced by U+FFFD" in result.output
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT text FROM articles WHERE path LIKE '%stray.txt'").fetchone()
    assert stored == text.replace("open", "open\ufffd")
    assert "The café in Zürich will stay open\ufffd," in stored_quotes(db)
    assert_good_stored(db)


def test_a_stray_byte_in_an_archive_line_costs_only_itself(tmp_path, good):
    line = json.dumps({"id": "z1", "text": '"The café in Zürich will stay open," owner Lena Graf said.'},
                      ensure_ascii=False).encode("utf-8").replace(b"open", b"open\xff")
    archive = tmp_path / "feed.jsonl"
    archive.write_bytes(line + b"\n")
    db = tmp_path / "q.db"
    assert run(good, archive, "--db", db).exit_code == 0
    assert "The café in Zürich will stay open\ufffd," in stored_quotes(db)
    assert_good_stored(db)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text(tmp_path, good, encoding):
    odd = tmp_path / "odd"
    odd.mkdir()
    text = '"The tram will run all night," transport chief Ana Ruiz said.\n'
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (odd / "wide.txt").write_bytes(data)
    db = tmp_path / "q.db"
    result = run(good, odd, "--db", db)
    assert result.exit_code == 0, result.output
    assert "The tram will run all night," in stored_quotes(db)
    assert_good_stored(db)


def test_a_legacy_encoding_is_found_by_the_detector(tmp_path, good):
    odd = tmp_path / "odd"
    odd.mkdir()
    text = ("«Мы не отказались от этой перспективы», — заявил заместитель министра иностранных дел "
            "Сергей Рябков в пятницу. Переговоры продолжатся на следующей неделе в Женеве.\n")
    (odd / "cyrillic.txt").write_bytes(text.encode("cp1251"))
    db = tmp_path / "q.db"
    assert run(good, odd, "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:
        stored, extra = conn.execute("SELECT text, extra FROM articles WHERE path LIKE '%cyrillic.txt'").fetchone()
    assert stored == text and json.loads(extra)["encoding"] == "cp1251"
    assert_good_stored(db)


def test_html_saved_as_txt_is_reported_as_html(tmp_path, good):
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "page.txt").write_text(
        '<!DOCTYPE html>\n<html><head><title>Bridge</title></head>\n<body><p>"The bridge will open '
        'in June," engineer Pavel Orlov said.</p></body></html>\n', encoding="utf-8")
    db = tmp_path / "q.db"
    result = run(good, odd, "--db", db)
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert f"{odd / 'page.txt'}: this is HTML (a saved web page), not plain text" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE path LIKE '%page.txt'").fetchone() == (0,)
    assert_good_stored(db)


def test_a_manifest_date_that_cannot_be_parsed_is_warned_with_its_line(tmp_path, good):
    (good / "manifest.csv").write_text("file,title,published\ngood1.txt,Bridge,2016-05-27\n"
                                       "good2.txt,Tram,next Tuesday-ish\n", encoding="utf-8")
    db = tmp_path / "q.db"
    result = run(good, "--db", db)
    assert result.exit_code == 0, result.output
    assert (f"{good / 'manifest.csv'}:3: date 'next Tuesday-ish' of good2.txt not understood"
            in result.output), result.output
    assert "2 articles read (2 extracted" in result.output
    assert_good_stored(db)
