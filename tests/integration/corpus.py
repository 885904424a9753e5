"""A corpus of malformed and hostile workbooks, each built here, each with the message it must get.

``check_case`` says what every case must end in: a LoadError whose error problems name what is wrong (and
the sheet and cell where there is one), or a LoadResult carrying the expected warning; never any other
exception.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import openpyxl

from budget.models import LoadError, LoadResult
from budget.readers import load_bytes
from tests.integration.builders import (
    GOOD_LINES,
    allocations_workbook,
    plan_workbook,
    save,
)

FIRST_LINE_ROW = 4  # two title rows, header on row 3


@dataclass
class Case:
    """A workbook (`data`, named `name`) and what reading it must say: severity, words, sheet and cell."""

    id: str
    data: bytes
    name: str = "plan.xlsx"
    severity: str = "error"
    fragment: str = ""
    sheet: str | None = None
    cell: str | None = None


def with_line(**changes) -> list:
    """The builders' good lines with the second line changed (scheme_id, amount, source ...)."""
    cols = {"scheme_id": 0, "scheme_name": 1, "scheme_type": 3, "source": 10, "amount": 11, "pct_nhs": 7, "pct_la": 8}
    lines = copy.deepcopy(GOOD_LINES)
    for k, v in changes.items():
        lines[1][cols[k]] = v
    return lines


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


def replace_member(data: bytes, member: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return zipped({i.filename: (new if i.filename == member else src.read(i.filename)) for i in src.infolist()})


def good() -> bytes:
    return save(plan_workbook())


def formula_amount() -> bytes:
    wb = plan_workbook()
    wb["Expenditure"][f"L{FIRST_LINE_ROW + 1}"] = "=L4*2"  # openpyxl saves no cached value
    return save(wb)


def merged_down() -> bytes:
    lines = copy.deepcopy(GOOD_LINES)
    lines[1][0] = None  # scheme ID and name merged down from the row above
    lines[1][1] = None
    wb = plan_workbook(lines)
    ws = wb["Expenditure"]
    ws.merge_cells(f"A{FIRST_LINE_ROW}:A{FIRST_LINE_ROW + 1}")
    ws.merge_cells(f"B{FIRST_LINE_ROW}:B{FIRST_LINE_ROW + 1}")
    return save(wb)


def hidden_expenditure() -> bytes:
    wb = plan_workbook()
    wb["Expenditure"].sheet_state = "hidden"
    return save(wb)


def duplicate_header() -> bytes:
    header = ["Scheme ID", "Scheme Name", "Scheme Name", "Scheme Type", "Source of Funding", "Expenditure (£)"]
    lines = [["1", "A", "A again", "Carers Services", "Minimum NHS Contribution", 100]]
    return save(plan_workbook(lines, header=header))


def staff_rota() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rota"
    ws.append(["Ward 7 nursing rota, week 12"])
    ws.append(["Name", "Band", "Mon", "Tue", "Wed"])
    for i in range(20):
        ws.append([f"Nurse {i}", 5, "E", "L", "N"])
    return save(wb)


def billion_laughs() -> bytes:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>')
    return replace_member(good(), "xl/worksheets/sheet1.xml", bomb)


def every_sheet_blank() -> bytes:
    wb = openpyxl.Workbook()
    wb.create_sheet("Second")
    return save(wb)


def headers_only() -> bytes:
    return save(plan_workbook([]))


def allocation_bad_code() -> bytes:
    return save(allocations_workbook([["E06000001", "Hartlepool", 1000, 10], ["E07000008", "Cambridge", 5, 5]]))


def allocation_text_amount() -> bytes:
    return save(allocations_workbook([["E06000001", "Hartlepool", "about a million", 10]]))


def long_strings() -> bytes:
    return save(plan_workbook(with_line(scheme_name="x" * 10_000)))


def unicode_names() -> bytes:
    wb = plan_workbook(with_line(scheme_name="Café support — Ünïcödé ✓"), exp_sheet="Dépenses ✓")
    return save(wb)


def no_year() -> bytes:
    wb = plan_workbook(cover=[("Health and Wellbeing Board", "Hartlepool"), ("HWB Code", "E06000001")],
                       year_text="this year")
    return save(wb)


def bad_cover_year() -> bytes:
    return save(plan_workbook(cover=[("HWB", "Hartlepool"), ("HWB Code", "E06000001"), ("Financial Year", "soon")]))


def zip_bomb() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                   "xl/worksheets/sheet1.xml": b"<row/>" * 3_000_000})


CASES = [
    Case("empty file", b"", fragment="empty"),
    Case("truncated zip", good()[:3000], fragment="damaged or incomplete"),
    Case("not a zip", b"\x00\x01\x02\x03 random bytes", fragment="not an Excel workbook"),
    Case("csv renamed", b"Scheme ID,Scheme Name\n1,Home first\n", fragment="CSV"),
    Case("html renamed", b"<html><body><table><tr><td>1</td></tr></table></body></html>", fragment="web page"),
    Case("xls name", good(), name="plan.xls", fragment="Excel 97-2003"),
    Case("xlsm name", good(), name="plan.xlsm", fragment="macro-enabled"),
    Case("encrypted (OLE2)", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, fragment="password-protected"),
    Case("zip bomb", zip_bomb(), fragment="zip bomb"),
    Case(
        "too many parts",
        zipped({**{"xl/workbook.xml": b"<w/>"}, **{f"x/{i}": b"" for i in range(1200)}}),
        fragment="parts",
    ),
    Case("macros inside", zipped({"xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"\0"}), fragment="macros"),
    Case("billion laughs", billion_laughs(), fragment="entity declarations"),
    Case("every sheet blank", every_sheet_blank(), fragment="every sheet is blank"),
    Case(
        "text amount",
        save(plan_workbook(with_line(amount="a lot"))),
        fragment="found text 'a lot'",
        sheet="Expenditure",
        cell=f"L{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "negative amount",
        save(plan_workbook(with_line(amount=-500))),
        fragment="negative",
        sheet="Expenditure",
        cell=f"L{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "absurd amount",
        save(plan_workbook(with_line(amount=5e12))),
        fragment="more than £1,000,000,000",
        sheet="Expenditure",
        cell=f"L{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "date amount",
        save(plan_workbook(with_line(amount=dt.datetime(2025, 4, 1)))),
        fragment="date",
        sheet="Expenditure",
        cell=f"L{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "blank amount",
        save(plan_workbook(with_line(amount=None))),
        fragment="expenditure is blank",
        sheet="Expenditure",
        cell=f"L{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "formula without value",
        formula_amount(),
        fragment="formula with no saved value",
        sheet="Expenditure",
        cell=f"L{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "missing scheme id",
        save(plan_workbook(with_line(scheme_id=None))),
        fragment="Scheme ID is blank",
        sheet="Expenditure",
        cell=f"A{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "missing source",
        save(plan_workbook(with_line(source=""))),
        fragment="Source of Funding is blank",
        sheet="Expenditure",
        cell=f"K{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "joint split over 100",
        save(plan_workbook(with_line(pct_nhs=140))),
        fragment="between 0% and 100%",
        sheet="Expenditure",
        cell=f"H{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "invalid cover code",
        save(plan_workbook(cover=[("HWB", "X"), ("HWB Code", "E07000008"), ("Financial Year", "2025-26")])),
        fragment="not a Health and Wellbeing Board area code",
        sheet="Cover",
        cell="B2",
    ),
    Case(
        "no area code",
        save(plan_workbook(cover=[("HWB", "Hartlepool"), ("Financial Year", "2025-26")])),
        fragment="no Health and Wellbeing Board code",
    ),
    Case(
        "unsupported year",
        save(
            plan_workbook(
                year_text="2019-20", cover=[("HWB", "H"), ("HWB Code", "E06000001"), ("Financial Year", "2019-20")]
            )
        ),
        fragment="not supported",
        sheet="Cover",
        cell="B3",
    ),
    Case("unreadable cover year", bad_cover_year(), fragment="expected a financial year", sheet="Cover", cell="B3"),
    Case("non-BCF NHS workbook", staff_rota(), fragment="not a BCF workbook"),
    Case(
        "allocations: district code",
        allocation_bad_code(),
        fragment="not a Health and Wellbeing Board area code",
        sheet="Allocations",
        cell="A5",
    ),
    Case("allocations: text amount", allocation_text_amount(), fragment="found text", sheet="Allocations", cell="C4"),
    # loads with warnings
    Case(
        "unknown scheme type",
        save(plan_workbook(with_line(scheme_type="Magic beans"))),
        severity="warning",
        fragment="not in the 2025-26 list",
        sheet="Expenditure",
        cell=f"D{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "unknown stream",
        save(plan_workbook(with_line(source="Lottery grant"))),
        severity="warning",
        fragment="not a 2025-26 funding stream",
        sheet="Expenditure",
        cell=f"K{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "iBCF in 2025-26",
        save(plan_workbook(with_line(source="iBCF"))),
        severity="warning",
        fragment="Local Authority Better Care Grant",
        sheet="Expenditure",
        cell=f"K{FIRST_LINE_ROW + 1}",
    ),
    Case(
        "totals row with no figure",
        save(plan_workbook([*GOOD_LINES, ["Total"]])),
        severity="warning",
        fragment="looks like a totals row and was not added",
        sheet="Expenditure",
        cell=f"A{FIRST_LINE_ROW + 3}",
    ),
    Case(
        "duplicate header",
        duplicate_header(),
        severity="warning",
        fragment="repeats an earlier column",
        sheet="Expenditure",
        cell="C3",
    ),
    Case("hidden sheet", hidden_expenditure(), severity="warning", fragment="hidden", sheet="Expenditure"),
    Case(
        "very long name",
        long_strings(),
        severity="warning",
        fragment="shortened",
        sheet="Expenditure",
        cell=f"B{FIRST_LINE_ROW + 1}",
    ),
    Case("headers only", headers_only(), severity="warning", fragment="no expenditure lines", sheet="Expenditure"),
    Case("no year anywhere", no_year(), severity="warning", fragment="no financial year found"),
]


def check_case(case: Case) -> None:
    """The file of `case` is refused with its message (or loads with its warning), naming its sheet and cell."""
    try:
        result = load_bytes(case.data, name=case.name)
    except LoadError as e:
        assert case.severity == "error", f"refused, but a load with a warning was expected: {e}"
        errors = [p for p in e.problems if p.severity == "error"]
        assert errors
        hits = [p for p in errors if case.fragment.lower() in p.message.lower()]
        assert hits, [p.message for p in errors]
        assert all(
            p.file == case.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for p in e.problems
        )
        if case.sheet:
            assert any(p.sheet == case.sheet and (case.cell is None or p.cell == case.cell) for p in hits), hits
        return
    assert case.severity == "warning", f"loaded, but a refusal was expected ({case.fragment})"
    assert isinstance(result, LoadResult)
    hits = [w for w in result.warnings if case.fragment.lower() in w.message.lower()]
    assert hits, [w.message for w in result.warnings]
    if case.sheet:
        assert any(w.sheet == case.sheet and (case.cell is None or w.cell == case.cell) for w in hits), hits
