"""Small charts drawn on the server as inline SVG, so pages need no JavaScript and no CDN.

Every label is HTML-escaped; sizes are fixed in user units and the SVG scales with its
container (``viewBox`` plus ``width="100%"``). Not handled: negative values, logarithmic scales.
"""

from __future__ import annotations

from markupsafe import Markup, escape

#: one colour per quote kind, and a neutral colour for anything else (colour-blind safe trio)
KIND_COLOURS = {"direct": "#1b6ca8", "mixed": "#e69f00", "indirect": "#009e73"}
OTHER_COLOUR = "#888888"
BAR_COLOUR = "#1b6ca8"


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive, so empty months show as gaps."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


#: every column chart has this width in user units, so charts line up and compare
CHART_WIDTH = 760
#: the widest a bar gets: one month on its own is a bar, not the whole chart
MAX_BAR = 40
#: the longest time axis, in months, counted back from the last month: an old statement
#: (`in May 1950`) must not squeeze the months most quotes were said in into hairlines
MAX_MONTHS = 120


def clamp_axis(first: str, last: str) -> tuple[str, str]:
    """``first`` to ``last`` (``YYYY-MM``), starting no more than :data:`MAX_MONTHS` months
    before ``last`` ends."""
    year, month = int(last[:4]), int(last[5:7])
    index = year * 12 + month - 1 - (MAX_MONTHS - 1)
    earliest = f"{index // 12:04d}-{index % 12 + 1:02d}"
    return max(first, earliest), last


def fill_months(counts: dict[str, int], axis: tuple[str, str] | None = None) -> list[tuple[str, int]]:
    """``counts`` per ``YYYY-MM`` over every month of ``axis`` (first and last month; the
    database's, so that speakers' charts share one time axis), else over the months from the
    first count to the last (at most :data:`MAX_MONTHS`); the months without quotes are zero.
    Months outside the axis are left out: the axis stays the same for every chart."""
    months_only = sorted(m for m in counts if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit())
    if axis is None:
        if not months_only:
            return []
        axis = clamp_axis(months_only[0], months_only[-1])
    return [(month, counts.get(month, 0)) for month in months_between(*axis)]


def column_chart(items: list[tuple[str, int]], *, title: str, height: int = 160) -> Markup:
    """A vertical bar chart, one bar per ``(label, value)``, ``CHART_WIDTH`` wide whatever the
    number of bars; each bar has a ``<title>`` tooltip."""
    if not items or not any(value for _, value in items):
        return Markup('<p class="chart-empty">No dated quotes to chart.</p>')
    top = max(value for _, value in items) or 1
    slot = (CHART_WIDTH - 40) / len(items)
    bar_width = min(MAX_BAR, max(1.0, slot - 2))
    width = CHART_WIDTH
    plot = height - 40
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="36" y1="{plot + 10}" x2="{width}" y2="{plot + 10}" stroke="#999"/>',
        f'<text x="32" y="18" font-size="10" text-anchor="end">{top}</text>',
        f'<text x="32" y="{plot + 10}" font-size="10" text-anchor="end">0</text>',
    ]
    label_every = max(1, len(items) // 12)
    for index, (label, value) in enumerate(items):
        x = 40 + index * slot + (slot - bar_width) / 2
        bar = round(plot * value / top)
        parts.append(
            f'<rect x="{x:.1f}" y="{plot + 10 - bar}" width="{bar_width:.1f}" height="{bar}" '
            f'fill="{BAR_COLOUR}" data-label="{escape(label)}" data-value="{value}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + bar_width / 2:.1f}" y="{plot + 24}" font-size="9" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bar_chart(rows: dict[str, dict[str, int]], *, title: str) -> Markup:
    """Horizontal bars, one per key of ``rows`` (an outlet), split by kind, with a legend."""
    if not rows:
        return Markup('<p class="chart-empty">No quotes to chart.</p>')
    kinds = list(KIND_COLOURS) + sorted({k for c in rows.values() for k in c} - set(KIND_COLOURS))
    top = max(sum(counts.values()) for counts in rows.values()) or 1
    row_height, label_width, plot_width = 22, 160, 480
    height = 30 + row_height * len(rows)
    width = label_width + plot_width + 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width * 1.5}px" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, kind in enumerate(kinds):
        colour = KIND_COLOURS.get(kind, OTHER_COLOUR)
        x = label_width + index * 90
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13" font-size="11">{escape(kind)}</text>')
    for row_index, (label, counts) in enumerate(rows.items()):
        y = 24 + row_index * row_height
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" font-size="11" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        x = float(label_width)
        for kind in kinds:
            value = counts.get(kind, 0)
            if not value:
                continue
            bar = plot_width * value / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{bar:.1f}" height="{row_height - 6}" '
                f'fill="{KIND_COLOURS.get(kind, OTHER_COLOUR)}" data-label="{escape(label)}" '
                f'data-kind="{escape(kind)}" data-value="{value}">'
                f"<title>{escape(label)}, {escape(kind)}: {value}</title></rect>"
            )
            x += bar
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="11">{sum(counts.values())}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
