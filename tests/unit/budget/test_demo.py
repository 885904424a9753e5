"""The illustrative demo area: its shape, its money per head, and the two deliberate amber findings."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.reference import load_reference
from budget.rules import check

ENGLAND = 57_106_398
NATIONAL_2025_26 = {"nhs_minimum": 5_614e6, "la_better_care_grant": 2_640e6, "dfg": 711e6}


@pytest.fixture(scope="module")
def plan():
    return demo_plan()


def test_shape(plan):
    ref = load_reference(plan.year)
    assert plan.illustrative and "illustrative" in plan.area.name.lower()
    assert plan.year == "2026-27"
    assert 100 <= len(plan.lines) <= 150
    assert len(plan.localities) == 6
    assert 280_000 <= sum(x.population for x in plan.localities) <= 320_000
    assert {x.scheme_type for x in plan.lines} == {st.name for st in ref.scheme_types}
    assert {x.source_of_funding for x in plan.lines} == set(ref.stream_ids())
    assert {x.locality for x in plan.lines if x.locality} == {x.name for x in plan.localities}


def test_income_per_head_matches_national_totals(plan):
    people = sum(x.population for x in plan.localities)
    income = plan.income_by_stream()
    for stream, national in NATIONAL_2025_26.items():
        assert income[stream] / people == pytest.approx(national / ENGLAND, rel=0.01)


def test_only_the_two_deliberate_ambers(plan):
    findings = check(plan)
    assert not [f for f in findings if f.severity == "red"]
    assert sorted(f.id for f in findings if f.severity == "amber") == ["required-outputs", "unallocated-pool"]


def test_same_every_time():
    assert demo_plan() == demo_plan()
