"""Spend by lever, locality and year for a plan with a scenario's changes applied.

Each expenditure line maps to a model lever through the planning year's reference data. Lines for
a named locality stay there; area-wide lines are spread over localities in proportion to their
need-weighted population aged 65+. Spend is held in real terms, the same in every year unless a
change says otherwise.

Each lever's spend in each locality is split into *cohorts* by when its level was reached
(``vintages``), not by which line holds it, so that money moved out of a lever and back in again is
no change at all. Cohort 0 is established spend: up to the level the lever's established services
(lines marked Existing or unmarked, and lines a scenario adds as established) have held without a
break since before the horizon. Cohort c is spend above that level that has been held without a
break since horizon year c, so it ramps up from then. A cut lowers the established level for good:
spend restored after a break is new again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from budget.models import ExpenditureLine, Plan
from budget.money import gbp
from budget.need import LocalityNeed, need_shares
from budget.need import locality_need as need_by_locality
from budget.reference import DEFAULT_YEAR, LEVERS, load_reference, norm
from scenarios.schema import AddLine, MoveSpend, PlanError, RemoveLine, Scenario, ScenarioError, reference_scenario


@dataclass(frozen=True)
class SpendArrays:
    """A plan's spend by cohort, year, lever and locality (£ a year), with the localities' names."""
    localities: tuple[str, ...]
    spend: np.ndarray  # (cohort, year, lever, locality) £ a year; cohort 0 established, c = reached in year c

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
    amount: np.ndarray  # (Y,)
    source: object = None  # the ExpenditureLine or AddLine the spend is on; None once moved to another lever
    established: np.ndarray | None = None  # (Y,) £ it held as an established service when written
    submitted: float = 0.0  # £ a year the plan as submitted puts on this line (0 for added or moved money)
    origin: object = None  # the ExpenditureLine or AddLine the money was first written on (its funding stream)
    moved_by: int | None = None  # the number (from 1) of the change that moved the money here; None: never moved
    taken_from: _Line | None = None  # for money moved: the line the change took it from
    cut_by: list[int] = field(default_factory=list)  # the changes (numbers from 1) that took money from this line


def locality_weights(plan: Plan) -> np.ndarray:
    """Share of area-wide spend each locality gets: its share of the need (``budget.need.need_shares``)."""
    return np.array(need_shares(plan.localities), dtype=float)


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
        (run, L); the unit cost alone where the plan holds no spend. Worked out with the runs last, and given
        as a (run, L, K) view of that.
        """
        uc = np.ascontiguousarray(unit_cost.T)[:, None, :]  # (L, 1, R)
        spent = self.plan_spend[:, :, None] > 0
        unstated = (self.plan_spend - self.spend)[:, :, None]
        blended = np.divide(self.people[:, :, None] + unstated / uc, self.plan_spend[:, :, None],
                            out=np.zeros(self.spend.shape + uc.shape[-1:]), where=spent)
        return np.where(spent, blended, 1.0 / uc).transpose(2, 0, 1)


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
    levers_seen: dict[tuple[str, str], str] = {}
    lever_of, weights, amounts, outputs = [], [], [], []  # every line with money; outputs: None where not stated
    for line in plan.lines:
        if line.amount <= 0:
            continue
        key = (line.scheme_type, line.sub_type)
        if key not in levers_seen:
            levers_seen[key] = ref.line_lever(line.scheme_type, line.sub_type)
        lever = levers_seen[key]
        lever_of.append(LEVERS.index(lever))
        weights.append(_weights_for(line.locality, plan, index, area_w, f"line {line.scheme_id}"))
        amounts.append(line.amount)
        stated = states_people(line, lever)
        outputs.append(line.planned_outputs if stated else None)
        if stated:
            rows.append((line.scheme_id, line.scheme_name, lever, float(line.amount), float(line.planned_outputs)))
    if lever_of:
        # added line by line, in order (np.add.at), each line's figure shared over localities as its spend is
        levers, w = np.array(lever_of), np.array(weights)
        money = np.array(amounts, dtype=float)[:, None] * w
        np.add.at(total, levers, money)
        sel = np.array([x is not None for x in outputs])
        np.add.at(spend, levers[sel], money[sel])
        np.add.at(people, levers[sel], np.array([x for x in outputs if x is not None], dtype=float)[:, None] * w[sel])
    return StatedOutputs(spend, people, total, tuple(rows))


# a net change under a ten-thousandth of a penny a year to a lever's spend in a locality is the arithmetic's rounding,
# not a change: money moved out and back in again cancels exactly
NO_CHANGE_GBP = 1e-6
MOVED = ">moved"  # what the ID of money moved out of a line to a lever or locality with no line of its own ends with


def build_spend(plan: Plan, scenario: Scenario) -> SpendArrays:
    """The plan's spend after the scenario's changes, by cohort, year, lever and locality.

    The changes' net effect on each lever's spend in each locality is what counts: where they cancel (to within
    the arithmetic's rounding, ``NO_CHANGE_GBP``) the spend is exactly the plan's, and the cohorts follow from the
    spend and the established services' level (``vintages``).

    Raises:
        ScenarioError: the plan has no localities, or a change does not fit the plan (`spend_lines`).
    """
    lines, as_planned = _changed_lines(plan, scenario)
    years, k = scenario.horizon_years, len(plan.localities)
    before = _by_cell(((ln.lever, ln.locality_weights, a) for ln, a in zip(lines, as_planned, strict=False)), years, k)
    total = before
    if scenario.changes:
        after = _by_cell(((ln.lever, ln.locality_weights, ln.amount) for ln in lines), years, k)
        total = np.where(np.abs(after - before) < NO_CHANGE_GBP, before, after)
    established = _by_cell(((ln.lever, ln.locality_weights, ln.established) for ln in lines
                            if ln.established is not None), years, k)
    return SpendArrays(localities=tuple(loc.name for loc in plan.localities), spend=vintages(total, established))


def _by_cell(items, years: int, k: int) -> np.ndarray:
    """(year, lever, locality) £ a year from (lever, locality weights, £ by year) items, added in order."""
    out = np.zeros((years, len(LEVERS), k))
    items = list(items)
    if items:
        levers, weights, amounts = zip(*items, strict=True)
        # np.add.at adds item by item, in order, as a loop over the items would
        by_item = np.array(amounts)[:, :, None] * np.array(weights)[:, None, :]  # (item, year, locality)
        np.add.at(out.transpose(1, 0, 2), np.array(levers), by_item)
    return out


def vintages(total: np.ndarray, established: np.ndarray) -> np.ndarray:
    """Spend (year, ...) split into cohorts (cohort, year, ...) by when its level was reached.

    Think of a lever's spend in a locality as layers of money, the lowest first. Cohort 0 holds the
    layers established services have funded without a break since before the horizon: up to
    `established` (the established services' level, which a scenario's established lines can raise
    from the year they start) and never above any earlier year's spend, so a cut lowers it for good.
    Cohort c (1 to Y) holds the layers above that which have been funded without a break since
    horizon year c. Higher layers are never older than lower ones, so the cohorts stack in order.
    The split depends only on the spend and the established level, not on which line holds the money.
    """
    horizon = total.shape[0]
    out = np.zeros((horizon + 1,) + total.shape)
    rise = np.maximum(np.diff(established, axis=0), 0.0)  # established lines starting in later years
    mature = np.minimum(total[0], established[0])
    for y in range(horizon):
        if y:
            mature = np.minimum(total[y], mature + rise[y - 1])
        out[0, y] = mature
        # lowest[r]: the level funded in every year from r to y; layers between lowest[r - 1] and lowest[r]
        # were first funded, this time, in year r
        lowest = [total[y]] * (y + 1)
        for r in range(y - 1, -1, -1):
            lowest[r] = np.minimum(lowest[r + 1], total[r])
        below = mature
        for r in range(y + 1):
            top = np.maximum(lowest[r], below)
            out[r + 1, y] = top - below
            below = top
    return out


def spend_lines(plan: Plan, scenario: Scenario) -> list[_Line]:
    """The plan's lines after the scenario's changes.

    Each with its lever, locality weights, £ a year over the horizon, the line (or added line) it is spent
    on, for an established service the £ a year it held when written, the line (or added line) the money
    was first written on, the change that moved it and the line it was taken from, if any, and the changes
    that took money from it. The plan's own lines come first, in order, then the added lines and the money
    moved, in the order of the changes.
    """
    return _changed_lines(plan, scenario)[0]


def _changed_lines(plan: Plan, scenario: Scenario) -> tuple[list[_Line], tuple[np.ndarray, ...]]:
    """The lines after the scenario's changes, and the plan's own lines' £ by year before them."""
    if not plan.localities:
        from budget.areas import no_localities_sentence

        raise PlanError(no_localities_sentence(plan, "the impact model"))
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
        new = line.new_existing == "New"
        amount = np.full(years, float(line.amount))
        lines.append(_Line(line.scheme_id, lever_index[lever], w, norm(line.locality), amount, line,
                           None if new else amount.copy(), float(line.amount), origin=line))
    as_planned = tuple(ln.amount.copy() for ln in lines)

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
            lines.append(_Line(change.scheme_id, lever_index[lever], w, norm(change.locality), amount, change,
                               None if change.new else amount.copy(), origin=change))
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
                ln.cut_by.append(n)
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
                new_id = target_line.scheme_id if target_line is not None else f"{ln.scheme_id}{MOVED}"
                moved.append(_Line(new_id, lever, w, loc, amount, source, origin=ln.origin, moved_by=n, taken_from=ln))
            lines.extend(moved)
    return lines, as_planned


def line_words(scheme_id: str, scheme_name: str = "") -> str:
    """A line as a page names it: its ID and name, and money moved out of a line as 'Money moved from NB03 ...'.

    Money a change moves to a lever or locality with no line of its own keeps an internal ID (``NB03>moved``)
    that no one should have to read.
    """
    if scheme_id.endswith(MOVED):
        return " ".join(("Money moved from", scheme_id[: -len(MOVED)], scheme_name)).strip()
    return f"{scheme_id} {scheme_name}".strip()


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


def locality_need(plan: Plan, scenario: Scenario | None = None, year: int = 0) -> tuple[LocalityNeed, ...]:
    """Each locality's share of the need beside its share of the money in horizon year ``year``.

    The one answer the Plan page, the optimiser's need option, the board pack and ``bcf run --json`` give: the
    money is :func:`spend_by_locality` after the scenario's changes, the need ``budget.need``'s.
    """
    return need_by_locality(plan.localities, spend_by_locality(plan, scenario, year))


def _year_total(plan: Plan, scenario: Scenario | None, year: int) -> np.ndarray:
    scenario = scenario if scenario is not None else reference_scenario()
    if not 0 <= year < scenario.horizon_years:
        raise ScenarioError(f"year {year + 1} is outside the scenario's {scenario.horizon_years}-year horizon")
    return build_spend(plan, scenario).total[year]
