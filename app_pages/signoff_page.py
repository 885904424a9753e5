"""Sign-off: each national condition of the plan's year with its evidence from the BCF rules, the
area's assurance statement and status; then who signs the plan off, with names and dates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import keys, session, submitted, widget_sync
from app_ui.guards import require_lines
from app_ui.markdown import md, table
from budget.assurance import (
    assure,
    read_date,
    required_signatories,
    sign_off_rows,
    stray_answers,
    summary_line,
)
from budget.submission import ASSURANCE_STATUSES, Assurance, Signatory, entry

TITLE = "National conditions and sign-off"
MARKS = {"red": ":red[● Red]", "amber": ":orange[● Amber]", "green": ":green[● Green]"}

plan = require_lines(session.edit_plan(), title=TITLE)
st.title(TITLE)
present = session.presenting()  # the answers as text, no controls
submission = session.submission()
version = widget_sync.version(keys.KEY_SIGNOFF_DRAWN, session.signoff_shown(submission))  # new widgets for answers
conditions = assure(plan, submission)
rows = sign_off_rows(plan, submission)
st.caption(f"{md(plan.area.name)} · {plan.year} · each condition needs an assurance statement; the evidence is "
           "the BCF rules' findings on the plan as edited. Statements and sign-off are kept with the scenario: "
           "save it to keep them.")
st.markdown(f"**{summary_line(conditions, rows)}**")

for c in conditions:
    k = c.condition
    st.subheader(f"{md(k.code)} {md(k.title)}")
    st.markdown(md(k.text))
    if not k.confirmed:
        st.caption(f"{md(k.wording_note(plan.year))} Source: {md(k.source)}")
    else:
        st.caption(f"Source: {md(k.source)}")
    if c.findings:
        counts = {s: sum(f.severity == s for f in c.findings) for s in ("red", "amber", "green")}
        st.markdown("Evidence: " + " · ".join(f"{n} {severity}" for severity, n in counts.items() if n))
        for f in c.findings:
            if f.severity == "green":
                continue
            cells = ", ".join(md(f"{x.sheet}!{x.cell}") for x in f.cells[:8])
            more = f" and {len(f.cells) - 8} more" if len(f.cells) > 8 else ""
            st.markdown(f"{MARKS[f.severity]} **{md(f.title)}**: {md(f.message)}"
                        + (f"  \n  Cells: {cells}{more}" if cells else ""))
        green = [md(f.title) for f in c.findings if f.severity == "green"]
        if green:
            st.markdown(f"{MARKS['green']} " + " · ".join(green))
    else:
        st.markdown("Evidence: no BCF rule bears on this condition; the statement carries it.")
    if present:
        st.markdown(f"**Status: {md(c.status)}.** " + (md(c.statement) if c.statement else "No statement yet."))
        for w in c.warnings:
            st.warning(md(w))
        continue
    left, right = st.columns([3, 1])
    statement = left.text_area(f"Assurance statement for {md(k.code)}", value=c.statement, max_chars=10_000,
                               height=110, key=widget_sync.widget_key(keys.ASSURANCE_STATEMENT_PREFIX, version, k.code))
    status = right.selectbox(f"Status of {md(k.code)}", ASSURANCE_STATUSES, index=ASSURANCE_STATUSES.index(c.status),
                             key=widget_sync.widget_key(keys.ASSURANCE_STATUS_PREFIX, version, k.code))
    for w in c.warnings:
        st.warning(md(w))
    answer, refused = entry(Assurance, f"{k.code} {k.title}", condition=k.code, statement=statement.strip(),
                            status=status)
    for sentence in refused:
        left.error(md(sentence))
    if answer is not None and (answer.statement, answer.status) != (c.statement, c.status):
        submission = submission.with_assurance(answer)

for a in stray_answers(plan, submission):
    st.info(f"The scenario holds an answer to {md(a.condition)}, which is not a {plan.year} national condition; "
            "it is kept but not shown.")

st.subheader("Sign-off")
st.caption("The chief executive of every partner organisation signs the plan off (this cannot be delegated), "
           "and the council's section 151 officer; the Health and Wellbeing Board approves it.")
if present:
    table(pd.DataFrame([{"Role": r.role, "Organisation": r.organisation, "Name": r.name or "—",
                         "Signed on": r.signed_on.strftime("%d/%m/%Y") if r.signed_on else "—"} for r in rows])
          .set_index("Role"))
    st.stop()
head = st.columns([3, 2, 1.2])
for col, text in zip(head, ("**Role and organisation**", "**Name**", "**Signed on** (DD/MM/YYYY)"), strict=True):
    col.markdown(text)
required = required_signatories(plan)
entered = []
for i, s in enumerate(rows):
    c1, c2, c3 = st.columns([3, 2, 1.2], vertical_alignment="center")
    organisation = s.organisation
    if i < len(required) and not required[i].organisation:  # the plan names no ICB: the area names it
        c1.markdown(md(s.role))
        organisation = c1.text_input(f"Organisation of the {md(s.role)}", value=s.organisation, max_chars=1000,
                                     key=widget_sync.widget_key(keys.SIGN_OFF_ORG_PREFIX, version, i)).strip()
    else:
        c1.markdown(f"{md(s.role)}" + (f"  \n{md(s.organisation)}" if s.organisation else ""))
    name = c2.text_input(
        f"Name of the {md(s.role)}",
        value=s.name,
        max_chars=1000,
        label_visibility="collapsed",
        key=widget_sync.widget_key(keys.SIGN_OFF_NAME_PREFIX, version, i),
    ).strip()
    written = c3.text_input(f"Date signed by the {md(s.role)}", value=s.signed_on.strftime("%d/%m/%Y") if s.signed_on
                            else "", max_chars=40, placeholder="DD/MM/YYYY", label_visibility="collapsed",
                            key=widget_sync.widget_key(keys.SIGN_OFF_DATE_PREFIX, version, i))
    try:
        signed = read_date(written)
    except ValueError as e:
        st.error(f"{md(s.role)}: {md(e)}")
        signed = s.signed_on
    signatory, refused = entry(Signatory, s.role, role=s.role, organisation=organisation, name=name, signed_on=signed)
    for sentence in refused:
        st.error(md(sentence))
    entered.append(signatory or s)  # a refused entry keeps the row as it was
# a required row is kept once something is entered in it; a further signatory the scenario names, always
kept = tuple(e for i, e in enumerate(entered)
             if i >= len(required) or e.name or e.signed_on or e.organisation != required[i].organisation)
if tuple(entered) != rows:
    submission = submission.model_copy(update={"sign_off": kept})

if submission != session.submission():
    session.set_signoff(submission)
    st.rerun()  # the summary and warnings above are drawn from the answers: draw them again
submitted.render()  # "Mark as submitted" and the plans submitted
