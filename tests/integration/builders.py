"""Workbooks built by the tests: national-template-shaped plans and allocations, laid out the way
real workbooks are (title rows, notes, merged cells, pound strings, totals rows)."""

from __future__ import annotations

import io
import zipfile

import openpyxl

EXP_HEADER = ["Scheme ID", "Scheme Name", "Brief Description of Scheme", "Scheme Type", "Sub Types",
              "Area of Spend", "Commissioner", "% NHS (if Joint Commissioner)", "% LA (if Joint Commissioner)",
              "Provider", "Source of Funding", "Expenditure (£)", "Planned Outputs", "New/Existing Scheme"]

GOOD_LINES = [
    ["1", "Home first", "Reablement at home", "Home-based intermediate care services",
     "Reablement at home (to support discharge)", "Social Care", "LA", None, None, "Local Authority",
     "Minimum NHS Contribution", 1_200_000, 400, "Existing"],
    ["2", "Telecare", "Pendant alarms", "Assistive Technologies and Equipment",
     "Assistive technologies including telecare", "Social Care", "Joint", 40, 60, "Local Authority",
     "Local Authority Better Care Grant", "£350,000.50", 1400, "New"],
    ["3", "Adaptations", "Statutory DFG", "DFG Related Schemes", "Adaptations, including statutory DFG grants",
     "Social Care", "LA", None, None, "Local Authority", "Disabled Facilities Grant", "900,000", 100, "Existing"],
]
GOOD_TOTAL = 1_200_000 + 350_000.50 + 900_000
GOOD_INCOME = [["Minimum NHS Contribution", 1_500_000], ["Local Authority Better Care Grant", "£400,000"],
               ["Disabled Facilities Grant", 900_000]]
GOOD_INCOME_TOTAL = 1_500_000 + 400_000 + 900_000


def save(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_workbook(
    lines=None,
    *,
    header=None,
    income=None,
    cover=None,
    title_rows: int = 2,
    year_text: str = "2025-26",
    total_row: bool = False,
    exp_sheet: str = "Expenditure",
) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cover"
    for label, value in (cover if cover is not None else
                         [("Health and Wellbeing Board", "Hartlepool"), ("HWB Code", "E06000001"),
                          ("Financial Year", year_text)]):
        ws.append([label, value])
    inc = wb.create_sheet("Income")
    inc.append(["Income"])
    inc.append(["Funding Stream", "Amount (£)"])
    for row in (income if income is not None else GOOD_INCOME):
        inc.append(list(row))
    ex = wb.create_sheet(exp_sheet)
    for i in range(title_rows):
        ex.append([f"Better Care Fund expenditure plan {year_text}" if i == 0 else "Note: one row per line"])
    ex.append(list(header or EXP_HEADER))
    for row in (lines if lines is not None else GOOD_LINES):
        ex.append(list(row))
    if total_row:
        ex.append(["Total", "", "", "", "", "", "", "", "", "", "", GOOD_TOTAL])
    return wb


def allocations_workbook(rows, *, header=None, title_rows: int = 2) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Allocations"
    for i in range(title_rows):
        ws.append(["Better Care Fund allocations 2025-26" if i == 0 else "Source: illustrative"])
    ws.append(header or ["HWB Code", "HWB Name", "Minimum NHS Contribution (£)", "Disabled Facilities Grant (£)"])
    for r in rows:
        ws.append(list(r))
    return wb


def plan_with_many_lines(n: int) -> bytes:
    """A plan whose Expenditure sheet holds `n` lines (header on row 1), written as sheet XML directly so
    that very large sheets are quick to build."""
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    small = zipfile.ZipFile(io.BytesIO(save(plan_workbook(title_rows=0))))
    letters = [get_column_letter(i + 1) for i in range(len(EXP_HEADER))]

    def cell(ref: str, v) -> str:
        if v is None:
            return ""
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'

    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
             '<row r="1">' + "".join(cell(f"{c}1", v) for c, v in zip(letters, EXP_HEADER, strict=True)) + "</row>"]
    for i in range(n):
        r = i + 2
        line = list(GOOD_LINES[i % len(GOOD_LINES)])
        line[0], line[11] = f"S{i + 1}", 10
        parts.append(
            f'<row r="{r}">' + "".join(cell(f"{c}{r}", v) for c, v in zip(letters, line, strict=True)) + "</row>"
        )
    parts.append("</sheetData></worksheet>")
    sheet_xml = "".join(parts).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in small.infolist():
            data = small.read(info.filename)
            out.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet3.xml" else data)
    return buf.getvalue()


# ---- a 2023-25 plan: one workbook, two years of figures ----------------------------------------
TWO_YEAR_HEADER = [*EXP_HEADER[:11], "Expenditure 2023-24 (£)", "Expenditure 2024-25 (£)", "Planned Outputs 2023-24",
                   "Planned Outputs 2024-25", "New/Existing Scheme"]
TWO_YEAR_LINES = [  # ... Source of Funding, 2023-24 £, 2024-25 £, outputs 2023-24, outputs 2024-25, New/Existing
    ["1", "Home first", "Reablement at home", "Home-based intermediate care services",
     "Reablement at home (to support discharge)", "Social Care", "LA", None, None, "Local Authority",
     "Minimum NHS Contribution", 1_000_000, 1_100_000, 300, 330, "Existing"],
    ["2", "Telecare", "Pendant alarms", "Assistive Technologies and Equipment",
     "Assistive technologies including telecare", "Social Care", "LA", None, None, "Local Authority",
     "iBCF", "£300,000", "£320,000", 1200, 1300, "New"],
    ["3", "Discharge team", "Trusted assessors", "High Impact Change Model for Managing Transfer of Care",
     "Trusted Assessment", "Community Health", "NHS", None, None, "NHS Community Provider",
     "ICB Discharge Funding", 150_000, 180_000, None, None, "New"],
]
TWO_YEAR_INCOME = [["Minimum NHS Contribution", 1_000_000, 1_100_000], ["iBCF", 300_000, 320_000],
                   ["ICB Discharge Funding", 150_000, 180_000]]
TWO_YEAR_TOTALS = {"2023-24": 1_450_000, "2024-25": 1_600_000}


def two_year_plan_workbook(*, cover_year: str | None = "2023-25", year_headers: bool = True) -> openpyxl.Workbook:
    """A 2023-25 plan as areas sent them: '2023-25' on the cover, an expenditure and a planned-outputs column
    for each year, and income for each year. Without `year_headers` the year columns are headed
    'Expenditure (£)' and 'Income (£)' twice, in year order, and only the cover says which years they are."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cover"
    ws.append(["Health and Wellbeing Board", "Hartlepool"])
    ws.append(["HWB Code", "E06000001"])
    if cover_year is not None:
        ws.append(["Financial Year", cover_year])
    inc = wb.create_sheet("Income")
    inc.append(
        ["Funding Stream", "2023-24" if year_headers else "Amount (£)", "2024-25" if year_headers else "Amount (£)"]
    )
    for row in TWO_YEAR_INCOME:
        inc.append(list(row))
    ex = wb.create_sheet("Expenditure")
    ex.append(["Better Care Fund expenditure plan"])
    header = list(TWO_YEAR_HEADER)
    if not year_headers:
        header[11:15] = ["Expenditure (£)", "Expenditure (£)", "Planned Outputs", "Planned Outputs"]
    ex.append(header)
    for row in TWO_YEAR_LINES:
        ex.append(list(row))
    return wb


def with_localities(data: bytes, plan) -> bytes:
    """A submission copy with the analysis copy's Localities sheet added: the model needs localities, which the
    submission copy (in the planning template's shape) does not hold."""
    from budget.export import analysis_bytes

    src = openpyxl.load_workbook(io.BytesIO(analysis_bytes(plan)))["Localities"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.create_sheet("Localities")
    for row in src.iter_rows(values_only=True):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
