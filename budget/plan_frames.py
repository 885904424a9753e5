"""The plan as tables a person reads: the pool by stream, its lines, spend by lever, scheme type, locality.

Pure functions from a Plan to pandas DataFrames with plain-English column names; the app and the
command line format them, nothing here knows about Streamlit.
"""

from __future__ import annotations

import pandas as pd

from budget.models import AREA_WIDE, Plan
from budget.reference import LEVER_LABELS, Reference, load_reference


def pool_by_stream(plan: Plan, reference: Reference | None = None) -> pd.DataFrame:
    """One row per funding stream: income, planned spend, unallocated, share of the pool."""
    ref = reference or load_reference(plan.year)
    income = plan.income_by_stream()
    spend = plan.spend_by_stream()
    known = list(ref.stream_ids())
    ids = known + sorted((set(income) | set(spend)) - set(known))
    rows = []
    total_income = sum(income.values()) or 0.0
    for sid in ids:
        inc = income.get(sid, 0.0)
        sp = spend.get(sid, 0.0)
        if sid not in income and sid not in spend:
            continue
        rows.append({
            "Funding stream": ref.stream_name(sid) if not sid.startswith("unknown:") else sid[8:] + " (not recognised)",
            "Income (£)": inc,
            "Planned spend (£)": sp,
            "Unallocated (£)": inc - sp,
            "Share of pool": (inc / total_income) if total_income else 0.0,
        })
    df = pd.DataFrame(rows, columns=["Funding stream", "Income (£)", "Planned spend (£)", "Unallocated (£)",
                                     "Share of pool"])
    if not df.empty:
        total = {"Funding stream": "Total", "Income (£)": df["Income (£)"].sum(),
                 "Planned spend (£)": df["Planned spend (£)"].sum(),
                 "Unallocated (£)": df["Unallocated (£)"].sum(), "Share of pool": 1.0 if total_income else 0.0}
        df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    return df


def lines_frame(plan: Plan, reference: Reference | None = None) -> pd.DataFrame:
    """The expenditure lines as a table, with each line's model lever."""
    ref = reference or load_reference(plan.year)
    rows = []
    for x in plan.lines:
        rows.append({
            "Scheme ID": x.scheme_id,
            "Scheme name": x.scheme_name,
            "Scheme type": x.scheme_type,
            "Sub type": x.sub_type,
            "Lever": LEVER_LABELS.get(ref.line_lever(x.scheme_type, x.sub_type), "No modelled effect"),
            "Locality": x.locality or AREA_WIDE,
            "Source of funding": ref.stream_name(x.source_of_funding),
            "Commissioner": x.commissioner or "",
            "Provider": x.provider,
            "Expenditure (£)": x.amount,
            "Planned outputs": x.planned_outputs,
            "Units": x.output_unit,
        })
    return pd.DataFrame(rows)


def spend_by(plan: Plan, column: str, reference: Reference | None = None) -> pd.DataFrame:
    """Planned spend grouped by a column of lines_frame (e.g. 'Lever', 'Scheme type', 'Locality')."""
    df = lines_frame(plan, reference)
    if df.empty:
        return pd.DataFrame(columns=[column, "Expenditure (£)", "Lines", "Share of spend"])
    out = (df.groupby(column, sort=False)["Expenditure (£)"].agg(["sum", "count"])
           .rename(columns={"sum": "Expenditure (£)", "count": "Lines"})
           .sort_values("Expenditure (£)", ascending=False).reset_index())
    total = out["Expenditure (£)"].sum()
    out["Share of spend"] = out["Expenditure (£)"] / total if total else 0.0
    return out
