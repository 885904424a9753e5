"""scenarios.assumption_files: the assumption library's files as checked models, the shipped files included."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from budget.reference import LEVERS
from scenarios.assumption_files import (
    BaselineFile,
    Decay,
    LeverAssumptions,
    LeverFile,
    RampUp,
    RiskTiers,
    StanceFile,
    UnitCostFile,
)
from tests.unit.scenarios.small_plans import raw

SRC = {"source": "s", "grade": "judgement"}


@pytest.mark.parametrize("name, model", [("levers.yaml", LeverFile), ("baseline.yaml", BaselineFile),
                                         ("unit_costs.yaml", UnitCostFile), ("effects_controlled.yaml", StanceFile),
                                         ("effects_pilot.yaml", StanceFile)])
def test_the_shipped_files_pass(name, model):
    model.model_validate(raw(name))


def test_risk_tiers_are_sorted_by_risk_and_rescaled_to_a_mean_of_one():
    tiers = RiskTiers(tiers=[{"share": 0.5, "relative_risk": 0.2}, {"share": 0.5, "relative_risk": 1.8}], **SRC)
    assert tiers.normalised() == ((0.5, 0.5), (1.8, 0.2))
    # mean 0.25 x 4 + 0.75 x 2 = 2.5: risks 1.6 and 0.8
    shares, risks = RiskTiers(tiers=[{"share": 0.25, "relative_risk": 4}, {"share": 0.75, "relative_risk": 2}],
                              **SRC).normalised()
    assert shares == (0.25, 0.75) and risks == pytest.approx((1.6, 0.8))


def test_risk_tier_shares_must_add_up_to_one():
    with pytest.raises(ValidationError, match="risk tier shares must add up to 1, got 0.9"):
        RiskTiers(tiers=[{"share": 0.5, "relative_risk": 1}, {"share": 0.4, "relative_risk": 1}], **SRC)


def test_ramp_up_share_by_year_and_its_limits():
    r = RampUp(profile=[0.25, 0.5, 1.0], **SRC)
    assert [r.share(y) for y in (-2, 0, 1, 2, 7)] == [0.25, 0.25, 0.5, 1.0, 1.0]
    with pytest.raises(ValidationError, match="ramp-up shares must lie between 0 and 1"):
        RampUp(profile=[0.5, 1.2], **SRC)
    with pytest.raises(ValidationError, match="ramp-up shares must not fall from one year to the next"):
        RampUp(profile=[0.5, 0.4], **SRC)


def test_decay_is_a_share():
    with pytest.raises(ValidationError):
        Decay(retained_per_year=1.1, **SRC)


def lever(**changes):
    data = copy.deepcopy(raw("levers.yaml")["levers"]["reablement"])
    data.update(changes)
    return data


def test_a_lever_has_exactly_one_way_of_costing():
    base = lever()
    both = {**base, "unit_cost": {"low": 1, "central": 2, "high": 3, **SRC}}
    neither = {k: v for k, v in base.items() if k not in ("unit_cost", "staff")}
    for data in (both, neither) if "staff" in base else (neither,):
        with pytest.raises(ValidationError, match="give exactly one of unit_cost or staff"):
            LeverAssumptions.model_validate(data)


def test_staff_cost_per_person_is_cost_per_fte_over_people_per_fte():
    la = LeverAssumptions.model_validate(raw("levers.yaml")["levers"]["discharge_support"])
    c = la.cost_per_person()
    # 58,000 a year per FTE over 150 people each (the library's figures, read in the engine's tests)
    assert c.central == pytest.approx(58_000 / 150)
    assert c.unit.endswith("÷ 150 people per FTE)")


def test_a_share_out_of_range_is_refused():
    with pytest.raises(ValidationError, match="max_uptake must lie between 0 and 1, got 2"):
        LeverAssumptions.model_validate(lever(max_uptake={"value": 2, **SRC}))


def test_a_missing_lever_is_named():
    data = raw("levers.yaml")
    del data["levers"][LEVERS[0]]
    with pytest.raises(ValidationError, match=f"levers missing from the assumption file: {LEVERS[0]}"):
        LeverFile.model_validate(data)


def test_an_unknown_key_is_refused():
    data = raw("levers.yaml")
    data["levers"]["reablement"]["colour"] = "blue"
    with pytest.raises(ValidationError, match="colour"):
        LeverFile.model_validate(data)


def test_baseline_needs_every_outcome_and_mitigable_shares_in_range():
    data = raw("baseline.yaml")
    del data["mitigable_share"]["home_care_hours"]
    with pytest.raises(ValidationError, match="mitigable_share: missing home_care_hours"):
        BaselineFile.model_validate(data)
    data = raw("baseline.yaml")
    data["mitigable_share"]["falls_admissions"]["value"] = 1.5
    with pytest.raises(ValidationError, match="mitigable share for falls_admissions must lie between 0 and 1"):
        BaselineFile.model_validate(data)


def test_growth_rate_by_outcome():
    b = BaselineFile.model_validate(raw("baseline.yaml"))
    assert b.growth_per_year.rate("emergency_admissions") == 0.01
    assert b.growth_per_year.rate("falls_admissions") == 0.0


def test_unit_costs_are_at_the_librarys_one_price_year():
    u = UnitCostFile.model_validate(raw("unit_costs.yaml"))
    c = u.costs
    weeks = c.care_home_weeks_per_admission_avoided.value
    assert c.care_home_admission == pytest.approx(c.care_home_week.value * weeks)
    assert c.emergency_admission.in_pounds and not c.care_home_weeks_per_admission_avoided.in_pounds
    data = raw("unit_costs.yaml")
    data["prices"] = "2019/20"
    with pytest.raises(ValidationError, match=r"costs\.\w+: price year \d{4}-\d{2} is not the library's 2019-20"):
        UnitCostFile.model_validate(data)
