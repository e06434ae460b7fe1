"""Saved web pages to article text and metadata, with trafilatura (the only module that uses it).

:func:`page_article` takes a page's HTML (a ``.html`` file, or an archive record's ``html``
field) and returns its main text (navigation, cookie banners, captions, related links, comments
and footers left out; one paragraph a line), title, publication date, canonical url and site
name. The text is what gets stored, so quote offsets point into it as stored.

Not handled: pages whose article is built by JavaScript (the saved HTML holds no text), pages
with several articles (the main one is taken), and comments (never extracted).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageArticle:
    text: str
    title: str | None
    published: str | None
    url: str | None
    source: str | None


def page_article(html: bytes | str) -> PageArticle | None:
    """The main article of a web page, or None when the page holds no article text."""
    import trafilatura  # imported here: only HTML input needs it

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, deduplicate=False)
    if document is None or not (document.text or "").strip():
        return None
    return PageArticle(text=document.text, title=document.title or None,
                       published=document.date or None, url=document.url or None,
                       source=document.sitename or None)
