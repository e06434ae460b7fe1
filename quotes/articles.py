"""Reading news articles: files, folders and archives in, :class:`Article` records out.

Accepted inputs: ``.txt`` files and saved web pages (``.html``, ``.htm``) (one article each,
metadata from a ``manifest.csv`` or ``manifest.jsonl`` beside them), folders (walked recursively in sorted order), ``.json`` files
(one object or a list of objects) and ``.jsonl`` / ``.jsonl.gz`` / ``.json.gz`` archives (one
object a line, streamed line by line). Text is kept exactly as read apart from line endings,
which become ``\\n``. When the metadata gives no date or outlet, a dateline at the top of the
text (``MOSCOW, May 27. /TASS/.``, ``WASHINGTON (Reuters) -``) fills them in
(:mod:`quotes.datelines`); a missing year is never invented.

Every input that cannot be read becomes a :class:`ReadProblem` naming the input and the line,
and reading goes on with the next one; what is read with a loss (a manifest line, a few bytes
that are not text) comes with a :class:`ReadWarning`. Text files are decoded by
:func:`quotes.decoding.decode_text` (UTF-8, UTF-16 or UTF-32 with a byte order mark, UTF-8 with
a few stray bytes replaced, else the encoding charset-normalizer finds). HTML saved as ``.txt``
is refused as HTML; saved pages (``.html``, ``.htm``, or an archive record's ``html`` field) give their main
text and metadata through :mod:`quotes.webpages`. Left to others: finding quotes and speakers
(:mod:`quotes.extract`), recognising headlines or boilerplate inside the text, and storage. Not
handled: date formats outside :data:`DATE_FORMATS`.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from quotes.datelines import apply_dateline, parse_dateline
from quotes.decoding import decode_text, looks_like_html
from quotes.models import Article, ReadProblem, content_hash
from quotes.webpages import page_article

#: a single article's text longer than this is refused (the longest real news article in the
#: 20k benchmark corpus is ~3,000 words; this is three orders of magnitude above that)
MAX_TEXT_CHARS = 5_000_000
#: an archive line longer than this is refused without being held in memory
MAX_LINE_BYTES = 20_000_000
#: a whole ``.json`` document (object or list) is parsed in memory only up to this size
MAX_DOCUMENT_BYTES = 50_000_000
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
ARCHIVE_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz")
PAGE_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", *PAGE_SUFFIXES, *ARCHIVE_SUFFIXES)

#: record field -> the names archives use for it, first match wins
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "text": ("text", "body", "content"),
    "source": ("source", "outlet"),
    "published": ("published", "date", "publish_date"),
    "url": ("url",),
    "id": ("id",),
}
#: manifest columns with a meaning; any other column goes to ``Article.extra``
MANIFEST_FIELDS = ("file", "title", "source", "published", "published_note", "url")

#: formats tried after ``datetime.fromisoformat`` and RFC 2822 (e-mail/RSS dates)
DATE_FORMATS = (
    "%Y/%m/%d", "%Y%m%d", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y",
    "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y",
)
_YEAR_RE = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?![0-9A-Za-z])")

Manifest = Mapping[str, Mapping[str, str]]
Record = Article | ReadProblem


class ReadWarning(ReadProblem):
    """Reported, but no article is lost with it: a manifest line that cannot be used (the file
    it describes is still read, with the metadata its text gives), or bytes of a file that
    could not be decoded and were replaced."""


def read_paths(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Every article in ``paths`` (files, folders, archives), streamed, with its problems.

    A path that cannot be looked at (no permission, a name too long) is a problem of its own,
    and the paths after it are read."""
    for given in paths:
        path = Path(given)
        try:
            kind = "folder" if path.is_dir() else "file" if path.is_file() else None
        except OSError as error:
            yield ReadProblem(str(given), f"cannot read ({error.strerror or error})")
            continue
        if kind == "folder":
            yield from read_folder(path)
        elif kind == "file":
            manifest: Manifest | None = None
            if _has_manifest(path):
                manifest, problems = load_manifest(path.parent)
                yield from problems
            yield from read_file(path, manifest)
        elif os.path.lexists(path):
            yield ReadProblem(str(given), "not a regular file or folder (a broken link, a device or a pipe?)")
        else:
            yield ReadProblem(str(given), "no such file or directory")


def read_folder(folder: Path) -> Iterator[Record]:
    """The articles in ``folder`` and its subfolders, in sorted path order; a subfolder that
    cannot be listed is reported and the rest is read."""
    manifests: dict[Path, Manifest] = {}
    unlisted: list[OSError] = []
    found = [Path(root) / name for root, _, files in os.walk(folder, onerror=unlisted.append)
             for name in files]
    for error in unlisted:
        yield ReadProblem(str(error.filename or folder), f"cannot list folder ({error.strerror or error})")
    for path in sorted(found):
        if (not path.is_file() or path.name in MANIFEST_NAMES
                or not path.name.lower().endswith(ARTICLE_SUFFIXES)):
            continue
        if _has_manifest(path) and path.parent not in manifests:
            manifests[path.parent], problems = load_manifest(path.parent)
            yield from problems
        yield from read_file(path, manifests.get(path.parent))


def read_file(path: Path, manifest: Manifest | None = None) -> Iterator[Record]:
    """The articles in one file, chosen by its extension (``manifest`` is for ``.txt``)."""
    name = path.name.lower()
    if _is_txt(path):
        warnings: list[ReadWarning] = []
        record = read_text_file(path, manifest, warnings)
        yield from warnings
        yield record
    elif name.endswith(PAGE_SUFFIXES):
        yield read_page_file(path, manifest)
    elif name.endswith((".jsonl", ".jsonl.gz")):
        yield from read_json_lines(path)
    elif name.endswith((".json", ".json.gz")):
        yield from read_json_file(path)
    else:
        kinds = ", ".join(ARTICLE_SUFFIXES)
        yield ReadProblem(str(path), f"unsupported file type (expected one of {kinds})")


def _read_bytes(path: Path) -> bytes | ReadProblem:
    """A file's bytes, or the problem that stops it being read (unreadable, too large)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEXT_CHARS * 4 + 1)
    except OSError as error:
        return ReadProblem(str(path), f"cannot read ({error.strerror or error})")
    if len(data) > MAX_TEXT_CHARS * 4:
        return ReadProblem(str(path), f"file larger than {MAX_TEXT_CHARS * 4:,} bytes")
    return data


def _manifest_row(path: Path, manifest: Manifest | None) -> tuple[dict, dict]:
    """(the record fields, the other columns) of the manifest row for ``path``, if any."""
    manifest = manifest or {}
    meta = dict(manifest.get(path.name) or manifest.get(path.stem) or {})
    meta.pop("file", None)
    return {key: meta.pop(key) for key in MANIFEST_FIELDS if key in meta}, meta


def read_text_file(path: str | Path, manifest: Manifest | None = None,
                   warnings: list[ReadWarning] | None = None) -> Record:
    """One ``.txt`` article; ``manifest`` maps file names to their metadata rows. What was read
    with a loss (bytes replaced) is added to ``warnings``."""
    path = Path(path)
    data = _read_bytes(path)
    if isinstance(data, ReadProblem):
        return data
    try:
        text, encoding = decode_text(data)
    except ValueError as error:
        return ReadProblem(str(path), str(error))
    text = _normalise_newlines(text)
    if looks_like_html(text):
        return ReadProblem(str(path), "this is HTML (a saved web page), not plain text: "
                                      "give its text as .txt, or the page as .html")
    if encoding == "utf-8" and "\ufffd" in text:
        bad = text.count("\ufffd") - data.count("\ufffd".encode())
        if bad > 0 and warnings is not None:
            warnings.append(ReadWarning(str(path), f"{bad} invalid UTF-8 byte sequence(s) replaced by "
                                                   f"U+FFFD, the first at character {text.index(chr(0xFFFD)):,}; "
                                                   "the rest is read as UTF-8"))
    record, meta = _manifest_row(path, manifest)
    if encoding != "utf-8":
        meta["encoding"] = encoding
    return build_article(text, str(path), path.stem, record, extra=meta, origin="manifest")


def read_page_file(path: str | Path, manifest: Manifest | None = None) -> Record:
    """One saved web page (``.html``/``.htm``): its main text and metadata, by
    :func:`quotes.webpages.page_article`; a manifest row's fields win over the page's."""
    path = Path(path)
    data = _read_bytes(path)
    if isinstance(data, ReadProblem):
        return data
    record, meta = _manifest_row(path, manifest)
    return _article_from_page(data, str(path), path.stem, record, meta)


def _article_from_page(html: bytes | str, where: str, source_id: str | None,
                       record: dict[str, str], extra: dict) -> Record:
    page = page_article(html)
    if page is None:
        return ReadProblem(where, "no article text found in this HTML page")
    found = {"title": page.title, "source": page.source, "published": page.published, "url": page.url}
    for name, value in found.items():
        if value and not record.get(name):
            record[name] = value
    extra = dict(extra, text_from="html")
    return build_article(_normalise_newlines(page.text), where, source_id, record, extra=extra, origin="html")


def read_json_lines(path: Path) -> Iterator[Record]:
    """Stream a JSON Lines archive (plain or gzip), one article a line, never the whole file."""
    line_no = 0
    try:
        with _open_binary(path) as handle:
            while True:
                line_no += 1
                raw = handle.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                where = f"{path}:{line_no}"
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    _skip_rest_of_line(handle)
                    yield ReadProblem(where, f"line longer than {MAX_LINE_BYTES:,} bytes, skipped")
                elif raw.strip():
                    yield _record_from_json(raw, where)
    except (EOFError, OSError, zlib.error) as error:
        yield ReadProblem(f"{path}:{line_no}", f"archive broken here ({error}); lines before it were read")


def read_json_file(path: Path) -> Iterator[Record]:
    """A ``.json`` / ``.json.gz`` file: one object or a list of them (JSON Lines also accepted)."""
    if _looks_like_json_lines(path):
        yield from read_json_lines(path)
        return
    try:
        with _open_binary(path) as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except (EOFError, OSError, zlib.error) as error:
        yield ReadProblem(str(path), f"cannot read ({error})")
        return
    if len(data) > MAX_DOCUMENT_BYTES:
        yield ReadProblem(str(path), f"larger than {MAX_DOCUMENT_BYTES:,} bytes: "
                                     "write it as JSON Lines (.jsonl) so it can be streamed")
        return
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        yield ReadProblem(str(path), f"invalid JSON ({error})")
        return
    if isinstance(document, list):
        for number, item in enumerate(document, start=1):
            yield article_from_record(item, f"{path}:{number}")
    else:
        yield article_from_record(document, str(path))


def load_manifest(folder: Path) -> tuple[Manifest, list[ReadProblem]]:
    """The ``manifest.csv`` / ``manifest.jsonl`` of ``folder`` (file name -> row), and its problems."""
    entries: dict[str, dict[str, str]] = {}
    problems: list[ReadProblem] = []
    csv_path, jsonl_path = (folder / name for name in MANIFEST_NAMES)
    if csv_path.is_file():
        try:
            with csv_path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if "file" not in (reader.fieldnames or []):
                    problems.append(ReadWarning(str(csv_path), "no 'file' column; manifest ignored"))
                    return entries, problems
                for row in reader:
                    _add_manifest_row(entries, row, f"{csv_path}:{reader.line_num}", problems)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            problems.append(ReadWarning(str(csv_path), f"cannot read manifest ({error})"))
    if jsonl_path.is_file():
        try:
            lines = jsonl_path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            problems.append(ReadWarning(str(jsonl_path), f"cannot read manifest ({error})"))
            lines = []
        for number, line in enumerate(lines, start=1):
            try:
                if line.strip():
                    _add_manifest_row(entries, json.loads(line), f"{jsonl_path}:{number}", problems)
            except json.JSONDecodeError as error:
                problems.append(ReadWarning(f"{jsonl_path}:{number}", f"invalid JSON ({error})"))
    return entries, problems


def _add_manifest_row(entries: dict, row: object, where: str, problems: list[ReadProblem]) -> None:
    if not isinstance(row, dict) or not str(row.get("file") or "").strip():
        problems.append(ReadWarning(where, "manifest row without a 'file' value"))
        return
    cleaned = {str(k).strip(): str(v).strip() for k, v in row.items()
               if k is not None and v is not None and str(v).strip()}
    entries[cleaned["file"]] = cleaned
    published = cleaned.get("published")
    if published and normalise_date(published) is None and not _YEAR_RE.search(published):
        # a bare year (`2016`) is not a warning: it completes a dateline's month and day
        problems.append(ReadWarning(where, f"date {published!r} of {cleaned['file']} not understood; "
                                               "its date comes from its dateline, if it has one"))


def article_from_record(record: object, where: str) -> Record:
    """An archive record (a JSON object) as an :class:`Article`; unknown fields go to ``extra``."""
    if not isinstance(record, dict):
        return ReadProblem(where, f"expected a JSON object, found {type(record).__name__}")
    remaining = dict(record)
    fields: dict[str, object] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in (a for a in aliases if a in remaining):
            if remaining[alias] is None:
                del remaining[alias]
            elif name not in fields:
                fields[name] = remaining.pop(alias)
    text = fields.pop("text", None)
    html = remaining.pop("html", None) if text is None else None
    if not isinstance(text, str) and not isinstance(html, str):
        return ReadProblem(where, "no text (expected a 'text', 'body', 'content' or 'html' string)")
    source_id = fields.pop("id", None)
    for name, value in list(fields.items()):
        if isinstance(value, (dict, list)):
            remaining[name] = fields.pop(name)
    record_fields = {name: str(value).strip() for name, value in fields.items()}
    if text is None:  # a saved page: its main text, and metadata the record does not give
        return _article_from_page(html, where, None if source_id is None else str(source_id),
                                  record_fields, remaining)
    return build_article(_normalise_newlines(text), where,
                         None if source_id is None else str(source_id),
                         record_fields, extra=remaining, origin="archive")


def build_article(text: str, where: str, source_id: str | None, record: Mapping[str, str],
                  *, extra: dict, origin: str) -> Record:
    """Check ``text`` and combine it with its metadata (``origin``: manifest or archive)."""
    if not text.strip():
        return ReadProblem(where, "empty article")
    if len(text) > MAX_TEXT_CHARS:
        return ReadProblem(where, f"text of {len(text):,} characters exceeds the limit of {MAX_TEXT_CHARS:,}")
    url = record.get("url") or None
    article = Article(
        id=("u" + content_hash(url)) if url else ("t" + content_hash(text)),
        path=where, text=text, title=record.get("title") or None,
        source=record.get("source") or None, url=url, source_id=source_id, extra=dict(extra),
    )
    year_hints: list[tuple[int, str]] = []
    raw_date = record.get("published")
    if raw_date:
        article.published = normalise_date(raw_date)
        if article.published:
            article.published_note = record.get("published_note") or origin
        else:
            article.published_note = f"{origin} date {raw_date!r} not understood"
            year_hints += [(int(y), origin) for y in _YEAR_RE.findall(raw_date)[:1]]
    file_path = where.rsplit(":", 1)[0] if origin == "archive" and ":" in where else where
    year_hints += [(int(y), "path") for y in _YEAR_RE.findall(file_path)[-1:]]
    apply_dateline(article, parse_dateline(text), year_hints)
    return article


def normalise_date(value: str) -> str | None:
    """``YYYY-MM-DD`` for a date in a common format, else None. The date as written is kept
    (no conversion to UTC), since that is the publisher's calendar day."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _record_from_json(raw: bytes, where: str) -> Record:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # as a text file is: a stray byte costs itself, not the line
        try:
            line, _ = decode_text(raw)
        except ValueError as error:
            return ReadProblem(where, str(error))
    try:
        return article_from_record(json.loads(line), where)
    except json.JSONDecodeError as error:
        return ReadProblem(where, f"invalid JSON ({error})")


def _looks_like_json_lines(path: Path) -> bool:
    """True when the first two non-blank lines are each a whole JSON object."""
    found = 0
    try:
        with _open_binary(path) as handle:
            while found < 2:
                raw = handle.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return False
                if raw.strip():
                    if not isinstance(json.loads(raw), dict):
                        return False
                    found += 1
    except (EOFError, OSError, zlib.error, ValueError):
        return False
    return True


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    while True:
        chunk = handle.readline(1_000_000)
        if not chunk or chunk.endswith(b"\n"):
            return


def _open_binary(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_txt(path: Path) -> bool:
    return path.suffix.lower() == ".txt"


def _has_manifest(path: Path) -> bool:
    """Files whose metadata a manifest beside them gives: text files and saved pages."""
    return path.suffix.lower() in (".txt", *PAGE_SUFFIXES)
