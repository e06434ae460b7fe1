"""Extraction, then resolution: articles in, attributed quotes out.

The two stages composed for the build and for tests: :func:`quotes.extract.extract_articles`
parses and reads each article into an :class:`~quotes.models.ArticleReading`, and
:func:`quotes.resolve.resolve_article` ties its quotes to speakers. Both run in the worker
process that parsed the article, so only plain records travel back to the writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .extract import ARTICLE_SECONDS, extract_articles
from .models import Article, Extraction
from .resolve import resolve_article


def attribute_articles(articles: Iterable[Article], nlp, *,
                       article_seconds: float = ARTICLE_SECONDS) -> Iterator[tuple[Article, Extraction]]:
    """Yield ``(article, extraction)`` in input order; an article whose extraction or
    resolution fails (or runs past ``article_seconds``) is returned with its ``failure`` set,
    and the rest go on."""
    for article, reading in extract_articles(articles, nlp, article_seconds=article_seconds):
        try:
            extraction = resolve_article(reading)
        except Exception as error:  # one article's bug must not cost the rest of the run
            extraction = Extraction(article_id=article.id, failure=f"resolution failed: {error!r}")
        yield article, extraction
