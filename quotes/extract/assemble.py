"""Turn a paragraph's quoted spans and reporting cues into quote candidates.

A cue whose reported words lie inside a quoted span attributes that span (a direct quote). A
reported clause that contains quoted words is one mixed quote covering the whole clause and
its marks. A reported clause without marks is reported (indirect) speech. A quoted span that
no cue reports is a direct quote when it is long enough to be a statement, attributed to a cue
in its sentence, else in its paragraph, else to the running speaker; a few words in marks that
nothing reports are scare quotes and dropped.

Not handled here: who a mention refers to (see :mod:`quotes.resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .cues import Cue, ParagraphReading
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
    kept = []
    for cue in cues:
        nested = any(other is not cue and other.content and other.content[0] <= cue.start < other.content[1]
                     for other in cues)
        if not nested:
            kept.append(cue)
    return kept


def _through_statement(cue: Cue, all_cues: list[Cue]) -> Cue:
    """`X underlined ..., the statement read`: the statement carries X's words, so X speaks."""
    if cue.mention is None or cue.mention.form != "statement" or cue.content is None:
        return cue
    inner = [c for c in all_cues if c is not cue and c.mention is not None and c.mention.form == "name"
             and cue.content[0] <= c.start < cue.content[1] and c.mention.start <= cue.content[0] + 2]
    if not inner:
        return cue
    return replace(cue, mention=inner[0].mention)


def assemble(text: str, reading: ParagraphReading, spans: list[QuoteSpan]) -> list[Candidate]:
    """Quote candidates of one paragraph, in text order; ``spans`` use article offsets."""
    cues = _outermost(reading.cues)
    claimed: set[int] = set()
    candidates: list[Candidate] = []
    for cue in cues:
        if cue.content is None or cue.mention is None:
            continue  # reported speech with nobody reporting it is not worth a row
        cue = _through_statement(cue, reading.cues)
        candidates.extend(_from_cue(text, cue, spans, claimed))
        if cue.lead_in is not None:  # `Though X, he said, Y`: X is reported too
            candidates.append(Candidate(cue.lead_in[0], cue.lead_in[1], "indirect", cue, cue.mention))
    for i, span in enumerate(spans):
        if i in claimed:
            continue
        candidate = _unreported_quote(text, span, cues, reading)
        if candidate:
            candidates.append(candidate)
    candidates.sort(key=lambda c: c.start)
    return _drop_overlaps(candidates)


def _from_cue(text: str, cue: Cue, spans: list[QuoteSpan], claimed: set[int]) -> list[Candidate]:
    content = cue.content
    size = max(1, _chars(*content, text))
    touching = [i for i, s in enumerate(spans) if _overlap((s.start, s.end), content) > 0]
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
    return start < cue.sent_start - 200 or end > cue.sent_end + 200


def _unreported_quote(text: str, span: QuoteSpan, cues: list[Cue], reading: ParagraphReading) -> Candidate | None:
    words = len(text[span.start:span.end].split())
    if words < MIN_STATEMENT_WORDS and not _stands_alone(text, span) and not _next_to_cue(span, cues):
        return None
    cue = _nearest_cue(span, cues, reading)
    return Candidate(span.start, span.end, "direct", cue, cue.mention if cue else None)


def _stands_alone(text: str, span: QuoteSpan) -> bool:
    """A short quote that is a sentence on its own (`"It left," he said.`)."""
    before = text[max(0, span.start - 3):span.start - 1].strip()
    inside = text[span.start:span.end].rstrip()
    return (not before or before[-1] in ".!?:") and inside[-1:] in ",.!?"


def _next_to_cue(span: QuoteSpan, cues: list[Cue]) -> bool:
    """`"...," he said, "and it left."`: a short quote right beside a cue is still quoted speech."""
    return any(0 <= span.start - cue.end <= CUE_GAP or 0 <= cue.start - span.end <= CUE_GAP for cue in cues
               if cue.mention is not None)


def _nearest_cue(span: QuoteSpan, cues: list[Cue], reading: ParagraphReading) -> Cue | None:
    """A cue in the quote's sentence(s), else the nearest in the paragraph, preferring earlier."""
    usable = [c for c in cues if c.mention is not None and not (span.start <= c.start < span.end)]
    same = [c for c in usable if c.sent_start < span.end + 3 and c.sent_end > span.start - 3]
    if same:
        return min(same, key=lambda c: abs(c.start - span.end))
    before = [c for c in usable if c.end <= span.start]
    if before:
        return before[-1]
    after = [c for c in usable if c.start >= span.end]
    return after[0] if after else None


def _drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Where two candidates overlap, keep the direct/mixed one, else the longer."""
    rank = {"direct": 2, "mixed": 1, "indirect": 0}
    kept: list[Candidate] = []
    for cand in candidates:
        clash = next((k for k in kept if _overlap((k.start, k.end), (cand.start, cand.end)) > 0), None)
        if clash is None:
            kept.append(cand)
            continue
        better = (rank[cand.kind], cand.end - cand.start) > (rank[clash.kind], clash.end - clash.start)
        if better:
            kept[kept.index(clash)] = cand
    return kept
