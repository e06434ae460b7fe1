"""The rows :class:`quotes.store.QuoteStore` writes for one article and its extraction, and the
article read back from its row: plain dicts in the columns of :mod:`quotes.schema`.

Every quote is checked against the article text here (:func:`quote_rows`), before anything is
written; a record that cannot be stored raises :class:`BadRecord` naming its article. Statement
dates are resolved here (:func:`quotes.dates.said_on`) and cue classes looked up
(:func:`quotes.cue_class.classify_cue`). Not here: SQL (that is the store's), and the speaker
columns the merge across articles fills (``speaker_id``, ``speaker_name``, ``affiliation``).
"""

from __future__ import annotations

import json
from urllib.parse import quote as url_quote

from quotes.cue_class import classify_cue
from quotes.dates import said_on
from quotes.models import Article, Extraction


class BadRecord(ValueError):
    """An article whose extraction cannot be stored as is; ``article_id`` says which."""

    def __init__(self, article_id: str, message: str) -> None:
        super().__init__(f"{article_id}: {message}")
        self.article_id = article_id


def stable_json(value: object) -> str:
    """JSON that is the same for the same value (sorted keys, UTF-8 kept)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def article_row(article: Article, extractor_version: str) -> dict:
    """The ``articles`` row for ``article``."""
    return {
        "id": article.id, "path": article.path, "source_id": article.source_id,
        "title": article.title, "source": article.source, "url": article.url,
        "published": article.published, "published_note": article.published_note,
        "dateline": article.dateline, "text": article.text, "word_count": article.word_count,
        "content_hash": article.content_hash, "extractor_version": extractor_version,
        "extra": stable_json(article.extra or {}),
    }


def article_from_row(row: dict) -> Article:
    """The :class:`Article` an ``articles`` row was written from (:func:`article_row`)."""
    try:
        extra = json.loads(row.get("extra") or "{}")
    except ValueError:
        extra = {}
    return Article(
        id=row["id"], path=row.get("path") or row["id"], text=row.get("text") or "", title=row.get("title"),
        source=row.get("source"), url=row.get("url"), published=row.get("published"),
        published_note=row.get("published_note"), dateline=row.get("dateline"),
        source_id=row.get("source_id"), extra=extra if isinstance(extra, dict) else {},
    )


def article_speaker_rows(extraction: Extraction) -> list[dict]:
    """The ``article_speakers`` rows of one extraction (``speaker_id`` set later by finish)."""
    rows, seen = [], set()
    for s in extraction.speakers:
        if s.key in seen:
            raise BadRecord(extraction.article_id, f"speaker key {s.key!r} appears twice")
        seen.add(s.key)
        rows.append({
            "article_id": extraction.article_id, "key": s.key, "name": s.name, "kind": s.kind,
            "role": s.role, "affiliation": s.affiliation, "aliases": stable_json(list(s.aliases)),
            "speaker_id": None,
        })
    return rows


def context_path(article_id: str, quote_id: str) -> str:
    """The site path of a quote in its article (quotes.web serves it), for CSV and JSON."""
    return f"/-/article/{url_quote(article_id, safe='')}#q-{url_quote(quote_id, safe=':-')}"


def quote_rows(article: Article, extraction: Extraction, extractor_version: str) -> list[dict]:
    """The ``quotes`` rows of one extraction, checked against the article text.

    Raises :class:`BadRecord` when a quote's text is not ``article.text[start:end]`` or it
    names a speaker key the extraction does not define.
    """
    keys = {s.key for s in extraction.speakers}
    rows = []
    dated = None  # the last statement the text dates, for `said at the time`
    for q in sorted(extraction.quotes, key=lambda quote: quote.start):
        when = said_on(q.said_when, article.published, dated)
        dated = when if when.source == "text" else dated
        where = f"{article.id}:{q.start}-{q.end}"
        if article.text[q.start : q.end] != q.text:
            raise BadRecord(article.id, f"quote {where} does not match the article text")
        if q.speaker_key is not None and q.speaker_key not in keys:
            raise BadRecord(article.id, f"quote {where} names unknown speaker {q.speaker_key!r}")
        rows.append({
            "id": where, "article_id": article.id, "speaker_id": None, "speaker_name": None,
            "speaker_key": q.speaker_key, "text": q.text, "start": q.start, "end": q.end,
            "kind": q.kind, "cue": q.cue, "cue_class": classify_cue(q.cue),
            "cue_start": q.cue_start, "cue_end": q.cue_end,
            "speaker_mention": q.speaker_mention, "mention_start": q.mention_start,
            "mention_end": q.mention_end, "role": q.role, "affiliation": None,
            "source_type": q.source_type,
            "published": article.published,
            "published_month": article.published[:7] if article.published else None,
            "source": article.source, "extractor_version": extractor_version,
            "said_on": when.value, "said_on_precision": when.precision, "said_on_from": when.source,
            "said_on_text": q.said_when, "article_title": article.title, "article_url": article.url,
            "context_url": context_path(article.id, where),
        })
    return rows
