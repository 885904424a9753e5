"""National files written in their published shapes, for the readers' and the reports' tests.

A Discharge Ready Date webfile (a Cover Sheet and the "UTLA Acceptable" sheet, its header row under title rows with
the published columns at their published places, one "UTLA Aggregate" row an area beside rows by provider, and a
note under the table) and an ASCOF client-level measures file (CSV, or a workbook with title rows), each holding
several areas, measures and groups so that a reader picking the wrong row gives the wrong figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

DRD_HEADER = {0: "Summary Type", 1: "UTLA Code", 2: "UTLA", 3: "Region", 4: "ICB Code", 5: "Provider Code",
              6: "Provider Name", 7: "Number of providers",
              8: "% of all UTLA discharges that are from acceptable trusts",
              9: "Total Discharges of UTLA patients from provider",
              10: "Total Discharges for UTLA from acceptable trusts",
              11: "Total bed days lost due to delayed discharge",
              13: "Date of discharge is same as Discharge Ready Date",
              14: "Date of Discharge is 1+ days after Discharge Ready Date", 16: "No delay", 17: "1 day delay",
              18: "2-3 day delay", 19: "4-6 day delay", 20: "7-13 day delay", 21: "14-20 day delay",
              22: "21 days or more",
              46: "Average days from Discharge Ready Date to date of discharge (inc 0 day delays)",
              47: "Average days from Discharge Ready Date to date of discharge (exc 0 day delays)"}
DRD_HEADER_ROW = 15


def drd_row(code: str, name: str, discharges: int, delayed: int, delay_days: int, summary: str = "UTLA Aggregate",
            suppressed: bool = False) -> list:
    """One row of the UTLA Acceptable sheet: `delayed` of `discharges` left 1+ days after their ready date, with
    `delay_days` days between them; the averages are worked from those counts, as the publisher works them."""
    row: list = [None] * 48
    row[0], row[1], row[2], row[3] = summary, code, name, "North East and Yorkshire"
    row[8], row[9], row[10], row[11] = 1.0, discharges, discharges, delay_days
    row[13], row[14] = (discharges - delayed) / discharges, delayed / discharges
    row[16], row[17] = discharges - delayed, delayed
    row[46] = "-" if suppressed else delay_days / discharges
    row[47] = "-" if suppressed else (delay_days / delayed if delayed else 0)
    return row


def drd_workbook(month: dt.date, rows: list[list], *, inc_column: bool = True, period_on_sheet: bool = True) -> bytes:
    """A Discharge Ready Date webfile for one month holding `rows` (``drd_row``) on its UTLA Acceptable sheet."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover Sheet"
    for r, (label, value) in enumerate((("Title:", "Timeliness of Acute Hospital Discharges - Discharge Ready Date"),
                                        ("Period:", month), ("Published:", dt.date(month.year, month.month, 28)),
                                        ("Revised:", "-")), start=2):
        cover.cell(r, 1, label)
        cover.cell(r, 2, value)
    wb.create_sheet("Provider Acceptable").cell(1, 1, "Discharges by provider")
    ws = wb.create_sheet("UTLA Acceptable")
    ws.cell(1, 1, "Timeliness of Acute Hospital Discharges: upper tier local authority of residence")
    if period_on_sheet:
        ws.cell(3, 1, "Period:")
        ws.cell(3, 2, month)
    ws.cell(4, 1, "Source: Secondary Uses Service (SUS)")
    for c, label in DRD_HEADER.items():
        if c != 46 or inc_column:
            ws.cell(DRD_HEADER_ROW, c + 1, label)
    for r, row in enumerate(rows, start=DRD_HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            if value is not None and (c != 47 or inc_column):
                ws.cell(r, c, value)
    ws.cell(DRD_HEADER_ROW + len(rows) + 2, 1, "Note: figures for trusts submitting data of acceptable quality only.")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ASCOF_COLUMNS = ("Reporting_Period", "LA_Code", "LA_Name", "Measure", "Description", "Group", "Numerator",
                 "Denominator", "Outcome")
CARE_HOME = "Long-term support needs of older adults (aged 65 and over) met by admission to residential and nursing " \
            "care homes, per 100,000 population"


def ascof_row(period: str, code: str, name: str, numerator: object, denominator: object, measure: str = "2C",
              group: str = "Total", description: str = CARE_HOME) -> tuple:
    """One row of the measures file; its outcome is the rate per 100,000 where both counts are numbers."""
    outcome = (numerator / denominator * 100_000 if isinstance(numerator, int | float)
               and isinstance(denominator, int | float) else "[c]")
    return (period, code, name, measure, description, group, numerator, denominator, outcome)


def ascof_csv(rows: list[tuple]) -> bytes:
    """The measures file as published: CSV, its header in the first row."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(ASCOF_COLUMNS)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def ascof_workbook(rows: list[tuple]) -> bytes:
    """The measures file saved as a workbook, with title rows and a note above and below the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ASCOF CLD measures"
    ws.cell(1, 1, "Measures from the Adult Social Care Outcomes Framework: client level data, rolling 12 months")
    ws.cell(2, 1, "[c] denotes a count under 6, suppressed")
    for c, label in enumerate(ASCOF_COLUMNS, start=1):
        ws.cell(4, c, label)
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    ws.cell(6 + len(rows), 1, "Source: NHS England, adult social care client level data")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
