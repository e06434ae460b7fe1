"""The statement page's data and its word differences: ``/-/statement/<id>``.

:func:`statement_with_versions` reads a statement (docs/SCHEMA.md ``statements``) and every
quote of it in date order; :func:`marked_differences` shows one version against the
statement's fullest text: the words this version has that the fullest does not are marked
``<mark class="changed">``, and the fullest's words it leaves out appear struck through as
``<del class="cut">`` where they would have been. Words are compared as quotes.statements
compares them (case and punctuation ignored), so `U.S.` against `US` is no difference.

Everything from the database is escaped here; the template marks only this output safe.
Not handled: differences inside a word (a changed letter marks the whole word).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from markupsafe import Markup, escape

from ..statements import normalise_words
from .queries import QUOTE_COLUMNS, QUOTE_FROM, rows, with_notes

#: the most versions a page lists
MAX_VERSIONS = 500

_TOKEN = re.compile(r"\S+")


async def statement_with_versions(db, statement_id: str) -> dict | None:
    """The statement, its speaker and its versions (quotes), earliest published first."""
    if not await db.table_exists("statements"):
        return None
    found = await rows(db, "select * from statements where id = ?", [statement_id])
    if not found:
        return None
    statement = found[0]
    speaker = await rows(db, "select id, name, role from speakers where id = ?", [statement["speaker_id"]])
    versions = await rows(
        db,
        f"select {QUOTE_COLUMNS} {QUOTE_FROM} where q.statement_id = ? "
        f"order by q.published is null, q.published, q.said_on, q.article_id, q.start limit {MAX_VERSIONS}",
        [statement_id])
    for version in versions:
        version["marked"] = marked_differences(version["text"] or "", statement["text"] or "")
    return {"statement": statement, "speaker": speaker[0] if speaker else None,
            "versions": await with_notes(db, versions)}


def marked_differences(version: str, fullest: str) -> Markup:
    """``version`` as HTML with its changed words marked and the fullest's cut words struck."""
    mine, theirs = _TOKEN.findall(version), _TOKEN.findall(fullest)
    matcher = SequenceMatcher(a=[_key(t) for t in theirs], b=[_key(t) for t in mine], autojunk=False)
    parts = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag in ("delete", "replace") and any(_key(t) for t in theirs[a0:a1]):
            parts.append(Markup('<del class="cut" title="cut in this version">{}</del>').format(" ".join(theirs[a0:a1])))
        if tag == "equal":
            parts.append(escape(" ".join(mine[b0:b1])))
        elif tag in ("insert", "replace") and b1 > b0:
            words = " ".join(mine[b0:b1])
            if any(_key(t) for t in mine[b0:b1]):
                parts.append(Markup('<mark class="changed" title="not in the fullest version">{}</mark>').format(words))
            else:
                parts.append(escape(words))
    return Markup(" ").join(parts)


def _key(token: str) -> str:
    """A token as statements compare words (case and punctuation ignored; '' for `...`)."""
    return " ".join(normalise_words(token))
