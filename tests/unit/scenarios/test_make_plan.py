"""A scenario made the plan: its plan-year changes written into the lines hold the model's spend, lever by lever,
locality by locality and stream by stream, and the model reads the new lines as it read the scenario."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from budget.models import ExpenditureLine, HWBArea, IncomeLine, Locality, Plan
from budget.reference import LEVERS, load_reference
from scenarios.make_plan import make_plan, plan_lines
from scenarios.schema import Scenario, ScenarioError
from scenarios.spend import build_spend, spend_by_lever, spend_by_locality

REF = load_reference("2026-27")
ILT = ("Community Based Schemes", "Integrated neighbourhood services")
CARE_HOMES = ("Community Based Schemes", "Enhanced health in care homes")
REABLEMENT = ("Home-based intermediate care services", "Reablement at home (to support discharge)")
FALLS = ("Prevention / Early Intervention", "Falls prevention")
CARERS = ("Carers Services", "Respite services")
AT = ("Assistive Technologies and Equipment", "Community based equipment")
NONE = ("Enablers for Integration", "Data Integration")


def line(sid: str, kind: tuple[str, str], amount: float, locality: str = "", stream: str = "nhs_minimum",
         new: bool = False, outputs: float | None = None, **kw) -> ExpenditureLine:
    return ExpenditureLine(scheme_id=sid, scheme_name=f"Scheme {sid}", scheme_type=kind[0], sub_type=kind[1],
                           source_of_funding=stream, amount=amount, locality=locality,
                           new_existing="New" if new else "Existing", planned_outputs=outputs,
                           area_of_spend=kw.pop("area_of_spend", "Community Health"),
                           provider=kw.pop("provider", "NHS Community Provider"), commissioner="NHS", **kw)


def plan_of(*lines: ExpenditureLine, income: dict[str, float] | None = None) -> Plan:
    locs = (Locality(name="North", population=100_000, population_65_plus=20_000),
            Locality(name="South", population=60_000, population_65_plus=15_000, need_weight=1.2))
    income = income if income is not None else {"nhs_minimum": 1_000_000, "la_better_care_grant": 400_000,
                                                "dfg": 100_000}
    return Plan(area=HWBArea(code="E06000001", name="Testshire"), year="2026-27", lines=tuple(lines),
                localities=locs, income=tuple(IncomeLine(stream=s, amount=a) for s, a in income.items()))


def scenario(*changes: dict, horizon: int = 3) -> Scenario:
    return Scenario.model_validate({"name": "Test", "horizon_years": horizon, "changes": list(changes)})


def small_plan() -> Plan:
    return plan_of(
        line("S01", ILT, 200_000, "North"),
        line("S02", ILT, 100_000, "North", new=True),
        line("S03", CARE_HOMES, 50_000, "North", new=True),
        line("S04", REABLEMENT, 100_000, "North", outputs=40),
        line("S05", REABLEMENT, 50_000, "South", stream="la_better_care_grant", area_of_spend="Social Care"),
        line("S06", ILT, 80_000, "South"),
    )


def by_id(lines) -> dict[tuple[str, str], ExpenditureLine]:
    return {(x.scheme_id, x.locality): x for x in lines}


# ---- worked by hand ------------------------------------------------------------------------------------------

def test_a_move_takes_new_money_first_and_lands_on_new_lines_of_its_stream():
    plan = small_plan()
    sc = scenario({"kind": "move", "from": {"lever": "integrated_locality_teams", "locality": "North"},
                   "to": {"lever": "care_home_support"}, "amount_gbp": 60_000})
    made = make_plan(plan, sc)
    lines = by_id(made.lines)
    # the cut falls on the new MDT money in North (S02), as the model counts it; the established S01 keeps its £200k
    assert lines[("S02", "North")].amount == 40_000
    assert lines[("S01", "North")].amount == 200_000
    # the money arrives on the New care-home line paid from the same stream in North
    assert lines[("S03", "North")].amount == 110_000
    assert lines[("S06", "South")].amount == 80_000
    assert len(made.lines) == len(plan.lines)
    assert (made.changed, made.added, made.removed) == (2, 0, 0)
    assert made.words() == "2 lines changed, 0 lines added, 0 lines removed"
    # the model reads the new lines exactly as it read the scenario, established and new money alike
    new_plan = plan.model_copy(update={"lines": made.lines})
    assert np.allclose(build_spend(new_plan, scenario()).spend, build_spend(plan, sc).spend, atol=0.01)


def test_a_move_larger_than_the_new_money_takes_the_rest_from_the_established_lines_and_drops_emptied_lines():
    plan = small_plan()
    sc = scenario({"kind": "move", "from": {"lever": "integrated_locality_teams", "locality": "North"},
                   "to": {"lever": "care_home_support"}, "amount_gbp": 150_000})
    made = make_plan(plan, sc)
    lines = by_id(made.lines)
    assert ("S02", "North") not in lines  # all £100k of the new line moved: dropped
    assert lines[("S01", "North")].amount == 150_000
    assert lines[("S03", "North")].amount == 200_000
    assert (made.changed, made.added, made.removed) == (2, 0, 1)
    new_plan = plan.model_copy(update={"lines": made.lines})
    assert np.allclose(build_spend(new_plan, scenario()).spend, build_spend(plan, sc).spend, atol=0.01)


def test_money_moved_to_a_lever_with_no_line_of_its_stream_makes_new_lines_per_stream_and_locality():
    plan = small_plan()
    sc = scenario({"kind": "move", "from": {"lever": "reablement"}, "to": {"lever": "carers"}, "share": 0.5})
    made = make_plan(plan, sc)
    lines = by_id(made.lines)
    assert lines[("S04", "North")].amount == 50_000
    assert lines[("S04", "North")].planned_outputs == 20  # outputs scale with the amount
    assert lines[("S05", "South")].amount == 25_000
    new = [x for x in made.lines if x.scheme_id not in {y.scheme_id for y in plan.lines}]
    assert sorted((x.scheme_id, x.locality, x.source_of_funding, x.amount) for x in new) == [
        ("S07", "North", "nhs_minimum", 50_000), ("S08", "South", "la_better_care_grant", 25_000)]
    for x in new:
        # the plan has no carers line: the year's scheme type for the lever, the area of spend and commissioner of
        # the money moved, no provider or outputs yet, New
        assert (x.scheme_type, x.sub_type) == ("Carers Services", "")
        assert REF.line_lever(x.scheme_type, x.sub_type) == "carers"
        assert x.new_existing == "New" and x.planned_outputs is None and x.provider == ""
        assert x.output_unit == "Number of beneficiaries"
        assert x.scheme_name == "Carers: money moved from reablement (home-based intermediate care)"
        assert "'Test'" in x.description
    assert by_id(made.lines)[("S08", "South")].area_of_spend == "Social Care"
    assert (made.changed, made.added, made.removed) == (2, 2, 0)
    # spend by funding stream is unchanged
    assert made_plan(plan, made).spend_by_stream() == pytest.approx(plan.spend_by_stream())


def made_plan(plan: Plan, made) -> Plan:
    return plan.model_copy(update={"lines": made.lines})


def _penny_rounding(plan: Plan) -> np.ndarray:
    """(lever, locality): the most that rounding each of the plan's lines to the penny, keeping their total to the
    penny, can move a cell's spend: a penny for each line in it, and one for a share of less than a penny that makes
    no line (found by hypothesis: £1 moved from £200 in North and £1 in South gives South's share, half a penny, no
    line)."""
    ref = load_reference(plan.year)
    names = [x.name for x in plan.localities]
    bound = np.full((len(LEVERS), len(names)), 0.01 + 1e-9)
    for x in plan.lines:
        lever = LEVERS.index(ref.line_lever(x.scheme_type, x.sub_type))
        for j in [names.index(x.locality)] if x.locality else range(len(names)):
            bound[lever, j] += 0.01
    return bound


def test_a_new_line_copies_the_details_of_the_plans_line_on_its_lever():
    plan = small_plan()
    # money from South's reablement (LA grant) to care homes in South: the plan's care-home line is NHS money in North
    sc = scenario({"kind": "move", "from": {"scheme_id": "S05"}, "to": {"lever": "care_home_support"},
                   "amount_gbp": 10_000})
    made = make_plan(plan, sc)
    (new,) = [x for x in made.lines if x.scheme_id == "S07"]
    assert (new.locality, new.source_of_funding, new.amount, new.new_existing) == ("South", "la_better_care_grant",
                                                                                  10_000, "New")
    assert (new.scheme_type, new.sub_type, new.area_of_spend, new.provider) == (
        "Community Based Schemes", "Enhanced health in care homes", "Community Health", "NHS Community Provider")


def test_a_move_to_a_scheme_goes_to_its_new_lines_or_a_new_line_of_the_scheme():
    plan = small_plan()
    to_new = make_plan(plan, scenario({"kind": "move", "from": {"scheme_id": "S06"}, "to": {"scheme_id": "S03"},
                                       "amount_gbp": 30_000}))
    assert by_id(to_new.lines)[("S03", "North")].amount == 80_000
    assert by_id(to_new.lines)[("S06", "South")].amount == 50_000
    # S01 is established: the new money is a second line of the scheme, marked New
    to_old = make_plan(plan, scenario({"kind": "move", "from": {"scheme_id": "S06"}, "to": {"scheme_id": "S01"},
                                       "amount_gbp": 30_000}))
    s01 = [x for x in to_old.lines if x.scheme_id == "S01"]
    assert [(x.amount, x.new_existing, x.locality, x.scheme_name) for x in s01] == [
        (200_000, "Existing", "North", "Scheme S01"), (30_000, "New", "North", "Scheme S01")]


def test_added_and_removed_lines():
    plan = small_plan()
    sc = scenario(
        {"kind": "add_line", "scheme_id": "F1", "scheme_name": "Strength and balance", "lever": "falls_prevention",
         "amount_gbp": 40_000, "locality": "South", "source_of_funding": "Local Authority Better Care Grant"},
        {"kind": "add_line", "scheme_id": "A1", "scheme_type": "Assistive Technologies and Equipment",
         "sub_type": "community based equipment", "amount_gbp": 25_000, "new": False},
        {"kind": "remove_line", "scheme_id": "S06"})
    made = make_plan(plan, sc)
    lines = by_id(made.lines)
    assert ("S06", "South") not in lines
    f1 = lines[("F1", "South")]
    assert (f1.scheme_type, f1.sub_type, f1.source_of_funding, f1.amount, f1.new_existing, f1.scheme_name) == (
        "Prevention / Early Intervention", "Falls prevention", "la_better_care_grant", 40_000, "New",
        "Strength and balance")
    a1 = lines[("A1", "")]
    # no source of funding given: the stream with the most income left unspent (the NHS minimum here)
    assert (a1.scheme_type, a1.sub_type, a1.source_of_funding, a1.new_existing) == (
        "Assistive Technologies and Equipment", "Community based equipment", "nhs_minimum", "Existing")
    assert (made.changed, made.added, made.removed) == (0, 2, 1)
    assert made.words() == "0 lines changed, 2 lines added, 1 line removed"
    new_plan = made_plan(plan, made)
    assert np.allclose(build_spend(new_plan, scenario()).spend, build_spend(plan, sc).spend, atol=0.01)


def test_an_added_line_with_no_stream_goes_to_the_most_unspent_stream_never_the_dfg_unless_for_adaptations():
    plan = plan_of(line("S01", ILT, 950_000, "North"), income={"nhs_minimum": 1_000_000, "la_better_care_grant": 60_000,
                                                               "dfg": 500_000})
    add = {"kind": "add_line", "scheme_id": "N1", "lever": "carers", "amount_gbp": 10_000}
    assert by_id(plan_lines(plan, scenario(add)))[("N1", "")].source_of_funding == "la_better_care_grant"
    adapt = {**add, "lever": "home_adaptations"}
    (dfg,) = [x for x in plan_lines(plan, scenario(adapt)) if x.scheme_id == "N1"]
    assert dfg.source_of_funding == "dfg" and dfg.scheme_type == "DFG Related Schemes"
    # two lines: the second sees the first's spend
    two = plan_lines(plan, scenario(add, {**add, "scheme_id": "N2", "amount_gbp": 20_000}))
    assert [x.source_of_funding for x in two if x.scheme_id.startswith("N")] == ["la_better_care_grant", "nhs_minimum"]


def test_an_added_line_the_plan_cannot_pay_for_is_refused_in_a_sentence():
    plan = plan_of(line("S01", ILT, 1_000, "North"), income={})
    with pytest.raises(ScenarioError, match="added line N1: it names no source of funding and the plan has no income"):
        plan_lines(plan, scenario({"kind": "add_line", "scheme_id": "N1", "lever": "carers", "amount_gbp": 10}))
    with pytest.raises(ScenarioError, match="'Lottery' is not a 2026-27 funding stream"):
        plan_lines(plan, scenario({"kind": "add_line", "scheme_id": "N1", "lever": "carers", "amount_gbp": 10,
                                   "source_of_funding": "Lottery"}))


def test_changes_that_start_later_leave_the_plan_years_lines_and_stay_in_the_scenario():
    plan = small_plan()
    later = {"kind": "move", "from": {"lever": "reablement"}, "to": {"lever": "carers"}, "share": 0.5, "from_year": 2}
    made = make_plan(plan, scenario(later))
    assert made.lines == plan.lines and made.kept == scenario(later).changes
    assert made.later_words().startswith("1 change starting after the plan year does not change 2026-27's lines")
    assert made.summary().startswith("No change starts in the plan year, so the lines are as they were. 1 change")
    # with a plan-year change too, the later change is kept where it still applies...
    now = {"kind": "remove_line", "scheme_id": "S02"}
    made = make_plan(plan, scenario(now, later))
    assert made.kept == scenario(later).changes and not made.left_out
    # ...and left out, with a sentence, where it no longer does (S02 all moved away, so no longer a line)
    away = {"kind": "move", "from": {"scheme_id": "S02"}, "to": {"lever": "carers"}, "share": 1.0}
    gone = {"kind": "remove_line", "scheme_id": "S02", "from_year": 2}
    made = make_plan(plan, scenario(away, gone))
    assert made.kept == () and made.left_out[0].startswith("Change 2 (line S02 removed, from year 2) no longer "
                                                           "applies to the new lines and was left out: ")


def test_no_changes_give_back_the_same_lines():
    plan = demo_plan()
    assert plan_lines(plan, Scenario()) is plan.lines
    assert make_plan(plan, Scenario()).words().startswith("No change starts in the plan year")


def test_on_the_demo_a_million_from_locality_teams_to_care_homes():
    plan = demo_plan()
    sc = scenario({"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
                   "amount_gbp": 1_000_000})
    made = make_plan(plan, sc)
    before, after = plan.lines, made.lines
    assert len(after) == len(before) and (made.changed, made.added, made.removed) == (12, 0, 0)
    assert made.summary() == ("12 lines changed, 0 lines added, 0 lines removed: the scenario's changes to 2026-27 "
                              "are now the plan's lines.")
    changed = {(x.scheme_id, x.locality): (y.amount - x.amount) for x, y in zip(before, after, strict=True) if x != y}
    # the new anticipatory-care MDTs (NB04) give up the £1m, the enhanced health in care homes lines (NB10) take it
    assert {sid for sid, _ in changed} == {"NB04", "NB10"}
    assert sum(v for (sid, _), v in changed.items() if sid == "NB04") == pytest.approx(-1_000_000, abs=0.01)
    assert sum(v for (sid, _), v in changed.items() if sid == "NB10") == pytest.approx(1_000_000, abs=0.01)
    new_plan = made_plan(plan, made)
    assert np.allclose(build_spend(new_plan, scenario()).spend, build_spend(plan, sc).spend, atol=0.01)


# ---- random plans and changes -------------------------------------------------------------------------------

KINDS = (ILT, CARE_HOMES, REABLEMENT, FALLS, CARERS, AT, NONE)
STREAMS = ("nhs_minimum", "la_better_care_grant", "additional_nhs")
LOCALITIES = ("North", "South", "")


@st.composite
def plans(draw) -> Plan:
    """Random plans: a line holds £0 or £100 or more, in pounds, in pence or in fractions of a penny (as a
    spreadsheet's formula can leave it); a move can take fractions of a penny from a line."""
    n = draw(st.integers(1, 8))
    lines = []
    for i in range(n):
        lines.append(line(f"S{i + 1:02d}", draw(st.sampled_from(KINDS)),
                          draw(st.just(0.0) | st.integers(100, 500_000).map(float) | st.floats(100, 500_000)),
                          draw(st.sampled_from(LOCALITIES)), draw(st.sampled_from(STREAMS)), draw(st.booleans()),
                          draw(st.none() | st.integers(0, 500).map(float))))
        if draw(st.integers(0, 4)) == 0:  # a second line of the same scheme, as plans have one per locality
            lines.append(lines[-1].model_copy(update={"locality": draw(st.sampled_from(LOCALITIES)),
                                                      "amount": float(draw(st.integers(1, 300_000)))}))
    return plan_of(*lines, income={s: 2_000_000 for s in STREAMS})


MODELLED = [lv for lv in LEVERS if lv != "home_adaptations"]


@st.composite
def changes(draw, plan: Plan) -> list[dict]:
    ids = sorted({x.scheme_id for x in plan.lines})
    out = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(("move", "move", "move", "add_line", "remove_line")))
        year = draw(st.sampled_from((1, 1, 1, 2)))
        if kind == "move":
            sel = draw(st.fixed_dictionaries({}, optional={
                "lever": st.sampled_from(MODELLED), "scheme_id": st.sampled_from(ids),
                "locality": st.sampled_from(LOCALITIES)}))
            to = draw(st.one_of(
                st.fixed_dictionaries({"lever": st.sampled_from(MODELLED)},
                                      optional={"locality": st.sampled_from(LOCALITIES)}),
                st.fixed_dictionaries({"locality": st.sampled_from(LOCALITIES)}),
                st.fixed_dictionaries({"scheme_id": st.sampled_from(ids)})))
            how = draw(st.one_of(st.fixed_dictionaries({"share": st.floats(0.01, 1.0)}),
                                 st.fixed_dictionaries({"amount_gbp": st.integers(1, 50_000).map(float)})))
            out.append({"kind": "move", "from": sel, "to": to, "from_year": year, **how})
        elif kind == "add_line":
            c = {"kind": "add_line", "scheme_id": f"N{len(out)}", "lever": draw(st.sampled_from(MODELLED)),
                 "amount_gbp": float(draw(st.integers(0, 200_000))), "locality": draw(st.sampled_from(LOCALITIES)),
                 "new": draw(st.booleans()), "from_year": year}
            if draw(st.booleans()):
                c["source_of_funding"] = draw(st.sampled_from(STREAMS))
            out.append(c)
        else:
            out.append({"kind": "remove_line", "scheme_id": draw(st.sampled_from(ids)), "from_year": year})
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_the_new_lines_hold_the_models_spend_after_the_changes(data):
    plan = data.draw(plans())
    sc = scenario(*data.draw(changes(plan)))
    try:
        expected = build_spend(plan, sc)
    except ScenarioError:
        assume(False)
    made = make_plan(plan, sc)
    new_plan = made_plan(plan, made)
    if not any(c.from_year == 1 for c in sc.changes):
        assert made.lines is plan.lines
    # every line is whole: a positive amount in pence, a lever its type gives
    for x in made.lines:
        assert x.amount > 0 or x in plan.lines
        assert round(x.amount, 2) == x.amount or x in plan.lines
    # total and lever by lever, to the penny
    want, got = spend_by_lever(plan, sc), spend_by_lever(new_plan)
    assert sum(got.values()) == pytest.approx(sum(want.values()), abs=0.01)
    assert sum(x.amount for x in made.lines) == pytest.approx(sum(want.values()), abs=0.01)
    for lever in LEVERS:
        assert got[lever] == pytest.approx(want[lever], abs=0.01), lever
    # locality by locality (area-wide lines shared out by need), within a penny a lever
    want_loc, got_loc = spend_by_locality(plan, sc), spend_by_locality(new_plan)
    for name in want_loc:
        assert got_loc[name] == pytest.approx(want_loc[name], abs=0.01 * len(LEVERS)), name
    # the model reads the new plan, with no changes, as it read the scenario on the old plan, in the plan year: to
    # within the rounding of each line to the penny (less than a penny a line, the total kept to the penny) in each
    # (lever, locality) cell, an area-wide line's shared out over every locality, and a share too small to make a line
    again = build_spend(new_plan, sc.model_copy(update={"changes": ()})).total[0]
    assert (np.abs(again - expected.total[0]) <= _penny_rounding(new_plan)).all()
    # money moved keeps its stream: spend by stream changes only by the lines added and removed in the plan year
    first = [c for c in sc.changes if c.from_year == 1]
    if all(c.kind == "move" for c in first):
        streams = plan.spend_by_stream()
        for s, v in new_plan.spend_by_stream().items():
            assert v == pytest.approx(streams.get(s, 0.0), abs=0.01 * (len(made.lines) + 1)), s


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans())
def test_a_scenario_without_changes_gives_back_the_same_lines(plan):
    assert plan_lines(plan, scenario()) == plan.lines


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_one_move_made_the_plan_gives_the_model_the_same_established_and_new_money(data):
    """A move from one lever to another, on a plan whose lines each name a locality: the new lines hold the money
    the model counted as established and as new, by lever and locality, so its cohorts are the scenario's."""
    plan = data.draw(plans())
    plan = plan.model_copy(update={"lines": tuple(x.model_copy(update={"locality": x.locality or "North"})
                                                  for x in plan.lines)})
    held = sorted({REF.line_lever(x.scheme_type, x.sub_type) for x in plan.lines if x.amount > 0})
    assume(held)
    src = data.draw(st.sampled_from(held))
    dst = data.draw(st.sampled_from([lv for lv in MODELLED if lv != src]))
    sel = {"lever": src, **data.draw(st.fixed_dictionaries({}, optional={"locality": st.sampled_from(("North",
                                                                                                       "South"))}))}
    how = data.draw(st.one_of(st.fixed_dictionaries({"share": st.floats(0.01, 1.0)}),
                              st.fixed_dictionaries({"amount_gbp": st.integers(1, 50_000).map(float)})))
    sc = scenario({"kind": "move", "from": sel, "to": {"lever": dst}, **how})
    try:
        expected = build_spend(plan, sc).spend
    except ScenarioError:
        assume(False)
    made = make_plan(plan, sc)
    again = build_spend(made_plan(plan, made), scenario()).spend
    assert np.allclose(again, expected, atol=0.02)
