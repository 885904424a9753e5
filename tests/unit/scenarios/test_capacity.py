"""Intermediate-care capacity and demand (scenarios.capacity) on a tiny plan, against a hand calculation
from the assumption files read directly, and its properties: the observed pathway shares and seasonal
profile, the area's own shares, and capacity that follows the impact model's people served."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from pydantic import ValidationError

from budget.models import Baselines, ExpenditureLine, HWBArea, Locality, Plan
from budget.submission import CapacitySettings, PathwayShares, Submission
from scenarios.capacity import (
    PATHWAYS,
    SERVICES,
    capacity_plan,
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
# urgent community response is on the integrated locality teams lever, costed as the impact model costs it
TEAMS_COST = (LEVERS_Y["levers"]["integrated_locality_teams"]["staff"]["cost_per_fte"]["central"]
              / LEVERS_Y["levers"]["integrated_locality_teams"]["staff"]["people_per_fte"]["value"])
REABLEMENT_CAP_SHARE = (LEVERS_Y["levers"]["reablement"]["eligible_share_65_plus"]["value"]
                        * LEVERS_Y["levers"]["reablement"]["max_uptake"]["value"])
P3_COST = CAP["unit_costs"]["p3_short_term_placement"]["value"]

HOME = "Home-based intermediate care services"
BEDS = (
    "Bed based intermediate Care Services (Reablement, rehabilitation, wider short-term services supporting recovery)"
)


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
        line(
            "B1", BEDS, "Bed-based intermediate care with rehabilitation accepting step up and step down users", a["B1"]
        ),
        line("U1", "Urgent Community Response", "", a["U1"]),
        line("T1", "High Impact Change Model for Managing Transfer of Care", "Trusted Assessment", a["T1"]),
        line("X1", "Enablers for Integration", "Data Integration", a["X1"]),
        line(
            "S1",
            "Residential Placements",
            "Short term residential care (without rehabilitation or reablement input)",
            a["S1"],
        ),
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
    # capacity: R1 states 120 packages; the rest is spend ÷ unit cost (no lever reaches its eligibility cap
    # here); X1 (enablers) buys none; S1 (short-term residential) has no modelled effect, so its rule's cost
    expected = {"P0": 58_000 / DISCHARGE_COST, "P1": 120, "P2": 100_000 / BED_COST / 2, "P3": 48_000 / P3_COST,
                "ucr": 90_000 / TEAMS_COST, "reablement": 150_000 / REABLEMENT_COST,
                "bed_based": 100_000 / BED_COST / 2, "social_support": 0.0}
    for key, f in cap.flows().items():
        assert f.capacity == pytest.approx((expected[key] / 12,) * 12), key
        assert f.gap == pytest.approx(tuple(c - d for c, d in zip(f.capacity, f.demand, strict=True)))
    assert cap.discharge["P1"].gap[0] == pytest.approx(10 - discharges * 0.088 / 12)  # 8.8% observed on P1


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
    # the submission's profile is used when no profile is given
    own = Submission(capacity=CapacitySettings(seasonal_profile=(1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 1, 1)))
    assert capacity_plan(plan, submission=own).discharge["P1"].demand == pytest.approx(winter.discharge["P1"].demand)


# the reablement lever's people per pound in the tiny plan as submitted: R1's 120 packages and R2's
# £150,000 at the unit cost, for its £450,000; money a change adds buys people at this rate, as in the model
REABLEMENT_PER_POUND = (120 + 150_000 / REABLEMENT_COST) / 450_000


def test_more_money_on_discharge_reablement_raises_p1_capacity_and_nothing_else():
    plan = tiny_plan()
    before = capacity_plan(plan, profile=FLAT)
    added = Scenario.model_validate({"name": "More", "changes": [
        {"kind": "add_line", "scheme_id": "R9", "scheme_type": HOME,
         "sub_type": "Reablement at home (to support discharge)", "amount_gbp": 60_000}]})
    moved = Scenario.model_validate({"name": "Moved", "changes": [
        {"kind": "move", "from": {"scheme_id": "X1"}, "to": {"scheme_id": "R1"}, "amount_gbp": 30_000}]})
    for scenario, extra in ((added, 60_000 * REABLEMENT_PER_POUND), (moved, 30_000 * REABLEMENT_PER_POUND)):
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
        assert gain == pytest.approx(90_000 * REABLEMENT_PER_POUND * shares.get(key, 0.0), abs=1e-9), key


def test_above_the_eligibility_cap_more_money_buys_no_capacity():
    # R2 buys 2,000 step-up packages and R1 states 120 on discharge: far more than the cap, people aged
    # 65+ in the plan year x the eligible share x the maximum uptake, which is what is served, shared 120 : 2,000
    plan = tiny_plan(R2=2_000 * REABLEMENT_COST)
    cap_people = POP65 * (1 + G65) * REABLEMENT_CAP_SHARE
    assert cap_people < 2_120
    before = capacity_plan(plan, profile=FLAT)
    assert year(before.discharge["P1"].capacity) == pytest.approx(cap_people * 120 / 2_120)
    assert year(before.community["reablement"].capacity) == pytest.approx(cap_people * 2_000 / 2_120)
    r1 = next(r for r in before.lines if r.scheme_id == "R1")
    assert r1.bought == pytest.approx(120) and r1.people == pytest.approx(cap_people * 120 / 2_120)
    assert "cut by the eligibility cap" in r1.basis and f"of {120} people" in r1.basis
    assert any("reablement" in w and "above the cap" in w for w in before.above_cap)
    more = Scenario.model_validate({"name": "£1m more", "changes": [
        {"kind": "add_line", "scheme_id": "R9", "scheme_type": HOME,
         "sub_type": "Reablement at home (to support discharge)", "amount_gbp": 1_000_000}]})
    after = capacity_plan(plan, scenario=more, profile=FLAT)
    both = ("P1", "reablement")
    assert sum(year(after.flows()[k].capacity) for k in both) == pytest.approx(cap_people)  # nobody more
    assert sum(year(before.flows()[k].capacity) for k in both) == pytest.approx(cap_people)
    # the impact model says the same
    from scenarios.engine import run

    for scenario in (Scenario(), more):
        r = run(scenario, plan, runs=1, seed=0)
        assert r.outcome("people_served")[0, 0, list(r.levers).index("reablement")].sum() == pytest.approx(cap_people)


def test_a_line_with_no_modelled_effect_keeps_its_own_count():
    # S1 (short-term residential care) has no modelled effect: its rule's unit cost, with no cap
    big = tiny_plan(S1=100 * P3_COST)
    assert year(capacity_plan(big, profile=FLAT).discharge["P3"].capacity) == pytest.approx(100)
    s1 = next(r for r in capacity_plan(big, profile=FLAT).lines if r.scheme_id == "S1")
    assert s1.lever == "none" and "no modelled effect" in s1.basis


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
    assert year(capacity_plan(unstated, profile=FLAT).discharge["P1"].capacity) == pytest.approx(
        300_000 / REABLEMENT_COST
    )
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


def test_the_shipped_pathway_shares_are_the_observed_england_shares_with_source_and_period():
    # NHS England's acute discharge situation report, Feb 2023 to Jan 2024 (P0 includes a return to the usual
    # care home), not the 2020 guidance's 50/45/4/1 planning assumption
    observed = {"P0": 0.864, "P1": 0.088, "P2": 0.034, "P3": 0.013}
    for p, value in observed.items():
        share = CAP["pathways"][p]["share"]
        assert share["value"] == value
        assert "Acute discharge situation report" in share["source"] and "England" in share["source"]
        assert share["period"] == "February 2023 to January 2024"
    cap = capacity_plan(tiny_plan(), profile=FLAT)
    assert cap.shares_source == "shipped" and cap.area_shares is None
    assert cap.pathway_shares == observed
    assert cap.shares_line == ("NHS England, Acute discharge situation report, daily series, England, "
                               "February 2023 to January 2024")
    figs = {f.name: f for f in cap.assumptions}
    assert figs["P1 share of discharges"].value == 0.088
    assert figs["P1 share of discharges"].source == cap.shares_line


def test_the_areas_own_pathway_shares_split_its_demand():
    own = PathwayShares(P0=50, P1=45, P2=4, P3=1, source="Trust discharge extract", period="2024-25")
    plan = tiny_plan()
    shipped = capacity_plan(plan, profile=FLAT)
    cap = capacity_plan(plan, submission=Submission(capacity=CapacitySettings(pathway_shares=own)), profile=FLAT)
    discharges = POP65 * RATE / 1e5 * (1 + G65) * (1 + GEA) * CAP["discharges_per_admission"]["value"]
    p0_support = CAP["pathways"]["P0"]["needs_support"]["value"]
    assert year(cap.discharge["P0"].demand) == pytest.approx(discharges * 0.50 * p0_support)
    assert year(cap.discharge["P1"].demand) == pytest.approx(discharges * 0.45)
    assert year(cap.discharge["P2"].demand) == pytest.approx(discharges * 0.04)
    assert year(cap.discharge["P3"].demand) == pytest.approx(discharges * 0.01)
    assert year(shipped.discharge["P1"].demand) == pytest.approx(discharges * 0.088)
    assert cap.shares_source == "area" and cap.area_shares == own
    assert cap.shares_line == "the area's own figures: Trust discharge extract, 2024-25"
    p1 = next(f for f in cap.assumptions if f.name == "P1 share of discharges")
    assert (p1.value, p1.source, p1.grade) == (0.45, cap.shares_line, "local figure")
    # capacity does not depend on how demand is split
    assert [f.capacity for f in cap.flows().values()] == [f.capacity for f in shipped.flows().values()]
    assert capacity_plan(plan, submission=Submission(capacity=CapacitySettings(pathway_shares=PathwayShares(
        P0=50, P1=45, P2=4, P3=1))), profile=FLAT).shares_line == "the area's own figures"


@pytest.mark.parametrize(("shares", "words"), [
    ({"P0": 50, "P1": 40, "P2": 4, "P3": 1}, "add up to 95%; the four shares must add up to 100%"),
    ({"P0": 101, "P1": 0, "P2": 0, "P3": 0}, "expected a percentage between 0 and 100"),
    ({"P0": 60, "P1": 45, "P2": -4, "P3": -1}, "expected a percentage between 0 and 100"),
    ({"P0": 86.4, "P1": 8.8, "P2": 3.4}, "P3"),
])
def test_the_areas_pathway_shares_are_refused_with_a_sentence_unless_they_make_100(shares, words):
    with pytest.raises(ValidationError, match=words):
        CapacitySettings(pathway_shares=shares)
    # the published shares, which add up to 99.9% after rounding, are accepted
    assert CapacitySettings(pathway_shares={"P0": 86.4, "P1": 8.8, "P2": 3.4, "P3": 1.3}).pathway_shares.P1 == 8.8


def test_the_shipped_seasonal_profile_is_observed_discharges_2022_23():
    observed = [0.96, 1.00, 0.95, 0.99, 0.98, 0.96, 1.00, 1.05, 1.01, 1.02, 0.98, 1.11]  # April to March
    profile = CAP["seasonal_profile"]
    assert profile["value"] == observed
    assert profile["period"] == "April 2022 to March 2023" and "England" in profile["source"]
    assert "observed" in profile["note"].lower()
    cap = capacity_plan(tiny_plan())
    assert cap.profile == pytest.approx(tuple(12 * w / sum(observed) for w in observed))
    assert cap.profile[8] == pytest.approx(1.01 * 12 / 12.01) and cap.profile[9] == pytest.approx(1.02 * 12 / 12.01)
    assert cap.profile_line == (
        "observed discharges (NHS England, Acute discharge situation report, monthly discharges, "
        "England, April 2022 to March 2023)"
    )
