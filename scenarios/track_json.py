"""A ``Tracking`` as the JSON object `bcf track --json` prints.

Money is rounded to the penny line by line, and every total is added up from the rounded lines, so ``by_line``
adds up to ``total`` (and to ``by_stream``, ``by_scheme`` and ``by_lever``) to the penny.
"""

from __future__ import annotations

from budget.reference import LEVER_LABELS
from scenarios.track_money import FORECAST_BASIS
from scenarios.track_status import COLOURS, METRIC_COLOURS, money_status

MONEY_FIELDS = ("planned_year", "planned_to_date", "actual_to_date", "forecast_outturn", "forecast_run_rate")


def _r(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(float(x), digits) + 0.0


def _status(planned: float, actual: float) -> dict:
    s = money_status(planned, actual)
    return {"status": s.words, "colour": s.colour}


def _sum(rows: list[dict]) -> dict:
    out = {f: _r(sum(r[f] for r in rows)) for f in MONEY_FIELDS}
    out["variance"] = _r(out["actual_to_date"] - out["planned_to_date"])
    return {**out, **_status(out["planned_to_date"], out["actual_to_date"])}


def _grouped(rows: list[dict], key: str, label) -> dict:
    keys: dict[str, list[dict]] = {}
    for r in rows:
        keys.setdefault(r[key], []).append(r)
    return {k: {"label": label(k, v), **_sum(v)} for k, v in keys.items()}


def tracking_json(t) -> dict:
    """The JSON object for a ``scenarios.track.Tracking``."""
    rows = []
    for x in t.lines:
        row = {"scheme_id": x.scheme_id, "scheme_name": x.scheme_name, "stream": x.stream,
               "stream_name": x.stream_name, "locality": x.locality, "lever": x.lever, "in_plan": x.in_plan,
               "reported": x.reported, **{f: _r(getattr(x, f)) for f in MONEY_FIELDS}}
        row["variance"] = _r(row["actual_to_date"] - row["planned_to_date"])
        rows.append({**row, **_status(row["planned_to_date"], row["actual_to_date"])})
    asc = [r for r, x in zip(rows, t.lines, strict=True) if x.minimum_asc]
    dfg = [r for r, x in zip(rows, t.lines, strict=True) if x.dfg]
    minimum = {**_sum(asc), "required": _r(t.minimum_asc_required)}
    if t.minimum_asc_required is not None:
        minimum["forecast_meets_required"] = minimum["forecast_outturn"] >= t.minimum_asc_required - 0.005
    return {
        "year": t.year,
        "to": t.to,
        "months_elapsed": t.months_elapsed,
        "area": {"code": t.area_code, "name": t.area_name},
        "scenario": t.scenario_name,
        "illustrative": t.illustrative,
        "spend": {
            "profile": t.profile,
            "forecast_basis": FORECAST_BASIS,
            "total": _sum(rows),
            "by_stream": _grouped(rows, "stream", lambda k, v: v[0]["stream_name"]),
            "by_scheme": _grouped(rows, "scheme_id", lambda k, v: v[0]["scheme_name"]),
            "by_lever": _grouped(rows, "lever", lambda k, v: LEVER_LABELS.get(k, k)),
            "by_line": rows,
            "monthly": {"months": list(_months(t)), "planned": [_r(v) for v in t.planned_monthly],
                        "actual": [_r(v) for v in t.actual_monthly]},
            "nhs_minimum_social_care": minimum,
            "dfg": _sum(dfg),
        },
        "outputs": _outputs(t),
        "metrics": {m.id: _metric(m) for m in t.metrics},
        "model": {"runs": t.runs, "seed": t.seed},
        "status_colours": COLOURS,
        "warnings": list(t.warnings),
    }


def _months(t) -> tuple[str, ...]:
    from budget.actuals import months

    return months(t.year)


def _outputs(t) -> dict:
    lines = [{"scheme_id": o.scheme_id, "scheme_name": o.scheme_name, "locality": o.locality, "unit": o.unit,
              "planned_year": _r(o.planned_year, 1), "planned_to_date": _r(o.planned_to_date, 1),
              "delivered_to_date": _r(o.delivered_to_date, 1),
              **(_status(o.planned_to_date, o.delivered_to_date) if o.delivered_to_date is not None
                 else {"status": "not reported", "colour": "grey"})} for o in t.outputs]
    units: dict[str, list[dict]] = {}
    for x in lines:
        if x["delivered_to_date"] is not None:
            units.setdefault(x["unit"], []).append(x)
    by_unit = {}
    for unit, xs in units.items():
        planned = sum(x["planned_to_date"] for x in xs)
        delivered = sum(x["delivered_to_date"] for x in xs)
        by_unit[unit] = {"lines": len(xs), "planned_year": _r(sum(x["planned_year"] for x in xs), 1),
                         "planned_to_date": _r(planned, 1), "delivered_to_date": _r(delivered, 1),
                         **_status(planned, delivered)}
    return {"by_unit": by_unit, "by_line": lines,
            "lines_reporting": sum(x["delivered_to_date"] is not None for x in lines), "lines_planned": len(lines)}


def _metric(m) -> dict:
    d = m.digits + 2
    return {
        "label": m.label, "unit": m.unit, "profile": m.profile, "months": list(m.months),
        "actual": [_r(v, d) for v in m.actual], "goal": [_r(v, d) for v in m.goal],
        "band": {"p10": [_r(v, d) for v in m.p10], "p90": [_r(v, d) for v in m.p90]},
        "band_includes_chance": m.chance,
        "goal_year": _r(m.goal_year, d),
        "year_to_date": {"actual": _r(m.ytd_actual, d), "goal": _r(m.ytd_goal, d), "p10": _r(m.ytd_p10, d),
                         "p90": _r(m.ytd_p90, d), "months": m.months_given},
        "rolling_12_months": None if m.rolling is None else {
            "to": m.rolling[0], "actual": _r(m.rolling[1], d), "goal": _r(m.goal_year, d),
            "p10": _r(m.rolling_p10, d), "p90": _r(m.rolling_p90, d)},
        "status_basis": "rolling 12 months" if m.status_from_rolling else "year to date",
        "status": m.status, "colour": METRIC_COLOURS[m.status],
        "percentile_in_plan_range": _r(m.percentile_in_plan_range, 1),
    }
