"""`LoadResult.one_plan`: the one plan a command works on, or a sentence saying why there is none."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.models import LoadResult


def _area(plan, code: str, *, empty: bool = False):
    update = {"area": plan.area.model_copy(update={"code": code})}
    if empty:
        update |= {"lines": (), "localities": ()}
    return plan.model_copy(update=update)


def _result(*plans) -> LoadResult:
    return LoadResult(file="w.xlsx", kind="plan", year="2026-27", plans=plans)


def test_the_only_plan_with_lines_is_chosen_and_an_area_asked_for_is_found_by_its_code():
    plan = demo_plan()
    allocation = _area(plan, "E06000001", empty=True)
    result = _result(allocation, plan)
    assert result.one_plan() is plan  # the allocation-only area has nothing to model or follow
    assert result.one_plan(" e06000001 ") is allocation  # asked for by code, in any case, even with no lines


def test_no_area_several_areas_and_none_with_lines_are_each_a_sentence():
    plan = demo_plan()
    with pytest.raises(ValueError, match=r"^no area E09000001 in this workbook \(areas: E06999999\)$"):
        _result(plan).one_plan("E09000001")
    with pytest.raises(ValueError, match=r"^the workbook holds 2 areas \(E06999999, E06000002\); choose one with "
                                         r"--area CODE$"):
        _result(plan, _area(plan, "E06000002")).one_plan()
    with pytest.raises(ValueError, match="^the workbook holds no plan with expenditure lines or localities$"):
        _result(_area(plan, "E06000003", empty=True)).one_plan()


def test_more_than_ten_areas_are_named_ten_then_dots():
    plan = demo_plan()
    many = [_area(plan, f"E060000{i:02d}") for i in range(12)]
    with pytest.raises(ValueError) as e:
        _result(*many).one_plan()
    assert str(e.value) == ("the workbook holds 12 areas (" + ", ".join(f"E060000{i:02d}" for i in range(10))
                            + " ...); choose one with --area CODE")
