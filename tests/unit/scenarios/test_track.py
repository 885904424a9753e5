"""`track`: the demo's year so far against its plan, checked against the actuals and the model's own runs."""

from __future__ import annotations

import numpy as np
import pytest

from budget.demo import demo_actuals, demo_plan
from budget.metrics import BY_ID
from budget.submission import GoalSetting, Submission
from scenarios.schema import Scenario
from scenarios.track import last_month, month_to, track
from scenarios.track_range import DRAWS
from scenarios.views import model

RUNS = 120


@pytest.fixture(scope="module")
def demo():
    return demo_plan(), demo_actuals()


@pytest.fixture(scope="module")
def tracked(demo):
    plan, actuals = demo
    return track(plan, None, actuals, runs=RUNS)


def test_tracked_to_the_last_month_given(demo, tracked):
    plan, actuals = demo
    assert tracked.to == "2026-09" == last_month(actuals) and tracked.months_elapsed == 6
    total = tracked.total()
    assert abs(total.planned_year - sum(x.amount for x in plan.lines)) < 1e-6
    assert abs(total.planned_to_date - total.planned_year / 2) < 1e-6  # even profile, six months
    assert abs(total.actual_to_date - actuals.spent) < 1e-6  # every month given is April to September
    assert abs(sum(tracked.actual_monthly) - actuals.spent) < 1e-6
    assert tracked.illustrative and tracked.runs == RUNS


def test_a_month_tracked_to(demo):
    plan, actuals = demo
    t = track(plan, None, actuals, to="Jun 2026", runs=RUNS)
    june = {"2026-04", "2026-05", "2026-06"}
    assert t.to == "2026-06" and t.months_elapsed == 3
    assert abs(t.total().actual_to_date - sum(v for x in actuals.lines for m, v in x.spend.items() if m in june)) < 1e-6
    assert any("left out" in w for w in t.warnings)
    assert all(m.months_given == 3 for m in t.metrics)


def test_metrics_percentile_against_the_runs(demo, tracked):
    """Admissions: where the year to date falls in the exact mixture of Poisson counts over the runs; the delay: among
    the runs themselves."""
    from scipy.stats import poisson

    plan, actuals = demo
    summary = model(Scenario(), plan, runs=RUNS)
    pop = actuals.metrics[0].population_65_plus
    assert all(r.population_65_plus == pop for r in actuals.metrics)  # one population: the months' counts add up
    for m in tracked.metrics:
        runs = np.asarray(summary.metrics[BY_ID[m.id].key].plan_year_runs)
        assert m.chance == (m.profile == "split")
        if m.profile == "split":
            scale = sum(g for g, a in zip(m.goal, m.actual, strict=True) if a is not None) / m.goal_year
            lams = runs * scale * pop / 1e5
            count = round(m.ytd_actual * pop / 1e5)
            assert abs(count - m.ytd_actual * pop / 1e5) < 1e-6  # the year to date is a whole number of admissions
            expected = 100 * np.mean(poisson.cdf(count - 1, lams) + 0.5 * poisson.pmf(count, lams))
            n = RUNS * -(-DRAWS // RUNS)
            assert m.percentile_in_plan_range == pytest.approx(expected, abs=100 * 4 * 0.5 / np.sqrt(n))
            # the range to date: P90 of the mixture, within a count either way
            grid = np.arange(int(lams.max() * 2) + 10)
            cdf = np.mean(poisson.cdf(grid[:, None], lams[None, :]), axis=1)
            assert m.ytd_p90 * pop / 1e5 == pytest.approx(grid[np.searchsorted(cdf, 0.9)], abs=1.0)
        else:
            expected = 100 * (np.mean(runs < m.ytd_actual) + np.mean(runs == m.ytd_actual) / 2)
            assert m.percentile_in_plan_range == pytest.approx(expected)
        assert m.months_given == 6


def test_the_areas_own_goal_is_tracked(demo):
    plan, actuals = demo
    own = Scenario(submission=Submission(goals=(GoalSetting(metric="discharge_delay", value=0.5),)))
    t = track(plan, own, actuals, runs=RUNS)
    m = t.metric("discharge_delay")
    assert m.goal == (0.5,) * 12 and m.ytd_actual > 0.5
    assert m.status == ("off track" if m.ytd_actual > m.ytd_p90 else "behind goal")


def test_seasonal_profile(demo):
    plan, actuals = demo
    from scenarios.goals import plan_weights

    t = track(plan, None, actuals, runs=RUNS, profile="seasonal")
    w = plan_weights(None)
    assert abs(t.total().planned_to_date - t.total().planned_year * sum(w[:6]) / sum(w)) < 1e-6


def test_refusals(demo):
    plan, actuals = demo
    with pytest.raises(ValueError, match="not a month of 2026-27"):
        track(plan, None, actuals, to="2027-05", runs=RUNS)
    with pytest.raises(ValueError, match="for 2025-26 but the plan is for 2026-27"):
        track(plan, None, Actuals_for(actuals, year="2025-26"), runs=RUNS)
    with pytest.raises(ValueError, match="another|for area E09000001"):
        track(plan, None, Actuals_for(actuals, area_code="E09000001"), runs=RUNS)
    with pytest.raises(ValueError, match="profile"):
        track(plan, None, actuals, profile="lumpy", runs=RUNS)


def Actuals_for(actuals, **update):  # noqa: N802
    from budget.actuals import Actuals

    data = actuals.model_dump()
    if "year" in update:
        data.update(lines=(), metrics=())
    return Actuals.model_validate({**data, **update})


def test_no_month_yet(demo):
    plan, actuals = demo
    empty = Actuals_for(actuals, lines=(), metrics=())
    assert month_to(plan.year, None, empty) == (None, 0)
    t = track(plan, None, empty, runs=RUNS)
    assert t.total().actual_to_date == 0 and t.total().forecast_outturn == t.total().planned_year
    assert all(m.status == "no data yet" for m in t.metrics)
    assert t.warnings[0].startswith("The actuals give no month yet")


def test_nhs_minimum_and_dfg_as_spent(demo, tracked):
    from budget.rules import counts_towards_minimum_asc, dfg_funded

    plan, actuals = demo
    asc = {(x.scheme_id, x.locality) for x in plan.lines if counts_towards_minimum_asc(x)}
    dfg = {(x.scheme_id, x.locality) for x in plan.lines if dfg_funded(x)}
    assert asc and dfg
    spent = {(a.scheme_id, a.locality): a.spent for a in actuals.lines}
    assert abs(tracked.minimum_asc().actual_to_date - sum(spent[k] for k in asc)) < 1e-6
    assert abs(tracked.dfg().actual_to_date - sum(spent[k] for k in dfg)) < 1e-6


def test_what_the_files_say_a_reader_should_know_is_among_the_warnings(demo):
    plan, actuals = demo
    note = "The average discharge delay for Northbrook in Jul 2026 is suppressed in the file."
    t = track(plan, None, Actuals_for(actuals, notes=(note,)), runs=RUNS)
    assert note in t.warnings and note in t.to_json()["warnings"]


def test_people_served_are_set_against_the_plan_to_the_month_the_actuals_cover(demo):
    plan, actuals = demo
    early = track(plan, None, actuals, to="2026-06", runs=RUNS)
    full = track(plan, None, actuals, runs=RUNS)
    assert early.outputs == full.outputs  # the money followed to June, people served as at September
    stated = next(o for o in full.outputs if o.unit != "people (modelled)")
    assert stated.planned_to_date == pytest.approx(stated.planned_year / 2)


def test_a_metric_on_track_whose_last_two_months_were_worse_than_goal_is_warned_of(demo, tracked):
    """The demo's discharge delay: 1.28 days over six months against 1.30, on track, but August's 1.43 and
    September's 1.49 were each above the month's goal; the warning names both. Tracked to July, the last two months
    given (June and July) are not both above it, so no warning."""
    delay = next(m for m in tracked.metrics if m.id == "discharge_delay")
    assert delay.status == "on track" and delay.actual[4] > delay.goal[4] and delay.actual[5] > delay.goal[5]
    said = [w for w in tracked.warnings if w.startswith("Average discharge delay")]
    assert len(said) == 1 and "last two months given" in said[0] and "Aug 2026" in said[0] and "Sep 2026" in said[0]
    assert f"{delay.actual[5]:.2f} in Sep 2026" in said[0] and f"against {delay.goal[5]:.2f}" in said[0]
    for m in tracked.metrics:  # none other is both on track and worse than goal in its last two months
        worse = all(m.actual[k] > m.goal[k] for k in (4, 5))
        assert any(w.startswith(m.label) and "last two months" in w for w in tracked.warnings) == (
            worse and m.status == "on track")
    plan, actuals = demo
    earlier = track(plan, None, actuals, to="2026-07", runs=RUNS)
    e = next(m for m in earlier.metrics if m.id == "discharge_delay")
    assert e.status == "on track" and e.actual[3] <= e.goal[3]  # July's 1.26 within the goal of 1.30
    assert not any(w.startswith(e.label) for w in earlier.warnings)
    # while care-home admissions to July, on track, were above the month's goal in June (50.0) and July (53.2)
    c = next(m for m in earlier.metrics if m.id == "care_home_admissions_65_plus")
    assert c.status == "on track" and c.actual[2] > c.goal[2] and c.actual[3] > c.goal[3]
    assert any(w.startswith(c.label) and "Jun 2026 and " in w and "in Jul 2026" in w for w in earlier.warnings)
