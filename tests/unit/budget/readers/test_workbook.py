"""Unit tests of budget/readers/workbook.py: loading bytes or a path, every refusal a sentence naming the file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.models import LoadError
from budget.readers.workbook import load_bytes, load_workbook, printable_name
from tests.integration.builders import GOOD_TOTAL, allocations_workbook, plan_workbook, save


def test_a_plan_is_loaded_with_its_kind_year_and_problems():
    result = load_bytes(save(plan_workbook(total_row=True)), name="plan.xlsx")
    assert (result.file, result.kind, result.year, result.years) == ("plan.xlsx", "plan", "2025-26", ("2025-26",))
    (plan,) = result.plans
    assert plan.total_expenditure == GOOD_TOTAL
    assert all(p.severity == "warning" for p in result.problems)


def test_allocations_are_loaded_without_a_submission():
    wb = allocations_workbook([["E06000001", "Hartlepool", 1_000, 200], ["E06000002", "Middlesbrough", 3_000, 400]])
    result = load_bytes(save(wb), name="a.xlsx")
    assert result.kind == "allocations" and result.submission is None
    assert [p.total_income for p in result.plans] == [1_200, 3_400]


def test_errors_raise_every_problem():
    lead = ["Home-based intermediate care services", None, "Social Care", "LA", None, None, "Local Authority",
            "Minimum NHS Contribution"]
    wb = plan_workbook(lines=[["1", "Home first", "d", *lead, "lots"], ["", "Telecare", "d", *lead, 5]])
    with pytest.raises(LoadError) as e:
        load_bytes(save(wb), name="bad.xlsx")
    errors = [p for p in e.value.problems if p.severity == "error"]
    assert [(p.file, p.sheet, p.cell) for p in errors] == [("bad.xlsx", "Expenditure", "L4"),
                                                           ("bad.xlsx", "Expenditure", "A5")]


def test_hidden_sheet_read_is_warned():
    wb = plan_workbook()
    wb["Expenditure"].sheet_state = "hidden"
    result = load_bytes(save(wb), name="p.xlsx")
    assert any(p.sheet == "Expenditure" and p.message == "this sheet is hidden in the workbook but was read"
               for p in result.problems)


def test_not_a_zip_is_refused_as_a_sentence():
    with pytest.raises(LoadError) as e:
        load_bytes(b"plain text, not a workbook", name="notes.xlsx")
    (p,) = e.value.problems
    assert p.file == "notes.xlsx" and p.sheet is None and p.cell is None
    assert p.message.endswith("save it as an Excel Workbook (.xlsx).")


def test_a_zip_that_is_no_workbook_is_refused():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(LoadError) as e:
        load_bytes(buf.getvalue(), name="z.xlsx")
    assert [(p.file, p.message) for p in e.value.problems] == [
        ("z.xlsx", "this zip file is not an Excel workbook (no xl/workbook.xml inside).")]


def test_load_workbook_from_a_path_and_a_missing_one(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(save(plan_workbook()))
    assert load_workbook(path).file == "plan.xlsx"
    with pytest.raises(LoadError) as e:
        load_workbook(tmp_path / "absent.xlsx")
    assert e.value.problems[0].file == "absent.xlsx"


def test_printable_name_replaces_undecodable_bytes():
    raw = b"plan-\xff.xlsx".decode("utf-8", "surrogateescape")
    assert printable_name(raw) == "plan-\ufffd.xlsx"
    assert printable_name("Plän.xlsx") == "Plän.xlsx"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_printable_name_leaves_valid_text_alone(name):
    assert printable_name(name) == name
