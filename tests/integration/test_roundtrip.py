"""Property: a random valid plan written to the input template and read back is the same plan."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from budget.readers import load_bytes
from budget.template import input_template_bytes
from tests.integration.plans import comparable, plans


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_written_plan_reads_back_identical(plan):
    result = load_bytes(input_template_bytes(plan.year, plan), name="roundtrip.xlsx")
    assert result.kind == "input-template"
    assert result.year == plan.year
    (back,) = result.plans
    assert comparable(back) == comparable(plan)
    for line in back.lines:  # every line knows where it came from
        assert line.sheet == "Expenditure" and line.cells["amount"].startswith("L")


def test_demo_reads_back_identical_through_the_large_sheet_path():
    from budget.demo import demo_plan
    from budget.readers.grid import HEAD_ROWS

    plan = demo_plan()
    assert len(plan.lines) > HEAD_ROWS  # so the expenditure sheet is read by the bulk reader
    (back,) = load_bytes(input_template_bytes(plan.year, plan), name="demo.xlsx").plans
    assert comparable(back) == comparable(plan)
