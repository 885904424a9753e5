"""The assumption library: every figure sourced and graded, values in range, stances consistent."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from pydantic import ValidationError

from budget.reference import LEVERS
from scenarios.assumptions import (
    EFFECT_OUTCOMES,
    AssumptionOverride,
    Interval,
    LeverAssumptions,
    apply_overrides,
    load_assumptions,
)

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
        found += 1
        assert str(fig.get("source", "")).strip(), f"{name}: {path} has no source"
        assert fig.get("grade") in GRADES, f"{name}: {path} has no evidence grade (got {fig.get('grade')!r})"
    assert found > 3


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
    assert costs.emergency_admission.value == 2711
    assert costs.ae_attendance.value == 280
    assert costs.home_care_hour.value == 28.53
    assert costs.emergency_admission.kind == "non_cashable" and costs.home_care_hour.kind == "cashable"
    assert "2024/25" in costs.emergency_admission.source
    assert load_assumptions().unit_costs.prices == "2024/25"


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
    assert p.effect("integrated_locality_teams", "emergency_admissions").central == pytest.approx(0.69)  # Norfolk -31%
    assert p.effect("integrated_locality_teams", "ae_attendances").central == pytest.approx(0.85)  # Birmingham -15%
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
        LeverAssumptions.model_validate({**spec, "staff": raw("levers.yaml")["levers"]["integrated_locality_teams"]["staff"]})


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
    norfolk = [r for r in rows if r["lever"] == "integrated_locality_teams" and r["parameter"] == "effect (pilot): emergency_admissions"]
    assert norfolk and "Norfolk" in norfolk[0]["source"] and norfolk[0]["grade"] == "uncontrolled_pilot"
