"""The illustrative demo area: its shape, its money per head, the two deliberate amber findings, and its actuals."""

from __future__ import annotations

import pytest

from budget.actuals import months
from budget.demo import DEMO_YEAR, QUARTERS, demo_actuals, demo_plan, write_demo
from budget.readers.actuals import read_actuals
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


# ---- the demo's illustrative actuals ----

def test_the_first_two_quarters_of_every_line_of_the_demo_plan_near_an_even_profile():
    plan, a = demo_plan(), demo_actuals()
    assert (a.area_code, a.year, a.illustrative) == (plan.area.code, DEMO_YEAR, True)
    so_far = months(DEMO_YEAR)[:3 * QUARTERS]
    assert [x.scheme_id for x in a.lines] == [x.scheme_id for x in plan.lines]
    for planned, actual in zip(plan.lines, a.lines, strict=True):
        assert sorted(actual.spend) == sorted(so_far)
        for m in so_far:  # each month within 12% of a twelfth of the line's year
            assert abs(actual.spend[m] - planned.amount / 12) <= 0.12 * planned.amount / 12 + 0.01
    # half a year's spend, give or take the monthly ripple
    assert a.spent == pytest.approx(sum(x.amount for x in plan.lines) / 2, rel=0.02)
    assert [m.month for m in a.metrics] == list(so_far)
    assert all(m.population_65_plus == sum(x.population_65_plus for x in plan.localities) for m in a.metrics)


def test_bcf_demo_writes_the_actuals_beside_the_plan_and_they_read_back_against_it(tmp_path):
    plan_file, actuals_file = write_demo(tmp_path)
    assert (plan_file.name, actuals_file.name) == ("demo_area.xlsx", "demo_area_actuals.xlsx")
    assert read_actuals(actuals_file, plan=demo_plan()) == demo_actuals()


def test_the_demo_s_localities_add_up_to_the_profile_it_is_shown_with(plan):
    # the demo is benchmarked as Calderdale (E08000033): its people aged 85+ are Calderdale's share of its people
    # aged 65+, and its localities' deprivation scores, weighted by population, average Calderdale's
    from budget.areas import table
    from budget.need import COMPUTED, need_weight
    from budget.peers import DEMO_PROFILE

    pop = next(r for r in table("hwb_population.csv") if r["hwb_code"] == DEMO_PROFILE)
    dep = next(r for r in table("hwb_deprivation.csv") if r["hwb_code"] == DEMO_PROFILE)
    locs = plan.localities
    older, oldest = sum(x.population_65_plus for x in locs), sum(x.population_85_plus for x in locs)
    assert oldest == round(older * int(pop["age_85_plus"]) / int(pop["age_65_plus"]))
    score = sum(x.population * x.deprivation_score for x in locs) / sum(x.population for x in locs)
    assert score == pytest.approx(float(dep["imd_average_score"]), abs=0.01)
    assert all(need_weight(x)[1] == COMPUTED for x in locs)
