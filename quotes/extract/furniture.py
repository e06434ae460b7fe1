"""Split an article into paragraphs and set aside what is not running text.

Headlines and subheads, standfirst-like lines without a full stop, photo captions, bullet lists
of related links, bylines and site furniture (share/subscribe lines, web addresses) are marked
as furniture so that extraction skips them. The rules are general shapes (no terminal
punctuation, a bullet, a credit in brackets), not a list of known strings.

Not handled: furniture glued inside a body paragraph (a caption run into the text with no line
break), which is left to extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph that ends like a sentence: terminal punctuation, maybe inside marks or brackets.
SENTENCE_END_RE = re.compile(r"[.!?…:;,—-]['\"”’»)\]]*\s*$")
# Bullets that start items of "related" or "read more" link lists.
BULLET_RE = re.compile(r"^\s*(?:[-–•*·▪►]|\d+[.)])\s+\S")
# Photo and image credits or captions (seen in TASS, Press TV, RT, BBC, AP scrapes).
CAPTION_RE = re.compile(
    r"\((?:photo|image|picture|video|file photo)\b[^)]*\)\s*$"
    r"|^\s*(?:image|photo|picture) (?:copyright|caption|credit|source)\b"
    r"|^\s*(?:photo|image|picture|video|file)\s*:"
    r"|\b(?:getty images|afp/getty|ap photo)\b",
    re.IGNORECASE,
)
# Site furniture: links, share/subscribe prompts, "read more", bylines, copyright lines.
FURNITURE_RE = re.compile(
    r"^\s*(?:read|see|click|tap) (?:the rest|more|here|also)\b.{0,60}$"
    r"|^.{0,60}(?:share|follow|subscribe|sign up|like us)\b.{0,40}\b(?:on|to|for|with)\b.{0,30}"
    r"(?:facebook|twitter|newsletter|youtube|instagram|telegram)"
    r"|^\s*(?:advertisement|related|more on this|all news|news)\s*$"
    r"|(?:https?://|www\.)\S+\s*$"
    r"|^\s*©|© \d{4}|copyright \d{4}|all rights reserved",
    re.IGNORECASE,
)
# Bylines: "By Jane Smith" or "By Jane Smith, Reuters" on a line of their own (case matters).
BYLINE_RE = re.compile(r"^\s*By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\s*(?:[,|].{0,40})?$")
# Breadcrumb navigation such as "News / Russia / News".
BREADCRUMB_RE = re.compile(r"^\s*\w[\w ]{0,30}(?:\s+[/>|»]\s+\w[\w ]{0,30}){1,}\s*$")

# Short lines in title case are headlines even when they end with a full stop.
TITLE_CASE_SHARE = 0.75
TITLE_MAX_WORDS = 15

# A paragraph with no full stop but this many words is taken as body text that lost its stop.
LONG_UNPUNCTUATED_WORDS = 45
# ... and a shorter limit when it carries quotation marks ("..." ― Name closes many quote lists).
QUOTED_HEADLINE_WORDS = 16
QUOTE_MARKS = "\"“”«»"


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    furniture: str | None = None  #: why it is skipped, or None for running text


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines as paragraphs, or blank-line separated blocks when the text is hard-wrapped."""
    if _is_hard_wrapped(text):
        pieces = re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)
    else:
        pieces = re.finditer(r"[^\n]+", text)
    paragraphs = []
    for m in pieces:
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            paragraphs.append(Paragraph(start, end, text[start:end]))
    return paragraphs


def _is_hard_wrapped(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 8 or "\n\n" not in text:
        return False
    wrapped = sum(1 for line in lines if 50 <= len(line) <= 90 and not SENTENCE_END_RE.search(line))
    return wrapped / len(lines) > 0.5


def classify(paragraph: Paragraph) -> str | None:
    """Why a paragraph is furniture (``headline``, ``caption``, ``list``, ``site``), or None."""
    text = paragraph.text
    if BULLET_RE.match(text):
        return "list"
    if CAPTION_RE.search(text):
        return "caption"
    if FURNITURE_RE.search(text) or BREADCRUMB_RE.match(text) or BYLINE_RE.match(text):
        return "site"
    words = len(text.split())
    quoted = any(mark in text for mark in QUOTE_MARKS)
    if not SENTENCE_END_RE.search(text) and words < (QUOTED_HEADLINE_WORDS if quoted else LONG_UNPUNCTUATED_WORDS):
        return "headline"
    if _is_title_case(text):
        return "headline"
    return None


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    if not words or len(text.split()) > TITLE_MAX_WORDS:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE


def article_paragraphs(text: str) -> list[Paragraph]:
    """All paragraphs of an article, each with its furniture verdict."""
    paragraphs = split_paragraphs(text)
    for paragraph in paragraphs:
        paragraph.furniture = classify(paragraph)
    return paragraphs
