"""Intermediate-care capacity and demand (scenarios.capacity) on a tiny plan, against a hand calculation
from the assumption files read directly, and its properties."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from pydantic import ValidationError

from budget.models import Baselines, ExpenditureLine, HWBArea, Locality, Plan
from budget.submission import CapacitySettings, Submission
from scenarios.capacity import (
    PATHWAYS,
    SERVICES,
    capacity_plan,
    capacity_table,
    month_labels,
    seasonal_weights,
)
from scenarios.schema import Scenario, ScenarioError

POP, POP65, RATE = 100_000, 20_000, 25_000  # one locality; emergency admissions per 100,000 aged 65+


def _yaml(name: str) -> dict:
    return yaml.safe_load((resources.files("scenarios") / "assumptions" / name).read_text(encoding="utf-8"))


CAP, BASE, LEVERS_Y = _yaml("capacity.yaml"), _yaml("baseline.yaml"), _yaml("levers.yaml")
G65 = BASE["growth_per_year"]["population_65_plus"]["value"]
GEA = BASE["growth_per_year"]["emergency_admissions_rate"]["value"]
REABLEMENT_COST = LEVERS_Y["levers"]["reablement"]["unit_cost"]["central"]
BED_COST = LEVERS_Y["levers"]["bed_based_intermediate_care"]["unit_cost"]["central"]
DISCHARGE_COST = (LEVERS_Y["levers"]["discharge_support"]["staff"]["cost_per_fte"]["central"]
                  / LEVERS_Y["levers"]["discharge_support"]["staff"]["people_per_fte"]["value"])
UCR_COST = CAP["unit_costs"]["ucr_episode"]["value"]
P3_COST = CAP["unit_costs"]["p3_short_term_placement"]["value"]

HOME = "Home-based intermediate care services"
BEDS = "Bed based intermediate Care Services (Reablement, rehabilitation, wider short-term services supporting recovery)"


def line(sid: str, scheme_type: str, sub_type: str, amount: float, outputs: float | None = None,
         unit: str = "") -> ExpenditureLine:
    return ExpenditureLine(scheme_id=sid, scheme_name=f"Scheme {sid}", scheme_type=scheme_type, sub_type=sub_type,
                           source_of_funding="nhs_minimum", amount=amount, planned_outputs=outputs, output_unit=unit)


def tiny_plan(**amounts: float) -> Plan:
    a = {"R1": 300_000, "R2": 150_000, "B1": 100_000, "U1": 90_000, "T1": 58_000, "X1": 500_000, "S1": 48_000,
         **amounts}
    lines = (
        line("R1", HOME, "Reablement at home (to support discharge)", a["R1"], 120, "Packages"),
        line("R2", HOME, "Reablement at home (to prevent admission to hospital or residential care)", a["R2"]),
        line("B1", BEDS, "Bed-based intermediate care with rehabilitation accepting step up and step down users", a["B1"]),
        line("U1", "Urgent Community Response", "", a["U1"]),
        line("T1", "High Impact Change Model for Managing Transfer of Care", "Trusted Assessment", a["T1"]),
        line("X1", "Enablers for Integration", "Data Integration", a["X1"]),
        line("S1", "Residential Placements", "Short term residential care (without rehabilitation or reablement input)",
             a["S1"]),
    )
    return Plan(area=HWBArea(code="E06000001", name="Tiny"), year="2025-26", lines=lines,
                localities=(Locality(name="Only", population=POP, population_65_plus=POP65),),
                baselines=Baselines(emergency_admissions_65_plus_per_100k=RATE))


FLAT = (1.0,) * 12


def year(values) -> float:
    return sum(values)


def test_demand_and_capacity_match_a_hand_calculation():
    cap = capacity_plan(tiny_plan(), profile=FLAT)
    assert cap.months == ("Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025",
                          "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026")
    admissions = POP65 * RATE / 1e5 * (1 + G65) * (1 + GEA)  # one year of growth to the plan year
    discharges = admissions * CAP["discharges_per_admission"]["value"]
    for p in PATHWAYS:
        share = CAP["pathways"][p]["share"]["value"]
        # only the part of a pathway that needs a service counts (P0: those who need help to get home)
        needs = CAP["pathways"][p].get("needs_support", {"value": 1.0})["value"]
        assert cap.discharge[p].demand == pytest.approx((discharges * share * needs / 12,) * 12)
    assert CAP["pathways"]["P0"]["needs_support"]["value"] < 1
    pop65 = POP65 * (1 + G65)
    for s in SERVICES:
        rate = CAP["services"][s]["referrals_per_100k_65_plus"]["value"]
        assert cap.community[s].demand == pytest.approx((pop65 * rate / 1e5 / 12,) * 12)
    # capacity: R1 states 120 packages; the rest is spend ÷ unit cost; X1 (enablers) buys none
    expected = {"P0": 58_000 / DISCHARGE_COST, "P1": 120, "P2": 100_000 / BED_COST / 2, "P3": 48_000 / P3_COST,
                "ucr": 90_000 / UCR_COST, "reablement": 150_000 / REABLEMENT_COST,
                "bed_based": 100_000 / BED_COST / 2, "social_support": 0.0}
    for key, f in cap.flows().items():
        assert f.capacity == pytest.approx((expected[key] / 12,) * 12), key
        assert f.gap == pytest.approx(tuple(c - d for c, d in zip(f.capacity, f.demand, strict=True)))
    assert cap.discharge["P1"].gap[0] == pytest.approx(10 - discharges * 0.45 / 12)


def test_the_profile_shapes_demand_but_keeps_the_years_total():
    plan = tiny_plan()
    flat = capacity_plan(plan, profile=FLAT)
    winter = capacity_plan(plan, profile=(1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 1, 1))
    shipped = capacity_plan(plan)
    for key in PATHWAYS + SERVICES:
        f, w, s = flat.flows()[key], winter.flows()[key], shipped.flows()[key]
        assert year(w.demand) == pytest.approx(year(f.demand))
        assert year(s.demand) == pytest.approx(year(f.demand))
        assert w.demand[8] == pytest.approx(3 * w.demand[0])  # December three times April
        assert w.capacity == f.capacity  # capacity is spread evenly whatever the profile
    assert shipped.profile_source == "shipped" and winter.profile_source == "area"
    assert max(shipped.profile) == shipped.profile[8]  # the shipped profile peaks in December
    # the submission's profile is used when no profile is given
    own = Submission(capacity=CapacitySettings(seasonal_profile=(1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 1, 1)))
    assert capacity_plan(plan, submission=own).discharge["P1"].demand == pytest.approx(winter.discharge["P1"].demand)


def test_more_money_on_discharge_reablement_raises_p1_capacity_and_nothing_else():
    plan = tiny_plan()
    before = capacity_plan(plan, profile=FLAT)
    added = Scenario.model_validate({"name": "More", "changes": [
        {"kind": "add_line", "scheme_id": "R9", "scheme_type": HOME,
         "sub_type": "Reablement at home (to support discharge)", "amount_gbp": 60_000}]})
    moved = Scenario.model_validate({"name": "Moved", "changes": [
        {"kind": "move", "from": {"scheme_id": "X1"}, "to": {"scheme_id": "R1"}, "amount_gbp": 30_000}]})
    for scenario, extra in ((added, 60_000 / REABLEMENT_COST), (moved, 30_000 * 120 / 300_000)):
        after = capacity_plan(plan, scenario=scenario, profile=FLAT)
        for key in PATHWAYS + SERVICES:
            gain = year(after.flows()[key].capacity) - year(before.flows()[key].capacity)
            assert gain == pytest.approx(extra if key == "P1" else 0.0, abs=1e-9), key
            assert after.flows()[key].demand == before.flows()[key].demand


def test_money_moved_to_the_reablement_lever_is_split_as_the_lever_is():
    before = capacity_plan(tiny_plan(), profile=FLAT)
    scenario = Scenario.model_validate({"name": "To lever", "changes": [
        {"kind": "move", "from": {"scheme_id": "X1"}, "to": {"lever": "reablement"}, "amount_gbp": 90_000}]})
    after = capacity_plan(tiny_plan(), scenario=scenario, profile=FLAT)
    shares = CAP["levers"]["reablement"]
    for key in PATHWAYS + SERVICES:
        gain = year(after.flows()[key].capacity) - year(before.flows()[key].capacity)
        assert gain == pytest.approx(90_000 / REABLEMENT_COST * shares.get(key, 0.0), abs=1e-9), key


def test_zero_spend_buys_zero_capacity():
    cap = capacity_plan(tiny_plan(R1=0, R2=0, B1=0, U1=0, T1=0, X1=0, S1=0), profile=FLAT)
    for f in cap.flows().values():
        assert f.capacity == (0.0,) * 12
        assert f.gap == tuple(-d for d in f.demand)
    removed = Scenario.model_validate({"name": "None", "changes": [
        {"kind": "remove_line", "scheme_id": s} for s in ("R1", "R2", "B1", "U1", "T1", "X1", "S1")]})
    assert all(sum(f.capacity) == 0 for f in capacity_plan(tiny_plan(), scenario=removed).flows().values())


def test_planned_outputs_win_over_spend_divided_by_unit_cost():
    stated = capacity_plan(tiny_plan(), profile=FLAT)
    plan = tiny_plan()
    unstated = plan.model_copy(update={"lines": tuple(
        x.model_copy(update={"planned_outputs": None}) if x.scheme_id == "R1" else x for x in plan.lines)})
    assert year(stated.discharge["P1"].capacity) == pytest.approx(120)
    assert year(capacity_plan(unstated, profile=FLAT).discharge["P1"].capacity) == pytest.approx(300_000 / REABLEMENT_COST)
    # outputs in hours are not people: spend ÷ unit cost instead
    hours = plan.model_copy(update={"lines": tuple(
        x.model_copy(update={"output_unit": "Hours of care"}) if x.scheme_id == "R1" else x for x in plan.lines)})
    assert year(capacity_plan(hours, profile=FLAT).discharge["P1"].capacity) == pytest.approx(300_000 / REABLEMENT_COST)


@pytest.mark.parametrize(("profile", "words"), [
    ((1.0,) * 11, "needs 12 monthly weights, April to March, not 11"),
    ((1.0,) * 11 + (-1.0,), "the weight for Mar"),
    ((0.0,) * 12, "at least one month needs a weight above 0"),
    ((float("nan"),) + (1.0,) * 11, "the weight for Apr"),
])
def test_a_bad_seasonal_profile_is_one_clear_sentence(profile, words):
    with pytest.raises(ScenarioError, match=words):
        capacity_plan(tiny_plan(), profile=profile)
    with pytest.raises(ScenarioError, match=words):
        seasonal_weights(profile)


def test_the_submission_refuses_a_profile_without_twelve_months():
    with pytest.raises(ValidationError, match="12 monthly weights"):
        CapacitySettings(seasonal_profile=(1.0, 2.0))


def test_a_plan_without_localities_is_refused_with_a_sentence():
    plan = tiny_plan().model_copy(update={"localities": ()})
    with pytest.raises(ScenarioError, match="no localities"):
        capacity_plan(plan)


def test_capacity_table_rows_months_and_year_totals():
    cap = capacity_plan(tiny_plan(), profile=(1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 1, 1))
    t = capacity_table(cap)
    assert t.columns == ("Pathway or service", "Measure", *month_labels("2025-26"), "Year")
    assert len(t.rows) == 3 * (len(PATHWAYS) + len(SERVICES))
    by = {(r[0], r[1]): r for r in t.rows}
    f = cap.discharge["P1"]
    demand, capacity, gap = by[(f.label, "Demand")], by[(f.label, "Capacity")], by[(f.label, "Gap")]
    assert demand[-1] == pytest.approx(sum(demand[2:14]), abs=0.7)
    assert capacity[-1] == pytest.approx(120, abs=0.05)
    for m in range(2, 14):
        assert gap[m] == pytest.approx(capacity[m] - demand[m], abs=0.11)
    assert [r[1] for r in t.rows[:3]] == ["Demand", "Capacity", "Gap"]
