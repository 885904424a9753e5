"""One answer to "who does this money serve?": the capacity plan's capacity per lever is the impact model's
people served in the central run (run 0) for the plan year, on the demo and on random plans, and money
above a lever's eligibility cap adds nobody in either."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.models import Baselines, ExpenditureLine, HWBArea, Locality, Plan
from budget.reference import LEVERS
from scenarios.capacity import capacity_plan
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.served import people_served

LEVERS_Y = yaml.safe_load((resources.files("scenarios") / "assumptions" / "levers.yaml").read_text(encoding="utf-8"))
BASE = yaml.safe_load((resources.files("scenarios") / "assumptions" / "baseline.yaml").read_text(encoding="utf-8"))
G65 = BASE["growth_per_year"]["population_65_plus"]["value"]

HOME = "Home-based intermediate care services"
BEDS = (
    "Bed based intermediate Care Services (Reablement, rehabilitation, wider short-term services supporting recovery)"
)
HICM = "High Impact Change Model for Managing Transfer of Care"
# scheme types whose every line the capacity plan counts in full on pathways or services (shares sum to 1),
# by the lever the impact model puts them on
FULLY_MAPPED = {
    "reablement": [
        (HOME, "Reablement at home (to support discharge)"),
        (HOME, "Reablement at home (to prevent admission to hospital or residential care)"),
        (HOME, "Rehabilitation at home (accepting step up and step down users)"),
    ],
    "bed_based_intermediate_care": [
        (BEDS, "Bed-based intermediate care with reablement (to support discharge)"),
        (BEDS, "Bed-based intermediate care with rehabilitation accepting step up and step down users"),
    ],
    "discharge_support": [
        (HICM, "Trusted Assessment"),
        (HICM, "Multi-Disciplinary/Multi-Agency Discharge Teams supporting discharge"),
    ],
}
OTHER = [
    ("Community Based Schemes", "Integrated neighbourhood services"),
    ("Carers Services", "Respite services"),
    ("Enablers for Integration", "Data Integration"),
    ("Home Care or Domiciliary Care", "Domiciliary care packages"),
]


def engine_people(plan: Plan, scenario: Scenario) -> dict[str, float]:
    """People served by lever in the engine's central run (run 0), plan year, summed over localities."""
    r = run(scenario, plan, runs=2, seed=7)
    served = r.outcome("people_served")[0, 0].sum(axis=1)  # (lever,)
    return dict(zip(r.levers, served.tolist(), strict=True))


def capacity_by_lever(plan: Plan, scenario: Scenario) -> dict[str, float]:
    cap = capacity_plan(plan, scenario=scenario, profile=(1.0,) * 12)
    out = dict.fromkeys(LEVERS, 0.0)
    for row in cap.lines:
        out[row.lever] += row.people
    return out


def test_the_shared_function_is_the_engines_central_run_on_the_demo():
    plan = demo_plan()
    r = run(Scenario(), plan, runs=3, seed=11)
    s = people_served(plan)
    assert np.array_equal(r.outcome("people_served")[0, 0], s.reported)  # the same arithmetic, to the last bit
    assert s.warnings() == tuple(w for w in r.warnings if "above the cap" in w)  # the same sentences
    # every lever's people, shared among its lines, add back up to the lever's
    for i, lever in enumerate(LEVERS):
        assert sum(x.people for x in s.lines if x.lever == lever) == pytest.approx(
            s.people[i].sum(), rel=1e-12, abs=1e-9
        )


def test_the_demo_is_a_credible_plan_within_every_eligibility_cap():
    """What a new user sees first: no lever's money above its eligibility cap in any locality, with room to
    spare, and planned outputs near the unit costs, so the model has nothing to flag about the plan."""
    plan = demo_plan()
    s = people_served(plan)
    bought = s.spend * s.per_pound  # people before the cap, (lever, locality)
    for i, lever in enumerate(LEVERS):
        if s.modelled[i]:
            assert (bought[i] <= 0.95 * s.cap[i]).all(), (lever, bought[i] / s.cap[i])
    assert s.warnings() == ()
    assert run(Scenario(), plan, runs=3, seed=1).warnings == ()  # no spend above a cap, no far-off outputs
    # Disabled Facilities Grant lines state adaptations at realistic grants (the lever's unit cost is £8,000)
    for x in plan.lines:
        if x.scheme_id in ("NB30", "NB31"):
            assert 5_000 <= x.amount / x.planned_outputs <= 10_000, x.scheme_id


def test_demo_capacity_per_lever_is_the_engines_people_served():
    plan = demo_plan()
    scenario = Scenario()
    engine, capacity = engine_people(plan, scenario), capacity_by_lever(plan, scenario)
    for lever in FULLY_MAPPED:  # every line of these levers buys intermediate care
        assert capacity[lever] == pytest.approx(engine[lever], rel=1e-12), lever
    # urgent community response is counted with integrated locality teams, capped with them: its share of
    # the lever's people, never more than the lever serves
    ucr = sum(r.people for r in capacity_plan(plan).lines if r.to == "ucr")
    assert 0 < ucr < engine["integrated_locality_teams"]
    assert ucr == pytest.approx(capacity["integrated_locality_teams"], rel=1e-12)
    # the demo's reablement is within its cap: its people are the packages its lines plan, by hand, fewer than
    # people aged 65+ x 4% eligible x 70% uptake
    packages = sum(x.planned_outputs for x in plan.lines if x.scheme_type == HOME)
    assert capacity["reablement"] == pytest.approx(packages, rel=1e-12)
    lever = LEVERS_Y["levers"]["reablement"]
    cap = sum(loc.population_65_plus for loc in plan.localities) * (1 + G65) \
        * lever["eligible_share_65_plus"]["value"] * lever["max_uptake"]["value"]
    assert packages < 0.9 * cap


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "add_line", "scheme_id": "R9", "lever": "reablement", "amount_gbp": 1_000_000},
        {
            "kind": "add_line",
            "scheme_id": "R9",
            "scheme_type": HOME,
            "sub_type": "Reablement at home (to support discharge)",
            "amount_gbp": 1_000_000,
        },
    ],
)
def test_a_million_more_reablement_above_the_cap_adds_nobody_in_either(change):
    plan = demo_plan()
    # £2m more reablement (area-wide) takes every locality past its cap; a further £1m then adds nobody
    full = {"kind": "add_line", "scheme_id": "R8", "lever": "reablement", "amount_gbp": 2_000_000}
    before = Scenario.model_validate({"name": "£2m more", "changes": [full]})
    after = Scenario.model_validate({"name": "£3m more", "changes": [full, change]})
    s = people_served(plan, before)
    i = LEVERS.index("reablement")
    assert (s.spend[i] * s.per_pound[i] > s.cap[i]).all()
    assert engine_people(plan, after)["reablement"] == pytest.approx(
        engine_people(plan, before)["reablement"], rel=1e-12
    )
    assert capacity_by_lever(plan, after)["reablement"] == pytest.approx(capacity_by_lever(plan, before)["reablement"],
                                                                         rel=1e-12)
    b, a = capacity_plan(plan, scenario=before), capacity_plan(plan, scenario=after)
    def total(c) -> float:
        return sum(sum(f.capacity) for f in c.flows().values())

    assert total(a) == pytest.approx(total(b), rel=1e-12)  # may move people between P1 and step-up, adds none
    assert any("reablement" in w and "above the cap" in w for w in a.above_cap)


def test_the_engine_and_the_capacity_plan_read_the_same_assumption_overrides():
    plan = demo_plan()
    more = [{"kind": "add_line", "scheme_id": "R8", "lever": "reablement", "amount_gbp": 2_000_000}]  # past the cap
    capped = Scenario.model_validate({"name": "More", "changes": more})
    wider = Scenario.model_validate({"name": "Wider", "changes": more, "assumption_overrides": [
        {"lever": "reablement", "eligible_share_65_plus": {"value": 0.08}}]})
    engine, capacity = engine_people(plan, wider), capacity_by_lever(plan, wider)
    assert capacity["reablement"] == pytest.approx(engine["reablement"], rel=1e-12)
    assert capacity["reablement"] > capacity_by_lever(plan, capped)["reablement"]


kinds = st.sampled_from([k for ks in FULLY_MAPPED.values() for k in ks] + OTHER)
pounds = st.integers(0, 400_000_000).map(lambda pence: pence / 100)  # money to the penny
a_line = st.tuples(kinds, pounds, st.one_of(st.none(), st.integers(1, 3_000)),
                   st.sampled_from(["", "North", "South"]), st.sampled_from(["Existing", "New"]))


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(a_line, min_size=1, max_size=8), pop=st.integers(1_000, 60_000),
       extra=pounds, move=st.floats(0, 1.0))
def test_on_random_plans_capacity_per_lever_is_the_engines_people_served(rows, pop, extra, move):
    lines = tuple(ExpenditureLine(scheme_id=f"L{i}", scheme_name=f"Line {i}", scheme_type=k[0], sub_type=k[1],
                                  source_of_funding="nhs_minimum", amount=amount, planned_outputs=outputs,
                                  output_unit="Packages" if outputs else "", locality=where, new_existing=new)
                  for i, (k, amount, outputs, where, new) in enumerate(rows))
    plan = Plan(area=HWBArea(code="E06000001", name="Random"), year="2026-27", lines=lines,
                localities=(Locality(name="North", population=5 * pop, population_65_plus=pop),
                            Locality(name="South", population=4 * pop, population_65_plus=pop // 2 + 1)),
                baselines=Baselines())
    changes = [{"kind": "add_line", "scheme_id": "ADD", "lever": "reablement", "amount_gbp": extra}]
    if lines[0].amount > 0 and move > 0:
        changes.append({"kind": "move", "from": {"scheme_id": "L0"}, "to": {"lever": "bed_based_intermediate_care"},
                        "share": move})
    for scenario in (Scenario(), Scenario.model_validate({"name": "Changed", "changes": changes})):
        engine, capacity = engine_people(plan, scenario), capacity_by_lever(plan, scenario)
        for lever in FULLY_MAPPED:
            assert capacity[lever] == pytest.approx(engine[lever], rel=1e-9, abs=1e-6), lever
