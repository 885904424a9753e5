"""Spend to date against the planned profile and the forecast outturn, against hand calculations and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budget.actuals import ActualLine, Actuals, months
from scenarios.track_money import added, groups, match, monthly, profile_shares, track_lines
from tests.unit.scenarios.small_plans import CARERS, FALLS, REABLEMENT, line, plan_of

YEAR = months("2026-27")
EVEN = (1.0,) * 12


def _plan():
    return plan_of(line(REABLEMENT, 120_000, "R1"), line(FALLS, 60_000, "F1"), line(CARERS, 24_000, "C1"))


def _actual(scheme_id, kind, spend, people=None, stream="Minimum NHS Contribution"):
    return ActualLine(scheme_id=scheme_id, scheme_type=kind[0], sub_type=kind[1], source_of_funding=stream,
                      spend=spend, people_served=people)


def _actuals(*lines):
    return Actuals(area_code="E06000001", year="2026-27", lines=lines)


def test_hand_calculation_even_profile():
    a = _actuals(_actual("R1", REABLEMENT, {YEAR[0]: 10_000, YEAR[1]: 12_000, YEAR[2]: 11_000}),
                 _actual("F1", FALLS, {YEAR[0]: 5_000}))
    lines = track_lines(_plan(), a, EVEN, 3)
    r1, f1, c1 = lines
    assert r1.planned_to_date == 30_000  # 120,000 x 3/12
    assert r1.actual_to_date == 33_000
    assert r1.forecast_outturn == 33_000 + 90_000  # spend to date + the plan for the nine months to come
    assert r1.forecast_run_rate == 33_000 * 4  # the three months' average, twelve times
    assert r1.variance == 3_000
    assert f1.planned_to_date == 15_000 and f1.actual_to_date == 5_000 and f1.forecast_outturn == 50_000
    assert not c1.reported and c1.actual_to_date == 0 and c1.forecast_outturn == 24_000 - 6_000
    assert all(x.in_plan for x in lines)


def test_seasonal_profile_hand_calculation():
    weights = (2.0, 1.0, 1.0) + (1.0,) * 9  # April twice as heavy: the weights add to 13
    r1 = track_lines(_plan(), _actuals(), weights, 1)[0]
    assert abs(r1.planned_to_date - 120_000 * 2 / 13) < 1e-9
    planned, _ = monthly(_plan(), _actuals(), weights, 1)
    assert abs(sum(planned) - 204_000) < 1e-6 and abs(planned[0] - 204_000 * 2 / 13) < 1e-6


def test_even_profile_at_month_six_is_half_the_year():
    for x in track_lines(_plan(), _actuals(), EVEN, 6):
        assert x.planned_to_date == x.planned_year / 2
    assert profile_shares(EVEN, 6) == 0.5 and profile_shares(EVEN, 12) == 1.0 and profile_shares(EVEN, 0) == 0


def test_spend_after_the_month_tracked_to_is_left_out():
    a = _actuals(_actual("R1", REABLEMENT, {YEAR[0]: 10_000, YEAR[5]: 99_000}))
    assert track_lines(_plan(), a, EVEN, 3)[0].actual_to_date == 10_000
    assert track_lines(_plan(), a, EVEN, 6)[0].actual_to_date == 109_000


def test_a_line_not_in_the_plan_is_kept_with_nothing_planned():
    a = _actuals(_actual("X9", REABLEMENT, {YEAR[0]: 7_000}))
    lines = track_lines(_plan(), a, EVEN, 1)
    extra = lines[-1]
    assert not extra.in_plan and extra.planned_year == 0 and extra.actual_to_date == 7_000
    assert extra.stream == "nhs_minimum"  # the stream's name matched to the year's stream
    assert added(lines).actual_to_date == 7_000


def test_match_by_stream_id_or_name_and_locality():
    found, extra = match(_plan(), _actuals(_actual("R1", REABLEMENT, {}, stream="nhs_minimum"),
                                           _actual("F1", FALLS, {}, stream="Local Authority Better Care Grant")))
    assert list(found) == [0] and [x.scheme_id for x in extra] == ["F1"]


spend_strategy = st.dictionaries(st.sampled_from(YEAR), st.floats(0, 1e6, allow_nan=False), max_size=12)


@settings(max_examples=60, deadline=None)
@given(r=spend_strategy, f=spend_strategy, x=spend_strategy, elapsed=st.integers(0, 12))
def test_groups_add_up_to_the_total(r, f, x, elapsed):
    a = _actuals(_actual("R1", REABLEMENT, r), _actual("F1", FALLS, f), _actual("X1", CARERS, x))
    lines = track_lines(_plan(), a, EVEN, elapsed)
    total = added(lines)
    for field in ("stream", "scheme_id", "lever"):
        g = groups(lines, field)
        assert abs(sum(m.actual_to_date for m in g.values()) - total.actual_to_date) < 1e-6
        assert abs(sum(m.forecast_outturn for m in g.values()) - total.forecast_outturn) < 1e-6
    _, by_month = monthly(_plan(), a, EVEN, elapsed)
    assert abs(sum(by_month) - total.actual_to_date) < 1e-6


@settings(max_examples=60, deadline=None)
@given(r=spend_strategy, month=st.sampled_from(YEAR), more=st.floats(0, 1e6, allow_nan=False),
       elapsed=st.integers(0, 12))
def test_more_spend_never_lowers_actual_to_date(r, month, more, elapsed):
    before = track_lines(_plan(), _actuals(_actual("R1", REABLEMENT, r)), EVEN, elapsed)[0]
    r2 = {**r, month: r.get(month, 0.0) + more}
    after = track_lines(_plan(), _actuals(_actual("R1", REABLEMENT, r2)), EVEN, elapsed)[0]
    assert after.actual_to_date >= before.actual_to_date
    assert after.forecast_outturn >= before.forecast_outturn
