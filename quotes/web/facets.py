"""A facet by month, newest first: ``{"month": "said_on"}`` in metadata.yml.

Datasette's own ``date`` facet orders its values by count, so a reader looking for May 2016
hunts through the list; and it needs full ``YYYY-MM-DD`` dates, while ``quotes.said_on`` may
hold only ``YYYY-MM`` or ``YYYY``. This facet groups by the first seven characters of the
column (values without a month are left out) and lists the months newest first; choosing one
filters with ``<column>__startswith=YYYY-MM``, which keeps the days of that month and the
statements dated only to it. ``quotes.store`` indexes ``substr(said_on, 1, 7)`` for it.

Not handled: suggesting itself (it is only used where metadata.yml asks for it).
"""

from __future__ import annotations

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

#: a month: four digits, a hyphen, two digits
MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]"


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
            try:
                found = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                              custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in found.rows[:size]:
                selected = args.get(key) == row["value"]
                toggle = (path_with_removed_args(self.request, {key: row["value"]}) if selected
                          else path_with_added_args(self.request, {key: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
            results.append({"name": column, "type": self.type, "results": values,
                            "hideable": source != "metadata",
                            "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                            "truncated": len(found.rows) > size})
        return results, timed_out
