"""A download that opens in Excel with curly quotes and accents intact: ``.excel``.

Excel reads a CSV file as the machine's legacy code page unless it starts with a UTF-8 byte
order mark, so ``“Ryabkov”`` turns into ``â€œRyabkovâ€``. This output renderer gives any table,
filtered view or query as CSV with that mark (UTF-8-SIG), every column as Datasette selected
it, offered beside Datasette's own JSON and CSV links.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, so that Excel shows it as text instead of running it as a formula.

Not handled: more rows than Datasette returns for one page (``max_returned_rows``, 1,000):
the file says so in its name; use Datasette's CSV with ``_stream=on`` for everything.
"""

from __future__ import annotations

import csv
import io

from datasette.utils.asgi import Response

#: the byte order mark Excel looks for
BOM = "\ufeff"


#: what makes a spreadsheet read a cell as a formula (OWASP "CSV injection"): a quote or a
#: title from an archive such as ``=HYPERLINK("http://evil", "click")`` must stay text
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, dict):  # an expanded foreign key: the key (speaker_name has the label)
        value = value.get("value")
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # Excel shows the text and hides the apostrophe
    return value


def render_excel_csv(datasette, request, columns, rows, database, table, query_name, data) -> Response:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    name = table or query_name or database
    truncated = "-first-page" if (data or {}).get("next") else ""
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}{truncated}.csv"'},
    )


def renderer() -> dict:
    return {"extension": "excel", "render": render_excel_csv, "can_render": lambda: True}
