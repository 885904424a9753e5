"""Reading back what an export wrote: a table of a sheet, found by its header row."""

from __future__ import annotations


def table_rows(ws, header_text: str) -> tuple[list, list[tuple]]:
    """The header and the rows under the row whose first cell is `header_text`, up to the first blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == header_text)
    body = []
    for r in rows[start + 1:]:
        if not r or r[0] is None:
            break
        body.append(r)
    return list(rows[start]), body
