"""Summaries of engine results: P10/P50/P90 and mean of every outcome by year, lever and locality;
money ratios; the BCF metric trajectories with and without the scenario; a waterfall of the
central run; and the JSON object `bcf run --json` prints.

Totals for the whole area count only levers with a modelled effect, so spend on enablers,
workforce or placements (no modelled effect) does not turn every net saving negative; that spend
is reported beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from budget.reference import LEVER_LABELS
from scenarios.assumptions import EFFECT_OUTCOMES, STANCE_LABELS
from scenarios.engine import OUTCOME_LABELS, OUTCOMES, Results

if TYPE_CHECKING:
    import pandas as pd

PERCENTILES = (10, 50, 90)
AXES = {"year": 1, "lever": 2, "locality": 3}
HEADLINE_OUTCOMES = (
    "emergency_admissions_avoided",
    "ae_attendances_avoided",
    "bed_days_saved",
    "care_home_admissions_avoided",
    "falls_admissions_avoided",
    "home_care_hours_saved",
    "people_served",
    "gross_saving_gbp",
    "cashable_saving_gbp",
    "non_cashable_saving_gbp",
    "net_saving_gbp",
    "spend_gbp",
)
METRICS = {
    "emergency_admissions_65_plus_per_100k": ("emergency_admissions", "emergency_admissions_avoided",
                                              "Emergency admissions, people aged 65+, per 100,000 aged 65+"),
    "care_home_admissions_65_plus_per_100k": ("care_home_admissions", "care_home_admissions_avoided",
                                              "Long-term care-home admissions, people aged 65+, per 100,000 aged 65+"),
}


@dataclass(frozen=True)
class Stat:
    p10: float
    p50: float
    p90: float
    mean: float
    central: float  # run 0, every parameter at its central value

    def to_json(self, digits: int = 1) -> dict:
        return {k: _round(getattr(self, k), digits) for k in ("p10", "p50", "p90", "mean", "central")}


@dataclass(frozen=True)
class WaterfallStep:
    label: str
    value: float  # change (or level, for the first and last steps)
    cumulative: float
    kind: str  # "level" or "change"


def _round(x: float | None, digits: int) -> float | int | None:
    if x is None or not np.isfinite(x):
        return None
    if digits <= 0:
        return int(round(float(x)))
    return round(float(x), digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def stat(samples: np.ndarray) -> Stat:
    """P10/P50/P90/mean of a 1-D array of per-run values; index 0 is the central run."""
    p10, p50, p90 = np.percentile(samples, PERCENTILES)
    return Stat(float(p10), float(p50), float(p90), float(samples.mean()), float(samples[0]))


def _lever_mask(results: Results, levers: tuple[str, ...] | None) -> np.ndarray:
    return results.lever_mask(levers)


def totals(results: Results, outcome: str, levers: tuple[str, ...] | None = None) -> np.ndarray:
    """(run,) totals over the whole horizon, all localities, the given levers (default: modelled)."""
    x = results.outcome(outcome)[:, :, _lever_mask(results, levers), :]
    return x.sum(axis=(1, 2, 3))


def probability_net_saving_positive(results: Results, levers: tuple[str, ...] | None = None) -> float:
    return float((totals(results, "net_saving_gbp", levers) > 0).mean())


def return_per_pound(results: Results, levers: tuple[str, ...] | None = None) -> Stat | None:
    spend = totals(results, "spend_gbp", levers)[0]
    if spend <= 0:
        return None
    return stat(totals(results, "gross_saving_gbp", levers) / spend)


def cost_per_admission_avoided(results: Results, levers: tuple[str, ...] | None = None) -> dict:
    """Spend ÷ emergency admissions avoided. Spend is fixed, so the percentiles follow from those of
    admissions avoided (P10 cost = spend ÷ P90 admissions); None where no admission is avoided."""
    spend = totals(results, "spend_gbp", levers)[0]
    s = stat(totals(results, "emergency_admissions_avoided", levers))

    def per(n: float) -> float | None:
        return spend / n if n > 1e-9 and spend > 0 else None

    return {"p10": per(s.p90), "p50": per(s.p50), "p90": per(s.p10), "central": per(s.central)}


def summary_table(results: Results, by: tuple[str, ...] = ("year", "lever", "locality"),
                  outcomes: tuple[str, ...] = OUTCOMES) -> pd.DataFrame:
    """Long table: one row per (by..., outcome) with p10, p50, p90, mean and central."""
    import pandas as pd

    for b in by:
        if b not in AXES:
            raise ValueError(f"cannot summarise by '{b}': choose from {', '.join(AXES)}")
    keep = [AXES[b] for b in by]
    drop = tuple(ax for ax in (1, 2, 3) if ax not in keep)
    idx = [results.outcomes.index(o) for o in outcomes]
    x = results.values[..., idx].sum(axis=drop) if drop else results.values[..., idx]
    runs = x.shape[0]
    flat = x.reshape(runs, -1)
    pct = np.percentile(flat, PERCENTILES, axis=0)
    mean = flat.mean(axis=0)
    labels = {"year": results.years, "lever": results.levers, "locality": results.localities}
    grids = np.meshgrid(*[np.arange(len(labels[b])) for b in by], np.arange(len(outcomes)), indexing="ij")
    frame = {b: np.array(labels[b], dtype=object)[g.ravel()] for b, g in zip(by, grids, strict=False)}
    frame["outcome"] = np.array(outcomes, dtype=object)[grids[-1].ravel()]
    frame.update(p10=pct[0], p50=pct[1], p90=pct[2], mean=mean, central=flat[0])
    return pd.DataFrame(frame)


def metric_trajectories(results: Results) -> dict[str, dict]:
    """BCF metrics per 100,000 aged 65+ by year: base year, without the scenario (baseline with
    growth) and with it (P10/P50/P90 and central)."""
    b = results.baseline
    pop = b.population_65_plus.sum(axis=1)  # (year 0..H,)
    out = {}
    for metric, (count_name, avoided_name, label) in METRICS.items():
        j = EFFECT_OUTCOMES.index(count_name)
        without = b.counts[:, :, j].sum(axis=1) / pop * 1e5
        avoided = results.outcome(avoided_name).sum(axis=(2, 3))  # (run, year)
        with_ = (b.counts[1:, :, j].sum(axis=1)[None, :] - avoided) / pop[None, 1:] * 1e5
        pct = np.percentile(with_, PERCENTILES, axis=0)
        out[metric] = {
            "label": label,
            "base_year": _round(without[0], 1),
            "years": list(results.years),
            "without_scenario": [_round(v, 1) for v in without[1:]],
            "with_scenario": {
                "p10": [_round(v, 1) for v in pct[0]],
                "p50": [_round(v, 1) for v in pct[1]],
                "p90": [_round(v, 1) for v in pct[2]],
                "central": [_round(v, 1) for v in with_[0]],
            },
        }
    return out


def waterfall(results: Results, metric: str = "emergency_admissions", year: int = -1) -> list[WaterfallStep]:
    """Central run: base-year count -> population growth -> change in rate per person -> each lever's
    effect -> the scenario's count, for one horizon year (default: the last)."""
    avoided_name = {"emergency_admissions": "emergency_admissions_avoided",
                    "care_home_admissions": "care_home_admissions_avoided",
                    "falls_admissions": "falls_admissions_avoided",
                    "ae_attendances": "ae_attendances_avoided",
                    "home_care_hours": "home_care_hours_saved"}[metric]
    j = EFFECT_OUTCOMES.index(metric)
    b = results.baseline
    y = year % len(results.years)
    start = float(b.counts[0, :, j].sum())
    demo = float(b.demographic_counts[y + 1, :, j].sum())
    grown = float(b.counts[y + 1, :, j].sum())
    steps = [WaterfallStep("Base year", start, start, "level")]
    cum = start
    for label, change in (("Population growth", demo - start), ("Change in rate per person", grown - demo)):
        cum += change
        steps.append(WaterfallStep(label, change, cum, "change"))
    central = results.outcome(avoided_name)[0, y].sum(axis=1)  # (lever,)
    for i, lever in enumerate(results.levers):
        if lever in results.modelled_levers and abs(central[i]) > 1e-9:
            cum -= float(central[i])
            steps.append(WaterfallStep(LEVER_LABELS.get(lever, lever), -float(central[i]), cum, "change"))
    steps.append(WaterfallStep(f"Scenario, {results.years[y]}", cum, cum, "level"))
    return steps


def _outcome_digits(name: str) -> int:
    return 0 if name.endswith("_gbp") else 1


def _stats_json(results: Results, levers: tuple[str, ...] | None) -> dict:
    return {o: stat(totals(results, o, levers)).to_json(_outcome_digits(o)) for o in HEADLINE_OUTCOMES}


def _cost_json(d: dict) -> dict:
    return {k: _round(v, 0) for k, v in d.items()}


def headline(results: Results) -> dict:
    """The JSON object `bcf run --json` prints. Key names are stable; other tools rely on them."""
    spend = results.outcome("spend_gbp")[0].sum(axis=(0, 2))  # (lever,) over the horizon
    modelled = results.lever_mask()
    by_lever = {}
    for i, lever in enumerate(results.levers):
        if spend[i] <= 0 and lever not in results.modelled_levers:
            continue
        only = (lever,)
        entry = {"label": LEVER_LABELS.get(lever, lever), "modelled": bool(modelled[i])}
        entry.update(_stats_json(results, only))
        entry["probability_net_saving_positive"] = _round(probability_net_saving_positive(results, only), 4)
        rpp = return_per_pound(results, only)
        entry["return_per_pound"] = rpp.to_json(2) if rpp else None
        entry["cost_per_admission_avoided_gbp"] = _cost_json(cost_per_admission_avoided(results, only))
        by_lever[lever] = entry
    by_year = {}
    for y, label in enumerate(results.years):
        sub = results.values[:, y][:, modelled]  # (run, lever, locality, outcome)
        by_year[label] = {o: stat(sub[..., results.outcomes.index(o)].sum(axis=(1, 2))).to_json(_outcome_digits(o))
                          for o in HEADLINE_OUTCOMES}
    rpp = return_per_pound(results)
    a = results.assumptions
    return {
        "scenario": results.scenario.name,
        "area": {"code": results.area_code, "name": results.area_name},
        "plan_year": results.plan_year,
        "stance": results.stance,
        "stance_label": STANCE_LABELS.get(results.stance, results.stance),
        "runs": results.runs,
        "seed": results.seed,
        "years": list(results.years),
        "localities": list(results.localities),
        "outcomes": _stats_json(results, None),
        "probability_net_saving_positive": _round(probability_net_saving_positive(results), 4),
        "return_per_pound": rpp.to_json(2) if rpp else None,
        "cost_per_admission_avoided_gbp": _cost_json(cost_per_admission_avoided(results)),
        "spend_gbp": {
            "modelled_levers": _round(float(spend[modelled].sum()), 0),
            "no_modelled_effect": _round(float(spend[~modelled].sum()), 0),
            "total": _round(float(spend.sum()), 0),
        },
        "by_lever": by_lever,
        "by_year": by_year,
        "metrics": metric_trajectories(results),
        "waterfall": {
            m: [{"step": s.label, "value": _round(s.value, 1), "cumulative": _round(s.cumulative, 1), "kind": s.kind}
                for s in waterfall(results, m)]
            for m in ("emergency_admissions", "care_home_admissions")
        },
        "effects": {
            lever: {o: {"low": e.low, "central": e.central, "high": e.high, "grade": e.grade}
                    for o, e in a.effects.get(lever, {}).items()}
            for lever in results.modelled_levers
        },
        "drivers_of_net_saving": [
            {"parameter": d.parameter, "label": d.label, "rank_correlation": _round(d.correlation, 3)}
            for d in drivers(results, "net_saving_gbp", top=5)
        ],
        "baseline_sources": {k: ("plan" if v == "plan" else "default: " + v)
                             for k, v in sorted(results.baseline.sources.items())},
        "settings": {
            "horizon_years": results.scenario.horizon_years,
            "deadweight": results.scenario.deadweight,
            "optimism_bias": results.scenario.optimism_bias,
            "changes": len(results.scenario.changes),
            "assumption_overrides": len(results.scenario.assumption_overrides),
            "unit_costs_gbp": {
                "emergency_admission": a.unit_costs.costs.emergency_admission.value,
                "ae_attendance": a.unit_costs.costs.ae_attendance.value,
                "home_care_hour": a.unit_costs.costs.home_care_hour.value,
                "care_home_admission_avoided": a.unit_costs.costs.care_home_admission,
            },
        },
        "notes": [
            "Totals cover levers with a modelled effect; spend with no modelled effect is listed under spend_gbp.",
            "Emergency admissions avoided include falls admissions avoided; bed days = admissions avoided x length of stay.",
            "P10/P50/P90 are over Monte Carlo runs of the uncertain parameters; central = every parameter at its central value.",
            "People served over several years counts a person once for each year in which they are served.",
            "Metric trajectories 'without the scenario' are the baseline rates grown for demography and trend, "
            "before the modelled effect of the plan's schemes; 'with' subtracts that effect.",
        ],
    }


def outcome_label(name: str) -> str:
    return OUTCOME_LABELS.get(name, name)


@dataclass(frozen=True)
class Driver:
    parameter: str  # e.g. "effect:reablement:home_care_hours"
    label: str
    correlation: float  # Spearman rank correlation with the outcome's horizon total, over runs


def drivers(results: Results, outcome: str = "net_saving_gbp", top: int = 10) -> list[Driver]:
    """The uncertain parameters that move an outcome most: rank correlation between each drawn
    parameter and the outcome's total over the horizon, largest first (parameters that do not vary
    are left out)."""
    y = totals(results, outcome)
    if results.runs < 3 or np.ptp(y) == 0:
        return []
    ry = np.argsort(np.argsort(y)).astype(float)
    out = []
    for j, name in enumerate(results.parameter_names):
        x = results.parameters[:, j]
        if np.ptp(x) == 0:
            continue
        rx = np.argsort(np.argsort(x)).astype(float)
        c = float(np.corrcoef(rx, ry)[0, 1])
        kind, lever, *rest = name.split(":")
        what = "unit cost" if kind == "unit_cost" else f"effect on {rest[0].replace('_', ' ')}"
        out.append(Driver(name, f"{LEVER_LABELS.get(lever, lever)}: {what}", c))
    out.sort(key=lambda d: -abs(d.correlation))
    return out[:top]
