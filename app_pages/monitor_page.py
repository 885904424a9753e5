"""Monitor: the year so far, the plan against the actuals given (spend, outputs and the BCF metrics).

Every figure is ``scenarios.track``'s JSON object (``app_ui.monitor.year_so_far``), the one ``bcf track --json``
prints; the paragraph in words is ``scenarios.track_text``'s, as ``bcf track`` prints it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import figures, keys, monitor, session
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md, table
from budget.actuals import month_label, months
from budget.money import gbp
from reports import track_charts
from scenarios.track import last_month
from scenarios.track_status import meanings
from scenarios.track_text import ILLUSTRATIVE, lines_away, metric_sentence, summary_paragraph

plan = require_lines(session.current_plan(), title="Monitor")
st.title("Monitor: the year so far")
area_wide_note(plan)
st.caption(f"{md(plan.area.name)} · {plan.year}. Give the actuals workbook (spend to date by line and month, people "
           "served and the metrics by month), and any national files for the metrics, to see the year so far against "
           "the plan. A blank actuals workbook for this plan: bcf template --actuals.")

if not session.presenting():
    given = st.file_uploader("Actuals files (.xlsx or .csv)", type=["xlsx", "csv"], accept_multiple_files=True,
                             key=keys.MONITOR_UPLOAD,
                             help="The actuals workbook, and beside it any of NHS England's Discharge Ready Date "
                                  "file, the ASCOF client-level file and the SUS sheet of emergency admissions; "
                                  "each file is read by what it holds, in any order.")
    if given:
        monitor.give([(f.name, f.getvalue()) for f in given], plan)
    if monitor.is_demo_plan(plan):
        st.button("Use the demo's illustrative actuals", key=keys.MONITOR_DEMO, on_click=monitor.use_demo,
                  help="Made-up actuals for the demo area's first two quarters, to show how the year is followed.")
    refused = monitor.refusal()
    if refused:
        st.error(md(refused) + (" The actuals given before are still in use." if monitor.kept(plan) else ""))
elsewhere = monitor.kept_elsewhere(plan)
if elsewhere:
    st.info(md(elsewhere))
actuals = monitor.kept(plan)
if actuals is None:
    st.info("No actuals yet for this plan: give the actuals workbook above.")
    st.stop()
if actuals.illustrative:
    st.warning(ILLUSTRATIVE)

so_far = months(plan.year)
last = last_month(actuals)
choices = list(so_far[:so_far.index(last) + 1]) if last else []
names = monitor.plans_to_follow(plan)
left, middle, right = st.columns(3)
name = left.selectbox("Plan to follow", names, index=0, key=keys.MONITOR_PLAN,
                      help="A plan marked as submitted (Sign-off page), the plan as read, or a scenario with its "
                           "changes written into the plan's lines.")
to = middle.selectbox("Up to the end of", choices, index=len(choices) - 1, format_func=month_label,
                      key=keys.MONITOR_TO) if choices else None
profile = right.radio("The plan's money over the year", ["even", "seasonal"], horizontal=True,
                      format_func={"even": "Evenly", "seasonal": "By the seasonal profile"}.get,
                      key=keys.MONITOR_PROFILE)
j = modelled(lambda: monitor.year_so_far(name, actuals, to, profile), "The year so far could not be worked out: ",
             ".", spinner="Working out the year so far…")

st.subheader("In words")
st.markdown(md(summary_paragraph(j), limit=4000))
t = j["spend"]["total"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Spent to date", gbp(t["actual_to_date"]))
c2.metric("Planned to date", gbp(t["planned_to_date"]))
c3.metric("Variance", gbp(t["variance"]), help="Spent less planned to date.")
c4.metric("Forecast outturn", gbp(t["forecast_outturn"]),
          help=f"Against {gbp(t['planned_year'])} planned for the year. {md(j['spend']['forecast_basis'])}")
COLOURS = {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}  # Streamlit's names for the statuses
st.markdown(f"Spend to date: **:{COLOURS[t['colour']]}[{md(t['status'])}]**.")

st.subheader("Spend")
figures.show(track_charts.spend_figure(j), key=f"{keys.MONITOR_CHART_PREFIX}spend")


def rows(groups: dict, first: str) -> pd.DataFrame:
    """A table of groups' money: planned and spent to date, variance, forecast and status."""
    return pd.DataFrame([{first: g["label"], "Planned to date": gbp(g["planned_to_date"]),
                          "Spent to date": gbp(g["actual_to_date"]), "Variance": gbp(g["variance"]),
                          "Forecast outturn": gbp(g["forecast_outturn"]),
                          "Planned for the year": gbp(g["planned_year"]), "Status": g["status"]}
                         for g in groups.values()]).set_index(first)


s = j["spend"]
table(rows({**s["by_stream"], "total": {"label": "Total", **s["total"]}}, "Funding stream"))
nhs, dfg = s["nhs_minimum_social_care"], s["dfg"]
if nhs.get("required") is not None:
    st.markdown(md(f"NHS minimum on adult social care: {gbp(nhs['actual_to_date'])} spent to date, forecast "
                   f"{gbp(nhs['forecast_outturn'])} against {gbp(nhs['required'])} required ("
                   + ("meets it" if nhs["forecast_meets_required"] else "below it") + ")."))
if dfg["planned_year"] > 0:
    st.markdown(md(f"Disabled Facilities Grant: {gbp(dfg['actual_to_date'])} spent to date of "
                   f"{gbp(dfg['planned_year'])} for the year ({dfg['status']})."))
away = lines_away(j)
if away:
    st.markdown("Lines furthest from their plan to date:")
    table(pd.DataFrame([{"Scheme": f"{x['scheme_id']} {x['scheme_name']}", "Locality": x["locality"] or "Area-wide",
                         "Planned to date": gbp(x["planned_to_date"]), "Spent to date": gbp(x["actual_to_date"]),
                         "Variance": gbp(x["variance"]), "Status": x["status"]} for x in away]))
with st.expander("By lever"):
    table(rows(s["by_lever"], "Lever"))
with st.expander("By scheme"):
    table(rows({k: {**v, "label": f"{k} {v['label']}"} for k, v in s["by_scheme"].items()}, "Scheme"))
with st.expander("By expenditure line"):
    table(pd.DataFrame([{"Scheme": f"{x['scheme_id']} {x['scheme_name']}", "Locality": x["locality"] or "Area-wide",
                         "Funding stream": x["stream_name"], "Planned to date": gbp(x["planned_to_date"]),
                         "Spent to date": gbp(x["actual_to_date"]), "Forecast outturn": gbp(x["forecast_outturn"]),
                         "Status": x["status"] + ("" if x["in_plan"] else ", not a line of the plan")}
                        for x in s["by_line"]]))

st.subheader("Outputs")
o = j["outputs"]
if o["by_unit"]:
    figures.show(track_charts.outputs_figure(j), summary=track_charts.outputs_summary(j),
                 key=f"{keys.MONITOR_CHART_PREFIX}outputs")
    table(pd.DataFrame([{"Output": unit, "Lines reporting": u["lines"],
                         "Planned to date": f"{u['planned_to_date']:,.0f}",
                         "Delivered to date": f"{u['delivered_to_date']:,.0f}", "Status": u["status"]}
                        for unit, u in o["by_unit"].items()]).set_index("Output"))
else:
    st.info("The actuals give no people served yet.")

st.subheader("The BCF metrics")
st.caption("Each month's actual against the goal's profile and the plan's range (P10 to P90): for admissions, the "
           "outcomes the plan expected, chance variation from month to month included; for the discharge delay, the "
           "plan's modelled effect only. Lower is better for every metric.")
with st.expander("What on track means"):
    for sentence in meanings():
        st.markdown(md(sentence))
for metric_id, m in j["metrics"].items():
    st.markdown(f"**:{COLOURS[m['colour']]}[{md(m['status'].capitalize())}]**")
    figures.show(track_charts.metric_figure(j, metric_id), summary=metric_sentence(metric_id, m),
                 key=f"{keys.MONITOR_CHART_PREFIX}{metric_id}")

if j["warnings"]:
    st.subheader("Check these")
    for w in j["warnings"]:
        st.markdown("- " + md(w, limit=1000))
