"""What the hostile-input tests share (issue 12): two good articles to build beside each bad
input, the ``quotes build`` command through click's runner, and the check that the good
articles were stored in a consistent database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from consistency import assert_consistent
from quotes.cli import cli

GOOD = {
    "good1.txt": '"The bridge will open in June," city engineer Pavel Orlov said on Monday.\n',
    "good2.txt": 'Mayor Anna Kovacs said the new tram line would carry 40,000 people a day.\n',
}
GOOD_QUOTES = {"The bridge will open in June,", "the new tram line would carry 40,000 people a day"}


@pytest.fixture
def good(tmp_path: Path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str | Path):
    result = CliRunner().invoke(cli, ["build", *map(str, args), "--workers", "1", "--no-progress"])
    assert "Traceback" not in result.output, result.output
    return result


def stored_quotes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT text FROM quotes")}


def assert_good_stored(db: Path) -> None:
    assert GOOD_QUOTES <= stored_quotes(db)
    assert_consistent(db)
