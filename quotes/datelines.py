"""Datelines: the place, outlet and date wire copy opens with (``MOSCOW, May 27. /TASS/.``,
``WASHINGTON (Reuters) -``, ``BEIRUT, Lebanon (AP) —``, ``(CNN) --``).

:func:`parse_dateline` finds one near the top of a text; :func:`apply_dateline` fills an
:class:`~quotes.models.Article`'s place, outlet and date from it where the metadata left them
empty, never inventing a year (:mod:`quotes.articles` gives it the year hints it has). Not
handled: datelines in other languages, and a region after the place (``Lebanon``), which is
matched but not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from quotes.models import Article

#: datelines are looked for in this many non-blank lines at the top of the text: a headline, a
#: standfirst and site furniture ("All news") can come first, as in seeds 000 and 002
DATELINE_MAX_LINES = 4

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
#: month names as datelines write them: in full, in three letters, and AP's "Sept"
MONTHS = {name[:size]: number for number, name in enumerate(MONTH_NAMES, start=1)
          for size in (3, len(name))} | {"Sept": 9}

# Dateline shapes, from the wire services' house styles: TASS (``MOSCOW, May 27. /TASS/.``),
# Reuters (``WASHINGTON (Reuters) -``, ``LONDON, Jan 5 (Reuters) -``), AP (``BEIRUT, Lebanon
# (AP) —``) and CNN (``(CNN) --``). The place is in capitals; a region after it (``Lebanon``)
# is matched but not kept.
_PLACE = r"(?P<place>[A-Z][A-Z'’.\-/]*(?: [A-Z][A-Z'’.\-/]*){0,3})"
_REGION = r"(?:, [A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,2})?"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = rf"(?:,? (?P<month>{_MONTH})\.? (?P<day>\d{{1,2}})(?:, ?(?P<year>\d{{4}}))?)?"
_OUTLET = r"(?P<outlet>[A-Za-z][\w.&' \-]{0,30}?)"
_DASH = r"\s*(?:--|[-—–])"
DATELINE_PATTERNS = (
    re.compile(rf"{_PLACE}{_REGION}{_DATE}(?:\.\s*|\s+)/{_OUTLET}/\.?"),
    re.compile(rf"{_PLACE}{_REGION}{_DATE}\s*\({_OUTLET}\){_DASH}"),
    re.compile(rf"\({_OUTLET}\){_DASH}"),
)


@dataclass(frozen=True)
class Dateline:
    """A dateline at the top of an article; ``start``/``end`` are its offsets in the text."""

    place: str | None
    outlet: str | None
    start: int
    end: int
    month: int | None = None
    day: int | None = None
    year: int | None = None

    @property
    def month_day(self) -> str | None:
        """``May 27``, or None when the dateline gives no date."""
        if self.month is None or self.day is None:
            return None
        return f"{MONTH_NAMES[self.month - 1]} {self.day}"


def apply_dateline(article: Article, dateline: Dateline | None,
                   year_hints: list[tuple[int, str]]) -> None:
    """Fill place, outlet and date from ``dateline`` where the metadata left them empty."""
    if dateline is None:
        return
    article.dateline = dateline.place
    article.source = article.source or dateline.outlet
    if article.published or dateline.month_day is None:
        return
    earlier = f"; {article.published_note}" if article.published_note else ""
    year, note = dateline.year, "dateline"
    if year is None and year_hints:
        year, origin = year_hints[0]
        note = f"dateline; year from {origin}"
    if year is None:
        article.published_note = f"dateline gives {dateline.month_day}, no year{earlier}"
        return
    try:
        article.published = date(year, dateline.month, dateline.day).isoformat()
        article.published_note = note
    except ValueError:
        article.published_note = f"dateline gives {dateline.month_day} {year}, not a date{earlier}"


def parse_dateline(text: str) -> Dateline | None:
    """The dateline among the first :data:`DATELINE_MAX_LINES` non-blank lines of ``text``."""
    offset, seen = 0, 0
    for line in text.split("\n"):
        if line.strip():
            seen += 1
            match = _match_dateline(line.lstrip())
            if match:
                shift = offset + len(line) - len(line.lstrip())
                return _dateline_from_match(match, shift)
            if seen >= DATELINE_MAX_LINES:
                return None
        offset += len(line) + 1
    return None


def _match_dateline(line: str) -> re.Match | None:
    for pattern in DATELINE_PATTERNS:
        match = pattern.match(line)
        if match:
            return match
    return None


def _dateline_from_match(match: re.Match, shift: int) -> Dateline:
    groups = match.groupdict()
    month = MONTHS.get(groups.get("month") or "")
    return Dateline(
        place=groups.get("place"), outlet=groups["outlet"].strip(),
        start=shift + match.start(), end=shift + match.end(),
        month=month, day=int(groups["day"]) if groups.get("day") else None,
        year=int(groups["year"]) if groups.get("year") else None,
    )
