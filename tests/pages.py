"""The app's pages as the AppTest tests open and read them: one way to open a page, and the Goals and
Sign-off pages' boxes by what they hold rather than by their widget keys."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_ui.keys import (
    ASSURANCE_STATEMENT_PREFIX,
    ASSURANCE_STATUS_PREFIX,
    BASELINE_SOURCE_PREFIX,
    BASELINE_TOGGLE_PREFIX,
    GOAL_TOGGLE_PREFIX,
    GOAL_WIDGET_PREFIX,
    KEY_GOALS_SHOWN,
    KEY_RUNS,
    KEY_SCENARIO,
    KEY_SIGNOFF_DRAWN,
    KEY_USER,
    RATIONALE_WIDGET_PREFIX,
    SIGN_OFF_NAME_PREFIX,
)
from app_ui.widget_sync import widget_key
from budget.submission import Submission

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "start_page",
    "budget_page",
    "plan_page",
    "impact_page",
    "compare_page",
    "goals_page",
    "capacity_page",
    "signoff_page",
    "optimise_page",
    "export_page",
    "monitor_page",
    "assumptions_page",
    "method_page",
    "benchmark_page",
]  # every page, in the menu's order


def open_page(page: str = "start_page", *, runs: int = 200, user: str | None = None, timeout: float = 120,
              no_exception: bool = False) -> AppTest:
    """The app opened on ``page`` ('plan_page', or its path 'app_pages/plan_page.py').

    The model runs ``runs`` times; ``user`` is the signed-in user, if any; ``timeout`` is each run's limit in
    seconds. With ``no_exception``, the page must have drawn without an exception.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.session_state[KEY_RUNS] = runs
    if user:
        at.session_state[KEY_USER] = user
    at.run()
    name = page.removeprefix("app_pages/").removesuffix(".py")
    if name != "start_page":
        at.switch_page(f"app_pages/{name}.py")
        at.run()
    if no_exception:
        assert not at.exception, [e.value for e in at.exception]
    return at


TEXT_FIELDS = ("label", "body", "help", "placeholder")
PLAIN_OPTIONS = ("Selectbox", "Multiselect")  # shown as plain text (Streamlit's reference); a radio's are Markdown


def _nodes(node):
    kids = getattr(node, "children", None)
    if isinstance(kids, dict):
        for kid in kids.values():
            yield from _nodes(kid)
    else:
        yield node
    for tab in getattr(node, "tab", []) or []:
        yield from _nodes(tab)


def everything_rendered(at: AppTest) -> list[tuple[str, str]]:
    """(element and field, text) for every label, body, help text and option of every element on the page,
    sidebar included, and every text cell of a table: all that Streamlit renders as Markdown."""
    out = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = type(node).__name__
        for field, value in proto.ListFields():
            if field.name in TEXT_FIELDS and isinstance(value, str):
                out.append((f"{kind}.{field.name}", value))
            elif field.name == "options" and kind not in PLAIN_OPTIONS:
                out += [(f"{kind}.options", str(getattr(o, "label", o))) for o in value]
    for t in at.table:
        frame = t.value
        out += [
            ("table", str(x)) for x in [*frame.columns, *frame.index, *frame.to_numpy().ravel()] if isinstance(x, str)
        ]
    return out


def errors(at: AppTest) -> list[str]:
    """The page's error boxes as read on screen (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.error]


def submission(at: AppTest) -> Submission:
    """What the area has added for its submission in this session."""
    return at.session_state[KEY_SCENARIO].submission


# The Goals page, one metric's boxes, at the version the page last drew them with
def _goal_key(at: AppTest, prefix: str, metric: str) -> str:
    return widget_key(prefix, at.session_state[KEY_GOALS_SHOWN][0], metric)


def goal_toggle(at: AppTest, metric: str):
    """The switch that sets the area's own goal for ``metric``."""
    return at.toggle(key=_goal_key(at, GOAL_TOGGLE_PREFIX, metric))


def goal_value(at: AppTest, metric: str):
    """The area's own goal for ``metric``."""
    return at.number_input(key=_goal_key(at, GOAL_WIDGET_PREFIX, metric))


def rationale(at: AppTest, metric: str):
    """The rationale for the goal of ``metric``."""
    return at.text_area(key=_goal_key(at, RATIONALE_WIDGET_PREFIX, metric))


def baseline_toggle(at: AppTest, metric: str):
    """The switch that gives ``metric`` the area's own baseline."""
    return at.toggle(key=_goal_key(at, BASELINE_TOGGLE_PREFIX, metric))


def baseline_source(at: AppTest, metric: str):
    """The source of the area's own baseline for ``metric``."""
    return at.text_input(key=_goal_key(at, BASELINE_SOURCE_PREFIX, metric))


# The Sign-off page, as drawn last
def _signoff_key(at: AppTest, prefix: str, item: object) -> str:
    return widget_key(prefix, at.session_state[KEY_SIGNOFF_DRAWN][0], item)


def statement(at: AppTest, condition: str):
    """The assurance statement for a national condition ('NC1')."""
    return at.text_area(key=_signoff_key(at, ASSURANCE_STATEMENT_PREFIX, condition))


def status(at: AppTest, condition: str):
    """The status chosen for a national condition."""
    return at.selectbox(key=_signoff_key(at, ASSURANCE_STATUS_PREFIX, condition))


def signatory_name(at: AppTest, row: int):
    """The name box of the sign-off list's row ``row`` (0 first)."""
    return at.text_input(key=_signoff_key(at, SIGN_OFF_NAME_PREFIX, row))


def signatory_names(at: AppTest) -> list[str]:
    """Every name in the sign-off list, in order."""
    start = _signoff_key(at, SIGN_OFF_NAME_PREFIX, "")
    return [t.value for t in at.text_input if t.key and t.key.startswith(start)]
