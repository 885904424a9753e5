"""The year so far in words: the one paragraph `bcf track` prints and the Monitor page shows, and the command's text.

Both read the JSON object of ``Tracking.to_json()``, so the words and the figures beside them are the same.
"""

from __future__ import annotations

from budget.actuals import month_label
from budget.metrics import BY_ID
from budget.money import gbp, number

ILLUSTRATIVE = "These actuals are illustrative: every figure in them is made up to show how the year is followed."


def _variance_words(total: dict) -> str:
    planned, actual = total["planned_to_date"], total["actual_to_date"]
    if planned <= 0:
        return total["status"]
    share = (actual - planned) / planned
    side = "over" if share > 0 else "under"
    return f"{abs(share):.1%} {side} the plan to date, {total['status']}"


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


EFFECT_ONLY = ("For this metric the range is the plan's modelled effect only: it leaves out chance variation from "
               "month to month, so a month outside it is no cause for alarm on its own.")


def percentile_words(p: float, chance: bool = True, who: str = "the plan", short: bool = False) -> str:
    """Where the actuals fall in the plan's range, from its percentile, in words (lower is better for every metric).

    `chance`: the range holds chance variation as well as the plan's effect (the admissions), so its draws are the
    outcomes `who` expected; else it is the model's runs alone (the discharge delay). The share said is never more
    than the percentile gives ('worse than every' only when the actual is above every one). `short`: for a table.
    """
    if short:
        among, every = ("outcomes expected", "every outcome expected") if chance else ("model runs", "every model run")
    elif chance:
        among, every = f"the outcomes {who} expected", f"every outcome {who} expected"
    else:
        among, every = "the model's runs", "every one of the model's runs"
    if p <= 0:
        return f"better than {every}"
    if p >= 100:
        return f"worse than {every}"
    if p >= 50:
        return f"worse than {int(p)}% of {among}"
    return f"better than {int(100 - p)}% of {among}"


def _side(m: dict) -> tuple[str, float | None]:
    """'within', 'better than' or 'worse than' the range, for the figure the status is on, and its percentile."""
    rolling = m.get("rolling_12_months")
    y = rolling if m.get("status_basis") == "rolling 12 months" and rolling is not None else m["year_to_date"]
    p = m.get("percentile_in_plan_range")
    if y["actual"] is None or p is None or y["p10"] is None:
        return "", None
    a = y["actual"]
    return ("within" if y["p10"] <= a <= y["p90"] else "better than" if a < y["p10"] else "worse than"), p


def standing_words(m: dict, short: bool = False) -> str:
    """Where a metric's year so far falls against the plan's range and in it, in words; '' with no figure.

    'within the range the plan expected: worse than 63% of the outcomes it expected'; the latest 12 months' instead
    when the status is theirs. `short`, for a table: 'Within it: worse than 63% of outcomes expected'.
    """
    side, p = _side(m)
    if p is None:
        return ""
    chance = bool(m.get("band_includes_chance"))
    if short:
        return f"{side.capitalize()} it: {percentile_words(p, chance, short=True)}"
    what = "the range the plan expected" if chance else "the plan's modelled range"
    return f"{side} {what}: {percentile_words(p, chance, who='it')}"


def metric_sentence(metric_id: str, m: dict) -> str:
    """One metric's year so far in a sentence (two where its range is the plan's effect only)."""
    short = BY_ID[metric_id].definition.split(",")[0] if metric_id != "discharge_delay" else "Discharge delay"
    if m["status"] == "no data yet":
        return f"{short}: no data yet."
    y = m["year_to_date"]
    d = BY_ID[metric_id].digits
    r = m.get("rolling_12_months")
    after = "" if m.get("band_includes_chance") else " " + EFFECT_ONLY
    if m.get("status_basis") == "rolling 12 months" and r is not None:
        return (f"{short}: {m['status']} over the 12 months to {month_label(r['to'])}, {number(r['actual'], d)} per "
                f"100,000 aged 65+ against a goal of {number(r['goal'], d)} for the year (the 12 months partly fall "
                f"before {m['months'][0][:4]}-{m['months'][-1][2:4]}); it is {standing_words(m)}." + after)
    if m["profile"] == "split":
        what = (f"{number(y['actual'], d)} per 100,000 aged 65+ over {_months(y['months'])} against a goal of "
                f"{number(y['goal'], d)} for those months")
    else:
        what = (f"an average of {number(y['actual'], 2)} days over {_months(y['months'])} against a goal of "
                f"{number(y['goal'], 2)}")
    also = (f" Over the 12 months to {month_label(r['to'])} the rate was {number(r['actual'], d)} per 100,000 aged 65+ "
            f"against a goal of {number(r['goal'], d)} for the year." if r is not None else "")
    return f"{short}: {m['status']}, {what}; the year so far is {standing_words(m)}." + also + after


def summary_paragraph(j: dict) -> str:
    """The year so far in one paragraph a board can read, from ``Tracking.to_json()``'s object."""
    if j["to"] is None:
        return ("The actuals give no month yet, so nothing is compared with the plan for " + j["year"] + "."
                + (" " + ILLUSTRATIVE if j["illustrative"] else ""))
    s = j["spend"]
    t = s["total"]
    parts = [f"To the end of {month_label(j['to'])} ({j['months_elapsed']} of the 12 months of {j['year']}), "
             f"{gbp(t['actual_to_date'])} has been spent against {gbp(t['planned_to_date'])} planned to date "
             f"({_variance_words(t)})."]
    parts.append(f"The forecast outturn is {gbp(t['forecast_outturn'])} against {gbp(t['planned_year'])} planned for "
                 f"the year; at the pace so far it would be {gbp(t['forecast_run_rate'])}.")
    off = [v["label"] for v in s["by_stream"].values() if v["colour"] != "green"]
    if off:
        parts.append("Funding streams away from plan: " + ", ".join(off) + ".")
    nhs = s["nhs_minimum_social_care"]
    if nhs.get("required") is not None:
        meets = "meeting" if nhs["forecast_meets_required"] else "below"
        parts.append(f"The NHS minimum on adult social care is forecast at {gbp(nhs['forecast_outturn'])}, {meets} "
                     f"the {gbp(nhs['required'])} required.")
    o = j["outputs"]
    if o["lines_reporting"]:
        on = sum(1 for x in o["by_line"] if x["colour"] == "green")
        silent = o["lines_planned"] - o["lines_reporting"]
        parts.append(f"Outputs: {on} of the {o['lines_reporting']} lines that report people served are on plan"
                     + (f"; {silent} other lines give no figure for people served yet." if silent else "."))
    parts += [metric_sentence(k, m) for k, m in j["metrics"].items()]
    if j["illustrative"]:
        parts.append(ILLUSTRATIVE)
    return " ".join(parts)


def lines_away(j: dict, limit: int = 10) -> list[dict]:
    """The expenditure lines furthest from their plan to date (not on plan), largest variance first, at most `limit`."""
    away = [x for x in j["spend"]["by_line"] if x["colour"] != "green"]
    return sorted(away, key=lambda x: -abs(x["variance"]))[:limit]


def text_lines(j: dict) -> list[str]:
    """What `bcf track` prints without --json: the paragraph, spend by funding stream, the metrics, the warnings."""
    s = j["spend"]
    out = [f"{j['area']['name']} ({j['area']['code']}), {j['year']}: {j['scenario']}", "", summary_paragraph(j), ""]
    head = f"{'Spend by funding stream':<40}{'Planned to date':>17}{'Actual to date':>17}{'Forecast':>17}  Status"
    out.append(head)
    rows = [*s["by_stream"].values(), {"label": "Total", **s["total"]}]
    for r in rows:
        out.append(f"{r['label'][:39]:<40}{gbp(r['planned_to_date']):>17}{gbp(r['actual_to_date']):>17}"
                   f"{gbp(r['forecast_outturn']):>17}  {r['status']}")
    away = lines_away(j)
    if away:
        out.append("Lines furthest from their plan to date:")
        for x in away:
            where = f", {x['locality']}" if x["locality"] else ""
            out.append(f"  {x['scheme_id']} {x['scheme_name'][:40]}{where}: {gbp(x['actual_to_date'])} spent against "
                       f"{gbp(x['planned_to_date'])} planned ({x['status']})")
    out.append(f"Spend is profiled {s['profile']}ly over the year. {s['forecast_basis']}")
    nhs, dfg = s["nhs_minimum_social_care"], s["dfg"]
    out.append(f"NHS minimum on adult social care: {gbp(nhs['actual_to_date'])} spent to date, forecast "
               f"{gbp(nhs['forecast_outturn'])}" + (f" against {gbp(nhs['required'])} required."
                                                    if nhs.get("required") is not None else "."))
    if dfg["planned_year"] > 0:
        out.append(f"Disabled Facilities Grant: {gbp(dfg['actual_to_date'])} spent to date of "
                   f"{gbp(dfg['planned_year'])} for the year ({dfg['status']}).")
    out.append("")
    for k, m in j["metrics"].items():
        out.append(f"{m['label']}: {m['status']}")
        what = "the range the plan expected" if m.get("band_includes_chance") else "the plan's modelled range"
        for month, a, g, lo, hi in zip(m["months"], m["actual"], m["goal"], m["band"]["p10"], m["band"]["p90"],
                                       strict=True):
            if a is not None:
                d = BY_ID[k].digits + (1 if m["profile"] == "repeat" else 0)
                out.append(f"  {month_label(month)}: actual {number(a, d)}, goal {number(g, d)}, {what} "
                           f"{number(lo, d)} to {number(hi, d)}")
        if not m.get("band_includes_chance") and any(a is not None for a in m["actual"]):
            out.append(f"  {EFFECT_ONLY}")
    if j["warnings"]:
        out += ["", "Warnings:"] + [f"  - {w}" for w in j["warnings"]]
    return out
