"""Cut a paragraph too long to parse in one go into pieces at sentence-like boundaries.

spaCy parses a paragraph as one document, and the cue rules look at a token's sentence, its
subtree and the document's entities. On a paragraph of a million characters (a scrape that lost
its line breaks, a run-on transcript) that makes memory grow with the paragraph and lets any
per-sentence or per-entity look-up grow with it too, so the time grows faster than the text.
Parsing pieces of at most :data:`MAX_PIECE_CHARS` keeps every document small: time grows
linearly with the text, memory stays flat, and spaCy's ``max_length`` (E088) is never reached.

A piece ends after a sentence end (``.``, ``!``, ``?`` or ``…``, maybe closed by a quotation
mark or bracket) followed by white space, preferably one outside quotation marks, so that a
quote is not parsed in two halves; without such an end in reach, at the last white space; in a
text with neither, after exactly :data:`MAX_PIECE_CHARS` characters. Offsets are kept: each
piece is a ``(start, end)`` pair into the paragraph, and the pieces cover it end to end.

Not handled: a quote or sentence longer than a piece is parsed in parts, so its cue may be in
one part and its subject in another (then the quote keeps no speaker). News paragraphs are far
shorter than a piece (the longest in the PolNeAR dev set has 938 characters), so they are
always parsed whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right

#: the longest text parsed as one spaCy document; five times the longest paragraph of the gold
#: sets, and small enough that a batch of them stays well inside the memory of a normal batch
MAX_PIECE_CHARS = 2_000
#: a piece is not cut shorter than this, so that a text with boundaries only near the start of
#: the window does not end up in thousands of tiny pieces
MIN_PIECE_CHARS = MAX_PIECE_CHARS // 4

SENTENCE_END_RE = re.compile(r"[.!?…]['\"”’»)\]]*\s+")
SPACE_RE = re.compile(r"\s+")


def split_for_parsing(text: str, quoted: list[tuple[int, int]] = (), *,
                      max_chars: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text``, each at most ``max_chars`` long, covering all of it.

    ``quoted`` holds the quoted spans (sorted, not overlapping) that a cut should avoid.
    A text that fits is one piece.
    """
    pieces: list[tuple[int, int]] = []
    starts = [start for start, _ in quoted]
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars, quoted, starts, max_chars)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _cut(text: str, start: int, limit: int, quoted, starts, max_chars: int) -> int:
    """Where the piece that begins at ``start`` ends: never after ``limit``."""
    earliest = start + max(1, min(MIN_PIECE_CHARS, max_chars // 4))
    window = text[start:limit]
    ends = [start + m.end() for m in SENTENCE_END_RE.finditer(window)]
    ends = [end for end in ends if end >= earliest]
    outside = [end for end in ends if not _inside(end, quoted, starts)]
    if outside:
        return outside[-1]
    if ends:
        return ends[-1]
    spaces = [start + m.end() for m in SPACE_RE.finditer(window) if start + m.end() >= earliest]
    if spaces:
        return spaces[-1]
    return limit


def _inside(position: int, quoted, starts) -> bool:
    index = bisect_right(starts, position) - 1
    return index >= 0 and quoted[index][0] < position < quoted[index][1]
