"""quotes installed as a user installs it (``pip install .``, not editable) into a fresh virtual
environment, then ``quotes build`` and ``quotes serve`` run from there, away from the source
tree: what the package needs at run time (metadata.yml, templates) must ship inside it.

Nothing is downloaded: the wheel is built with this environment's setuptools
(``--no-build-isolation``) from a copy of the sources, and installed with ``--no-deps``;
the fresh environment sees this one's dependencies through a ``.pth`` line, after its own
site-packages, so ``quotes`` itself comes from the wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

from served import quotes_serve
from test_build_seeds import SEEDS

ROOT = Path(__file__).resolve().parent.parent


def run(*argv, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(map(str, argv))}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def package_sources(into: Path) -> Path:
    """A copy of what ``pip install .`` reads: pyproject.toml, README.md and quotes/ (without
    caches), so that building writes nothing into the source tree."""
    into.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, into / name)
    shutil.copytree(ROOT / "quotes", into / "quotes", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return into


def test_a_non_editable_install_builds_and_serves(tmp_path):
    source = package_sources(tmp_path / "source")
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", wheels, source, cwd=tmp_path)
    [wheel] = wheels.glob("quotes-*.whl")
    env = tmp_path / "env"
    run(sys.executable, "-m", "venv", "--without-pip", env, cwd=tmp_path)
    python = env / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel, cwd=tmp_path)
    shutil.rmtree(source)  # nothing may be read from the source tree from now on

    where = run(python, "-c", "import quotes; print(quotes.__file__)", cwd=tmp_path).strip()
    assert Path(where).is_relative_to(site), where
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    db = tmp_path / "quotes.db"
    built = run(env / "bin" / "quotes", "build", articles, "--db", db, "--workers", "1", "--no-progress",
                cwd=tmp_path)
    assert built.startswith("5 articles read (5 extracted"), built
    with quotes_serve(db, command=[str(env / "bin" / "quotes")]) as base:
        with urllib.request.urlopen(base + "/") as response:
            home = response.read().decode("utf-8")
        with urllib.request.urlopen(base + "/-/metadata.json") as response:
            metadata = response.read().decode("utf-8")
    assert "Quotes — who said what, when, where" in home  # metadata.yml, from the package
    assert '<p class="totals">' in home  # the package's templates/index.html
    assert "character offset (Python string index)" in metadata  # descriptions from quotes.schema
