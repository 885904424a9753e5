"""budget.readers.submission on workbooks written by hand: the tables are found by their headers, cells
are read as people type them, and what cannot be read is a warning naming its sheet and cell."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from budget.readers.grid import Book
from budget.readers.problems import Collector
from budget.readers.submission import read_submission
from budget.submission import Assurance, GoalSetting, Signatory, Submission


def book(sheets: dict[str, list[tuple]]) -> Book:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return Book(out.getvalue())


def read(sheets: dict[str, list[tuple]]) -> tuple[Submission | None, Collector]:
    out = Collector(file="hand.xlsx")
    return read_submission(book(sheets), out), out


def test_a_workbook_without_the_tables_is_not_a_submission_copy():
    got, out = read({"Cover": [("Area", "Northbrook")], "Metrics": [("Metric", "Financial year")]})
    assert got is None and not out.problems


def test_hand_written_tables_are_read_as_people_type_them():
    got, out = read({
        "Cover": [("Sign-off",), ("Role", "Organisation", "Name", "Date signed"),
                  ("Health and Wellbeing Board chair", "The board", "A. Chair", "2026-03-02"),
                  ("Section 151 officer", "The council", "B. Officer", 46101),  # an Excel serial date
                  ("ICB chief executive", "", "", None)],  # nobody yet: skipped
        "Metrics": [("Goals",), ("metric", "goal", "GOAL SET BY", "Rationale", "Rationale by"),
                    ("discharge_delay", "1.5", "the area", "Fewer delays.", "The area"),
                    ("Falls", 3, "The area", "", "")],
        "National conditions": [("Condition", "Assurance statement", "Status"),
                                ("NC1", "We agree it.", "met"), ("NC2", None, "Partly Met"), ("NC3", None, None),
                                ("NC1", "Again", "Met")],
    })
    assert got == Submission(
        goals=(GoalSetting(metric="discharge_delay", value=1.5, rationale="Fewer delays."),),
        assurance=(Assurance(condition="NC1", statement="We agree it.", status="Met"),
                   Assurance(condition="NC2", status="Partly met")),
        sign_off=(Signatory(role="Health and Wellbeing Board chair", organisation="The board", name="A. Chair",
                            signed_on=dt.date(2026, 3, 2)),
                  Signatory(role="Section 151 officer", organisation="The council", name="B. Officer",
                            signed_on=dt.date(2026, 3, 20))))
    said = {(p.sheet, p.cell): p.message for p in out.problems}
    assert "'Falls' is not one of the three BCF metrics" in said[("Metrics", "A4")]
    assert "a second row for NC1" in said[("National conditions", "A5")]
    assert all(p.severity == "warning" for p in out.problems)


def test_bad_cells_are_warnings_and_the_row_keeps_what_it_can():
    got, out = read({
        "Cover": [("Role", "Organisation", "Name", "Date signed"), ("Chair", "", "A. Chair", "31/02/2026")],
        "National conditions": [("Condition", "Assurance statement", "Status"), ("NC1", "Our answer.", "Done")],
        "Metrics": [("Metric", "Goal", "Goal set by"), ("Emergency admissions 65+", "lots", "The area")],
    })
    assert got == Submission(assurance=(Assurance(condition="NC1", statement="Our answer."),),
                             sign_off=(Signatory(role="Chair", name="A. Chair"),))
    said = {(p.sheet, p.cell): p.message for p in out.problems}
    assert said[("National conditions", "C2")].startswith("status 'Done' is not one of")
    assert "'31/02/2026' is not a date" in said[("Cover", "D2")]
    assert "found text 'lots', expected a goal" in said[("Metrics", "B2")]
