"""The plan as submitted, on the Sign-off page: "Mark as submitted" and the list of submitted records.

Only a scenario saved in the store, with no unsaved changes, can be marked: the record keeps that saved version
and its plan (``scenarios.store_submitted``), so what was submitted is what anyone opening that version sees.
Marking again after more changes adds a new record; every record stays listed.
"""

from __future__ import annotations

import streamlit as st

from app_ui import keys, session
from app_ui.markdown import md, table
from app_ui.store_handle import MESSAGE_LIMIT, remember_failure, store


def readiness() -> tuple[tuple[str, int] | None, str]:
    """The (name, version) that "Mark as submitted" would mark, or None and why not, in a sentence."""
    base = st.session_state.get(keys.KEY_STORE_BASE)
    if base is None:
        return None, ("Save the scenario in the sidebar first: only a saved scenario can be marked as submitted, so "
                      "the record keeps the version saved.")
    if session.unsaved():
        return None, (f"Save your changes to '{md(base[0])}' first: the record keeps a saved version, and this one "
                      "has changes not yet saved.")
    return base, ""


def _mark(name: str, version: int) -> None:
    from scenarios.store_records import StoreError, StoreUnavailable

    s = store(show=False)
    if s is None:
        return
    try:
        r = s.submit(name, version, viewer=session.viewer())
    except StoreUnavailable as e:
        remember_failure(e)
        return
    except StoreError as e:
        st.session_state[keys.KEY_SUBMITTED_MESSAGE] = ("error", md(e, limit=MESSAGE_LIMIT))
        return
    st.session_state[keys.KEY_SUBMITTED_MESSAGE] = (
        "success", f"Marked version {r.scenario_version} of '{md(name)}' as submitted on "
                   f"{r.submitted_at:%d %b %Y at %H:%M} by {md(r.submitted_by)} (submission {r.number}). Later "
                   "changes do not alter this record; mark it again to add a new one.")


def rows(records) -> list[dict]:
    """The submitted records as the page's table shows them, newest first."""
    return [{"Scenario": r.name + (f" (submitted as '{r.scenario_name}')" if r.scenario_name != r.name else ""),
             "Submission": r.number, "Version": r.scenario_version, "Area": f"{r.area_name} ({r.area_code})",
             "Year": r.year, "Marked by": r.submitted_by, "Marked on": f"{r.submitted_at:%d/%m/%Y %H:%M}"}
            for r in records]


def render() -> None:
    """The "Submitted records" section: the button (or why it cannot be used yet) and the records listed."""
    st.subheader("Submitted records")
    st.caption("Marking the plan as submitted keeps a read-only record of the saved scenario, its plan, goals, "
               "capacity settings, assurance and sign-off, with the date and who marked it.")
    said = st.session_state.pop(keys.KEY_SUBMITTED_MESSAGE, None)
    if said:
        getattr(st, said[0])(said[1])
    s = store(show=False)
    if s is None:
        st.info("The scenario store is not available, so the plan cannot be marked as submitted now.")
        return
    target, why = readiness()
    if target is None:
        st.info(why)
    st.button("Mark as submitted", key=keys.SIGNOFF_MARK_SUBMITTED, disabled=target is None,
              on_click=_mark, args=target or ("", 0))
    from scenarios.store_records import StoreError, StoreUnavailable

    try:
        records = s.submitted(viewer=session.viewer())
    except StoreUnavailable as e:
        remember_failure(e)
        return
    except StoreError as e:
        st.error(md(e, limit=MESSAGE_LIMIT))
        return
    if records:
        table(rows(records))
    else:
        st.caption("No plan has been marked as submitted yet.")
