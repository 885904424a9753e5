"""The impact engine against hand calculations and properties (not against its own output alone)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from budget.models import Baselines, HWBArea, Plan
from budget.reference import LEVERS
from scenarios.assumptions import load_assumptions
from scenarios.engine import OUTCOMES, run
from scenarios.schema import Scenario
from tests.unit.scenarios.small_plans import (
    ADAPTATIONS,
    CARE_HOMES,
    CARERS,
    DISCHARGE,
    ENABLERS,
    FALLS,
    LOCALITY_TEAMS,
    REABLEMENT,
    TELECARE,
    line,
    plan_of,
    raw,
)

LEVERS_INDEX = {lever: i for i, lever in enumerate(LEVERS)}
def total(results, outcome: str) -> np.ndarray:
    return results.outcome(outcome).sum(axis=(1, 2, 3))


def test_one_lever_central_estimate_matches_a_hand_calculation():
    # The library values this calculation assumes; if one changes, redo the arithmetic below.
    lever = raw("levers.yaml")["levers"]["falls_prevention"]
    assert lever["unit_cost"]["central"] == 350
    assert lever["eligible_share_65_plus"]["value"] == 0.3 and lever["max_uptake"]["value"] == 0.3
    assert [(t["share"], t["relative_risk"]) for t in lever["risk_tiers"]["tiers"]] == [
        (0.2, 2.0),
        (0.4, 1.0),
        (0.4, 0.5),
    ]
    assert lever["cohort_rate_ratio"]["falls_admissions"]["value"] == 1.5
    assert raw("effects_controlled.yaml")["effects"]["falls_prevention"]["falls_admissions"]["central"] == 0.80
    base = raw("baseline.yaml")
    assert base["growth_per_year"]["population_65_plus"]["value"] == 0.018
    assert base["growth_per_year"]["falls_admissions_rate"]["value"] == 0.0
    assert base["mitigable_share"]["falls_admissions"]["value"] == 0.5
    assert base["mean_length_of_stay_days"]["value"] == 8.0
    assert raw("unit_costs.yaml")["costs"]["emergency_admission"]["value"] == 4041

    plan = plan_of(line(FALLS, 35_000), baselines=Baselines(falls_admissions_65_plus_per_100k=2_000,
                                                           emergency_admissions_65_plus_per_100k=25_000))
    r = run(Scenario(horizon_years=2), plan, runs=1, seed=0)

    # By hand, plan year (one year of growth from the base year):
    #   people aged 65+            10,000 x 1.018 = 10,180
    #   eligible                   0.3 x 10,180 = 3,054; capacity 0.3 x 3,054 = 916.2
    #   people served              35,000 / 350 = 100 (under capacity)
    #   risk tiers                 mean risk 0.2x2 + 0.4x1 + 0.4x0.5 = 1.0, so top tier risk 2.0;
    #                              top tier holds 0.2 x 3,054 = 610.8 people, so all 100 are in it
    #   falls per person aged 65+  2,000 / 100,000 = 0.02 (rate does not grow)
    #   cohort rate                0.02 x 1.5 = 0.03 falls admissions per person a year
    #   avoided                    100 x 2.0 x 0.03 x (1 - 0.80) = 1.2
    #   pool                       0.02 x 10,180 x 0.5 = 101.8 > 1.2, one lever, so no cap
    #   bed days                   1.2 x 8 = 9.6; non-cashable saving 1.2 x £4,041 = £4,849.20
    #   net                        4,849.20 - 35,000 = -30,150.80
    # Second year: same spend, same people served, same rate per person: the same figures.
    expected = {
        "people_served": 100.0, "falls_admissions_avoided": 1.2, "emergency_admissions_avoided": 1.2,
        "bed_days_saved": 9.6, "ae_attendances_avoided": 0.0, "care_home_admissions_avoided": 0.0,
        "home_care_hours_saved": 0.0, "spend_gbp": 35_000.0, "cashable_saving_gbp": 0.0,
        "non_cashable_saving_gbp": 4_849.2, "gross_saving_gbp": 4_849.2, "net_saving_gbp": -30_150.8,
    }
    per_year = r.values[0].sum(axis=(1, 2))  # (year, outcome)
    for y in range(2):
        for name, value in expected.items():
            assert per_year[y, OUTCOMES.index(name)] == pytest.approx(value, rel=1e-9, abs=1e-9), (y, name)


def test_results_shape_and_labels():
    plan = plan_of(line(FALLS, 50_000, "A"), line(REABLEMENT, 90_000, "B", "Town 2"), localities=3)
    r = run(Scenario(horizon_years=3), plan, runs=20, seed=3)
    assert r.values.shape == (20, 3, 10, 3, len(OUTCOMES))  # ten levers, "none" included
    assert r.years == ("2026-27", "2027-28", "2028-29")
    assert r.localities == ("Town 1", "Town 2", "Town 3")
    assert r.levers[0] == "reablement" and "none" in r.levers
    assert not r.values.flags.writeable
    # a line for a named locality stays there
    reab = r.outcome("spend_gbp")[0, 0, r.levers.index("reablement")]
    assert reab.tolist() == [0.0, 90_000.0, 0.0]


def test_zero_spend_gives_zero_effect():
    plan = plan_of(*(line(k, 0.0, f"S{i}") for i, k in enumerate(
        (FALLS, REABLEMENT, CARE_HOMES, ADAPTATIONS, LOCALITY_TEAMS, TELECARE))))
    for stance in ("controlled", "pilot"):
        r = run(Scenario(stance=stance), plan, runs=200, seed=1)
        assert np.all(r.values == 0.0)


def test_spend_with_no_modelled_effect_has_no_effect():
    r = run(Scenario(), plan_of(line(ENABLERS, 1_000_000)), runs=50, seed=1)
    for name in OUTCOMES:
        if name not in ("spend_gbp", "net_saving_gbp"):
            assert np.all(r.outcome(name) == 0.0), name
    assert r.modelled_levers and "none" not in r.modelled_levers


@settings(max_examples=25, deadline=None)
@given(a=st.floats(0, 3_000_000), b=st.floats(0, 3_000_000),
       kind=st.sampled_from([FALLS, REABLEMENT, CARE_HOMES, ADAPTATIONS]))
def test_more_spend_never_gives_less_effect(a, b, kind):
    lo, hi = sorted((a, b))
    r_lo = run(Scenario(horizon_years=2), plan_of(line(kind, lo)), runs=30, seed=5)
    r_hi = run(Scenario(horizon_years=2), plan_of(line(kind, hi)), runs=30, seed=5)
    for name in ("gross_saving_gbp", "people_served", "emergency_admissions_avoided", "falls_admissions_avoided",
                 "home_care_hours_saved", "care_home_admissions_avoided"):
        h, lo_ = total(r_hi, name), total(r_lo, name)
        assert h[0] >= lo_[0] - 1e-9, name  # central estimate: more spend, more effect
        # in every run more spend gives a larger effect in the same direction (a run drawn from the
        # harmful tail of an interval does more harm with more spend, never flips sign)
        assert np.all(np.abs(h) >= np.abs(lo_) - 1e-9), name
        assert np.all(h * lo_ >= -1e-9), name


def test_diminishing_returns_as_spend_reaches_lower_risk_tiers():
    amounts = np.linspace(0, 1_500_000, 16)  # up to the falls lever's capacity (~916 people x £350 ≈ £320k)
    gains = [total(run(Scenario(horizon_years=1), plan_of(line(FALLS, x)), runs=1, seed=0),
                   "falls_admissions_avoided")[0] for x in amounts]
    marginal = np.diff(gains)
    assert np.all(marginal >= -1e-12)
    assert np.all(np.diff(marginal) <= 1e-9)  # concave: each extra £ does no more than the last
    assert marginal[0] > marginal[2] > 0  # the first £ reach the recurrent fallers
    assert marginal[-1] == pytest.approx(0.0, abs=1e-12)  # past maximum uptake nothing more is bought


def test_effect_never_exceeds_the_mitigable_pool():
    lines = [line(k, 50_000_000, f"S{i}") for i, k in enumerate(
        (FALLS, REABLEMENT, CARE_HOMES, ADAPTATIONS, LOCALITY_TEAMS, TELECARE))]
    plan = plan_of(*lines, localities=2)
    r = run(Scenario(stance="pilot", horizon_years=3), plan, runs=300, seed=2)
    shares = {k: v["value"] for k, v in raw("baseline.yaml")["mitigable_share"].items()}
    counts = r.baseline.counts[1:]  # (year, locality, outcome) without the scenario
    names = ("emergency_admissions", "ae_attendances", "falls_admissions", "care_home_admissions", "home_care_hours")
    c = {n: counts[..., i] for i, n in enumerate(names)}
    ea_pool = (c["emergency_admissions"] - c["falls_admissions"]) * shares["emergency_admissions"]
    falls_pool = c["falls_admissions"] * shares["falls_admissions"]
    by_loc = {n: r.outcome(n).sum(axis=2) for n in OUTCOMES}  # (run, year, locality)
    tol = 1e-6
    assert np.all(by_loc["falls_admissions_avoided"] <= falls_pool + tol)
    assert np.all(by_loc["emergency_admissions_avoided"] <= ea_pool + falls_pool + tol)
    assert np.all(
        by_loc["care_home_admissions_avoided"] <= c["care_home_admissions"] * shares["care_home_admissions"] + tol
    )
    assert np.all(by_loc["ae_attendances_avoided"] <= c["ae_attendances"] * shares["ae_attendances"] + tol)
    assert np.all(by_loc["home_care_hours_saved"] <= c["home_care_hours"] * shares["home_care_hours"] + tol)


def test_a_huge_effect_is_capped_at_the_pool_exactly():
    override = {"lever": "falls_prevention", "max_uptake": {"value": 1.0},
                "cohort_rate_ratio": [{"outcome": "falls_admissions", "value": 10.0}],
                "effects": [{"outcome": "falls_admissions", "low": 0.001, "central": 0.001, "high": 0.001,
                             "distribution": "fixed"}]}
    plan = plan_of(line(FALLS, 10_000_000), baselines=Baselines(falls_admissions_65_plus_per_100k=2_000))
    r = run(Scenario(horizon_years=1, assumption_overrides=(override,)), plan, runs=1, seed=0)
    assert total(r, "falls_admissions_avoided")[0] == pytest.approx(0.02 * 10_180 * 0.5)


def test_levers_on_the_same_outcome_combine_multiplicatively():
    base = Baselines(falls_admissions_65_plus_per_100k=2_000)
    sc = Scenario(horizon_years=1)
    a = total(run(sc, plan_of(line(FALLS, 300_000, "A"), baselines=base), runs=1, seed=0), "falls_admissions_avoided")[
        0
    ]
    b = total(run(sc, plan_of(line(ADAPTATIONS, 2_000_000, "B"), baselines=base), runs=1, seed=0),
              "falls_admissions_avoided")[0]
    both = run(
        sc, plan_of(line(FALLS, 300_000, "A"), line(ADAPTATIONS, 2_000_000, "B"), baselines=base), runs=1, seed=0
    )
    pool = 0.02 * 10_180 * 0.5
    expected = pool * (1 - (1 - a / pool) * (1 - b / pool))
    assert total(both, "falls_admissions_avoided")[0] == pytest.approx(expected)
    assert expected < a + b
    # attributed by Shapley value: each lever gets its standalone effect less half the overlap
    per_lever = both.outcome("falls_admissions_avoided")[0].sum(axis=(0, 2))
    sa, sb = a / pool, b / pool
    assert per_lever[both.levers.index("falls_prevention")] == pytest.approx(pool * sa * (1 - sb / 2))
    assert per_lever[both.levers.index("home_adaptations")] == pytest.approx(pool * sb * (1 - sa / 2))


def test_same_seed_same_result_and_run_zero_is_the_central_estimate():
    plan = plan_of(line(FALLS, 80_000, "A"), line(REABLEMENT, 300_000, "B"), line(LOCALITY_TEAMS, 400_000, "C"),
                   localities=2)
    r1 = run(Scenario(), plan, runs=500, seed=42)
    r2 = run(Scenario(), plan, runs=500, seed=42)
    r3 = run(Scenario(), plan, runs=500, seed=43)
    assert np.array_equal(r1.values, r2.values)
    assert not np.array_equal(r1.values, r3.values)
    assert np.array_equal(r1.values[0], r3.values[0])  # run 0 does not depend on the seed
    central = run(Scenario(), plan, runs=1, seed=7)
    assert np.array_equal(central.values[0], r1.values[0])
    # run 0 has every parameter at its central value
    assert r1.parameters[0, r1.parameter_names.index("unit_cost:reablement")] == pytest.approx(3000)
    assert r1.parameters[0, r1.parameter_names.index("effect:falls_prevention:falls_admissions")] == pytest.approx(0.8)


def test_drawn_parameters_reproduce_the_80_percent_interval():
    r = run(Scenario(), plan_of(line(FALLS, 1.0)), runs=40_000, seed=11)
    x = r.parameters[:, r.parameter_names.index("effect:falls_prevention:falls_admissions")]
    p10, p50, p90 = np.percentile(x, [10, 50, 90])
    assert (p10, p50, p90) == pytest.approx((0.70, 0.80, 0.92), abs=0.005)
    cost = r.parameters[:, r.parameter_names.index("unit_cost:integrated_locality_teams")]
    assert np.percentile(cost, [10, 50, 90]) == pytest.approx((475, 550, 683), rel=0.01)  # £ per FTE / 100 people


def test_new_spend_ramps_up_and_stopped_spend_decays():
    base = Baselines(falls_admissions_65_plus_per_100k=2_000)
    mature = run(Scenario(horizon_years=3), plan_of(line(FALLS, 35_000), baselines=base), runs=1, seed=0)
    new = run(Scenario(horizon_years=3), plan_of(line(FALLS, 35_000, new="New"), baselines=base), runs=1, seed=0)
    m = mature.outcome("falls_admissions_avoided")[0].sum(axis=(1, 2))
    n = new.outcome("falls_admissions_avoided")[0].sum(axis=(1, 2))
    ramp = raw("levers.yaml")["levers"]["falls_prevention"]["ramp_up"]["profile"]
    assert n.tolist() == pytest.approx([m[0] * ramp[0], m[1] * ramp[1], m[2] * ramp[1]])

    stop = Scenario(horizon_years=3, changes=({"kind": "remove_line", "scheme_id": "S1", "from_year": 2},))
    s = run(stop, plan_of(line(FALLS, 35_000), baselines=base), runs=1, seed=0)
    kept = raw("levers.yaml")["levers"]["falls_prevention"]["decay"]["retained_per_year"]
    got = s.outcome("falls_admissions_avoided")[0].sum(axis=(1, 2))
    assert got.tolist() == pytest.approx([m[0], m[0] * kept, m[0] * kept ** 2])
    assert s.outcome("people_served")[0, 1:].sum() == 0.0
    assert s.outcome("spend_gbp")[0].sum(axis=(1, 2)).tolist() == [35_000.0, 0.0, 0.0]


def test_moving_spend_between_levers_and_localities():
    plan = plan_of(line(FALLS, 100_000, "A", "Town 1"), line(REABLEMENT, 300_000, "B"), localities=2)
    sc = Scenario(horizon_years=2, changes=(
        {"kind": "move", "from": {"lever": "reablement"}, "to": {"lever": "falls_prevention", "locality": "Town 2"},
         "amount_gbp": 60_000, "from_year": 2},
        {"kind": "add_line", "scheme_id": "N1", "lever": "care_home_support", "amount_gbp": 20_000},
    ))
    r = run(sc, plan, runs=1, seed=0)
    spend = r.outcome("spend_gbp")[0]  # (year, lever, locality)
    li = r.levers.index
    assert spend.sum(axis=(1, 2)).tolist() == [420_000.0, 420_000.0]
    assert spend[0, li("reablement")].sum() == pytest.approx(300_000)
    assert spend[1, li("reablement")].sum() == pytest.approx(240_000)
    assert spend[1, li("falls_prevention")].tolist() == pytest.approx([100_000, 60_000])
    assert spend[0, li("care_home_support")].sum() == pytest.approx(20_000)


def test_moving_spend_to_an_existing_scheme():
    plan = plan_of(line(FALLS, 100_000, "A", "Town 1"), line(REABLEMENT, 300_000, "B", "Town 2"), localities=2)
    sc = Scenario(horizon_years=2, changes=(
        {"kind": "move", "from": {"scheme_id": "A"}, "to": {"scheme_id": "B"}, "share": 0.25},
        {"kind": "remove_line", "scheme_id": "B", "from_year": 2},
    ))
    spend = run(sc, plan, runs=1, seed=0).outcome("spend_gbp")[0]
    li = LEVERS_INDEX
    assert spend[0, li["falls_prevention"]].tolist() == pytest.approx([75_000, 0])
    assert spend[0, li["reablement"]].tolist() == pytest.approx([0, 325_000])
    assert spend[1, li["reablement"]].tolist() == pytest.approx([0, 0])  # removing B removes what moved into it
    with pytest.raises(ValidationError):
        Scenario(changes=({"kind": "move", "from": {"scheme_id": "A"}, "to": {"scheme_id": "B", "lever": "carers"},
                           "share": 0.5},))


def test_bad_changes_are_refused_with_a_message():
    from scenarios.schema import ScenarioError

    plan = plan_of(line(FALLS, 100_000, "A"))
    with pytest.raises(ScenarioError, match="cannot move £200,000"):
        run(Scenario(changes=({"kind": "move", "from": {"scheme_id": "A"}, "to": {"lever": "carers"},
                               "amount_gbp": 200_000},)), plan, runs=1)
    with pytest.raises(ScenarioError, match="no line has scheme ID 'Z'"):
        run(Scenario(changes=({"kind": "remove_line", "scheme_id": "Z"},)), plan, runs=1)
    with pytest.raises(ScenarioError, match="not one of the plan's localities"):
        run(Scenario(changes=({"kind": "add_line", "scheme_id": "N", "lever": "carers", "amount_gbp": 5,
                               "locality": "Atlantis"},)), plan, runs=1)
    no_localities = Plan(area=HWBArea(code="E06000001", name="Testshire"), year="2026-27", lines=(line(FALLS, 1),))
    with pytest.raises(ScenarioError, match="no localities"):
        run(Scenario(), no_localities, runs=1)


def test_deadweight_and_optimism_bias_reduce_effects():
    plan = plan_of(line(FALLS, 80_000, "A"), line(REABLEMENT, 300_000, "B"))
    plain = total(run(Scenario(optimism_bias=False), plan, runs=1), "gross_saving_gbp")[0]
    dead = total(run(Scenario(deadweight=0.25, optimism_bias=False), plan, runs=1), "gross_saving_gbp")[0]
    biased = total(run(Scenario(optimism_bias=True), plan, runs=1), "gross_saving_gbp")[0]
    assert dead == pytest.approx(plain * 0.75)
    assert 0 < biased < plain
    # on by default (HM Treasury Green Book): a scenario that says nothing is adjusted
    assert Scenario().optimism_bias is True
    assert total(run(Scenario(), plan, runs=1), "gross_saving_gbp")[0] == biased


def test_optimism_bias_removes_the_share_for_each_effects_grade():
    # falls prevention's effect on falls admissions is graded trial_or_meta_analysis: nothing is removed;
    # carers' effect on care-home admissions is a judgement: 30% of it is removed (unit_costs.yaml)
    a = load_assumptions()
    assert a.effect("falls_prevention", "falls_admissions").grade == "trial_or_meta_analysis"
    assert a.effect("carers", "care_home_admissions").grade == "judgement"
    assert a.unit_costs.optimism_bias["judgement"].value == 0.3
    falls = plan_of(line(FALLS, 80_000, "A"))
    on, off = (
        total(run(Scenario(optimism_bias=b), falls, runs=1), "falls_admissions_avoided")[0] for b in (True, False)
    )
    assert on == pytest.approx(off) and off > 0
    carers = plan_of(line(CARERS, 80_000, "A"))
    on, off = (total(run(Scenario(optimism_bias=b), carers, runs=1), "care_home_admissions_avoided")[0]
               for b in (True, False))
    assert off > 0 and on == pytest.approx(0.7 * off)


def test_pilot_claims_exceed_controlled_evidence_for_locality_teams():
    plan = plan_of(line(LOCALITY_TEAMS, 500_000))
    c = total(run(Scenario(stance="controlled"), plan, runs=2000, seed=1), "emergency_admissions_avoided")
    p = total(run(Scenario(stance="pilot"), plan, runs=2000, seed=1), "emergency_admissions_avoided")
    assert np.percentile(p, 50) > np.percentile(c, 50) + 1
    assert c[0] == pytest.approx(0.0, abs=1e-9)  # controlled central: no effect on admissions


def test_scheme_types_are_recognised_by_alias_and_old_name():
    plan = plan_of(line(("Reablement in a Person's Own Home", ""), 30_000, "A"),
                   line(("Bed based intermediate care", ""), 50_000, "B"))
    spend = run(Scenario(horizon_years=1), plan, runs=1).outcome("spend_gbp")[0, 0].sum(axis=1)
    assert spend[LEVERS_INDEX["reablement"]] == 30_000
    assert spend[LEVERS_INDEX["bed_based_intermediate_care"]] == 50_000


@settings(max_examples=20, deadline=None)
@given(amounts=st.lists(st.floats(0, 20_000_000), min_size=6, max_size=6), seed=st.integers(0, 2**32 - 1),
       stance=st.sampled_from(["controlled", "pilot"]))
def test_no_spend_pattern_breaks_the_pool(amounts, seed, stance):
    kinds = (FALLS, REABLEMENT, CARE_HOMES, ADAPTATIONS, LOCALITY_TEAMS, TELECARE)
    plan = plan_of(
        *(line(k, a, f"S{i}", "Town 1" if i % 2 else "") for i, (k, a) in enumerate(zip(kinds, amounts, strict=True))),
        localities=2,
    )
    r = run(Scenario(stance=stance, horizon_years=2), plan, runs=40, seed=seed)
    counts = r.baseline.counts[1:]
    ea_total = counts[..., 0]  # all emergency admissions of people aged 65+
    assert np.all(r.outcome("emergency_admissions_avoided").sum(axis=2) <= ea_total + 1e-6)
    assert np.all(r.outcome("falls_admissions_avoided").sum(axis=2) <= counts[..., 2] + 1e-6)
    assert np.all(r.outcome("care_home_admissions_avoided").sum(axis=2) <= counts[..., 3] + 1e-6)
    assert np.all(np.isfinite(r.values))


def test_discharge_support_serves_people_and_its_delayed_days_avoided_match_a_hand_calculation():
    from scenarios.exposure import served_exposure
    from scenarios.inputs import prepare
    from scenarios.outcomes import EFFECT_OUTCOMES

    lever = raw("levers.yaml")["levers"]["discharge_support"]
    assert lever["staff"]["cost_per_fte"]["central"] == 58_000 and lever["staff"]["people_per_fte"]["value"] == 150
    assert lever["eligible_share_65_plus"]["value"] == 0.15 and lever["max_uptake"]["value"] == 0.8
    assert [(t["share"], t["relative_risk"]) for t in lever["risk_tiers"]["tiers"]] == [(0.5, 1.8), (0.5, 0.2)]
    assert lever["cohort_rate_ratio"]["delayed_discharge_days"]["value"] == 6.0
    assert raw("effects_controlled.yaml")["effects"]["discharge_support"]["delayed_discharge_days"]["central"] == 0.90
    base = raw("baseline.yaml")
    assert base["rates_per_100k_65_plus"]["delayed_discharge_days"]["value"] == 35_000
    assert base["mitigable_share"]["delayed_discharge_days"]["value"] == 0.5

    plan = plan_of(line(DISCHARGE, 58_000))
    r = run(Scenario(horizon_years=1), plan, runs=1, seed=0)
    # unit cost £58,000 / 150 = £386.67 a person; £58,000 serves 150 people, under the capacity of
    # 10,000 x 1.018 x 0.15 x 0.8 = 1,221.6
    li = LEVERS_INDEX["discharge_support"]
    assert r.outcome("people_served")[0, 0, li, 0] == pytest.approx(150.0)
    assert "discharge_support" in r.modelled_levers
    for name in ("emergency_admissions_avoided", "care_home_admissions_avoided", "cashable_saving_gbp"):
        assert total(r, name)[0] == 0.0, name
    # the days avoided are priced at a standard bed day (£345 at 2020/21 prices x 1.05^4 = £419 at 2024/25
    # prices), a non-cashable NHS saving
    days = total(r, "delayed_discharge_days_avoided")[0]
    assert total(r, "non_cashable_saving_gbp")[0] == pytest.approx(days * 419)
    assert total(r, "gross_saving_gbp")[0] == pytest.approx(days * 419)

    # Delayed-discharge bed days avoided, by hand: mean risk 0.5 x 1.8 + 0.5 x 0.2 = 1, so the 150
    # people (all in the top tier of 0.5 x 1,527 eligible) weigh 150 x 1.8 = 270; 35,000 / 100,000 =
    # 0.35 delay days per person aged 65+ (no growth in the rate), x 6 for the cohort = 2.1;
    # avoided = 270 x 2.1 x (1 - 0.90) = 56.7 before optimism bias; the effect is a judgement, so 30% of it is
    # removed (on by default): 56.7 x 0.7 = 39.69, well inside the pool 0.35 x 10,180 x 0.5 = 1,781.5.
    m = prepare(Scenario(horizon_years=1), plan, runs=1, seed=0)
    j = EFFECT_OUTCOMES.index("delayed_discharge_days")
    assert m.present[li, j] and m.pool[0, 0, j] == pytest.approx(0.35 * 10_180 * 0.5)
    from scenarios.spend import build_spend

    spend = build_spend(plan, Scenario(horizon_years=1)).spend
    _, exposure = served_exposure(m, spend, slice(0, 1))
    alone = exposure[0, 0, li, 0] * m.adjust[li, j] * (1 - m.rate_ratio[0, li, j]) * m.per_person[0, 0, j]
    assert alone == pytest.approx(39.69, rel=1e-9)
    # a lone lever keeps all of its effect (1 - (1 - s)) x pool = alone
    assert total(r, "delayed_discharge_days_avoided")[0] == pytest.approx(39.69, rel=1e-9)


def test_planned_outputs_set_people_served_and_far_ones_are_flagged():
    """A line that states the people it serves buys exactly those people in the plan as submitted;
    a statement far from spend ÷ unit cost is flagged; spend above the eligible cap is reported."""
    base = line(REABLEMENT, 300_000)
    stated = base.model_copy(update={"planned_outputs": 60, "output_unit": "Packages"})
    r = run(Scenario(horizon_years=1), plan_of(stated), runs=50, seed=1)
    li = LEVERS_INDEX["reablement"]
    assert r.outcome("people_served")[:, 0, li].sum(axis=1) == pytest.approx(np.full(50, 60.0))  # every run
    # £300,000 at the central £3,000 a person buys 100, not 60: within half, so no warning
    assert not [w for w in r.warnings if "plans" in w]
    far = base.model_copy(update={"planned_outputs": 20, "output_unit": "Packages"})
    r = run(Scenario(horizon_years=1), plan_of(far), runs=5, seed=1)
    assert r.outcome("people_served")[0, 0, li].sum() == pytest.approx(20.0)
    assert any("plans 20 people served" in w and "about 100" in w for w in r.warnings)
    hours = base.model_copy(update={"planned_outputs": 20, "output_unit": "Hours of care"})  # not people
    r = run(Scenario(horizon_years=1), plan_of(hours), runs=1, seed=1)
    assert r.outcome("people_served")[0, 0, li].sum() == pytest.approx(100.0)
    # added money buys people at the plan's own cost per person (£5,000 here)
    more = run(Scenario(horizon_years=1, changes=({"kind": "add_line", "scheme_id": "X", "lever": "reablement",
                                                    "amount_gbp": 100_000},)), plan_of(stated), runs=1, seed=1)
    assert more.outcome("people_served")[0, 0, li].sum() == pytest.approx(80.0)


def test_spend_above_the_eligible_cap_is_reported_in_pounds():
    r = run(Scenario(horizon_years=1), plan_of(line(REABLEMENT, 30_000_000)), runs=1, seed=1)
    li = LEVERS_INDEX["reablement"]
    served = r.outcome("people_served")[0, 0, li].sum()
    cap_money = 30_000_000 - served * 3_000  # the central unit cost
    (w,) = [w for w in r.warnings if "above the cap" in w]
    assert f"£{cap_money:,.0f} of reablement" in w
