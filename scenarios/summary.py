"""Summaries of engine results, answering two questions that are never mixed:

* **What does this scenario change?** The scenario against a reference (the plan as submitted),
  run by run on the same draws: established services cancel, only new, expanded, cut or moved money
  counts, and a scenario with no changes gives exactly zero (``change_vs_reference``).
* **What does the whole pool buy?** The plan's schemes against no BCF-funded schemes
  (``totals``/``headline()["outcomes"]``): context for the plan as submitted, with cost per outcome.

Also: P10/P50/P90 and mean of every outcome by year, lever and locality; a Green Book appraisal
(real terms, discounted, benefits split by who gains); the BCF metric trajectories with today's
services, without the pool, with the plan and with the scenario; a waterfall of the central run; and
the JSON object `bcf run --json` prints.

Totals for the whole area count only levers with a modelled effect, so spend on enablers,
workforce or placements (no modelled effect) is reported beside them.
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
    "delayed_discharge_days_avoided",
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
    "discharge_delay_days": ("delayed_discharge_days", "delayed_discharge_days_avoided",
                             "Average discharge delay, days per discharge (people aged 65+)"),
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
    x = results.by_lever[:, _lever_mask(results, levers), results.outcomes.index(outcome)]
    return x.sum(axis=1)


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


HIGHER_IS_WORSE = frozenset({"spend_gbp"})  # every other outcome is better when larger
NHS_BENEFITS = ("emergency_admissions_avoided", "ae_attendances_avoided", "delayed_discharge_days_avoided")
COUNCIL_BENEFITS = ("home_care_hours_saved", "care_home_admissions_avoided")
REFERENCE_NAME = "Plan as submitted"


@dataclass(frozen=True)
class Change:
    """A paired difference (scenario minus reference, run by run): percentiles, mean, the central
    run's difference and the share of runs in which the scenario is better."""

    p10: float
    p50: float
    p90: float
    mean: float
    central: float
    probability_better: float

    def to_json(self, digits: int = 1) -> dict:
        out = {k: _round(getattr(self, k), digits) for k in ("p10", "p50", "p90", "mean", "central")}
        out["probability_better"] = _round(self.probability_better, 4)
        return out


def paired_change(difference: np.ndarray, outcome: str) -> Change:
    """Summarise per-run differences (scenario - reference) of one outcome."""
    s = stat(difference)
    better = difference < 0 if outcome in HIGHER_IS_WORSE else difference > 0
    return Change(s.p10, s.p50, s.p90, s.mean, s.central, float(better.mean()))


def _horizon(a: np.ndarray, outcome: str) -> np.ndarray:
    """(run,) total over the horizon of one outcome from a (run, year, outcome) totals array."""
    return a[:, :, OUTCOMES.index(outcome)].sum(axis=1)


def change_vs_reference(results: Results) -> dict[str, Change]:
    """Each outcome's change from the plan as submitted, paired run by run (modelled levers)."""
    d = results.totals - results.reference_totals
    if not results.scenario.changes:
        d = np.zeros_like(d)
    return {o: paired_change(d[:, :, OUTCOMES.index(o)].sum(axis=1), o) for o in HEADLINE_OUTCOMES}


def paired_difference(a: Results, b: Results) -> dict[str, Change]:
    """Each outcome's change from `a` to `b`, run by run. Both must have the same runs and seed, so
    that run i of each drew the same random numbers."""
    if a.runs != b.runs or a.seed != b.seed:
        raise ValueError("paired differences need the same number of runs and the same seed")
    return {o: paired_change(totals(b, o) - totals(a, o), o) for o in HEADLINE_OUTCOMES}


def spend_change(results: Results) -> float:
    """Change in the plan year's spend on every lever, scenario minus the plan as submitted (£)."""
    return float(results.spend_all[0] - results.reference_spend_all[0]) if results.scenario.changes else 0.0


@dataclass(frozen=True)
class Appraisal:
    """Present values in real terms (the unit costs' price year), discounted to the plan year at
    `discount_rate` a year (HM Treasury Green Book). Benefits are split by who gains: the NHS
    (emergency admissions with their bed days, A&E attendances; mostly capacity freed, not cash)
    and the council (home-care hours and care-home placements not bought; cashable). The mean is
    the appraisal figure; P10-P90 shows the uncertainty."""

    discount_rate: float
    years: int
    spend: Stat
    nhs_benefits: Stat
    council_benefits: Stat
    benefits: Stat
    net_present_value: Stat

    def to_json(self) -> dict:
        out = {"discount_rate": self.discount_rate, "years": self.years}
        for k in ("spend", "nhs_benefits", "council_benefits", "benefits", "net_present_value"):
            s = getattr(self, k).to_json(0)
            out[f"{k}_gbp"] = {x: s[x] for x in ("mean", "p10", "p50", "p90")}
        return out


def discount_factors(rate: float, years: int) -> np.ndarray:
    """1 / (1 + rate)^t for t = 0 (the plan year) to years - 1."""
    return 1.0 / (1.0 + rate) ** np.arange(years)


def appraise(totals_: np.ndarray, spend_all: np.ndarray, rate: float) -> Appraisal:
    """Appraise (run, year, outcome) totals of benefits against spend by year on every lever."""
    f = discount_factors(rate, totals_.shape[1])
    pv = {o: (totals_[:, :, OUTCOMES.index(o)] * f).sum(axis=1) for o in ("non_cashable_saving_gbp", "cashable_saving_gbp")}
    spend = np.full(totals_.shape[0], float((np.asarray(spend_all) * f).sum()))
    benefits = pv["non_cashable_saving_gbp"] + pv["cashable_saving_gbp"]
    return Appraisal(rate, totals_.shape[1], stat(spend), stat(pv["non_cashable_saving_gbp"]),
                     stat(pv["cashable_saving_gbp"]), stat(benefits), stat(benefits - spend))


def appraisal_of_change(results: Results) -> Appraisal:
    """The scenario's changes: change in benefits against change in spend, paired run by run."""
    if not results.scenario.changes:
        zero = np.zeros_like(results.totals)
        return appraise(zero, np.zeros_like(results.spend_all), results.scenario.discount_rate)
    return appraise(results.totals - results.reference_totals, results.spend_all - results.reference_spend_all,
                    results.scenario.discount_rate)


def appraisal_of_pool(results: Results) -> Appraisal:
    """The whole pool as the scenario spends it, against no BCF-funded schemes."""
    return appraise(results.totals, results.spend_all, results.scenario.discount_rate)


COST_PER = ("people_served", "emergency_admissions_avoided", "bed_days_saved", "care_home_admissions_avoided",
            "home_care_hours_saved", "delayed_discharge_days_avoided")


def cost_per_outcome(results: Results) -> dict[str, dict]:
    """Spend on modelled levers ÷ each outcome the pool buys (P10 cost = spend ÷ P90 outcome)."""
    spend = totals(results, "spend_gbp")[0]
    out = {}
    for o in COST_PER:
        s = stat(totals(results, o))

        def per(n: float) -> float | None:
            return spend / n if n > 1e-9 and spend > 0 else None

        out[o] = {"p10": per(s.p90), "p50": per(s.p50), "p90": per(s.p10), "central": per(s.central)}
    return out


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


def _band(x: np.ndarray, digits: int = 1) -> dict[str, list]:
    """(run, year) -> P10/P50/P90 and central lists by year."""
    pct = np.percentile(x, PERCENTILES, axis=0)
    return {"p10": [_round(v, digits) for v in pct[0]], "p50": [_round(v, digits) for v in pct[1]],
            "p90": [_round(v, digits) for v in pct[2]], "central": [_round(v, digits) for v in x[0]]}


def metric_trajectories(results: Results) -> dict[str, dict]:
    """BCF metrics per 100,000 aged 65+ by year, four lines:

    * with today's services: the observed base-year rate grown for demography and trend; the
      observed rate already contains the effect of the services running today;
    * without the pool: today's services line plus the effect of the plan's established spend, so
      it lies above it;
    * with the plan as submitted: without the pool, less the effect of all the plan's spend;
    * with the scenario: the plan's line less the scenario's paired change.
    ``without_scenario`` is the plan's line (P50), kept for scripts that read it."""
    b = results.baseline
    pop = b.population_65_plus.sum(axis=1)  # (year 0..H,)
    out = {}
    for metric, (count_name, avoided_name, label) in METRICS.items():
        j = EFFECT_OUTCOMES.index(count_name)
        k = OUTCOMES.index(avoided_name)
        observed = b.counts[:, :, j].sum(axis=1)  # (year 0..H,)
        without_pool = observed[None, 1:] + results.established_totals[:, :, k]
        with_plan = without_pool - results.reference_totals[:, :, k]
        with_scenario = without_pool - results.totals[:, :, k] if results.scenario.changes else with_plan
        if metric == "discharge_delay_days":  # delayed days ÷ discharges; discharges = observed days ÷ mean delay
            per = b.discharge_delay_days / np.where(observed > 0, observed, 1.0)
        else:
            per = 1e5 / pop
        rate = per[None, 1:]
        digits = 2 if metric == "discharge_delay_days" else 1
        plan_band = _band(with_plan * rate, digits)
        out[metric] = {
            "label": label,
            "base_year": _round(observed[0] * per[0], digits),
            "years": list(results.years),
            "with_todays_services": [_round(v, digits) for v in observed[1:] * per[1:]],
            "without_pool": _band(without_pool * rate, digits),
            "with_plan": plan_band,
            "without_scenario": plan_band["p50"],
            "with_scenario": _band(with_scenario * rate, digits),
        }
    return out


def waterfall(results: Results, metric: str = "emergency_admissions", year: int = -1) -> list[WaterfallStep]:
    """Central run, one horizon year (default: the last): base-year count -> population growth ->
    change in rate per person (= with today's services) -> the plan's new and expanded spend -> this
    scenario's changes -> the scenario's count. Established services are already in the base year."""
    avoided_name = {"emergency_admissions": "emergency_admissions_avoided",
                    "care_home_admissions": "care_home_admissions_avoided",
                    "falls_admissions": "falls_admissions_avoided",
                    "ae_attendances": "ae_attendances_avoided",
                    "home_care_hours": "home_care_hours_saved",
                    "delayed_discharge_days": "delayed_discharge_days_avoided"}[metric]
    j = EFFECT_OUTCOMES.index(metric)
    k = OUTCOMES.index(avoided_name)
    b = results.baseline
    y = year % len(results.years)
    start = float(b.counts[0, :, j].sum())
    demo = float(b.demographic_counts[y + 1, :, j].sum())
    grown = float(b.counts[y + 1, :, j].sum())
    steps = [WaterfallStep("Base year", start, start, "level")]
    cum = start
    new_spend = float(results.reference_totals[0, y, k] - results.established_totals[0, y, k])
    changes = float(results.totals[0, y, k] - results.reference_totals[0, y, k]) if results.scenario.changes else 0.0
    for label, change in (("Population growth", demo - start), ("Change in rate per person", grown - demo),
                          ("Plan's new schemes", -new_spend), ("This scenario's changes", -changes)):
        if label.startswith(("Plan", "This")) and abs(change) <= 1e-9:
            continue
        cum += change
        steps.append(WaterfallStep(label, change, cum, "change"))
    steps.append(WaterfallStep(f"Scenario, {results.years[y]}", cum, cum, "level"))
    return steps


def _outcome_digits(name: str) -> int:
    return 0 if name.endswith("_gbp") else 1


def _stats_json(results: Results, levers: tuple[str, ...] | None) -> dict:
    return {o: stat(totals(results, o, levers)).to_json(_outcome_digits(o)) for o in HEADLINE_OUTCOMES}


def _cost_json(d: dict) -> dict:
    return {k: _round(v, 0) for k, v in d.items()}


def change_json(results: Results) -> dict:
    """The `change_vs_plan` object of `bcf run --json`: all zero when the scenario changes nothing."""
    npv = appraisal_of_change(results).net_present_value.to_json(0)
    return {
        "reference": REFERENCE_NAME,
        "outcomes": {o: c.to_json(_outcome_digits(o)) for o, c in change_vs_reference(results).items()},
        "spend_change_gbp": _round(spend_change(results), 0),
        "net_present_value_gbp": {k: npv[k] for k in ("p10", "p50", "p90", "mean")},
    }


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
        sub = results.by_year_lever[:, y][:, modelled]  # (run, lever, outcome)
        by_year[label] = {o: stat(sub[..., results.outcomes.index(o)].sum(axis=1)).to_json(_outcome_digits(o))
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
        "change_vs_plan": change_json(results),
        "cost_per_outcome_gbp": {o: _cost_json(v) for o, v in cost_per_outcome(results).items()},
        "appraisal": {"pool": appraisal_of_pool(results).to_json(), "change_vs_plan": appraisal_of_change(results).to_json(),
                      "price_year": a.unit_costs.prices},
        "warnings": list(results.warnings),
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
            "discount_rate": results.scenario.discount_rate,
            "changes": len(results.scenario.changes),
            "assumption_overrides": len(results.scenario.assumption_overrides),
            "unit_costs_gbp": {
                "emergency_admission": a.unit_costs.costs.emergency_admission.value,
                "ae_attendance": a.unit_costs.costs.ae_attendance.value,
                "home_care_hour": a.unit_costs.costs.home_care_hour.value,
                "care_home_admission_avoided": a.unit_costs.costs.care_home_admission,
                "delayed_bed_day": a.unit_costs.costs.delayed_bed_day.value,
            },
        },
        "notes": [
            "Totals cover levers with a modelled effect; spend with no modelled effect is listed under spend_gbp.",
            "Emergency admissions avoided include falls admissions avoided; bed days = admissions avoided x length of stay.",
            "P10/P50/P90 are over Monte Carlo runs of the uncertain parameters; central = every parameter at its central value.",
            "People served over several years counts a person once for each year in which they are served.",
            "outcomes = what the whole pool buys: the plan's modelled schemes against no BCF-funded schemes. "
            "change_vs_plan = what this scenario changes: scenario minus the plan as submitted, run by run on the same draws.",
            "Metric trajectories: the observed baseline already contains today's services ('with_todays_services'); "
            "'without_pool' adds back the effect of established spend; 'with_plan' subtracts the effect of all the "
            "plan's spend; 'with_scenario' is the plan's line less the scenario's paired change; "
            "'without_scenario' is the plan's P50 line.",
            "Appraisal: present values in real terms, discounted to the plan year at settings.discount_rate; the mean "
            "is the appraisal figure, P10-P90 the uncertainty. The plan funds its first year; later years of the "
            "horizon assume the same spend continues in real terms, and stopped spend's effect fades.",
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
