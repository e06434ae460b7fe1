"""Facets for a large quotes table: by month, newest first; and by column, read from the build's counts.

``{"month": "said_on"}`` in metadata.yml is :class:`MonthFacet`:

Datasette's own ``date`` facet orders its values by count, so a reader looking for May 2016
hunts through the list; and it needs full ``YYYY-MM-DD`` dates, while ``quotes.said_on`` may
hold only ``YYYY-MM`` or ``YYYY``. This facet groups by the first seven characters of the
column (values without a month are left out) and lists the months newest first; choosing one
filters with ``<column>__startswith=YYYY-MM``, which keeps the days of that month and the
statements dated only to it. ``quotes.store`` indexes ``substr(said_on, 1, 7)`` for it.

``{"counted": "kind"}`` is :class:`CountedFacet`: Datasette's column facet, except that on the
table with no filter and no search it reads the counts :mod:`quotes.summaries` keeps instead of
grouping every row (each such ``GROUP BY`` took 150-400 ms at five million quotes). The month
facet does the same for ``said_on``. With a filter, both count the filtered rows as before.

Not handled: suggesting themselves (they are only used where metadata.yml asks for them).
"""

from __future__ import annotations

import re

from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet, Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from ..summaries import FACET_TABLE, FACETS
from .queries import counts_kept

#: a month: four digits, a hyphen, two digits
MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]"
#: the SQL Datasette gives a facet for a table page without filters or search
UNFILTERED_SQL = re.compile(r"select .* from \[?(?P<table>[^\]\s]+)\]?\s*", re.S)


async def summary_counts(facet: Facet, name: str, order: str, limit: int) -> list[dict] | None:
    """The counted values of ``name`` (a facet of :data:`quotes.summaries.FACETS`) for the
    facet's whole table, or None when the page is filtered or the database keeps no counts
    (:func:`quotes.web.queries.counts_kept`)."""
    match = UNFILTERED_SQL.fullmatch(facet.sql)
    if not match or facet.params or " where " in facet.sql.lower():
        return None
    db = facet.ds.get_database(facet.database)
    table = match["table"]
    if name not in FACETS.get(table, {}) or not await counts_kept(db):
        return None
    found = await db.execute(
        f"select value, count from [{FACET_TABLE}] where table_name = ? and facet = ? order by {order} limit {int(limit)}",
        [table, name])
    return [dict(row) for row in found.rows]


class MonthFacet(Facet):
    type = "month"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            month = f"substr({escape_sqlite(column)}, 1, 7)"
            # the condition is on the expression too, so that its index alone answers (45 ms
            # instead of 250 ms on 383,000 quotes)
            sql = (f"select {month} as value, count(*) as count from ({self.sql}) "
                   f"where {month} glob '{MONTH_GLOB}' "
                   f"group by {month} order by value desc limit {size + 1}")
            found = await summary_counts(self, f"{column}_month", "value desc", size + 1)
            if found is None:
                try:
                    found = (await self.ds.execute(self.database, sql, self.params, truncate=False,
                                                   custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
                except QueryInterrupted:
                    timed_out.append(column)
                    continue
            key = f"{column}__startswith"
            values = []
            for row in found[:size]:
                selected = args.get(key) == row["value"]
                toggle = (path_with_removed_args(self.request, {key: row["value"]}) if selected
                          else path_with_added_args(self.request, {key: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
            results.append({"name": column, "type": self.type, "results": values,
                            "hideable": source != "metadata",
                            "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                            "truncated": len(found) > size})
        return results, timed_out


class CountedFacet(ColumnFacet):
    """Datasette's column facet; on the whole table, from the build's counts."""

    type = "counted"

    async def suggest(self):
        return []

    async def facet_results(self):
        configs = self.get_configs()
        size = self.get_facet_size()
        counted = {}
        for source_and_config in configs:
            column = source_and_config["config"].get("column") or source_and_config["config"]["simple"]
            counted[column] = await summary_counts(self, column, "count desc, value", size + 1)
        if any(found is None for found in counted.values()):
            results, timed_out = await super().facet_results()
        else:
            results, timed_out = [], []
            for source_and_config in configs:
                column = source_and_config["config"].get("column") or source_and_config["config"]["simple"]
                results.append(await self._result(column, source_and_config["source"], counted[column], size))
        for result in results:
            result["type"] = "column"  # shown as Datasette shows a column facet: no "(counted)"
        return results, timed_out

    async def _result(self, column: str, source: str, found: list[dict], size: int) -> dict:
        """A facet's values as :meth:`ColumnFacet.facet_results` gives them."""
        rows = found[:size]
        expanded = await self.ds.expand_foreign_keys(self.database, self.table, column,
                                                     [row["value"] for row in rows])
        qs_pairs = self.get_querystring_pairs()
        values = []
        for row in rows:
            column_qs = f"{column}__exact" if column.startswith("_") else column
            selected = (column_qs, str(row["value"])) in qs_pairs
            toggle = (path_with_removed_args(self.request, {column_qs: str(row["value"])}) if selected
                      else path_with_added_args(self.request, {column_qs: row["value"]}))
            values.append({"value": row["value"], "label": expanded.get((column, row["value"]), row["value"]),
                           "count": row["count"], "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                           "selected": selected})
        return {"name": column, "type": self.type, "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                "results": values, "truncated": len(found) > size}
