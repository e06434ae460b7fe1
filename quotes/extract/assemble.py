"""Turn a paragraph's quoted spans and reporting cues into quote candidates.

A cue whose reported words lie inside a quoted span attributes that span (a direct quote). A
reported clause that contains quoted words is one mixed quote covering the whole clause and
its marks. A reported clause without marks is reported (indirect) speech. A quoted span that
no cue reports is a direct quote when it is long enough to be a statement, attributed to a cue
in its sentence, else in its paragraph, else to the running speaker; a few words in marks that
nothing reports are scare quotes and dropped.

Each step looks cues and spans up in sorted indexes (:class:`_SpanIndex`, :class:`_CueIndex`)
rather than scanning them all for every cue or span, so a paragraph with thousands of quotes
(a long paragraph parsed in pieces) costs n log n, not n squared; the answers are the ones a
scan in list order gives.

Not handled here: who a mention refers to (see :mod:`quotes.resolve`).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from .cues import Cue, CuesAndNames
from ..models import Mention
from .marks import QuoteSpan

# A quoted span with fewer words than this, reported by no cue, is a scare quote.
MIN_STATEMENT_WORDS = 5
# Share of a cue's reported words that must lie inside one quoted span for a direct quote.
DIRECT_SHARE = 0.7
# ... and how many of its words may lie outside the marks (more make it a mixed quote).
MAX_WORDS_OUTSIDE_DIRECT = 2
# Characters between a short quote and a cue for the quote to count as reported by it.
CUE_GAP = 4
# Characters a mixed quote (a reported clause and the marks it touches) may run past its cue's
# sentence on either side: quotation marks often close after the parser's sentence end.
MIXED_SENTENCE_SLACK = 200
# Characters around a quoted span that still count as its sentence when looking for its cue
# (the marks and the space beside them).
QUOTE_SENTENCE_SLACK = 3


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    cue: Cue | None
    mention: Mention | None  #: None: the speaker is inherited (running speaker)


def _chars(start: int, end: int, text: str) -> int:
    return sum(1 for ch in text[start:end] if not ch.isspace())


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _outermost(cues: list[Cue]) -> list[Cue]:
    """Drop cues that sit inside another cue's reported words (`X said Y alleged that ...`)."""
    reported = sorted((c.content[0], c.content[1], i) for i, c in enumerate(cues) if c.content)
    starts = [start for start, _, _ in reported]
    # over the reported spans that start at or before a point: the furthest end, whose it is,
    # and the furthest end of any other cue (a cue's own words do not nest it)
    furthest, owner, other_furthest = [], [], []
    best, best_owner, second = float("-inf"), -1, float("-inf")
    for _, end, i in reported:
        if end > best:
            second, best, best_owner = best, end, i
        elif end > second:
            second = end
        furthest.append(best)
        owner.append(best_owner)
        other_furthest.append(second)
    kept = []
    for i, cue in enumerate(cues):
        k = bisect_right(starts, cue.start) - 1
        reach = -1 if k < 0 else furthest[k] if owner[k] != i else other_furthest[k]
        if not cue.start < reach:
            kept.append(cue)
    return kept


class _SpanIndex:
    """The quoted spans that share characters with a range, by binary search (spans from
    :func:`.marks.find_quote_spans` are sorted and do not overlap; others are scanned)."""

    def __init__(self, spans: list[QuoteSpan]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.ends = [s.end for s in spans]
        self.ordered = all(s.start < s.end for s in spans) and \
            all(a.end <= b.start for a, b in zip(spans, spans[1:]))

    def touching(self, content: tuple[int, int]) -> list[int]:
        if not self.ordered:
            return [i for i, s in enumerate(self.spans) if _overlap((s.start, s.end), content) > 0]
        if content[1] <= content[0]:
            return []
        return list(range(bisect_right(self.ends, content[0]), bisect_left(self.starts, content[1])))


class _CueIndex:
    """The cues with a speaker, sorted by where they end, start and stand (their sentence), to
    answer :func:`_next_to_cue` and :func:`_nearest_cue` without a scan per quoted span."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        spoken = [(i, c) for i, c in enumerate(cues) if c.mention is not None]
        by_end = sorted((c.end, i) for i, c in spoken)
        self.ends = [end for end, _ in by_end]
        self.last_ending = list(_running(max, (i for _, i in by_end)))  # last in list order
        by_start = sorted((c.start, i) for i, c in spoken)
        self.starts = [start for start, _ in by_start]
        self.first_starting = list(_running(min, (i for _, i in reversed(by_start))))[::-1]
        by_sentence = sorted((c.sent_start, c.sent_end, i) for i, c in spoken)
        self.sentence_starts = [start for start, _, _ in by_sentence]
        self.sentence_ends = [end for _, end, _ in by_sentence]
        self.by_sentence = [i for _, _, i in by_sentence]
        # sentences of one paragraph do not overlap, so their ends rise with their starts
        self.sentences_ordered = all(a <= b for a, b in zip(self.sentence_ends, self.sentence_ends[1:]))

    def any_end_in(self, low: int, high: int) -> bool:
        k = bisect_left(self.ends, low)
        return k < len(self.ends) and self.ends[k] <= high

    def any_start_in(self, low: int, high: int) -> bool:
        k = bisect_left(self.starts, low)
        return k < len(self.starts) and self.starts[k] <= high

    def last_ending_by(self, position: int) -> Cue | None:
        k = bisect_right(self.ends, position)
        return self.cues[self.last_ending[k - 1]] if k else None

    def first_starting_from(self, position: int) -> Cue | None:
        k = bisect_left(self.starts, position)
        return self.cues[self.first_starting[k]] if k < len(self.starts) else None

    def in_sentences_around(self, start: int, end: int) -> list[int]:
        """List indexes of the cues whose sentence reaches into ``start``-``end``, in order."""
        if not self.sentences_ordered:
            return [i for i, c in enumerate(self.cues)
                    if c.mention is not None and c.sent_start < end and c.sent_end > start]
        low = bisect_right(self.sentence_ends, start)
        high = bisect_left(self.sentence_starts, end)
        return sorted(self.by_sentence[low:high])


def _running(pick, values):
    current = None
    for value in values:
        current = value if current is None else pick(current, value)
        yield current


def _through_statement(cue: Cue, all_cues: list[Cue]) -> Cue:
    """`X underlined ..., the statement read`: the statement carries X's words, so X speaks."""
    if cue.mention is None or cue.mention.form != "statement" or cue.content is None:
        return cue
    inner = [c for c in all_cues if c is not cue and c.mention is not None and c.mention.form == "name"
             and cue.content[0] <= c.start < cue.content[1] and c.mention.start <= cue.content[0] + 2]
    if not inner:
        return cue
    return replace(cue, mention=inner[0].mention)


def assemble(text: str, found: CuesAndNames, spans: list[QuoteSpan]) -> list[Candidate]:
    """Quote candidates of one paragraph, in text order; ``spans`` use article offsets."""
    cues = _outermost(found.cues)
    claimed: set[int] = set()
    candidates: list[Candidate] = []
    span_index = _SpanIndex(spans)
    for cue in cues:
        if cue.content is None or cue.mention is None:
            continue  # reported speech with nobody reporting it is not worth a row
        cue = _through_statement(cue, found.cues)
        candidates.extend(_from_cue(text, cue, span_index, claimed))
        if cue.lead_in is not None:  # `Though X, he said, Y`: X is reported too
            candidates.append(Candidate(cue.lead_in[0], cue.lead_in[1], "indirect", cue, cue.mention))
    cue_index = _CueIndex(cues)
    for i, span in enumerate(spans):
        if i in claimed:
            continue
        candidate = _unreported_quote(text, span, cue_index)
        if candidate:
            candidates.append(candidate)
    candidates.sort(key=lambda c: c.start)
    return _drop_overlaps(candidates)


def _from_cue(text: str, cue: Cue, span_index: _SpanIndex, claimed: set[int]) -> list[Candidate]:
    content = cue.content
    spans = span_index.spans
    size = max(1, _chars(*content, text))
    touching = span_index.touching(content)
    for i in touching:
        span = spans[i]
        outside = text[content[0]:max(content[0], span.start - 1)] + text[min(content[1], span.end + 1):content[1]]
        if _chars(max(span.start, content[0]), min(span.end, content[1]), text) >= DIRECT_SHARE * size \
                and len(outside.split()) <= MAX_WORDS_OUTSIDE_DIRECT:
            claimed.add(i)
            return [Candidate(span.start, span.end, "direct", cue, cue.mention)]
    if touching:
        start = min([content[0]] + [spans[i].start - (1 if spans[i].opened else 0) for i in touching])
        end = max([content[1]] + [spans[i].end + (1 if spans[i].closed else 0) for i in touching])
        if not _outside_sentence(start, end, cue):
            claimed.update(touching)
            return [Candidate(start, end, "mixed", cue, cue.mention)]
    return [Candidate(content[0], content[1], "indirect", cue, cue.mention)]


def _outside_sentence(start: int, end: int, cue: Cue) -> bool:
    """A mixed span must stay near the cue's sentence (quotes may run a little past it)."""
    return start < cue.sent_start - MIXED_SENTENCE_SLACK or end > cue.sent_end + MIXED_SENTENCE_SLACK


def _unreported_quote(text: str, span: QuoteSpan, cues: _CueIndex) -> Candidate | None:
    words = len(text[span.start:span.end].split())
    if words < MIN_STATEMENT_WORDS and not _stands_alone(text, span) and not _next_to_cue(span, cues):
        return None
    cue = _nearest_cue(span, cues)
    return Candidate(span.start, span.end, "direct", cue, cue.mention if cue else None)


def _stands_alone(text: str, span: QuoteSpan) -> bool:
    """A short quote that is a sentence on its own (`"It left," he said.`)."""
    before = text[max(0, span.start - 3):span.start - 1].strip()
    inside = text[span.start:span.end].rstrip()
    return (not before or before[-1] in ".!?:") and inside[-1:] in ",.!?"


def _next_to_cue(span: QuoteSpan, cues: _CueIndex) -> bool:
    """`"...," he said, "and it left."`: a short quote right beside a cue is still quoted speech."""
    return cues.any_end_in(span.start - CUE_GAP, span.start) or cues.any_start_in(span.end, span.end + CUE_GAP)


def _nearest_cue(span: QuoteSpan, cues: _CueIndex) -> Cue | None:
    """A cue in the quote's sentence(s), else the nearest in the paragraph, preferring earlier.

    Only cues with a speaker and outside the quote count; a cue that ends before the quote
    starts, or starts after it ends, is outside it."""
    same = [cues.cues[i] for i in cues.in_sentences_around(span.start - QUOTE_SENTENCE_SLACK,
                                                                 span.end + QUOTE_SENTENCE_SLACK)]
    same = [c for c in same if not (span.start <= c.start < span.end)]
    if same:
        return min(same, key=lambda c: abs(c.start - span.end))
    return cues.last_ending_by(span.start) or cues.first_starting_from(span.end)


def _drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Where two candidates overlap, keep the direct/mixed one, else the longer.

    ``candidates`` are sorted by start, so a kept candidate can overlap a later one only while
    it ends after that one starts; the first such kept candidate (in kept order) is the clash.
    Kept candidates that can still clash are tracked in two heaps (by position, by end)."""
    rank = {"direct": 2, "mixed": 1, "indirect": 0}
    kept: list[Candidate] = []
    open_positions: list[int] = []  # positions in kept that may still clash
    by_end: list[tuple[int, int]] = []  # (end, position), to close positions as starts pass
    closed: set[int] = set()
    for cand in candidates:
        while by_end and by_end[0][0] <= cand.start:
            _, position = heapq.heappop(by_end)
            if kept[position].end <= cand.start:
                closed.add(position)
        while open_positions and open_positions[0] in closed:
            heapq.heappop(open_positions)
        if cand.end <= cand.start or not open_positions:
            kept.append(cand)
            if cand.end > cand.start:
                heapq.heappush(open_positions, len(kept) - 1)
                heapq.heappush(by_end, (cand.end, len(kept) - 1))
            continue
        position = open_positions[0]
        clash = kept[position]
        better = (rank[cand.kind], cand.end - cand.start) > (rank[clash.kind], clash.end - clash.start)
        if better:
            kept[position] = cand
            heapq.heappush(by_end, (cand.end, position))
    return kept
