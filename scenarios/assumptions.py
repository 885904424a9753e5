"""The assumption library, read from ``scenarios/assumptions/*.yaml``, and the table of every figure in it.

Unit costs, eligibility, risk tiers, effects and baselines for one evidence stance (``load_assumptions``).
The files' models are in ``scenarios.assumption_files`` and the sourced figures and intervals they hold in
``scenarios.sourced``: every figure carries its source and an evidence grade, and a figure without them,
an unknown key or a value out of range is refused, so a mistyped assumption fails loudly instead of
quietly changing an answer. Two evidence stances exist: ``controlled`` (trials, meta-analyses, matched-control
evaluations; the default) and ``pilot`` (the case studies' uncontrolled figures, inheriting the
controlled effects it does not restate).
"""

from functools import cache
from pathlib import Path

from budget.package_yaml import read_package_yaml
from budget.provenance import COST_WORDS
from budget.trusted import MODEL_SUFFIX, cached, write_form
from scenarios.assumption_files import (
    STANCES,
    BaselineFile,
    Costs,
    EffectOutcome,
    Growth,
    Lever,
    LeverAssumptions,
    LeverFile,
    Stance,
    StanceFile,
    UnitCostFile,
)
from scenarios.sourced import GRADE_LABELS, Effect, Frozen, Interval, Sourced, declared_text

_PACKAGE = Path(__file__).resolve().parent  # the scenarios package's folder: its data files are beside it

USER_SOURCE = "Set in the scenario by its author"


class Assumptions(Frozen):
    """Everything the engine needs besides the plan, for one evidence stance."""

    stance: Stance
    stance_label: str
    stance_description: str = ""
    levers: dict[Lever, LeverAssumptions]
    effects: dict[Lever, dict[EffectOutcome, Effect]]
    baseline: BaselineFile
    unit_costs: UnitCostFile

    def effect(self, lever: str, outcome: str) -> Effect | None:
        """The lever's effect on an outcome, or None where the stance models none."""
        return self.effects.get(lever, {}).get(outcome)


def _read(name: str) -> dict:
    return read_package_yaml(_PACKAGE / "assumptions", name)


def _stance_file(stance: str) -> StanceFile:
    return StanceFile.model_validate(_read(f"effects_{stance}.yaml"))


@cache
def stance_label(stance: str) -> str:
    """A stance's name as people read it, from its own file ('Controlled evidence', 'Pilot claims')."""
    return load_assumptions(stance).stance_label if stance in STANCES else stance


def _library_files() -> list[Path]:
    """The YAML files the engine's assumptions are made from, in order."""
    folder = _PACKAGE / "assumptions"
    names = ["baseline.yaml", "levers.yaml", "unit_costs.yaml", *(f"effects_{s}.yaml" for s in STANCES)]
    return [folder / name for name in names]


def _model_form(stance: str) -> Path:
    return _PACKAGE / "assumptions" / f"assumptions_{stance}{MODEL_SUFFIX}"


@cache
def load_assumptions(stance: str = "controlled") -> Assumptions:
    """The assumption library for an evidence stance ('controlled' or 'pilot').

    From the stance's shipped checked form while it was made from the library's YAML files as they are
    (``budget.trusted.cached``), else read and checked from the YAML.
    """
    if stance not in STANCES:
        raise ValueError(f"unknown evidence stance '{stance}': choose {' or '.join(STANCES)}")
    return cached(Assumptions, _model_form(stance), _library_files(), lambda: build_assumptions(stance))


def build_assumptions(stance: str) -> Assumptions:
    """The assumption library for an evidence stance, read and checked from its YAML files."""
    if stance not in STANCES:
        raise ValueError(f"unknown evidence stance '{stance}': choose {' or '.join(STANCES)}")
    levers = LeverFile.model_validate(_read("levers.yaml")).levers
    chain: list[StanceFile] = []
    name: str | None = stance
    while name is not None:
        if any(s.stance == name for s in chain):
            raise ValueError(f"effects files inherit in a loop at '{name}'")
        f = _stance_file(name)
        chain.append(f)
        name = f.inherits
    effects: dict[str, dict[str, Effect]] = {}
    for f in reversed(chain):
        for lever, by_outcome in f.effects.items():
            effects.setdefault(lever, {}).update(by_outcome)
    top = chain[0]
    out = Assumptions(
        stance=top.stance,
        stance_label=top.label,
        stance_description=" ".join(top.description.split()),
        levers=levers,
        effects=effects,
        baseline=BaselineFile.model_validate(_read("baseline.yaml")),
        unit_costs=UnitCostFile.model_validate(_read("unit_costs.yaml")),
    )
    wrong = [f"{name} ({year or 'no price year'})" for name, year in cost_price_years(out).items()
             if year != out.unit_costs.prices]
    if wrong:
        raise ValueError(f"costs not at the library's price year {out.unit_costs.prices}: {', '.join(wrong)}")
    return out


def cost_price_years(a: Assumptions) -> dict[str, str | None]:
    """The price year of every cost in £ the library holds for the engine, by where it is.

    'costs.<name>' for the outcome costs (unit_costs.yaml), '<lever>.unit_cost' or '<lever>.cost_per_fte' for
    the levers (levers.yaml). The capacity plan's unit costs (capacity.yaml) are read by ``scenarios.capacity``.
    """
    out: dict[str, str | None] = {}
    for name in Costs.model_fields:
        c = getattr(a.unit_costs.costs, name)
        if c.in_pounds:
            out[f"costs.{name}"] = c.price_year
    for lever, la in a.levers.items():
        if la.unit_cost is not None:
            out[f"{lever}.unit_cost"] = la.unit_cost.price_year
        if la.staff is not None:
            out[f"{lever}.cost_per_fte"] = la.staff.cost_per_fte.price_year
    return out


def in_words(key: str) -> str:
    """A key of the library's files (an outcome, a unit cost, a growth rate) as a reader says it."""
    from scenarios.outcomes import EFFECT_LABELS

    if key in EFFECT_LABELS:
        return EFFECT_LABELS[key]
    if key in COST_WORDS:
        return COST_WORDS[key]
    if key.endswith("_rate") and key.removesuffix("_rate") in EFFECT_LABELS:
        return f"{EFFECT_LABELS[key.removesuffix('_rate')]} rate"
    return key.replace("_65_plus", " aged 65+").replace("_", " ")


def assumption_table(assumptions: Assumptions) -> list[dict]:
    """Every figure the engine will use, one row each, with its source and evidence grade.

    For a page or a board pack to show where each number came from: ``lever`` is the key, ``lever_label`` and
    ``parameter`` are in words.
    """
    from budget.reference import LEVER_LABELS

    rows: list[dict] = []

    def add(lever: str, parameter: str, fig: Sourced | Interval) -> None:
        if isinstance(fig, Interval):
            low, central, high, dist = fig.low, fig.central, fig.high, fig.distribution
        else:
            low = central = high = fig.value
            dist = "fixed"
        unit, source = fig.unit, " ".join(fig.source.split())
        price_year = getattr(fig, "price_year", None)
        if price_year and price_year not in unit:
            unit = f"{unit} ({price_year} prices)"
        uplift = getattr(fig, "uplifted_from", None)
        if uplift is not None:
            source = f"{source} {uplift.text()}"
        rows.append({"lever": lever, "lever_label": LEVER_LABELS.get(lever, lever.capitalize()),
                     "parameter": parameter, "low": low, "central": central, "high": high,
                     "distribution": dist, "unit": unit, "grade": fig.grade, "price_year": price_year or "",
                     "grade_label": GRADE_LABELS[fig.grade], "status": fig.status or "", "source": source,
                     "as_declared": declared_text(fig) if isinstance(fig, Interval) else "",
                     "context": " ".join(fig.context.split()) if isinstance(fig, Effect) else ""})

    for lever, la in assumptions.levers.items():
        if la.staff is not None:
            add(lever, "cost per FTE", la.staff.cost_per_fte)
            add(lever, "people per FTE", la.staff.people_per_fte)
        else:
            add(lever, "unit cost", la.unit_cost)  # type: ignore[arg-type]
        add(lever, "eligible share of people aged 65+", la.eligible_share_65_plus)
        add(lever, "maximum uptake", la.max_uptake)
        for outcome, r in la.cohort_rate_ratio.items():
            add(lever, f"cohort rate ratio: {in_words(outcome)}", r)
        for outcome, eff in assumptions.effects.get(lever, {}).items():
            add(lever, f"effect ({assumptions.stance}): {in_words(outcome)}", eff)
    b = assumptions.baseline
    for outcome, r in b.rates_per_100k_65_plus.items():
        add("baseline", f"rate per 100,000 aged 65+: {in_words(outcome)}", r)
    for outcome, r in b.mitigable_share.items():
        add("baseline", f"mitigable share: {in_words(outcome)}", r)
    add("baseline", "mean length of stay", b.mean_length_of_stay_days)
    add("baseline", "mean discharge delay", b.mean_discharge_delay_days)
    for name in Growth.model_fields:
        add("baseline", f"growth a year: {in_words(name)}", getattr(b.growth_per_year, name))
    for name in Costs.model_fields:
        add("unit cost", in_words(name), getattr(assumptions.unit_costs.costs, name))
    return rows


def write_model_forms(folder: Path | None = None) -> list[Path]:
    """Write each stance's checked form beside the YAML, or into ``folder`` (``python -m scenarios.package_data``).

    The paths written.
    """
    return [write_form(Path(folder) / _model_form(s).name if folder else _model_form(s), build_assumptions(s),
                       _library_files()) for s in STANCES]
