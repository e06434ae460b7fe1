"""The gold sets the tests score against, both in the repo (gold/, our own annotations): the
seeds' gold, whose articles are seeds/, and PolNeAR's dev split, whose 84 texts are not in the
repo (they belong to their publishers; gold/README.md says where to download them). A test that
needs those texts reads the folder ``$QUOTES_POLNEAR`` names and skips, saying so, when it is
not set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: the seeds' gold annotations (our own work on our own seed files), with seeds-articles.jsonl
SEEDS_GOLD = ROOT / "gold" / "seeds.jsonl"
#: our annotations of PolNeAR's dev split (offsets and speakers, no text), with its articles file
POLNEAR_GOLD = ROOT / "gold" / "polnear-dev.jsonl"
#: the environment variable naming the folder of PolNeAR's dev texts (its data/dev/text/)
POLNEAR_VARIABLE = "QUOTES_POLNEAR"
POLNEAR_TEXTS = 84


def need_polnear() -> Path:
    """The folder of PolNeAR's dev texts; skips the calling test, saying why, when it is not
    given (under CI too: the seeds' gold suffices there). A folder given without the texts is
    an error."""
    given = os.environ.get(POLNEAR_VARIABLE)
    if not given:
        pytest.skip(f"PolNeAR's dev texts are not given: set {POLNEAR_VARIABLE} to PolNeAR's "
                    "data/dev/text folder (gold/README.md)")
    folder = Path(given)
    found = len(list(folder.glob("*.txt")))
    if found != POLNEAR_TEXTS:
        pytest.fail(f"{POLNEAR_VARIABLE}={folder} holds {found} .txt files, not PolNeAR's "
                    f"{POLNEAR_TEXTS} dev texts (gold/README.md)")
    return folder
