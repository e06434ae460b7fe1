"""Running the quotes command as a user that file permissions apply to (root ignores them), in
a folder every user can read: for tests of read-only databases and unreadable inputs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def as_unprivileged_user(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the quotes command as a user the files' permissions apply to (root ignores them)."""
    command = [sys.executable, "-m", "quotes.cli", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root needs setpriv (util-linux) to drop privileges")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = dict(os.environ, HOME=str(cwd), PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def shared_dir():
    """A folder every user can read (pytest's tmp_path is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="quotes-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)
