"""How sure are we: the assumptions that move the headline most, and each lever's break-even effect.

A tornado swings each effect between its low and high ends; the break-even effect is the smallest
effect at which a funded lever's central net saving reaches zero.

Both model the central run (run 0, every parameter central) with one assumption changed, so their
answers do not depend on the number of runs or the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

from budget.models import Plan
from budget.reference import load_reference
from scenarios.engine import run
from scenarios.optimise import OBJECTIVES
from scenarios.schema import Scenario
from scenarios.summary import totals


@dataclass(frozen=True)
class Swing:
    """The headline with one lever's effect at its low and high ends, every other figure central."""

    lever: str
    outcome: str  # the effect swung, e.g. 'emergency_admissions'
    low_value: float  # the headline with the effect at its low (P10) end
    high_value: float
    central_value: float

    @property
    def width(self) -> float:
        """How far the headline moves between the two ends."""
        return abs(self.high_value - self.low_value)


def tornado(
    plan: Plan, scenario: Scenario | None = None, *, objective: str = "net_saving", top: int = 10
) -> list[Swing]:
    """Each effect assumption swung between its low and high ends, every other figure central.

    Returns the `top` assumptions that move the headline most, largest swing first.
    """
    from scenarios.assumptions import load_assumptions
    from scenarios.overrides import AssumptionOverride, EffectOverride

    scenario = scenario or Scenario()
    outcome = OBJECTIVES[objective]
    library = load_assumptions(scenario.stance)

    def central(extra: tuple = ()) -> float:
        s = scenario.model_copy(update={"assumption_overrides": (*scenario.assumption_overrides, *extra)})
        return float(totals(run(s, plan, runs=1, seed=0), outcome)[0])  # run 0 is the central estimate

    base = central()
    swings = []
    for lever, effects in library.effects.items():
        for name, interval in effects.items():
            ends = []
            for x in (interval.low, interval.high):
                override = AssumptionOverride(lever=lever, effects=(EffectOverride(
                    outcome=name, low=x, central=x, high=x, distribution="fixed", unit=interval.unit,
                    source="sensitivity swing", grade=interval.grade),))
                ends.append(central((override,)))
            swings.append(Swing(lever, name, ends[0], ends[1], base))
    return sorted(swings, key=lambda s: s.width, reverse=True)[:top]


@dataclass(frozen=True)
class BreakEven:
    """A lever's break-even effect on its main outcome, beside the evidence range for that effect."""

    lever: str
    outcome: str  # the lever's main effect (the one whose evidence range reaches furthest)
    rate_ratio: float | None  # that effect at break-even, others central (1 = no effect); None: never pays
    low: float  # its evidence range: P10, central, P90
    central: float
    high: float

    @property
    def within_evidence(self) -> bool:
        """True when an effect inside the evidence range would pay for the lever."""
        return self.rate_ratio is not None and self.rate_ratio >= self.low


def break_even(plan: Plan, scenario: Scenario | None = None) -> list[BreakEven]:
    """For each funded lever, the smallest effect at which its central net saving reaches zero.

    The effect is a rate ratio on the lever's main outcome, the other effects at their central values;
    each is given beside the evidence range for that effect.
    """
    from scipy.optimize import brentq

    from scenarios.assumptions import load_assumptions
    from scenarios.overrides import AssumptionOverride, EffectOverride

    scenario = scenario or Scenario()
    library = load_assumptions(scenario.stance)
    ref = load_reference(plan.year)
    funded = {ref.line_lever(x.scheme_type, x.sub_type) for x in plan.lines if x.amount > 0}
    out = []
    for lever, effects in library.effects.items():
        if lever not in funded or not effects:
            continue
        main = max(effects, key=lambda o: 1 - effects[o].low)
        e = effects[main]

        def net(r: float, lever: str = lever, main: str = main, e=e) -> float:
            override = AssumptionOverride(lever=lever, effects=(EffectOverride(
                outcome=main, low=r, central=r, high=r, distribution="fixed", unit=e.unit,
                source="break-even search", grade=e.grade),))
            s = scenario.model_copy(update={"assumption_overrides": (*scenario.assumption_overrides, override)})
            return float(totals(run(s, plan, runs=1, seed=0), "net_saving_gbp", levers=(lever,))[0])

        r = None
        if net(1.0) >= 0:
            r = 1.0
        elif net(0.0) >= 0:
            r = float(brentq(net, 0.0, 1.0, xtol=1e-4))
        out.append(BreakEven(lever, main, r, e.low, e.central, e.high))
    return out
