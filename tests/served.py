"""A real ``quotes serve`` on a free port, for the tests that need a server: the browser tests
and the ones that read pages while a build writes. Imported by name (like hostile.py).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

#: the ``quotes`` command of the environment running the tests
QUOTES = [sys.executable, "-m", "quotes.cli"]


def fetch(url: str, timeout: float = 60) -> tuple[int, bytes]:
    """The status and body of a GET to a running server; an error page is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, *extra: str, command: list[str] | None = None
                 ) -> tuple[subprocess.Popen, str, IO[str]]:
    """``quotes serve --db DB --port N`` (``command`` replaces ``python -m quotes.cli``, e.g. an
    installed ``quotes`` script), answering on a free port; returns (process, base url, log
    file), the log in the database's folder."""
    port = free_port()
    log = open(db.with_suffix(f".{port}.log"), "w+")
    argv = [*(command or QUOTES), "serve", "--db", str(db), "--port", str(port), *extra]
    process = subprocess.Popen(argv, cwd=db.parent, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                return process, base, log
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_server(process, log)
                output = db.with_suffix(f".{port}.log").read_text(encoding="utf-8", errors="replace")
                pytest.fail(f"quotes serve did not start ({' '.join(argv)}):\n{output}")
            time.sleep(0.2)


def stop_server(process: subprocess.Popen, log: IO[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@contextmanager
def quotes_serve(db: Path, *extra: str, command: list[str] | None = None):
    """:func:`start_server` for the length of the block; yields the base url."""
    process, base, log = start_server(db, *extra, command=command)
    try:
        yield base
    finally:
        stop_server(process, log)
