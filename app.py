"""BCF Planner: Streamlit entry point. Page config, navigation and session set-up only."""

import streamlit as st

from app_pages import state

st.set_page_config(page_title="BCF Planner", page_icon=":material/account_balance:", layout="wide")
state.init()

pages = {
    "Plan": [
        st.Page("app_pages/budget_page.py", title="Budget", icon=":material/account_balance_wallet:", default=True),
    ],
}
st.navigation(pages).run()
