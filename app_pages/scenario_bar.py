"""The scenario bar, in the sidebar of every page: the current scenario, and save, save as, open,
history, import and export through the shared scenario store.

It runs on every rerun of every page, so an idle rerun costs the store one list of saved scenarios
(shared with the pages through state._stored()); history is read when asked for and an export when
the download starts. A store that cannot be used shows one sentence and is not tried again for
RETRY_AFTER_S, so no page waits on it at every rerun; every page keeps working without it."""

from __future__ import annotations

import os
import threading
import time

import streamlit as st

from app_pages import state
from app_pages.markdown import md

KEY_BASE = "bcf_store_base"  # (name, version) the current scenario was opened or last saved as
KEY_MESSAGE = "bcf_store_message"  # (st function name, Markdown-safe text) shown on the next run
KEY_HISTORY = "bcf_store_history"  # (what was asked for, versions) once "Show history" is on
RETRY_AFTER_S = 30  # a store that failed is left alone this long before it is tried again
MESSAGE_LIMIT = 2000  # characters of a store message shown (names in it are at most 200 each)

_failures: dict[str, tuple[float, str]] = {}  # database setting -> (when it failed, what happened)
_failures_lock = threading.Lock()
_connecting = threading.Lock()  # one attempt to reach the store at a time; the others then see its outcome


def _setting() -> str:
    """The database setting the store is made from (no I/O): the URL, or the folder of the local file."""
    return os.environ.get("BCF_DATABASE_URL") or f"data-dir:{os.environ.get('BCF_DATA_DIR', '')}"


@st.cache_resource(show_spinner=False)
def _store(setting: str):
    from scenarios.store import Store

    return Store()  # one engine per database setting and server process; every call uses its own connection


def remember_failure(e: Exception) -> None:
    """Leave the store alone for RETRY_AFTER_S after it failed, for every session of this server."""
    detail = getattr(e, "detail", None) or str(e)
    with _failures_lock:
        _failures[_setting()] = (time.monotonic(), detail)


def _recent_failure() -> str | None:
    with _failures_lock:
        failed = _failures.get(_setting())
        if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
            return failed[1]
        _failures.pop(_setting(), None)
        return None


def _unavailable_sentence(detail: str) -> str:
    return (f"The scenario store is not available: {md(detail, limit=MESSAGE_LIMIT)}. You can still model and "
            "export this scenario; ask your administrator to check the database setting (BCF_DATABASE_URL).")


def store(show: bool = True):
    """The shared store, or None when it cannot be used (with one sentence in the sidebar when `show`)."""
    from scenarios.store import StoreError

    with _connecting:
        detail = _recent_failure()
        if detail is None:
            try:
                return _store(_setting())
            except StoreError as e:  # not cached: tried again after RETRY_AFTER_S
                remember_failure(e)
                detail = getattr(e, "detail", None) or str(e)
    if show:
        st.sidebar.error(_unavailable_sentence(detail))
    return None


def viewer() -> str | None:
    """The signed-in user, when sign-in is on: they see their own scenarios and those shared with them."""
    return st.session_state.get("bcf_user")


def _say(kind: str, text: str) -> None:
    """A message for the next run; `text` is already safe Markdown."""
    st.session_state[KEY_MESSAGE] = (kind, text)


def _failed(e: Exception) -> None:
    """A store call that was refused: its sentence, or the store remembered as unavailable."""
    from scenarios.store import StoreUnavailable

    if isinstance(e, StoreUnavailable):
        remember_failure(e)  # the sidebar says so from the next run
    else:
        _say("error", md(e, limit=MESSAGE_LIMIT))


def _save(name: str, as_copy: bool) -> None:
    from scenarios.store import StoreError

    s = store(show=False)
    if s is None:
        return
    scenario = st.session_state[state.KEY_SCENARIO]
    base = st.session_state.get(KEY_BASE)
    base_version = base[1] if base and base[0] == name and not as_copy else None
    try:
        if as_copy:
            version = s.save_as_copy(name, name, scenario, state.edit_plan(), viewer=viewer())
        else:
            version = s.save(name, scenario, base_version=base_version, base_plan=state.edit_plan(), viewer=viewer())
    except StoreError as e:  # a conflict says whose version is newer; every other refusal says why
        _failed(e)
        return
    st.session_state[KEY_BASE] = (name, version)
    st.session_state["bar_name_pending"] = name
    st.session_state[state.KEY_SCENARIO] = scenario.model_copy(update={"name": name})
    _say("success", f"Saved '{md(name)}' as version {version}.")


def _open(name: str, version: int | None = None) -> None:
    from scenarios.store import StoreError

    s = store(show=False)
    if s is None:
        return
    try:
        saved = s.open(name, version, viewer=viewer())
    except StoreError as e:
        _failed(e)
        return
    plan = state.current_plan()
    st.session_state[state.KEY_SCENARIO] = saved.scenario
    st.session_state[KEY_BASE] = (saved.name, saved.version)
    st.session_state["bar_name_pending"] = saved.name
    if saved.base_plan is not None and plan is not None and saved.base_plan.area.code == plan.area.code:
        st.session_state[state.KEY_LINES] = saved.base_plan.lines if saved.base_plan.lines != plan.lines else None
    elif saved.base_plan is not None and plan is not None:
        _say("warning", f"'{md(name)}' was saved for {md(saved.base_plan.area.name)}; its changes are applied to "
                        f"{md(plan.area.name)}, the workbook open now.")
        return
    st.session_state[state.KEY_EDIT_VERSION] += 1
    _say("success", f"Opened '{md(name)}' version {saved.version}.")


def _share(name: str) -> None:
    from scenarios.store import StoreError

    s = store(show=False)
    if s is None:
        return
    shared = bool(st.session_state.get(f"bar_share::{name}"))
    try:
        s.share(name, shared, viewer=viewer())
    except StoreError as e:
        _failed(e)
        return
    _say("success", f"'{md(name)}' is now " + ("shared with everyone who signs in." if shared else "private to you."))


def _history(s, row, me: str | None) -> None:
    """Who saved each version, when, and what changed: read once, then again only after a new save."""
    from scenarios.store import KEEP_VERSIONS, StoreError

    asked = (me, row.name, row.latest_version, row.updated_at)
    kept = st.session_state.get(KEY_HISTORY)
    if kept is None or kept[0] != asked:
        try:
            kept = (asked, s.versions(row.name, viewer=me))
        except StoreError as e:
            _failed(e)
            return
        st.session_state[KEY_HISTORY] = kept
    for h in kept[1]:
        st.markdown(f"**v{h.version}** · {h.saved_at:%d %b %Y %H:%M} · {md(h.author)} — {md(h.summary, limit=400)}")
    st.caption(f"The store keeps the latest {KEEP_VERSIONS} versions of each scenario; older ones are removed "
               "when a new version is saved.")


def _export_file(s, name: str, me: str | None):
    """The scenario file, made when the download starts (not on every rerun)."""
    def make() -> str:
        return s.export_json(name, viewer=me)
    return make


def render() -> None:
    state.forget_stored()  # this run reads the shared store afresh, once
    scenario = st.session_state[state.KEY_SCENARIO]
    base = st.session_state.get(KEY_BASE)
    st.caption(f"Scenario: **{md(scenario.name)}**" + (f" (saved version {base[1]})" if base else " (not saved)"))
    message = st.session_state.pop(KEY_MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
    if state.presenting():
        return
    stored = state._stored()  # the list of saved scenarios for this run, shared with the page
    s = store()  # after the list: a store that failed while listing shows its sentence here
    if s is None:
        return
    with st.expander("Save, open and share scenarios"):
        if "bar_name_pending" in st.session_state:
            st.session_state["bar_name"] = st.session_state.pop("bar_name_pending")
        name = st.text_input("Name", key="bar_name",
                             placeholder="e.g. More reablement")
        c1, c2 = st.columns(2)
        if c1.button("Save", key="bar_save", disabled=not name.strip()):
            _save(" ".join(name.split()), as_copy=False)
            st.rerun()
        if c2.button("Save as copy", key="bar_save_copy", disabled=not name.strip()):
            _save(" ".join(name.split()), as_copy=True)
            st.rerun()
        me = viewer()
        listed = {x.name: x for x in stored.rows}
        if listed:
            def describe(n: str) -> str:  # selectbox options are shown as plain text
                row = listed[n]
                if me is None:
                    return n
                if row.owner == me:
                    return n + (" (shared)" if row.shared else " (private)")
                return f"{n} (shared by {row.owner})"

            pick = st.selectbox("Open a saved scenario", list(listed), key="bar_open_pick", format_func=describe)
            if pick not in listed:  # deleted or made private since the list was drawn
                pick = next(iter(listed))
            if st.button("Open", key="bar_open"):
                _open(pick)
                st.rerun()
            if st.toggle("Show history", key="bar_show_history",
                         help="Who saved each version of the scenario picked above, when, and what changed."):
                _history(s, listed[pick], me)
            st.download_button("Export as a file (JSON)", data=_export_file(s, pick, me), key="bar_export",
                               file_name=f"{pick}.bcf-scenario.json", mime="application/json")
            if me is not None and listed[pick].owner == me:
                st.toggle("Shared with colleagues", value=listed[pick].shared, key=f"bar_share::{pick}",
                          on_change=_share, args=(pick,),
                          help="Shared scenarios can be opened, and saved as new versions, by everyone who signs "
                               "in; only you can delete them or make them private again.")
        upload = st.file_uploader("Import a scenario file", type=["json"], key="bar_import",
                                  help="A file exported from BCF Planner (up to 5 MB).")
        if upload is not None and st.session_state.get("bcf_last_import") != upload.file_id:
            st.session_state["bcf_last_import"] = upload.file_id
            from scenarios.store import StoreError, StoreUnavailable

            try:
                imported = s.import_json(upload.getvalue().decode("utf-8", errors="replace"), viewer=viewer())
            except StoreUnavailable as e:
                remember_failure(e)
                st.error(_unavailable_sentence(e.detail))
            except StoreError as e:
                st.error(f"{md(upload.name)}: {md(e, limit=MESSAGE_LIMIT)}")
            else:
                _say("success", f"Imported '{md(imported.name)}'. Open it above.")
                st.rerun()
