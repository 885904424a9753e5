"""Reading national actuals files: the ASCOF client-level measures file of every area, and a Discharge Ready Date
webfile's local-authority sheet, each read for one area through ``read_actuals_files``; target <= 2 s each.

Baselines: the standard library's csv reader over the same CSV bytes, and openpyxl itself iterating every cell of
the same workbook (read-only, values only), so each ratio shows what reading by meaning adds to opening the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

from benchmarks.harness import Row, median_seconds

AREA = "E06999999"  # the demo's
MEASURES = ("1A", "1B", "1C", "1D", "1E", "1F", "1G", "2A", "2B", "2C", "2D", "2E", "3A", "3B", "3C", "3D", "4A",
            "4B", "1H", "1I")
GROUPS = ("Total", "Male", "Female", "18 to 64", "65 and over")
PERIODS = ("April 2025 to March 2026", "July 2025 to June 2026", "October 2025 to September 2026",
           "January 2026 to December 2026")


def codes(n: int = 153) -> list[str]:
    return [f"E{6 + i % 4:02d}{i:06d}" for i in range(n - 1)] + [AREA]


def ascof_csv() -> bytes:
    """Every area's measures for four rolling years: 153 x 20 measures x 5 groups x 4 periods = 61,200 rows."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(("Reporting_Period", "LA_Code", "LA_Name", "Measure", "Description", "Group", "Numerator",
                "Denominator", "Outcome"))
    for code in codes():
        for period in PERIODS:
            for measure in MEASURES:
                for k, group in enumerate(GROUPS):
                    n, d = 100 + k, 40_000 + k
                    w.writerow((period, code, f"Area {code}", measure, f"Measure {measure}", group,
                                "[c]" if k == 3 else n, d, round(n / d * 100_000, 1)))
    return buf.getvalue().encode()


def drd_workbook() -> bytes:
    """A month's UTLA Acceptable sheet: one aggregate row and eight provider rows an area, 1,377 rows."""
    wb = openpyxl.Workbook()
    wb.active.title = "Cover Sheet"
    wb.active.append(["Period:", dt.date(2026, 5, 1)])
    ws = wb.create_sheet("UTLA Acceptable")
    ws.append(["Timeliness of Acute Hospital Discharges"])
    ws.append(["Period:", dt.date(2026, 5, 1)])
    ws.append(["Summary Type", "UTLA Code", "UTLA", "Total Discharges for UTLA from acceptable trusts",
               "Date of Discharge is 1+ days after Discharge Ready Date",
               "Average days from Discharge Ready Date to date of discharge (inc 0 day delays)",
               "Average days from Discharge Ready Date to date of discharge (exc 0 day delays)"])
    for code in codes():
        ws.append(["UTLA Aggregate", code, f"Area {code}", 1_000, 0.1, 0.8, 8.0])
        for p in range(8):
            ws.append(["Provider", code, f"Area {code}", 120 + p, 0.1, 0.7, 7.0])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_rows(data: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"))))


def _cells(data: bytes) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    n = sum(len(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
    wb.close()
    return n


def rows() -> list[Row]:
    from budget.demo import demo_plan
    from budget.readers.actuals_files import read_actuals_files

    plan = demo_plan()
    out = []
    data = ascof_csv()
    base = median_seconds(lambda: _csv_rows(data), repeat=3)
    t = median_seconds(lambda: read_actuals_files([("ascof.csv", data)], plan=plan), repeat=3)
    out.append(Row(f"read ASCOF file of 153 areas ({len(data) / 1e6:.1f} MB CSV)", t, "csv.reader", base, "<= 2 s",
                   t <= 2.0))
    data = drd_workbook()
    base = median_seconds(lambda: _cells(data), repeat=3)
    t = median_seconds(lambda: read_actuals_files([("drd.xlsx", data)], plan=plan), repeat=3)
    out.append(Row("read Discharge Ready Date file of 153 areas", t, "openpyxl cell iteration", base, "<= 2 s",
                   t <= 2.0))
    return out
