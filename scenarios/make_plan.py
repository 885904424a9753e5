"""Make a scenario the plan: its changes written into the plan's expenditure lines, for the plan year.

A scenario's changes (money moved, lines added or removed) are modelled on top of the plan's lines;
this module writes those of the plan year (year 1 of the horizon) into the lines themselves, so the
submission copy's Expenditure sheet, its Checklist and its capacity plan describe one plan. It reads
the spend after the changes from ``spend.spend_lines``, the one function the model uses, so the lines
it writes hold, lever by lever and locality by locality, the spend the model gives the scenario.

The rule, for the changes that start in year 1 (in the order the scenario lists them, as the model
applies them):

- **Money moved** leaves the selected lines pro rata to what each holds, as the model takes it (but within
  one lever and locality from the lines marked New first, see below). It
  arrives on the destination lever in the destination locality (the locality of the line it left when
  the move names none; a move to a scheme goes to that scheme's lever and locality) with the funding
  stream it was paid from, so spend by funding stream is unchanged. It is added, pro rata to their
  amounts, to the lines already there that are paid from that stream and marked New (for a move to a
  scheme, that scheme's lines); where there is none, a new line holds it. Moved money is new money to
  the model (it ramps up), so it never joins a line marked Existing, whose money the model counts as
  established. A new line is marked New; it takes its scheme type, sub type, area of spend,
  commissioner and provider from the plan's largest line on the destination lever (one paid from the
  same stream and in the same locality first); where the plan has no line on the lever, the year's
  scheme type for the lever (``Reference.lever_scheme_type``) and the area of spend and commissioner
  of the line the money left. Its scheme ID is the plan's next free ID (one per lever and funding
  stream, shared by its localities) or, for a move to a scheme, that scheme's ID.
- **An added line** becomes an expenditure line: the scheme type it names (else the lever's, found as
  for a new line), its amount, locality and funding stream, New or Existing as the change says. One
  that names no funding stream is paid from the stream with the most income left unspent (the
  Disabled Facilities Grant only for home adaptations); a plan with no income refuses it in a sentence.
- **A removed line** is dropped.
- A line's planned outputs scale with its amount; a line whose amount falls to £0 is dropped. Amounts
  that change are written to the penny, rounded so that every lever's total stays within a penny of the
  model's, however small the change the model counts.

Within a move, the model takes money from the selected lines pro rata but counts the cut as falling on a
lever's newest money first, and money moved in as new money. So the money one move took from the lines
of one lever in one locality (lines no other plan-year change cut) is taken from those same lines marked
New first and from the established ones only for the rest, and the money moved never joins a line marked
Existing: the new lines give the model the established and the new money it gave the scenario.

Changes that start in a later year do not change the plan year's lines; they are kept as changes, to
go on modelling the later years, where they still apply to the new lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from budget.models import ExpenditureLine, Plan
from budget.reference import DEFAULT_YEAR, DFG, LEVER_LABELS, LEVERS, Reference, load_reference, norm
from scenarios.schema import AddLine, Change, MoveSpend, RemoveLine, Scenario, ScenarioError
from scenarios.spend import build_spend, spend_lines

# what a line made by a change takes from the line it is modelled on
_DETAILS = ("scheme_type", "sub_type", "scheme_type_other", "area_of_spend", "area_of_spend_other", "commissioner",
            "pct_nhs", "pct_la", "provider", "output_unit")


@dataclass(frozen=True)
class MadePlan:
    """A scenario made into plan lines.

    The plan year's lines, the changes left to model later years, and what was written, for a sentence.
    """

    lines: tuple[ExpenditureLine, ...]
    kept: tuple[Change, ...]  # changes that start after the plan year and still apply to the new lines
    left_out: tuple[str, ...] = ()  # a sentence for each later change that no longer applies
    changed: int = 0  # the plan's lines whose amount changed
    added: int = 0  # lines the changes added (added lines and new lines for money moved)
    removed: int = 0  # the plan's lines dropped (removed, or their amount fell to £0)
    written: int = 0  # the changes written into the lines
    year: str = ""

    def words(self) -> str:
        """What was written, in a sentence: e.g. "6 lines changed, 1 line added, 1 line removed"."""
        def n(k: int, what: str) -> str:
            return f"{k} line{'s' if k != 1 else ''} {what}"

        if not self.written:
            return "No change starts in the plan year, so the lines are as they were"
        return ", ".join((n(self.changed, "changed"), n(self.added, "added"), n(self.removed, "removed")))

    def summary(self) -> str:
        """What making the scenario the plan did, in sentences: the lines written and the changes to later years."""
        if self.written:
            head = f"{self.words()}: the scenario's changes to {self.year} are now the plan's lines."
        else:
            head = self.words() + "."
        return " ".join(x for x in (head, self.later_words()) if x)

    def later_words(self) -> str:
        """What happened to the changes that start after the plan year, in sentences ('' when there are none)."""
        out = []
        if self.kept:
            k = len(self.kept)
            out.append(f"{k} change{'s' if k != 1 else ''} starting after the plan year {'do' if k != 1 else 'does'} "
                       f"not change {self.year}'s lines and {'stay' if k != 1 else 'stays'} in the scenario for the "
                       "later years.")
        out.extend(self.left_out)
        return " ".join(out)


def plan_lines(plan: Plan, scenario: Scenario) -> tuple[ExpenditureLine, ...]:
    """The plan's expenditure lines with the scenario's plan-year changes written into them (`make_plan`).

    Raises:
        ScenarioError: a change does not fit the plan, or an added line names no funding stream and the plan
            has no income.
    """
    return make_plan(plan, scenario).lines


@dataclass
class _Draft:
    line: ExpenditureLine  # as it will be written, but for its amount and planned outputs
    amount: float  # £ in the plan year after the changes
    before: float | None  # £ as planned; None for a line the changes add
    lever: int
    locality: str  # normalised; '' = area-wide
    base: float = 0.0  # £ before moved money arrives, for sharing it out
    stream_open: bool = False  # an added line whose funding stream is still to be chosen


def _reference(plan: Plan) -> Reference:
    try:
        return load_reference(plan.year)
    except KeyError:
        return load_reference(DEFAULT_YEAR)


def make_plan(plan: Plan, scenario: Scenario) -> MadePlan:
    """The plan's lines with the scenario's plan-year changes written into them; see the module for the rule.

    Raises:
        ScenarioError: a change does not fit the plan (as the model would say), or an added line names no
            funding stream and the plan has no income to pay for it.
    """
    first = [c for c in scenario.changes if c.from_year == 1]
    later = tuple(c for c in scenario.changes if c.from_year > 1)
    if not first:
        return MadePlan(lines=plan.lines, kept=later, year=plan.year)
    ref = _reference(plan)
    pieces = spend_lines(plan, scenario)
    names = {norm(loc.name): loc.name for loc in plan.localities}
    n = len(plan.lines)
    if any(p.origin is not line for line, p in zip(plan.lines, pieces, strict=False)):  # pragma: no cover
        raise AssertionError("spend_lines lists the plan's own lines first, in order")
    removed_ids = {c.scheme_id for c in first if isinstance(c, RemoveLine)}
    year0 = _new_money_first(pieces, scenario, removed_ids)

    patterns = _Patterns(plan.lines, [p.lever for p in pieces[:n]])
    drafts = [_Draft(line, year0[id(p)], float(line.amount), p.lever, p.locality)
              for line, p in zip(plan.lines, pieces, strict=False)]
    added: dict[int, _Draft] = {}  # id(AddLine) -> its line, also one that starts after the plan year
    moved = []
    for p in pieces[n:]:
        if p.moved_by is None:  # an added line
            d = _added_draft(p.origin, p, year0[id(p)], ref, patterns, names)
            added[id(p.origin)] = d
            drafts.append(d)
        elif year0[id(p)] > 0:
            moved.append(p)

    _choose_streams(pieces, year0, added, plan, ref)
    for d in drafts:
        d.base = d.amount
    _place_moved(moved, year0, drafts, plan, scenario, ref, patterns, names, added)

    lines, changed, n_added, removed = _write(drafts, removed_ids)
    left_out, kept = [], []
    new_plan = plan.model_copy(update={"lines": lines})
    for c in later:
        trial = scenario.model_copy(update={"changes": (*kept, c)})
        try:
            build_spend(new_plan, trial)
        except ScenarioError as e:
            i = scenario.changes.index(c) + 1
            left_out.append(f"Change {i} ({_change_words(c)}, from year {c.from_year}) no longer applies to the new "
                            f"lines and was left out: {e}.")
        else:
            kept.append(c)
    return MadePlan(lines=lines, kept=tuple(kept), left_out=tuple(left_out), changed=changed, added=n_added,
                    removed=removed, written=len(first), year=plan.year)


def _new_money_first(pieces, scenario: Scenario, removed_ids: set[str]) -> dict[int, float]:
    """£ in the plan year on each piece of spend (by id), with each move's cut taken from New lines first.

    The model takes a move's money from the selected lines pro rata, but counts the cut as falling on the newest
    money first (``spend.vintages``). So that the lines hold the established and the new money the model gave
    the scenario, the money one plan-year move took from the lines of one lever in one locality (lines of the
    plan, or added, that no other plan-year change cut and no plan-year change removed) is taken again from
    those same lines: from the ones marked New first, pro rata to their amounts, and the rest from the others
    pro rata. The money keeps the funding stream of the line it now leaves, so spend by stream, lever and
    locality is the model's. A move whose money was moved on again by a later change is left pro rata.
    """
    year1 = {i for i, c in enumerate(scenario.changes, 1) if c.from_year == 1}
    year0 = {id(p): float(p.amount[0]) for p in pieces}
    out_of: dict[tuple[int, int], object] = {}  # (change, id of the line cut) -> the money it moved
    for p in pieces:
        if p.moved_by is not None and p.taken_from is not None:
            out_of[(p.moved_by, id(p.taken_from))] = p
    groups: dict[tuple[int, int, str], list] = {}
    for p in pieces:
        if p.moved_by is not None or p.origin is None:
            continue
        cuts = [k for k in p.cut_by if k in year1]
        if len(cuts) != 1 or p.scheme_id in removed_ids:
            continue
        out = out_of.get((cuts[0], id(p)))
        if out is None or year0[id(out)] <= 0 or any(k in year1 for k in out.cut_by):
            continue
        groups.setdefault((cuts[0], p.lever, p.locality), []).append((p, out))
    for members in groups.values():
        if len(members) < 2:
            continue
        taken = sum(year0[id(out)] for _, out in members)
        before = [(p, out, year0[id(p)] + year0[id(out)]) for p, out in members]
        new = [b for b in before if _is_new(b[0].origin)]
        held_new = sum(b[2] for b in new)
        rest = sum(b[2] for b in before) - held_new
        from_new = min(taken, held_new)
        for p, out, was in before:
            if _is_new(p.origin):
                share = from_new * was / held_new if held_new > 0 else 0.0
            else:
                share = (taken - from_new) * was / rest if rest > 0 else 0.0
            year0[id(p)] = max(was - share, 0.0)
            year0[id(out)] = share
    return year0


def _is_new(origin) -> bool:
    """Whether a plan line (marked New) or an added line (``new``) is new money to the model."""
    return origin.new if isinstance(origin, AddLine) else origin.new_existing == "New"


def _change_words(c: Change) -> str:
    if isinstance(c, MoveSpend):
        return f"money moved from {_from_words(c)}"
    if isinstance(c, AddLine):
        return f"line {c.scheme_id} added"
    return f"line {c.scheme_id} removed"


def _lever_words(lever: str) -> str:
    label = LEVER_LABELS.get(lever, lever)
    return label[0].lower() + label[1:]


def _from_words(c: MoveSpend) -> str:
    """Where a move takes money from, in words: 'integrated locality teams in Riverside', 'scheme NB03'."""
    sel = c.from_
    parts = []
    if sel.scheme_id is not None:
        parts.append(f"scheme {sel.scheme_id}")
    if sel.lever is not None:
        parts.append(_lever_words(sel.lever))
    words = " on ".join(parts) if parts else "every lever"
    if sel.locality is not None:
        words += f" in {sel.locality}" if sel.locality else " (area-wide lines)"
    return words


class _Patterns:
    """The plan's own lines by lever, to model a new line's details on."""

    def __init__(self, lines: tuple[ExpenditureLine, ...], levers: list[int]):
        self._by_lever: dict[int, list[ExpenditureLine]] = {}
        for line, lever in zip(lines, levers, strict=True):
            self._by_lever.setdefault(lever, []).append(line)

    def best(self, lever: int, stream: str | None, locality: str, scheme_type: str | None = None):
        """The plan's largest line on `lever`: of `scheme_type` first, then paid from `stream`, then in `locality`."""
        lines = self._by_lever.get(lever, [])
        if not lines:
            return None
        return max(lines, key=lambda x: (scheme_type is not None and norm(x.scheme_type) == norm(scheme_type),
                                         x.source_of_funding == stream, norm(x.locality) == locality, x.amount))


def _details(ref: Reference, lever: int, pattern: ExpenditureLine | None, fallback: ExpenditureLine | None,
             scheme_type: str | None = None, sub_type: str = "", name: str = "") -> dict:
    """The details a new line is written with (`_DETAILS`), from a pattern line or, lacking one, the year's lists."""
    if pattern is not None:
        out = {k: getattr(pattern, k) for k in _DETAILS}
        if scheme_type is not None and norm(scheme_type) != norm(pattern.scheme_type):
            st = ref.scheme_type(scheme_type)
            out.update(scheme_type=scheme_type, sub_type=sub_type, scheme_type_other="",
                       output_unit=st.output_unit if st else "")
        elif scheme_type is not None and sub_type:
            out["sub_type"] = sub_type
    else:
        if scheme_type is None:
            found = ref.lever_scheme_type(LEVERS[lever])
            if found is None:
                raise ScenarioError(f"no {ref.year} scheme type gives the lever {LEVER_LABELS[LEVERS[lever]]}, so a "
                                    "line for it cannot be written")
            scheme_type, sub_type = found
        st = ref.scheme_type(scheme_type)
        out = dict(scheme_type=scheme_type, sub_type=sub_type, scheme_type_other="", area_of_spend="",
                   area_of_spend_other="", commissioner=None, pct_nhs=None, pct_la=None, provider="",
                   output_unit=st.output_unit if st else "")
        if fallback is not None:
            out.update({k: getattr(fallback, k) for k in ("area_of_spend", "area_of_spend_other", "commissioner",
                                                          "pct_nhs", "pct_la")})
    if norm(out["scheme_type"]) == "other" and not out["scheme_type_other"]:
        out["scheme_type_other"] = name or LEVER_LABELS[LEVERS[lever]]
    return out


def _added_draft(change: AddLine, p, amount: float, ref: Reference, patterns: _Patterns,
                 names: dict[str, str]) -> _Draft:
    """An added line as a draft line (its funding stream still to choose when the change names none)."""
    scheme_type, sub_type = None, change.sub_type
    if change.scheme_type:
        match = ref.match_scheme_type(change.scheme_type)
        if match is not None and ref.line_lever(match.name, change.sub_type) == LEVERS[p.lever]:
            scheme_type = match.name
            sub = ref.match_sub_type(match.name, change.sub_type)
            sub_type = sub.name if sub is not None else change.sub_type
    if scheme_type is None:
        sub_type = ""
    stream = None
    if change.source_of_funding:
        found = ref.match_stream(change.source_of_funding)
        if found is None:
            raise ScenarioError(f"added line {change.scheme_id}: '{change.source_of_funding}' is not a {ref.year} "
                                f"funding stream ({', '.join(s.name for s in ref.funding_streams)})")
        stream = found.name
    pattern = patterns.best(p.lever, stream, p.locality, scheme_type)
    name = change.scheme_name or f"{LEVER_LABELS[LEVERS[p.lever]]} (added line)"
    details = _details(ref, p.lever, pattern, None, scheme_type, sub_type, name)
    line = ExpenditureLine(scheme_id=change.scheme_id, scheme_name=name, source_of_funding=stream or "unknown:",
                           amount=0.0, new_existing="New" if change.new else "Existing",
                           locality=names.get(p.locality, ""), **details)
    return _Draft(line, amount, None, p.lever, p.locality, stream_open=stream is None)


def _choose_streams(pieces, year0: dict[int, float], added: dict[int, _Draft], plan: Plan, ref: Reference) -> None:
    """Pay each plan-year added line that names no funding stream from the stream with the most income left unspent.

    Spend by stream is counted after the plan-year changes (money moved keeps its stream), the lines chosen
    for earlier in the scenario included; the Disabled Facilities Grant, ring-fenced for adaptations, pays only
    for home adaptations; ties go to the year's first stream.
    """
    income = plan.income_by_stream()
    spent: dict[str, float] = {}
    held: dict[int, float] = {}  # id(AddLine) -> £ in the plan year on its line and on money moved from it
    for p in pieces:
        d = added.get(id(p.origin)) if isinstance(p.origin, AddLine) else None
        if d is not None and d.stream_open:
            held[id(p.origin)] = held.get(id(p.origin), 0.0) + year0[id(p)]
        else:
            stream = d.line.source_of_funding if d is not None else p.origin.source_of_funding
            spent[stream] = spent.get(stream, 0.0) + year0[id(p)]
    order = {s: i for i, s in enumerate(ref.stream_ids())}
    for key, d in added.items():
        if not d.stream_open or held.get(key, 0.0) <= 0:
            continue
        adaptations = LEVERS[d.lever] == "home_adaptations"
        open_streams = [s for s in income if (s != DFG or adaptations) and not s.startswith("unknown:")]
        if not open_streams:
            raise ScenarioError(f"added line {d.line.scheme_id}: it names no source of funding and the plan has no "
                                "income to pay for it; give the line a source_of_funding")
        best = max(open_streams, key=lambda s: (income[s] - spent.get(s, 0.0), -order.get(s, len(order))))
        spent[best] = spent.get(best, 0.0) + held[key]
        d.line = d.line.model_copy(update={"source_of_funding": best})
        d.stream_open = False


def _stream_of(origin, added: dict[int, _Draft]) -> tuple[str, ExpenditureLine]:
    """The funding stream of money first written on `origin` (a plan line or an added line), and that line."""
    line = origin if isinstance(origin, ExpenditureLine) else added[id(origin)].line
    return line.source_of_funding, line


def _place_moved(moved, year0: dict[int, float], drafts: list[_Draft], plan: Plan, scenario: Scenario, ref: Reference,
                 patterns: _Patterns, names: dict[str, str], added: dict[int, _Draft]) -> None:
    """Add the money moved to the lines at its destination, or to new lines (see the module for the rule)."""
    groups: dict[tuple, dict] = {}
    for p in moved:
        change = scenario.changes[p.moved_by - 1]
        stream, origin_line = _stream_of(p.origin, added)
        key = (change.to.scheme_id, p.lever, p.locality, stream)
        g = groups.setdefault(key, {"amount": 0.0, "changes": [], "origin": origin_line})
        g["amount"] += year0[id(p)]
        if p.moved_by not in g["changes"]:
            g["changes"].append(p.moved_by)

    ids = _Ids(x.scheme_id for x in plan.lines)
    for d in drafts:
        ids.take(d.line.scheme_id)
    new_ids: dict[tuple[int, str], str] = {}
    for (target, lever, locality, stream), g in groups.items():
        here = [d for d in drafts if d.lever == lever and d.locality == locality and d.line.source_of_funding == stream
                and d.line.new_existing == "New" and d.base > 0 and (target is None or d.line.scheme_id == target)]
        if here:
            total = sum(d.base for d in here)
            for d in here:
                d.amount += g["amount"] * d.base / total
            continue
        nums = g["changes"]
        words = " and ".join(dict.fromkeys(_from_words(scenario.changes[i - 1]) for i in nums))
        which = f"change{'s' if len(nums) > 1 else ''} {', '.join(map(str, nums))}"
        if target is not None:
            pattern = next((d.line for d in (*drafts, *added.values()) if d.line.scheme_id == target), None)
            scheme_id, name = target, pattern.scheme_name if pattern is not None else target
        else:
            pattern = patterns.best(lever, stream, locality)
            if (lever, stream) not in new_ids:
                new_ids[(lever, stream)] = ids.next()
            scheme_id = new_ids[(lever, stream)]
            name = f"{LEVER_LABELS[LEVERS[lever]]}: money moved from {words}"
        details = _details(ref, lever, pattern, g["origin"], name=name)
        line = ExpenditureLine(
            scheme_id=scheme_id, scheme_name=name, source_of_funding=stream, amount=0.0, new_existing="New",
            locality=names.get(locality, ""),
            description=f"Money moved from {words} in the scenario '{scenario.name}' ({which}), made the plan.",
            **details)
        drafts.append(_Draft(line, g["amount"], None, lever, locality))


class _Ids:
    """New scheme IDs: the plan's most common prefix with the next free number (NB51 -> NB52), else S01, S02..."""

    _PATTERN = re.compile(r"^(.*?)(\d+)$")

    def __init__(self, existing):
        self.used = set(existing)
        found = [m for m in map(self._PATTERN.match, self.used) if m]
        if found:
            prefix = Counter(m.group(1) for m in found).most_common(1)[0][0]
            numbers = [m for m in found if m.group(1) == prefix]
            self.prefix = prefix
            self.width = max(len(m.group(2)) for m in numbers)
            self.number = max(int(m.group(2)) for m in numbers)
        else:
            self.prefix, self.width, self.number = "S", 2, 0

    def take(self, scheme_id: str) -> None:
        self.used.add(scheme_id)

    def next(self) -> str:
        while True:
            self.number += 1
            candidate = f"{self.prefix}{self.number:0{self.width}d}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


def _outputs(line: ExpenditureLine, amount: float) -> float | None:
    """Planned outputs scaled with the line's amount; whole numbers stay whole."""
    if line.planned_outputs is None or not line.amount:
        return line.planned_outputs
    scaled = line.planned_outputs * amount / line.amount
    return float(round(scaled)) if float(line.planned_outputs).is_integer() else round(scaled, 2)


def _write(drafts: list[_Draft], removed_ids: set[str]) -> tuple[tuple[ExpenditureLine, ...], int, int, int]:
    """The lines to write, and how many of the plan's lines changed, how many were added and how many dropped.

    Amounts that change are rounded to the penny along a running total, in lever and locality order, so every
    lever's and locality's total stays within a penny of the model's; lines of the plan whose amount did not
    change keep it exactly.
    """
    touched = sorted((i for i, d in enumerate(drafts) if d.before is None or d.amount != d.before),
                     key=lambda i: (drafts[i].lever, drafts[i].locality, i))
    amounts = [d.amount for d in drafts]
    running = rounded = 0.0
    for i in touched:
        running += drafts[i].amount
        now = round(running, 2)
        amounts[i] = max(round(now - rounded, 2), 0.0)
        rounded = now
    lines, changed, added, removed = [], 0, 0, 0
    for d, amount in zip(drafts, amounts, strict=True):
        if d.before is None:
            if amount > 0:
                lines.append(d.line.model_copy(update={"amount": amount}))
                added += 1
            continue
        if amount == d.before and not (amount == 0 and d.line.scheme_id in removed_ids):
            lines.append(d.line)
        elif amount > 0:
            lines.append(d.line.model_copy(update={"amount": amount, "planned_outputs": _outputs(d.line, amount)}))
            changed += 1
        else:
            removed += 1
    return tuple(lines), changed, added, removed
