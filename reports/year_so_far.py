"""What the board pack's "Year so far" slides say, from ``Tracking.to_json()``: no PowerPoint in it.

The figures are the Tracking's own, written as the Monitor page and `bcf track` write them (``budget.money``), and the
words are ``scenarios.track_text``'s paragraph, a sentence a bullet, so the pack, the page and the command agree.
"""

from __future__ import annotations

import re

from budget.actuals import month_label
from budget.metrics import BY_ID
from budget.money import gbp, number
from scenarios.track_text import standing_words, summary_paragraph

SPEND_HEADER = ["Funding stream", "Planned to date", "Spent to date", "Variance", "Forecast outturn", "Status"]
METRIC_HEADER = ["BCF metric", "Goal to date", "Actual to date", "The plan's range (P10 to P90)", "Status",
                 "Against the plan's range"]
WIDTHS = [3.7, 1.45, 1.45, 1.8, 1.1, 2.8]  # inches: the metrics' table on a slide
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")


def subtitle(j: dict) -> str:
    """'to the end of Sep 2026 (6 of 12 months)', or that no month is reported yet."""
    if j["to"] is None:
        return f"no month of {j['year']} reported yet"
    return f"to the end of {month_label(j['to'])} ({j['months_elapsed']} of 12 months)"


def overview_bullets(j: dict) -> list[str]:
    """The year so far in words, a sentence a bullet: the money and the outputs (the metrics have their own slide)."""
    return _SENTENCE_END.split(summary_paragraph({**j, "metrics": {}}))


def _say(status: str) -> str:
    return status[:1].upper() + status[1:]


def spend_rows(j: dict) -> list[list[str]]:
    """Spend to date by funding stream, then the total: planned and spent to date, variance, forecast, status."""
    s = j["spend"]
    rows = [*s["by_stream"].values(), {**s["total"], "label": "Total"}]
    return [[r["label"], gbp(r["planned_to_date"]), gbp(r["actual_to_date"]), gbp(r["variance"]),
             gbp(r["forecast_outturn"]), _say(r["status"])] for r in rows]


def metric_rows(j: dict) -> list[list[str]]:
    """Each BCF metric's year to date against its goal and the plan's range, with where it falls (``standing_words``).

    A metric whose status is the latest published 12 months' (ASCOF, with no month's own count) shows that year
    against the goal and the range for a year.
    """
    rows = []
    for mid, m in j["metrics"].items():
        y, d, r = m["year_to_date"], BY_ID[mid].digits, m.get("rolling_12_months")
        if y["actual"] is None and r is not None and m.get("status_basis") == "rolling 12 months":
            y = {**r, "actual": r["actual"]}  # the latest published 12 months, against the goal for the year
            actual = f"{number(r['actual'], d)} (12 months to {month_label(r['to'])})"
        elif y["actual"] is None:
            rows.append([m["label"], "", "No data yet", "", _say(m["status"]), ""])
            continue
        else:
            actual = number(y["actual"], d)
        rng = f"{number(y['p10'], d)} to {number(y['p90'], d)}" if y["p10"] is not None else ""
        where = standing_words(m, short=True)
        rows.append([m["label"], number(y["goal"], d) if y["goal"] is not None else "", actual, rng,
                     _say(m["status"]), _say(where)])
    return rows


def metric_notes(j: dict) -> list[str]:
    """What a board reads under the metrics' table."""
    return ["Lower is better. Admissions add up the months' rates per 100,000 aged 65+; the delay is their average. "
            "The range for admissions is what the plan expected, chance included; for the delay, the plan's modelled "
            "effect only."]


def spend_notes(j: dict) -> list[str]:
    """What a board reads under the spend table: how the forecast is made."""
    return [j["spend"]["forecast_basis"]]
