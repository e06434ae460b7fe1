"""The date a statement was made, from the words that date its cue and the publication date.

:func:`said_on` turns ``on Friday`` (in an article published Friday 2016-05-27) into
``2016-05-27`` at ``day`` precision, ``In late March`` into ``2016-03`` at ``month`` precision,
and no words at all into the publication date (``published``). Weekdays, ``today`` and
``yesterday`` and the ``this``/``last`` week, month and year forms are tables here, resolved
with python-dateutil; other absolute and relative dates (``September 19``, ``two days ago``,
``March 2011``) go to dateparser with the publication date as its base. A date is never put
after the publication date: a weekday is the latest such day on or before it, and a date that
would land later falls back to the publication date.

Not handled: time spans (``since March``, ``until May 25``: a bound, not the moment of
speaking, so the publication date stays), week precision (a week inside one month gives that
month, else its year), and expressions in languages other than English.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta

#: what ``said_on_precision`` may hold, finest first; a value has 10, 7 or 4 characters
PRECISIONS = {"day": 10, "month": 7, "year": 4}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

#: leading words that only say "at that time" and are dropped before reading the date
TIME_PREPOSITIONS = ("on", "in", "at", "during", "over", "the")
#: leading words that make the expression a bound or a span, not the time of speaking
BOUND_WORDS = frozenset({"since", "until", "till", "from", "by", "before", "after", "as",
                         "starting", "through", "between", "within", "for"})
#: modifiers that keep a month or year but make a day meaningless (`late March`)
VAGUE_MODIFIERS = frozenset({"late", "early", "mid", "end", "beginning", "middle"})
#: words dropped before dateparser reads the rest (`the evening of September 19`)
FILLER_WORDS = frozenset({"the", "of", "morning", "afternoon", "evening", "night"})

#: day offsets from the publication date, for words that name one day (news usage: `today`
#: and `earlier in the day` are the day of publication)
DAY_WORDS = {
    "today": 0, "earlier today": 0, "later today": 0, "earlier in the day": 0,
    "later in the day": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "tonight": 0, "yesterday": -1, "last night": -1, "yesterday morning": -1,
    "yesterday afternoon": -1, "yesterday evening": -1, "the day before": -1,
}
#: month and year words relative to the publication date: (unit, offset)
PERIOD_WORDS = {
    "this month": ("month", 0), "earlier this month": ("month", 0), "last month": ("month", -1),
    "earlier last month": ("month", -1), "this year": ("year", 0), "earlier this year": ("year", 0),
    "last year": ("year", -1), "this week": ("week", 0), "earlier this week": ("week", 0),
    "last week": ("week", -1), "earlier last week": ("week", -1),
}
#: `at the time`, `on that day` (after dropping the prepositions): the time named before
ANAPHORIC_WORDS = frozenset({"time", "that time", "that day"})
#: units that make a number a duration (`three days`) unless `ago` follows
DURATION_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years",
                            "hour", "hours", "minute", "minutes"})
#: the longest phrase searched for a date inside it (`in an interview with CNN on Monday`);
#: longer adjuncts are mostly clauses about something else (`which let him go in 2015`)
MAX_PHRASE_WORDS = 8
#: a four-digit number inside a phrase counts as a year from this one on
MIN_YEAR = 1900
DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night"})


@dataclass(frozen=True)
class SaidOn:
    """When a statement was made: ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    value: str | None
    precision: str | None  #: ``day``, ``month`` or ``year``
    source: str | None  #: ``text`` (the sentence dates it) or ``published`` (the article's date)


def parse_published(published: str | None) -> dt.date | None:
    """The publication date as a date, or None when it is missing or not ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def said_on(expression: str | None, published: str | None, previous: SaidOn | None = None) -> SaidOn:
    """When the statement was made, from ``expression`` (the cue's time words) and the
    article's ``published`` date; the publication date when the words give nothing.

    ``previous`` is the article's last statement dated by its text, for ``at the time``.
    """
    base = parse_published(published)
    fallback = SaidOn(base.isoformat(), "day", "published") if base else SaidOn(None, None, None)
    if not expression or base is None:
        return fallback
    words = _normalise(expression)
    if words in ANAPHORIC_WORDS:
        return previous if previous is not None and previous.source == "text" else fallback
    found = _resolve(words, base)
    if found is None:
        return fallback
    value, precision = found
    if value > base.isoformat()[: len(value)]:
        return fallback  # never after the publication
    return SaidOn(value, precision, "text")


def _normalise(expression: str) -> str:
    words = re.sub(r"[^\w\s-]", " ", expression.lower()).replace("-", " ").split()
    while words and words[0] in TIME_PREPOSITIONS:
        words = words[1:]
    return " ".join(words)


def _resolve(words: str, base: dt.date) -> tuple[str, str] | None:
    tokens = words.split()
    if not tokens or tokens[0] in BOUND_WORDS:
        return None
    found = _whole(words, tokens, base)
    if found is None and len(tokens) <= MAX_PHRASE_WORDS:
        found = _inside(tokens, base)
    return found


def _whole(words: str, tokens: list[str], base: dt.date) -> tuple[str, str] | None:
    """The expression read as a date as a whole (`on Friday`, `In late March`, `last month`)."""
    if words in DAY_WORDS:
        return _day(base + dt.timedelta(days=DAY_WORDS[words]))
    if words in PERIOD_WORDS:
        return _period(base, *PERIOD_WORDS[words])
    weekday = _weekday(tokens, base)
    if weekday is not None:
        return weekday
    if _not_a_date(tokens):
        return None
    vague = bool(set(tokens) & VAGUE_MODIFIERS)
    tokens = [t for t in tokens if t not in VAGUE_MODIFIERS and t not in FILLER_WORDS]
    if tokens and tokens[0] == "last" and len(tokens) == 2 and tokens[1] in MONTHS:
        return _last_month_named(tokens[1], base)
    found = _dateparser(" ".join(tokens), base)
    if found is None:
        return None
    value, precision = found
    if vague and precision == "day":
        value, precision = value[:7], "month"
    return value, precision


def _not_a_date(tokens: list[str]) -> bool:
    """`at 86` (an age), `just three days` (a duration): numbers dateparser would still read."""
    if len(tokens) == 1 and tokens[0].isdigit() and len(tokens[0]) != 4:
        return True
    return bool(set(tokens) & DURATION_UNITS) and "ago" not in tokens


def _inside(tokens: list[str], base: dt.date) -> tuple[str, str] | None:
    """A date named inside a longer phrase: `At Monday's debate`, `in a ruling released
    Thursday`, `at a campaign stop this week`, `In an August speech`, `In a 2013 memo`."""
    text = " ".join(tokens)
    for phrase in sorted(PERIOD_WORDS, key=len, reverse=True):
        if f" {phrase} " in f" {text} ":
            return _period(base, *PERIOD_WORDS[phrase])
    months = [i for i, t in enumerate(tokens) if t in MONTHS and (t != "may" or _month_may(tokens, i))]
    days = [t for t in tokens if t in WEEKDAYS]
    if len(days) == 1 and not months:
        back = (base.weekday() - WEEKDAYS.index(days[0])) % 7
        last = tokens.index(days[0]) > 0 and tokens[tokens.index(days[0]) - 1] in ("last", "past")
        return _day(base - dt.timedelta(days=back or (7 if last else 0)))
    if len(months) == 1:
        i = months[0]
        following = [t for t in tokens[i + 1:i + 3] if t.isdigit()]
        return _dateparser(" ".join([tokens[i], *following]), base)
    years = [t for t in tokens if t.isdigit() and len(t) == 4 and MIN_YEAR <= int(t) <= base.year]
    if len(years) == 1:
        return years[0], "year"
    return None


def _month_may(tokens: list[str], i: int) -> bool:
    """`May` the month, not the verb: after an article or before a day or year."""
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return before in ("a", "in", "early", "late", "mid", "last", "this") or after.isdigit()


def _last_month_named(name: str, base: dt.date) -> tuple[str, str]:
    month = MONTHS.index(name) + 1
    year = base.year if month < base.month else base.year - 1
    return f"{year:04d}-{month:02d}", "month"


def _day(day: dt.date) -> tuple[str, str]:
    return day.isoformat(), "day"


def _period(base: dt.date, unit: str, offset: int) -> tuple[str, str]:
    if unit == "year":
        return f"{base.year + offset:04d}", "year"
    if unit == "month":
        month = base + relativedelta(months=offset)
        return f"{month.year:04d}-{month.month:02d}", "month"
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=offset)
    last = min(monday + dt.timedelta(days=6), base)
    if (monday.year, monday.month) == (last.year, last.month):
        return f"{monday.year:04d}-{monday.month:02d}", "month"
    return (f"{monday.year:04d}", "year") if monday.year == last.year else None


def _weekday(tokens: list[str], base: dt.date) -> tuple[str, str] | None:
    """`Friday`, `last Friday`, `Friday morning`, `Monday, September 19` (the date wins)."""
    days = [t for t in tokens if t in WEEKDAYS]
    if len(days) != 1:
        return None
    rest = [t for t in tokens if t not in WEEKDAYS and t not in DAY_PARTS and t not in ("last", "this", "past")]
    if rest:
        return None  # a date written out beside the weekday: dateparser reads it
    back = (base.weekday() - WEEKDAYS.index(days[0])) % 7
    if back == 0 and tokens[0] in ("last", "past"):
        back = 7
    return _day(base - dt.timedelta(days=back))


@lru_cache(maxsize=4096)
def _dateparser(words: str, base: dt.date) -> tuple[str, str] | None:
    """An absolute or relative date read by dateparser, preferring dates before ``base``."""
    parser = _date_parser(base)
    data = parser.get_date_data(words)
    if data is None or data.date_obj is None:
        return None
    day, period = data.date_obj.date(), data.period
    if period == "year":
        return f"{day.year:04d}", "year"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}", "month"
    if period == "week":
        return _period(day, "week", 0)
    if period in ("day", "time"):
        return day.isoformat(), "day"
    return None


@lru_cache(maxsize=256)
def _date_parser(base: dt.date):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    })
