"""The ``quotes`` command: parses arguments and calls the pipeline's stages.

Reading (:mod:`quotes.articles`) → extraction (:mod:`quotes.extract`) → storage
(:mod:`quotes.store`) → publishing (:mod:`quotes.publish`); evaluation (:mod:`quotes.evaluate`)
reads the database back. Nothing here knows about spaCy or SQL.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import BuildReport, build
from .curate import CorrectionsFileError
from .extract import ModelNotFound
from .dbfile import StoreError
from .workers import ClusterError

DEFAULT_DB = "db/quotes.db"
#: exit status of a build that stored what it could but had inputs it could not read or extract
EXIT_SOME_INPUTS_FAILED = 3


@click.group()
@click.version_option(package_name="quotes")
def cli() -> None:
    """Quote attribution and speaker database: who said what, when, where, in which role."""


@cli.command("build")
# readable=False: an unreadable path is reported by the reader and the rest is built, not
# refused by click before anything runs (exit 2, nothing stored)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path),
              help="SQLite database to create or update.")
@click.option("--model", default="en_core_web_sm", show_default=True,
              help="Installed spaCy pipeline to parse with (en_core_web_sm, en_core_web_lg, en_core_web_trf).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that parse in parallel (default: all cores).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Parse on a Dask cluster: a scheduler's address (tcp://host:8786), or local:N "
                   "to start N worker processes here (default: a local process pool).")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Articles written per transaction.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when writing to a terminal).")
@click.option("--speakers", "speakers_file", type=click.Path(path_type=Path), default=None,
              help="Speaker corrections (.csv or .yml) to apply from now on, replacing the "
                   "ones the database remembers.")
def build_command(paths: tuple[Path, ...], db_path: Path, model: str, workers: int | None,
                  scheduler: str | None, batch_size: int, progress: bool | None, speakers_file: Path | None) -> None:
    """Read articles from PATHS and store their quotes and speakers in the database.

    PATHS are .txt files, folders (read recursively; a manifest.csv beside .txt files gives
    their metadata) and .json/.jsonl/.jsonl.gz archives with one article per object. With no
    PATHS, builds from seeds/, unless --speakers is given: then it only applies the corrections.
    Unchanged articles are skipped; changed ones are re-extracted. An input that cannot be read
    or extracted is reported and the rest is built; the exit status is then 3.
    """
    if not paths and speakers_file is None:
        paths = (Path("seeds"),)
    try:
        report = build(list(paths), db_path, model=model, workers=workers, batch_size=batch_size,
                       progress=progress, speakers=speakers_file, warn=_warn, scheduler=scheduler)
    except CorrectionsFileError as error:
        raise click.ClickException(f"speaker corrections: {error}") from error
    except (ModelNotFound, StoreError, ClusterError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(_summary_line(report))
    if report.failed:
        sys.exit(EXIT_SOME_INPUTS_FAILED)


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _summary_line(report: BuildReport) -> str:
    duplicates = f", {report.duplicates} duplicate urls skipped" if report.duplicates else ""
    upgraded = f"; {report.upgraded} stored articles upgraded" if report.upgraded else ""
    return (f"{report.read} articles read ({report.extracted} extracted, {report.skipped} unchanged "
            f"skipped{duplicates}, {report.failed} failed{upgraded}), {report.quotes} quotes, "
            f"{report.speakers} speakers, {report.seconds:.1f} s")


@cli.command("speakers")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--suggest", is_flag=True,
              help="List likely duplicate speakers (pairs to merge) instead of the speakers.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="Print at most this many, most quoted first.")
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "yaml"]),
              default="text", show_default=True,
              help="text to read; csv or yaml in the --speakers file format, to edit and apply.")
def speakers_command(db_path: Path, suggest: bool, limit: int, output_format: str) -> None:
    """List the speakers, most quoted first; with --suggest, the likely duplicates among them.

    The suggestions in csv or yaml are lines of a corrections file: check them, keep the right
    ones and give the file to `quotes build --speakers`.
    """
    from .curate import suggest as suggestions

    try:
        if suggest:
            found = suggestions.suggest_from_database(db_path, limit)
            click.echo(suggestions.FORMATS[output_format](found))
        else:
            listed = suggestions.read_speakers(db_path)[:limit]
            click.echo(suggestions.format_speakers(listed, output_format))
    except suggestions.UnreadableDatabase as error:
        raise click.ClickException(str(error)) from error


@cli.command("serve")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open a browser on the home page.")
@click.option("--immutable", is_flag=True,
              help="Treat the file as a snapshot that never changes (faster counts; only for a "
                   "published copy: a build writing to it makes the pages fail).")
def serve_command(db_path: Path, host: str, port: int, open_browser: bool, immutable: bool) -> None:
    """Serve the database read-only with Datasette, metadata.yml and the quote pages; pages
    show what a build running at the same time has written so far."""
    from .publish import serve

    if not db_path.exists():
        raise click.ClickException(f"no database at {db_path}: run `quotes build` first")
    try:
        serve(db_path, host=host, port=port, open_browser=open_browser, immutable=immutable)
    except ValueError as error:
        raise click.ClickException(str(error)) from error


@cli.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--articles", "articles_path", type=click.Path(path_type=Path), default=None,
              help="The gold's articles file (default: <gold stem>-articles.jsonl beside it).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List misses, wrong speakers and false positives.")
def eval_command(gold: Path, db_path: Path, articles_path: Path | None, as_json: bool, verbose: bool) -> None:
    """Score the database against a gold file of annotated quotations."""
    from .evaluate import EvaluationError, main_text

    try:
        click.echo(main_text(gold, db_path, as_json=as_json, verbose=verbose, articles_path=articles_path))
    except EvaluationError as error:
        raise click.ClickException(str(error)) from error


@cli.command("export")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["parquet"]), default="parquet",
              show_default=True, help="File format of the export.")
def export_command(folder: Path, db_path: Path, output_format: str) -> None:
    """Write quotes, speakers, articles (and statements, where the database has them) to
    FOLDER as Parquet partitioned by month, for Spark, DuckDB or pandas."""
    from .export import ExportError, export_parquet

    try:
        report = export_parquet(db_path, folder)
    except ExportError as error:
        raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{rows:,} {table}" for table, rows in report.rows.items())
    click.echo(f"{counts} written to {report.folder}")


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="quotes")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
