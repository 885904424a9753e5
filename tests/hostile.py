"""Workbooks and names an attacker would use: Markdown links and images, HTML, and a file name of
the same kind. Shared by the app and browser tests."""

from __future__ import annotations

import io

import openpyxl

EVIL = "evil.example"
AREA = f"X ![beacon](https://{EVIL}/area.png) [Session expired](https://{EVIL}/area)"
LOCALITY = f"[Riverside](https://{EVIL}/locality) <img src=https://{EVIL}/loc.png>"
SCHEME = f"<a href=\"https://{EVIL}/scheme\">Reablement</a> ![s](https://{EVIL}/scheme.png) www.{EVIL}"
SCENARIO = f"[Session expired](https://{EVIL}/login)"
FILE_NAME = f"[plan](https:\\\\{EVIL}) www.{EVIL}.xlsx"  # no '/': it is a real file's name in the browser tests


def renamed_demo(area: str = AREA, code: str | None = None) -> bytes:
    """The demo workbook with its area, one locality and every scheme name replaced."""
    from budget.demo import demo_workbook_bytes

    wb = openpyxl.load_workbook(io.BytesIO(demo_workbook_bytes()))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Northbrook (illustrative)":
                    cell.value = area
                elif cell.value == "E06999999" and code:
                    cell.value = code
                elif cell.value == "Riverside":
                    cell.value = LOCALITY
    exp = wb["Expenditure"]
    for r in range(4, exp.max_row + 1):
        if exp.cell(r, 2).value:
            exp.cell(r, 2).value = SCHEME + f" {r}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
