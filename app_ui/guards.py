"""What a page checks before it draws anything, and the one way a page runs the model.

``require_readable`` and ``require_lines`` stop the page with one sentence when the workbook did not read
or the plan has no expenditure lines. ``area_wide_note`` says when a plan with no localities is modelled as one
area-wide locality. ``modelled`` runs the model (or the optimiser, or the capacity plan)
and turns the failures a user can cause, a scenario that cannot be applied to this plan or an input the
model refuses, into one plain sentence, stopping the page where nothing after it can be drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from app_ui.markdown import md
from budget.models import LoadError

NO_LINES = "Open a plan with expenditure lines first (Start page)."
T = TypeVar("T")


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


def area_wide_note(plan) -> None:
    """Say, on a page that shows results, that a plan with no localities is modelled as one area-wide locality.

    The sentence (``budget.areas.area_wide``) gives the area's published population and baselines used, and how
    to add localities; nothing is drawn for a plan with its own localities, or for no plan.
    """
    from budget.areas import area_wide

    whole = area_wide(plan) if plan is not None else None
    if whole is not None:
        st.info(md(whole.sentence))


def modelled(run: Callable[[], T], before: str, after: str = "", *, spinner: str | None = None,
             stop: bool = True, refused: tuple[str, str] | None = None) -> T | None:
    """What ``run()`` returns, or one sentence saying why it could not be worked out.

    A ``scenarios.schema.ScenarioError`` (a change that cannot be applied to this plan) or a ``ValueError``
    (an input the model refuses) is shown as an error: `before`, the reason (escaped), then `after`. A
    ``scenarios.schema.PlanError`` (the plan itself cannot be modelled, whatever its changes) is shown as a
    warning with `before` and the reason alone, which says what the plan needs: `after` is advice about a
    change, which would mislead there.

    Args:
        run: the model run, e.g. ``lambda: results.results_for(scenario)``.
        before: the page's own words before the reason (Markdown; text from outside already through ``md``).
        after: the page's own words after the reason.
        spinner: a message shown while ``run()`` works, if any.
        stop: stop the page after the error (the default); else return None and let the page go on.
        refused: the words before and after the reason for a plain ``ValueError`` (an input of the page
            refused, such as the Optimise page's limits), where it is said apart from a scenario that cannot
            be applied; then a ScenarioError shows its messages alone, between `before` and `after`.

    Returns:
        ``run()``'s result; None when it failed and `stop` is False.
    """
    try:
        if spinner is None:
            return run()
        with st.spinner(spinner):
            return run()
    except ValueError as e:  # PlanError and ScenarioError among them
        explain(e, before, after, stop=stop, refused=refused)
        return None


def explain(e: ValueError, before: str, after: str = "", *, stop: bool = True,
            refused: tuple[str, str] | None = None) -> None:
    """Say why a model run failed with `e`, as ``modelled`` says it (same arguments), then stop the page if `stop`.

    For a page that has already caught the error (the Compare page, which says a PlanError once for every scenario).
    """
    from scenarios.schema import PlanError, ScenarioError

    if isinstance(e, PlanError):
        st.warning(before + md(e) + ".")
    elif refused is not None and not isinstance(e, ScenarioError):
        st.error(refused[0] + md(e) + refused[1])
    elif refused is not None:
        st.error(before + md(" ".join(e.messages)) + after)
    else:
        st.error(before + md(e) + after)
    if stop:
        st.stop()
