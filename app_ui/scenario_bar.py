"""The scenario bar, in the sidebar of every page.

It shows the area and year loaded, the current scenario and whether it has unsaved changes (``draw_state``, drawn
after the page so it tells what the page has just done), and offers save, save as, open, history, import and
export through the shared scenario store: the one place scenarios are saved. Opening another scenario or
workbook over unsaved changes asks first (``confirm``, at the top of every page).

It runs on every rerun of every page, so an idle rerun costs the store one list of saved scenarios
(shared with the pages through session.stored()); history is read when asked for and an export when
the download starts. A store that cannot be used shows one sentence and is not tried again for
store_handle.RETRY_AFTER_S, so no page waits on it at every rerun; every page keeps working without it.
"""

from __future__ import annotations

import streamlit as st

from app_ui import keys, session
from app_ui.markdown import md
from app_ui.store_handle import MESSAGE_LIMIT, remember_failure, store, unavailable_sentence


def _say(kind: str, text: str) -> None:
    """A message for the next run; `text` is already safe Markdown."""
    st.session_state[keys.KEY_STORE_MESSAGE] = (kind, text)


def _failed(e: Exception) -> None:
    """A store call that was refused: its sentence, or the store remembered as unavailable."""
    from scenarios.store import StoreUnavailable

    if isinstance(e, StoreUnavailable):
        remember_failure(e)  # the sidebar says so from the next run
    else:
        _say("error", md(e, limit=MESSAGE_LIMIT))


_REFUSED = object()


def _with_store(action):
    """``action(store)``, or _REFUSED when the store cannot be used or refuses.

    The store's sentence is shown on the next run.
    """
    from scenarios.store import StoreError

    s = store(show=False)
    if s is None:
        return _REFUSED
    try:
        return action(s)
    except StoreError as e:  # a conflict says whose version is newer; every other refusal says why
        _failed(e)
        return _REFUSED


def _opened_as(name: str, version: int, scenario) -> None:
    """The current scenario is now `scenario`, saved as `name` version `version`, with nothing unsaved."""
    session.set_scenario(scenario)
    st.session_state[keys.KEY_STORE_BASE] = (name, version)
    st.session_state[keys.KEY_BAR_NAME_PENDING] = name
    session.mark_clean()


def save_other(name: str, scenario, plan) -> tuple[int | None, str | None]:
    """Save `scenario` built on `plan` as a new scenario `name` in the store, leaving the current one as it is.

    Returns (its version, None), or (None, why it was not saved: plain text, to be escaped).
    """
    from scenarios.store import StoreError, StoreUnavailable

    s = store(show=False)
    if s is None:
        return None, "the scenario store is not available"
    try:
        version = s.save(name, scenario.model_copy(update={"name": name}), base_plan=plan, viewer=session.viewer())
    except StoreUnavailable as e:
        remember_failure(e)
        return None, "the scenario store is not available"
    except StoreError as e:
        return None, str(e)
    session.forget_stored()
    return version, None


def _save(name: str, as_copy: bool) -> None:
    scenario = session.current_scenario()
    base = st.session_state.get(keys.KEY_STORE_BASE)
    base_version = base[1] if base and base[0] == name and not as_copy else None
    if as_copy:
        version = _with_store(
            lambda s: s.save_as_copy(name, name, scenario, session.edit_plan(), viewer=session.viewer())
        )
    else:
        version = _with_store(lambda s: s.save(name, scenario, base_version=base_version,
                                               base_plan=session.edit_plan(), viewer=session.viewer()))
    if version is _REFUSED:
        return
    _opened_as(name, version, scenario.model_copy(update={"name": name}))
    _say("success", f"Saved '{md(name)}' as version {version}.")


def _open(name: str, version: int | None = None) -> None:
    saved = _with_store(lambda s: s.open(name, version, viewer=session.viewer()))
    if saved is _REFUSED:
        return
    plan = session.current_plan()
    _opened_as(saved.name, saved.version, saved.scenario)
    if saved.base_plan is not None and plan is not None and saved.base_plan.area.code == plan.area.code:
        session.set_edited_lines(saved.base_plan.lines if saved.base_plan.lines != plan.lines else None)
    elif saved.base_plan is not None and plan is not None:
        _say("warning", f"'{md(name)}' was saved for {md(saved.base_plan.area.name)}; its changes are applied to "
                        f"{md(plan.area.name)}, the workbook open now.")
        session.mark_clean()
        return
    session.restart_line_editor()
    session.mark_clean()
    _say("success", f"Opened '{md(name)}' version {saved.version}.")


def _share(name: str) -> None:
    shared = bool(st.session_state.get(keys.BAR_SHARE_PREFIX + name))
    if _with_store(lambda s: s.share(name, shared, viewer=session.viewer())) is _REFUSED:
        return
    _say("success", f"'{md(name)}' is now " + ("shared with everyone who signs in." if shared else "private to you."))


def _history(s, row, me: str | None) -> None:
    """Who saved each version, when, and what changed: read once, then again only after a new save."""
    from scenarios.store import KEEP_VERSIONS, StoreError

    asked = (me, row.name, row.latest_version, row.updated_at)
    kept = st.session_state.get(keys.KEY_STORE_HISTORY)
    if kept is None or kept[0] != asked:
        try:
            kept = (asked, s.versions(row.name, viewer=me))
        except StoreError as e:
            _failed(e)
            return
        st.session_state[keys.KEY_STORE_HISTORY] = kept
    for h in kept[1]:
        st.markdown(f"**v{h.version}** · {h.saved_at:%d %b %Y %H:%M} · {md(h.author)} — {md(h.summary, limit=400)}")
    st.caption(f"The store keeps the latest {KEEP_VERSIONS} versions of each scenario; older ones are removed "
               "when a new version is saved.")


def _export_file(s, name: str, me: str | None):
    """The scenario file, made when the download starts (not on every rerun)."""
    def make() -> str:
        return s.export_json(name, viewer=me)
    return make


UNSAVED = "unsaved changes"


def draw_state(where) -> None:
    """Write in `where` (a sidebar container) the area and year loaded and the current scenario's state.

    Its name, the version it was saved or opened as, and whether it has unsaved changes. Drawn before the page
    and again after it, so an upload or an edit the page has just made shows at once, and a page that stops
    early (``st.stop``, after which nothing more is drawn) still leaves the state in the sidebar.
    """
    plan = session.current_plan()
    scenario = session.current_scenario()
    base = st.session_state.get(keys.KEY_STORE_BASE)
    with where:
        st.caption(f"{md(plan.area.name)} · {plan.year}" if plan is not None else "No plan open")
        state = f" (saved version {base[1]})" if base else " (not saved)"
        if session.unsaved():
            state += f" · **{UNSAVED}**"
        st.caption(f"Scenario: **{md(scenario.name)}**{state}")


def _asked_text(action: tuple) -> str:
    """What the user asked for, in words (safe Markdown)."""
    if action[0] == "open":
        return f"Opening the saved scenario '{md(action[1])}'"
    if action[0] == "workbook":
        return f"Opening the workbook {md(action[1])}"
    if action[0] == "year":
        return f"Reading the workbook's figures for {md(action[1])}"
    return "Opening the demo area"


def confirm() -> None:
    """At the top of the page: ask before what was asked for replaces unsaved changes, while it waits."""
    action = session.pending()
    if action is None:
        return
    editing = md(session.current_scenario().name)
    if session.unsaved():
        st.warning(f"{_asked_text(action)} replaces the scenario you are editing, **{editing}**, which has unsaved "
                   "changes (its changes, goals, capacity settings, assurance or sign-off). Save it first with Save "
                   "in the sidebar, or open anyway and lose those changes.")
    else:
        st.info(f"**{editing}** is saved. {_asked_text(action)} replaces it as the scenario you are editing.")
    c1, c2, _ = st.columns([1, 1, 3])
    if c1.button("Open anyway" if session.unsaved() else "Open", key=keys.CONFIRM_GO):
        session.drop_pending()
        if action[0] == "open":
            _open(action[1])
        elif action[0] == "workbook":
            session.open_workbook(action[1], action[2])
        elif action[0] == "year":
            session.choose_year(action[1])
        else:
            session.open_demo()
        st.rerun()
    if c2.button("Keep editing", key=keys.CONFIRM_STAY, type="primary"):
        if session.drop_pending()[0] == "year":  # the Start page's year goes back to the year read
            st.session_state.pop(keys.START_YEAR, None)
        st.rerun()


def render() -> None:
    """Draw the scenario bar in the sidebar.

    It shows the last store message; unless the app is presenting, an expander to save, open, share,
    import and export scenarios follows. The state of the current scenario is ``draw_state``.
    """
    session.forget_stored()  # this run reads the shared store afresh, once
    message = st.session_state.pop(keys.KEY_STORE_MESSAGE, None)
    slot = st.empty()  # always there, so the expander below keeps its place, and stays open, after a save
    if message:
        getattr(slot, message[0])(message[1])
    if session.presenting():
        return
    stored = session.stored()  # the list of saved scenarios for this run, shared with the page
    s = store()  # after the list: a store that failed while listing shows its sentence here
    if s is None:
        return
    with st.expander("Save, open and share scenarios"):
        if keys.KEY_BAR_NAME_PENDING in st.session_state:
            st.session_state[keys.KEY_BAR_NAME] = st.session_state.pop(keys.KEY_BAR_NAME_PENDING)
        name = st.text_input("Name", key=keys.KEY_BAR_NAME,
                             placeholder="e.g. More reablement")
        c1, c2 = st.columns(2)
        # never disabled: a keyboard user who types a name and presses Tab reaches Save (a button disabled
        # until the name is sent would be skipped by that Tab); an empty name gets a sentence instead
        save, copy = c1.button("Save", key=keys.BAR_SAVE), c2.button("Save as copy", key=keys.BAR_SAVE_COPY)
        if (save or copy) and not name.strip():
            st.warning("Type a name for the scenario, then save it.")
        elif save or copy:
            _save(" ".join(name.split()), as_copy=copy)
            st.rerun()
        me = session.viewer()
        listed = {x.name: x for x in stored.rows}
        if listed:
            def describe(n: str) -> str:  # selectbox options are shown as plain text
                row = listed[n]
                if me is None:
                    return n
                if row.owner == me:
                    return n + (" (shared)" if row.shared else " (private)")
                return f"{n} (shared by {row.owner})"

            pick = st.selectbox("Open a saved scenario", list(listed), key=keys.BAR_OPEN_PICK, format_func=describe)
            if pick not in listed:  # deleted or made private since the list was drawn
                pick = next(iter(listed))
            if st.button("Open", key=keys.BAR_OPEN):
                if session.unsaved():
                    session.ask_first(("open", pick))  # confirm() asks at the top of the page
                else:
                    _open(pick)
                st.rerun()
            if st.toggle("Show history", key=keys.BAR_SHOW_HISTORY,
                         help="Who saved each version of the scenario picked above, when, and what changed."):
                _history(s, listed[pick], me)
            st.download_button("Export as a file (JSON)", data=_export_file(s, pick, me), key=keys.BAR_EXPORT,
                               file_name=f"{pick}.bcf-scenario.json", mime="application/json")
            if me is not None and listed[pick].owner == me:
                st.toggle("Shared with colleagues", value=listed[pick].shared, key=keys.BAR_SHARE_PREFIX + pick,
                          on_change=_share, args=(pick,),
                          help="Shared scenarios can be opened, and saved as new versions, by everyone who signs "
                               "in; only you can delete them or make them private again.")
        upload = st.file_uploader("Import a scenario file", type=["json"], key=keys.BAR_IMPORT,
                                  help="A file exported from BCF Planner (up to 5 MB).")
        if upload is not None and st.session_state.get(keys.KEY_LAST_IMPORT) != upload.file_id:
            st.session_state[keys.KEY_LAST_IMPORT] = upload.file_id
            from scenarios.store import StoreError, StoreUnavailable

            try:
                imported = s.import_json(upload.getvalue().decode("utf-8", errors="replace"), viewer=session.viewer())
            except StoreUnavailable as e:
                remember_failure(e)
                st.error(unavailable_sentence(e.detail))
            except StoreError as e:
                st.error(f"{md(upload.name)}: {md(e, limit=MESSAGE_LIMIT)}")
            else:
                _say("success", f"Imported '{md(imported.name)}'. Open it above.")
                st.rerun()
