"""Spend by lever, locality and year for a plan with a scenario's changes applied.

Each expenditure line maps to a model lever through the planning year's reference data. Lines for
a named locality stay there; area-wide lines are spread over localities in proportion to their
need-weighted population aged 65+. Spend is held in real terms, the same in every year unless a
change says otherwise, and split into *cohorts* by when it started: cohort 0 is established spend
(lines marked Existing, or unmarked), cohort c is spend that starts in horizon year c and so
ramps up from then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budget.models import ExpenditureLine, Plan
from budget.money import gbp
from budget.reference import DEFAULT_YEAR, LEVERS, load_reference, norm
from scenarios.schema import AddLine, MoveSpend, RemoveLine, Scenario, ScenarioError


@dataclass(frozen=True)
class SpendArrays:
    """A plan's spend by cohort, year, lever and locality (£ a year), with the localities' names."""
    localities: tuple[str, ...]
    spend: np.ndarray  # (cohort, year, lever, locality) £ a year; cohort 0 established, c = starts in year c

    @property
    def total(self) -> np.ndarray:  # (year, lever, locality)
        """(year, lever, locality): the spend summed over cohorts."""
        return self.spend.sum(axis=0)


@dataclass
class _Line:
    scheme_id: str
    lever: int
    locality_weights: np.ndarray  # (K,)
    locality: str
    cohort: int
    amount: np.ndarray  # (Y,)
    source: object = None  # the ExpenditureLine or AddLine the spend is on; None once moved to another lever
    submitted: float = 0.0  # £ a year the plan as submitted puts on this line (0 for added or moved money)


def locality_weights(plan: Plan) -> np.ndarray:
    """Share of area-wide spend each locality gets: need-weighted population aged 65+."""
    w = np.array([loc.population_65_plus * loc.need_weight for loc in plan.localities], dtype=float)
    if w.sum() <= 0:
        w = np.array([max(loc.population, 1) for loc in plan.localities], dtype=float)
    return w / w.sum()


def _locality_index(plan: Plan) -> dict[str, int]:
    return {norm(loc.name): i for i, loc in enumerate(plan.localities)}


def _weights_for(name: str, plan: Plan, index: dict[str, int], area_w: np.ndarray, what: str) -> np.ndarray:
    if not name.strip():
        return area_w
    key = norm(name)
    if key not in index:
        names = ", ".join(loc.name for loc in plan.localities)
        raise ScenarioError(f"{what}: locality '{name}' is not one of the plan's localities ({names})")
    w = np.zeros(len(plan.localities))
    w[index[key]] = 1.0
    return w


# planned-output units that count people (a bed or an hour of care is not a person)
PEOPLE_UNITS = frozenset(norm(u) for u in (
    "Number of beneficiaries", "Packages", "Number of adaptations funded/people supported", "Number of placements",
    "People", "Number of people", "Service users", "Clients"))


def states_people(line: object, lever: str) -> bool:
    """Whether the model takes a line's planned outputs as the people it serves.

    An expenditure line with money, on a lever other than 'none', whose planned outputs are counted in
    people (``PEOPLE_UNITS``; a bed or an hour of care is not a person).
    """
    return (isinstance(line, ExpenditureLine) and lever != "none" and line.amount > 0 and bool(line.planned_outputs)
            and norm(line.output_unit) in PEOPLE_UNITS)


@dataclass(frozen=True)
class StatedOutputs:
    """People the plan's lines say they serve, where they state it in people, by lever and locality.

    The spend those lines hold, the people it buys, and all of the plan's spend (as submitted).
    """

    spend: np.ndarray  # (L, K) £ a year on lines that state people served
    people: np.ndarray  # (L, K) people a year those lines state
    plan_spend: np.ndarray  # (L, K) £ a year on every line
    lines: tuple[tuple[str, str, str, float, float], ...]  # (scheme ID, name, lever, amount, outputs)

    def people_per_pound(self, unit_cost: np.ndarray) -> np.ndarray:
        """(run, L, K) people a pound buys in each lever and locality.

        The plan's own mix, with lines that state people at their stated cost and the rest at the unit cost
        (run, L); the unit cost alone where the plan holds no spend.
        """
        uc = unit_cost[:, :, None]
        unstated = self.plan_spend - self.spend
        blended = np.divide(self.people[None] + unstated[None] / uc, self.plan_spend[None],
                            out=np.zeros(uc.shape[:2] + self.spend.shape[1:]), where=self.plan_spend[None] > 0)
        return np.where(self.plan_spend[None] > 0, blended, 1.0 / uc)


def stated_outputs(plan: Plan) -> StatedOutputs:
    """Each line with planned outputs counted in people: its spend and people.

    Both are shared over localities as its spend is; every line's spend is also summed, for the mix.
    """
    k = len(plan.localities)
    spend, people, total = (np.zeros((len(LEVERS), k)) for _ in range(3))
    if not k:
        return StatedOutputs(spend, people, total, ())
    try:
        ref = load_reference(plan.year)
    except KeyError:
        ref = load_reference(DEFAULT_YEAR)
    index, area_w = _locality_index(plan), locality_weights(plan)
    rows = []
    for line in plan.lines:
        if line.amount <= 0:
            continue
        lever = ref.line_lever(line.scheme_type, line.sub_type)
        i = LEVERS.index(lever)
        w = _weights_for(line.locality, plan, index, area_w, f"line {line.scheme_id}")
        total[i] += line.amount * w
        if not states_people(line, lever):
            continue
        spend[i] += line.amount * w
        people[i] += line.planned_outputs * w
        rows.append((line.scheme_id, line.scheme_name, lever, float(line.amount), float(line.planned_outputs)))
    return StatedOutputs(spend, people, total, tuple(rows))


def build_spend(plan: Plan, scenario: Scenario) -> SpendArrays:
    """The plan's spend after the scenario's changes, by cohort, year, lever and locality.

    Raises:
        ScenarioError: the plan has no localities, or a change does not fit the plan (`spend_lines`).
    """
    return spend_arrays(plan, spend_lines(plan, scenario), scenario.horizon_years)


def spend_arrays(plan: Plan, lines: list[_Line], years: int) -> SpendArrays:
    """Lines (from :func:`spend_lines`) summed by cohort, year, lever and locality over `years` years."""
    spend = np.zeros((years + 1, years, len(LEVERS), len(plan.localities)))
    for ln in lines:
        spend[ln.cohort, :, ln.lever, :] += ln.amount[:, None] * ln.locality_weights[None, :]
    return SpendArrays(localities=tuple(loc.name for loc in plan.localities), spend=spend)


def spend_lines(plan: Plan, scenario: Scenario) -> list[_Line]:
    """The plan's lines after the scenario's changes.

    Each with its lever, locality weights, cohort, £ a year over the horizon and the line (or added line)
    it is spent on.
    """
    if not plan.localities:
        raise ScenarioError(
            f"{plan.area.name}: the plan has no localities with population figures, which the impact model "
            "needs; give them on the Localities sheet of the BCF Planner input template (bcf template)"
        )
    try:
        ref = load_reference(plan.year)
    except KeyError:
        ref = load_reference(DEFAULT_YEAR)
    years = scenario.horizon_years
    index = _locality_index(plan)
    area_w = locality_weights(plan)
    lever_index = {lever: i for i, lever in enumerate(LEVERS)}

    lines: list[_Line] = []
    levers_seen: dict[tuple[str, str], str] = {}
    for line in plan.lines:
        key = (line.scheme_type, line.sub_type)
        if key not in levers_seen:
            levers_seen[key] = ref.line_lever(line.scheme_type, line.sub_type)
        lever = levers_seen[key]
        w = _weights_for(line.locality, plan, index, area_w, f"line {line.scheme_id}")
        lines.append(_Line(line.scheme_id, lever_index[lever], w, norm(line.locality),
                           1 if line.new_existing == "New" else 0, np.full(years, float(line.amount)), line,
                           float(line.amount)))

    for n, change in enumerate(scenario.changes, 1):
        start = change.from_year - 1
        what = f"change {n} ({change.kind})"
        if isinstance(change, RemoveLine):
            hits = [ln for ln in lines if ln.scheme_id == change.scheme_id]
            if not hits:
                raise ScenarioError(f"{what}: no line has scheme ID '{change.scheme_id}'")
            for ln in hits:
                ln.amount[start:] = 0.0
        elif isinstance(change, AddLine):
            if change.lever is not None:
                lever = change.lever
            else:
                st = ref.match_scheme_type(change.scheme_type)
                if st is None:
                    raise ScenarioError(f"{what}: '{change.scheme_type}' is not a {ref.year} scheme type")
                lever = ref.line_lever(st.name, change.sub_type)
            w = _weights_for(change.locality, plan, index, area_w, what)
            amount = np.zeros(years)
            amount[start:] = change.amount_gbp
            lines.append(_Line(change.scheme_id, lever_index[lever], w, norm(change.locality),
                               change.from_year if change.new else 0, amount, change))
        elif isinstance(change, MoveSpend):
            sel = change.from_
            hits = [
                ln for ln in lines
                if (sel.lever is None or ln.lever == lever_index[sel.lever])
                and (sel.scheme_id is None or ln.scheme_id == sel.scheme_id)
                and (sel.locality is None or ln.locality == norm(sel.locality))
            ]
            if sel.locality and norm(sel.locality) not in index:
                _weights_for(sel.locality, plan, index, area_w, what)  # raises with the list of names
            held = sum((ln.amount for ln in hits), np.zeros(years))[start:]
            if not hits or held.max(initial=0.0) <= 0:
                raise ScenarioError(f"{what}: no spend matches {sel.model_dump(exclude_none=True)}")
            if change.amount_gbp is not None:
                short = held < change.amount_gbp - 0.005
                if short.any():
                    raise ScenarioError(
                        f"{what}: cannot move {gbp(change.amount_gbp)} a year; the selected lines hold "
                        f"{gbp(held[short].min())} in year {start + 1 + int(np.argmax(short))}")
                frac = np.where(held > 0, change.amount_gbp / np.where(held > 0, held, 1.0), 0.0)
            else:
                frac = np.full(years - start, float(change.share))
            target_line = None
            if change.to.scheme_id is not None:
                target_line = next((ln for ln in lines if ln.scheme_id == change.to.scheme_id), None)
                if target_line is None:
                    raise ScenarioError(f"{what}: no line has scheme ID '{change.to.scheme_id}' to move spend to")
            moved: list[_Line] = []
            for ln in hits:
                taken = ln.amount[start:] * frac
                ln.amount[start:] = ln.amount[start:] - taken
                if not taken.any():
                    continue
                amount = np.zeros(years)
                amount[start:] = taken
                lever = lever_index[change.to.lever] if change.to.lever else ln.lever
                source = ln.source if lever == ln.lever else None
                if target_line is not None:
                    lever, w, loc = target_line.lever, target_line.locality_weights, target_line.locality
                    source = target_line.source
                elif change.to.locality is None:
                    w, loc = ln.locality_weights, ln.locality
                else:
                    w = _weights_for(change.to.locality, plan, index, area_w, what)
                    loc = norm(change.to.locality)
                new_id = target_line.scheme_id if target_line is not None else f"{ln.scheme_id}>moved"
                moved.append(_Line(new_id, lever, w, loc, change.from_year, amount, source))
            lines.extend(moved)
    return lines


def spend_by_lever(plan: Plan, scenario: Scenario | None = None, year: int = 0) -> dict[str, float]:
    """£ in horizon year ``year`` (0 = the first) on each lever, in ``LEVERS`` order.

    After the scenario's changes: shares and amounts moved, lines added and removed, moves by locality
    and from later years. With no scenario, the plan as submitted.
    """
    total = _year_total(plan, scenario, year)  # (lever, locality)
    return {lever: float(total[i].sum()) for i, lever in enumerate(LEVERS)}


def spend_by_locality(plan: Plan, scenario: Scenario | None = None, year: int = 0) -> dict[str, float]:
    """£ in horizon year ``year`` in each of the plan's localities, after the scenario's changes.

    Area-wide spend is shared out by need-weighted population aged 65+ (:func:`locality_weights`).
    """
    total = _year_total(plan, scenario, year)
    return {name: float(total[:, k].sum()) for k, name in enumerate(loc.name for loc in plan.localities)}


def _year_total(plan: Plan, scenario: Scenario | None, year: int) -> np.ndarray:
    scenario = scenario if scenario is not None else Scenario(name="Plan as submitted")
    if not 0 <= year < scenario.horizon_years:
        raise ScenarioError(f"year {year + 1} is outside the scenario's {scenario.horizon_years}-year horizon")
    return build_spend(plan, scenario).total[year]
