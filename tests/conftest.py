"""Fixtures every test module shares: the spaCy pipeline (loaded once per session), where
screenshots go, and a page of headless chromium (the gold sets are gold_sets.py's, the server
served.py's).

Everything a test writes goes to a temporary folder: screenshots to ``QUOTES_TEST_ARTIFACTS``
when it is set (CI keeps that folder), else to a session temporary folder.
"""

from __future__ import annotations

import os
import shutil
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


#: Debian's chromium (./run.sh test installs it), found on PATH; $QUOTES_CHROMIUM overrides
CHROMIUM = os.environ.get("QUOTES_CHROMIUM") or shutil.which("chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set: the browser test must run in CI")
    pytest.skip(reason)


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


@pytest.fixture(scope="module")
def browser_page(artifacts):
    if not CHROMIUM or not Path(CHROMIUM).exists():
        _unavailable(f"chromium is not installed ({CHROMIUM or 'not on PATH'})")
    if sync_playwright is None:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.artifacts = artifacts  # where shoot() puts screenshots
        page.dialogs = []  # every alert() an escaping bug would let through
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page
        browser.close()
