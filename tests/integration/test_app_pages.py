"""Every page through Streamlit's AppTest: it renders without exception, its key elements are there,
and a control changes the figures it should."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from app_ui import store_handle
from app_ui.keys import (
    BAR_SHARE_PREFIX,
    KEY_BAR_NAME,
    KEY_LINES,
    KEY_MAKE_PLAN_BUTTON,
    KEY_MAKE_PLAN_CONFIRM,
    KEY_PRESENT,
    KEY_RUNS,
    KEY_SCENARIO,
)
from budget.demo import demo_plan
from scenarios.schema import Scenario
from scenarios.summary import OPTIMISM_BIAS_LABEL
from scenarios.views import short_label
from tests.pages import PAGES, open_page

ROOT = Path(__file__).resolve().parents[2]

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
    assert change.label == "Admissions avoided" and change.value[0] in "+−0"
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


def test_with_sign_in_configured_every_page_asks_for_it():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "z", "server_metadata_url": "https://example.invalid/.well-known"}
    at.run()
    assert not at.exception
    assert any(b.label == "Sign in" for b in at.button)
    assert not at.metric and not at.table  # nothing of the plan is shown


def test_optimise_page_recommends_and_saves_a_scenario():
    at = open_page("optimise_page")
    at.slider(key="opt_max_change").set_value(20)
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception
    table = at.table[0].value
    assert "Recommended" in table.columns and len(table) >= 5
    localities = at.table[1].value
    assert {"Riverside", "Area-wide"} <= set(localities.index)
    cells = at.table[2].value
    assert "Riverside" in cells.columns and any(v.startswith(("£", "−£")) for v in cells["Riverside"])
    assert len(at.get("plotly_chart")) == 2  # the frontier and the tornado
    next(b for b in at.button if b.label == "Save as a new scenario").click()
    at.run()
    assert any("in the scenario store" in x.value for x in at.success)
    saved = store_handle.store().open(next(x.name for x in store_handle.store().list()))
    assert saved.base_plan is not None and saved.base_plan.lines != demo_plan().lines  # the recommended lines
    assert at.session_state[KEY_SCENARIO].name == "Current edit"  # the scenario being edited is unchanged


def _gbp(text: str) -> float:
    return float(text.replace("£", "").replace(",", "").replace("−", "-"))


def _limit(at: AppTest, key: str, row: int, column: str, value: float) -> None:
    at.session_state[key] = {"edited_rows": {row: {column: value}}, "added_rows": [], "deleted_rows": []}


def test_optimise_page_keeps_a_locality_limit():
    at = open_page("optimise_page")
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    free = at.table[1].value
    change = free["Change"].map(_gbp)
    grew = change.idxmax()
    assert change[grew] > 1_000
    today = _gbp(free.loc[grew, "Today (£ a year)"])
    row = list(free.index).index(grew)
    _limit(at, "opt_locality_limits", row, "Maximum (£ a year)", today + 1_000)
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception and not at.error
    held = at.table[1].value
    assert _gbp(held.loc[grew, "Recommended"]) <= today + 1_000 + 1


@pytest.mark.parametrize(
    "key, row, edit, message",
    [
        (
            "opt_lever_limits",
            0,
            {"Minimum (£ a year)": 5_000_000.0, "Maximum (£ a year)": 1_000_000.0},
            "is above its maximum",
        ),
        ("opt_locality_limits", 1, {"Minimum (£ a year)": 9_000_000.0}, "exclude today's spend there"),
    ],
)
def test_optimise_page_bad_limits_give_a_sentence(key, row, edit, message):
    at = open_page("optimise_page")
    at.session_state[key] = {"edited_rows": {row: edit}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and errors[0].startswith("These limits cannot be used")
    assert not at.table and not at.get("plotly_chart")


def test_signed_in_users_see_only_their_own_and_shared_scenarios():
    def signed_in(email: str) -> AppTest:
        return open_page(user=email)  # the user as app.py records them after st.login and the allow-list

    ann = signed_in("ann@council.gov.uk")
    ann.text_input(key=KEY_BAR_NAME).set_value("Ann's draft")
    ann.run()
    ann.button(key="bar_save").click()
    ann.run()
    assert any("Saved 'Ann's draft' as version 1" in s.value for s in ann.success)
    assert ann.toggle(key=BAR_SHARE_PREFIX + "Ann's draft").value is False

    bob = signed_in("bob@nhs.net")
    assert not any(x.key == "bar_open_pick" for x in bob.selectbox)  # nothing of Ann's is listed
    bob.switch_page("app_pages/compare_page.py")
    bob.run()
    assert "Saved: Ann's draft" not in bob.multiselect(key="compare_choice").options

    ann.toggle(key=BAR_SHARE_PREFIX + "Ann's draft").set_value(True)
    ann.run()
    assert any("now shared" in s.value for s in ann.success)

    bob.run()
    assert "Saved: Ann's draft" in bob.multiselect(key="compare_choice").options
    pick = bob.selectbox(key="bar_open_pick")
    assert pick.options == ["Ann's draft (shared by ann@council.gov.uk)"]
    assert not any(t.key == BAR_SHARE_PREFIX + "Ann's draft" for t in bob.toggle)  # only the owner can unshare


def test_impact_and_compare_figures_equal_the_model():
    """Every headline figure on the Impact page, and the paired change on the Compare page, equal the
    model's summary of the same scenario, runs and seed."""
    from app_ui.formatting import outcome_short, percent, signed  # noqa: PLC0415
    from app_ui.keys import KEY_SEED  # noqa: PLC0415
    from budget.demo import demo_plan  # noqa: PLC0415
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
    assert changes == [(short_label(o), signed(o, view.change(o)["p50"])) for o in CHANGE_OUTCOMES]
    assert pool == [(short_label(o), outcome_short(o, view.stat(o)["p50"])) for o in POOL_OUTCOMES]
    at.switch_page("app_pages/compare_page.py")
    at.run()
    table = at.table[0].value
    base = model(scenario.model_copy(update={"changes": (), "name": "Plan as submitted"}), demo_plan(),
                 runs=at.session_state[KEY_RUNS], seed=at.session_state[KEY_SEED])
    d = paired_views(base, view)["emergency_admissions_avoided"]
    column = next(c for c in table.columns if c.endswith("change vs Plan as submitted"))
    cell = table.loc[label("emergency_admissions_avoided"), column]
    assert cell.startswith(signed("emergency_admissions_avoided", d.p50))
    assert f"better in {percent(d.probability_better, 0)} of runs" in cell


def test_goals_page_shows_the_models_goals_and_keeps_the_users_own():
    from app_ui.keys import (  # noqa: PLC0415
        BASELINE_PERIOD_PREFIX,
        BASELINE_SOURCE_PREFIX,
        BASELINE_TOGGLE_PREFIX,
        BASELINE_WIDGET_PREFIX,
        GOAL_TOGGLE_PREFIX,
        GOAL_WIDGET_PREFIX,
        KEY_GOALS_SHOWN,
        KEY_SCENARIO,
        KEY_SEED,
    )
    from budget.demo import demo_plan  # noqa: PLC0415
    from scenarios.goals import goals, plan_weights  # noqa: PLC0415
    from scenarios.views import model  # noqa: PLC0415

    at = open_page("goals_page")
    assert not at.exception, [e.value for e in at.exception]
    view = model(Scenario(), demo_plan(), runs=at.session_state[KEY_RUNS], seed=at.session_state[KEY_SEED])
    expected = goals(view)
    shown = {m.label: m.value for m in at.metric}
    ea = next(g for g in expected if g.name == "emergency_admissions_65_plus")
    assert [m.value for m in at.metric if m.label == "Suggested goal"][0] == f"{ea.goal:,.1f}"
    assert shown["Baseline, 2025-26"] == f"{ea.baseline:,.1f}"
    assert (
        shown["Baseline, 2019-20, England"] == f"{next(g for g in expected if g.name.startswith('care')).baseline:,.1f}"
    )
    chances = [m.value for m in at.metric if m.label == "Chance of meeting the goal"]
    assert chances[0] == f"{ea.probability_met:.0%}" and len(chances) == 3
    assert at.session_state[KEY_SCENARIO].submission.goals == ()  # nothing set until the user sets it
    at.toggle(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_TOGGLE_PREFIX, "emergency_admissions_65_plus")).set_value(True)
    at.run()
    box = at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_WIDGET_PREFIX, "emergency_admissions_65_plus"))
    assert box.value == pytest.approx(round(ea.goal, 1))
    box.set_value(24_000.0)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    quarters = at.table[0].value
    weights = plan_weights(None)  # a rate a year, shared over the quarters by the seasonal profile
    assert quarters.loc[ea.label, "Q1"] == f"{24_000.0 * sum(weights[:3]) / 12:,.1f}"
    assert quarters.loc[ea.label, "Q1"] != "6,000.0"  # not an even split: the observed profile is not flat
    assert at.session_state[KEY_SCENARIO].submission.goal("emergency_admissions_65_plus").value == 24_000.0
    # the area's own baseline, with its period and source, moves the suggested goal by the same amount
    name = "care_home_admissions_65_plus"
    ch = next(g for g in expected if g.name == name)
    at.toggle(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_TOGGLE_PREFIX, name)).set_value(True)
    at.run()
    at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_WIDGET_PREFIX, name)).set_value(
        round(ch.baseline, 1) + 100.0
    )
    at.text_input(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_PERIOD_PREFIX, name)).set_value("2024-25")
    at.text_input(key=synced_key(at, KEY_GOALS_SHOWN, BASELINE_SOURCE_PREFIX, name)).set_value("ASCOF 2C, local return")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    own = at.session_state[KEY_SCENARIO].submission.goal(name).baseline
    assert (own.value, own.period, own.source) == (round(ch.baseline, 1) + 100.0, "2024-25", "ASCOF 2C, local return")
    suggested = [m.value for m in at.metric if m.label == "Suggested goal"][2]
    # the forecast re-anchored to the area's own baseline: each run scaled by its baseline over the model's
    m = view.metrics["care_home_admissions_65_plus_per_100k"]
    scaled = np.array(m.plan_year_runs) * (round(ch.baseline, 1) + 100.0) / m.base_year
    assert suggested == f"{round(float(np.percentile(scaled, 50)), 1):,.1f}"
    assert "Baseline, 2024-25" in [m.label for m in at.metric]
    at.switch_page("app_pages/budget_page.py")
    at.run()
    at.switch_page("app_pages/goals_page.py")
    at.run()
    assert (
        at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_WIDGET_PREFIX, "emergency_admissions_65_plus")).value
        == 24_000.0
    )
    # another scenario opened (as the scenario bar does) brings its own goal into the boxes
    from budget.submission import GoalSetting, Submission  # noqa: PLC0415

    opened = at.session_state[KEY_SCENARIO].model_copy(update={"submission": Submission(
        goals=(GoalSetting(metric="emergency_admissions_65_plus", value=23_000.0),))})
    at.session_state[KEY_SCENARIO] = opened
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert (
        at.number_input(key=synced_key(at, KEY_GOALS_SHOWN, GOAL_WIDGET_PREFIX, "emergency_admissions_65_plus")).value
        == 23_000.0
    )
    assert at.session_state[KEY_SCENARIO].submission.goal("emergency_admissions_65_plus").value == 23_000.0


def synced_key(at: AppTest, record: str, prefix: str, item: object) -> str:
    """The key of a widget kept in step with the scenario, at the version its page last drew it with."""
    from app_ui.widget_sync import widget_key  # noqa: PLC0415

    return widget_key(prefix, at.session_state[record][0], item)


def chart_series(at: AppTest, index: int, name: str) -> list[float]:
    """The y values of the trace called `name` in the page's plotly chart number `index`."""
    import json  # noqa: PLC0415

    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return next(t["y"] for t in spec["data"] if t["name"] == name)


def test_capacity_page_profile_and_money_move_the_charts():
    from app_ui.keys import CAPACITY_MONTH_PREFIX, KEY_CAPACITY_SHOWN  # noqa: PLC0415

    at = open_page("capacity_page")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 8  # four pathways, four services
    demand = chart_series(at, 1, "Demand")  # P1
    capacity = chart_series(at, 1, "Capacity")
    p0_capacity = chart_series(at, 0, "Capacity")
    step_up = chart_series(at, 5, "Capacity")  # reablement or rehabilitation at home (step-up)
    assert any("demand for P2 exceeds capacity by" in m.value for m in at.markdown)
    assert any("Shortfall" in str(v) for v in at.table[-3].value.to_numpy().ravel())  # the gaps table says it in words
    # a profile with December and January three times the other months
    for i in range(12):
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).set_value(
            3.0 if i in (8, 9) else 1.0
        )
    next(b for b in at.button if b.label == "Use this profile").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[KEY_SCENARIO].submission.capacity.seasonal_profile == (1.0,) * 8 + (3.0, 3.0, 1.0, 1.0)
    after = chart_series(at, 1, "Demand")
    assert after != demand
    assert sum(after) == pytest.approx(sum(demand), rel=1e-9)  # the year's demand is unchanged
    assert after[8] == pytest.approx(3 * after[0])
    assert chart_series(at, 1, "Capacity") == capacity
    # the demo spends within every eligibility cap, so the page warns of none
    assert not any("above the cap" in w.value for w in at.warning)

    def add_reablement(amount: float) -> None:  # money added to discharge reablement, as the Plan page adds it
        at.session_state[KEY_SCENARIO] = scenario.model_copy(update={"changes": (Scenario.model_validate({"changes": [
            {"kind": "add_line", "scheme_id": "W1", "scheme_type": "Home-based intermediate care services",
             "sub_type": "Reablement at home (to support discharge)", "amount_gbp": amount}]}).changes)})
        at.run()
        assert not at.exception, [e.value for e in at.exception]

    scenario = at.session_state[KEY_SCENARIO]
    # £3m more takes reablement past its cap in every locality, as the Impact page says: P1 gains people
    add_reablement(3_000_000)
    assert any("of reablement (home-based intermediate care) spend in 2026-27 is above the cap" in w.value
               for w in at.warning)
    raised = chart_series(at, 1, "Capacity")
    assert raised[0] > capacity[0]
    assert raised[0] + chart_series(at, 5, "Capacity")[0] > capacity[0] + step_up[0]
    at_cap = raised[0] + chart_series(at, 5, "Capacity")[0]
    # a further £1m serves nobody more: it moves people from step-up to P1, no more
    add_reablement(4_000_000)
    more = chart_series(at, 1, "Capacity")
    assert more[0] > raised[0]
    assert more[0] + chart_series(at, 5, "Capacity")[0] == pytest.approx(at_cap, rel=1e-9)
    assert chart_series(at, 0, "Capacity") == p0_capacity  # P0 is not bought by reablement


def test_capacity_page_takes_the_areas_own_pathway_shares_or_refuses_them_with_a_sentence():
    from app_ui.keys import CAPACITY_SHARE_PREFIX, KEY_CAPACITY_SHARES_SHOWN  # noqa: PLC0415

    at = open_page("capacity_page")
    assert not at.exception, [e.value for e in at.exception]
    published = "NHS England, Acute discharge situation report, daily series, England, February 2023 to January 2024"
    assert any(published in c.value.replace("\\", "") for c in at.caption)
    assert [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, p)).value
        for p in ("P0", "P1", "P2", "P3")
    ] == [86.4, 8.8, 3.4, 1.3]
    p1_demand = sum(chart_series(at, 1, "Demand"))
    # shares that do not add up to 100% are refused with a sentence, and nothing changes
    at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "P1")).set_value(18.8)
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    assert any("add up to 109.9%; they must add up to 100%" in e.value for e in at.error)
    assert at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares is None
    # the area's own shares, with a source and period, split demand and are named as the source
    at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "P0")).set_value(76.4)
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "source")).set_value(
        "Trust extract"
    )
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "period")).set_value("2024-25")
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    own = at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares
    assert (own.P0, own.P1, own.source, own.period) == (76.4, 18.8, "Trust extract", "2024-25")
    assert sum(chart_series(at, 1, "Demand")) == pytest.approx(p1_demand * 18.8 / 8.8, rel=1e-9)
    assert any("the area's own figures: Trust extract, 2024-25" in c.value.replace("\\", "") for c in at.caption)
    # a source that looks like a link is shown as text, not a link
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "source")).set_value("[Session expired](https://example.com)")
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    shown = [c.value for c in at.caption if "Session expired" in c.value]
    assert shown and all("\\[Session expired\\]" in c and "https://" not in c for c in shown)  # escaped, unlinked
    at.text_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "source")).set_value(
        "Trust extract"
    )
    next(b for b in at.button if b.label == "Use these shares").click()
    at.run()
    # the seasonal profile form keeps the shares
    next(b for b in at.button if b.label == "Use this profile").click()
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares == own
    next(b for b in at.button if b.label == "Go back to the published shares").click()
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.capacity.pathway_shares is None
    assert at.number_input(key=synced_key(at, KEY_CAPACITY_SHARES_SHOWN, CAPACITY_SHARE_PREFIX, "P1")).value == 8.8
    assert sum(chart_series(at, 1, "Demand")) == pytest.approx(p1_demand, rel=1e-9)


def test_capacity_page_shows_an_opened_scenarios_profile_and_goes_back_to_the_default():
    from app_ui.keys import CAPACITY_MONTH_PREFIX, KEY_CAPACITY_SHOWN, KEY_PRESENT  # noqa: PLC0415
    from budget.submission import CapacitySettings, Submission  # noqa: PLC0415

    at = open_page("capacity_page")
    default = [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).value for i in range(12)
    ]
    assert not [b for b in at.button if b.label == "Go back to the default profile"]
    own = (2.0,) * 6 + (1.0,) * 6
    at.session_state[KEY_SCENARIO] = at.session_state[KEY_SCENARIO].model_copy(
        update={"submission": Submission(capacity=CapacitySettings(seasonal_profile=own))})
    at.run()  # as when a saved scenario with its own profile is opened
    assert [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).value for i in range(12)
    ] == list(own)
    assert chart_series(at, 0, "Demand")[0] == pytest.approx(2 * chart_series(at, 0, "Demand")[11])
    next(b for b in at.button if b.label == "Go back to the default profile").click()
    at.run()
    assert at.session_state[KEY_SCENARIO].submission.capacity.seasonal_profile is None
    assert [
        at.number_input(key=synced_key(at, KEY_CAPACITY_SHOWN, CAPACITY_MONTH_PREFIX, i)).value for i in range(12)
    ] == default
    at.session_state[KEY_PRESENT] = True
    at.run()
    assert not at.exception and not at.number_input  # the profile as a table while presenting
