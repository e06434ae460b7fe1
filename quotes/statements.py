"""Statements: the quotes of one speaker that carry the same words, across articles and outlets.

A statement is reported many times: whole, trimmed at either end, cut with an ellipsis, with a
word changed, as a direct quote in one outlet and a mixed one in another. :func:`group_quotes`
puts such quotes of one speaker together (its text is the longest direct version); :func:`refresh_statements` recomputes the groups of a
whole database and writes the ``statements`` table and ``quotes.statement_id`` (see
docs/SCHEMA.md), writing only what changed.

How two quotes are found to be one statement (every threshold is named below):

1. Blocking: only quotes of the same speaker are compared, and only those that share a
   three-word shingle of their normalised words (lower case, no punctuation) and are dated
   within :data:`WINDOW_DAYS` of each other; each quote looks back over at most
   :data:`MAX_LOOKBACK` earlier quotes per shingle, so a speaker's stock phrases cost no more
   than that. Never all pairs.
2. Matching: the words of the two quotes are aligned (rapidfuzz's Indel alignment, a longest
   common subsequence); runs of at least :data:`MIN_RUN` aligned words must cover
   :data:`MIN_COVERAGE` of the shorter quote, which must have at least :data:`MIN_WORDS` words.
   So one quote contained in another, trimmed, cut by an ellipsis or with a few words changed
   matches; a short stock phrase, or two quotes sharing only function words, does not. Two
   indirect quotes never match each other (their words are reporters', and on 2,000 news
   articles such pairs were mostly a summary an outlet repeated); an indirect quote may match a
   direct or mixed one, whose words are the speaker's.
3. Grouping: matched pairs join, best matches first, unless the group would then span more
   than :data:`MAX_SPAN_DAYS` (the same phrase said again months later stays apart). A group
   quoted in at least two articles becomes a statement.

A quote's date is its ``said_on`` when that gives the day, else its article's ``published``.
Ids are kept: a group takes the id most of its quotes already had, so an incremental build
keeps the ids of statements whose quotes did not change; a new group gets ``s`` + a hash of its
speaker and its first quote's id.

Not handled: paraphrases (indirect speech in other words), undated quotes (never grouped),
quotes with no speaker, and a statement by two speakers.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from rapidfuzz.distance import Indel

#: words a quote must have to be grouped at all (shorter ones are stock phrases: "we will see")
MIN_WORDS = 6
#: words in a shingle, the blocking key
SHINGLE_WORDS = 3
#: aligned runs shorter than this do not count (scattered `of the` is no evidence)
MIN_RUN = 3
#: share of the shorter quote's words that aligned runs must cover
MIN_COVERAGE = 0.8
#: two quotes are compared only when their dates are at most this far apart
WINDOW_DAYS = 30
#: a statement's quotes span at most this many days
MAX_SPAN_DAYS = 60
#: per shingle, the most recent earlier quotes a quote is compared with
MAX_LOOKBACK = 60
#: statements need quotes in at least this many articles
MIN_ARTICLES = 2

_PUNCTUATION_IN_WORDS = re.compile(r"[.'’‘`]")
_WORD = re.compile(r"\w+")


@dataclass
class QuoteItem:
    """What grouping needs of one quote (plain data, read from the quotes table)."""

    id: str
    speaker_id: str
    article_id: str
    text: str
    day: int | None  #: the quote's date as a proleptic ordinal, None when undated
    published: str | None = None
    source: str | None = None
    previous: str | None = None  #: the statement id it had before
    kind: str | None = None  #: ``direct``, ``mixed`` or ``indirect``
    words: list[str] = field(default_factory=list)


def normalise_words(text: str) -> list[str]:
    """Lower-case words without punctuation: `U.S.` and `US`, `don’t` and `don't` agree."""
    return _WORD.findall(_PUNCTUATION_IN_WORDS.sub("", text.lower()))


def coverage(shorter: Sequence[str], longer: Sequence[str]) -> float:
    """Share of ``shorter``'s words aligned with ``longer`` in runs of :data:`MIN_RUN` or more."""
    if not shorter:
        return 0.0
    aligned = sum(op.src_end - op.src_start for op in Indel.opcodes(shorter, longer)
                  if op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN)
    return aligned / len(shorter)


def same_statement(a: Sequence[str], b: Sequence[str]) -> float:
    """How well two quotes' words match (0 when they are not one statement)."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) < MIN_WORDS:
        return 0.0
    score = coverage(shorter, longer)
    return score if score >= MIN_COVERAGE else 0.0


def quote_day(said_on: str | None, precision: str | None, published: str | None) -> int | None:
    """The day a quote is placed at for grouping: ``said_on`` to the day, else ``published``."""
    for value in ((said_on if precision == "day" else None), published, said_on):
        if value and len(value) >= 4:
            try:
                parts = [int(p) for p in value[:10].split("-")] + [1, 1]
                return date(parts[0], parts[1], parts[2]).toordinal()
            except (ValueError, IndexError):
                continue
    return None


def group_quotes(items: list[QuoteItem]) -> list[list[QuoteItem]]:
    """The groups of one speaker's quotes that are one statement (groups of two or more)."""
    dated = sorted((q for q in items if q.day is not None), key=lambda q: (q.day, q.id))
    for q in dated:
        q.words = q.words or normalise_words(q.text)
    usable = [q for q in dated if len(q.words) >= MIN_WORDS]
    pairs = []
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, quote in enumerate(usable):
        candidates = set()
        for shingle in _shingles(quote.words):
            posting = postings[shingle]
            for j in reversed(posting[-MAX_LOOKBACK:]):
                if quote.day - usable[j].day > WINDOW_DAYS:
                    break
                candidates.add(j)
            posting.append(i)
        for j in sorted(candidates):
            if quote.kind == usable[j].kind == "indirect":
                continue  # two reporters' wordings: a paraphrase copied, not the speaker's words
            score = same_statement(quote.words, usable[j].words)
            if score:
                pairs.append((-score, j, i))
    return _join(usable, sorted(pairs))


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[k:k + SHINGLE_WORDS]) for k in range(len(words) - SHINGLE_WORDS + 1)}


def _join(quotes: list[QuoteItem], pairs: list[tuple[float, int, int]]) -> list[list[QuoteItem]]:
    """Union the matched pairs, best first, keeping each group within MAX_SPAN_DAYS."""
    parent = list(range(len(quotes)))
    span = [(q.day, q.day) for q in quotes]

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for _, a, b in pairs:
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        first, last = min(span[ra][0], span[rb][0]), max(span[ra][1], span[rb][1])
        if last - first > MAX_SPAN_DAYS:
            continue
        parent[rb] = ra
        span[ra] = (first, last)
    groups: dict[int, list[QuoteItem]] = defaultdict(list)
    for k, quote in enumerate(quotes):
        groups[root(k)].append(quote)
    return [g for g in groups.values() if len(g) > 1]


# --- the database --------------------------------------------------------------------------

_READ = """
SELECT id, speaker_id, article_id, text, said_on, said_on_precision, published, source,
       statement_id, kind
FROM quotes WHERE speaker_id IS NOT NULL ORDER BY speaker_id
"""


def read_quotes(conn: sqlite3.Connection) -> Iterator[list[QuoteItem]]:
    """Every attributed quote, one speaker at a time."""
    rows = conn.execute(_READ)
    for _, speaker_rows in groupby(rows, key=lambda row: row[1]):
        yield [QuoteItem(id=r[0], speaker_id=r[1], article_id=r[2], text=r[3] or "",
                         day=quote_day(r[4], r[5], r[6]), published=r[6], source=r[7], previous=r[8],
                         kind=r[9])
               for r in speaker_rows]


def statement_rows(groups: Iterable[list[QuoteItem]]) -> tuple[list[tuple], list[tuple]]:
    """The ``statements`` rows and the (quote id, statement id, outlet count) links of
    ``groups``, keeping the ids quotes had before where possible."""
    statements, links, taken = [], [], set()
    kept = [g for g in groups if len({q.article_id for q in g}) >= MIN_ARTICLES]
    # groups with the most quotes choose their old id first
    for group in sorted(kept, key=lambda g: (-len(g), min(q.id for q in g))):
        group.sort(key=lambda q: (q.published or "9999", q.day, q.id))
        statement_id = _statement_id(group, taken)
        taken.add(statement_id)
        outlets = {q.source for q in group if q.source}
        dates = [q.published for q in group if q.published]
        # the speaker's own words: the longest direct version (a mixed or indirect one holds
        # the reporter's words too), the earliest of equals
        fullest = max(reversed(group), key=lambda q: (q.kind == "direct", len(q.words)))
        statements.append((
            statement_id, group[0].speaker_id, fullest.text, min(dates, default=None),
            max(dates, default=None), len(group), len({q.article_id for q in group}),
            len(outlets), group[0].source,
        ))
        links.extend((q.id, statement_id, len(outlets)) for q in group)
    return statements, links


def _statement_id(group: list[QuoteItem], taken: set[str]) -> str:
    old = Counter(q.previous for q in group if q.previous and q.previous not in taken)
    if old:
        return min(old, key=lambda sid: (-old[sid], sid))
    seed = f"{group[0].speaker_id}\n{group[0].id}"
    for n in range(100):
        candidate = "s" + hashlib.sha256(f"{seed}\n{n}".encode()).hexdigest()[:12]
        if candidate not in taken:
            return candidate
    raise RuntimeError("no free statement id")  # 100 hash collisions: cannot happen


def refresh_statements(conn: sqlite3.Connection) -> int:
    """Regroup every attributed quote into statements; write only the rows that change.

    Returns the number of rows written. Runs inside the caller's transaction.
    """
    groups = (g for speaker in read_quotes(conn) for g in group_quotes(speaker))
    statements, links = statement_rows(groups)
    conn.execute("DROP TABLE IF EXISTS temp.fresh_statements")
    conn.execute("DROP TABLE IF EXISTS temp.statement_links")
    conn.execute("CREATE TEMP TABLE fresh_statements (id TEXT PRIMARY KEY, speaker_id TEXT, text TEXT,"
                 " first_published TEXT, last_published TEXT, quote_count INTEGER,"
                 " article_count INTEGER, outlet_count INTEGER, first_outlet TEXT)")
    conn.execute("CREATE TEMP TABLE statement_links (quote_id TEXT PRIMARY KEY, statement_id TEXT,"
                 " outlets INTEGER)")
    conn.executemany("INSERT INTO temp.fresh_statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", statements)
    conn.executemany("INSERT INTO temp.statement_links VALUES (?, ?, ?)", links)
    changed = 0
    for sql in _WRITE_STATEMENTS:
        conn.execute(sql)
        changed += conn.execute("SELECT changes()").fetchone()[0]
    conn.execute("DROP TABLE temp.fresh_statements")
    conn.execute("DROP TABLE temp.statement_links")
    return changed


_COLUMNS = ("speaker_id", "text", "first_published", "last_published", "quote_count",
            "article_count", "outlet_count", "first_outlet")

_WRITE_STATEMENTS = (
    "DELETE FROM statements WHERE id NOT IN (SELECT id FROM temp.fresh_statements)",
    f"""INSERT INTO statements (id, {', '.join(_COLUMNS)})
    SELECT id, {', '.join(_COLUMNS)} FROM temp.fresh_statements WHERE true
    ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _COLUMNS)}
    WHERE {' OR '.join(f'statements.{c} IS NOT excluded.{c}' for c in _COLUMNS)}""",
    """UPDATE quotes SET statement_id = l.statement_id, statement_outlets = l.outlets
    FROM temp.statement_links AS l
    WHERE l.quote_id = quotes.id
      AND (quotes.statement_id IS NOT l.statement_id OR quotes.statement_outlets IS NOT l.outlets)""",
    """UPDATE quotes SET statement_id = NULL, statement_outlets = NULL
    WHERE statement_id IS NOT NULL
      AND id NOT IN (SELECT quote_id FROM temp.statement_links)""",
)
