"""The assumption library: every figure sourced and graded, values in range, stances consistent."""

from __future__ import annotations

import math
from importlib import resources

import pytest
import yaml
from pydantic import ValidationError

from budget.reference import LEVERS
from scenarios.assumption_files import LeverAssumptions, LeverFile, UnitCostFile
from scenarios.assumptions import cost_price_years, load_assumptions
from scenarios.outcomes import EFFECT_OUTCOMES
from scenarios.overrides import AssumptionOverride, apply_overrides
from scenarios.sourced import Effect, Interval

FILES = ("levers.yaml", "effects_controlled.yaml", "effects_pilot.yaml", "baseline.yaml", "unit_costs.yaml")
GRADES = {"trial_or_meta_analysis", "matched_control", "uncontrolled_pilot", "judgement", "published_statistic"}
NUMBER_KEYS = {"value", "low", "central", "high", "profile", "retained_per_year", "share", "relative_risk"}


def raw(name: str) -> dict:
    return yaml.safe_load((resources.files("scenarios") / "assumptions" / name).read_text(encoding="utf-8"))


def _figures(node, path=""):
    """Every mapping that holds a number, with its path."""
    if isinstance(node, dict):
        if NUMBER_KEYS & node.keys() and "tiers" not in path.rsplit(".", 1)[-1]:
            yield path, node
        for k, v in node.items():
            yield from _figures(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _figures(v, f"{path}[{i}]")


@pytest.mark.parametrize("name", FILES)
def test_every_figure_carries_a_source_and_an_evidence_grade(name):
    found = 0
    for path, fig in _figures(raw(name)):
        if ".tiers[" in path:  # a tier's figures are sourced by its risk_tiers block
            continue
        if path.endswith(".uplifted_from"):  # a cost as first published: sourced by the cost, with its deflator
            assert str(fig.get("deflator", "")).strip(), f"{name}: {path} has no deflator"
            continue
        found += 1
        assert str(fig.get("source", "")).strip(), f"{name}: {path} has no source"
        assert fig.get("grade") in GRADES, f"{name}: {path} has no evidence grade (got {fig.get('grade')!r})"
    assert found > 3


def test_every_eligibility_cap_has_a_source_and_says_where_it_is_an_assumption():
    """The cap on people served (eligible share x maximum uptake) is where money stops buying anyone, so each
    half names its source, and one that is a judgement says it is an assumption."""
    for lever, d in raw("levers.yaml")["levers"].items():
        for key in ("eligible_share_65_plus", "max_uptake"):
            figure = d[key]
            words = " ".join(str(figure["source"]).split())
            assert len(words) > 20, (lever, key, words)  # more than "Judgement."
            if figure["grade"] == "judgement":
                assert words.startswith("Assumption"), (lever, key, words)
            else:
                assert "assumption" in words.lower(), (lever, key, words)  # a published figure taken as the group


def test_tiers_are_sourced_by_their_block():
    for lever, spec in raw("levers.yaml")["levers"].items():
        block = spec["risk_tiers"]
        assert block["source"].strip() and block["grade"] in GRADES, lever


def test_every_lever_is_described_and_both_stances_load():
    for stance in ("controlled", "pilot"):
        a = load_assumptions(stance)
        assert set(a.levers) == set(LEVERS)
        assert a.stance == stance
        for lever, effects in a.effects.items():
            assert lever in LEVERS
            assert set(effects) <= set(EFFECT_OUTCOMES)


def test_default_unit_costs_are_the_2024_25_figures():
    costs = load_assumptions().unit_costs.costs
    # a 65+ spell: National Cost Collection 2024/25 long stay £5,419 and short stay £826, weighted 70:30
    assert costs.emergency_admission.value == round(0.7 * 5419 + 0.3 * 826)
    assert costs.ae_attendance.value == 280
    assert costs.home_care_hour.value == 28.53
    assert costs.emergency_admission.kind == "non_cashable" and costs.home_care_hour.kind == "cashable"
    assert "2024-25" in costs.emergency_admission.source
    assert load_assumptions().unit_costs.prices == "2024-25"


def test_every_cost_in_pounds_is_at_the_librarys_one_price_year():
    prices = raw("unit_costs.yaml")["prices"]
    assert prices == "2024/25"  # as the file writes it; the model keeps 2024-25
    found = {f"costs.{name}": c for name, c in raw("unit_costs.yaml")["costs"].items() if c["unit"].startswith("£")}
    for lever, la in raw("levers.yaml")["levers"].items():
        found[f"{lever}.unit_cost"] = la["unit_cost"] if "unit_cost" in la else la["staff"]["cost_per_fte"]
    found |= {f"capacity.{name}": c for name, c in raw("capacity.yaml")["unit_costs"].items()}
    assert len(found) == 5 + len(LEVERS) + 4
    for where, c in found.items():
        assert c.get("price_year") == prices, where
        up = c.get("uplifted_from")
        if up is not None:  # the figure as published, its price year, the factor and the deflator
            assert up["price_year"] != prices and up["deflator"].strip(), where
            assert c.get("value", c.get("central")) == pytest.approx(up["value"] * up["factor"], rel=0.01), where
    for stance in ("controlled", "pilot"):  # and as the engine reads them, written as the tool writes years
        assert set(cost_price_years(load_assumptions(stance)).values()) == {prices.replace("/", "-")}


def test_older_costs_are_uplifted_by_the_stated_deflator_by_hand():
    c = load_assumptions().unit_costs.costs
    # a standard bed day at 2020/21 prices and the care-home fair price at 2021/22 prices, at 5% a year
    assert c.delayed_bed_day.value == round(345 * 1.05**4) == 419
    assert (c.delayed_bed_day.uplifted_from.value, c.delayed_bed_day.uplifted_from.price_year) == (345, "2020-21")
    assert c.care_home_week.value == round(717 * 1.05**3) == 830
    assert (c.care_home_week.uplifted_from.value, c.care_home_week.uplifted_from.price_year) == (717, "2021-22")
    # the reablement episode at 2009/10 prices by the ratio of hourly prices evidence.md gives (£28.53 / £20)
    reablement = load_assumptions().levers["reablement"].unit_cost
    assert reablement.uplifted_from.factor == pytest.approx(28.53 / 20)
    assert reablement.central == pytest.approx(2088 * 28.53 / 20, rel=0.01)
    # capacity's short-term placement is six weeks at the care-home week
    assert raw("capacity.yaml")["unit_costs"]["p3_short_term_placement"]["value"] == 6 * 830


def test_a_cost_at_another_price_year_or_off_its_deflator_is_refused():
    data = raw("unit_costs.yaml")
    data["costs"]["ae_attendance"]["price_year"] = "2020/21"
    with pytest.raises(ValidationError, match="not the library's 2024-25"):
        UnitCostFile.model_validate(data)
    data = raw("unit_costs.yaml")
    del data["costs"]["ae_attendance"]["price_year"]
    with pytest.raises(ValidationError, match="not the library's 2024-25"):
        UnitCostFile.model_validate(data)
    data = raw("unit_costs.yaml")
    data["costs"]["delayed_bed_day"]["value"] = 345  # the old figure, not uplifted
    with pytest.raises(ValidationError, match="is not 345 x 1.2155"):
        UnitCostFile.model_validate(data)
    data = raw("levers.yaml")
    data["levers"]["reablement"]["unit_cost"]["uplifted_from"]["price_year"] = "2024/25"
    with pytest.raises(ValidationError, match="price year other than its source's"):
        LeverFile.model_validate(data)


def test_home_care_rate_says_it_is_the_providers_minimum_price_and_a_judgement():
    hour = load_assumptions().unit_costs.costs.home_care_hour
    assert hour.value == 28.53 and hour.grade == "judgement"
    assert "minimum price" in hour.source and "not what councils pay" in hour.source


def test_a_dfg_adaptation_is_costed_at_a_realistic_grant():
    dfg = load_assumptions().levers["home_adaptations"].unit_cost
    assert dfg.central == 8000 and dfg.low < dfg.central < dfg.high <= 30_000  # the grant's upper limit
    assert dfg.unit.startswith("£ per adaptation funded") and dfg.grade == "judgement"


def test_pilot_assistive_technology_is_the_telecare_trial_not_the_telehealth_headlines():
    p = load_assumptions("pilot")
    at = p.effect("assistive_technology", "emergency_admissions")
    assert (at.declared.low, at.declared.central, at.declared.high, at.declared.interval) == (0.75, 0.90, 1.07, 95)
    assert at.grade == "trial_or_meta_analysis" and "Age and Ageing 2013" in at.source
    k = 1.2815515655446004 / 1.959963984540054  # 95% half-widths to 80%, on the log scale
    assert at.low == pytest.approx(math.exp(math.log(0.9) - (math.log(0.9) - math.log(0.75)) * k))
    assert at.high == pytest.approx(math.exp(math.log(0.9) + (math.log(1.07) - math.log(0.9)) * k))
    assert "telehealth" in at.context and "-20%" in at.context  # why the headline claims are not used
    assert p.effect("assistive_technology", "ae_attendances") is None  # no A&E effect claimed for telecare


def test_birminghams_ae_claim_is_kept_to_the_cohort_it_claims_like_norfolks():
    b = load_assumptions("pilot").effect("integrated_locality_teams", "ae_attendances")
    # 20,000 people in Birmingham (154,406 aged 65+, ONS mid-2024), taken as the top of the risk pyramid
    # (top 0.5% at 20x, next 19.5% at 2.7x), against the top fifth locality teams serve at full reach
    cohort = 0.005 * 20 + (20_000 / 154_406 - 0.005) * 2.7
    fifth = 0.005 * 20 + 0.195 * 2.7
    assert b.declared.cohort_share == round(cohort / fifth, 1) == 0.7
    assert (b.low, b.central, b.high) == pytest.approx((1 - 0.7 * 0.23, 1 - 0.7 * 0.15, 1 - 0.7 * 0.05))
    assert b.grade == "uncontrolled_pilot"


def test_pilot_claims_are_never_less_optimistic_than_controlled_evidence():
    c, p = load_assumptions("controlled"), load_assumptions("pilot")
    differs = 0
    for lever, effects in p.effects.items():
        for outcome, eff in effects.items():
            ctrl = c.effect(lever, outcome)
            ctrl_central = 1.0 if ctrl is None else ctrl.central  # no controlled effect: a ratio of 1
            assert eff.central <= ctrl_central, (lever, outcome)
            differs += eff.central < ctrl_central
    assert differs >= 4
    # the case studies' headline figures are in the pilot stance
    norfolk = p.effect("integrated_locality_teams", "emergency_admissions")
    assert norfolk.declared.central == pytest.approx(0.69)  # Norfolk -31%, among the cohort it served
    share = norfolk.declared.cohort_share
    assert 0 < share < 1
    assert norfolk.central == pytest.approx(1 - share * 0.31)  # ... kept to that cohort
    assert "106,000" in norfolk.context and "87,000" in norfolk.context
    birmingham = p.effect("integrated_locality_teams", "ae_attendances")
    assert birmingham.declared.central == pytest.approx(0.85)  # Birmingham -15%, among the people supported
    assert birmingham.central == pytest.approx(1 - birmingham.declared.cohort_share * 0.15)  # ... kept to them
    assert p.effect("integrated_locality_teams", "emergency_admissions").grade == "uncontrolled_pilot"
    # controlled evidence keeps the effects of locality teams on admissions at none, centrally
    assert c.effect("integrated_locality_teams", "emergency_admissions").central == 1.0


def test_intervals_refuse_disorder_unknown_keys_and_missing_sources():
    with pytest.raises(ValidationError):
        Interval(low=0.9, central=0.8, high=1.0, source="x", grade="judgement")
    with pytest.raises(ValidationError):
        Interval(low=0.0, central=0.8, high=1.0, source="x", grade="judgement")  # lognormal needs > 0
    with pytest.raises(ValidationError):
        Interval(low=0.7, central=0.8, high=1.0, source="", grade="judgement")
    with pytest.raises(ValidationError):
        Interval(low=0.7, central=0.8, high=1.0, source="x", grade="anecdote")
    with pytest.raises(ValidationError):
        Interval(low=0.7, central=0.8, high=1.0, source="x", grade="judgement", colour="red")


def test_lever_assumptions_refuse_out_of_range_values():
    spec = raw("levers.yaml")["levers"]["falls_prevention"]
    LeverAssumptions.model_validate(spec)
    bad = {**spec, "max_uptake": {**spec["max_uptake"], "value": 1.5}}
    with pytest.raises(ValidationError, match="between 0 and 1"):
        LeverAssumptions.model_validate(bad)
    bad = {**spec, "risk_tiers": {**spec["risk_tiers"], "tiers": [{"share": 0.5, "relative_risk": 1.0}]}}
    with pytest.raises(ValidationError, match="add up to 1"):
        LeverAssumptions.model_validate(bad)
    with pytest.raises(ValidationError, match="exactly one"):
        LeverAssumptions.model_validate(
            {**spec, "staff": raw("levers.yaml")["levers"]["integrated_locality_teams"]["staff"]}
        )


def test_risk_tiers_are_served_highest_first_with_mean_risk_one():
    shares, risks = load_assumptions().levers["integrated_locality_teams"].risk_tiers.normalised()
    assert list(risks) == sorted(risks, reverse=True)
    assert sum(s * r for s, r in zip(shares, risks, strict=True)) == pytest.approx(1.0)


def test_locality_team_unit_cost_comes_from_staff_cost_and_caseload():
    cost = load_assumptions().levers["integrated_locality_teams"].cost_per_person()
    assert (cost.low, cost.central, cost.high) == pytest.approx((475, 550, 683))


def test_overrides_change_a_copy_and_are_checked():
    base = load_assumptions()
    o = AssumptionOverride.model_validate({
        "lever": "reablement", "unit_cost": {"low": 2000, "central": 2500, "high": 3000},
        "effects": [{"outcome": "emergency_admissions", "low": 0.8, "central": 0.9, "high": 1.0,
                     "source": "Local evaluation", "grade": "matched_control"}]})
    changed = apply_overrides(base, (o,))
    assert changed.levers["reablement"].unit_cost.central == 2500
    assert changed.effect("reablement", "emergency_admissions").source == "Local evaluation"
    assert base.levers["reablement"].unit_cost.central == 3000  # the library is untouched
    assert load_assumptions().effect("reablement", "emergency_admissions").central == 0.97
    with pytest.raises(ValidationError):
        AssumptionOverride.model_validate({"lever": "reablement", "max_uptake": {"value": 2}, "colour": 1})
    with pytest.raises(ValidationError):
        apply_overrides(base, (AssumptionOverride.model_validate({"lever": "carers", "max_uptake": {"value": 2}}),))


def test_unknown_stance_is_refused():
    with pytest.raises(ValueError, match="unknown evidence stance"):
        load_assumptions("optimistic")


def test_assumption_table_lists_every_figure_with_its_source():
    from scenarios.assumptions import assumption_table

    rows = assumption_table(load_assumptions("pilot"))
    assert all(r["source"] and r["grade_label"] for r in rows)
    assert {r["lever"] for r in rows} >= set(LEVERS) | {"baseline", "unit cost"}
    norfolk = [
        r
        for r in rows
        if r["lever"] == "integrated_locality_teams" and r["parameter"] == "effect (pilot): emergency admissions"
    ]
    assert norfolk and "Norfolk" in norfolk[0]["source"] and norfolk[0]["grade"] == "uncontrolled_pilot"


def test_assumption_table_names_every_figure_in_words():
    from scenarios.assumptions import assumption_table

    for stance in ("controlled", "pilot"):
        rows = assumption_table(load_assumptions(stance))
        assert not [r["parameter"] for r in rows if "_" in r["parameter"]]  # no key of the library's files
        assert not [r["lever_label"] for r in rows if "_" in r["lever_label"] or not r["lever_label"][0].isupper()]
        parameters = {r["parameter"] for r in rows}
        assert {"A&E attendance", "growth a year: population aged 65+", "cohort rate ratio: A&E attendances",
                "growth a year: emergency admissions rate"} <= parameters


def test_a_unit_cost_named_in_a_source_reads_as_the_assumptions_table_says_it():
    from budget.provenance import public
    from scenarios.assumptions import in_words

    costs = raw("unit_costs.yaml")["costs"]
    assert costs  # the library's unit costs, by key
    for key in costs:
        assert public(f"(unit_costs.yaml {key})") == f"(the model's unit costs: {in_words(key)})"
        assert public(f"in unit_costs.yaml ({key})") == f"in the model's unit costs ({in_words(key)})"
    assert in_words("home_care_hour") == "home-care hour"


def test_a_95_percent_interval_is_narrowed_to_80_percent_by_hand():
    # Keall et al.: rate ratio 0.67 (95% CI 0.51 to 0.95). On the log scale the half-widths are
    # ln 0.67 - ln 0.51 = 0.272867 and ln 0.95 - ln 0.67 = 0.349184; times 1.281552 / 1.959964 =
    # 0.653865 they are 0.178418 and 0.228319, so P10 = 0.67 x e^-0.178418 = 0.560517 and
    # P90 = 0.67 x e^0.228319 = 0.841846.
    e = Effect(low=0.51, central=0.67, high=0.95, interval=95, source="x", grade="judgement")
    assert (e.low, e.central, e.high) == pytest.approx((0.560517, 0.67, 0.841846), abs=2e-6)
    assert e.interval == 80
    assert (e.declared.low, e.declared.central, e.declared.high, e.declared.interval) == (0.51, 0.67, 0.95, 95)
    # normal: the same on the value itself. 10 (4 to 13): 10 - 6 x 0.653865 = 6.076810, 10 + 3 x 0.653865 = 11.961595
    n = Interval(low=4, central=10, high=13, distribution="normal", interval=95, source="x", grade="judgement")
    assert (n.low, n.central, n.high) == pytest.approx((6.076810, 10, 11.961595), abs=2e-6)
    # an 80% interval is used as given
    same = Interval(low=4, central=10, high=13, distribution="normal", source="x", grade="judgement")
    assert (same.low, same.high, same.declared) == (4, 13, None)


def test_narrowing_keeps_p10_and_p90_at_the_80_percent_points_of_the_same_distribution():
    # for a lognormal with the 95% interval's spread, P10 and P90 sit 1.2816 sd from the median
    from scipy.stats import norm

    e = Effect(low=0.5, central=0.8, high=1.1, interval=95, source="x", grade="judgement")
    sd_lo = (math.log(0.8) - math.log(0.5)) / norm.ppf(0.975)
    sd_hi = (math.log(1.1) - math.log(0.8)) / norm.ppf(0.975)
    assert e.low == pytest.approx(0.8 * math.exp(-norm.ppf(0.9) * sd_lo), rel=1e-12)
    assert e.high == pytest.approx(0.8 * math.exp(norm.ppf(0.9) * sd_hi), rel=1e-12)


def test_converted_figures_survive_a_round_trip_unchanged():
    for e in (Effect(low=0.51, central=0.67, high=0.95, interval=95, source="x", grade="judgement"),
              Effect(low=0.56, central=0.69, high=0.87, cohort_share=0.2, source="x", grade="judgement"),
              Effect(low=0.51, central=0.67, high=0.95, interval=95, cohort_share=0.5, source="x", grade="judgement")):
        again = Effect.model_validate(e.model_dump())
        assert again == e  # not narrowed or diluted a second time


def test_a_cohort_share_dilutes_the_effect_exactly_at_every_quantile():
    # Norfolk -31% kept to a fifth of the people served: 1 - 0.2 x (1 - rr)
    e = Effect(low=0.56, central=0.69, high=0.87, cohort_share=0.2, source="x", grade="judgement")
    assert (e.low, e.central, e.high) == pytest.approx((0.912, 0.938, 0.974), abs=1e-12)
    assert e.cohort_share is None and e.declared.cohort_share == 0.2
    # a share of one changes nothing; a 95% interval is narrowed first, then diluted
    whole = Effect(low=0.56, central=0.69, high=0.87, cohort_share=1.0, source="x", grade="judgement")
    assert (whole.low, whole.central, whole.high) == pytest.approx((0.56, 0.69, 0.87))
    both = Effect(low=0.51, central=0.67, high=0.95, interval=95, cohort_share=0.5, source="x", grade="judgement")
    assert (both.low, both.central, both.high) == pytest.approx((1 - 0.5 * (1 - 0.560517), 1 - 0.5 * 0.33,
                                                                  1 - 0.5 * (1 - 0.841846)), abs=2e-6)
    for bad in (0.0, -0.1, 1.5):
        with pytest.raises(ValidationError):
            Effect(low=0.56, central=0.69, high=0.87, cohort_share=bad, source="x", grade="judgement")


def test_a_diluted_effect_matches_serving_the_cohort_alone_in_the_engine_draws():
    # the engine draws P10 / median / P90 of a split lognormal exactly at low / central / high;
    # dilution is monotone, so the diluted interval's quantiles are the diluted quantiles
    import numpy as np

    from scenarios.sampling import draw as _draw

    raw_e = Effect(low=0.56, central=0.69, high=0.87, source="x", grade="judgement")
    diluted = Effect(low=0.56, central=0.69, high=0.87, cohort_share=0.3, source="x", grade="judgement")
    z = np.array([[-1.2815515655446004], [0.0], [1.2815515655446004]])
    a = _draw(z, [raw_e])[:, 0]
    b = _draw(z, [diluted])[:, 0]
    assert b == pytest.approx(1 - 0.3 * (1 - a), abs=1e-12)


def test_no_effect_still_uses_a_95_percent_interval_as_an_80_percent_one():
    for stance in ("controlled", "pilot"):
        for path, fig in _figures(raw(f"effects_{stance}.yaml")):
            text = str(fig.get("source", ""))
            assert "used as a wide 80% interval" not in text, path
            if "95% CI" in text and fig.get("interval") != 95:
                # a 95% interval may be quoted as evidence, but the figure's own ends are then not it
                assert (fig["low"], fig["high"]) != _ci_in(text), path


def _ci_in(text: str) -> tuple[float, float] | None:
    import re

    m = re.search(r"95% CI ([0-9.]+)-([0-9.]+)", text)
    return (float(m.group(1)), float(m.group(2))) if m else None


def test_effects_whose_central_is_a_judgement_are_graded_judgement():
    for stance in ("controlled", "pilot"):
        for lever, outcomes in raw(f"effects_{stance}.yaml")["effects"].items():
            for outcome, fig in outcomes.items():
                if fig["source"].lstrip().lower().startswith("judgement"):
                    assert fig["grade"] == "judgement" and fig["status"] == "J", (stance, lever, outcome)
    c = load_assumptions("controlled")
    assert c.effect("reablement", "home_care_hours").grade == "judgement"
    assert c.effect("assistive_technology", "emergency_admissions").grade == "judgement"
    assert c.effect("bed_based_intermediate_care", "emergency_admissions").grade == "judgement"
    assert "readmission" in c.effect("bed_based_intermediate_care", "emergency_admissions").source  # says why not


def test_home_adaptations_keep_the_minor_modifications_trial_out_of_the_controlled_stance():
    c, p = load_assumptions("controlled"), load_assumptions("pilot")
    dfg = c.effect("home_adaptations", "falls_admissions")
    keall = p.effect("home_adaptations", "falls_admissions")
    assert dfg.grade == "judgement" and "Keall" in dfg.source
    assert dfg.central > keall.central and dfg.high > keall.high  # weaker, closer to 1
    assert math.log(dfg.high / dfg.low) > math.log(keall.high / keall.low)  # and wider
    assert keall.declared.interval == 95 and keall.interval == 80


def test_delayed_discharge_is_an_effect_outcome_with_a_sourced_baseline():
    a = load_assumptions()
    assert "delayed_discharge_days" in EFFECT_OUTCOMES
    b = a.baseline
    assert b.rates_per_100k_65_plus["delayed_discharge_days"].value > 0
    assert 0 < b.mitigable_share["delayed_discharge_days"].value <= 1
    assert b.mean_discharge_delay_days.value == 1.3
    assert b.growth_per_year.rate("delayed_discharge_days") == 0.0
    # the rate is about 13,000 delayed beds a day x 365 x 0.8 aged 65+ over ~10.8m people aged 65+
    assert b.rates_per_100k_65_plus["delayed_discharge_days"].value == pytest.approx(
        13_000 * 365 * 0.8 / 10_464_019 / 1.018**2 * 1e5, rel=0.02)
    acting = {lever for lever, eff in a.effects.items() if "delayed_discharge_days" in eff}
    assert acting == {"discharge_support", "reablement", "bed_based_intermediate_care"}
    for lever in acting:
        e = a.effect(lever, "delayed_discharge_days")
        assert e.grade == "judgement" and e.high <= 1.0
        assert "delayed_discharge_days" in a.levers[lever].cohort_rate_ratio


def test_care_home_admissions_baseline_is_not_the_pandemic_year():
    r = load_assumptions().baseline.rates_per_100k_65_plus["care_home_admissions"]
    assert r.value == 584 and "2019-20" in r.source and "498.2" in r.source


def test_assumption_table_shows_figures_as_their_sources_gave_them_and_context():
    from scenarios.assumptions import assumption_table

    rows = {(r["lever"], r["parameter"]): r for r in assumption_table(load_assumptions("pilot"))}
    norfolk = rows[("integrated_locality_teams", "effect (pilot): emergency admissions")]
    assert norfolk["as_declared"] == "0.69 (0.56 to 0.87), 80% interval, applied to 20% of the people served"
    assert "Public Accounts Committee" in norfolk["context"]
    keall = rows[("home_adaptations", "effect (pilot): falls admissions")]
    assert keall["as_declared"] == "0.67 (0.51 to 0.95), 95% interval"
    assert rows[("reablement", "unit cost")]["as_declared"] == ""


def test_stance_labels_come_from_the_stance_files():
    from scenarios.assumptions import STANCES, stance_label  # noqa: PLC0415

    for s in STANCES:
        assert stance_label(s) == raw(f"effects_{s}.yaml")["label"] == load_assumptions(s).stance_label
