"""From articles to quotes and the mentions of their speakers: the extraction stage.

``extract_articles`` streams articles through spaCy's ``nlp.pipe`` paragraph by paragraph (so
one odd paragraph never costs the rest of the article, and memory stays flat), then assembles
quotes per article. A paragraph longer than :data:`.pieces.MAX_PIECE_CHARS` is parsed in pieces
cut at sentence ends (:mod:`.pieces`), so time grows linearly with the text and no paragraph
reaches spaCy's ``max_length``. The result for each article is a plain
:class:`~quotes.models.ArticleReading`: no spaCy object leaves this package. Who each mention
refers to is the next stage's work (:mod:`quotes.resolve`); :mod:`quotes.attribute` runs both.

An article whose parsing takes longer than its time budget (``article_seconds``) is given up:
its reading carries a ``failure`` that says so, its remaining paragraphs are not parsed, and the
articles after it go on. The budget is checked after each parsed piece, and a piece is small,
so an article overruns it by a fraction of a second at most. Memory needs no budget of its own:
no document is longer than a piece, and readers refuse texts over
:data:`quotes.articles.MAX_TEXT_CHARS`.

Submodules: :mod:`.furniture` (what is not running text), :mod:`.marks` (quotation marks),
:mod:`.pieces` (cutting long paragraphs), :mod:`.cue_rules` (the spaCy component that finds
cues with the patterns of ``quotes/rules/``), :mod:`.cues` and :mod:`.content` (from those
matches to cues, speakers' mentions, reported words and names), :mod:`.assemble` (quote
candidates), :mod:`.article_quotes` (one article's quotes from its read paragraphs),
:mod:`.pipeline` (loading the spaCy pipeline and adding the cue component).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..models import Article, ArticleReading
from .article_quotes import ParagraphFindings, extract_from_readings, join_pieces, read_piece
from .furniture import Paragraph, article_paragraphs
from .marks import QuoteSpan, find_quote_spans
from .pipeline import CUE_COMPONENT, EXTRACTOR_RULES, ModelNotFound, extractor_version, load_model
from .pieces import MAX_PIECE_CHARS, split_for_parsing

__all__ = ["extract_articles", "load_model", "extractor_version", "EXTRACTOR_RULES", "ModelNotFound",
           "CUE_COMPONENT", "ARTICLE_SECONDS"]

#: parsing and reading one article may take this long; past it the article is reported and
#: skipped. A 1,000,000-character paragraph takes about 40 s of CPU (benchmarks/long_text.py),
#: and readers refuse texts over 5,000,000 characters, so only a pathological text reaches it.
ARTICLE_SECONDS = 300.0


@dataclass
class _Work:
    """One article on its way through the pipe."""

    article: Article
    paragraphs: list[Paragraph]
    body: list[Paragraph]
    results: list[ParagraphFindings] = field(default_factory=list)
    pieces: list[ParagraphFindings] = field(default_factory=list)  #: of the paragraph being read
    spans: list[QuoteSpan] | None = None  #: quoted spans of the paragraph being read
    seconds: float = 0.0
    failure: str | None = None

    @property
    def done(self) -> bool:
        return self.failure is not None or len(self.results) == len(self.body)


def extract_articles(articles: Iterable[Article], nlp, *, batch_size: int = 64,
                     article_seconds: float = ARTICLE_SECONDS) -> Iterator[tuple[Article, ArticleReading]]:
    """Yield ``(article, extraction)`` in input order, parsing paragraphs in batches."""
    pending: deque[_Work] = deque()

    def piece_stream():
        for article in articles:
            paragraphs = article_paragraphs(article.text)
            work = _Work(article, paragraphs, [p for p in paragraphs if not p.furniture])
            pending.append(work)
            for index, paragraph in enumerate(work.body):
                spans = find_quote_spans(paragraph.text)
                pieces = [(0, len(paragraph.text))]
                if len(paragraph.text) > MAX_PIECE_CHARS:
                    quoted = [(s.start, s.end) for s in spans]
                    pieces = split_for_parsing(paragraph.text, quoted, max_chars=MAX_PIECE_CHARS)
                for number, (start, end) in enumerate(pieces):
                    if work.failure is not None:
                        break  # over its budget: the rest of the article is not parsed
                    last = number == len(pieces) - 1
                    yield paragraph.text[start:end], (work, index, start, last, spans)

    clock = time.perf_counter()
    for doc, (work, index, start, last, spans) in nlp.pipe(piece_stream(), as_tuples=True,
                                                             batch_size=batch_size):
        now = time.perf_counter()
        work.seconds += now - clock
        clock = now
        if work.failure is not None:
            continue
        paragraph = work.body[index]
        work.pieces.append(read_piece(doc, paragraph, start, spans))
        del doc  # a piece's doc is let go as soon as it is read
        if last:
            work.results.append(join_pieces(paragraph, spans, work.pieces))
            work.pieces = []
        work.seconds += time.perf_counter() - clock
        clock = time.perf_counter()
        if work.seconds > article_seconds and not work.done:
            work.failure = (f"skipped: parsing took more than its budget of {article_seconds:g} s "
                            f"({len(work.results)} of {len(work.body)} paragraphs read, "
                            f"{len(work.article.text):,} characters)")
            work.pieces = []
        yield from _finished(pending)
        clock = time.perf_counter()  # what the caller did with the articles is not parsing
    yield from _finished(pending)


def _finished(pending: deque[_Work]) -> Iterator[tuple[Article, ArticleReading]]:
    while pending and pending[0].done:
        work = pending.popleft()
        if work.failure is not None:
            yield work.article, ArticleReading(article_id=work.article.id, failure=work.failure)
            continue
        try:
            reading = extract_from_readings(work.article, work.paragraphs, work.body, work.results)
        except Exception as error:  # one article's bug must not cost the rest of the run
            reading = ArticleReading(article_id=work.article.id, failure=f"extraction failed: {error!r}")
        yield work.article, reading
