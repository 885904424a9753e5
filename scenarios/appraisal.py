"""A Green Book appraisal of a run.

Present values in real terms, discounted to the plan year, with benefits split by who gains (the NHS, the council),
for the whole pool or for a scenario's changes paired run by run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.engine import Results
from scenarios.outcomes import OUTCOMES, SAVINGS_BY_GAINER
from scenarios.stats import Stat, stat


@dataclass(frozen=True)
class Appraisal:
    """Present values in real terms (the unit costs' price year), discounted to the plan year.

    The discount rate is `discount_rate` a year (HM Treasury Green Book). Benefits are split by who gains: the NHS
    (emergency admissions with their bed days, A&E attendances; mostly capacity freed, not cash)
    and the council (home-care hours and care-home placements not bought; cashable). The mean is
    the appraisal figure; P10-P90 shows the uncertainty.
    """

    discount_rate: float
    years: int
    spend: Stat
    nhs_benefits: Stat
    council_benefits: Stat
    benefits: Stat
    net_present_value: Stat


def discount_factors(rate: float, years: int) -> np.ndarray:
    """1 / (1 + rate)^t for t = 0 (the plan year) to years - 1."""
    return 1.0 / (1.0 + rate) ** np.arange(years)


def present_values(totals_: np.ndarray, spend_all: np.ndarray, rate: float) -> dict[str, np.ndarray]:
    """Each run's present values of benefits against spend.

    Benefits are (run, year, outcome) totals; spend is by year on every lever. The result is keyed as
    the fields of ``Appraisal``.
    """
    f = discount_factors(rate, totals_.shape[1])
    nhs = (totals_[:, :, OUTCOMES.index(SAVINGS_BY_GAINER["nhs"])] * f).sum(axis=1)
    council = (totals_[:, :, OUTCOMES.index(SAVINGS_BY_GAINER["council"])] * f).sum(axis=1)
    spend = np.full(totals_.shape[0], float((np.asarray(spend_all) * f).sum()))
    benefits = nhs + council
    return {"spend": spend, "nhs_benefits": nhs, "council_benefits": council, "benefits": benefits,
            "net_present_value": benefits - spend}


def appraisal_from(pv: dict[str, np.ndarray], rate: float, years: int) -> Appraisal:
    """The appraisal of per-run present values `pv` (as `present_values` returns them)."""
    return Appraisal(rate, years, **{k: stat(v) for k, v in pv.items()})


def appraise(totals_: np.ndarray, spend_all: np.ndarray, rate: float) -> Appraisal:
    """Appraise (run, year, outcome) totals of benefits against spend by year on every lever."""
    return appraisal_from(present_values(totals_, spend_all, rate), rate, totals_.shape[1])


def change_arrays(results: Results) -> tuple[np.ndarray, np.ndarray]:
    """The scenario's change, paired run by run: (run, year, outcome) totals and spend by year."""
    if not results.scenario.changes:
        return np.zeros_like(results.totals), np.zeros_like(results.spend_all)
    return results.totals - results.reference_totals, results.spend_all - results.reference_spend_all


def appraisal_of_change(results: Results) -> Appraisal:
    """The scenario's changes: change in benefits against change in spend, paired run by run."""
    return appraise(*change_arrays(results), results.scenario.discount_rate)


def appraisal_of_pool(results: Results) -> Appraisal:
    """The whole pool as the scenario spends it, against no BCF-funded schemes."""
    return appraise(results.totals, results.spend_all, results.scenario.discount_rate)
