"""More of the bad-input corpus: values, vocabularies, localities, baselines, multi-area files.

With ``tests/integration/corpus.py`` this makes over 60 workbooks, each with its message.
"""

from __future__ import annotations

import copy

import openpyxl

from budget.demo import demo_plan
from budget.template import input_template_bytes
from tests.integration.builders import GOOD_LINES, allocations_workbook, plan_workbook, save
from tests.integration.corpus import Case, with_line

ROW = 5  # the second line of the builders' plans


def template_with(edit) -> bytes:
    """The demo input template with one edit made the way a person would, in Excel."""
    wb = openpyxl.load_workbook(__import__("io").BytesIO(input_template_bytes("2026-27", demo_plan())))
    edit(wb)
    return save(wb)


def multi_area(code: str, income_code: str = "E06000001") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Expenditure"
    ws.append(["Plan 2025-26"])
    ws.append(["HWB Code", "Scheme ID", "Scheme Name", "Scheme Type", "Source of Funding", "Expenditure (£)"])
    ws.append(["E06000001", "1", "A", "Carers Services", "Minimum NHS Contribution", 10])
    ws.append([code, "2", "B", "Carers Services", "Minimum NHS Contribution", 10])
    inc = wb.create_sheet("Income")
    inc.append(["HWB Code", "Funding Stream", "Amount"])
    inc.append([income_code, "Minimum NHS Contribution", 30])
    return save(wb)


def repeated_allocation() -> bytes:
    return save(allocations_workbook([["E06000001", "Hartlepool", 10, 1], ["E06000001", "Hartlepool", 5, 1]]))


def duplicate_line() -> bytes:
    lines = copy.deepcopy(GOOD_LINES)
    lines.append(list(lines[0]))
    return save(plan_workbook(lines))


def wrong_total() -> bytes:
    lines = copy.deepcopy(GOOD_LINES)
    lines.append(["Total", "", "", "", "", "", "", "", "", "", "", 999])
    return save(plan_workbook(lines))


def locality_cell(col: str, value) -> bytes:
    return template_with(lambda wb: wb["Localities"].__setitem__(f"{col}4", value))


CASES = [
    Case("#REF! in amount", save(plan_workbook(with_line(amount="#REF!"))), fragment="Excel error #REF!",
         sheet="Expenditure", cell=f"L{ROW}"),
    Case("TRUE in amount", save(plan_workbook(with_line(amount=True))), fragment="expected", sheet="Expenditure",
         cell=f"L{ROW}"),
    Case("amount in pence", save(plan_workbook(with_line(amount=123_456_789_012))), fragment="pounds, not pence",
         sheet="Expenditure", cell=f"L{ROW}"),
    Case("blank scheme type", save(plan_workbook(with_line(scheme_type=None))), fragment="Scheme Type is blank",
         sheet="Expenditure", cell=f"D{ROW}"),
    Case("blank scheme name", save(plan_workbook(with_line(scheme_name="  "))), fragment="Scheme Name is blank",
         sheet="Expenditure", cell=f"B{ROW}"),
    Case("percentage as words", save(plan_workbook(with_line(pct_nhs="sixty"))), fragment="percentage",
         sheet="Expenditure", cell=f"H{ROW}"),
    Case("negative percentage", save(plan_workbook(with_line(pct_la=-10))), fragment="between 0% and 100%",
         sheet="Expenditure", cell=f"I{ROW}"),
    Case("multi-area: bad code on a line", multi_area("W06000001"), fragment="not a Health and Wellbeing Board",
         sheet="Expenditure", cell="A4"),
    Case("multi-area: bad code on income", multi_area("E06000001", "Hartlepool"), fragment="not a Health",
         sheet="Income", cell="A2"),
    Case("year far ahead", save(plan_workbook(cover=[("HWB", "H"), ("HWB Code", "E06000001"),
                                                     ("Financial Year", "2035-36")])),
         fragment="not supported", sheet="Cover", cell="B3"),
    Case("65+ above population", locality_cell("C", 10_000_000), fragment="exceed", sheet="Localities", cell="A4"),
    Case("negative population", locality_cell("B", -5), fragment="cannot be below 0", sheet="Localities", cell="B4"),
    Case("locality without a name", locality_cell("A", None), fragment="no name", sheet="Localities", cell="A4"),
    Case("population as text", locality_cell("B", "lots"), fragment="found text", sheet="Localities", cell="B4"),
    Case("zero need weight", locality_cell("G", 0), fragment="above 0", sheet="Localities", cell="G4"),
    Case("negative baseline", template_with(lambda wb: wb["Baselines"].__setitem__("B4", -3)), fragment="0 or more",
         sheet="Baselines", cell="B4"),
    Case("minimum ASC as text", template_with(lambda wb: wb["Cover"].__setitem__("B8", "about twelve million")),
         fragment="found text", sheet="Cover", cell="B8"),
    # loads with warnings
    Case("planned outputs as text", save(plan_workbook([*GOOD_LINES[:1], [*GOOD_LINES[1][:12], "lots", "New"]])),
         severity="warning", fragment="planned outputs left blank", sheet="Expenditure", cell=f"M{ROW}"),
    Case("new/existing nonsense", save(plan_workbook([*GOOD_LINES[:1], [*GOOD_LINES[1][:13], "Maybe"]])),
         severity="warning", fragment="not New or Existing", sheet="Expenditure", cell=f"N{ROW}"),
    Case("unknown commissioner", save(plan_workbook([*GOOD_LINES[:1], [*GOOD_LINES[1][:6], "Parish council",
                                                                       *GOOD_LINES[1][7:]]])),
         severity="warning", fragment="not LA, NHS or Joint", sheet="Expenditure", cell=f"G{ROW}"),
    Case("unknown provider", save(plan_workbook([*GOOD_LINES[:1], [*GOOD_LINES[1][:9], "Acme Ltd",
                                                                   *GOOD_LINES[1][10:]]])),
         severity="warning", fragment="provider 'Acme Ltd'", sheet="Expenditure", cell=f"J{ROW}"),
    Case("unknown area of spend", save(plan_workbook([*GOOD_LINES[:1], [*GOOD_LINES[1][:5], "Leisure",
                                                                        *GOOD_LINES[1][6:]]])),
         severity="warning", fragment="area of spend 'Leisure'", sheet="Expenditure", cell=f"F{ROW}"),
    Case("locality not listed", template_with(lambda wb: wb["Expenditure"].__setitem__("P4", "Atlantis")),
         severity="warning", fragment="not on the Localities sheet", sheet="Expenditure", cell="P4"),
    Case("duplicate line", duplicate_line(), severity="warning", fragment="repeats row", sheet="Expenditure"),
    Case("totals row that disagrees", wrong_total(), severity="warning", fragment="totals row says £999.00",
         sheet="Expenditure"),
    Case("area listed twice", repeated_allocation(), severity="warning", fragment="appears more than once",
         sheet="Allocations", cell="A5"),
    Case("unknown sub type", save(plan_workbook([*GOOD_LINES[:1], [*GOOD_LINES[1][:4], "Robot butlers",
                                                                   *GOOD_LINES[1][5:]]])),
         severity="warning", fragment="sub type 'Robot butlers'", sheet="Expenditure", cell=f"E{ROW}"),
]
