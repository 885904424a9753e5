"""Plan: the expenditure lines, and quick moves of money between levers and localities.

Moves are recorded as changes in the current scenario, so the pool stays balanced and the base plan is
always there to compare with, until "Make this the plan" writes the plan year's changes into the current
edit's lines (the workbook itself is never altered).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import keys, line_editor, results, session
from app_ui.formatting import change_rows
from app_ui.guards import area_wide_note, modelled
from app_ui.markdown import md, table
from app_ui.need_view import need_view
from budget.edits import EditError
from budget.models import AREA_WIDE, MAX_GBP, year_after
from budget.money import gbp
from budget.reference import LEVER_LABELS, load_reference
from budget.rules import check
from scenarios.make_plan import make_plan
from scenarios.schema import MoveSpend, PlanError, Scenario, ScenarioError, reference_scenario
from scenarios.spend import locality_need, spend_by_lever, spend_by_locality

st.title("Plan")
plan = session.current_plan()
area_wide_note(plan)
if plan is None:
    st.error("No plan is open: go to Start and open the demo area or upload a workbook.")
    st.stop()
ref = load_reference(plan.year)
scenario: Scenario = session.current_scenario()
st.caption(f"{md(plan.area.name)} · {plan.year} · scenario: {md(scenario.name)}")

if not plan.lines:
    st.info("This workbook holds allocations only (no expenditure lines). Upload a plan or the input template "
            "to model spend.")
    st.stop()

levers = [lv for lv in LEVER_LABELS if lv != "none"]

if not session.presenting():
    st.subheader("Move money")
    # the form starts from the last move's choices (kept apart from the widgets, whose state Streamlit drops
    # when the page is left), so a second move of the same kind is one click
    last = st.session_state.get(keys.KEY_MOVE_LAST, {})
    loc_names = [AREA_WIDE] + [x.name for x in plan.localities]
    from_locs, to_locs = ["Any"] + loc_names, ["Same as the money moved"] + loc_names

    def place(options: list[str], chosen: str | None, default: int = 0) -> int:
        return options.index(chosen) if chosen in options else default

    with st.form(keys.MOVE_FORM, border=True):
        c1, c2, c3 = st.columns([2, 2, 1])
        src = c1.selectbox("From lever", levers, index=place(levers, last.get("from")), format_func=LEVER_LABELS.get,
                           key=keys.MOVE_FROM)
        dst = c2.selectbox("To lever", levers, index=place(levers, last.get("to"), 3), format_func=LEVER_LABELS.get,
                           key=keys.MOVE_TO)
        amount = c3.number_input(
            "£ a year",
            min_value=0.0,
            max_value=MAX_GBP,
            step=50_000.0,
            value=float(last.get("amount", 250_000.0)),
            format="%.0f",
            key=keys.MOVE_AMOUNT,
        )
        c4, c5 = st.columns(2)
        from_loc = c4.selectbox("From locality (optional)", from_locs, index=place(from_locs, last.get("from_loc")),
                                key=keys.MOVE_FROM_LOCALITY)
        to_loc = c5.selectbox("To locality (optional)", to_locs, index=place(to_locs, last.get("to_loc")),
                              key=keys.MOVE_TO_LOCALITY)
        submitted = st.form_submit_button("Move", type="primary")
    if submitted:
        st.session_state[keys.KEY_MOVE_LAST] = {"from": src, "to": dst, "amount": amount, "from_loc": from_loc,
                                                "to_loc": to_loc}
        try:
            available = spend_by_lever(session.edit_plan(), scenario)[src]
        except ScenarioError:
            available = 0.0
        if src == dst and to_loc == "Same as the money moved":
            st.warning("Choose a different lever or locality to move the money to.")
        elif amount <= 0:
            st.warning("Enter an amount above £0.")
        elif amount > available + 0.5:
            st.error(f"{LEVER_LABELS[src]} has {gbp(available)} a year in this scenario; you asked to move "
                     f"{gbp(amount)}. Enter a smaller amount.")
        else:
            def loc_value(v: str) -> str | None:
                return None if v in ("Any", "Same as the money moved") else ("" if v == AREA_WIDE else v)

            change = MoveSpend.model_validate({
                "kind": "move", "from": {"lever": src, "locality": loc_value(from_loc)},
                "to": {"lever": dst, "locality": loc_value(to_loc)}, "amount_gbp": amount})
            candidate = scenario.model_copy(update={"changes": (*scenario.changes, change)})
            checked = modelled(lambda: results.results_for(candidate, runs=50, lines=session.edited_lines()),
                               "That move cannot be made: ", stop=False)  # checks the change applies
            if checked is not None:
                session.set_scenario(candidate)
                scenario = candidate
                st.success(f"Moved {gbp(amount)} a year from {LEVER_LABELS[src]} to {LEVER_LABELS[dst]}.")

    made = session.take_made_plan()
    if made is not None:
        st.success(md(made.summary()) + " The Budget page, the rules, capacity, sign-off and the submission copy use "
                   "these lines, and the Impact page measures changes from them; the Compare page keeps the "
                   "workbook's own lines as the plan as submitted.")

    st.subheader("Changes in this scenario")
    if not scenario.changes:
        st.write("None yet: the scenario spends as the expenditure lines below.")
    for i, c in enumerate(scenario.changes):
        cols = st.columns([6, 1])
        if isinstance(c, MoveSpend):
            frm = LEVER_LABELS.get(c.from_.lever or "", "any lever")
            to = LEVER_LABELS.get(c.to.lever or "", "the same lever")
            where = ""
            if c.from_.locality is not None or c.to.locality is not None:
                where = (
                    f" ({md(c.from_.locality or 'area-wide') if c.from_.locality is not None else 'any locality'} → "
                    f"{md(c.to.locality or 'area-wide') if c.to.locality is not None else 'same locality'})"
                )
            cols[0].write(f"{i + 1}. Move {gbp(c.amount_gbp)} a year from {frm} to {to}{where}")
        else:
            cols[0].write(f"{i + 1}. {'New line' if c.kind == 'add_line' else 'Line removed'}: {md(c.scheme_id)}")
        if cols[1].button("Remove", key=f"{keys.REMOVE_CHANGE_PREFIX}{i}"):
            session.set_scenario(scenario.model_copy(
                update={"changes": scenario.changes[:i] + scenario.changes[i + 1:]}))
            st.rerun()
    if scenario.changes and not any(c.from_year == 1 for c in scenario.changes):
        st.caption(f"Every change starts after {plan.year}, the plan year, so none is written into the expenditure "
                   "lines: they hold the plan year.")
    elif scenario.changes:
        st.markdown("**Make this the plan**")
        st.write(f"Write the changes that start in {plan.year}, the plan year, into the expenditure lines, so that "
                 "the submission copy's Expenditure sheet, its Checklist and its capacity plan describe this plan. "
                 "Money moved leaves the lines it was taken from (those marked New first) and joins the destination's "
                 "New lines paid from the same funding stream, or new lines; added lines are written and removed "
                 "lines dropped. Changes that start in a later year stay in the scenario.")
        sure = st.checkbox("I understand the lines will be rewritten", key=keys.KEY_MAKE_PLAN_CONFIRM)
        if st.button("Make this the plan", key=keys.KEY_MAKE_PLAN_BUTTON, disabled=not sure):
            try:
                made = make_plan(session.edit_plan(), scenario)
            except ScenarioError as e:
                st.error(f"The changes could not be written into the lines: {md(e)}")
            else:
                session.adopt_made_plan(made)
                st.rerun()
    st.caption("To keep this scenario, with its goals, capacity settings, assurance and sign-off, save it with "
               "**Save** in the sidebar (under 'Save, open and share scenarios'): saved scenarios are listed there, "
               "on the Compare page and among the board pack's options.")

st.subheader("Spend by lever, after the changes")
spend_year = 0
if scenario.horizon_years > 1:
    spend_year = st.selectbox(
        "Financial year", range(scenario.horizon_years), format_func=lambda y: year_after(plan.year, y),
        key=keys.SPEND_YEAR, help=f"The plan year, {plan.year}, or a later year of the scenario's horizon.")
as_planned = reference_scenario(scenario)
by_locality = None
try:
    by_lever = [spend_by_lever(session.edit_plan(), sc, spend_year) for sc in (as_planned, scenario)]
    by_locality = [spend_by_locality(session.edit_plan(), sc, spend_year) for sc in (as_planned, scenario)]
except PlanError as e:
    st.warning(f"Spend by lever and locality after the changes needs what the model needs: {md(e)}.")
except ScenarioError as e:
    st.error(f"Spend after the changes cannot be worked out: {md(e)}")
else:
    table(change_rows(*by_lever, "Lever", LEVER_LABELS))
    st.markdown("**By locality** (spend on the whole area shared out by need-weighted population aged 65+)")
    table(change_rows(*by_locality, "Locality"))
st.caption("Moves keep the pool balanced: money leaves one lever or locality and arrives in another; added and "
           "removed lines change the total. The rules below are checked on the lines as edited; moves between "
           "levers within a funding stream do not change spend by source.")
if by_locality is not None and len(plan.localities) > 1:
    need = need_view(locality_need(session.edit_plan(), scenario, spend_year))
    st.subheader(f"Money by locality need, {md(year_after(plan.year, spend_year))}")
    st.markdown(md(need.summary))
    st.markdown("\n".join(f"- {md(x)}" for x in need.sentences))
    table(need.rows)
    st.caption(md(need.note))

st.subheader("Expenditure lines")
lines = session.edited_lines() or plan.lines
localities = tuple(x.name for x in plan.localities)
started_on = line_editor.start(lines, ref, localities)  # may start the editor afresh: before its key is read
streams = [s.name for s in ref.funding_streams]
editor_key = session.line_editor_key()


def _commit_edits() -> None:
    """The current edit's lines: the lines the editor started on with every change made in it.

    The editor is kept, and the keyboard focus with it, unless it would no longer show what the lines hold (then
    it starts afresh on them) or a change was refused (then it starts afresh on the lines before it).
    """
    try:
        made = line_editor.edited(line_editor.started_on(), session.line_editor_changes(), ref, localities)
    except EditError as e:
        session.note_edit_error(str(e))
        session.restart_line_editor()
        return
    session.set_edited_lines(made.lines)
    if made.afresh:
        session.restart_line_editor()


if session.presenting():
    st.dataframe(pd.DataFrame(line_editor.line_rows(lines, ref)), hide_index=True, width="stretch", height=420,
                 column_config={"Expenditure (£)": st.column_config.NumberColumn(format="£%,.0f")})
else:
    if session.take_edit_error():
        st.error("That edit was not applied: check the amounts are £0 or more and the values come from the lists.")
    st.caption("Edit scheme types, sub types, localities, sources of funding, amounts and outputs here; the "
               "workbook is not changed, and the plan as submitted stays available to compare with.")
    st.data_editor(
        pd.DataFrame(line_editor.line_rows(started_on, ref)), key=editor_key, on_change=_commit_edits, hide_index=True,
        width="stretch", height=420, placeholder="", alt="Expenditure lines, one row per line: edit them here",
        disabled=["Scheme ID", "Scheme name", "Lever"], num_rows="fixed",
        column_config={
            "Scheme type": st.column_config.SelectboxColumn(options=[t.name for t in ref.scheme_types], required=True),
            "Sub type": st.column_config.SelectboxColumn(
                options=[""] + sorted({s.name for t in ref.scheme_types for s in t.sub_types})),
            "Locality": st.column_config.SelectboxColumn(options=[AREA_WIDE] + [x.name for x in plan.localities]),
            "Source of funding": st.column_config.SelectboxColumn(options=streams, required=True),
            "Expenditure (£)": st.column_config.NumberColumn(min_value=0, max_value=1_000_000_000, step=1000,
                                                             format="£%,.0f", required=True),
            "Planned outputs": st.column_config.NumberColumn(min_value=0, format="%,.0f"),
        })
    if session.edited_lines() is not None:
        edited_total = sum(x.amount for x in session.edited_lines())
        c1, c2 = st.columns([3, 1])
        c1.write(f"Edited lines total {gbp(edited_total)} against {gbp(plan.total_expenditure)} as "
                 f"submitted ({gbp(edited_total - plan.total_expenditure)}).")
        if c2.button("Undo all line edits"):
            session.set_edited_lines(None)
            session.restart_line_editor()
            st.rerun()
plan = session.edit_plan()

findings = check(plan, ref)
red = [f for f in findings if f.severity == "red"]
amber = [f for f in findings if f.severity == "amber"]
st.write(f"Rules: {len(red)} red · {len(amber)} amber · {len(findings) - len(red) - len(amber)} green "
         "(on these lines, as the Budget page shows them).")
for f in red + amber:
    st.markdown(f"- **{f.severity.capitalize()}: {md(f.title)}** — {md(f.message)}")
