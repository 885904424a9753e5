"""Per-session state of the app.

The open workbook, the chosen area, the scenario being edited (and what it was last saved, opened or read
as, so unsaved changes show), the signed-in user, presentation mode and the shared store's scenarios as this
session sees them: the store is the one place scenarios are saved. Parsed
workbooks are cached by content (``load_workbook``).

Pages change the session only through the functions below; every session key is named in
``app_ui.keys``, and widgets kept in step with the scenario use ``app_ui.widget_sync``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import streamlit as st

from app_ui import store_handle, widget_sync
from app_ui.keys import (
    KEY_AREA,
    KEY_BYTES,
    KEY_CLEAN,
    KEY_EDIT_ERROR,
    KEY_EDIT_VERSION,
    KEY_GOALS_SHOWN,
    KEY_LAST_UPLOAD,
    KEY_LINES,
    KEY_MADE_PLAN,
    KEY_MAKE_PLAN_CONFIRM,
    KEY_NAME,
    KEY_PENDING,
    KEY_PRESENT,
    KEY_RUNS,  # also read from here by tools that set the runs before a page is drawn
    KEY_SCENARIO,
    KEY_SEED,
    KEY_SIGNOFF_DRAWN,
    KEY_STORE_BASE,
    KEY_STORED,
    KEY_USER,
    KEY_YEAR,
    LINES_EDITOR_PREFIX,
    START_YEAR,
)
from app_ui.stored_list import STORE_PREFIX
from app_ui.stored_list import Stored as _Stored
from budget.models import REFERENCE_NAME, LoadError, LoadResult, Plan
from budget.readers.safety import MAX_FILE_BYTES

MAX_UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)
MAX_BUILT = 6
BASE_NAME = REFERENCE_NAME
EDIT_NAME = "Current edit"


def init() -> None:
    """Set every session key a page reads to its starting value, where it is not set already.

    The demo area, no area or year chosen, an empty current edit with nothing unsaved, presentation
    off, 1,000 runs with seed 1, the lines as submitted.
    """
    from scenarios.schema import Scenario

    st.session_state.setdefault(KEY_NAME, "demo")
    st.session_state.setdefault(KEY_BYTES, None)
    st.session_state.setdefault(KEY_AREA, None)
    st.session_state.setdefault(KEY_YEAR, None)
    st.session_state.setdefault(KEY_SCENARIO, Scenario(name=EDIT_NAME))
    st.session_state.setdefault(KEY_PRESENT, False)
    st.session_state.setdefault(KEY_RUNS, 1000)
    st.session_state.setdefault(KEY_SEED, 1)
    st.session_state.setdefault(KEY_LINES, None)
    st.session_state.setdefault(KEY_EDIT_VERSION, 0)
    st.session_state.setdefault(KEY_CLEAN, (st.session_state[KEY_SCENARIO], st.session_state[KEY_LINES]))


# --- the signed-in user -------------------------------------------------------------------------

def viewer() -> str | None:
    """The signed-in user, when sign-in is on: they see their own scenarios and those shared with them."""
    return st.session_state.get(KEY_USER)


def set_viewer(email: str) -> None:
    """Remember `email` as the signed-in user."""
    st.session_state[KEY_USER] = email


# --- the open workbook --------------------------------------------------------------------------

def workbook_digest(data: bytes | None) -> str:
    """What identifies a workbook's content: the SHA-256 of its bytes, or "demo" for the demo area (None)."""
    return hashlib.sha256(data).hexdigest() if data is not None else "demo"


@st.cache_data(show_spinner=False, max_entries=32)
def load_workbook(digest: str, name: str, data: bytes | None, year: str | None = None) -> LoadResult | LoadError:
    """A workbook as read, cached by `digest` (``workbook_digest(data)``), or the LoadError reading it raised.

    A plan with expenditure lines but no localities gets one area-wide locality with its area's published
    population (``budget.areas.area_wide_plan``), so every page models it; ``guards.area_wide_note`` says so.

    Args:
        digest: ``workbook_digest(data)``, the cache's key for the content.
        name: the file name, said in problems and on the Budget page.
        data: the workbook's bytes; None reads the demo area.
        year: the year to read from a workbook that holds two; None: the reader's choice.
    """
    from budget.readers import load_bytes

    if data is None:
        from budget.demo import demo_workbook_bytes

        data = demo_workbook_bytes()
    from budget.areas import area_wide_plan

    try:
        result = load_bytes(data, name=name, year=year)
    except LoadError as e:  # cached too, so a bad file is not re-parsed on every rerun
        return e
    # a plan with no localities (the national template's shape) is modelled as one with its area's population
    return result.model_copy(update={"plans": tuple(area_wide_plan(p) for p in result.plans)})


def current() -> LoadResult | LoadError:
    """The open workbook as read (cached by content), or the LoadError that reading it raised."""
    data = st.session_state[KEY_BYTES]
    return load_workbook(workbook_digest(data), st.session_state[KEY_NAME], data, st.session_state.get(KEY_YEAR))


def current_plan() -> Plan | None:
    """The chosen area's plan in the open workbook.

    The first area when none is chosen or the chosen one is not in it; None when the workbook did not
    read or holds no plans.
    """
    result = current()
    if isinstance(result, LoadError) or not result.plans:
        return None
    code = st.session_state.get(KEY_AREA)
    return next((p for p in result.plans if p.area.code == code), result.plans[0])


def _reset_scenarios() -> None:
    """Start the scenarios afresh on the open workbook.

    The current edit carries the Submission read from it when it is a submission copy
    (``LoadResult.submission``), else an empty one; it is a new scenario, not saved, with nothing unsaved.
    """
    from scenarios.schema import Scenario

    result = current()
    read = result.submission if isinstance(result, LoadResult) else None
    scenario = Scenario(name=EDIT_NAME)
    if read is not None:
        scenario = scenario.model_copy(update={"submission": read})
    st.session_state[KEY_SCENARIO] = scenario
    st.session_state[KEY_LINES] = None
    st.session_state[KEY_EDIT_VERSION] = st.session_state.get(KEY_EDIT_VERSION, 0) + 1
    st.session_state.pop(KEY_STORE_BASE, None)  # the new scenario is not a version of the one saved before
    mark_clean()


def _open_workbook(name: str, data: bytes | None) -> None:
    """Make `data` (None: the demo area) the open workbook, on its first area, with no scenarios."""
    st.session_state[KEY_NAME] = name
    st.session_state[KEY_BYTES] = data
    st.session_state[KEY_AREA] = None
    st.session_state[KEY_YEAR] = None
    st.session_state.pop(START_YEAR, None)  # the Start page shows the new workbook's own year
    _reset_scenarios()


def choose_year(year: str) -> None:
    """Read the open workbook for `year`, one of the years it holds; scenarios start afresh on its lines."""
    st.session_state[KEY_YEAR] = year
    _reset_scenarios()


def open_workbook(name: str, data: bytes) -> None:
    """Make the workbook `data`, already read without error, the open workbook, with a new scenario."""
    _open_workbook(name, data)


def open_upload(name: str, data: bytes) -> LoadResult | LoadError:
    """Try an uploaded workbook; keep it only if it reads, so a bad file never loses the current one.

    With unsaved changes it is not opened but asked for (``pending()``): the user confirms or keeps editing.
    """
    digest = workbook_digest(data)
    result = load_workbook(digest, name, data)
    if st.session_state.get(KEY_LAST_UPLOAD) == digest:
        return result  # the same upload seen again on a rerun: keep what the user has open now
    st.session_state[KEY_LAST_UPLOAD] = digest
    if isinstance(result, LoadResult):
        if unsaved():
            ask_first(("workbook", name, data))
        else:
            _open_workbook(name, data)
    return result


def read_from_workbook(result: LoadResult) -> str | None:
    """What a submission copy brought with it, in words.

    E.g. "Read from the workbook: 2 goals, 3 assurance statements, 2 signatories"; None when the workbook is
    not a submission copy.
    """
    from budget.submission import read_back_words

    if result.submission is None:
        return None
    return "Read from the workbook: " + read_back_words(result.submission)


def is_last_upload(data: bytes) -> bool:
    """Whether `data` is the upload last seen (kept or not), so a rerun does not open it again."""
    return st.session_state.get(KEY_LAST_UPLOAD) == workbook_digest(data)


def open_demo() -> None:
    """Make the demo area the open workbook, with no scenarios."""
    _open_workbook("demo", None)


def workbook_key() -> str:
    """Identifies the open workbook and area, for caching what is built from them."""
    return (f"{workbook_digest(st.session_state[KEY_BYTES])}|{st.session_state.get(KEY_AREA)}|"
            f"{st.session_state.get(KEY_YEAR)}")


# --- the scenario being edited ------------------------------------------------------------------

def current_scenario():
    """The scenario being edited (scenarios.schema.Scenario)."""
    return st.session_state[KEY_SCENARIO]


def set_scenario(scenario) -> None:
    """Make `scenario` the one being edited."""
    st.session_state[KEY_SCENARIO] = scenario


def set_stance(stance: str):
    """The current scenario with the evidence stance `stance`, kept as the one being edited."""
    scenario = current_scenario()
    if stance != scenario.stance:
        scenario = scenario.model_copy(update={"stance": stance})
        set_scenario(scenario)
    return scenario


def set_optimism_bias(on: bool):
    """The current scenario with the optimism-bias adjustment on or off, kept as the one being edited."""
    scenario = current_scenario()
    if bool(on) != scenario.optimism_bias:
        scenario = scenario.model_copy(update={"optimism_bias": bool(on)})
        set_scenario(scenario)
    return scenario


def submission():
    """What the area adds for its submission (budget.submission.Submission).

    Goals, capacity settings, assurance and sign-off. It travels with the scenario being edited, so
    saving that scenario keeps it.
    """
    return current_scenario().submission


def set_submission(value) -> None:
    """Keep `value` (a Submission) with the scenario being edited; model results are unaffected."""
    scenario = current_scenario()
    if value != scenario.submission:
        set_scenario(scenario.model_copy(update={"submission": value}))


def set_signoff(value) -> None:
    """Keep the Sign-off page's answers (a Submission) with the scenario being edited.

    They are recorded as what its widgets now show (``widget_sync.drawn``), so the widgets keep what was typed.
    """
    set_submission(value)
    widget_sync.drawn(KEY_SIGNOFF_DRAWN, signoff_shown(value))


def signoff_shown(value) -> tuple:
    """What the Sign-off page's widgets show of a Submission: its assurance statements and its sign-off."""
    return value.assurance, value.sign_off


def set_goals(value) -> None:
    """Keep the Goals page's answers (a Submission) with the scenario, recorded as what its boxes show."""
    set_submission(value)
    widget_sync.drawn(KEY_GOALS_SHOWN, value.goals)


def base_scenario():
    """The plan as submitted: the current scenario with its name BASE_NAME and its changes removed."""
    from scenarios.schema import reference_scenario

    return reference_scenario(current_scenario())


def presenting() -> bool:
    """Whether presentation mode is on."""
    return bool(st.session_state.get(KEY_PRESENT))


def runs() -> int:
    """Monte Carlo runs, as set on the Impact page."""
    return int(st.session_state[KEY_RUNS])


def edited_lines():
    """The current edit's expenditure lines, or None when they are the lines as submitted."""
    return st.session_state.get(KEY_LINES)


def set_edited_lines(lines) -> None:
    """The current edit's expenditure lines (None: the lines as submitted)."""
    st.session_state[KEY_LINES] = lines


def edit_plan() -> Plan | None:
    """The plan as currently edited on the Plan page (the submitted plan when nothing was edited)."""
    plan = current_plan()
    lines = edited_lines()
    if plan is None or lines is None:
        return plan
    return plan.model_copy(update={"lines": tuple(lines)})


def line_editor_key() -> str:
    """The widget key of the Plan page's line editor; a new one after restart_line_editor()."""
    return f"{LINES_EDITOR_PREFIX}{st.session_state[KEY_EDIT_VERSION]}"


def line_editor_changes() -> dict:
    """The rows changed in the Plan page's line editor since it was last drawn afresh: row -> column -> value."""
    return st.session_state.get(line_editor_key(), {}).get("edited_rows", {})


def restart_line_editor() -> None:
    """Draw the Plan page's line editor afresh on the current lines at the next run."""
    st.session_state[KEY_EDIT_VERSION] += 1


def note_edit_error(text: str) -> None:
    """Say why the last edit of the lines was not applied, to be shown once (`take_edit_error`)."""
    st.session_state[KEY_EDIT_ERROR] = text


def take_edit_error() -> str | None:
    """Why the last edit of the lines was not applied, once (None when it was)."""
    return st.session_state.pop(KEY_EDIT_ERROR, None)


def adopt_made_plan(made) -> None:
    """Make a scenario made into plan lines (a ``scenarios.make_plan.MadePlan``) the current edit.

    Its lines become the current edit's lines and the current scenario keeps only the changes left to
    model later years; the line editor starts afresh on the new lines, the confirmation box is cleared,
    and what was written is kept to be said once (`take_made_plan`).
    """
    set_edited_lines(tuple(made.lines))
    set_scenario(current_scenario().model_copy(update={"changes": tuple(made.kept)}))
    restart_line_editor()
    st.session_state.pop(KEY_MAKE_PLAN_CONFIRM, None)
    st.session_state[KEY_MADE_PLAN] = made


def take_made_plan():
    """What "Make this the plan" last wrote, once (None when nothing has been written since it was shown)."""
    return st.session_state.pop(KEY_MADE_PLAN, None)


# --- unsaved changes, and what waits for the user to confirm ------------------------------------

def mark_clean() -> None:
    """The current scenario and its lines, as they are now, are what was last saved, opened or read."""
    st.session_state[KEY_CLEAN] = (current_scenario(), edited_lines())


def unsaved() -> bool:
    """Whether anything in the current scenario differs from what was last saved, opened or read.

    Its changes, settings, lines, goals, capacity profile and shares, assurance statements and sign-off.
    """
    clean = st.session_state.get(KEY_CLEAN)
    return clean is None or clean != (current_scenario(), edited_lines())


def ask_first(action: tuple) -> None:
    """Keep `action` until the user confirms it would replace unsaved changes, or keeps editing.

    ("open", scenario name), ("workbook", file name, bytes), ("year", year to read) or ("demo",).
    """
    st.session_state[KEY_PENDING] = action


def pending() -> tuple | None:
    """What waits for the user's confirmation (``ask_first``), or None."""
    return st.session_state.get(KEY_PENDING)


def drop_pending() -> tuple | None:
    """Forget what waits for confirmation, returning it."""
    return st.session_state.pop(KEY_PENDING, None)


# --- scenarios in the shared store --------------------------------------------------------------

def stored() -> _Stored:
    """Scenarios in the shared store, as name -> (Scenario, lines or None), for the open area.

    Its ``rows`` are every scenario listed, for the scenario bar.

    Read once per script run for the signed-in viewer (the scenario bar calls forget_stored() as each
    run starts) and kept in this session only: scenarios are private to their owner unless shared, so
    nothing read here is shared between sessions. A store that cannot be read gives no scenarios.
    """
    me = viewer()
    identity = (me, workbook_key())
    memo = st.session_state.get(KEY_STORED)
    if memo is not None and memo[0] == identity:
        return memo[1]
    out = _Stored()
    try:
        from scenarios.store import StoreUnavailable

        s = store_handle.store(show=False)
        if s is not None:
            try:
                out = _Stored(s.list(viewer=me), s, me, current_plan())
            except StoreUnavailable as e:
                store_handle.remember_failure(e)
    except Exception:
        out = _Stored()
    st.session_state[KEY_STORED] = (identity, out)
    return out


def forget_stored() -> None:
    """Read the shared store afresh the next time it is asked for."""
    st.session_state.pop(KEY_STORED, None)


class _Available(Mapping):
    """The plan as submitted and the current edit, then those in the shared store, opened only when asked for.

    The stored scenario the current edit was opened or saved as is left out while nothing is unsaved and no
    newer version has been saved: it is the current edit, and listing it twice would show one scenario twice.
    """

    def __init__(self, first: dict, stored: _Stored, same: str | None = None):
        self._first, self._stored, self._same = first, stored, same

    def __getitem__(self, key: str):
        if key in self._first:
            return self._first[key]
        if key == self._same:
            raise KeyError(key)
        return self._stored[key][0]

    def __contains__(self, key: object) -> bool:
        return key in self._first or (key != self._same and key in self._stored)

    def __iter__(self):
        yield from self._first
        yield from (k for k in self._stored if k not in self._first and k != self._same)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def scenarios_available() -> Mapping:
    """Every scenario this session can show.

    The plan as submitted, the current edit and those in the shared store (opened only when one is looked
    up), each once: the Compare page, the Export page and the board pack read this one list.
    """
    out = {BASE_NAME: base_scenario(), EDIT_NAME: current_scenario()}
    listed = stored()
    base = st.session_state.get(KEY_STORE_BASE)
    latest = {r.name: r.latest_version for r in listed.rows}
    same = STORE_PREFIX + base[0] if base and latest.get(base[0]) == base[1] and not unsaved() else None
    return _Available(out, listed, same)
