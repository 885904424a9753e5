"""What the Monitor page keeps and works out: the actuals given, and the year so far of a plan against them.

The actuals are kept in the session (``keys.KEY_ACTUALS``) until better ones are given: files that are refused
leave the last good actuals in place, and the refusal is one sentence (``refusal``). Actuals are used only with
a plan of their area and year. The year so far is ``scenarios.track.track``'s JSON object, the one ``bcf track
--json`` prints, built once in the session for the same inputs (``results.built``); the model run it reads is the
app's cached one (``results.results_for``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from app_ui import results, session
from app_ui.keys import KEY_ACTUALS, KEY_ACTUALS_READ, KEY_MONITOR_PACK, KEY_SEED
from budget.models import LoadError


def _digest(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def sentence(error: LoadError) -> str:
    """A refusal of the files as one sentence: the first problem, with how many more there are."""
    first = str(error.problems[0]) if error.problems else "the files could not be read"
    more = len(error.problems) - 1
    return first + (f" (and {more} more problem{'s' if more > 1 else ''} in the files)" if more > 0 else "")


def give(files: list[tuple[str, bytes]], plan) -> None:
    """Read the files given (name, bytes) against `plan`; keep their actuals, or the sentence refusing them.

    The same files given again are not read again.
    """
    from budget.readers.actuals_files import read_actuals_uploads

    digest = _digest(files)
    last = st.session_state.get(KEY_ACTUALS_READ)
    if last is not None and last[0] == digest:
        return
    try:
        actuals = read_actuals_uploads(files, plan=plan)
    except LoadError as e:
        st.session_state[KEY_ACTUALS_READ] = (digest, sentence(e))
        return
    st.session_state[KEY_ACTUALS_READ] = (digest, None)
    st.session_state[KEY_ACTUALS] = (actuals, digest)


def use_demo() -> None:
    """Keep the demo area's illustrative actuals."""
    from budget.demo import demo_actuals

    st.session_state[KEY_ACTUALS] = (demo_actuals(), "demo")
    st.session_state[KEY_ACTUALS_READ] = None


def refusal() -> str | None:
    """The sentence refusing the files given last, when they were refused."""
    last = st.session_state.get(KEY_ACTUALS_READ)
    return last[1] if last is not None else None


def kept(plan):
    """The actuals kept, when they are for `plan`'s area and year; else None."""
    held = st.session_state.get(KEY_ACTUALS)
    if held is None or plan is None:
        return None
    actuals = held[0]
    if actuals.area_code.upper() != plan.area.code.upper() or actuals.year != plan.year:
        return None
    return actuals


def kept_elsewhere(plan) -> str | None:
    """A sentence when actuals are kept for another area or year than `plan`'s."""
    held = st.session_state.get(KEY_ACTUALS)
    if held is None or plan is None or kept(plan) is not None:
        return None
    a = held[0]
    return (f"The actuals given earlier are for {a.area_name or a.area_code}, {a.year}, not for {plan.area.name}, "
            f"{plan.year}; give this plan's actuals.")


def is_demo_plan(plan) -> bool:
    """The open plan is the demo area's, whose illustrative actuals can be used."""
    from budget.demo import DEMO_YEAR, demo_plan

    return plan is not None and plan.area.code == demo_plan().area.code and plan.year == DEMO_YEAR


SUBMITTED = "Submitted: "  # the start of a submitted record's name among the plans to follow


def submitted_records(plan) -> dict[str, tuple[str, int]]:
    """The submitted records of `plan`'s area and year the viewer may see, newest first, by the name listed."""
    from app_ui.store_handle import remember_failure, store
    from scenarios.store_records import StoreError, StoreUnavailable

    s = store(show=False)
    if s is None or plan is None:
        return {}
    try:
        records = s.submitted(viewer=session.viewer())
    except StoreUnavailable as e:
        remember_failure(e)
        return {}
    except StoreError:
        return {}
    return {f"{SUBMITTED}{r.name} (submission {r.number}, {r.submitted_at:%d/%m/%Y})": (r.name, r.number)
            for r in records if r.area_code.upper() == plan.area.code.upper() and r.year == plan.year}


def plans_to_follow(plan) -> list[str]:
    """The plans the page can follow: the submitted records of this area and year, then the scenarios available."""
    return [*submitted_records(plan), *session.scenarios_available()]


def plan_to_follow(name: str):
    """(scenario, plan, from the store) for one of ``plans_to_follow``, the scenario's changes written into the lines.

    A submitted record gives the plan as submitted, kept; a scenario gives the open plan (its own lines where it
    has them) with its plan-year changes written in by ``make_plan``.
    """
    if name.startswith(SUBMITTED):
        from app_ui.store_handle import store
        from budget.areas import area_wide_plan

        record_name, number = submitted_records(session.current_plan())[name]
        record = store(show=False).open_submitted(record_name, number, viewer=session.viewer())
        return record.scenario, area_wide_plan(record.plan), True
    scenario = session.scenarios_available()[name]
    plan = session.current_plan()
    if name == session.EDIT_NAME:
        lines = session.edited_lines()
    elif name == session.BASE_NAME:
        lines = None
    else:
        lines = session.stored().get(name, (None, None))[1]
    if lines is not None:
        plan = plan.model_copy(update={"lines": tuple(lines)})
    if scenario.changes:
        from scenarios.make_plan import make_plan

        plan = plan.model_copy(update={"lines": make_plan(plan, scenario).lines})
    return scenario, plan, False


@dataclass(frozen=True)
class Followed:
    """The year so far of one plan: what it was built from, and the ``Tracking`` the page and every download read."""

    plan: object  # budget.models.Plan: the plan followed, its changes written into its lines
    scenario: object  # scenarios.schema.Scenario: as submitted (changes removed), with its submission
    view: object  # scenarios.summary.Summary: the model run of the plan the metrics' range is read from
    tracking: object  # scenarios.track.Tracking
    key: str  # a digest of every input, for what is built from it in this session


def followed(name: str, actuals, to: str | None, profile: str) -> Followed:
    """The year so far of plan `name` against `actuals` to month `to`, built once in the session for the same inputs.

    The model run of a scenario on the open plan is the app's cached one; a submitted record's plan is modelled as
    it was kept, with this session's runs and seed, once for every month and profile.
    """
    from scenarios.schema import reference_scenario
    from scenarios.track import track

    scenario, plan, kept_plan = plan_to_follow(name)
    as_submitted = reference_scenario(scenario)
    base = "|".join((name, results.results_key(scenario, plan.lines), st.session_state[KEY_ACTUALS][1]))
    key = "|".join((base, str(to), profile))

    def view():
        if kept_plan:
            from scenarios.views import model

            return results.built("submitted model", base, lambda: model(
                as_submitted, plan, runs=session.runs(), seed=int(st.session_state[KEY_SEED])))
        return results.results_for(as_submitted, lines=plan.lines)

    def build() -> Followed:
        summary = view()
        return Followed(plan, as_submitted, summary,
                        track(plan, scenario, actuals, to=to, profile=profile, summary=summary), key)

    return results.built("year so far", key, build)


def year_so_far(name: str, actuals, to: str | None, profile: str) -> dict:
    """The year so far of plan `name` against `actuals`: ``Tracking.to_json()`` of ``followed``'s Tracking."""
    return followed(name, actuals, to, profile).tracking.to_json()


# --- what the Board and NHS England receive -----------------------------------------------------------------------

def complete_quarters(year: str, actuals) -> list[int]:
    """The quarters of `year` the actuals reach the end of (1 to 4)."""
    from reports.year_report import QUARTERS, quarter_end
    from scenarios.track import last_month

    last = last_month(actuals)
    return [q for q in QUARTERS if last is not None and quarter_end(year, q) <= last]


def default_quarter(year: str, to: str | None, quarters: list[int]) -> int | None:
    """The quarter the month followed to closes, else the latest the actuals complete; None when there is none."""
    from reports.year_report import quarter_end

    closes = [q for q in quarters if quarter_end(year, q) == to]
    return closes[0] if closes else (quarters[-1] if quarters else None)


def no_quarter_sentence(year: str, actuals) -> str:
    """Why there is no quarterly report yet: the actuals do not reach the end of the first quarter."""
    from budget.actuals import month_label
    from reports.year_report import quarter_end
    from scenarios.track import last_month

    last = last_month(actuals)
    reach = f"they reach {month_label(last)}" if last else "they give no month yet"
    return (f"The quarterly report needs the actuals to the end of a quarter: {reach}, and the first quarter ends in "
            f"{month_label(quarter_end(year, 1))}.")


def year_end_reached(year: str, actuals) -> str | None:
    """None when the actuals reach March, the year's last month; else why there is no year-end report yet."""
    from budget.actuals import month_label, months
    from scenarios.track import last_month

    last, end = last_month(actuals), months(year)[-1]
    if last == end:
        return None
    reach = f"they reach {month_label(last)}" if last else "they give no month yet"
    return f"The year-end report needs the actuals to {month_label(end)}: {reach}."


def file_stem(plan) -> str:
    """The start of a download's file name: the plan's area and year ('Northbrook 2026-27'), safe on any computer."""
    area = "".join(ch if ch.isalnum() or ch in " -()" else " " for ch in plan.area.name)
    return f"{' '.join(area.split())[:60].strip()} {plan.year}".strip()


def actuals_workbook(plan) -> bytes:
    """The actuals workbook for `plan`: its area and every expenditure line named, ready for the months' figures.

    It is what ``bcf template --actuals --plan`` writes.
    """
    from budget.actuals_template import actuals_workbook_bytes

    return actuals_workbook_bytes(plan.year, plan=plan)


def sus_sheet(plan) -> bytes:
    """The SUS sheet for `plan`'s area and year, for the ICB's analyst (what ``bcf template --sus --plan`` writes)."""
    from budget.sus_sheet import sus_sheet_bytes

    return sus_sheet_bytes(plan.year, area_name=plan.area.name, area_code=plan.area.code)


def report(f: Followed, quarter: int | None) -> tuple[bytes | None, str | None]:
    """(.xlsx bytes, None) of the quarterly report (`quarter` 1 to 4) or the year-end report (None), built once.

    Built in the session from `f`; (None, the sentence why) when it cannot be written (a year with no report shape).
    `f` is followed to the period's end (``reports.year_report.year_report_bytes`` refuses any other month).
    """
    from reports.year_report import year_report_bytes

    def build() -> tuple[bytes | None, str | None]:
        try:
            return year_report_bytes(f.plan, f.tracking, submission=f.scenario.submission, quarter=quarter), None
        except ValueError as e:
            said = str(e)
            return None, f"The report could not be written: {said[:1].lower()}{said[1:].rstrip('.')}."

    return results.built("year report", f"{f.key}|{quarter}", build)


def build_board_pack(f: Followed) -> None:
    """Build the board pack of `f` (the year so far first) and keep it, or the sentence saying why it failed."""
    from reports.export_files import year_board_pack

    try:
        data, note = year_board_pack(f.plan, f.scenario, f.view, f.tracking)
    except Exception as e:  # noqa: BLE001 - whatever stops the pack is said in one sentence, never a traceback
        st.session_state[KEY_MONITOR_PACK] = (f.key, None, f"The board pack could not be built ({_reason(e)}); "
                                                           "try again, or use bcf report --pptx.")
        return
    st.session_state[KEY_MONITOR_PACK] = (f.key, data, note or None)


def _reason(e: Exception) -> str:
    words = str(e).strip().split("\n")[0][:200]
    return words.rstrip(".") or type(e).__name__


def board_pack(f: Followed) -> tuple[bytes | None, str | None] | None:
    """(pptx bytes or None, note or failure) of the board pack built last for `f`; None when none was built for it."""
    kept_pack = st.session_state.get(KEY_MONITOR_PACK)
    return kept_pack[1:] if kept_pack and kept_pack[0] == f.key else None
