"""One article's extraction: read each parsed paragraph, then assemble and resolve in order.

The per-paragraph step (:func:`read_article_paragraph`) is the only one that sees a spaCy doc;
it keeps plain records and lets the doc go. :func:`extract_from_readings` is then a pure
function of those records: quotes, their speakers and roles as this article gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..articles import parse_dateline
from ..models import Article, Extraction, Quote, Speaker
from ..resolve import Entity, Registry
from .assemble import Candidate, assemble
from .cues import ParagraphReading, read_paragraph
from .furniture import Paragraph
from .marks import QuoteSpan, find_quote_spans


@dataclass
class ParagraphResult:
    paragraph: Paragraph
    spans: list[QuoteSpan]
    reading: ParagraphReading | None
    problem: str | None = None


def read_article_paragraph(doc, paragraph: Paragraph) -> ParagraphResult:
    """Quote marks and cues of one parsed paragraph, in article offsets."""
    local = find_quote_spans(paragraph.text)
    try:
        reading = read_paragraph(doc, paragraph.start, [(s.start, s.end) for s in local])
    except Exception as error:  # a parse we cannot read costs this paragraph, not the article
        return ParagraphResult(paragraph, [], None, f"paragraph at {paragraph.start}: {error!r}")
    spans = [QuoteSpan(s.start + paragraph.start, s.end + paragraph.start, s.opened, s.closed) for s in local]
    return ParagraphResult(paragraph, spans, reading)


def extract_from_readings(article: Article, paragraphs: list[Paragraph], body: list[Paragraph],
                          results: list[ParagraphResult]) -> Extraction:
    """Assemble quote candidates paragraph by paragraph and resolve their speakers."""
    extraction = Extraction(article_id=article.id)
    registry = Registry()
    entity_of_quote: list[tuple[Quote, Entity | None]] = []
    running: Entity | None = None
    for result in results:
        if result.reading is None:
            extraction.problems.append(result.problem or "unreadable paragraph")
            continue
        candidates = _after_dateline(article.text, assemble(article.text, result.reading, result.spans))
        events = _events(result.reading, candidates)
        for _, kind, item in events:
            if kind == "name":
                registry.see_name(item)
                continue
            if kind == "statement":
                registry.see_statement(item)
                continue
            entity = _speaker_of(item, registry, running)
            quote = _quote(article.text, item)
            entity_of_quote.append((quote, entity))
            if entity is not None:
                running = entity
    extraction.quotes, extraction.speakers = _finish(entity_of_quote)
    return extraction


def _after_dateline(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Start quotes after a dateline the parser ran into the first sentence (`MOSCOW, May 27. /TASS/.`)."""
    dateline = parse_dateline(text) if candidates and candidates[0].start < 300 else None
    if dateline is None:
        return candidates
    for cand in candidates:
        if cand.start < dateline.end < cand.end:
            cand.start = dateline.end
            while cand.start < cand.end and text[cand.start].isspace():
                cand.start += 1
    return candidates


def _events(reading: ParagraphReading, candidates: list[Candidate]):
    """Names and quote candidates in the order their mentions appear."""
    events = [(n.start, "name", n) for n in reading.names]
    events += [(c.mention.start, "statement", c.mention) for c in reading.cues
               if c.mention is not None and c.mention.form == "statement" and c.mention.name]
    for cand in candidates:
        at = cand.mention.start if cand.mention else cand.start
        events.append((at + 0.5, "quote", cand))
    events.sort(key=lambda e: e[0])
    return events


def _speaker_of(cand: Candidate, registry: Registry, running: Entity | None) -> Entity | None:
    """The mention's entity; a cue-less direct quote takes the running speaker."""
    if cand.mention is not None:
        return registry.resolve(cand.mention, cand.mention.start)
    if cand.kind == "direct":
        return running
    return None


def _quote(text: str, cand: Candidate) -> Quote:
    cue, mention = cand.cue, cand.mention
    return Quote(
        start=cand.start, end=cand.end, text=text[cand.start:cand.end], kind=cand.kind,
        cue=cue.text if cue else None, cue_start=cue.start if cue else None, cue_end=cue.end if cue else None,
        speaker_mention=mention.text if mention else None,
        mention_start=mention.start if mention else None, mention_end=mention.end if mention else None,
        role=mention.role if mention and mention.role else None,
    )


def _finish(pairs: list[tuple[Quote, Entity | None]]) -> tuple[list[Quote], list[Speaker]]:
    speakers: dict[str, Speaker] = {}
    for quote, entity in pairs:
        if entity is None:
            continue
        quote.speaker_key = entity.key
        quote.role = quote.role if quote.role and entity.kind == "person" else (entity.roles[0] if entity.roles else None)
        if entity.key not in speakers:
            speakers[entity.key] = Speaker(
                key=entity.key, name=entity.name, kind=entity.kind,
                role=entity.roles[0] if entity.roles else None, affiliation=entity.affiliation,
                aliases=sorted(entity.names),
            )
    return [q for q, _ in pairs], list(speakers.values())
