"""A scenario's changes to the assumption library.

The override models a scenario file holds, and ``apply_overrides``, which re-validates every changed value so an
override cannot put it out of range. Whatever an author leaves out keeps the library's value; an override without a
source is marked as set by the scenario's author, graded judgement.
"""

from pydantic import BaseModel

from scenarios.assumption_files import EffectOutcome, Lever, LeverAssumptions
from scenarios.assumptions import USER_SOURCE, Assumptions
from scenarios.sourced import Effect, Frozen, Grade, Interval, Sourced


class UserSourced(Sourced):
    """A figure set by a scenario, with its source (the author, unless given) and grade."""

    source: str = USER_SOURCE
    grade: Grade = "judgement"


class UserInterval(Interval):
    """An interval set by a scenario (a unit cost), with its source and grade."""

    source: str = USER_SOURCE
    grade: Grade = "judgement"


class UserEffect(Effect):
    """An effect set by a scenario, with its source and grade."""

    source: str = USER_SOURCE
    grade: Grade = "judgement"


class EffectOverride(UserEffect):
    """A scenario's effect of a lever on one outcome."""

    outcome: EffectOutcome


class RatioOverride(UserSourced):
    """A scenario's rate ratio of a lever's cohort for one outcome."""

    outcome: EffectOutcome


class AssumptionOverride(Frozen):
    """A scenario's change to one lever's assumptions; anything left out keeps the library value."""

    lever: Lever
    unit_cost: UserInterval | None = None
    eligible_share_65_plus: UserSourced | None = None
    max_uptake: UserSourced | None = None
    effects: tuple[EffectOverride, ...] = ()
    cohort_rate_ratio: tuple[RatioOverride, ...] = ()


def apply_overrides(assumptions: Assumptions, overrides: tuple[AssumptionOverride, ...]) -> Assumptions:
    """A copy of the library with a scenario's overrides applied (the library itself is untouched)."""
    if not overrides:
        return assumptions
    levers = dict(assumptions.levers)
    effects = {k: dict(v) for k, v in assumptions.effects.items()}
    for o in overrides:
        la = levers[o.lever]
        update: dict = {}
        if o.unit_cost is not None:
            update["unit_cost"] = Interval(**o.unit_cost.model_dump())
            update["staff"] = None
        if o.eligible_share_65_plus is not None:
            update["eligible_share_65_plus"] = Sourced(**o.eligible_share_65_plus.model_dump())
        if o.max_uptake is not None:
            update["max_uptake"] = Sourced(**o.max_uptake.model_dump())
        if o.cohort_rate_ratio:
            ratios = dict(la.cohort_rate_ratio)
            for r in o.cohort_rate_ratio:
                d = r.model_dump()
                outcome = d.pop("outcome")
                ratios[outcome] = Sourced(**d)
            update["cohort_rate_ratio"] = ratios
        if update:
            # re-validate so that an override cannot put a value out of range
            levers[o.lever] = LeverAssumptions.model_validate({**la.model_dump(), **{
                k: (v.model_dump() if isinstance(v, BaseModel) else
                    {kk: vv.model_dump() for kk, vv in v.items()} if isinstance(v, dict) else v)
                for k, v in update.items()}})
        for e in o.effects:
            d = e.model_dump()
            outcome = d.pop("outcome")
            effects.setdefault(o.lever, {})[outcome] = Effect(**d)
    return assumptions.model_copy(update={"levers": levers, "effects": effects})
