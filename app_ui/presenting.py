"""Presentation mode: the pages a board sees, one screen at a time, for a projector at 1280×720.

While it is on, the sidebar and the page menu are hidden, type is larger and ranges are in the text's own colour
(``style``); a bar at the top of every page steps through the presented pages and leaves the mode (``bar``); a
page with more than one chart or table shows one of them at a time (``screen``), and charts are sized to fit the
screen under the bar and the page's title (``CHART_HEIGHT``).
"""

from __future__ import annotations

import streamlit as st

from app_ui import keys, session
from app_ui.markdown import md

# the board's pages: title and script, in the order shown
SCRIPTS = {"Budget": "app_pages/budget_page.py", "Impact": "app_pages/impact_page.py",
           "Compare": "app_pages/compare_page.py", "Goals": "app_pages/goals_page.py",
           "Capacity": "app_pages/capacity_page.py", "Sign-off": "app_pages/signoff_page.py",
           "Monitor": "app_pages/monitor_page.py"}  # the year so far, for a quarterly Board
PRESENTED = tuple(SCRIPTS)  # their titles
CHART_HEIGHT = 470  # px: a chart under the bar, the title and the screen picker fits a 720 px high screen

STYLE = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
html { font-size: 19px; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 2rem 2rem 2rem; max-width: 100%; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #31333f !important;
  font-size: 0.9rem !important; }
h1 { font-size: 1.6rem !important; padding: 0.1rem 0 0.3rem 0 !important; }
h2, h3 { font-size: 1.4rem !important; }
[data-testid="stMetricValue"] { font-size: 1.6rem !important; }
[data-testid="stMetricValue"] * { white-space: normal !important; overflow: visible !important; }
</style>"""


def style() -> None:
    """Presentation mode's look, on every page while it is on (nothing otherwise)."""
    if session.presenting():
        st.html(STYLE)


def _leave() -> None:
    st.session_state[keys.KEY_PRESENT] = False


def bar(title: str) -> None:
    """Previous and next among the presented pages, and a way out of presentation mode, at the top of a page.

    Args:
        title: the title of the page being shown.
    """
    if not session.presenting():
        return
    back, where, on, leave = st.columns([2, 3, 2, 2], vertical_alignment="center")
    if title not in PRESENTED:
        where.markdown("**" + md(title) + "** · not one of the board's pages")
        on.page_link(SCRIPTS[PRESENTED[0]], label=f"{PRESENTED[0]} ▶")
    else:
        at = PRESENTED.index(title)
        where.markdown("**" + md(title) + "** · " + md(f"{at + 1} of {len(PRESENTED)}"))
        if at > 0:
            back.page_link(SCRIPTS[PRESENTED[at - 1]], label=f"◀ {PRESENTED[at - 1]}")
        if at + 1 < len(PRESENTED):
            on.page_link(SCRIPTS[PRESENTED[at + 1]], label=f"{PRESENTED[at + 1]} ▶")
    leave.button("Leave presentation mode", on_click=_leave, key=keys.PRESENT_LEAVE)


def screen(names: list[str], key: str) -> str:
    """Which of a page's screens to show while presenting: one at a time, chosen above it (the first at first).

    Buttons in a row where their names fit on one line of the screen, else a drop-down list.
    """
    if sum(len(n) for n in names) + 4 * len(names) > 110:
        return st.selectbox("Show", names, key=key, label_visibility="collapsed")
    chosen = st.segmented_control("Show", names, default=names[0], key=key, label_visibility="collapsed",
                                  format_func=md)
    return chosen if chosen in names else names[0]
