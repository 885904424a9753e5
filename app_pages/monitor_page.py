"""Monitor: the year so far, the plan against the actuals given (spend, outputs and the BCF metrics), and the reports
the Board and NHS England receive.

Every figure is the ``scenarios.track`` Tracking's JSON object (``app_ui.monitor.followed``), the one ``bcf track
--json`` prints; the paragraph in words is ``scenarios.track_text``'s, as ``bcf track`` prints it. The quarterly and
year-end reports and the board pack are built from the same function's Tracking (``bcf report``'s figures). While
presenting, the page shows one screen at a time and the plan, month and profile chosen last.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from app_ui import figures, keys, monitor, presenting, session
from app_ui.guards import area_wide_note, modelled, require_lines
from app_ui.markdown import md, table
from budget.actuals import month_label, months
from budget.money import gbp
from reports import track_charts
from reports.year_report import quarter_end
from scenarios.track import last_month
from scenarios.track_status import meanings
from scenarios.track_text import ILLUSTRATIVE, lines_away, metric_sentence, summary_paragraph

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
COLOURS = {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}  # Streamlit's names for the statuses
PROFILES = {"even": "Evenly", "seasonal": "By the seasonal profile"}

plan = require_lines(session.current_plan(), title="Monitor")
present = session.presenting()
st.title("Monitor: the year so far")
area_wide_note(plan)
if not present:
    st.caption(f"{md(plan.area.name)} · {plan.year}. Give the actuals workbook (spend to date by line and month, "
               "people served and the metrics by month), and any national files for the metrics, to see the year so "
               "far against the plan.")
    blank, sus = st.columns(2)
    blank.download_button(
        "Download the actuals workbook for this plan", data=partial(monitor.actuals_workbook, plan),
        file_name=f"{monitor.file_stem(plan)} actuals.xlsx", mime=XLSX, on_click="ignore", icon=":material/download:",
        key=keys.MONITOR_ACTUALS_WORKBOOK,
        help="Every expenditure line of this plan named (scheme ID, type, source of funding, locality), with yellow "
             "cells for the £ spent in each month and the people served, and a sheet for the metrics by month. "
             "Fill in the months so far and give it here.")
    sus.download_button(
        "Download the SUS sheet for the ICB's analyst", data=partial(monitor.sus_sheet, plan),
        file_name=f"{monitor.file_stem(plan)} SUS sheet.xlsx", mime=XLSX, on_click="ignore",
        icon=":material/download:", key=keys.MONITOR_SUS_SHEET,
        help="Emergency admissions of the area's residents aged 65+ in each month, and the population aged 65+, "
             "from SUS; give it here beside the actuals workbook.")
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
    st.info("No actuals yet for this plan: give the actuals workbook "
            + ("on this page, outside presentation mode." if present else "above."))
    st.stop()

so_far = months(plan.year)
last = last_month(actuals)
choices = list(so_far[:so_far.index(last) + 1]) if last else []
names = monitor.plans_to_follow(plan)
earlier = st.session_state.get(keys.KEY_MONITOR_FOLLOWED) or (None, None, None)
if present:  # what was chosen last, as words: no controls on a board's screen
    name = earlier[0] if earlier[0] in names else names[0]
    to = earlier[1] if earlier[1] in choices else (choices[-1] if choices else None)
    profile = earlier[2] if earlier[2] in PROFILES else "even"
    st.caption(md(f"{plan.area.name} · {plan.year} · {name} · "
                  + (f"to the end of {month_label(to)}" if to else "no month yet")
                  + f" · the plan's money spread {PROFILES[profile].lower()}"
                  + (" · illustrative actuals" if actuals.illustrative else "")))
else:
    if actuals.illustrative:
        st.warning(ILLUSTRATIVE)
    left, middle, right = st.columns(3)
    name = left.selectbox("Plan to follow", names, index=names.index(earlier[0]) if earlier[0] in names else 0,
                          key=keys.MONITOR_PLAN,
                          help="A plan marked as submitted (Sign-off page), the plan as read, or a scenario with its "
                               "changes written into the plan's lines.")
    to = middle.selectbox("Up to the end of", choices,
                          index=choices.index(earlier[1]) if earlier[1] in choices else len(choices) - 1,
                          format_func=month_label, key=keys.MONITOR_TO) if choices else None
    profile = right.radio("The plan's money over the year", list(PROFILES), horizontal=True,
                          index=list(PROFILES).index(earlier[2]) if earlier[2] in PROFILES else 0,
                          format_func=PROFILES.get, key=keys.MONITOR_PROFILE)
    st.session_state[keys.KEY_MONITOR_FOLLOWED] = (name, to, profile)
followed = modelled(lambda: monitor.followed(name, actuals, to, profile), "The year so far could not be worked out: ",
                    ".", spinner="Working out the year so far…")
j = followed.tracking.to_json()
t, s = j["spend"]["total"], j["spend"]


def in_words() -> None:
    if not present:
        st.subheader("In words")
    st.markdown(md(summary_paragraph(j), limit=4000))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Spent to date", gbp(t["actual_to_date"]))
    c2.metric("Planned to date", gbp(t["planned_to_date"]))
    c3.metric("Variance", gbp(t["variance"]), help="Spent less planned to date.")
    c4.metric("Forecast outturn", gbp(t["forecast_outturn"]),
              help=f"Against {gbp(t['planned_year'])} planned for the year. {md(s['forecast_basis'])}")
    st.markdown(f"Spend to date: **:{COLOURS[t['colour']]}[{md(t['status'])}]**.")


def rows(groups: dict, first: str) -> pd.DataFrame:
    """A table of groups' money: planned and spent to date, variance, forecast and status."""
    return pd.DataFrame([{first: g["label"], "Planned to date": gbp(g["planned_to_date"]),
                          "Spent to date": gbp(g["actual_to_date"]), "Variance": gbp(g["variance"]),
                          "Forecast outturn": gbp(g["forecast_outturn"]),
                          "Planned for the year": gbp(g["planned_year"]), "Status": g["status"]}
                         for g in groups.values()]).set_index(first)


def by_stream() -> None:
    table(rows({**s["by_stream"], "total": {"label": "Total", **s["total"]}}, "Funding stream"))
    nhs, dfg = s["nhs_minimum_social_care"], s["dfg"]
    if nhs.get("required") is not None:
        st.markdown(md(f"NHS minimum on adult social care: {gbp(nhs['actual_to_date'])} spent to date, forecast "
                       f"{gbp(nhs['forecast_outturn'])} against {gbp(nhs['required'])} required ("
                       + ("meets it" if nhs["forecast_meets_required"] else "below it") + ")."))
    if dfg["planned_year"] > 0:
        st.markdown(md(f"Disabled Facilities Grant: {gbp(dfg['actual_to_date'])} spent to date of "
                       f"{gbp(dfg['planned_year'])} for the year ({dfg['status']})."))


def spend_details() -> None:
    away = lines_away(j)
    if away:
        st.markdown("Lines furthest from their plan to date:")
        table(pd.DataFrame([{"Scheme": f"{x['scheme_id']} {x['scheme_name']}",
                             "Locality": x["locality"] or "Area-wide", "Planned to date": gbp(x["planned_to_date"]),
                             "Spent to date": gbp(x["actual_to_date"]), "Variance": gbp(x["variance"]),
                             "Status": x["status"]} for x in away]))
    with st.expander("By lever"):
        table(rows(s["by_lever"], "Lever"))
    with st.expander("By scheme"):
        table(rows({k: {**v, "label": f"{k} {v['label']}"} for k, v in s["by_scheme"].items()}, "Scheme"))
    with st.expander("By expenditure line"):
        table(pd.DataFrame([{"Scheme": f"{x['scheme_id']} {x['scheme_name']}",
                             "Locality": x["locality"] or "Area-wide", "Funding stream": x["stream_name"],
                             "Planned to date": gbp(x["planned_to_date"]), "Spent to date": gbp(x["actual_to_date"]),
                             "Forecast outturn": gbp(x["forecast_outturn"]),
                             "Status": x["status"] + ("" if x["in_plan"] else ", not a line of the plan")}
                            for x in s["by_line"]]))


def outputs() -> None:
    o = j["outputs"]
    if not o["by_unit"]:
        st.info("The actuals give no people served yet.")
        return
    figures.show(track_charts.outputs_figure(j, large=present), summary=track_charts.outputs_summary(j),
                 key=f"{keys.MONITOR_CHART_PREFIX}outputs")
    if not present:
        table(pd.DataFrame([{"Output": unit, "Lines reporting": u["lines"],
                             "Planned to date": f"{u['planned_to_date']:,.0f}",
                             "Delivered to date": f"{u['delivered_to_date']:,.0f}", "Status": u["status"]}
                            for unit, u in o["by_unit"].items()]).set_index("Output"))


def metric(metric_id: str) -> None:
    m = j["metrics"][metric_id]
    if not present:  # presenting, the chart's title says it, and the chart fills the screen
        st.markdown(f"**:{COLOURS[m['colour']]}[{md(m['status'].capitalize())}]**")
    figures.show(track_charts.metric_figure(j, metric_id, large=present), summary=metric_sentence(metric_id, m),
                 key=f"{keys.MONITOR_CHART_PREFIX}{metric_id}")


if present:  # one screen at a time, for a quarterly Board
    screens = {"In words": in_words,
               "Spend": lambda: figures.show(track_charts.spend_figure(j, large=True),
                                             key=f"{keys.MONITOR_CHART_PREFIX}spend"),
               "By funding stream": by_stream}
    if j["outputs"]["by_unit"]:
        screens["Outputs"] = outputs
    for mid, m in j["metrics"].items():
        screens[m["label"].split(",")[0]] = lambda mid=mid: metric(mid)
    screens[presenting.screen(list(screens), keys.PRESENT_SCREEN_PREFIX + "monitor")]()
    st.stop()

in_words()
st.subheader("Spend")
figures.show(track_charts.spend_figure(j), key=f"{keys.MONITOR_CHART_PREFIX}spend")
by_stream()
spend_details()
st.subheader("Outputs")
outputs()
st.subheader("The BCF metrics")
st.caption("Each month's actual against the goal's profile and the plan's range (P10 to P90): for admissions, the "
           "outcomes the plan expected, chance variation from month to month included; for the discharge delay, the "
           "plan's modelled effect only. Lower is better for every metric.")
with st.expander("What on track means"):
    for sentence in meanings():
        st.markdown(md(sentence))
for metric_id in j["metrics"]:
    metric(metric_id)

if j["warnings"]:
    st.subheader("Check these")
    for w in j["warnings"]:
        st.markdown("- " + md(w, limit=1000))

st.subheader("Reports for the Board and NHS England")
st.write("Each is built from the year so far as this page works it out, for the plan and the spread of its money "
         "chosen above: the quarterly and year-end reports to the end of their period, in the year's report shape, "
         "with yellow cells for your narrative; the board pack opens with the year so far to the month shown above, "
         "then the plan.")
stem = monitor.file_stem(followed.plan)
quarterly, year_end = st.columns(2)
quarters = monitor.complete_quarters(plan.year, actuals)
with quarterly:
    if quarters:
        first = monitor.default_quarter(plan.year, to, quarters)
        quarter = st.selectbox("Quarterly report for", quarters, index=quarters.index(first),
                               format_func=lambda q: f"Q{q}, April to {month_label(quarter_end(plan.year, q))}",
                               key=f"{keys.MONITOR_QUARTER_PREFIX}{to}")
        to_quarter = monitor.followed(name, actuals, quarter_end(plan.year, quarter), profile)
        data, why = monitor.report(to_quarter, quarter)
        st.download_button(f"Download the Q{int(quarter)} report", data=data or b"", disabled=data is None,
                           file_name=f"{stem} Q{int(quarter)} report.xlsx", mime=XLSX, type="primary")
        if why:
            st.caption(md(why))
    else:
        st.download_button("Download the quarterly report", data=b"", disabled=True,
                           file_name=f"{stem} quarterly report.xlsx", mime=XLSX)
        st.caption(md(monitor.no_quarter_sentence(plan.year, actuals)))
with year_end:
    why_not = monitor.year_end_reached(plan.year, actuals)
    if why_not is None:
        data, why_not = monitor.report(monitor.followed(name, actuals, so_far[-1], profile), None)
        st.download_button("Download the year-end report", data=data or b"", disabled=data is None,
                           file_name=f"{stem} year-end report.xlsx", mime=XLSX)
        if why_not:
            st.caption(md(why_not))
    else:
        st.download_button("Download the year-end report", data=b"", disabled=True,
                           file_name=f"{stem} year-end report.xlsx", mime=XLSX)
        st.caption(md(why_not))
if st.button("Build the board pack", key=keys.MONITOR_BUILD_PACK,
             help="Slides for the Health and Wellbeing Board: the year so far, then the plan. Drawing the charts "
                  "takes a few seconds."):
    with st.spinner("Drawing the charts and writing the slides…"):
        monitor.build_board_pack(followed)
pack = monitor.board_pack(followed)
if pack and pack[0] is None:
    st.error(md(pack[1]))
elif pack and pack[1]:
    st.info(md(pack[1]))
ready = bool(pack and pack[0])
to_words = f"to {month_label(to)}" if to else "no month yet"
st.download_button("Download the board pack", data=pack[0] if ready else b"", disabled=not ready,
                   file_name=f"{stem} board pack, year so far {to_words}.pptx", mime=PPTX,
                   help=None if ready else "Build the board pack first, and again after any change above.")
