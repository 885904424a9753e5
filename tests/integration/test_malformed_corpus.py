"""A corpus of malformed and hostile workbooks (tests/integration/corpus.py), each with the message it must get.

Every case ends either in a LoadError whose error problems name what is wrong (and the sheet and
cell where there is one) or in a LoadResult carrying the expected warning — never in any other
exception.
"""

from __future__ import annotations

import copy
import re

import pytest

from budget.models import LoadError
from budget.readers import load_bytes
from tests.integration.builders import (
    GOOD_INCOME_TOTAL,
    GOOD_LINES,
    GOOD_TOTAL,
    plan_workbook,
    save,
)
from tests.integration.corpus import CASES, FIRST_LINE_ROW, Case, check_case, merged_down, unicode_names


def test_corpus_is_big_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_bad_file_gets_its_message(case: Case):
    check_case(case)


def test_every_problem_in_one_pass():
    lines = copy.deepcopy(GOOD_LINES)
    lines[0][11] = "lots"
    lines[1][0] = None
    lines[2][11] = -1
    with pytest.raises(LoadError) as e:
        load_bytes(save(plan_workbook(lines)), name="three.xlsx")
    cells = {p.cell for p in e.value.problems if p.severity == "error"}
    assert {f"L{FIRST_LINE_ROW}", f"A{FIRST_LINE_ROW + 1}", f"L{FIRST_LINE_ROW + 2}"} <= cells


def test_totals_row_is_not_double_counted():
    result = load_bytes(save(plan_workbook(total_row=True)), name="t.xlsx")
    assert result.total_expenditure == pytest.approx(GOOD_TOTAL)
    assert result.total_income == pytest.approx(GOOD_INCOME_TOTAL)


def test_merged_scheme_cells_fill_every_line():
    result = load_bytes(merged_down(), name="m.xlsx")
    ids = [x.scheme_id for x in result.plans[0].lines]
    assert ids == ["1", "1", "3"]
    assert result.total_expenditure == pytest.approx(GOOD_TOTAL)


def test_unicode_sheet_and_scheme_names_read():
    result = load_bytes(unicode_names(), name="ü.xlsx")
    assert any("Ünïcödé" in x.scheme_name for x in result.plans[0].lines)
    assert {x.sheet for x in result.plans[0].lines} == {"Dépenses ✓"}


def test_messages_name_the_file_and_never_leak_python():
    for case in CASES:
        try:
            load_bytes(case.data, name=case.name)
        except LoadError as e:
            for p in e.problems:
                assert not re.search(r"Traceback|File \".*\.py\"|Error\(", p.message), p.message
