"""One article's extraction: read each parsed paragraph, then assemble quotes in order.

The per-paragraph step (:func:`read_piece`, one call per parsed piece of a paragraph, joined by
:func:`join_pieces`) is the only one that sees a spaCy doc; it keeps plain records and lets the
doc go. :func:`extract_from_readings` is then a pure function of those records: the article's quotes, the mention each quote's cue gives, and every
name, as an :class:`~quotes.models.ArticleReading`. Who a mention refers to is left to
:mod:`quotes.resolve`. A dateline (`SEOUL, May 3 (Reuters) -`) names no speaker: names and
mentions inside it are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..datelines import parse_dateline
from ..models import Article, ArticleReading, Quote
from .assemble import Candidate, assemble
from .cues import CuesAndNames, read_paragraph
from .furniture import Paragraph
from .marks import QuoteSpan

# A dateline is only looked for in the article's first characters.
DATELINE_WINDOW = 300
# The text the dateline parser reads: twice the window, so that a dateline that starts inside
# the window is read whole (and one that ends past it is then refused).
DATELINE_READ = 2 * DATELINE_WINDOW


@dataclass
class ParagraphFindings:
    """One paragraph with its quoted spans and the cues and names its parse gave, or the
    problem that stopped it being read (then ``found`` is None)."""

    paragraph: Paragraph
    spans: list[QuoteSpan]
    found: CuesAndNames | None
    problem: str | None = None


def read_piece(doc, paragraph: Paragraph, start: int, local: list[QuoteSpan]) -> ParagraphFindings:
    """Cues and names of one parsed piece of a paragraph (see :mod:`.pieces`) that starts at
    ``start`` in it; ``local`` are the quoted spans of the whole paragraph. Its ``spans`` stay
    empty: :func:`join_pieces` gives the paragraph its spans."""
    end = start + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)  # not doc.text: O(n)
    quoted = [(max(s.start, start) - start, min(s.end, end) - start)
              for s in local if s.start < end and s.end > start]
    try:
        found = read_paragraph(doc, paragraph.start + start, quoted)
    except Exception as error:  # a parse we cannot read costs this paragraph, not the article
        return ParagraphFindings(paragraph, [], None, f"paragraph at {paragraph.start}: {error!r}")
    return ParagraphFindings(paragraph, [], found)


def join_pieces(paragraph: Paragraph, local: list[QuoteSpan], pieces: list[ParagraphFindings]) -> ParagraphFindings:
    """One paragraph's result from its pieces' results, in order, with its quoted spans in
    article offsets; a piece that could not be read costs the paragraph."""
    failed = next((p for p in pieces if p.found is None), None)
    if failed is not None:
        return failed
    founds = [p.found for p in pieces]
    found = founds[0] if len(founds) == 1 else CuesAndNames(
        [c for f in founds for c in f.cues], [n for f in founds for n in f.names])
    spans = [QuoteSpan(s.start + paragraph.start, s.end + paragraph.start, s.opened, s.closed) for s in local]
    return ParagraphFindings(paragraph, spans, found)


def extract_from_readings(article: Article, paragraphs: list[Paragraph], body: list[Paragraph],
                          results: list[ParagraphFindings]) -> ArticleReading:
    """Assemble quote candidates paragraph by paragraph, with their mentions and the names."""
    reading = ArticleReading(article_id=article.id)
    dateline = parse_dateline(article.text[:DATELINE_READ])
    dateline_end = dateline.end if dateline is not None and dateline.end <= DATELINE_WINDOW else 0
    for result in results:
        if result.found is None:
            reading.problems.append(result.problem or "unreadable paragraph")
            continue
        candidates = _after_dateline(article.text, dateline_end, assemble(article.text, result.found, result.spans))
        reading.names += [n for n in result.found.names if n.start >= dateline_end]
        reading.statements += [c.mention for c in result.found.cues if c.mention is not None
                               and c.mention.form == "statement" and c.mention.name
                               and c.mention.start >= dateline_end]
        paragraph_end = result.paragraph.end
        reading.introductions += [c.mention for c in result.found.cues
                                  if _introduces(article.text, c, paragraph_end, dateline_end)]
        for cand in candidates:
            mention = cand.mention if cand.mention is None or cand.mention.end > dateline_end else None
            reading.quotes.append(_quote(article.text, cand, mention))
            reading.mentions.append(mention)
    return reading


# How many characters may lie between a cue and the colon that ends its paragraph
# (`Sanders made the following comment:`).
INTRODUCTION_TAIL = 60


def _introduces(text: str, cue, paragraph_end: int, dateline_end: int) -> bool:
    """A cue with a speaker and nothing reported, whose paragraph ends in a colon: it
    introduces the quotation that follows (`The New York Times reports:`)."""
    if cue.mention is None or cue.content is not None or cue.mention.start < dateline_end:
        return False
    tail = text[cue.end:paragraph_end].rstrip()
    return tail.endswith(":") and len(tail) <= INTRODUCTION_TAIL and '"' not in tail and "“" not in tail


def _after_dateline(text: str, dateline_end: int, candidates: list[Candidate]) -> list[Candidate]:
    """Start quotes after a dateline the parser ran into the first sentence (`MOSCOW, May 27. /TASS/.`)."""
    for cand in candidates:
        if cand.start < dateline_end < cand.end:
            cand.start = dateline_end
            while cand.start < cand.end and text[cand.start].isspace():
                cand.start += 1
    return candidates


def _quote(text: str, cand: Candidate, mention) -> Quote:
    cue = cand.cue
    return Quote(
        start=cand.start, end=cand.end, text=text[cand.start:cand.end], kind=cand.kind,
        cue=cue.text if cue else None, cue_start=cue.start if cue else None, cue_end=cue.end if cue else None,
        speaker_mention=mention.text if mention else None,
        mention_start=mention.start if mention else None, mention_end=mention.end if mention else None,
        role=mention.role if mention and mention.role else None,
        said_when=text[cue.when[0]:cue.when[1]] if cue and cue.when else None,
    )
