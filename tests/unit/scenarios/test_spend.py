"""One set of figures: a line's lever is the same in every table and in the model, and spend after a
scenario's changes comes from one function."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.plan_frames import lines_frame, spend_by
from budget.reference import LEVER_LABELS, LEVERS, load_reference
from scenarios.schema import Scenario, ScenarioError
from scenarios.spend import build_spend, spend_by_lever, spend_by_locality, vintages
from tests.unit.scenarios.examples import mixed_scenario

OLD_NAME = "Reablement in a Person's Own Home"  # the 2026-27 "Home-based intermediate care services", renamed


def aliased_plan():
    """The demo plan with its home-based intermediate care lines written under the type's former name."""
    plan = demo_plan()
    lines = tuple(x.model_copy(update={"scheme_type": OLD_NAME})
                  if x.scheme_type == "Home-based intermediate care services" else x for x in plan.lines)
    return plan.model_copy(update={"lines": lines})


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


# ---- cohorts: by when a lever's level of spend in a locality was reached, not by which line holds it --------

def test_the_plan_as_submitted_has_its_existing_lines_in_cohort_0_and_its_new_lines_in_cohort_1():
    plan = demo_plan()
    spend = build_spend(plan, Scenario(horizon_years=3)).spend
    lever_of = load_reference(plan.year).line_lever
    existing = sum(
        x.amount for x in plan.lines if x.new_existing != "New" and lever_of(x.scheme_type, x.sub_type) != "none"
    )
    new = sum(x.amount for x in plan.lines if x.new_existing == "New" and lever_of(x.scheme_type, x.sub_type) != "none")
    none = LEVERS.index("none")
    modelled = np.delete(spend, none, axis=2)
    assert modelled[0].sum(axis=(1, 2)).tolist() == pytest.approx([existing] * 3)
    assert modelled[1].sum(axis=(1, 2)).tolist() == pytest.approx([new] * 3)
    assert not spend[2:].any()


def test_money_moved_out_of_a_lever_and_back_in_again_gives_the_plans_own_spend_bit_for_bit():
    plan = demo_plan()
    plain = build_spend(plan, Scenario()).spend
    trusted_assessors = next(x.amount for x in plan.lines if x.scheme_id == "NB14")
    for changes in (
        # from a lever to itself
        [
            {
                "kind": "move",
                "from": {"lever": "integrated_locality_teams"},
                "to": {"lever": "integrated_locality_teams"},
                "amount_gbp": 1_000_000,
            }
        ],
        # out of a scheme (reablement in six localities) through another lever and back, from year 2
        [
            {"kind": "move", "from": {"scheme_id": "NB01"}, "to": {"lever": "carers"}, "share": 0.3, "from_year": 2},
            {
                "kind": "move",
                "from": {"scheme_id": "NB01>moved"},
                "to": {"lever": "reablement"},
                "share": 1.0,
                "from_year": 2,
            },
        ],
        # out of an area-wide line to spend with no modelled effect and back to the line, from year 4
        [
            {
                "kind": "move",
                "from": {"scheme_id": "NB09"},
                "to": {"lever": "none"},
                "amount_gbp": 250_000,
                "from_year": 4,
            },
            {
                "kind": "move",
                "from": {"scheme_id": "NB09>moved"},
                "to": {"scheme_id": "NB09"},
                "share": 1.0,
                "from_year": 4,
            },
        ],
        # a line removed and another of the same size added to the same lever, area-wide, in the same year
        [
            {"kind": "remove_line", "scheme_id": "NB14", "from_year": 3},
            {
                "kind": "add_line",
                "scheme_id": "NB14-2",
                "lever": "discharge_support",
                "from_year": 3,
                "amount_gbp": trusted_assessors,
            },
        ],
    ):
        assert np.array_equal(build_spend(plan, Scenario(name="Out and back", changes=changes)).spend, plain)


def test_cohorts_follow_a_levers_spend_through_cuts_rises_and_breaks():
    # one lever in one locality: established £10, then the spend by year below
    total = np.array([12.0, 9.0, 11.0, 0.0, 11.0, 13.0, 14.0])[:, None]
    established = np.full_like(total, 10.0)
    out = vintages(total, established)[..., 0]  # (cohort, year)
    assert out.sum(axis=0).tolist() == pytest.approx(total[:, 0].tolist())
    assert out[0].tolist() == [10.0, 9.0, 9.0, 0.0, 0.0, 0.0, 0.0]  # a cut lowers the established level for good
    assert out[1].tolist() == [2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]  # £2 above it from year 1, gone in the cut
    assert out[3].tolist() == [0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0]  # £2 more from year 3, until the break
    assert out[5].tolist() == [0.0, 0.0, 0.0, 0.0, 11.0, 11.0, 11.0]  # after a break, all of it is new again
    assert out[6].tolist() == [0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 2.0]
    assert out[7].tolist() == [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    # an established line starting in year 3 raises the established level from then
    later = established + np.array([0, 0, 5.0, 5, 5, 5, 5])[:, None]
    out = vintages(np.array([10.0, 10, 15, 15, 15, 15, 15])[:, None], later)[..., 0]
    assert out[0].tolist() == [10.0, 10.0, 15.0, 15.0, 15.0, 15.0, 15.0] and not out[1:].any()


@settings(max_examples=200, deadline=None)
@given(total=st.lists(st.floats(0, 1e7), min_size=1, max_size=5), established=st.floats(0, 1e7),
       later=st.floats(0, 1e7), start=st.integers(1, 5))
def test_cohorts_add_up_stack_in_order_and_never_start_before_their_year(total, established, later, start):
    t = np.array(total)[:, None]
    e = np.full_like(t, established) + later * (np.arange(len(t)) >= start)[:, None]
    out = vintages(t, e)[..., 0]
    assert out.sum(axis=0) == pytest.approx(t[:, 0], rel=1e-12, abs=1e-6)
    assert np.all(out >= 0)
    for c in range(2, len(out)):
        assert not out[c, : c - 1].any()  # cohort c starts in year c
    # more spend in any year never makes any layer of money younger: the spend at full effect, and the
    # spend reached by each year, never fall
    more = vintages(t + np.eye(len(t))[:, [0]] * 1_000, e)[..., 0]
    assert np.all(np.cumsum(more, axis=0) >= np.cumsum(out, axis=0) - 1e-6)


def test_people_per_pound_is_the_plans_own_mix_run_by_run():
    from scenarios.spend import StatedOutputs  # noqa: PLC0415

    # lever 0: £100 stating 4 people and £50 unstated; lever 1: no spend; two localities
    stated = StatedOutputs(spend=np.array([[100.0, 0.0], [0.0, 0.0]]), people=np.array([[4.0, 0.0], [0.0, 0.0]]),
                           plan_spend=np.array([[150.0, 30.0], [0.0, 0.0]]), lines=())
    unit_cost = np.array([[25.0, 10.0], [50.0, 20.0], [10.0, 5.0]])  # (run, lever)
    got = stated.people_per_pound(unit_cost)
    assert got.shape == (3, 2, 2)
    for r, (uc0, uc1) in enumerate(unit_cost):
        assert got[r, 0, 0] == pytest.approx((4.0 + 50.0 / uc0) / 150.0, rel=1e-15)
        assert got[r, 0, 1] == pytest.approx(1.0 / uc0, rel=1e-15)  # all £30 unstated: the unit cost alone
        assert got[r, 1].tolist() == [1.0 / uc1, 1.0 / uc1]  # no spend: the unit cost
