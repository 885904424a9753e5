"""Work in progress that survives a reload.

The work is the open workbook, area and year, the scenario being edited with its lines, goals, capacity settings,
assurance and sign-off, the model's runs and seed, and what was last saved.

Each browser session has a token, a random secret kept in the page's address (``?w=``, put back after every page
change, which clears it). After each run of the app, a change in the work is written to the store under that token
for the signed-in user ("" when sign-in is off; ``scenarios.store_working``). A new session (a reload, or the
address opened again) whose address holds a token picks up the work kept under it, when the same user kept it, and
takes it over under a new token of its own: the session it came from, if still open (a duplicated tab), keeps its
own work under the old token from its next change, so two sessions never write over each other's work. A token
that is not the user's, or that holds nothing, gives nothing.
A store that cannot be used leaves the app working as before, without this.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets

import streamlit as st

from app_ui import session, store_handle
from app_ui.keys import (
    KEY_AREA,
    KEY_BYTES,
    KEY_CLEAN,
    KEY_LAST_UPLOAD,
    KEY_LINES,
    KEY_NAME,
    KEY_RUNS,
    KEY_SCENARIO,
    KEY_SEED,
    KEY_STORE_BASE,
    KEY_WORK_KEPT,
    KEY_WORK_PICKED_UP,
    KEY_WORK_TOKEN,
    KEY_YEAR,
)

log = logging.getLogger(__name__)
TOKEN_PARAM = "w"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def _owner() -> str:
    return session.viewer() or ""


def _snapshot() -> tuple:
    """The work in progress, as compared between runs: only a change is written.

    The workbook is held as its bytes, compared as the same object before any content, so no run hashes it.
    """
    s = st.session_state
    return (s.get(KEY_NAME), s.get(KEY_BYTES), s.get(KEY_AREA), s.get(KEY_YEAR),
            s.get(KEY_SCENARIO), s.get(KEY_LINES), s.get(KEY_RUNS), s.get(KEY_SEED), s.get(KEY_CLEAN),
            s.get(KEY_STORE_BASE))


def _lines_json(lines) -> list | None:
    return None if lines is None else [x.model_dump(mode="json") for x in lines]


def _lines(data: list | None):
    from budget.models import ExpenditureLine

    return None if data is None else tuple(ExpenditureLine.model_validate(x) for x in data)


def state_json() -> str:
    """The work in progress as the JSON text kept in the store (the workbook itself is kept beside it)."""
    s = st.session_state
    clean = s[KEY_CLEAN]  # set by session.init, and by every save, open and read
    base = s.get(KEY_STORE_BASE)
    return json.dumps({
        "name": s.get(KEY_NAME), "area": s.get(KEY_AREA), "year": s.get(KEY_YEAR),
        "runs": s.get(KEY_RUNS), "seed": s.get(KEY_SEED),
        "scenario": s[KEY_SCENARIO].to_json_dict(), "lines": _lines_json(s.get(KEY_LINES)),
        "clean": {"scenario": clean[0].to_json_dict(), "lines": _lines_json(clean[1])},
        "store_base": list(base) if base else None,
    }, ensure_ascii=False, sort_keys=True)


def _apply(text: str, workbook: bytes | None) -> None:
    """Make the session's work the one kept as `text` with `workbook`.

    Raises ValueError (or a subclass), KeyError or TypeError, having changed nothing, when it does not read.
    """
    from scenarios.schema import parse_scenario

    data = json.loads(text)
    values = {
        KEY_NAME: str(data["name"]), KEY_BYTES: workbook, KEY_AREA: data["area"], KEY_YEAR: data["year"],
        KEY_RUNS: int(data["runs"]), KEY_SEED: int(data["seed"]),
        KEY_SCENARIO: parse_scenario(data["scenario"]), KEY_LINES: _lines(data["lines"]),
        KEY_CLEAN: (parse_scenario(data["clean"]["scenario"]), _lines(data["clean"]["lines"])),
    }
    if data["store_base"]:
        name, version = data["store_base"]
        values[KEY_STORE_BASE] = (str(name), int(version))
    if workbook is not None:
        values[KEY_LAST_UPLOAD] = session.workbook_digest(workbook)
    for key, value in values.items():  # only once all of it has read
        st.session_state[key] = value


def _pick_up(token: str, move_to: str) -> dt.datetime | None:
    """The work kept under `token` for this user made the session's, and kept from now under `move_to`.

    Returns when it was last changed, or None when there was none of this user's to pick up.
    """
    from scenarios.store_records import StoreError, StoreUnavailable

    s = store_handle.store(show=False)
    if s is None:
        return None
    try:
        kept = s.working(token, _owner(), move_to=move_to)
    except StoreUnavailable as e:
        store_handle.remember_failure(e)
        return None
    except StoreError:
        return None
    if kept is None or session.workbook_digest(kept.workbook) != kept.workbook_digest:
        return None  # (a copy that does not match is left under the new token, unread, and ages out)
    try:
        _apply(kept.state, kept.workbook)
    except (ValueError, KeyError, TypeError):  # kept by a release that wrote it otherwise: start afresh
        return None
    return kept.updated_at


def _show_token() -> None:
    token = st.session_state[KEY_WORK_TOKEN]
    if st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token


def pick_up() -> None:
    """At each run, after ``session.init``: keep the session's token in the address.

    On the session's first run, first pick up the work kept under the address's token, or start a new token.
    """
    if KEY_WORK_TOKEN not in st.session_state:
        given = st.query_params.get(TOKEN_PARAM)
        token = _new_token()  # every session its own: a duplicated tab never writes over the one it came from
        when = _pick_up(given, move_to=token) if given and TOKEN.fullmatch(given) else None
        st.session_state[KEY_WORK_TOKEN] = token
        st.session_state[KEY_WORK_PICKED_UP] = when
        st.session_state[KEY_WORK_KEPT] = _snapshot()  # what the session starts with is not written again
    _show_token()


def picked_up_once() -> dt.datetime | None:
    """When the work picked up at this session's start was last changed, the first time it is asked; else None."""
    return st.session_state.pop(KEY_WORK_PICKED_UP, None)


def picked_up_words(when: dt.datetime) -> str:
    """What the page says when it picked up the work: its time and date in England."""
    from zoneinfo import ZoneInfo

    local = when.astimezone(ZoneInfo("Europe/London"))
    return f"Picked up where you left off ({local:%H:%M} on {local.day} {local:%B})."


def keep() -> None:
    """After each run: write the work in progress to the store when it changed since it was last kept.

    Never raises: a failure to keep it is logged, and the page the user sees is unaffected.
    """
    try:
        _keep()
    except Exception:  # noqa: BLE001  (the page has been drawn; keeping the work must not spoil it)
        log.exception("the work in progress could not be kept")


def _keep() -> None:
    from scenarios.store_records import StoreError, StoreUnavailable

    token = st.session_state.get(KEY_WORK_TOKEN)
    now = _snapshot()
    if token is None or now == st.session_state.get(KEY_WORK_KEPT):
        return
    s = store_handle.store(show=False)
    if s is None:
        return
    try:
        data = st.session_state.get(KEY_BYTES)
        done = s.keep_working(token, _owner(), state_json(), session.workbook_digest(data), data)
    except StoreUnavailable as e:
        store_handle.remember_failure(e)
        return
    except StoreError:
        return
    if not done:  # the token is another user's: this session's work goes under a new one from the next run
        st.session_state[KEY_WORK_TOKEN] = _new_token()
        _show_token()
        return
    st.session_state[KEY_WORK_KEPT] = now

