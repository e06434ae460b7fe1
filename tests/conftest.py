"""Fixtures every test module shares: the spaCy pipeline (loaded once per session) and where
screenshots go (the gold sets are gold_sets.py's, the server served.py's).

Everything a test writes goes to a temporary folder: screenshots to ``QUOTES_TEST_ARTIFACTS``
when it is set (CI keeps that folder), else to a session temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline the build uses, loaded once for the whole session. It is the same
    object an in-process ``build(workers=1)`` parses with (``quotes.workers.worker_model``)."""
    from quotes.workers import worker_model

    return worker_model("en_core_web_sm")


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where screenshots go: ``$QUOTES_TEST_ARTIFACTS``, else a temporary folder."""
    given = os.environ.get("QUOTES_TEST_ARTIFACTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
