"""Every chart shares one time axis, and an old or coarsely dated statement does not break it:
the speaker pages and the charts page through datasette.client on the sample database."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest

from conftest_publish import sample_in
from quotes import publish
from quotes.web import charts

#: (said_on, precision) of statements added to Sergey Shoigu, on top of the sample's 2016-05..2016-10
OUTLIERS = {
    "year-only": [("1945", "year"), ("2013", "year"), ("0001-01-01", "day")],
    "old-month": [("1950-03", "month"), ("2013", "year")],
}


def _with(tmp_path_factory, name: str):
    sample = sample_in(tmp_path_factory, "axis-" + name)
    article_id = sample["articles"]["shoigu-may"]
    conn = sqlite3.connect(sample["path"])
    conn.executemany(
        "insert into quotes (id, article_id, speaker_id, speaker_name, text, start, end, said_on, said_on_precision)"
        " values (?, ?, 'sergey-shoigu', 'Sergey Shoigu', 'x', ?, ?, ?, ?)",
        [(f"{article_id}:{i}-{i + 1}", article_id, i, i + 1, value, precision)
         for i, (value, precision) in enumerate(OUTLIERS[name])])
    conn.commit()
    conn.close()
    return publish.make_datasette(sample["path"])


def _axes(ds) -> list[list[str]]:
    """The bar labels of every chart on two speaker pages and the charts page."""
    axes = []
    for path in ("/-/speaker/sergey-shoigu", "/-/speaker/sergey-ryabkov", "/-/charts"):
        page = asyncio.run(ds.client.get(path))
        assert page.status_code == 200
        for svg in re.findall(r"<svg.*?</svg>", page.text, re.S):
            labels = re.findall(r'<rect [^>]*data-label="(\d{4}-\d\d)"', svg)
            if labels:
                axes.append(labels)
    return axes


def test_year_only_and_year_one_statements_leave_the_axis_alone(tmp_path_factory):
    axes = _axes(_with(tmp_path_factory, "year-only"))
    assert len(axes) >= 4
    assert all(axis == charts.months_between("2016-05", "2016-10") for axis in axes), [a[:2] for a in axes]


def test_an_old_statement_clamps_the_shared_axis(tmp_path_factory):
    axes = _axes(_with(tmp_path_factory, "old-month"))
    assert len(axes) >= 4 and all(axis == axes[0] for axis in axes)
    assert len(axes[0]) == charts.MAX_MONTHS and axes[0][-1] == "2016-10"


@pytest.mark.parametrize("counts, axis, expected", [
    ({"2016-11": 1, "2017-02": 3}, None, [("2016-11", 1), ("2016-12", 0), ("2017-01", 0), ("2017-02", 3)]),
    ({"2016-05": 2, "1950-03": 1}, ("2016-04", "2016-06"), [("2016-04", 0), ("2016-05", 2), ("2016-06", 0)]),
    ({"1950-03": 1, "2016-05": 2}, None, None),  # clamped: MAX_MONTHS months up to 2016-05
])
def test_fill_months_keeps_to_its_axis(counts, axis, expected):
    filled = charts.fill_months(counts, axis)
    if expected is None:
        assert len(filled) == charts.MAX_MONTHS and filled[-1] == ("2016-05", 2)
    else:
        assert filled == expected
