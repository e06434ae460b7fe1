"""Find quoted spans in a paragraph from its quotation marks alone.

Pure string work, no NLP. Handles straight, curly and guillemet double marks, single marks used
as the outer mark (British style), nested single quotes inside double ones, a mark left open at
the end of a paragraph (the quote runs to the paragraph's end, and on into the next paragraph
when that one reopens the mark), and a closing mark with no opening one (the quote runs from the
paragraph's start). One paragraph's unbalanced marks never affect another paragraph.

Not handled: marks used as inch/foot signs, or quotes that close in a later paragraph without
each paragraph reopening the mark (the common news convention is assumed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Which characters open and close a quote. Straight marks are decided by their neighbours.
DOUBLE_OPENERS = "“„«‟"
DOUBLE_CLOSERS = "”»"
DOUBLE_AMBIGUOUS = '"'
SINGLE_OPENERS = "‘‹"
SINGLE_CLOSERS = "’›"
SINGLE_AMBIGUOUS = "'"
# Two-character double marks: doubled apostrophes (some wire and newspaper archives) and TeX style.
DOUBLE_PAIRS = ("''", "``")

# A mark preceded by one of these (or by nothing) tends to open a quote.
OPEN_CONTEXT = set(" \t\n([{—–-/:")


@dataclass
class QuoteSpan:
    """The words between a pair of marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    opened: bool  #: an opening mark was seen (False: runs from the paragraph's start)
    closed: bool  #: a closing mark was seen (False: runs to the paragraph's end)


def _direction(text: str, i: int, width: int = 1) -> str:
    """``open``, ``close`` or ``?`` for a straight mark at ``text[i:i + width]``."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before in OPEN_CONTEXT and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return "close"
    return "?"


def _is_apostrophe(text: str, i: int) -> bool:
    """True for ’ or ' inside a word (Russia’s, don't) or a plural possessive (officials’ )."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    return before in "sS" and after == " "


def _marks(text: str, openers: str, closers: str, ambiguous: str, single: bool) -> list[tuple[int, str, int]]:
    """Marks as ``(position, direction, width)``; ``''`` and ````` are two-character marks.

    A regular expression finds the candidate characters (a paragraph is mostly letters, and a
    Python loop over every character cost 1% of the build); scanning left to right, a
    two-character mark is taken before its first character could be."""
    found = []
    for match in _mark_pattern(openers + closers + ambiguous, single).finditer(text):
        i = match.start()
        if match.end() - i == 2:
            pair = match.group()
            found.append((i, "open" if pair == "``" else _direction(text, i, 2), 2))
            continue
        ch = text[i]
        if ch in openers:
            found.append((i, "open", 1))
        elif not (single and _is_apostrophe(text, i)):
            direction = "close" if ch in closers else _direction(text, i)
            if ch == "»" and _direction(text, i) == "open":
                direction = "open"  # »...« is the German-style pairing
            found.append((i, direction, 1))
    return found


@lru_cache(maxsize=None)
def _mark_pattern(chars: str, single: bool) -> re.Pattern:
    pairs = "" if single else "|".join(re.escape(p) for p in DOUBLE_PAIRS) + "|"
    return re.compile(f"{pairs}[{re.escape(chars)}]")


def _pair(text: str, marks: list[tuple[int, str, int]]) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for pos, direction, width in marks:
        if direction == "?":
            direction = "close" if open_at is not None else "open"
        if direction == "open":
            if open_at is not None:  # a second opener: the first quote was never closed
                spans.append(QuoteSpan(open_at, _trim_end(text, pos), True, False))
            open_at = pos + width
        elif open_at is not None:
            spans.append(QuoteSpan(open_at, pos, True, True))
            open_at = None
        elif not spans and text[:pos].strip():
            spans.append(QuoteSpan(_trim_start(text, 0), pos, False, True))
    if open_at is not None:
        spans.append(QuoteSpan(open_at, _trim_end(text, len(text)), True, False))
    return [s for s in spans if text[s.start:s.end].strip()]


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _trim_start(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Quoted spans of one paragraph, in order, outermost marks only.

    Double marks are the outer marks when the paragraph has any; otherwise single marks are
    tried as outer marks. Single quotes nested inside double quotes are part of the outer quote.
    """
    double = _marks(text, DOUBLE_OPENERS, DOUBLE_CLOSERS, DOUBLE_AMBIGUOUS, single=False)
    if double:
        return _pair(text, double)
    single = _marks(text, SINGLE_OPENERS, SINGLE_CLOSERS, SINGLE_AMBIGUOUS, single=True)
    if not any(d == "open" for _, d, _ in single):
        return []  # lone apostrophe-like marks are not quotes
    return _pair(text, single)
