"""Presentation mode's parts: the bar that steps through the board's pages, one screen at a time, and its look."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_ui.keys import KEY_PRESENT
from app_ui.presenting import PRESENTED, SCRIPTS
from tests.pages import open_page

ROOT = Path(__file__).resolve().parents[3]


def screens():
    import streamlit as st

    from app_ui import presenting

    presenting.style()
    st.write("shown: " + presenting.screen(st.session_state.get("names", ["One", "Two"]), "screen_key"))


def run_screens(presenting: bool, **state) -> AppTest:
    at = AppTest.from_function(screens, default_timeout=30)
    at.session_state[KEY_PRESENT] = presenting
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def presenting(page: str) -> AppTest:
    at = open_page(page, runs=50, no_exception=True)
    at.session_state[KEY_PRESENT] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_presented_page_has_its_script():
    assert set(SCRIPTS) == set(PRESENTED)
    for title, script in SCRIPTS.items():
        assert (ROOT / script).is_file(), title


def test_the_bar_says_where_a_board_page_is_and_a_way_out():
    at = presenting("budget_page")
    said = " ".join(m.value for m in at.markdown)
    assert f"**Budget** · 1 of {len(PRESENTED)}" in said
    assert "Leave presentation mode" in [b.label for b in at.button]
    at = presenting("signoff_page")
    at_sign_off = PRESENTED.index("Sign-off") + 1
    assert f"**Sign-off** · {at_sign_off} of {len(PRESENTED)}" in " ".join(m.value for m in at.markdown)
    at = presenting("monitor_page")
    assert f"**Monitor** · {len(PRESENTED)} of {len(PRESENTED)}" in " ".join(m.value for m in at.markdown)
    assert "◀ Sign-off" in [link.label for link in at.get("page_link")]


def test_a_page_not_shown_to_the_board_says_so():
    at = presenting("start_page")
    assert any("not one of the board's pages" in m.value for m in at.markdown)


def test_leaving_presentation_mode_turns_it_off():
    at = presenting("budget_page")
    next(b for b in at.button if b.label == "Leave presentation mode").click().run()
    assert at.session_state[KEY_PRESENT] is False
    assert "Leave presentation mode" not in [b.label for b in at.button]  # the bar is gone with it


def test_nothing_is_added_when_not_presenting():
    at = run_screens(False)
    assert [m.value for m in at.markdown] == ["shown: One"]


def test_one_screen_at_a_time_the_first_at_first_and_long_names_in_a_list():
    at = run_screens(True)
    assert at.markdown[-1].value == "shown: One"
    names = ["Reablement or rehabilitation at home (step-up)", "Bed-based intermediate care (step-up)",
             "Social support in the community"]
    at = run_screens(True, names=names)
    assert at.selectbox[0].options == names  # too long for a row of buttons on a 1280 px screen
    at.selectbox[0].select(names[1]).run()
    assert at.markdown[-1].value == f"shown: {names[1]}"


def test_the_monitor_page_presented_one_screen_at_a_time_with_no_controls():
    from app_ui import keys

    at = open_page("monitor_page", runs=50, no_exception=True)
    at.button(key=keys.MONITOR_DEMO).click().run()
    at.selectbox(key=keys.MONITOR_TO).set_value("2026-08").run()  # what was chosen last stays while presenting
    spent = {m.label: m.value for m in at.metric}["Spent to date"]
    at.session_state[KEY_PRESENT] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    screen = keys.PRESENT_SCREEN_PREFIX + "monitor"
    assert [w.key for w in at.selectbox] == [screen]  # no plan, month or quarter to choose: only the screen
    assert not at.get("download_button") and not at.get("file_uploader") and not at.radio
    assert keys.MONITOR_DEMO not in [b.key for b in at.button]
    assert "· to the end of Aug 2026 ·" in at.caption[0].value.replace("\\", "")
    assert {m.label: m.value for m in at.metric}["Spent to date"] == spent  # the first screen: in words
    assert not at.get("plotly_chart")
    names = at.selectbox(key=screen).options
    assert names[:4] == ["In words", "Spend", "By funding stream", "Outputs"] and len(names) == 7
    for name in names[1:]:
        at.selectbox(key=screen).set_value(name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        assert len(at.get("plotly_chart")) == (0 if name == "By funding stream" else 1), name
    assert not any(t.value.index.name == "Funding stream" for t in at.table)  # the last screen: a metric's chart
