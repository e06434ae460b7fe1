"""From articles to quotes and the mentions of their speakers: the extraction stage.

``extract_articles`` streams articles through spaCy's ``nlp.pipe`` paragraph by paragraph (so
one odd paragraph never costs the rest of the article, and memory stays flat), then assembles
quotes per article. The result for each article is a plain
:class:`~quotes.models.ArticleReading`: no spaCy object leaves this package. Who each mention
refers to is the next stage's work (:mod:`quotes.resolve`); :mod:`quotes.attribute` runs both.

Submodules: :mod:`.furniture` (what is not running text), :mod:`.marks` (quotation marks),
:mod:`.cues` (the parse: cues, reported clauses, names), :mod:`.assemble` (quote candidates),
:mod:`.model` (loading a spaCy pipeline).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from ..models import Article, ArticleReading
from .article import extract_from_readings, read_article_paragraph
from .furniture import article_paragraphs
from .model import EXTRACTOR_RULES, ModelNotFound, extractor_version, load_model

__all__ = ["extract_articles", "load_model", "extractor_version", "EXTRACTOR_RULES", "ModelNotFound"]


def extract_articles(articles: Iterable[Article], nlp, *, batch_size: int = 64) -> Iterator[tuple[Article, ArticleReading]]:
    """Yield ``(article, extraction)`` in input order, parsing paragraphs in batches."""
    pending: deque = deque()

    def paragraph_stream():
        for article in articles:
            paragraphs = article_paragraphs(article.text)
            body = [p for p in paragraphs if not p.furniture]
            pending.append([article, paragraphs, body, []])
            for index, paragraph in enumerate(body):
                yield paragraph.text, (article.id, index)

    docs = nlp.pipe(paragraph_stream(), as_tuples=True, batch_size=batch_size)
    for doc, (article_id, index) in docs:
        entry = next(e for e in pending if e[0].id == article_id and len(e[3]) == index)
        entry[3].append(read_article_paragraph(doc, entry[2][index]))
        yield from _finished(pending)
    yield from _finished(pending)


def _finished(pending: deque) -> Iterator[tuple[Article, ArticleReading]]:
    while pending and len(pending[0][3]) == len(pending[0][2]):
        article, paragraphs, body, readings = pending.popleft()
        try:
            reading = extract_from_readings(article, paragraphs, body, readings)
        except Exception as error:  # one article's bug must not cost the rest of the run
            reading = ArticleReading(article_id=article.id, failure=f"extraction failed: {error!r}")
        yield article, reading
