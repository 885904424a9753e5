"""scenarios.store_submitted: the plan as submitted, kept as a read-only record, on a real SQLite store."""

from __future__ import annotations

import datetime as dt

import pytest

from budget.demo import demo_plan
from budget.submission import Assurance, GoalSetting, Signatory, Submission
from scenarios.schema import MoveSpend, Scenario
from scenarios.store import Store
from scenarios.store_records import StoreError

MOVE = MoveSpend.model_validate({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                 "to": {"lever": "reablement"}, "amount_gbp": 1_000_000})


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 's.sqlite'}", user="alice")


def _submission(name: str = "A. Chief") -> Submission:
    goal = GoalSetting(metric="emergency_admissions_65_plus", value=1500.0, rationale="fewer falls")
    return Submission(goals=(goal,),
                      assurance=(Assurance(condition="NC1", statement="Agreed by the board", status="Met"),),
                      sign_off=(Signatory(role="Section 151 officer", organisation="Council", name=name),))


def _lever_total(plan, lever_words: str) -> float:
    return sum(x.amount for x in plan.lines if lever_words in x.scheme_type.lower())


def test_a_submitted_record_keeps_the_plan_the_scenario_and_who_marked_it(store):
    plan = demo_plan()
    store.save("Final", Scenario(changes=(MOVE,), submission=_submission()), base_plan=plan,
               viewer="ann@council.gov.uk")
    r = store.submit("Final", viewer="ann@council.gov.uk")
    assert (r.name, r.number, r.scenario_version, r.submitted_by) == ("Final", 1, 1, "ann@council.gov.uk")
    assert (r.area_code, r.area_name, r.year) == (plan.area.code, plan.area.name, plan.year)
    assert r.base_plan == plan and r.submission == _submission()
    assert r.submitted_at.utcoffset() == dt.timedelta(0)  # when it was marked, in UTC, on SQLite as on PostgreSQL
    assert abs(dt.datetime.now(dt.UTC) - r.submitted_at) < dt.timedelta(minutes=5)
    # the plan as submitted has the move written into its lines: the same total, £1m away from the plan's lines
    assert sum(x.amount for x in r.plan.lines) == pytest.approx(sum(x.amount for x in plan.lines), abs=0.01)
    moved = sum(abs(a.amount - b.amount) for a, b in zip(plan.lines, r.plan.lines, strict=False))
    moved += sum(x.amount for x in r.plan.lines[len(plan.lines):])
    assert moved == pytest.approx(2_000_000, abs=0.01)
    assert store.open_submitted("Final") == r
    assert store.submit("Final", author="bob").submitted_by == "bob"  # at the command line: the named author


def test_a_scenario_without_changes_is_submitted_with_its_own_plan(store):
    store.save("Plain", Scenario(), base_plan=demo_plan())
    assert store.submit("Plain").plan == demo_plan()


def test_later_saves_never_change_a_record_and_a_resubmission_is_a_new_one(store):
    store.save("Final", Scenario(submission=_submission()), base_plan=demo_plan())
    first = store.submit("Final")
    store.save("Final", Scenario(seed=9, submission=_submission("B. Other")), base_version=1)
    assert store.open_submitted("Final", 1) == first
    second = store.submit("Final")
    assert (second.number, second.scenario_version) == (2, 2)
    assert second.submission.sign_off[0].name == "B. Other" and first.submission.sign_off[0].name == "A. Chief"
    assert [(x.name, x.number) for x in store.submitted()] == [("Final", 2), ("Final", 1)]
    assert store.open_submitted("Final") == second and store.open_submitted("Final", 1) == first


def test_an_earlier_version_can_be_marked(store):
    store.save("Final", Scenario(seed=1), base_plan=demo_plan())
    store.save("Final", Scenario(seed=2), base_version=1)
    r = store.submit("Final", 1)
    assert (r.scenario_version, r.scenario.seed) == (1, 1)


def test_records_follow_their_scenarios_owner_and_sharing(store):
    store.save("Ann's", Scenario(), base_plan=demo_plan(), viewer="ann")
    store.submit("Ann's", viewer="ann")
    assert [x.name for x in store.submitted(viewer="ann")] == ["Ann's"]
    assert store.submitted(viewer="bob") == []
    with pytest.raises(StoreError, match="private to another user"):
        store.open_submitted("Ann's", viewer="bob")
    with pytest.raises(StoreError, match="private to another user"):
        store.submit("Ann's", viewer="bob")
    store.share("Ann's", viewer="ann")
    assert [x.submitted_by for x in store.submitted(viewer="bob")] == ["ann"]
    assert store.submit("Ann's", viewer="bob").number == 2  # a shared scenario: as saving is open to all


def test_records_stay_listed_after_the_scenario_is_renamed_or_deleted(store):
    store.save("Draft", Scenario(), base_plan=demo_plan())
    store.submit("Draft")
    store.rename("Draft", "Final")
    store.delete("Final")
    (row,) = store.submitted()
    assert (row.name, row.scenario_name) == ("Final", "Draft")
    assert store.open_submitted("Final").scenario_name == "Draft"
    with pytest.raises(StoreError, match="it was deleted"):
        store.submit("Final")


def test_refusals_are_sentences(store):
    store.save("No plan", Scenario())
    with pytest.raises(StoreError, match="holds no plan, so it cannot be marked as submitted"):
        store.submit("No plan")
    with pytest.raises(StoreError, match="has not been marked as submitted"):
        store.open_submitted("No plan")
    store.save("Done", Scenario(), base_plan=demo_plan())
    store.submit("Done")
    with pytest.raises(StoreError, match="'Done' has no submission 7"):
        store.open_submitted("Done", 7)
    with pytest.raises(StoreError, match="no saved scenario is called 'Nothing'"):
        store.submit("Nothing")


def test_a_change_that_does_not_fit_the_plan_is_refused_in_a_sentence(store):
    bad = MoveSpend.model_validate({"kind": "move", "from": {"scheme_id": "NOPE"}, "to": {"lever": "reablement"},
                                    "amount_gbp": 5})
    store.save("Odd", Scenario(changes=(bad,)), base_plan=demo_plan())
    with pytest.raises(StoreError, match="cannot be marked as submitted: its changes do not fit its plan"):
        store.submit("Odd")
    assert store.submitted() == []


def test_a_damaged_record_is_a_sentence(store):
    store.save("Done", Scenario(), base_plan=demo_plan())
    store.submit("Done")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE bcf_submitted SET document = '{\"plan\": 1}'")
    with pytest.raises(StoreError, match="submission 1 of 'Done' is damaged"):
        store.open_submitted("Done")
