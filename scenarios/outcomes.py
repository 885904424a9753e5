"""The one register of outcomes: what the engine computes for every run, year, lever and locality.

Each ``Outcome`` says what it is called (a full label, a short label for a tile and the label of its line in
``bcf run``'s text), its unit, whether it is money, the effect outcome whose events it counts, who gains
from it, its unit-cost key and where it is shown. Every list of outcomes in the project (the Summary,
``bcf run --json``, the views, the charts, the Excel return) and every label is derived from ``REGISTER``;
the engine writes each outcome by its name through ``OUTCOME_INDEX`` and each outcome of events avoided
from the effect outcomes it counts (``COUNTED``, from ``Outcome.counts``).

``EFFECT_OUTCOMES`` are the events a lever's effect acts on (the assumption library's effects, baselines
and growth rates are keyed by them, and the engine draws their parameters in this order).

Sections an outcome can be shown in (``Outcome.shown``; a section lists its outcomes by place, then in
register order):

- ``headline``: the headline table (board pack, Assumptions and Compare pages, ``bcf compare``);
- ``compare``: the headline outcomes and the net saving, for scenarios side by side (Compare page, ``bcf compare``);
- ``change``: what a scenario changes against the plan as submitted (Impact page, ``bcf run`` text);
- ``pool``: what the whole pool buys, each with its cost per outcome (Impact page, Summary);
- ``run_text``: the pool's lines of ``bcf run``'s text report;
- ``locality``: the Summary's results by locality;
- ``return``: the Results sheet of the Excel return and the comparison workbook;
- ``by_year``, ``by_lever``: the outcomes a page offers for its chart by year and by lever.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Gainer = Literal["nhs", "council"]

# the events a lever's effect acts on, in the order the engine draws their parameters
EFFECT_OUTCOMES: tuple[str, ...] = (
    "emergency_admissions",
    "ae_attendances",
    "falls_admissions",
    "care_home_admissions",
    "home_care_hours",
    "delayed_discharge_days",
)
# each effect outcome as a chart names it in a sentence (lower case)
EFFECT_LABELS: Mapping[str, str] = MappingProxyType({
    "emergency_admissions": "emergency admissions",
    "ae_attendances": "A&E attendances",
    "falls_admissions": "falls admissions",
    "care_home_admissions": "care-home admissions",
    "home_care_hours": "home-care hours",
    "delayed_discharge_days": "delayed-discharge days",
})


def _places(*sections: str, **placed: float) -> Mapping[str, float]:
    """Sections an outcome is shown in: named ones at place 0 (register order), keywords at their place."""
    return MappingProxyType({**{s: 0.0 for s in sections}, **placed})


@dataclass(frozen=True)
class Outcome:
    """One outcome the engine computes, and how every page, report and command names and shows it.

    Attributes:
        name: the key in the Summary, ``bcf run --json`` and the engine's arrays.
        label: the full label.
        short: a label short enough for a metric tile ('' : the full label).
        unit: what one of it is ('admissions', 'bed days', '£').
        money: True for an amount in £.
        effect: the effect outcome whose events it counts (None: derived from others or from spend).
        includes: further effect outcomes whose events it counts too (falls admissions are emergency admissions).
        gains: who gains from it: 'nhs' or 'council' (None where no one does, or both).
        unit_cost: the key of the unit cost that values it (``Summary.settings.unit_costs_gbp``), if any.
        shown: the sections it is shown in, each with its place there (see the module's docstring).
        text_label: its label in ``bcf run``'s text report ('' : the short label).
        higher_is_better: False for an outcome that is better when smaller (spend).
        one: what one of it is called in a sentence about a change ('admission', 'home-care hour saved', 'spent';
            '' : its unit).
        many: the same for more than one ('admissions', 'home-care hours saved'; '' : its unit).
        avoids: True where the outcome counts events avoided, so a rise in it is fewer of those events.
        change_title: the title of a tile showing a change in it ('' : the short label).
    """

    name: str
    label: str
    unit: str
    money: bool = False
    short: str = ""
    effect: str | None = None
    includes: tuple[str, ...] = ()
    gains: Gainer | None = None
    unit_cost: str | None = None
    shown: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    text_label: str = ""
    higher_is_better: bool = True
    one: str = ""
    many: str = ""
    avoids: bool = False
    change_title: str = ""

    @property
    def short_label(self) -> str:
        """The label for a metric tile: the short one, else the full one."""
        return self.short or self.label

    @property
    def report_label(self) -> str:
        """The label of its line in ``bcf run``'s text report."""
        return self.text_label or self.short_label

    @property
    def counts(self) -> tuple[str, ...]:
        """The effect outcomes whose events it counts (its own first); empty for a derived outcome."""
        return (self.effect, *self.includes) if self.effect is not None else self.includes


REGISTER: tuple[Outcome, ...] = (
    Outcome(
        "people_served",
        "People served",
        "people",
        short="People served",
        text_label="People served (person-years)",
        shown=_places("pool", "run_text"),
        one="person served",
        many="people served",
    ),
    Outcome(
        "emergency_admissions_avoided",
        "Emergency admissions avoided (65+, including falls)",
        "admissions",
        short="Admissions avoided",
        text_label="Emergency admissions avoided",
        effect="emergency_admissions",
        includes=("falls_admissions",),
        gains="nhs",
        unit_cost="emergency_admission",
        shown=_places("change", "pool", "run_text", "return", headline=1, compare=1, by_year=1, by_lever=1, locality=1),
        one="admission",
        many="admissions",
        avoids=True,
        change_title="Emergency admissions (65+)",
    ),
    Outcome(
        "ae_attendances_avoided",
        "A&E attendances avoided",
        "attendances",
        short="A&E attendances avoided",
        effect="ae_attendances",
        gains="nhs",
        unit_cost="ae_attendance",
        shown=_places("run_text", "return", headline=3, compare=3, by_year=3),
        one="A&E attendance",
        many="A&E attendances",
        avoids=True,
        change_title="A&E attendances",
    ),
    Outcome(
        "bed_days_saved",
        "Hospital bed days saved",
        "bed days",
        short="Bed days saved",
        gains="nhs",
        shown=_places("change", "pool", "run_text", "return", headline=2, compare=2, by_year=2),
        one="hospital bed day saved",
        many="hospital bed days saved",
    ),
    Outcome(
        "care_home_admissions_avoided",
        "Long-term care-home admissions avoided (65+)",
        "admissions",
        short="Care-home admissions avoided",
        effect="care_home_admissions",
        gains="council",
        unit_cost="care_home_admission_avoided",
        shown=_places("change", "pool", "run_text", "return", headline=4, compare=4, by_year=4, by_lever=3, locality=2),
        one="care-home admission",
        many="care-home admissions",
        avoids=True,
        change_title="Care-home admissions (65+)",
    ),
    Outcome(
        "falls_admissions_avoided",
        "Falls admissions avoided (65+)",
        "admissions",
        effect="falls_admissions",
        gains="nhs",
        shown=_places("return"),
        one="falls admission",
        many="falls admissions",
        avoids=True,
        change_title="Falls admissions (65+)",
    ),
    Outcome(
        "home_care_hours_saved",
        "Home-care hours saved",
        "hours",
        short="Home-care hours saved",
        effect="home_care_hours",
        gains="council",
        unit_cost="home_care_hour",
        shown=_places("change", "pool", "run_text", "return", headline=5, compare=5, by_year=5, by_lever=4, locality=4),
        one="home-care hour saved",
        many="home-care hours saved",
    ),
    Outcome(
        "delayed_discharge_days_avoided",
        "Bed days of delayed discharge avoided (65+)",
        "bed days",
        short="Delayed-discharge days avoided",
        text_label="Delayed-discharge bed days avoided",
        effect="delayed_discharge_days",
        gains="nhs",
        unit_cost="delayed_bed_day",
        shown=_places("change", "pool", "run_text", "return", headline=6, compare=6, by_year=6, by_lever=5),
        one="delayed-discharge bed day",
        many="delayed-discharge bed days",
        avoids=True,
        change_title="Delayed-discharge bed days",
    ),
    Outcome("spend_gbp", "Spend (£)", "£", money=True, higher_is_better=False, one="spent", many="spent"),
    Outcome("cashable_saving_gbp", "Cashable saving (£)", "£", money=True, gains="council",
            one="in cashable savings", many="in cashable savings"),
    Outcome("non_cashable_saving_gbp", "Non-cashable saving (£)", "£", money=True, gains="nhs",
            one="in non-cashable savings", many="in non-cashable savings"),
    Outcome("gross_saving_gbp", "Gross saving (£)", "£", money=True, shown=_places("return", by_year=7, by_lever=2),
            one="saved before spend", many="saved before spend"),
    Outcome(
        "net_saving_gbp",
        "Net saving after spend (£)",
        "£",
        money=True,
        short="Net saving (£)",
        shown=_places("return", locality=3),
        one="saved after spend",
        many="saved after spend",
    ),
)


def outcome_names(register: Iterable[Outcome]) -> tuple[str, ...]:
    """The names of a register's outcomes, in its order."""
    return tuple(o.name for o in register)


def section(name: str, register: tuple[Outcome, ...] = REGISTER) -> tuple[str, ...]:
    """The outcomes shown in one section, by their place there and then in register order."""
    placed = [(o.shown[name], i, o.name) for i, o in enumerate(register) if name in o.shown]
    return tuple(n for _, _, n in sorted(placed))


def labels(register: tuple[Outcome, ...] = REGISTER) -> dict[str, str]:
    """Each outcome's full label."""
    return {o.name: o.label for o in register}


def short_labels(register: tuple[Outcome, ...] = REGISTER) -> dict[str, str]:
    """The short label of each outcome that has one."""
    return {o.name: o.short for o in register if o.short}


def counted(register: tuple[Outcome, ...] = REGISTER,
            effects: tuple[str, ...] = EFFECT_OUTCOMES) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """For each outcome that counts events avoided: its place and those of the effect outcomes it counts.

    The engine writes each such outcome as the sum of the events avoided of its effect outcomes.
    """
    return tuple((i, tuple(effects.index(e) for e in o.counts)) for i, o in enumerate(register) if o.counts)


def avoided_by_effect(register: tuple[Outcome, ...] = REGISTER) -> dict[str, str]:
    """Each effect outcome's own outcome of events avoided ('emergency_admissions' -> '..._avoided')."""
    return {o.effect: o.name for o in register if o.effect is not None}


def savings_by_gainer(register: tuple[Outcome, ...] = REGISTER) -> dict[str, str]:
    """The saving in £ each party gains ('nhs' -> 'non_cashable_saving_gbp', 'council' -> 'cashable_saving_gbp')."""
    return {o.gains: o.name for o in register if o.money and o.gains is not None}


def check_register(register: tuple[Outcome, ...], effects: tuple[str, ...] = EFFECT_OUTCOMES) -> None:
    """Refuse a register with a repeated name, an unknown effect or an effect counted as its own by two outcomes."""
    names = outcome_names(register)
    if len(set(names)) != len(names):
        raise ValueError("an outcome is named twice in the register")
    for o in register:
        unknown = [e for e in o.counts if e not in effects]
        if unknown:
            raise ValueError(f"{o.name} counts unknown effect outcomes: {', '.join(unknown)}")
        if o.gains not in (None, "nhs", "council"):
            raise ValueError(f"{o.name}: who gains must be 'nhs' or 'council'")
    own = [o.effect for o in register if o.effect is not None]
    if len(set(own)) != len(own):
        raise ValueError("two outcomes count the same effect outcome as their own")


check_register(REGISTER)
BY_NAME: Mapping[str, Outcome] = MappingProxyType({o.name: o for o in REGISTER})
OUTCOMES: tuple[str, ...] = outcome_names(REGISTER)
OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(labels())
SHORT_LABELS: Mapping[str, str] = MappingProxyType(short_labels())
OUTCOME_INDEX = {name: i for i, name in enumerate(OUTCOMES)}
AVOIDED = avoided_by_effect()
COUNTED = counted()
SAVINGS_BY_GAINER = savings_by_gainer()
HIGHER_IS_WORSE = frozenset(o.name for o in REGISTER if not o.higher_is_better)

HEADLINE_OUTCOMES = section("headline")
COMPARE_OUTCOMES = section("compare")
CHANGE_OUTCOMES = section("change")
POOL_OUTCOMES = section("pool")  # each with its cost per outcome
RUN_TEXT_OUTCOMES = section("run_text")
LOCALITY_OUTCOMES = section("locality")
RESULT_OUTCOMES = section("return")
BY_YEAR_OUTCOMES = section("by_year")
BY_LEVER_OUTCOMES = section("by_lever")


def outcome_label(name: str) -> str:
    """An outcome's full label; the name itself where the register has no such outcome."""
    return OUTCOME_LABELS.get(name, name)


def short_label(name: str) -> str:
    """An outcome's label for a metric tile; the full label where it has no short one."""
    return SHORT_LABELS.get(name, outcome_label(name))


def report_label(name: str) -> str:
    """An outcome's label in a sentence or a line of a text report; the full label where it has none."""
    o = BY_NAME.get(name)
    return o.report_label if o is not None else outcome_label(name)


def change_title(name: str) -> str:
    """The title of a tile showing a change in an outcome: what changes, not '... avoided'."""
    o = BY_NAME.get(name)
    return (o.change_title or o.short_label) if o is not None else outcome_label(name)


def is_money(name: str) -> bool:
    """True for an outcome in £ (a name outside the register is money when it ends in '_gbp')."""
    o = BY_NAME.get(name)
    return o.money if o is not None else name.endswith("_gbp")
