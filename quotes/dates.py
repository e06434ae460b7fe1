"""The date a statement was made, from the words that date its cue and the publication date.

:func:`said_on` turns ``on Friday`` (in an article published Friday 2016-05-27) into
``2016-05-27`` at ``day`` precision, ``In late March`` into ``2016-03`` at ``month`` precision,
and no words at all into the publication date (``published``). Weekdays, ``today`` and
``yesterday`` and the ``this``/``last`` week, month and year forms are tables here, resolved
with python-dateutil; other absolute and relative dates (``September 19``, ``two days ago``,
``March 2011``) go to dateparser with the publication date as its base. A date is never put
after the publication date: a weekday is the latest such day on or before it, and a date that
would land later falls back to the publication date.

Resolution never raises and never guesses wildly: whatever cannot be read, or reads outside
:data:`MIN_YEAR` .. the publication date, gives the publication date (``published``). A time of
day alone (``at 10 a.m.``) is the publication day; beside a weekday (``Friday at 10 a.m.``) it is
dropped. A date without a year that would be a few weeks after the publication in its year
(``on May 30`` in an article of May 27: time zones, datelines, a plan) is not moved a year back.

Not handled: time spans (``since March``, ``until May 25``, ``in 2016-17``: a bound or a
range, not the moment of speaking, so the publication date stays), decades (``in the 1990s``),
a day of the month alone (``on the 5th``), week precision (a week inside one month gives that
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
#: longer adjuncts are mostly clauses about something else (`which let her go in 2012`)
MAX_PHRASE_WORDS = 8
#: the earliest year a statement is dated to; earlier (a bad publication date such as
#: 0001-01-01, `in 1066`) gives the publication date. Also the first four-digit number read as
#: a year inside a phrase.
MIN_YEAR = 1900
DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night"})
#: a date without a year that falls this many days or fewer after the publication in the
#: publication's year is that date (a time zone ahead, an article dated early, a plan), not
#: the same day a year before: it gives the publication date
MAX_DAYS_AHEAD = 31
#: a time of day as written (`10 a.m.`, `11:00`, `noon`, `at 9`, `0700 GMT`), with its zone;
#: removed before the date is read, so that dateparser does not take `10 a` for October
TIME_OF_DAY = re.compile(
    r"\b(?:at\s+)?(?:about\s+|around\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?|o['’]clock\b)"
    r"|\d{1,2}:\d{2}\b|\d{4}\s+(?:gmt|utc)\b|noon\b|midday\b|midnight\b|(?<=at\s)(?:[01]?\d|2[0-3])\b(?!\s*[-/:]))"
    r"(?:\s*\(?(?:local\s+time|gmt|utc|[a-z]+\s+time|[ecmp][sd]?t)\b\)?)?",
    re.IGNORECASE)
#: `2016-17`, `2014/15`: a range of years (a season, a fiscal year), not one date
YEAR_RANGE = re.compile(r"\b\d{4}\s*[-–—/]\s*(?:\d{2}|\d{4})\b(?!\s*[-/]\s*\d)")
#: `1990s`, `'90s`: a decade, which no precision of said_on can hold
DECADE = re.compile(r"^\d+s$")
#: `5`, `5th`, `21st`: a number that could only be a day of an unnamed month
DAY_NUMBER = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$")


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
    article's ``published`` date; the publication date when the words give nothing, or
    nothing that can be right. Never raises.

    ``previous`` is the article's last statement dated by its text, for ``at the time``.
    """
    base = parse_published(published)
    fallback = SaidOn(base.isoformat(), "day", "published") if base else SaidOn(None, None, None)
    if not expression or base is None:
        return fallback
    try:
        words = _normalise(expression)
        if words in ANAPHORIC_WORDS:
            return previous if previous is not None and previous.source == "text" else fallback
        found = _resolve(words, base) if words else None
    except (ArithmeticError, ValueError):  # a date before year 1 or after 9999: nothing to say
        found = None
    if found is None or not _plausible(found[0], base):
        return fallback
    return SaidOn(found[0], found[1], "text")


def _plausible(value: str, base: dt.date) -> bool:
    """A resolved value from :data:`MIN_YEAR` up to the publication date, never after it."""
    return MIN_YEAR <= int(value[:4]) and value <= base.isoformat()[: len(value)]


def _normalise(expression: str) -> str:
    """Lower-case words without punctuation, times of day and leading prepositions; empty
    for a range of years or a time of day alone."""
    if YEAR_RANGE.search(expression):
        return ""
    expression = TIME_OF_DAY.sub(" ", expression)
    words = re.sub(r"[^\w\s-]", " ", expression.lower()).replace("-", " ").split()
    while words and words[0] in TIME_PREPOSITIONS:
        words = words[1:]
    return " ".join(words)


def _resolve(words: str, base: dt.date) -> tuple[str, str] | None:
    tokens = words.split()
    if not tokens or tokens[0] in BOUND_WORDS or any(DECADE.match(t) for t in tokens):
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
    if not _month_days_valid(tokens):
        return None
    found = _read(" ".join(tokens), base)
    if found is None:
        return None
    value, precision = found
    if not _weekday_agrees(value, precision, tokens):
        return None
    if vague and precision == "day":
        value, precision = value[:7], "month"
    return value, precision


def _not_a_date(tokens: list[str]) -> bool:
    """`at 86` (an age), `just three days` (a duration), `the 5th` (a day of which month?):
    numbers dateparser would still read."""
    numbers = [t for t in tokens if t not in FILLER_WORDS]
    if numbers and all(DAY_NUMBER.match(t) or (t.isdigit() and len(t) != 4) for t in numbers):
        return True
    return bool(set(tokens) & DURATION_UNITS) and "ago" not in tokens


def _month_days_valid(tokens: list[str]) -> bool:
    """Every number beside a month name is a day (1-31) or a four-digit year: `March 33` is
    not March 1933."""
    if not set(tokens) & set(MONTHS):
        return True
    for token in tokens:
        digits = token.rstrip("stndrh") if DAY_NUMBER.match(token) else token
        if digits.isdigit() and len(digits) != 4 and not 1 <= int(digits) <= 31:
            return False
    return True


def _weekday_agrees(value: str, precision: str, tokens: list[str]) -> bool:
    """A day read beside a weekday falls on it: `Monday, September 19` read as a Saturday a
    year back is a guess, not a date."""
    named = {WEEKDAYS.index(t) for t in tokens if t in WEEKDAYS}
    return precision != "day" or not named or dt.date.fromisoformat(value).weekday() in named


def _inside(tokens: list[str], base: dt.date) -> tuple[str, str] | None:
    """A date named inside a longer phrase: `At Monday's debate`, `in a ruling released
    Thursday`, `at a campaign stop this week`, `In an August speech`, `In a 2013 memo`."""
    text = " ".join(tokens)
    for phrase in sorted(PERIOD_WORDS, key=len, reverse=True):
        if f" {phrase} " in f" {text} ":
            return _period(base, *PERIOD_WORDS[phrase])
    months = [i for i, t in enumerate(tokens) if t in MONTHS and (t != "may" or _month_may(tokens, i))]
    days = [i for i, t in enumerate(tokens) if t in WEEKDAYS]
    if len(days) == 1 and not months:
        i = days[0]
        return _weekday_before(tokens[i], tokens[i - 1] if i else "", base)
    if len(months) == 1:
        i = months[0]
        following = [t for t in tokens[i + 1:i + 3] if t.isdigit()]
        if not _month_days_valid([tokens[i], *following]):
            return None
        found = _read(" ".join([tokens[i], *following]), base)
        return found if found and _weekday_agrees(*found, tokens) else None
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


def _period(base: dt.date, unit: str, offset: int, cutoff: dt.date | None = None) -> tuple[str, str] | None:
    """The month or year ``offset`` units from ``base``; for a week, the month (or year) its
    days up to ``cutoff`` (the publication date, by default ``base``) lie in."""
    if unit == "year":
        return f"{base.year + offset:04d}", "year"
    if unit == "month":
        month = base + relativedelta(months=offset)
        return f"{month.year:04d}-{month.month:02d}", "month"
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=offset)
    last = min(monday + dt.timedelta(days=6), cutoff or base)
    if last < monday:
        return None  # a week that starts after the publication
    if (monday.year, monday.month) == (last.year, last.month):
        return f"{monday.year:04d}-{monday.month:02d}", "month"
    return (f"{monday.year:04d}", "year") if monday.year == last.year else None


#: words beside a weekday that leave it the day it names (`late on Thursday`, `Friday morning`)
WEEKDAY_COMPANIONS = frozenset({"last", "this", "past", "on"}) | DAY_PARTS | VAGUE_MODIFIERS | FILLER_WORDS


def _weekday(tokens: list[str], base: dt.date) -> tuple[str, str] | None:
    """`Friday`, `last Friday`, `late on Thursday`, `Friday morning`, `this Friday`;
    `Monday, September 19` is left to the date written out beside it."""
    days = [i for i, t in enumerate(tokens) if t in WEEKDAYS]
    if len(days) != 1:
        return None
    if any(t not in WEEKDAYS and t not in WEEKDAY_COMPANIONS for t in tokens):
        return None  # a date written out beside the weekday: dateparser reads it
    i = days[0]
    return _weekday_before(tokens[i], tokens[i - 1] if i else "", base)


def _weekday_before(name: str, modifier: str, base: dt.date) -> tuple[str, str] | None:
    """The day ``name`` on or before ``base``; ``last Friday`` on a Friday is the week before;
    ``this Friday`` is the Friday of the publication's week (None when it is still to come)."""
    wanted = WEEKDAYS.index(name)
    if modifier == "this":
        day = base + dt.timedelta(days=wanted - base.weekday())
        return _day(day) if day <= base else None
    back = (base.weekday() - wanted) % 7
    if back == 0 and modifier in ("last", "past"):
        back = 7
    return _day(base - dt.timedelta(days=back))


def _read(words: str, base: dt.date) -> tuple[str, str] | None:
    """``words`` read by dateparser, except a date without a year that would be days after
    the publication in the publication's year: dateparser puts it a year back."""
    found = _dateparser(words, base)
    if found is None or found[1] == "year" or re.search(r"\b\d{4}\b", words):
        return found
    value, precision = found
    if int(value[:4]) >= base.year:
        return found
    try:
        ahead = dt.date.fromisoformat(f"{base.year:04d}{value[4:]}" + ("-01" if precision == "month" else ""))
    except ValueError:  # 29 February
        return found
    return None if base < ahead <= base + dt.timedelta(days=MAX_DAYS_AHEAD) else found


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
        return _period(day, "week", 0, cutoff=base)
    if period in ("day", "time"):
        return day.isoformat(), "day"
    return None


@lru_cache(maxsize=256)
def _date_parser(base: dt.date):
    from dateparser.date import DateDataParser

    # the end of the publication day: `two hours ago` is that day, not the day before
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 23, 59, 59),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    })
