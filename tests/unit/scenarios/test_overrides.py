"""scenarios.overrides: a scenario's changes to the assumption library, each re-validated."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scenarios.assumptions import USER_SOURCE, load_assumptions
from scenarios.overrides import AssumptionOverride, apply_overrides

LIB = load_assumptions("controlled")


def override(**kw):
    return AssumptionOverride.model_validate({"lever": "reablement", **kw})


def test_no_overrides_is_the_library_itself():
    assert apply_overrides(LIB, ()) is LIB


def test_an_override_without_a_source_is_the_authors_judgement():
    o = override(max_uptake={"value": 0.4})
    assert o.max_uptake.source == USER_SOURCE == "Set in the scenario by its author"
    assert o.max_uptake.grade == "judgement"


def test_uptake_and_eligibility_are_changed_and_the_library_left_alone():
    before = LIB.levers["reablement"].max_uptake.value
    got = apply_overrides(LIB, (override(max_uptake={"value": 0.4}, eligible_share_65_plus={"value": 0.02}),))
    assert got.levers["reablement"].max_uptake.value == 0.4
    assert got.levers["reablement"].eligible_share_65_plus.value == 0.02
    assert got.levers["falls_prevention"] == LIB.levers["falls_prevention"]
    assert LIB.levers["reablement"].max_uptake.value == before


def test_a_unit_cost_replaces_a_staff_cost():
    got = apply_overrides(LIB, (override(unit_cost={"low": 500, "central": 800, "high": 1200}),))
    la = got.levers["reablement"]
    assert la.staff is None
    assert (la.cost_per_person().low, la.cost_per_person().central, la.cost_per_person().high) == (500, 800, 1200)


def test_an_effect_and_a_cohort_ratio_for_one_outcome():
    got = apply_overrides(LIB, (override(
        effects=[{"outcome": "care_home_admissions", "low": 0.6, "central": 0.8, "high": 0.95}],
        cohort_rate_ratio=[{"outcome": "care_home_admissions", "value": 2.5}]),))
    e = got.effect("reablement", "care_home_admissions")
    assert (e.low, e.central, e.high, e.source) == (0.6, 0.8, 0.95, USER_SOURCE)
    assert got.levers["reablement"].cohort_rate_ratio["care_home_admissions"].value == 2.5
    # other outcomes keep the library's ratios
    for outcome, r in LIB.levers["reablement"].cohort_rate_ratio.items():
        if outcome != "care_home_admissions":
            assert got.levers["reablement"].cohort_rate_ratio[outcome] == r


@pytest.mark.parametrize("field, value, message", [
    ("max_uptake", 1.5, "max_uptake must lie between 0 and 1, got 1.5"),
    ("eligible_share_65_plus", -0.1, "eligible_share_65_plus must lie between 0 and 1, got -0.1"),
])
def test_an_override_cannot_put_a_value_out_of_range(field, value, message):
    with pytest.raises(ValidationError, match=message):
        apply_overrides(LIB, (override(**{field: {"value": value}}),))


def test_a_negative_cohort_ratio_is_refused():
    with pytest.raises(ValidationError, match="cohort rate ratio for falls_admissions must not be negative"):
        apply_overrides(LIB, (override(cohort_rate_ratio=[{"outcome": "falls_admissions", "value": -1}]),))


def test_an_unknown_lever_is_refused():
    with pytest.raises(ValidationError):
        AssumptionOverride.model_validate({"lever": "magic"})
