"""Summaries of engine results, answering two questions that are never mixed.

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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from budget.models import REFERENCE_NAME  # noqa: F401  (the plan as submitted, for the JSON)
from budget.reference import LEVER_LABELS
from scenarios.appraisal import (  # noqa: F401  (re-exported: the Summary's parts)
    Appraisal,
    appraisal_from,
    appraisal_of_change,
    appraisal_of_pool,
    appraise,
    change_arrays,
    discount_factors,
    present_values,
)
from scenarios.assumptions import in_words, stance_label
from scenarios.engine import Results
from scenarios.outcomes import HIGHER_IS_WORSE, LOCALITY_OUTCOMES, OUTCOMES, POOL_OUTCOMES
from scenarios.stats import PERCENTILES, Band, Stat, percentiles, stat, stats  # noqa: F401
from scenarios.trajectories import METRICS, Trajectory, WaterfallStep, metric_trajectories, waterfall  # noqa: F401

if TYPE_CHECKING:
    import pandas as pd

AXES = {"year": 1, "lever": 2, "locality": 3}
def _lever_mask(results: Results, levers: tuple[str, ...] | None) -> np.ndarray:
    return results.lever_mask(levers)


def totals(results: Results, outcome: str, levers: tuple[str, ...] | None = None) -> np.ndarray:
    """(run,) totals over the whole horizon, all localities, the given levers (default: modelled)."""
    x = results.by_lever[:, _lever_mask(results, levers), results.outcomes.index(outcome)]
    return x.sum(axis=1)


def probability_net_saving_positive(results: Results, levers: tuple[str, ...] | None = None) -> float:
    """The share of runs in which the net saving over the horizon (the given levers) is above zero."""
    return float((totals(results, "net_saving_gbp", levers) > 0).mean())


def return_per_pound(results: Results, levers: tuple[str, ...] | None = None) -> Stat | None:
    """Gross saving per pound spent over the horizon, the given levers (default: modelled).

    Returns:
        Its statistics over runs (`Stat`); None where the levers have no spend.
    """
    spend = totals(results, "spend_gbp", levers)[0]
    if spend <= 0:
        return None
    return stat(totals(results, "gross_saving_gbp", levers) / spend)


def cost_per_admission_avoided(results: Results, levers: tuple[str, ...] | None = None) -> dict:
    """Spend ÷ emergency admissions avoided.

    Spend is fixed, so the percentiles follow from those of admissions avoided (P10 cost = spend ÷ P90
    admissions); None where no admission is avoided.
    """
    spend = totals(results, "spend_gbp", levers)[0]
    s = stat(totals(results, "emergency_admissions_avoided", levers))

    def per(n: float) -> float | None:
        return spend / n if n > 1e-9 and spend > 0 else None

    return {"p10": per(s.p90), "p50": per(s.p50), "p90": per(s.p10), "central": per(s.central)}


# the optimism-bias setting as people read it: the Impact and Assumptions pages and `bcf run`
OPTIMISM_BIAS_LABEL = "Adjust for optimism bias (HM Treasury Green Book)"


def optimism_bias_help() -> str:
    """What the setting does, with the share removed for each evidence grade as the assumption library holds it."""
    from scenarios.assumptions import load_assumptions
    from scenarios.sourced import GRADE_LABELS

    shares = load_assumptions().unit_costs.optimism_bias
    by_grade = "; ".join(f"{GRADE_LABELS[g].lower()} {shares[g].value:.0%}"
                         for g in sorted(shares, key=lambda g: shares[g].value))
    return ("On by default, as HM Treasury's Green Book asks of every appraisal: each effect is reduced by a share "
            f"that grows as the evidence behind it weakens ({by_grade}). Turn it off to see the effects as the "
            "evidence states them.")


def optimism_bias_text(on: bool) -> str:
    """The setting in a few words, for a caption or a line of text."""
    return "optimism bias adjusted" if on else "no optimism-bias adjustment"


# how to read the figures: shown under them on the Impact page and in `bcf run --json`
NOTES = (
    "Totals cover levers with a modelled effect; spend with no modelled effect is listed under spend_gbp.",
    "Emergency admissions avoided include falls admissions avoided; bed days = admissions avoided x length of stay.",
    "P10/P50/P90 are over Monte Carlo runs of the uncertain parameters; central = every parameter at its central "
    "value.",
    "People served over several years counts a person once for each year in which they are served.",
    "outcomes = what the whole pool buys: the plan's modelled schemes against no BCF-funded schemes. "
    "change_vs_plan = what this scenario changes: scenario minus the plan as submitted, run by run on the same draws.",
    "Metric trajectories: the observed baseline already contains today's services ('with_todays_services'); "
    "'without_pool' adds back the effect of established spend; 'with_plan' subtracts the effect of all the "
    "plan's spend; 'with_scenario' is the plan's line less the scenario's paired change; "
    "'without_scenario' is the plan's P50 line.",
    "Optimism bias: with settings.optimism_bias (on by default, as HM Treasury's Green Book asks) each effect is "
    "reduced by a share that grows as its evidence grade weakens (the assumption library's optimism_bias table).",
    "Appraisal: present values in real terms, discounted to the plan year at settings.discount_rate; the mean "
    "is the appraisal figure, P10-P90 the uncertainty. The plan funds its first year; later years of the "
    "horizon assume the same spend continues in real terms, and stopped spend's effect fades.",
)



@dataclass(frozen=True)
class Change:
    """A paired difference (scenario minus reference, run by run).

    Its percentiles, mean, the central run's difference and the share of runs in which the scenario is
    better.
    """

    p10: float
    p50: float
    p90: float
    mean: float
    central: float
    probability_better: float

    def __getitem__(self, key: str) -> float:
        """A field by name, e.g. ``change['p50']``."""
        return getattr(self, key)


def paired_change(difference: np.ndarray, outcome: str) -> Change:
    """Summarise per-run differences (scenario - reference) of one outcome."""
    s = stat(difference)
    better = difference < 0 if outcome in HIGHER_IS_WORSE else difference > 0
    return Change(s.p10, s.p50, s.p90, s.mean, s.central, float(better.mean()))


def value_of_changes(view: Summary, base: Summary | None = None) -> Change:
    """What the changes are worth: the one answer every page, slide, workbook and command gives.

    The net present value of `view`'s changes (benefits less spend, discounted, against the plan as submitted),
    run by run; with `base`, another scenario on the same plan, runs and seed, the difference from its own, run by
    run. Its P50 with P10 to P90, labelled P50, is what is shown; ``probability_better`` is the share of runs in
    which the changes pay back (or do better than `base`'s).
    """
    runs = np.asarray(view.change_npv_samples, dtype=float)
    if base is not None:
        if base.runs != view.runs or base.seed != view.seed:
            raise ValueError("paired differences need the same number of runs and the same seed")
        runs = runs - np.asarray(base.change_npv_samples, dtype=float)
    return paired_change(runs, "net_saving_gbp")


def change_vs_reference(results: Results, year: int | None = None) -> dict[str, Change]:
    """Each outcome's change from the plan as submitted, paired run by run (modelled levers).

    Over the whole horizon, or in one year of it (0: the plan year).
    """
    d = results.totals - results.reference_totals
    if not results.scenario.changes:
        d = np.zeros_like(d)
    d = d.sum(axis=1) if year is None else d[:, year]
    return {o: paired_change(d[:, OUTCOMES.index(o)], o) for o in OUTCOMES}


def spend_change(results: Results) -> float:
    """Change in the plan year's spend on every lever, scenario minus the plan as submitted (£)."""
    return float(results.spend_all[0] - results.reference_spend_all[0]) if results.scenario.changes else 0.0


def cost_per_outcome(results: Results) -> dict[str, dict]:
    """Spend on the levers that produce each outcome ÷ that outcome (P10 cost = spend ÷ P90 outcome).

    A lever produces an outcome when it changes it in any run; people served come from every modelled lever.
    """
    out = {}
    for o in POOL_OUTCOMES:
        k = results.outcomes.index(o)
        producing = tuple(lv for i, lv in enumerate(results.levers) if lv in results.modelled_levers
                          and np.any(results.by_lever[:, i, k] != 0))
        if not producing:
            out[o] = {"p10": None, "p50": None, "p90": None, "central": None}
            continue
        spend = totals(results, "spend_gbp", producing)[0]
        s = stat(totals(results, o, producing))

        out[o] = {k: (spend / n if n > 1e-9 and spend > 0 else None)
                  for k, n in (("p10", s.p90), ("p50", s.p50), ("p90", s.p10), ("central", s.central))}
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
    pct = percentiles(flat)
    mean = flat.mean(axis=0)
    labels = {"year": results.years, "lever": results.levers, "locality": results.localities}
    grids = np.meshgrid(*[np.arange(len(labels[b])) for b in by], np.arange(len(outcomes)), indexing="ij")
    frame = {b: np.array(labels[b], dtype=object)[g.ravel()] for b, g in zip(by, grids, strict=False)}
    frame["outcome"] = np.array(outcomes, dtype=object)[grids[-1].ravel()]
    frame.update(p10=pct[0], p50=pct[1], p90=pct[2], mean=mean, central=flat[0])
    return pd.DataFrame(frame)


@dataclass(frozen=True)
class CostRange:
    """Spend ÷ an outcome: P10 (the low cost, from the P90 outcome) to P90; None where nothing is avoided."""

    p10: float | None
    p50: float | None
    p90: float | None
    central: float | None

    def __getitem__(self, key: str) -> float | None:
        """A field by name, e.g. ``cost['p10']``."""
        return getattr(self, key)


@dataclass(frozen=True)
class LeverResult:
    """What one lever's spend buys over the horizon, all localities (Shapley-attributed)."""

    label: str
    modelled: bool
    outcomes: dict[str, Stat]
    probability_net_saving_positive: float
    return_per_pound: Stat | None
    cost_per_admission_avoided: CostRange

    def __getitem__(self, outcome: str) -> Stat:
        """The summary of one outcome for this lever."""
        return self.outcomes[outcome]


@dataclass(frozen=True)
class Settings:
    """The run's settings: horizon, deadweight, optimism bias, discount rate, changes, unit costs."""
    horizon_years: int
    deadweight: float
    optimism_bias: bool
    discount_rate: float
    changes: int
    assumption_overrides: int
    unit_costs_gbp: dict[str, float]
    price_year: str


@dataclass(frozen=True, eq=False)
class Summary:
    """The single result of a model run.

    Every page, the Excel return, the board pack and the command line read it. Small and picklable
    (percentiles and the few per-run samples charts and paired comparisons need), so it can be kept per
    session cheaply. Only the command line turns it into JSON (``scenarios.cli.summary_json``).
    """

    scenario_name: str
    area_code: str
    area_name: str
    plan_year: str
    stance: str
    stance_label: str
    runs: int
    seed: int
    years: tuple[str, ...]
    localities: tuple[str, ...]
    has_changes: bool
    outcomes: dict[str, Stat]  # what the whole pool buys, over the horizon, modelled levers
    changes: dict[str, Change]  # what the scenario changes against the plan as submitted, paired
    spend_change_gbp: float  # first year, every lever
    probability_net_saving_positive: float
    return_per_pound: Stat | None
    cost_per_admission_avoided: CostRange
    cost_per_outcome: dict[str, CostRange]
    appraisal_pool: Appraisal
    appraisal_change: Appraisal
    spend_modelled_gbp: float  # over the horizon
    spend_no_effect_gbp: float
    by_lever: dict[str, LeverResult]
    by_year: dict[str, dict[str, Stat]]
    by_locality: dict[str, dict[str, Stat]]
    metrics: dict[str, Trajectory]
    waterfall: dict[str, tuple[WaterfallStep, ...]]
    effects: dict[str, dict[str, tuple[float, float, float, str]]]  # lever -> outcome -> (low, central, high, grade)
    drivers: tuple[Driver, ...]
    baseline_sources: dict[str, str]
    settings: Settings
    warnings: tuple[str, ...]
    run_totals: np.ndarray  # (run, outcome in OUTCOMES): each run's total over the horizon
    net_saving_samples: tuple[float, ...]  # sorted
    change_npv_samples: tuple[float, ...]  # each run's net present value of the changes, in run order
    changes_in_plan_year: dict[str, Change] = field(default_factory=dict)  # as `changes`, the plan year alone

    def stat(self, outcome: str) -> Stat:
        """What the whole pool buys: P10/P50/P90, mean and central of an outcome over the horizon."""
        return self.outcomes[outcome]

    def change(self, outcome: str) -> Change:
        """What this scenario changes against the plan as submitted, paired run by run."""
        return self.changes[outcome]

    def samples(self, outcome: str) -> np.ndarray:
        """Each run's total of an outcome over the horizon (modelled levers), in run order."""
        return self.run_totals[:, OUTCOMES.index(outcome)]

    @property
    def title_suffix(self) -> str:
        """Area, plan year, scenario and evidence stance, for titles and notes."""
        return f"{self.area_name}, {self.plan_year} · {self.scenario_name} · {self.stance_label}"


def _cost_range(d: dict) -> CostRange:
    return CostRange(d["p10"], d["p50"], d["p90"], d["central"])


def summarise(results: Results) -> Summary:
    """Everything a reader sees of one model run."""
    spend = results.outcome("spend_gbp")[0].sum(axis=(0, 2))  # (lever,) over the horizon
    modelled = results.lever_mask()
    by_lever = {}
    for i, lever in enumerate(results.levers):
        if spend[i] <= 0 and lever not in results.modelled_levers:
            continue
        only = (lever,)
        by_lever[lever] = LeverResult(
            label=LEVER_LABELS.get(lever, lever), modelled=bool(modelled[i]),
            outcomes=dict(zip(OUTCOMES, stats(np.stack([totals(results, o, only) for o in OUTCOMES], axis=1)),
                              strict=True)),
            probability_net_saving_positive=probability_net_saving_positive(results, only),
            return_per_pound=return_per_pound(results, only),
            cost_per_admission_avoided=_cost_range(cost_per_admission_avoided(results, only)))
    by_year = {}
    for y, label in enumerate(results.years):
        sub = results.by_year_lever[:, y][:, modelled]  # (run, lever, outcome)
        by_year[label] = dict(zip(OUTCOMES, stats(np.stack([sub[..., results.outcomes.index(o)].sum(axis=1)
                                                            for o in OUTCOMES], axis=1)), strict=True))
    by_locality = {}
    for outcome in LOCALITY_OUTCOMES:
        arr = results.outcome(outcome)[:, :, modelled, :].sum(axis=(1, 2))  # run × locality
        by_locality[outcome] = dict(zip(results.localities, stats(arr), strict=True))
    run_totals = np.stack([totals(results, o) for o in OUTCOMES], axis=1)
    run_totals.flags.writeable = False
    a = results.assumptions
    costs = a.unit_costs.costs
    rate = results.scenario.discount_rate
    change_pv = present_values(*change_arrays(results), rate)
    return Summary(
        scenario_name=results.scenario.name, area_code=results.area_code, area_name=results.area_name,
        plan_year=results.plan_year, stance=results.stance, stance_label=stance_label(results.stance),
        runs=results.runs, seed=results.seed, years=tuple(results.years), localities=tuple(results.localities),
        has_changes=bool(results.scenario.changes),
        outcomes=dict(zip(OUTCOMES, stats(run_totals), strict=True)),
        changes=change_vs_reference(results), spend_change_gbp=spend_change(results),
        probability_net_saving_positive=probability_net_saving_positive(results),
        return_per_pound=return_per_pound(results),
        cost_per_admission_avoided=_cost_range(cost_per_admission_avoided(results)),
        cost_per_outcome={o: _cost_range(v) for o, v in cost_per_outcome(results).items()},
        appraisal_pool=appraisal_of_pool(results), appraisal_change=appraisal_from(change_pv, rate, len(results.years)),
        spend_modelled_gbp=float(spend[modelled].sum()), spend_no_effect_gbp=float(spend[~modelled].sum()),
        by_lever=by_lever, by_year=by_year, by_locality=by_locality, metrics=metric_trajectories(results),
        waterfall={m: tuple(waterfall(results, m)) for m in ("emergency_admissions", "care_home_admissions")},
        effects={lever: {o: (e.low, e.central, e.high, e.grade) for o, e in a.effects.get(lever, {}).items()}
                 for lever in results.modelled_levers},
        drivers=tuple(drivers(results, "net_saving_gbp", top=5)),
        baseline_sources=dict(sorted(results.baseline.sources.items())),
        settings=Settings(
            horizon_years=results.scenario.horizon_years, deadweight=results.scenario.deadweight,
            optimism_bias=results.scenario.optimism_bias, discount_rate=results.scenario.discount_rate,
            changes=len(results.scenario.changes), assumption_overrides=len(results.scenario.assumption_overrides),
            unit_costs_gbp={"emergency_admission": costs.emergency_admission.value,
                            "ae_attendance": costs.ae_attendance.value, "home_care_hour": costs.home_care_hour.value,
                            "care_home_admission_avoided": costs.care_home_admission,
                            "delayed_bed_day": costs.delayed_bed_day.value},
            price_year=a.unit_costs.prices),
        warnings=tuple(results.warnings), run_totals=run_totals,
        net_saving_samples=tuple(float(x) for x in np.sort(totals(results, "net_saving_gbp"))),
        change_npv_samples=tuple(float(x) for x in change_pv["net_present_value"]),
        changes_in_plan_year=change_vs_reference(results, year=0),
    )


@dataclass(frozen=True)
class Driver:
    """An uncertain parameter and how strongly it moves an outcome (rank correlation over runs)."""
    parameter: str  # e.g. "effect:reablement:home_care_hours"
    label: str
    correlation: float  # Spearman rank correlation with the outcome's horizon total, over runs


def drivers(results: Results, outcome: str = "net_saving_gbp", top: int = 10) -> list[Driver]:
    """The uncertain parameters that move an outcome most.

    The rank correlation between each drawn parameter and the outcome's total over the horizon, largest
    first, at most `top` of them (parameters that do not vary are left out; none with fewer than three
    runs or an outcome that does not vary).
    """
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
        what = "unit cost" if kind == "unit_cost" else f"effect on {in_words(rest[0])}"
        out.append(Driver(name, f"{LEVER_LABELS.get(lever, lever)}: {what}", c))
    out.sort(key=lambda d: -abs(d.correlation))
    return out[:top]
