"""The scenario bar, in the sidebar of every page: the current scenario, and save, save as, open,
history, import and export through the shared scenario store."""

from __future__ import annotations

import streamlit as st

from app_pages import state

KEY_BASE = "bcf_store_base"  # (name, version) the current scenario was opened or last saved as


@st.cache_resource(show_spinner=False)
def _store():
    from scenarios.store import Store

    return Store()  # one engine per server process; every call uses its own connection


def store():
    from scenarios.store import StoreError

    try:
        return _store()
    except StoreError as e:
        st.sidebar.error(f"The scenario store is not available: {e}. You can still model and export this scenario; "
                         "ask your administrator to check the database setting (BCF_DATABASE_URL).")
        return None


def viewer() -> str | None:
    """The signed-in user, when sign-in is on: they see their own scenarios and those shared with them."""
    return st.session_state.get("bcf_user")


def _save(name: str, as_copy: bool) -> None:
    from scenarios.store import ConflictError, StoreError

    s = store()
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
    except ConflictError as e:
        st.session_state["bcf_store_message"] = ("error", str(e))
        return
    except StoreError as e:
        st.session_state["bcf_store_message"] = ("error", str(e))
        return
    st.session_state[KEY_BASE] = (name, version)
    st.session_state["bar_name_pending"] = name
    st.session_state[state.KEY_SCENARIO] = scenario.model_copy(update={"name": name})
    st.session_state["bcf_store_message"] = ("success", f"Saved '{name}' as version {version}.")


def _open(name: str, version: int | None = None) -> None:
    from scenarios.store import StoreError

    s = store()
    if s is None:
        return
    try:
        saved = s.open(name, version, viewer=viewer())
    except StoreError as e:
        st.session_state["bcf_store_message"] = ("error", str(e))
        return
    plan = state.current_plan()
    st.session_state[state.KEY_SCENARIO] = saved.scenario
    st.session_state[KEY_BASE] = (saved.name, saved.version)
    st.session_state["bar_name_pending"] = saved.name
    if saved.base_plan is not None and plan is not None and saved.base_plan.area.code == plan.area.code:
        st.session_state[state.KEY_LINES] = saved.base_plan.lines if saved.base_plan.lines != plan.lines else None
    elif saved.base_plan is not None and plan is not None:
        st.session_state["bcf_store_message"] = (
            "warning", f"'{name}' was saved for {saved.base_plan.area.name}; its changes are applied to "
                       f"{plan.area.name}, the workbook open now.")
        return
    st.session_state[state.KEY_EDIT_VERSION] += 1
    st.session_state["bcf_store_message"] = ("success", f"Opened '{name}' version {saved.version}.")


def _share(name: str) -> None:
    from scenarios.store import StoreError

    s = store()
    if s is None:
        return
    shared = bool(st.session_state.get(f"bar_share::{name}"))
    try:
        s.share(name, shared, viewer=viewer())
    except StoreError as e:
        st.session_state["bcf_store_message"] = ("error", str(e))
        return
    st.session_state["bcf_store_message"] = (
        "success", f"'{name}' is now " + ("shared with everyone who signs in." if shared else "private to you."))


def render() -> None:
    scenario = st.session_state[state.KEY_SCENARIO]
    base = st.session_state.get(KEY_BASE)
    st.caption(f"Scenario: **{scenario.name}**" + (f" (saved version {base[1]})" if base else " (not saved)"))
    message = st.session_state.pop("bcf_store_message", None)
    if message:
        getattr(st, message[0])(message[1])
    if state.presenting():
        return
    s = store()
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
        listed = {x.name: x for x in s.list(viewer=me)}
        if listed:
            def describe(n: str) -> str:
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
            with st.popover("History"):
                for h in s.history(pick, viewer=me):
                    st.markdown(f"**v{h.version}** · {h.saved_at:%d %b %Y %H:%M} · {h.author} — {h.summary}")
            st.download_button("Export as a file (JSON)", data=s.export_json(pick, viewer=me), key="bar_export",
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
            from scenarios.store import StoreError

            try:
                imported = s.import_json(upload.getvalue().decode("utf-8", errors="replace"), viewer=viewer())
                st.success(f"Imported '{imported.name}'. Open it above.")
            except StoreError as e:
                st.error(f"{upload.name}: {e}")
