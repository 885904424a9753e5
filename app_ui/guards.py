"""What a page checks before it draws anything: a workbook that reads, a plan with expenditure lines.

Each stops the page with one sentence when the check fails.
"""

from __future__ import annotations

import streamlit as st

from app_ui.markdown import md
from budget.models import LoadError

NO_LINES = "Open a plan with expenditure lines first (Start page)."


def require_readable(result, before: str, after: str):
    """`result` when the workbook was read; else its first problems between `before` and `after`, and stop."""
    if isinstance(result, LoadError):
        st.error(before + "; ".join(md(p) for p in result.problems[:5]) + after)
        st.stop()
    return result


def require_lines(plan, message: str = NO_LINES, title: str | None = None):
    """`plan` when it has expenditure lines; else `title` (when given) and `message`, and stop."""
    if plan is None or not plan.lines:
        if title is not None:
            st.title(title)
        st.error(message)
        st.stop()
    return plan
