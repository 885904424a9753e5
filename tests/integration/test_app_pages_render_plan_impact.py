"""The app's pages through Streamlit's AppTest: every page renders without exception, the Start page
shows what was read, and moves, edited lines and effect ranges on the Plan and Assumptions pages change the
Impact, Compare, Budget and Export pages as they should."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import (
    KEY_BAR_NAME,
    KEY_LINES,
    KEY_MAKE_PLAN_BUTTON,
    KEY_MAKE_PLAN_CONFIRM,
    KEY_PRESENT,
    KEY_RUNS,
    KEY_SCENARIO,
)
from scenarios.schema import Scenario
from scenarios.summary import OPTIMISM_BIAS_LABEL
from scenarios.views import short_label
from tests.pages import PAGES, open_page

pytestmark = pytest.mark.usefixtures("private_store")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"
    assert not at.error, [e.value for e in at.error]


def test_start_page_shows_what_was_read():
    at = open_page("start_page")
    assert any("input template workbook for **2026-27**" in m.value for m in at.markdown)
    areas = at.table[0].value
    assert list(areas.index) == ["E06999999"]
    assert len(at.get("download_button")) == 1


def metric_value(at: AppTest, label_start: str) -> str:
    """The last metric whose label starts so: on the Impact page, the whole pool's figure."""
    return [m.value for m in at.metric if m.label.startswith(label_start)][-1]


def test_impact_headline_changes_when_money_moves():
    at = open_page("impact_page")
    before = metric_value(at, "Admissions avoided")
    assert before and any(c.value for c in at.caption)
    assert any("nothing to measure" in i.value for i in at.info)  # the plan as submitted against itself
    assert [m.label for m in at.metric][:2] == ["People served", "Admissions avoided"]  # the pool section only
    # move money on the Plan page, then come back
    at.switch_page("app_pages/plan_page.py")
    at.run()
    at.selectbox(key="move_from").set_value("assistive_technology")
    at.selectbox(key="move_to").set_value("integrated_locality_teams")
    at.number_input(key="move_amount").set_value(1_000_000.0)
    at.button[0].click()  # the form's Move button
    at.run()
    assert not at.exception
    assert any("Moved £1,000,000" in s.value for s in at.success)
    scenario = at.session_state[KEY_SCENARIO]
    assert len(scenario.changes) == 1
    at.switch_page("app_pages/impact_page.py")
    at.run()
    after = metric_value(at, "Admissions avoided")
    assert after != before
    # what the move changes, paired against the plan as submitted, comes first
    change = at.metric[0]
    assert change.label == "Emergency admissions (65+)"
    assert re.match(r"([\d,]+ (more|fewer)|no change)$", change.value)  # the title names the admissions
    assert not any("nothing to measure" in i.value for i in at.info)


def test_moving_more_than_a_lever_holds_is_refused():
    at = open_page("plan_page")
    at.selectbox(key="move_from").set_value("falls_prevention")
    at.number_input(key="move_amount").set_value(900_000_000.0)
    at.button[0].click()
    at.run()
    assert any("Enter a smaller amount" in e.value for e in at.error)
    assert not at.session_state[KEY_SCENARIO].changes


def test_stance_switch_moves_the_headline():
    at = open_page("assumptions_page")
    table = at.table[0].value
    row = next(i for i in table.index if i.startswith("Emergency admissions avoided"))
    controlled = table.loc[row, "Controlled evidence"]
    pilot = table.loc[row, "Pilot claims"]
    assert controlled != pilot
    at.radio[0].set_value("pilot")
    at.run()
    assert at.session_state[KEY_SCENARIO].stance == "pilot"
    assert len(at.dataframe) == 1


def test_optimism_bias_is_on_by_default_shown_and_can_be_turned_off():
    at = open_page("impact_page")
    assert at.session_state[KEY_SCENARIO].optimism_bias
    assert any("optimism bias adjusted" in c.value for c in at.caption)
    box = next(c for c in at.checkbox if c.label == OPTIMISM_BIAS_LABEL)
    assert box.value
    on = next(m.value for m in at.metric if m.label == short_label("emergency_admissions_avoided"))
    box.uncheck()
    at.run()
    assert not at.session_state[KEY_SCENARIO].optimism_bias
    assert any("no optimism-bias adjustment" in c.value for c in at.caption)
    off = next(m.value for m in at.metric if m.label == short_label("emergency_admissions_avoided"))
    assert on != off  # the pool's effects are no longer reduced
    at.switch_page("app_pages/assumptions_page.py")
    at.run()
    assert not at.exception
    assert not next(c for c in at.checkbox if c.label == OPTIMISM_BIAS_LABEL).value
    grades = at.table[1].value  # the share removed by evidence grade, from the assumption library
    assert grades.loc["Uncontrolled pilot", "Share of the effect removed"] == "50%"
    assert grades.loc["Trial or meta-analysis", "Share of the effect removed"] == "0%"


def test_compare_shows_base_and_saved_scenarios():
    at = open_page("plan_page")
    at.selectbox(key="move_from").set_value("carers")
    at.number_input(key="move_amount").set_value(500_000.0)
    at.button[0].click()
    at.run()
    at.text_input(key=KEY_BAR_NAME).set_value("Fewer carers grants")
    at.run()
    at.button(key="bar_save").click()  # the one way to save: the scenario bar, into the store
    at.run()
    at.button(key="remove_change_0").click()  # then an unsaved change: the saved one differs
    at.run()
    at.switch_page("app_pages/compare_page.py")
    at.run()
    assert not at.exception
    at.multiselect(key="compare_choice").set_value(["Plan as submitted", "Current edit", "Saved: Fewer carers grants"])
    at.run()
    table = at.table[0].value
    assert {"Plan as submitted", "Current edit", "Fewer carers grants"} <= set(table.columns)
    assert any("change vs Plan as submitted" in c for c in table.columns)


def test_two_sessions_do_not_share_state():
    a = open_page("plan_page")
    b = open_page("plan_page")
    a.selectbox(key="move_from").set_value("carers")
    a.number_input(key="move_amount").set_value(100_000.0)
    a.button[0].click()
    a.run()
    b.run()
    assert len(a.session_state[KEY_SCENARIO].changes) == 1
    assert len(b.session_state[KEY_SCENARIO].changes) == 0


def test_presentation_mode_hides_editing_controls():
    at = open_page("plan_page")
    assert at.number_input(key="move_amount")
    at.session_state[KEY_SCENARIO] = Scenario.model_validate({"name": "Current edit", "changes": [
        {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "amount_gbp": 1000}]})
    at.run()
    assert at.button(key=KEY_MAKE_PLAN_BUTTON)
    at.session_state[KEY_PRESENT] = True
    at.run()
    assert not [n for n in at.number_input if n.key == "move_amount"]
    assert not [b for b in at.button if b.key == KEY_MAKE_PLAN_BUTTON]
    at.switch_page("app_pages/impact_page.py")
    at.run()
    assert not at.exception
    assert not at.tabs  # charts in a fixed order, no tabs


def test_export_page_offers_the_return_and_builds_the_pack():
    at = open_page("export_page")
    buttons = at.get("download_button")
    assert len(buttons) == 4  # submission copy, analysis copy, pack (disabled until built), comparison workbook
    labels = [b.proto.label for b in buttons]
    assert labels[:2] == ["Download the Excel return (submission copy)", "Download the analysis copy"]
    assert not buttons[0].proto.disabled and not buttons[1].proto.disabled
    assert labels[2] == "Download the board pack" and buttons[2].proto.disabled
    next(b for b in at.button if b.label == "Build the board pack").click()
    at.run()
    assert not at.exception
    pack = next(b for b in at.get("download_button") if b.proto.label == "Download the board pack")
    assert not pack.proto.disabled


def test_edited_lines_drive_the_impact_and_the_rules():
    from budget.demo import demo_plan

    at = open_page("impact_page")
    before = metric_value(at, "Admissions avoided")
    plan = demo_plan()
    # what the Plan page's editor commits: every integrated locality team line doubled
    doubled = tuple(x.model_copy(update={"amount": x.amount * 2}) if x.scheme_type == "Community Based Schemes" else x
                    for x in plan.lines)
    at.session_state[KEY_LINES] = doubled
    at.run()
    assert metric_value(at, "Admissions avoided") != before
    at.switch_page("app_pages/plan_page.py")
    at.run()
    assert not at.exception
    assert any("Edited lines total" in m.value for m in at.markdown)
    assert any("Red" in m.value and "spend exceeds income" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Undo all line edits").click()
    at.run()
    assert at.session_state[KEY_LINES] is None


def test_make_this_the_plan_writes_a_move_into_the_lines_every_page_then_reads():
    from budget.demo import demo_plan
    from budget.money import gbp
    from budget.reference import LEVER_LABELS
    from scenarios.spend import spend_by_lever

    at = open_page("plan_page")
    assert not any(b.label == "Make this the plan" for b in at.button)  # nothing to write yet
    at.selectbox(key="move_from").set_value("integrated_locality_teams")
    at.selectbox(key="move_to").set_value("care_home_support")
    at.number_input(key="move_amount").set_value(1_000_000.0)
    at.button[0].click()
    at.run()
    scenario = at.session_state[KEY_SCENARIO]
    assert len(scenario.changes) == 1
    modelled = spend_by_lever(demo_plan(), scenario)
    # the Export page says the move is not in the submission copy's lines, and points to the Plan page
    at.switch_page("app_pages/export_page.py")
    at.run()
    assert any("Make this the plan" in i.value and "not in the Expenditure" in i.value for i in at.info)
    at.switch_page("app_pages/plan_page.py")
    at.run()
    assert at.button(key=KEY_MAKE_PLAN_BUTTON).disabled  # until the user says they understand
    at.checkbox(key=KEY_MAKE_PLAN_CONFIRM).check()
    at.run()
    at.button(key=KEY_MAKE_PLAN_BUTTON).click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    said = [s.value for s in at.success]
    assert any("12 lines changed, 0 lines added, 0 lines removed" in s and "the plan" in s for s in said), said
    # the current edit's lines hold the move; the scenario has no changes left
    lines = at.session_state[KEY_LINES]
    assert not at.session_state[KEY_SCENARIO].changes
    assert not at.checkbox and not any(b.label == "Make this the plan" for b in at.button)  # nothing left to write
    made = demo_plan().model_copy(update={"lines": lines})
    assert spend_by_lever(made) == pytest.approx(modelled, abs=0.01)
    before = {(x.scheme_id, x.locality): x.amount for x in demo_plan().lines}
    moved = {sid for (sid, loc), amount in before.items()
             if amount != next(x.amount for x in lines if (x.scheme_id, x.locality) == (sid, loc))}
    assert moved == {"NB04", "NB10"}
    assert any("None yet" in m.value for m in at.markdown)
    # the rules and the Budget page read the new lines
    at.switch_page("app_pages/budget_page.py")
    at.run()
    assert not at.exception
    assert any("as edited on the Plan page" in i.value for i in at.info)
    levers = at.table[1].value
    assert levers.loc[LEVER_LABELS["care_home_support"], "Expenditure (£)"] == gbp(modelled["care_home_support"])
    assert levers.loc[LEVER_LABELS["integrated_locality_teams"], "Expenditure (£)"] == gbp(
        modelled["integrated_locality_teams"])
    # and the Export page has nothing left unwritten
    at.switch_page("app_pages/export_page.py")
    at.run()
    assert not at.exception and not any("not in the Expenditure" in i.value for i in at.info)


def test_changes_that_cannot_be_written_as_lines_are_refused_in_a_sentence():
    at = open_page("plan_page")
    at.session_state[KEY_SCENARIO] = Scenario.model_validate(
        {
            "name": "Current edit",
            "changes": [
                {
                    "kind": "add_line",
                    "scheme_id": "L1",
                    "lever": "carers",
                    "amount_gbp": 5000,
                    "source_of_funding": "Lottery",
                }
            ],
        }
    )
    at.run()
    at.checkbox(key=KEY_MAKE_PLAN_CONFIRM).check()
    at.run()
    at.button(key=KEY_MAKE_PLAN_BUTTON).click()
    at.run()
    assert not at.exception
    assert any("could not be written into the lines" in e.value and "Lottery" in e.value for e in at.error)
    assert at.session_state[KEY_LINES] is None and at.session_state[KEY_SCENARIO].changes
    # changes that start after the plan year have nothing to write into its lines: no button, a sentence
    at.session_state[KEY_SCENARIO] = Scenario.model_validate({"name": "Current edit", "changes": [
        {"kind": "remove_line", "scheme_id": "NB14", "from_year": 2}]})
    at.run()
    assert not [b for b in at.button if b.key == KEY_MAKE_PLAN_BUTTON]
    assert any("Every change starts after 2026-27" in c.value for c in at.caption)


def test_scenario_bar_saves_refuses_stale_saves_and_reopens():
    at = open_page("plan_page")
    at.selectbox(key="move_from").set_value("carers")
    at.number_input(key="move_amount").set_value(200_000.0)
    next(b for b in at.button if b.label == "Move").click()
    at.run()
    at.text_input(key=KEY_BAR_NAME).set_value("Board option B")
    at.run()
    at.button(key="bar_save").click()
    at.run()
    assert any("Saved 'Board option B' as version 1" in s.value for s in at.success)
    # a colleague saves a newer version in another session
    other = open_page("plan_page")
    other.selectbox(key="bar_open_pick").set_value("Board option B")
    other.button(key="bar_open").click()
    other.run()
    other.button(key="bar_save").click()
    other.run()
    assert any("version 2" in s.value for s in other.success)
    # our save from version 1 is refused, not silently overwriting
    at.button(key="bar_save").click()
    at.run()
    assert any("was saved as version 2" in e.value for e in at.error)
    # the compare page can pick the stored scenario
    at.switch_page("app_pages/compare_page.py")
    at.run()
    assert "Saved: Board option B" in at.multiselect(key="compare_choice").options


def test_an_effect_range_changed_on_the_assumptions_page_changes_the_impact():
    at = open_page("impact_page")
    before = metric_value(at, "Admissions avoided")
    at.switch_page("app_pages/assumptions_page.py")
    at.run()
    at.selectbox(key="ov_lever").set_value("integrated_locality_teams")
    at.run()
    at.selectbox(key="ov_outcome").set_value("emergency_admissions")
    at.number_input(key="ov_low").set_value(0.6)
    at.number_input(key="ov_central").set_value(0.7)
    at.number_input(key="ov_high").set_value(0.8)
    at.text_input(key="ov_reason").set_value("local evaluation")
    next(b for b in at.button if b.label == "Use this range in the current scenario").click()
    at.run()
    assert not at.exception and any("now 0.6 to 0.8" in s.value for s in at.success)
    (override,) = at.session_state[KEY_SCENARIO].assumption_overrides
    assert override.effects[0].source == "local evaluation"
    at.switch_page("app_pages/impact_page.py")
    at.run()
    after = metric_value(at, "Admissions avoided")
    assert int(after.replace(",", "")) > int(before.replace(",", ""))  # a stronger effect avoids more


def test_an_inverted_range_is_refused():
    at = open_page("assumptions_page")
    at.number_input(key="ov_low").set_value(1.2)
    at.number_input(key="ov_central").set_value(0.9)
    next(b for b in at.button if b.label == "Use this range in the current scenario").click()
    at.run()
    assert any("cannot be used" in e.value for e in at.error)
    assert at.session_state[KEY_SCENARIO].assumption_overrides == ()


def test_impact_and_compare_figures_equal_the_model():
    """Every headline figure on the Impact page, and the paired change on the Compare page, equal the
    model's summary of the same scenario, runs and seed."""
    from app_ui.formatting import outcome_short, percent  # noqa: PLC0415
    from app_ui.keys import KEY_SEED  # noqa: PLC0415
    from budget.demo import demo_plan  # noqa: PLC0415
    from reports.change_words import change_words  # noqa: PLC0415
    from scenarios.outcomes import change_title  # noqa: PLC0415
    from scenarios.views import CHANGE_OUTCOMES, POOL_OUTCOMES, label, model, paired_views, short_label  # noqa: PLC0415

    at = open_page("plan_page")
    at.selectbox(key="move_from").set_value("integrated_locality_teams")
    at.selectbox(key="move_to").set_value("care_home_support")
    at.number_input(key="move_amount").set_value(1_000_000.0)
    at.button[0].click()
    at.run()
    scenario = at.session_state[KEY_SCENARIO]
    at.switch_page("app_pages/impact_page.py")
    at.run()
    assert not at.exception
    view = model(scenario, demo_plan(), runs=at.session_state[KEY_RUNS], seed=at.session_state[KEY_SEED])
    shown = [(m.label, m.value) for m in at.metric]
    changes, pool = shown[:len(CHANGE_OUTCOMES)], shown[len(CHANGE_OUTCOMES):]
    assert changes == [(change_title(o), change_words(o, view.change(o)["p50"], noun=False)) for o in CHANGE_OUTCOMES]
    # a tile's value is short enough to be read whole beside its title, never cut off as "35 fewer hospital …"
    assert all(len(value) <= 16 for _, value in changes), changes
    assert pool == [(short_label(o), outcome_short(o, view.stat(o)["p50"])) for o in POOL_OUTCOMES]
    at.switch_page("app_pages/compare_page.py")
    at.run()
    table = at.table[0].value
    base = model(scenario.model_copy(update={"changes": (), "name": "Plan as submitted"}), demo_plan(),
                 runs=at.session_state[KEY_RUNS], seed=at.session_state[KEY_SEED])
    d = paired_views(base, view)["emergency_admissions_avoided"]
    column = next(c for c in table.columns if c.endswith("change vs Plan as submitted"))
    cell = table.loc[label("emergency_admissions_avoided"), column]
    assert cell.startswith(change_words("emergency_admissions_avoided", d.p50))
    assert f"better in {percent(d.probability_better, 0)} of runs" in cell
