"""One set of figures: a line's lever is the same in every table and in the model, and spend after a
scenario's changes comes from one function."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.reference import LEVER_LABELS, LEVERS, load_reference
from budget.summary import lines_frame, spend_by
from scenarios.schema import Scenario, ScenarioError
from scenarios.spend import build_spend, spend_by_lever, spend_by_locality

OLD_NAME = "Reablement in a Person's Own Home"  # the 2026-27 "Home-based intermediate care services", renamed


def aliased_plan():
    """The demo plan with its home-based intermediate care lines written under the type's former name."""
    plan = demo_plan()
    lines = tuple(x.model_copy(update={"scheme_type": OLD_NAME})
                  if x.scheme_type == "Home-based intermediate care services" else x for x in plan.lines)
    return plan.model_copy(update={"lines": lines})


def mixed_scenario() -> Scenario:
    """A share move, a locality move, an added line, a removed line and a move from year 2."""
    return Scenario.model_validate({"name": "Mixed", "horizon_years": 3, "changes": [
        {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "share": 0.5},
        {"kind": "move", "from": {"lever": "integrated_locality_teams", "locality": "Riverside"},
         "to": {"locality": "Southbay"}, "amount_gbp": 200_000},
        {"kind": "add_line", "scheme_id": "NEW1", "lever": "falls_prevention", "amount_gbp": 150_000,
         "locality": "Eastfield"},
        {"kind": "remove_line", "scheme_id": "NB01"},
        {"kind": "move", "from": {"lever": "assistive_technology"}, "to": {"lever": "care_home_support"},
         "amount_gbp": 100_000, "from_year": 2},
    ]})


def test_a_line_written_with_a_former_name_has_one_lever_everywhere():
    plan = aliased_plan()
    ref = load_reference(plan.year)
    assert ref.line_lever(OLD_NAME, "Reablement at home (to support discharge)") == "reablement"
    frame = lines_frame(plan)
    old = frame[frame["Scheme type"] == OLD_NAME]
    assert len(old) == 18 and set(old["Lever"]) == {LEVER_LABELS["reablement"]}
    # the table of spend by lever and the model's spend by lever agree, line for line
    table = spend_by(plan, "Lever").set_index("Lever")["Expenditure (£)"]
    model = spend_by_lever(plan)
    for lever in LEVERS:
        assert table.get(LEVER_LABELS[lever], 0.0) == pytest.approx(model[lever])
    # and the former name gives the same figures as the year's own name
    assert model == pytest.approx(spend_by_lever(demo_plan()))
    assert model["reablement"] > 0


def test_an_unknown_scheme_type_has_no_modelled_effect():
    ref = load_reference("2026-27")
    assert ref.line_lever("Not a scheme type", "Falls prevention") == "none"
    assert ref.line_lever("", "") == "none"
    assert ref.line_lever("prevention / early INTERVENTION", "falls prevention") == "falls_prevention"


def test_spend_after_changes_adds_up():
    plan, scenario = demo_plan(), mixed_scenario()
    added = 150_000
    removed = sum(x.amount for x in plan.lines if x.scheme_id == "NB01")
    assert removed > 0
    for year in range(3):
        by_lever = spend_by_lever(plan, scenario, year)
        by_locality = spend_by_locality(plan, scenario, year)
        assert list(by_lever) == list(LEVERS)
        assert list(by_locality) == [loc.name for loc in plan.localities]
        assert sum(by_lever.values()) == pytest.approx(plan.total_expenditure + added - removed)
        assert sum(by_locality.values()) == pytest.approx(plan.total_expenditure + added - removed)
        # the same figures as the model's own spend array
        total = build_spend(plan, scenario).total[year]
        assert [by_lever[lv] for lv in LEVERS] == pytest.approx(list(total.sum(axis=1)))


def test_each_kind_of_change_shows_in_the_figures():
    plan, scenario = demo_plan(), mixed_scenario()
    before = spend_by_lever(plan)
    y1, y2 = spend_by_lever(plan, scenario, 0), spend_by_lever(plan, scenario, 1)
    # half the carers spend left; NB01 (reablement) was removed; the added line is falls prevention
    assert y1["carers"] == pytest.approx(before["carers"] / 2)
    nb01 = sum(x.amount for x in plan.lines if x.scheme_id == "NB01")
    assert y1["reablement"] == pytest.approx(before["reablement"] - nb01 + before["carers"] / 2)
    assert y1["falls_prevention"] == pytest.approx(before["falls_prevention"] + 150_000)
    # the move from year 2 leaves year 1 alone
    assert y1["assistive_technology"] == pytest.approx(before["assistive_technology"])
    assert y2["assistive_technology"] == pytest.approx(before["assistive_technology"] - 100_000)
    assert y2["care_home_support"] == pytest.approx(y1["care_home_support"] + 100_000)
    # the locality move: £200,000 from Riverside to Southbay, on top of the other changes
    without = scenario.model_copy(update={"changes": tuple(c for i, c in enumerate(scenario.changes) if i != 1)})
    loc_with, loc_without = spend_by_locality(plan, scenario), spend_by_locality(plan, without)
    assert loc_with["Riverside"] == pytest.approx(loc_without["Riverside"] - 200_000)
    assert loc_with["Southbay"] == pytest.approx(loc_without["Southbay"] + 200_000)
    assert spend_by_lever(plan, scenario) == pytest.approx(spend_by_lever(plan, without))


def test_a_year_outside_the_horizon_is_refused():
    with pytest.raises(ScenarioError, match="outside the scenario's 3-year horizon"):
        spend_by_lever(demo_plan(), mixed_scenario(), 3)
