"""Per-session state of the app.

The open workbook, the chosen area, the scenario being edited and those saved in this session,
presentation mode. Parsed workbooks and model results are cached by content.

Every session key the app reads or writes is named here, and pages change the session only through
the functions below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import streamlit as st

from app_ui import store_handle
from budget.models import REFERENCE_NAME, LoadError, LoadResult, Plan
from budget.readers.safety import MAX_FILE_BYTES

# The open workbook and area
KEY_NAME = "bcf_workbook_name"
KEY_BYTES = "bcf_workbook_bytes"
KEY_AREA = "bcf_area_code"  # also the Start page's choice of area
KEY_YEAR = "bcf_year"  # the year read from a workbook that holds two (a 2023-25 plan); None: the reader's choice
KEY_LAST_UPLOAD = "bcf_last_upload_digest"
# The scenario being edited, and those saved in this session
KEY_SCENARIO = "bcf_scenario"  # the current edit (scenarios.schema.Scenario)
KEY_SAVED = "bcf_saved_scenarios"  # name -> Scenario, this session
KEY_LINES = "bcf_edited_lines"  # the current edit's expenditure lines, when edited on the Plan page
KEY_SAVED_LINES = "bcf_saved_lines"  # name -> edited lines of a saved scenario
KEY_EDIT_VERSION = "bcf_lines_editor_version"  # a new number starts the Plan page's line editor afresh
KEY_EDIT_ERROR = "bcf_edit_error"  # why the last edit of the lines was not applied, shown once
KEY_MADE_PLAN = "bcf_made_plan"  # what "Make this the plan" last wrote (scenarios.make_plan.MadePlan), shown once
KEY_MAKE_PLAN_CONFIRM = "make_plan_confirm"  # the Plan page's "I understand the lines will be rewritten" box
KEY_MAKE_PLAN_BUTTON = "make_plan_button"  # the Plan page's "Make this the plan" button
LINES_EDITOR_PREFIX = "lines_editor_"  # + the editor version: the Plan page's line editor
# Model settings, presentation and sign-in
KEY_PRESENT = "bcf_presentation"
KEY_RUNS = "bcf_runs"
KEY_SEED = "bcf_seed"
KEY_USER = "bcf_user"  # the signed-in user's e-mail address, when sign-in is on
# The shared scenario store, and the scenario bar
KEY_STORED = "bcf_stored_this_run"  # the shared store as read in this script run, see stored()
KEY_STORE_BASE = "bcf_store_base"  # (name, version) the current scenario was opened or last saved as
KEY_STORE_MESSAGE = "bcf_store_message"  # (st function name, Markdown-safe text) shown on the next run
KEY_STORE_HISTORY = "bcf_store_history"  # (what was asked for, versions) once "Show history" is on
KEY_LAST_IMPORT = "bcf_last_import"  # file id of the scenario file imported last
KEY_BAR_NAME = "bar_name"  # the scenario bar's name box
KEY_BAR_NAME_PENDING = "bar_name_pending"  # a name for that box, set before it is drawn on the next run
BAR_SHARE_PREFIX = "bar_share::"  # + a scenario name: the scenario bar's "Shared with colleagues" toggle
# What is built from results, kept in this session only
KEY_PACK_OPTIONS = "export_pack_options"  # the saved scenarios the author chose for the board pack
KEY_EXPORT_COMPARE = "export_compare"  # the scenarios chosen for the comparison workbook
KEY_PACK = "bcf_board_pack"  # (inputs key, pptx bytes, note) of the last board pack built in this session
KEY_BUILT = "bcf_built_files"  # results key -> bytes built from them, in this session only
GOAL_WIDGET_PREFIX = "goal_value::"  # + metric: the Goals page's number box
RATIONALE_WIDGET_PREFIX = "goal_rationale::"  # + metric: the Goals page's rationale box
GOAL_TOGGLE_PREFIX = "goal_own::"  # + metric: the Goals page's "Set our own goal" toggle
BASELINE_TOGGLE_PREFIX = "goal_baseline_own::"  # + metric: its "Use our own baseline" toggle
BASELINE_WIDGET_PREFIX = "goal_baseline::"  # + metric: the Goals page's own-baseline number box
BASELINE_PERIOD_PREFIX = "goal_baseline_period::"  # + metric: its period
BASELINE_SOURCE_PREFIX = "goal_baseline_source::"  # + metric: its source
# The Sign-off page: its widgets' keys carry a version, renewed when the answers change elsewhere
KEY_SIGNOFF_DRAWN = "bcf_signoff_drawn"  # (version, (assurance, sign-off)) the page's widgets last showed
ASSURANCE_STATEMENT_PREFIX = "assurance_statement::"  # + version::condition code: the statement box
ASSURANCE_STATUS_PREFIX = "assurance_status::"  # + version::condition code: the status select
SIGN_OFF_NAME_PREFIX = "sign_off_name::"  # + version::row number: a signatory's name
SIGN_OFF_ORG_PREFIX = "sign_off_org::"  # + version::row number: the organisation, where the plan names none
SIGN_OFF_DATE_PREFIX = "sign_off_date::"  # + version::row number: the date signed
OPTIMISED_PREFIX = "bcf_opt::"  # + a digest of the Optimise page's inputs: what it found for them
CAPACITY_MONTH_PREFIX = "capacity_month::"  # + month index 0 (April) to 11: the Capacity page's profile boxes
CAPACITY_FORM = "capacity_profile"  # the Capacity page's seasonal profile form
KEY_CAPACITY_SHOWN = "bcf_capacity_profile_shown"  # the profile the Capacity page's boxes were last drawn for
CAPACITY_SHARE_PREFIX = "capacity_share::"  # + P0 to P3, "source" or "period": the Capacity page's pathway-share boxes
CAPACITY_SHARES_FORM = "capacity_shares"  # the Capacity page's pathway shares form
KEY_CAPACITY_SHARES_SHOWN = "bcf_capacity_shares_shown"  # the shares the Capacity page's share boxes were drawn for
KEY_GOALS_SHOWN = "bcf_goals_shown"  # the goals the Goals page's boxes were last drawn for

MAX_UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)
MAX_BUILT = 6
MAX_STORED_SHOWN = 50  # saved scenarios offered for comparison and export
BASE_NAME = REFERENCE_NAME
EDIT_NAME = "Current edit"
STORE_PREFIX = "Saved: "


def init() -> None:
    """Set every session key a page reads to its starting value, where it is not set already.

    The demo area, no area or year chosen, an empty current edit and no saved scenarios, presentation
    off, 1,000 runs with seed 1, the lines as submitted.
    """
    from scenarios.schema import Scenario

    st.session_state.setdefault(KEY_NAME, "demo")
    st.session_state.setdefault(KEY_BYTES, None)
    st.session_state.setdefault(KEY_AREA, None)
    st.session_state.setdefault(KEY_YEAR, None)
    st.session_state.setdefault(KEY_SCENARIO, Scenario(name=EDIT_NAME))
    st.session_state.setdefault(KEY_SAVED, {})
    st.session_state.setdefault(KEY_PRESENT, False)
    st.session_state.setdefault(KEY_RUNS, 1000)
    st.session_state.setdefault(KEY_SEED, 1)
    st.session_state.setdefault(KEY_LINES, None)
    st.session_state.setdefault(KEY_SAVED_LINES, {})
    st.session_state.setdefault(KEY_EDIT_VERSION, 0)


# --- the signed-in user -------------------------------------------------------------------------

def viewer() -> str | None:
    """The signed-in user, when sign-in is on: they see their own scenarios and those shared with them."""
    return st.session_state.get(KEY_USER)


def set_viewer(email: str) -> None:
    """Remember `email` as the signed-in user."""
    st.session_state[KEY_USER] = email


# --- the open workbook --------------------------------------------------------------------------

def _digest(data: bytes | None) -> str:
    return hashlib.sha256(data).hexdigest() if data is not None else "demo"


@st.cache_data(show_spinner=False, max_entries=32)
def _load(digest: str, name: str, data: bytes | None, year: str | None = None) -> LoadResult | LoadError:
    from budget.readers import load_bytes

    if data is None:
        from budget.demo import demo_workbook_bytes

        data = demo_workbook_bytes()
    try:
        return load_bytes(data, name=name, year=year)
    except LoadError as e:  # cached too, so a bad file is not re-parsed on every rerun
        return e


def current() -> LoadResult | LoadError:
    """The open workbook as read (cached by content), or the LoadError that reading it raised."""
    data = st.session_state[KEY_BYTES]
    return _load(_digest(data), st.session_state[KEY_NAME], data, st.session_state.get(KEY_YEAR))


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


GOAL_WIDGET_PREFIXES = (GOAL_WIDGET_PREFIX, RATIONALE_WIDGET_PREFIX, GOAL_TOGGLE_PREFIX, BASELINE_TOGGLE_PREFIX,
                        BASELINE_WIDGET_PREFIX, BASELINE_PERIOD_PREFIX, BASELINE_SOURCE_PREFIX)


def _reset_scenarios() -> None:
    """Start the scenarios afresh on the open workbook.

    The current edit carries the Submission read from it when it is a submission copy (``LoadResult.submission``), else an empty one.
    """
    from scenarios.schema import Scenario

    result = current()
    read = result.submission if isinstance(result, LoadResult) else None
    scenario = Scenario(name=EDIT_NAME)
    if read is not None:
        scenario = scenario.model_copy(update={"submission": read})
    st.session_state[KEY_SCENARIO] = scenario
    st.session_state[KEY_SAVED] = {}
    st.session_state[KEY_LINES] = None
    st.session_state[KEY_SAVED_LINES] = {}
    st.session_state[KEY_EDIT_VERSION] = st.session_state.get(KEY_EDIT_VERSION, 0) + 1


def _open_workbook(name: str, data: bytes | None) -> None:
    """Make `data` (None: the demo area) the open workbook, on its first area, with no scenarios."""
    st.session_state[KEY_NAME] = name
    st.session_state[KEY_BYTES] = data
    st.session_state[KEY_AREA] = None
    st.session_state[KEY_YEAR] = None
    _reset_scenarios()


def choose_year(year: str) -> None:
    """Read the open workbook for `year`, one of the years it holds; scenarios start afresh on its lines."""
    st.session_state[KEY_YEAR] = year
    _reset_scenarios()


def open_upload(name: str, data: bytes) -> LoadResult | LoadError:
    """Try an uploaded workbook; keep it only if it reads, so a bad file never loses the current one."""
    digest = _digest(data)
    result = _load(digest, name, data)
    if st.session_state.get(KEY_LAST_UPLOAD) == digest:
        return result  # the same upload seen again on a rerun: keep what the user has open now
    st.session_state[KEY_LAST_UPLOAD] = digest
    if isinstance(result, LoadResult):
        _open_workbook(name, data)
    return result


def read_from_workbook(result: LoadResult) -> str | None:
    """What a submission copy brought with it, in words.

    E.g. "Read from the workbook: 2 goals, 3 assurance statements, 2 signatories"; None when the workbook is not a submission copy.
    """
    from budget.submission import read_back_words

    if result.submission is None:
        return None
    return "Read from the workbook: " + read_back_words(result.submission)


def is_last_upload(data: bytes) -> bool:
    """Whether `data` is the upload last seen (kept or not), so a rerun does not open it again."""
    return st.session_state.get(KEY_LAST_UPLOAD) == _digest(data)


def open_demo() -> None:
    """Make the demo area the open workbook, with no scenarios."""
    _open_workbook("demo", None)


def workbook_key() -> str:
    """Identifies the open workbook and area, for caching what is built from them."""
    return (f"{_digest(st.session_state[KEY_BYTES])}|{st.session_state.get(KEY_AREA)}|"
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


def signoff_version() -> int:
    """The version in the Sign-off page's widget keys.

    It is renewed when the assurance or sign-off changed other than through the page (a scenario opened
    from the scenario bar), so that the page's widgets start from the new answers instead of writing
    their old ones over them.
    """
    version, shown = st.session_state.get(KEY_SIGNOFF_DRAWN, (0, None))
    now = (submission().assurance, submission().sign_off)
    if shown is not None and shown != now:
        version += 1
    st.session_state[KEY_SIGNOFF_DRAWN] = (version, now)
    return version


def set_signoff(value) -> None:
    """Keep the Sign-off page's answers (a Submission) with the scenario being edited.

    They are recorded as what its widgets now show.
    """
    set_submission(value)
    version, _ = st.session_state.get(KEY_SIGNOFF_DRAWN, (0, None))
    st.session_state[KEY_SIGNOFF_DRAWN] = (version, (value.assurance, value.sign_off))


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


def save_in_session(name: str, scenario, lines) -> None:
    """Keep `scenario` as `name` for this session.

    With the expenditure lines it was built on (None: the lines as submitted).
    """
    st.session_state[KEY_SAVED][name] = scenario.model_copy(update={"name": name})
    st.session_state[KEY_SAVED_LINES][name] = lines


# --- scenarios in the shared store --------------------------------------------------------------

class _Stored(Mapping):
    """The shared store's scenarios that one viewer may see, for the open area.

    As name -> (Scenario, lines or None): listed once, and each scenario opened only when its entry is
    asked for.
    """

    def __init__(self, rows=(), store=None, viewer: str | None = None, plan: Plan | None = None):
        self.rows = list(rows)  # every listed scenario (scenarios.store.Listed), for the scenario bar
        self._names = {STORE_PREFIX + r.name: r.name for r in self.rows[:MAX_STORED_SHOWN]}
        self._store, self._viewer, self._plan = store, viewer, plan
        self._opened: dict = {}

    def __getitem__(self, key: str):
        if key not in self._names:
            raise KeyError(key)
        if key not in self._opened:
            from scenarios.schema import ScenarioError
            from scenarios.store import StoreError, StoreUnavailable

            try:
                saved = self._store.open(self._names[key], viewer=self._viewer)
            except StoreError as e:  # deleted or made private since it was listed, or the store went away
                if isinstance(e, StoreUnavailable):
                    store_handle.remember_failure(e)
                raise ScenarioError(str(e)) from None
            plan = self._plan
            same_area = saved.base_plan is not None and plan is not None and saved.base_plan.area.code == plan.area.code
            self._opened[key] = (saved.scenario, saved.base_plan.lines if same_area else None)
        return self._opened[key]

    def __contains__(self, key: object) -> bool:
        return key in self._names

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


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
    """Scenarios of this session first, then those in the shared store, opened only when asked for."""

    def __init__(self, first: dict, stored: _Stored):
        self._first, self._stored = first, stored

    def __getitem__(self, key: str):
        return self._first[key] if key in self._first else self._stored[key][0]

    def __contains__(self, key: object) -> bool:
        return key in self._first or key in self._stored

    def __iter__(self):
        yield from self._first
        yield from (k for k in self._stored if k not in self._first)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def scenarios_available() -> Mapping:
    """Every scenario this session can show.

    The plan as submitted, the current edit, those saved in this session and those in the shared store
    (opened only when one is looked up).
    """
    out = {BASE_NAME: base_scenario(), EDIT_NAME: current_scenario()}
    out.update(st.session_state[KEY_SAVED])
    return _Available(out, stored())


def capacity_profile_keys(shown) -> list[str]:
    """The widget keys of the Capacity page's twelve seasonal-profile boxes, April to March.

    When the profile `shown` (None: the default) is not the one the boxes were last drawn for (another
    scenario was opened, or the default restored), their values are dropped so that they show `shown`
    afresh.
    """
    keys = [f"{CAPACITY_MONTH_PREFIX}{i}" for i in range(12)]
    _redraw_if_changed(KEY_CAPACITY_SHOWN, shown, keys)
    return keys


def capacity_shares_keys(shown) -> dict[str, str]:
    """The widget keys of the Capacity page's pathway-share boxes: P0 to P3, then 'source' and 'period'.

    When the shares `shown` (None: the published ones) are not those the boxes were last drawn for (another
    scenario was opened, or the published shares restored), their values are dropped so that they show
    `shown` afresh.
    """
    keys = {k: f"{CAPACITY_SHARE_PREFIX}{k}" for k in ("P0", "P1", "P2", "P3", "source", "period")}
    _redraw_if_changed(KEY_CAPACITY_SHARES_SHOWN, shown, list(keys.values()))
    return keys


def goal_widgets(goals) -> None:
    """Start the Goals page's boxes afresh when `goals` are not the ones they were last drawn for.

    That happens when another scenario or a submission copy was opened; the page's own changes are
    recorded by ``set_goals`` and keep the boxes as the user left them.
    """
    _redraw_if_changed(KEY_GOALS_SHOWN, goals,
                       [k for k in st.session_state if str(k).startswith(GOAL_WIDGET_PREFIXES)])


def set_goals(value) -> None:
    """Keep the Goals page's answers (a Submission) with the scenario, recorded as what its boxes show."""
    set_submission(value)
    st.session_state[KEY_GOALS_SHOWN] = value.goals


def _redraw_if_changed(record: str, shown, keys) -> None:
    """Drop the values of the widgets `keys` when `shown` is not what `record` says they were drawn for."""
    if st.session_state.get(record, shown) != shown:
        for k in keys:
            st.session_state.pop(k, None)
    st.session_state[record] = shown
