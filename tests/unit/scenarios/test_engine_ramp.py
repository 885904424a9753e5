"""Ramp-up belongs to new money: established spend keeps its full effect, adding money never lowers a
benefit, removing money never raises one, and money moved out of a lever and back in again is no change.

By hand on one lever, on the demo (the findings that showed the earlier rule diluting established
services), and as properties over random plans and changes in both evidence stances, run by run and
year by year.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.models import Baselines
from budget.reference import LEVERS, load_reference
from scenarios.engine import OUTCOMES, run
from scenarios.outcomes import EFFECT_OUTCOMES
from scenarios.schema import Scenario, ScenarioError
from scenarios.spend import build_spend
from tests.unit.scenarios.small_plans import (
    CARE_HOMES,
    DISCHARGE,
    FALLS,
    LOCALITY_TEAMS,
    REABLEMENT,
    TELECARE,
    line,
    plan_of,
    raw,
)

FALLS_BASE = Baselines(falls_admissions_65_plus_per_100k=2_000)
K_EA = OUTCOMES.index("emergency_admissions_avoided")

# every benefit in the outcome register, with the effects it is made of (people served: none, it only grows)
BENEFITS = {
    "people_served": (),
    "emergency_admissions_avoided": ("emergency_admissions", "falls_admissions"),
    "ae_attendances_avoided": ("ae_attendances",),
    "bed_days_saved": ("emergency_admissions", "falls_admissions"),
    "care_home_admissions_avoided": ("care_home_admissions",),
    "falls_admissions_avoided": ("falls_admissions",),
    "home_care_hours_saved": ("home_care_hours",),
    "delayed_discharge_days_avoided": ("delayed_discharge_days",),
    "cashable_saving_gbp": ("home_care_hours", "care_home_admissions"),
    "non_cashable_saving_gbp": ("emergency_admissions", "falls_admissions", "ae_attendances", "delayed_discharge_days"),
    "gross_saving_gbp": EFFECT_OUTCOMES,
}


def test_every_benefit_in_the_register_is_checked():
    assert set(BENEFITS) | {"spend_gbp", "net_saving_gbp"} == set(OUTCOMES)


def falls(*changes, horizon: int = 3, **lines):
    """The central run's falls admissions avoided by year: falls prevention, one locality."""
    plan = plan_of(*(line(FALLS, amount, scheme_id, new=new) for scheme_id, (amount, new) in lines.items()),
                   baselines=FALLS_BASE)
    r = run(Scenario(horizon_years=horizon, changes=changes), plan, runs=1, seed=0)
    return r.outcome("falls_admissions_avoided")[0].sum(axis=(1, 2))


def test_established_spend_keeps_its_full_effect_beside_new_money():
    lever = raw("levers.yaml")["levers"]["falls_prevention"]
    ramp, kept = lever["ramp_up"]["profile"], lever["decay"]["retained_per_year"]
    assert ramp == [0.5, 1.0] and kept == 0.5
    # By hand (see test_engine's falls hand calculation): £350 a person; 3,054 eligible, capacity 916.2;
    # tiers 610.8 people at risk 2.0, 1,221.6 at 1.0, the rest at 0.5; 0.03 x (1 - 0.80) = 0.006 falls
    # avoided per risk-weighted person a year.
    # Established £175,000 serves 500 people, all in the top tier: 1,000 weighted, 6.0 avoided.
    assert falls(S1=(175_000, "Existing")).tolist() == pytest.approx([6.0, 6.0, 6.0])
    # A new £105,000 line serves 300 more: 800 in all, 610.8 x 2 + 189.2 x 1 = 1,410.8 weighted (8.4648 at full
    # effect). Only the 410.8 the new money adds ramp up: year 1 is 6.0 + 0.5 x 2.4648 = 7.2324. (The earlier
    # rule ramped everyone served by the spend-weighted maturity: 8.4648 x 227,500 / 280,000 = 6.8777.)
    # Year 2, at full effect, with 1.8% more people aged 65+: the top tier holds 621.7944, so
    # 621.7944 x 2 + 178.2056 = 1,421.7944 weighted, 8.5307664 avoided.
    both = falls(S1=(175_000, "Existing"), S2=(105_000, "New"), horizon=2)
    assert both.tolist() == pytest.approx([7.2324, 8.5307664], rel=1e-9)
    # in year 1 money that buys nobody more (the established line already serves the eligible cap) changes
    # nothing; the earlier rule lowered the effect by the new money's share of all the spend
    cap = 916.2 * 350
    at_cap = falls(S1=(cap, "Existing"), horizon=1)
    assert falls(S1=(cap, "Existing"), S2=(500_000, "New"), horizon=1).tolist() == pytest.approx(
        at_cap.tolist(), rel=1e-12
    )


def test_cuts_fade_by_decay_and_money_restored_after_a_break_ramps_up_again():
    full = 6.0  # £175,000 of established falls prevention, as above
    cut = {"kind": "remove_line", "scheme_id": "S1", "from_year": 2}
    # cut in year 2: the effect fades by half a year
    assert falls(cut, S1=(175_000, "Existing")).tolist() == pytest.approx([full, full * 0.5, full * 0.25])
    # the same money back as a new line from year 3: after a break it ramps up again (0.5 x 6.0 = 3.0,
    # above the 1.5 decay would have left)
    back = {"kind": "add_line", "scheme_id": "S2", "lever": "falls_prevention", "amount_gbp": 175_000, "from_year": 3}
    assert falls(cut, back, S1=(175_000, "Existing")).tolist() == pytest.approx([full, full * 0.5, full * 0.5])
    # an added line marked established has its full effect from its first year
    established = {**back, "new": False}
    assert falls(cut, established, S1=(175_000, "Existing")).tolist() == pytest.approx([full, full * 0.5, full])
    # another line of the same size taking over in the same year, with no break, is no change at all
    same_year = {**back, "from_year": 2}
    assert falls(cut, same_year, S1=(175_000, "Existing")).tolist() == falls(S1=(175_000, "Existing")).tolist()


# ---- the demo: the findings that showed established services diluted by new money ---------------------

ADD_TEAMS = {"kind": "add_line", "scheme_id": "NEW-ILT", "lever": "integrated_locality_teams", "amount_gbp": 2_000_000}


def test_a_new_integrated_teams_line_on_the_demo_is_never_worse_in_year_one():
    """Pilot stance, 1,000 runs: the earlier rule made year 1 worse in 98.5% of runs (by 37 admissions on average)."""
    r = run(Scenario(name="More teams", stance="pilot", changes=(ADD_TEAMS,)), demo_plan(), runs=1000, seed=1)
    change = (r.totals - r.reference_totals)[:, :, K_EA]  # (run, year)
    ratio = r.parameters[:, r.parameter_names.index("effect:integrated_locality_teams:emergency_admissions")]
    helps = ratio <= 1.0  # the draws where the lever's own effect helps (all but the far harmful tail)
    assert helps.mean() > 0.97
    tol = 1e-9 * (1 + np.abs(r.reference_totals[:, :, K_EA]))
    # no worse in any run where the lever helps, in year 1 and every later year; where the run drew a
    # harmful effect, more of it does more harm
    assert np.all(change[helps, 0] >= -tol[helps, 0])
    assert np.all(change[helps] >= -tol[helps])
    assert np.all(change[~helps] <= tol[~helps])
    assert change[helps, 0].mean() > 0


@pytest.mark.parametrize("stance", ["controlled", "pilot"])
def test_a_new_reablement_line_on_the_demo_is_never_worse(stance):
    """The earlier rule made it worse in 90-96% of runs. The demo's reablement is within its cap, so £1m more
    serves more people: no outcome is worse in any run where reablement's own effect on it helps, and where a
    run drew a harmful effect (beyond the pessimistic end of its range) more of it does more harm."""
    add = {"kind": "add_line", "scheme_id": "NEW-R", "lever": "reablement", "amount_gbp": 1_000_000}
    r = run(Scenario(name="More reablement", stance=stance, changes=(add,)), demo_plan(), runs=300, seed=1)
    change = r.totals - r.reference_totals
    k = OUTCOMES.index("people_served")
    assert np.all(change[:, :, k] > 0)  # more money, more people: no cap binds
    for name, effect in (("emergency_admissions_avoided", "emergency_admissions"),
                         ("home_care_hours_saved", "home_care_hours"),
                         ("care_home_admissions_avoided", "care_home_admissions"),
                         ("delayed_discharge_days_avoided", "delayed_discharge_days")):
        k = OUTCOMES.index(name)
        ratio = r.parameters[:, r.parameter_names.index(f"effect:reablement:{effect}")]
        helps = ratio <= 1.0
        assert helps.mean() > 0.85, name
        tol = 1e-9 * (1 + np.abs(r.reference_totals[:, :, k]))
        assert np.all(change[helps, :, k] >= -tol[helps]), name
        assert np.all(change[~helps, :, k] <= tol[~helps]), name
        assert change[helps, :, k].mean() > 0, name


@pytest.mark.parametrize("stance", ["controlled", "pilot"])
def test_a_million_moved_out_of_a_lever_and_back_is_exactly_zero_on_the_demo(stance):
    """The earlier rule gave P10 -129 to P90 +80 admissions: the money coming back was ramped up again."""
    plan = demo_plan()
    same = {
        "kind": "move",
        "from": {"lever": "integrated_locality_teams"},
        "to": {"lever": "integrated_locality_teams"},
        "amount_gbp": 1_000_000,
    }
    out = {"kind": "move", "from": {"lever": "reablement", "locality": "Riverside"}, "to": {"lever": "carers"},
           "amount_gbp": 500_000, "from_year": 2}  # of the £678,000 Riverside's reablement holds
    back = {**out, "from": {"lever": "carers", "locality": "Riverside"}, "to": {"lever": "reablement"}}
    plain = run(Scenario(stance=stance), plan, runs=500, seed=1)
    for changes in ((same,), (out, back), (same, out, back)):
        sc = Scenario(name="Out and back", stance=stance, changes=changes)
        assert np.array_equal(build_spend(plan, sc).spend, build_spend(plan, Scenario()).spend)
        r = run(sc, plan, runs=500, seed=1)
        assert np.array_equal(r.totals, r.reference_totals)
        assert np.array_equal(r.values, plain.values)


# ---- properties over random plans and changes ------------------------------------------------------------

KINDS = (FALLS, REABLEMENT, CARE_HOMES, LOCALITY_TEAMS, TELECARE, DISCHARGE)
MODELLED = ("falls_prevention", "reablement", "care_home_support", "integrated_locality_teams",
            "assistive_technology", "discharge_support", "bed_based_intermediate_care")
PLACES = ("", "Town 1", "Town 2")
money = st.floats(10_000, 3_000_000).map(lambda x: round(x, 2))


@st.composite
def plans(draw):
    n = draw(st.integers(1, 6))
    lines = [line(draw(st.sampled_from(KINDS)), draw(money), f"S{i}", draw(st.sampled_from(PLACES)),
                  draw(st.sampled_from(["Existing", "New"]))) for i in range(n)]
    return plan_of(*lines, localities=2)


def adds(horizon: int):
    return st.fixed_dictionaries({
        "kind": st.just("add_line"), "scheme_id": st.sampled_from(["A1", "A2"]), "lever": st.sampled_from(MODELLED),
        "amount_gbp": money, "locality": st.sampled_from(PLACES), "new": st.booleans(),
        "from_year": st.integers(1, horizon)})


def removes(horizon: int, n: int):
    return st.fixed_dictionaries(
        {
            "kind": st.just("remove_line"),
            "scheme_id": st.sampled_from([f"S{i}" for i in range(n)]),
            "from_year": st.integers(1, horizon),
        }
    )


def moves(horizon: int, n: int):
    source = st.one_of(st.fixed_dictionaries({"scheme_id": st.sampled_from([f"S{i}" for i in range(n)])}),
                       st.fixed_dictionaries({"lever": st.sampled_from(MODELLED)}))
    target = st.fixed_dictionaries({"lever": st.sampled_from(MODELLED + ("none",))},
                                   optional={"locality": st.sampled_from(PLACES)})
    return st.fixed_dictionaries({"kind": st.just("move"), "from": source, "to": target,
                                  "share": st.floats(0.05, 1.0), "from_year": st.integers(1, horizon)})


@st.composite
def cases(draw, with_moves: bool = True):
    """A random plan, horizon and scenario (its changes may add, remove and move money)."""
    plan = draw(plans())
    horizon = draw(st.integers(1, 5))
    n = len(plan.lines)
    kinds = [adds(horizon), removes(horizon, n)] + ([moves(horizon, n)] if with_moves else [])
    changes = draw(st.lists(st.one_of(kinds), max_size=3))
    return plan, horizon, changes


def totals(plan, horizon, stance, changes):
    """(run, year, outcome) totals over modelled levers, 25 runs; rejected when a change does not fit the plan."""
    try:
        r = run(
            Scenario(name="Case", stance=stance, horizon_years=horizon, changes=tuple(changes)), plan, runs=25, seed=7
        )
    except ScenarioError:
        reject()
    return r, r.totals


def lever_of(plan, i: int) -> str:
    x = plan.lines[i]
    return load_reference(plan.year).line_lever(x.scheme_type, x.sub_type)


def assert_direction(r, before, after, lever: str, more: bool):
    """Per run and year, each benefit moves the way the lever's own drawn effects say, or not at all.

    Money added to a lever whose drawn effects on a benefit all help (rate ratio at most 1) never lowers
    that benefit; where they all harm, never raises it. Removing money does the opposite. People served
    never fall as money is added.
    """
    li = LEVERS.index(lever)
    ratio = r.inputs.rate_ratio[:, li, :]  # (run, effect outcome); 1 where the lever has no effect
    sign = 1.0 if more else -1.0
    for name, effects in BENEFITS.items():
        k = OUTCOMES.index(name)
        d = sign * (after[:, :, k] - before[:, :, k])
        tol = 1e-9 * (1 + np.abs(before[:, :, k]))
        if not effects:
            assert np.all(d >= -tol), name
            continue
        idx = [EFFECT_OUTCOMES.index(e) for e in effects]
        helps = np.all(ratio[:, idx] <= 1.0, axis=1)
        harms = np.all(ratio[:, idx] >= 1.0, axis=1)
        assert np.all(d[helps] >= -tol[helps]), (name, "helps", d[helps].min())
        assert np.all(d[harms] <= tol[harms]), (name, "harms", d[harms].max())


@pytest.mark.parametrize("stance", ["controlled", "pilot"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_adding_money_to_a_lever_or_line_never_lowers_a_benefit(stance, data):
    to_a_line = data.draw(st.booleans(), label="to a line")
    # more money on a line would also add to what the scenario moves from it, so then the scenario moves none
    plan, horizon, changes = data.draw(cases(with_moves=not to_a_line), label="case")
    r, before = totals(plan, horizon, stance, changes)
    if to_a_line:  # more money on one of the plan's lines, in every year
        i = data.draw(st.integers(0, len(plan.lines) - 1), label="line")
        extra = data.draw(money, label="amount")
        bigger = plan.model_copy(update={"lines": tuple(
            x.model_copy(update={"amount": x.amount + extra}) if j == i else x for j, x in enumerate(plan.lines))})
        r2, after = totals(bigger, horizon, stance, changes)
        # a line's money also sets the people a pound buys where lines state their outputs; these state none
        assert np.allclose(r2.inputs.per_pound, r.inputs.per_pound, rtol=1e-12, atol=0)
        assert_direction(r, before, after, lever_of(plan, i), more=True)
        return
    add = data.draw(adds(horizon), label="added line")
    _, after = totals(plan, horizon, stance, [*changes, add])
    assert_direction(r, before, after, add["lever"], more=True)


@pytest.mark.parametrize("stance", ["controlled", "pilot"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(case=cases(), data=st.data())
def test_removing_money_from_a_lever_or_line_never_raises_a_benefit(stance, case, data):
    plan, horizon, changes = case
    r, before = totals(plan, horizon, stance, changes)
    i = data.draw(st.integers(0, len(plan.lines) - 1), label="line")
    scheme_id, year = f"S{i}", data.draw(st.integers(1, horizon), label="from year")
    lever = lever_of(plan, i)
    if data.draw(st.booleans(), label="remove the line"):
        cut = {"kind": "remove_line", "scheme_id": scheme_id, "from_year": year}
    else:  # part of it moved to spend with no modelled effect
        cut = {"kind": "move", "from": {"scheme_id": scheme_id}, "to": {"lever": "none"},
               "share": data.draw(st.floats(0.05, 1.0), label="share"), "from_year": year}
    _, after = totals(plan, horizon, stance, [*changes, cut])
    assert_direction(r, before, after, lever, more=False)


@pytest.mark.parametrize("stance", ["controlled", "pilot"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_money_moved_out_and_back_in_again_is_exactly_zero(stance, data):
    via_another_lever = data.draw(st.booleans(), label="via another lever")
    # out through another lever and back by the moved line's scheme ID: the scenario's other changes must not
    # move money from the same line, or the way back would take theirs too
    plan, horizon, changes = data.draw(cases(with_moves=not via_another_lever), label="case")
    year = data.draw(st.integers(1, horizon), label="from year")
    if via_another_lever:
        i = data.draw(st.integers(0, len(plan.lines) - 1), label="line")
        out = {"kind": "move", "from": {"scheme_id": f"S{i}"},
               "to": {"lever": data.draw(st.sampled_from(MODELLED + ("none",)), label="through")},
               "share": data.draw(st.floats(0.05, 1.0), label="share"), "from_year": year}
        back = {"kind": "move", "from": {"scheme_id": f"S{i}>moved"}, "to": {"scheme_id": f"S{i}"}, "share": 1.0,
                "from_year": year}
        trip = [out, back]
    else:  # one move from a lever (or a lever in a locality) to the same lever
        lever = data.draw(st.sampled_from(MODELLED), label="lever")
        source = {"lever": lever} | data.draw(
            st.sampled_from([{}, {"locality": "Town 1"}, {"locality": ""}]), label="where"
        )
        trip = [{"kind": "move", "from": source, "to": {"lever": lever},
                 "share": data.draw(st.floats(0.05, 1.0), label="share"), "from_year": year}]
    r, before = totals(plan, horizon, stance, changes)
    r2, after = totals(plan, horizon, stance, [*changes, *trip])
    if not changes:  # against the plan as submitted: bit for bit
        assert np.array_equal(r2.counterfactual_spend[0], r.counterfactual_spend[0])
        assert np.array_equal(after, before)
        assert np.array_equal(r2.values, r.values)
    assert np.all(np.abs(after - before) <= 1e-9 * (1 + np.abs(before)))
