"""Summaries: tables, metric trajectories, waterfall and money ratios, checked by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from budget.models import Baselines, ExpenditureLine, HWBArea, Locality, Plan
from scenarios.cli.summary_json import run_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import (
    cost_per_admission_avoided,
    metric_trajectories,
    probability_net_saving_positive,
    return_per_pound,
    summary_table,
    totals,
    waterfall,
)


def plan() -> Plan:
    kinds = [
        ("Home-based intermediate care services", "", 400_000.0),
        ("Community Based Schemes", "Enhanced health in care homes", 150_000.0),
        ("Prevention / Early Intervention", "Falls prevention", 60_000.0),
        ("Enablers for Integration", "", 100_000.0),
    ]
    lines = tuple(
        ExpenditureLine(
            scheme_id=f"S{i}",
            scheme_name="s",
            scheme_type=t,
            sub_type=s,
            source_of_funding="nhs_minimum",
            amount=a,
            locality="" if i % 2 else "North",
        )
        for i, (t, s, a) in enumerate(kinds)
    )
    locs = (Locality(name="North", population=60_000, population_65_plus=12_000),
            Locality(name="South", population=40_000, population_65_plus=8_000))
    return Plan(
        area=HWBArea(code="E06000001", name="Testshire"),
        year="2026-27",
        lines=lines,
        localities=locs,
        baselines=Baselines(emergency_admissions_65_plus_per_100k=25_000, care_home_admissions_65_plus_per_100k=500),
    )


@pytest.fixture(scope="module")
def results():
    return run(Scenario(horizon_years=3), plan(), runs=2000, seed=8)


def test_summary_table_matches_direct_percentiles(results):
    t = summary_table(results, by=("lever",))
    row = t[(t.lever == "reablement") & (t.outcome == "home_care_hours_saved")].iloc[0]
    x = results.outcome("home_care_hours_saved")[:, :, results.levers.index("reablement"), :].sum(axis=(1, 2))
    assert (row.p10, row.p50, row.p90) == pytest.approx(tuple(np.percentile(x, [10, 50, 90])))
    assert row["mean"] == pytest.approx(x.mean()) and row["central"] == pytest.approx(x[0])
    full = summary_table(results)
    assert len(full) == 3 * len(results.levers) * 2 * len(results.outcomes)  # year x lever x locality x outcome
    assert len(results.levers) == 10
    assert set(full.columns) >= {"year", "lever", "locality", "outcome", "p10", "p50", "p90", "mean", "central"}
    with pytest.raises(ValueError, match="cannot summarise by"):
        summary_table(results, by=("colour",))


ADD = {"kind": "add_line", "scheme_id": "NEW1", "scheme_type": "Community Based Schemes",
       "sub_type": "Enhanced health in care homes", "amount_gbp": 300_000, "new": True}


@pytest.fixture(scope="module")
def changed():
    return run(Scenario(horizon_years=3, changes=(ADD,)), plan(), runs=2000, seed=8)


def test_metric_trajectories_by_hand(results):
    m = metric_trajectories(results)["emergency_admissions_65_plus_per_100k"]
    # base rate 25,000 per 100,000, growing 1% a year per person; population growth cancels in a rate
    assert m.base_year == pytest.approx(25_000)
    today = [25_000 * 1.01 ** y for y in (1, 2, 3)]
    assert m.with_todays_services == pytest.approx(today, abs=0.06)
    pop = 20_000 * 1.018 ** np.array([1, 2, 3])
    avoided = results.outcome("emergency_admissions_avoided")[0].sum(axis=(1, 2))
    # every line is established: the observed rate already contains its effect, so without the pool the
    # rate is higher by that effect and the plan's line is today's services
    assert m.without_pool.central == pytest.approx((np.array(today) + avoided / pop * 1e5).tolist(), abs=0.06)
    assert m.with_plan.central == pytest.approx(today, abs=0.06)
    assert m.with_scenario == m.with_plan and m.without_scenario == m.with_plan.p50
    ch = metric_trajectories(results)["care_home_admissions_65_plus_per_100k"]
    assert ch.with_todays_services == pytest.approx([500, 500, 500])
    assert all(w >= 500 for w in ch.without_pool.p50)


def test_a_scenario_line_is_the_plans_line_less_its_paired_change(results, changed):
    m = metric_trajectories(changed)["emergency_admissions_65_plus_per_100k"]
    pop = 20_000 * 1.018 ** np.array([1, 2, 3])
    # the change measured by two separate runs on the same seed, by hand
    extra = (changed.outcome("emergency_admissions_avoided")[0].sum(axis=(1, 2))
             - results.outcome("emergency_admissions_avoided")[0].sum(axis=(1, 2)))
    assert extra.min() > 0
    expected = np.array(m.with_plan.central) - extra / pop * 1e5
    assert m.with_scenario.central == pytest.approx(expected.tolist(), abs=0.06)
    assert m.with_plan == metric_trajectories(results)["emergency_admissions_65_plus_per_100k"].with_plan


def test_change_vs_plan_is_paired_and_zero_without_changes(results, changed):
    from scenarios.summary import change_vs_reference  # noqa: PLC0415

    zero = change_vs_reference(results)
    assert all(c.p10 == c.p50 == c.p90 == c.mean == 0 and c.probability_better == 0 for c in zero.values())
    c = change_vs_reference(changed)["emergency_admissions_avoided"]
    per_run = totals(changed, "emergency_admissions_avoided") - totals(results, "emergency_admissions_avoided")
    assert (c.p10, c.p50, c.p90) == pytest.approx(tuple(np.percentile(per_run, [10, 50, 90])), rel=1e-9)
    assert c.mean == pytest.approx(per_run.mean()) and c.probability_better == pytest.approx((per_run > 0).mean())
    spend = change_vs_reference(changed)["spend_gbp"]
    assert spend.p50 == pytest.approx(300_000 * 3) and spend.probability_better == 0  # spending more is not better


def test_appraisal_discounts_by_hand(changed):
    from scenarios.summary import appraisal_of_change, appraisal_of_pool  # noqa: PLC0415

    a = appraisal_of_change(changed)
    f = 1 / 1.035 ** np.arange(3)
    assert a.spend.mean == pytest.approx(300_000 * f.sum())
    gross = (changed.totals - changed.reference_totals)[:, :, changed.outcomes.index("gross_saving_gbp")]
    assert a.benefits.mean == pytest.approx((gross * f).sum(axis=1).mean())
    assert a.nhs_benefits.mean + a.council_benefits.mean == pytest.approx(a.benefits.mean)
    assert a.net_present_value.mean == pytest.approx(a.benefits.mean - a.spend.mean)
    undiscounted = appraisal_of_change(dataclasses.replace(
        changed, scenario=changed.scenario.model_copy(update={"discount_rate": 0.0})))
    assert undiscounted.spend.mean == pytest.approx(900_000) and undiscounted.benefits.mean > a.benefits.mean
    pool = appraisal_of_pool(changed)
    assert pool.spend.mean == pytest.approx((400_000 + 150_000 + 60_000 + 100_000 + 300_000) * f.sum())


def test_waterfall_adds_up(results, changed):
    steps = waterfall(results, "emergency_admissions")
    assert steps[0].label == "Base year" and steps[0].value == pytest.approx(0.25 * 20_000)
    growth = steps[1]
    assert growth.label == "Population growth" and growth.value == pytest.approx(5_000 * (1.018 ** 3 - 1))
    assert steps[2].value == pytest.approx(5_000 * 1.018 ** 3 * (1.01 ** 3 - 1))
    # established services are in the base year already: the plan as submitted changes nothing more
    assert [s.label for s in steps] == [
        "Base year",
        "Population growth",
        "Change in rate per person",
        "Scenario, 2028-29",
    ]
    steps = waterfall(changed, "emergency_admissions")
    total = steps[0].value + sum(s.value for s in steps[1:-1])
    assert steps[-1].value == pytest.approx(total) and steps[-1].label == "Scenario, 2028-29"
    change = {s.label: s.value for s in steps}["This scenario's changes"]
    assert change == pytest.approx(-(changed.outcome("emergency_admissions_avoided")[0, -1].sum()
                                     - results.outcome("emergency_admissions_avoided")[0, -1].sum()))


def test_money_ratios(results):
    spend = totals(results, "spend_gbp")[0]
    assert spend == pytest.approx((400_000 + 150_000 + 60_000) * 3)  # enablers have no modelled effect
    ea = totals(results, "emergency_admissions_avoided")
    cpa = cost_per_admission_avoided(results)
    assert cpa["p10"] == pytest.approx(spend / np.percentile(ea, 90))
    assert cpa["central"] == pytest.approx(spend / ea[0])
    rpp = return_per_pound(results)
    assert rpp.p50 == pytest.approx(np.percentile(totals(results, "gross_saving_gbp"), 50) / spend)
    p = probability_net_saving_positive(results)
    assert p == pytest.approx(np.mean(totals(results, "net_saving_gbp") > 0))
    alone = probability_net_saving_positive(results, ("reablement",))
    assert alone == pytest.approx(np.mean(totals(results, "net_saving_gbp", ("reablement",)) > 0))
    assert 0 <= p <= 1


def test_cashable_and_non_cashable_add_up(results):
    gross = results.outcome("gross_saving_gbp")
    assert np.allclose(gross, results.outcome("cashable_saving_gbp") + results.outcome("non_cashable_saving_gbp"))
    assert np.allclose(results.outcome("net_saving_gbp"), gross - results.outcome("spend_gbp"))
    # an hour of home care £28.53; a care-home week £717 at 2021/22 prices x 1.05^3 = £830, for 26 weeks
    assert np.allclose(
        results.outcome("cashable_saving_gbp"),
        results.outcome("home_care_hours_saved") * 28.53 + results.outcome("care_home_admissions_avoided") * 830 * 26,
    )


def test_headline_keeps_unmodelled_spend_apart(results):
    h = run_json(results)
    assert h["spend_gbp"]["no_modelled_effect"] == 300_000
    assert h["by_lever"]["none"]["modelled"] is False
    assert h["by_lever"]["none"]["net_saving_gbp"]["p50"] == -300_000
    assert h["outcomes"]["spend_gbp"]["p50"] == h["spend_gbp"]["modelled_levers"]
    assert list(h["by_year"]) == ["2026-27", "2027-28", "2028-29"]
    assert h["baseline_sources"]["emergency_admissions"] == "plan"
    assert h["baseline_sources"]["falls_admissions"].startswith("default: ")


def test_drivers_rank_the_parameters_that_move_an_outcome(results):
    from scenarios.summary import drivers

    top = drivers(results, "home_care_hours_saved", top=3)
    # home-care hours depend only on reablement: its effect first (a lower ratio saves more hours)
    assert top[0].parameter == "effect:reablement:home_care_hours" and top[0].correlation < -0.8
    assert "Reablement" in top[0].label
    assert all(abs(a.correlation) >= abs(b.correlation) for a, b in zip(top, top[1:], strict=False))
    assert drivers(results, "spend_gbp") == []  # spend is not uncertain


def test_the_summary_is_frozen_picklable_and_the_only_json_comes_from_the_command_line(results, changed):
    import pickle  # noqa: PLC0415

    from scenarios.summary import Summary, summarise  # noqa: PLC0415

    s = summarise(changed)
    assert isinstance(s, Summary)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.scenario_name = "other"  # type: ignore[misc]
    back = pickle.loads(pickle.dumps(s))
    assert back.stat("emergency_admissions_avoided") == s.stat("emergency_admissions_avoided")
    assert back.change("emergency_admissions_avoided") == s.change("emergency_admissions_avoided")
    assert np.array_equal(back.run_totals, s.run_totals)
    assert not any(
        hasattr(x, "to_json") for x in (s, s.stat("spend_gbp"), s.appraisal_pool, s.metrics[next(iter(s.metrics))])
    )
    # the JSON object is built from the Summary alone, figure for figure
    j = run_json(changed)
    assert j["outcomes"]["emergency_admissions_avoided"]["p50"] == round(s.stat("emergency_admissions_avoided").p50, 1)
    assert j["change_vs_plan"]["outcomes"]["bed_days_saved"]["p90"] == round(s.change("bed_days_saved").p90, 1)


def test_what_the_changes_are_worth_is_the_appraisals_net_present_value_run_by_run(results, changed):
    from scenarios.summary import summarise, value_of_changes

    plain, added = summarise(results), summarise(changed)
    worth = value_of_changes(added)
    npv = added.appraisal_change.net_present_value
    assert (worth.p10, worth.p50, worth.p90, worth.mean, worth.central) == pytest.approx(
        (npv.p10, npv.p50, npv.p90, npv.mean, npv.central))
    samples = np.asarray(added.change_npv_samples)
    assert worth.probability_better == pytest.approx((samples > 0).mean())
    assert worth.p10 < worth.p50 < worth.p90
    # the plan as submitted has no changes, so against it a scenario's changes are worth what they are worth alone
    assert not any(plain.change_npv_samples)
    against = value_of_changes(added, plain)
    assert (against.p10, against.p50, against.p90) == pytest.approx((worth.p10, worth.p50, worth.p90))
    # and the other way round, run by run, the same figures with the sign turned
    back = value_of_changes(plain, added)
    assert (back.p10, back.p50, back.p90) == pytest.approx((-worth.p90, -worth.p50, -worth.p10))
    fewer = summarise(run(Scenario(horizon_years=3), plan(), runs=500, seed=8))
    with pytest.raises(ValueError, match="same number of runs"):
        value_of_changes(added, fewer)
