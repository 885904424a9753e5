"""The register of outcomes: every list and label derived from it, and an outcome added in one place."""

from __future__ import annotations

import numpy as np
import pytest

from budget.demo import demo_plan
from scenarios import engine, summary, views
from scenarios import outcomes as oc
from scenarios.cli.summary_json import summary_json
from scenarios.outcomes import Outcome
from scenarios.schema import Scenario

# an outcome that exists only in this test: A&E attendances and falls admissions avoided, counted together
EXTRA = Outcome("ae_and_falls_avoided", "A&E attendances and falls admissions avoided (test)", "events",
                short="A&E and falls (test)", includes=("ae_attendances", "falls_admissions"), gains="nhs",
                shown={"headline": 9, "return": 0, "pool": 0})


def test_the_register_is_the_ordered_list_of_outcomes():
    assert oc.OUTCOMES == tuple(o.name for o in oc.REGISTER)
    assert oc.OUTCOMES[0] == "people_served" and oc.OUTCOMES[-1] == "net_saving_gbp"
    assert oc.OUTCOME_INDEX == {name: i for i, name in enumerate(oc.OUTCOMES)}
    assert engine.OUTCOMES is oc.OUTCOMES and summary.OUTCOMES is oc.OUTCOMES


def test_each_effect_outcome_is_counted_as_its_own_by_one_outcome():
    assert set(oc.AVOIDED) == set(oc.EFFECT_OUTCOMES)
    assert oc.AVOIDED["delayed_discharge_days"] == "delayed_discharge_days_avoided"
    assert oc.AVOIDED["home_care_hours"] == "home_care_hours_saved"
    # emergency admissions include falls admissions
    assert oc.BY_NAME["emergency_admissions_avoided"].counts == ("emergency_admissions", "falls_admissions")
    assert oc.BY_NAME["bed_days_saved"].counts == ()


def test_sections_keep_their_order():
    assert oc.HEADLINE_OUTCOMES == ("emergency_admissions_avoided", "bed_days_saved", "ae_attendances_avoided",
                                    "care_home_admissions_avoided", "home_care_hours_saved",
                                    "delayed_discharge_days_avoided")
    # the whole pool's net saving is not compared: what the changes are worth is their net present value
    # (summary.value_of_changes), which the comparisons show in its own row
    assert oc.COMPARE_OUTCOMES == oc.HEADLINE_OUTCOMES
    assert oc.CHANGE_OUTCOMES == tuple(o for o in oc.HEADLINE_OUTCOMES if o != "ae_attendances_avoided")
    assert oc.POOL_OUTCOMES == ("people_served", *oc.CHANGE_OUTCOMES)
    assert oc.LOCALITY_OUTCOMES == ("emergency_admissions_avoided", "care_home_admissions_avoided", "net_saving_gbp",
                                    "home_care_hours_saved")
    assert oc.RESULT_OUTCOMES[-2:] == ("gross_saving_gbp", "net_saving_gbp")
    assert "falls_admissions_avoided" in oc.RESULT_OUTCOMES
    assert views.HEADLINE_OUTCOMES == oc.HEADLINE_OUTCOMES  # the name the board pack reads


def test_one_label_of_each_kind_per_outcome():
    name = "delayed_discharge_days_avoided"
    assert oc.outcome_label(name) == views.label(name) == "Bed days of delayed discharge avoided (65+)"
    assert oc.short_label(name) == views.short_label(name) == "Delayed-discharge days avoided"
    assert oc.BY_NAME[name].report_label == "Delayed-discharge bed days avoided"
    assert oc.short_label("falls_admissions_avoided") == oc.outcome_label("falls_admissions_avoided")  # no short one
    assert oc.outcome_label("not_an_outcome") == "not_an_outcome"
    assert set(oc.EFFECT_LABELS) == set(oc.EFFECT_OUTCOMES)  # the tornado names every effect, delayed discharge too


def test_money_who_gains_and_what_is_better():
    assert [o.name for o in oc.REGISTER if o.money] == [n for n in oc.OUTCOMES if n.endswith("_gbp")]
    assert oc.is_money("net_saving_gbp") and not oc.is_money("bed_days_saved")
    assert oc.SAVINGS_BY_GAINER == {"nhs": "non_cashable_saving_gbp", "council": "cashable_saving_gbp"}
    assert oc.HIGHER_IS_WORSE == frozenset({"spend_gbp"})
    assert {o.unit_cost for o in oc.REGISTER if o.unit_cost} == {
        "emergency_admission", "ae_attendance", "care_home_admission_avoided", "home_care_hour", "delayed_bed_day"}


@pytest.mark.parametrize(("bad", "message"), [
    (Outcome("people_served", "Twice", "people"), "named twice"),
    (Outcome("x_avoided", "X", "events", effect="not_an_effect"), "unknown effect"),
    (Outcome("x_avoided", "X", "events", effect="ae_attendances"), "same effect outcome"),
    (Outcome("x_avoided", "X", "events", gains="everyone"), "who gains"),  # type: ignore[arg-type]
])
def test_a_bad_register_is_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        oc.check_register((*oc.REGISTER, bad))


def test_an_added_outcome_appears_in_every_list_derived_from_the_register():
    register = (*oc.REGISTER, EXTRA)
    oc.check_register(register)
    assert oc.outcome_names(register)[-1] == "ae_and_falls_avoided"
    assert oc.section("headline", register) == (*oc.HEADLINE_OUTCOMES, "ae_and_falls_avoided")
    assert oc.section("return", register) == (*oc.RESULT_OUTCOMES, "ae_and_falls_avoided")
    assert oc.section("pool", register)[-1] == "ae_and_falls_avoided"
    assert oc.section("change", register) == oc.CHANGE_OUTCOMES
    assert oc.labels(register)["ae_and_falls_avoided"] == EXTRA.label
    assert oc.short_labels(register)["ae_and_falls_avoided"] == "A&E and falls (test)"
    k = len(oc.REGISTER)
    ae, falls = oc.EFFECT_OUTCOMES.index("ae_attendances"), oc.EFFECT_OUTCOMES.index("falls_admissions")
    assert oc.counted(register)[-1] == (k, (ae, falls))
    assert oc.avoided_by_effect(register) == oc.AVOIDED  # it counts no effect outcome as its own


def test_an_added_outcome_is_computed_summarised_and_written_to_json(monkeypatch):
    register = (*oc.REGISTER, EXTRA)
    names = oc.outcome_names(register)
    for module in (engine, summary, views):
        monkeypatch.setattr(module, "OUTCOMES", names)
    monkeypatch.setattr(engine, "OUTCOME_INDEX", {n: i for i, n in enumerate(names)})
    monkeypatch.setattr(engine, "COUNTED", oc.counted(register))
    results = engine.run(Scenario(runs=20, horizon_years=2), demo_plan())
    assert results.outcomes == names
    added = results.outcome("ae_and_falls_avoided")
    assert np.array_equal(
        added, results.outcome("ae_attendances_avoided") + results.outcome("falls_admissions_avoided")
    )
    assert added.sum() > 0
    s = summary.summarise(results)
    assert s.stat("ae_and_falls_avoided")["p50"] > 0
    out = summary_json(s)
    assert "ae_and_falls_avoided" in out["outcomes"]
    assert out["change_vs_plan"]["outcomes"]["ae_and_falls_avoided"]["p50"] == 0  # the plan has no changes
    # the unit costs a Summary reports are those the register names
    assert set(s.settings.unit_costs_gbp) == {o.unit_cost for o in oc.REGISTER if o.unit_cost}
