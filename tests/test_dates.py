"""When a statement was made: quotes.dates on its own, then the seeds built for real.

The seed table was checked by hand against the articles: every seed quote whose cue (or the
quote's clause) carries a date expression, with the date a careful reader gives it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.dates import SaidOn, said_on

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# expression, publication date -> said_on, precision (source "text")
RESOLVED = [
    ("on Friday", "2016-05-27", "2016-05-27", "day"),  # a Friday: the same day
    ("on Wednesday", "2016-05-27", "2016-05-25", "day"),
    ("last Friday", "2016-05-27", "2016-05-20", "day"),
    ("Friday morning", "2016-05-28", "2016-05-27", "day"),
    ("In late March", "2016-05-20", "2016-03", "month"),
    ("in mid-April", "2016-05-20", "2016-04", "month"),
    ("at the end of March", "2016-05-20", "2016-03", "month"),
    ("yesterday", "2016-05-20", "2016-05-19", "day"),
    ("Earlier in the day", "2016-05-20", "2016-05-20", "day"),
    ("earlier this month", "2016-05-27", "2016-05", "month"),
    ("last month", "2016-01-10", "2015-12", "month"),
    ("last week", "2016-05-27", "2016-05", "month"),
    ("last year", "2016-05-27", "2015", "year"),
    ("in 2015", "2016-05-27", "2015", "year"),
    ("last September", "2016-09-29", "2015-09", "month"),
    ("on September 17", "2016-09-22", "2016-09-17", "day"),
    ("On Monday, September 19", "2016-09-22", "2016-09-19", "day"),
    ("in the evening of September 19", "2016-09-22", "2016-09-19", "day"),
    ("two days ago", "2016-05-27", "2016-05-25", "day"),
    ("on December 30", "2016-01-05", "2015-12-30", "day"),  # a year back when that is near
    # a weekday with a time of day, or how early or late in it, is that weekday
    ("Friday at 10 a.m.", "2016-05-27", "2016-05-27", "day"),
    ("on Thursday at 11:00", "2016-05-27", "2016-05-26", "day"),
    ("on Thursday at 10 p.m. local time", "2016-05-27", "2016-05-26", "day"),
    ("late Thursday", "2016-05-27", "2016-05-26", "day"),
    ("early Friday", "2016-05-27", "2016-05-27", "day"),
    ("late on Thursday", "2016-05-27", "2016-05-26", "day"),
    ("this Monday", "2016-05-25", "2016-05-23", "day"),  # Monday of the publication's week
    # a date inside a longer adjunct (phrases from PolNeAR articles)
    ("At Monday’s presidential debate", "2016-09-30", "2016-09-26", "day"),
    ("In a Facebook message posted Friday", "2016-09-26", "2016-09-23", "day"),
    ("earlier Wednesday", "2016-09-08", "2016-09-07", "day"),
    ("in a statement this month", "2016-09-12", "2016-09", "month"),
    ("at a campaign stop this week", "2016-10-04", "2016-10", "month"),
    ("In an August speech", "2016-09-29", "2016-08", "month"),
    ("During a May interview on a morning business show", "2016-09-23", "2016-05", "month"),
    ("In a 2013 memo", "2016-09-12", "2013", "year"),
]


@pytest.mark.parametrize("expression, published, value, precision", RESOLVED)
def test_expressions_resolve_against_the_publication_date(expression, published, value, precision):
    assert said_on(expression, published) == SaidOn(value, precision, "text")


@pytest.mark.parametrize("expression", [
    None, "", "since March 2011", "until May 25", "starting from Wednesday", "some words", "at the time",
    "at 86", "just three days", "in the early days of a new administration", "in recent months",
    "during her years at the network, which let her go in 2012",  # a clause about something else
])
def test_what_does_not_date_the_statement_keeps_the_publication_date(expression):
    assert said_on(expression, "2016-05-27") == SaidOn("2016-05-27", "day", "published")


# Each of these once gave a wrong date (the value in the comment); what they say is no date a
# careful reader would give the statement, so the publication date stays.
@pytest.mark.parametrize("expression", [
    "at 10 a.m.", "at noon", "at 9",  # a time of day alone (2016-05-26: dateparser's past)
    "on May 28", "on May 30", "on Monday, May 30", "on June 15",  # days after the publication (2015)
    "in June",  # next month (2015-06)
    "on the 5th",  # which month's 5th? (2016-05)
    "in the 1990s", "in the '90s",  # a decade (2016-05-26)
    "in 2016-17", "in 2014/15",  # a range of years (2016-05-17)
    "On March 33",  # no such day (1933-03)
    "in 1850",  # before MIN_YEAR
    "this Friday",  # in a Wednesday article, the Friday still to come (2016-05-20)
    "On Monday, September 19",  # 2015-09-19 was a Saturday
])
def test_what_cannot_be_right_keeps_the_publication_date(expression):
    published = "2016-05-25" if expression == "this Friday" else "2016-05-27"
    assert said_on(expression, published) == SaidOn(published, "day", "published")


@pytest.mark.parametrize("expression, published", [
    ("yesterday", "0001-01-01"), ("on Friday", "0001-01-01"), ("last week", "0001-01-03"),
    ("two days ago", "0001-01-01"), ("last month", "0001-01-05"), ("last year", "0001-05-05"),
    ("in 2015", "0001-05-05"), ("tomorrow", "9999-12-31"), ("next year", "9999-12-31"),
])
def test_dates_at_the_ends_of_the_calendar_never_raise(expression, published):
    """Once OverflowError, ValueError (year 0) and year "0000": a bad publication date must
    not stop a build; the statement keeps the date the article gives."""
    assert said_on(expression, published) == SaidOn(published, "day", "published")


def test_at_the_time_follows_the_previous_dated_statement():
    before = said_on("In late March", "2016-05-20")
    assert said_on("at the time", "2016-05-20", before) == before


def test_without_a_publication_date_nothing_is_guessed():
    assert said_on("on Friday", None) == SaidOn(None, None, None)
    assert said_on("on Friday", "sometime") == SaidOn(None, None, None)


# Every seed quote whose cue or clause carries a date expression, checked by hand:
# (file, opening words of the quote, the dating words, said_on, precision, said_on_from)
SEED_DATES = [
    ("000", "Russia is not removing from agenda", "on Friday", "2016-05-27", "day", "text"),
    ("000", "it postponed delivering airstrikes", "on Wednesday", "2016-05-25", "day", "text"),
    ("001", "Russia has begun to coordinate", "on Friday", "2016-05-20", "day", "text"),
    ("001", "its intention to unilaterally use force", "In late March", "2016-03", "month", "text"),
    ("001", "Moscow was prepared to take these measures", "at the time", "2016-03", "month", "text"),
    ("002", "Russia does not rule out strikes", "on Thursday", "2016-09-22", "day", "text"),
    ("002", "an air raid on Deir ez-Zor", "on September 17", "2016-09-17", "day", "text"),
    ("003", "the Russian air force would go on", "on Thursday", "2016-09-29", "day", "text"),
    ("003", "terrorists in Syria could launch attacks", "on Wednesday", "2016-09-28", "day", "text"),
    ("004", "Al-Nusra Front militants continue", "on Monday", "2016-05-23", "day", "text"),
    # the date lies in what is reported (the call, the strikes), not on the cue
    ("004", "During a phone call on Monday", None, "2016-05-23", "day", "published"),
    ("004", "starting from Wednesday", None, "2016-05-23", "day", "published"),
    # 000's other "said on Friday" quotes: the running speaker, the day of publication
    ("000", "We have not rejected this prospect", None, "2016-05-27", "day", "published"),
]
#: the issue's target: at least 90% of the seed quotes with a date expression dated right
TARGET_SHARE = 0.9


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("dates") / "quotes.db"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(db), "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def _seed_quote(conn, seed: str, opening: str):
    rows = conn.execute(
        "select q.* from quotes q join articles a on a.id = q.article_id "
        "where a.source_id like ? and q.text like ?", (seed + "%", opening + "%")).fetchall()
    assert len(rows) == 1, (seed, opening, len(rows))
    return rows[0]


def test_seed_quotes_get_the_date_they_were_said_on(seeds_db):
    right, wrong = 0, []
    for seed, opening, words, value, precision, source in SEED_DATES:
        row = _seed_quote(seeds_db, seed, opening)
        got = (row["said_on_text"], row["said_on"], row["said_on_precision"], row["said_on_from"])
        if got == (words, value, precision, source):
            right += 1
        else:
            wrong.append((seed, opening, got))
    assert right / len(SEED_DATES) >= TARGET_SHARE, wrong
    # the two named cases must hold exactly
    assert not [w for w in wrong if w[1].startswith(("Russia is not removing", "its intention"))]


def test_every_quote_has_a_date_and_first_quoted_uses_it(seeds_db):
    assert seeds_db.execute("select count(*) from quotes where said_on is null").fetchone()[0] == 0
    ministry = seeds_db.execute(
        "select first_quoted from speakers where name = 'Russian Defense Ministry'").fetchone()
    assert ministry["first_quoted"] == "2016-03"  # announced in late March, published in May


def test_a_build_goes_on_past_an_article_from_year_one(tmp_path):
    """An archive line published 0001-01-01 once stopped `quotes build` with OverflowError;
    its statement keeps that date and the next article is stored too."""
    archive = tmp_path / "archive.jsonl"
    lines = [
        {"id": "early", "title": "Early", "source": "Test", "published": "0001-01-01",
         "url": "https://example.org/early",
         "text": "Moscow is not removing strikes from the agenda, Ryabkov said on Friday.\n"},
        {"id": "later", "title": "Later", "source": "Test", "published": "2016-05-27",
         "url": "https://example.org/later",
         "text": "Moscow is not removing strikes from the agenda, Ryabkov said on Wednesday.\n"},
    ]
    archive.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "quotes.db"
    result = CliRunner().invoke(cli, ["build", str(archive), "--db", str(db), "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    rows = conn.execute("select a.source_id, q.said_on, q.said_on_from, q.said_on_text from quotes q "
                        "join articles a on a.id = q.article_id order by a.source_id").fetchall()
    conn.close()
    assert rows == [("early", "0001-01-01", "published", "on Friday"),
                    ("later", "2016-05-25", "text", "on Wednesday")]


def test_a_build_redates_quotes_stored_under_older_date_rules(tmp_path):
    """Stored dating words are resolved again by every build: wrong dates written by older
    rules are corrected without parsing the articles again."""
    db = tmp_path / "quotes.db"
    build = ["build", str(SEEDS), "--db", str(db), "--workers", "1", "--no-progress"]
    assert CliRunner().invoke(cli, build).exit_code == 0
    conn = sqlite3.connect(db)
    friday = conn.execute("select id from quotes where said_on_text = 'on Friday' order by id").fetchone()[0]
    # what the rules before this change gave: "on May 30" a year back, "at noon" the day before
    conn.execute("update quotes set said_on_text = 'on May 30', said_on = '2015-05-30', said_on_from = 'text'"
                 " where id = ?", [friday])
    conn.commit()
    conn.close()
    result = CliRunner().invoke(cli, build)
    assert result.exit_code == 0 and "0 extracted" in result.output, result.output
    conn = sqlite3.connect(db)
    row = conn.execute("select said_on, said_on_precision, said_on_from, published from quotes where id = ?",
                       [friday]).fetchone()
    conn.close()
    assert row == (row[3], "day", "published", row[3])
