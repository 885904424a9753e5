"""BCF Planner: Streamlit entry point. Page config, navigation and session set-up only."""

import time

import streamlit as st

from app_ui import access, keys, presenting, runlog, scenario_bar, session, working
from app_ui.markdown import md

started = time.perf_counter()
st.set_page_config(page_title="BCF Planner", page_icon=":material/account_balance:", layout="wide")
user = access.guard()  # returns at once when sign-in is not configured
session.init()
if user:
    session.set_viewer(user)
working.pick_up()  # a reload picks up the work in progress kept for this browser

pages = {
    "Your plan": [
        st.Page("app_pages/start_page.py", title="Start", icon=":material/upload_file:", default=True),
        st.Page("app_pages/budget_page.py", title="Budget", icon=":material/account_balance_wallet:"),
        st.Page("app_pages/plan_page.py", title="Plan", icon=":material/tune:"),
    ],
    "Results": [
        st.Page("app_pages/impact_page.py", title="Impact", icon=":material/monitoring:"),
        st.Page("app_pages/compare_page.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("app_pages/goals_page.py", title="Goals", icon=":material/flag:"),
        st.Page("app_pages/capacity_page.py", title="Capacity", icon=":material/bed:"),
        st.Page("app_pages/signoff_page.py", title="Sign-off", icon=":material/verified:"),
        st.Page("app_pages/optimise_page.py", title="Optimise", icon=":material/auto_graph:"),
        st.Page("app_pages/export_page.py", title="Export", icon=":material/download:"),
    ],
    "The year so far": [
        st.Page("app_pages/monitor_page.py", title="Monitor", icon=":material/track_changes:"),
    ],
    "Evidence": [
        st.Page("app_pages/assumptions_page.py", title="Assumptions", icon=":material/menu_book:"),
        st.Page("app_pages/method_page.py", title="Method", icon=":material/info:"),
        st.Page("app_pages/benchmark_page.py", title="Benchmark", icon=":material/leaderboard:"),
    ],
}
# every page listed: with more than twelve, Streamlit would hide some behind "View more"
page = st.navigation(pages, position="hidden" if session.presenting() else "sidebar", expanded=True)
presenting.style()
with st.sidebar:
    if user:
        st.caption(f"Signed in as {md(user)}")
        st.button("Sign out", on_click=st.logout, key=keys.SIGN_OUT)
    st.toggle("Presentation mode", key=keys.KEY_PRESENT,
              help="Hide editing controls and show large, board-ready charts.")
    state = st.empty()  # drawn before the page, in case it stops early, and again after it: an edit shows at once
    scenario_bar.render()
scenario_bar.confirm()  # asks first when opening something would replace unsaved changes
picked_up = working.picked_up_once()
if picked_up is not None:
    st.toast(md(working.picked_up_words(picked_up)), icon=":material/history:")
presenting.bar(page.title)
scenario_bar.draw_state(state.container())
try:
    page.run()
finally:
    scenario_bar.draw_state(state.container())  # not reached when the page stops: the first drawing stays
    working.keep()  # the work as this run left it, for a reload
    runlog.record(page.title, time.perf_counter() - started)
