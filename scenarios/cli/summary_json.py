"""The JSON object `bcf run --json` prints, from a model run's Summary.

Key names are stable; other tools rely on them. This is the only place a Summary becomes JSON.
"""

from __future__ import annotations

import math

from scenarios.outcomes import is_money
from scenarios.summary import (
    NOTES,
    REFERENCE_NAME,
    Appraisal,
    Band,
    Change,
    CostRange,
    Stat,
    Summary,
    Trajectory,
    value_of_changes,
)


def rounded(x: float | None, digits: int) -> float | int | None:
    """`x` to `digits` decimal places (a whole number at 0 or fewer, never -0.0); None when not finite."""
    if x is None or not math.isfinite(x):
        return None
    if digits <= 0:
        return int(round(float(x)))
    return round(float(x), digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def digits_for(outcome: str) -> int:
    """Decimal places an outcome is written with: whole pounds for money (`_gbp`), else one place."""
    return 0 if is_money(outcome) else 1


def stat_json(s: Stat, digits: int = 1) -> dict:
    """An outcome's P10, P50, P90, mean and central estimate, rounded."""
    return {k: rounded(getattr(s, k), digits) for k in ("p10", "p50", "p90", "mean", "central")}


def change_json(c: Change, digits: int = 1) -> dict:
    """A paired change's P10, P50, P90, mean and central estimate, rounded, and the chance it is better."""
    out = {k: rounded(getattr(c, k), digits) for k in ("p10", "p50", "p90", "mean", "central")}
    out["probability_better"] = rounded(c.probability_better, 4)
    return out


def _stats(stats: dict[str, Stat]) -> dict:
    return {o: stat_json(s, digits_for(o)) for o, s in stats.items()}


def _cost(c: CostRange) -> dict:
    return {k: rounded(getattr(c, k), 0) for k in ("p10", "p50", "p90", "central")}


def _appraisal(a: Appraisal) -> dict:
    out = {"discount_rate": a.discount_rate, "years": a.years}
    for k in ("spend", "nhs_benefits", "council_benefits", "benefits", "net_present_value"):
        s = stat_json(getattr(a, k), 0)
        out[f"{k}_gbp"] = {x: s[x] for x in ("mean", "p10", "p50", "p90")}
    return out


def _band(b: Band, digits: int) -> dict:
    return {k: [rounded(v, digits) for v in getattr(b, k)] for k in ("p10", "p50", "p90", "central")}


def _trajectory(t: Trajectory) -> dict:
    d = t.digits
    plan = _band(t.with_plan, d)
    return {
        "label": t.label,
        "base_year": rounded(t.base_year, d),
        "years": list(t.years),
        "with_todays_services": [rounded(v, d) for v in t.with_todays_services],
        "without_pool": _band(t.without_pool, d),
        "with_plan": plan,
        "without_scenario": plan["p50"],
        "with_scenario": _band(t.with_scenario, d),
    }


def summary_json(s: Summary) -> dict:
    """Every figure of a Summary as the JSON object of `bcf run --json`."""
    npv = change_json(value_of_changes(s), 0)
    by_lever = {}
    for lever, r in s.by_lever.items():
        entry = {"label": r.label, "modelled": r.modelled}
        entry.update(_stats(r.outcomes))
        entry["probability_net_saving_positive"] = rounded(r.probability_net_saving_positive, 4)
        entry["return_per_pound"] = stat_json(r.return_per_pound, 2) if r.return_per_pound else None
        entry["cost_per_admission_avoided_gbp"] = _cost(r.cost_per_admission_avoided)
        by_lever[lever] = entry
    settings = s.settings
    return {
        "scenario": s.scenario_name,
        "area": {"code": s.area_code, "name": s.area_name},
        "plan_year": s.plan_year,
        "stance": s.stance,
        "stance_label": s.stance_label,
        "runs": s.runs,
        "seed": s.seed,
        "years": list(s.years),
        "localities": list(s.localities),
        "outcomes": _stats(s.outcomes),
        "probability_net_saving_positive": rounded(s.probability_net_saving_positive, 4),
        "return_per_pound": stat_json(s.return_per_pound, 2) if s.return_per_pound else None,
        "cost_per_admission_avoided_gbp": _cost(s.cost_per_admission_avoided),
        "spend_gbp": {
            "modelled_levers": rounded(s.spend_modelled_gbp, 0),
            "no_modelled_effect": rounded(s.spend_no_effect_gbp, 0),
            "total": rounded(s.spend_modelled_gbp + s.spend_no_effect_gbp, 0),
        },
        "change_vs_plan": {
            "reference": REFERENCE_NAME,
            "outcomes": {o: change_json(c, digits_for(o)) for o, c in s.changes.items()},
            "spend_change_gbp": rounded(s.spend_change_gbp, 0),
            "net_present_value_gbp": {k: npv[k] for k in ("p10", "p50", "p90", "mean", "probability_better")},
        },
        "in_plan_year": {
            "year": s.years[0],
            "outcomes": _stats(s.by_year[s.years[0]]),
            "change_vs_plan": {
                "reference": REFERENCE_NAME,
                "outcomes": {o: change_json(c, digits_for(o)) for o, c in s.changes_in_plan_year.items()},
            },
        },
        "cost_per_outcome_gbp": {o: _cost(c) for o, c in s.cost_per_outcome.items()},
        "appraisal": {"pool": _appraisal(s.appraisal_pool), "change_vs_plan": _appraisal(s.appraisal_change),
                      "price_year": settings.price_year},
        "warnings": list(s.warnings),
        "by_lever": by_lever,
        "by_year": {y: _stats(stats) for y, stats in s.by_year.items()},
        "metrics": {k: _trajectory(t) for k, t in s.metrics.items()},
        "waterfall": {
            m: [{"step": w.label, "value": rounded(w.value, 1), "cumulative": rounded(w.cumulative, 1), "kind": w.kind}
                for w in steps]
            for m, steps in s.waterfall.items()
        },
        "effects": {
            lever: {o: {"low": lo, "central": c, "high": hi, "grade": g} for o, (lo, c, hi, g) in effects.items()}
            for lever, effects in s.effects.items()
        },
        "drivers_of_net_saving": [
            {"parameter": d.parameter, "label": d.label, "rank_correlation": rounded(d.correlation, 3)}
            for d in s.drivers
        ],
        "baseline_sources": {k: (v if v in ("plan", "area") else "default: " + v)
                             for k, v in s.baseline_sources.items()},
        "settings": {
            "horizon_years": settings.horizon_years,
            "deadweight": settings.deadweight,
            "optimism_bias": settings.optimism_bias,
            "discount_rate": settings.discount_rate,
            "changes": settings.changes,
            "assumption_overrides": settings.assumption_overrides,
            "unit_costs_gbp": dict(settings.unit_costs_gbp),
        },
        "notes": list(NOTES),
    }


def locality_need_json(rows) -> list[dict]:
    """``bcf run --json``'s ``locality_need``: each locality's need beside its money (``spend.locality_need``)."""
    return [{"locality": r.locality, "population_65_plus": r.population_65_plus,
             "population_85_plus": r.population_85_plus, "deprivation_score": r.deprivation_score,
             "need_weight": rounded(r.need_weight, 4), "need_share": rounded(r.need_share, 4),
             "spend_gbp": rounded(r.spend_gbp, 0), "spend_share": rounded(r.spend_share, 4),
             "spend_per_head_of_need_gbp": rounded(r.spend_per_head_of_need, 2), "weight_source": r.weight_source,
             "sentence": r.sentence()}
            for r in rows]


def run_json(results) -> dict:
    """`bcf run --json`'s object for engine Results."""
    from scenarios.summary import summarise  # noqa: PLC0415

    return summary_json(summarise(results))
