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


def read_only_build(shared_dir: Path, alter=None) -> tuple[Path, Path]:
    """Build the good articles into ``shared_dir/db/q.db``, let ``alter`` change the database,
    then make it and its folder read-only and the articles readable by everyone: the articles'
    folder and the database, for a build run as an unprivileged user."""
    folder = shared_dir / "good"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    db_dir = shared_dir / "db"
    db_dir.mkdir()
    db = db_dir / "q.db"
    assert run(folder, "--db", db).exit_code == 0
    if alter is not None:
        alter(db)
    db.chmod(0o444)
    db_dir.chmod(0o555)
    for path in [folder, *folder.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder, db


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
