"""The gold sets the tests score against: the seeds' gold, kept in the repo (gold/), and
PolNeAR's dev split, which is not (its texts belong to their publishers): a test that needs it
reads the folder ``$QUOTES_POLNEAR`` names and skips, saying so, when it is not set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: the seeds' gold annotations (our own work on our own seed files) and their articles file
SEEDS_GOLD = ROOT / "gold" / "seeds.jsonl"
#: the environment variable naming a folder with PolNeAR's dev split in the gold format
#: (polnear-dev.jsonl and texts/, see gold/README.md)
POLNEAR_VARIABLE = "QUOTES_POLNEAR"


def need_polnear() -> Path:
    """The PolNeAR dev folder; skips the calling test, saying why, when it is not given (under
    CI too: the seeds' gold suffices there). A folder given without its files is an error."""
    given = os.environ.get(POLNEAR_VARIABLE)
    if not given:
        pytest.skip(f"PolNeAR is not given: set {POLNEAR_VARIABLE} to its dev folder (gold/README.md)")
    folder = Path(given)
    if not (folder / "polnear-dev.jsonl").is_file() or not (folder / "texts").is_dir():
        pytest.fail(f"{POLNEAR_VARIABLE}={folder} has no polnear-dev.jsonl and texts/ (gold/README.md)")
    return folder
