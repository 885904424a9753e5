"""One set of figures everywhere: for the demo and for random scenarios, every figure the Excel
return, the board pack and `bcf run --json` show equals the model's summary of the same run, and the
summary's paired change equals the difference of two separate runs on the same seed."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from budget.cli import main
from budget.demo import demo_plan
from budget.export import return_bytes
from budget.money import whole
from budget.reference import LEVERS
from reports import board_pack, chart_pictures
from reports import board_pack_content as say
from reports.change_words import change_words
from reports.returns import RESULT_OUTCOMES, return_tables
from scenarios.cli.summary_json import run_json
from scenarios.engine import run
from scenarios.schema import Scenario
from scenarios.summary import OUTCOMES, change_vs_reference, summarise, totals
from scenarios.views import label

PLAN = demo_plan()
MODELLED = [lv for lv in LEVERS if lv not in ("none",)]
RUNS, SEED = 200, 11


def lever_spend(lever: str) -> float:
    from scenarios.spend import build_spend  # noqa: PLC0415

    return float(build_spend(PLAN, Scenario()).total[0, LEVERS.index(lever)].sum())


HELD = {lv: lever_spend(lv) for lv in LEVERS}
SOURCES = [lv for lv in LEVERS if HELD[lv] > 10_000]

moves = st.builds(
    lambda src, dst, share, year: {"kind": "move", "from": {"lever": src}, "to": {"lever": dst}, "share": share,
                                   "from_year": year},
    st.sampled_from(SOURCES), st.sampled_from(MODELLED), st.floats(0.05, 0.9), st.integers(1, 3))
adds = st.builds(
    lambda amount, new: {"kind": "add_line", "scheme_id": "ADD1", "scheme_type": "Community Based Schemes",
                         "sub_type": "Enhanced health in care homes", "amount_gbp": amount, "new": new},
    st.floats(10_000, 2_000_000), st.booleans())
scenarios = st.lists(st.one_of(moves, adds), min_size=0, max_size=3, unique_by=lambda c: c["kind"] + str(c.get("to")))


def scenario_of(changes) -> Scenario:
    return Scenario(name="Random option", changes=tuple(changes), runs=RUNS, seed=SEED)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios)
def test_paired_change_equals_two_separate_runs_and_is_zero_without_changes(changes):
    sc = scenario_of(changes)
    r = run(sc, PLAN)
    plan_run = run(Scenario(name="Plan", runs=RUNS, seed=SEED), PLAN)
    change = change_vs_reference(r)
    for o in OUTCOMES:
        per_run = totals(r, o) - totals(plan_run, o)  # two separate runs, same seed: the same draws
        if not changes:
            assert change[o].p10 == change[o].p50 == change[o].p90 == change[o].mean == 0.0
            continue
        p10, p50, p90 = np.percentile(per_run, [10, 50, 90])
        scale = max(1.0, np.abs(per_run).max())
        assert (change[o].p10, change[o].p50, change[o].p90) == pytest.approx((p10, p50, p90), abs=1e-6 * scale), o
    # levers add up to the total in every run
    for o in ("emergency_admissions_avoided", "care_home_admissions_avoided", "home_care_hours_saved"):
        assert totals(r, o) == pytest.approx(r.totals[:, :, r.outcomes.index(o)].sum(axis=1), rel=1e-9, abs=1e-6)


@pytest.fixture(scope="module")
def moved():
    sc = Scenario(name="Move £1m", runs=RUNS, seed=SEED, changes=(
        {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
         "amount_gbp": 1_000_000},))
    r = run(sc, PLAN)
    return sc, r, summarise(r)


def test_return_figures_equal_the_summary(moved):
    sc, r, view = moved
    data = return_bytes(PLAN, scenario=sc.name, tables=return_tables(view, "controlled"))
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    rows = [[c for c in row] for row in wb["Results"].iter_rows(values_only=True)]
    found = {
        (x[0], x[1], x[2]): x[3:6] for x in rows if x and x[0] and x[3] is not None and isinstance(x[3], float | int)
    }
    for o in RESULT_OUTCOMES:
        s, c = view.stat(o), view.change(o)
        assert found[("Whole horizon", "All", label(o))] == pytest.approx((s["p10"], s["p50"], s["p90"]))
        assert found[("Change vs the plan as submitted", "All", label(o))] == pytest.approx(
            (c["p10"], c["p50"], c["p90"])
        )
    metric_rows = [x for x in wb["Metrics"].iter_rows(values_only=True) if x and x[1] in r.years]
    for m in view.metrics.values():
        mine = [x for x in metric_rows if x[0] == m.label]
        assert [x[2] for x in mine] == pytest.approx(m.with_todays_services)
        assert [x[3] for x in mine] == pytest.approx(m.without_pool.p50)
        assert [x[4] for x in mine] == pytest.approx(m.with_plan.p50)
        assert [x[6] for x in mine] == pytest.approx(m.with_scenario.p50)


def test_board_pack_figures_equal_the_summary(moved):
    _, _, view = moved
    data, _ = board_pack.board_pack_bytes(PLAN, view, options=[view])
    slides = list(Presentation(io.BytesIO(data)).slides)
    ask = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    year = view.years[0]
    c = view.changes_in_plan_year["emergency_admissions_avoided"]
    assert f"in {year} it means {change_words('emergency_admissions_avoided', c['p50'])} (emergency admissions" in ask
    assert f"better in {c['probability_better']:.0%} of runs" in ask
    pool = view.by_year[year]["emergency_admissions_avoided"]
    assert (
        f"about {pool['p50']:,.0f} emergency admissions of people aged 65+ avoided (80% range {whole(pool['p10'])} to"
        in ask
    )
    # the options in the plan year; the same over the horizon on the slides beyond it
    cells = {row.cells[0].text: row.cells[1].text for title in ("The options: what each pool buys",
                                                                 "The options: what each changes")
             for row in table_of(slides, title).rows}
    horizon = {row.cells[0].text: row.cells[1].text for title in ("Beyond the plan year: what each pool buys",
                                                                   "Beyond the plan year: what each changes")
               for row in table_of(slides, title).rows}
    for o in ("emergency_admissions_avoided", "care_home_admissions_avoided"):
        s, h = view.by_year[year][o], view.stat(o)
        assert cells[label(o)] == f"{whole(s['p50'])} ({whole(s['p10'])} to {whole(s['p90'])})"
        assert horizon[label(o)] == f"{whole(h['p50'])} ({whole(h['p10'])} to {whole(h['p90'])})"
    assert cells[f"Change in emergency admissions in {year} (P50; chance better)"] == (
        f"{change_words('emergency_admissions_avoided', c['p50'])}; {c['probability_better']:.0%}")
    assert cells[f"Spend planned in {year}"] == f"{say.money(PLAN.total_expenditure)}: within the pool's income"
    npv = view.appraisal_change.net_present_value  # the appraisal's own P50, and the share of runs above zero
    paid = sum(x > 0 for x in view.change_npv_samples) / view.runs
    assert horizon["Net present value of the changes (P50; chance it pays back)"] == f"{say.money(npv.p50)}; {paid:.0%}"
    assert_picture_tables_equal_the_summary(slides, view)


def table_of(slides, title: str):
    """The (first) table on the slide with this title."""
    (slide,) = [s for s in slides if s.shapes.title is not None and s.shapes.title.text == title]
    return next(sh.table for sh in slide.shapes if sh.has_table)


def rows_of(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in list(table.rows)[1:]]


def assert_picture_tables_equal_the_summary(slides, view) -> None:
    """The tables that give the figures of the chart pictures hold the Summary's figures."""
    fan = rows_of(table_of(slides, "Impact with uncertainty"))
    assert [r[0] for r in fan] == list(view.years)
    for (_, p10, p50, p90), y in zip(fan, view.years, strict=True):
        s = view.by_year[y]["emergency_admissions_avoided"]
        assert (p10, p50, p90) == (whole(s.p10), whole(s.p50), whole(s.p90))
        assert float(p10.replace(",", "").replace("−", "-")) <= float(p50.replace(",", "").replace("−", "-"))
    m = view.metrics["emergency_admissions_65_plus_per_100k"]
    metric = rows_of(table_of(slides, "BCF metrics: the figures"))
    assert [r[0] for r in metric] == list(m.years)
    for col, series in enumerate((m.with_todays_services, m.without_pool.p50, m.with_plan.p50, m.with_scenario.p50),
                                 start=1):
        assert [float(r[col].replace(",", "")) for r in metric] == pytest.approx(list(series), abs=0.05)
    if view.has_changes:
        payback = dict(rows_of(table_of(slides, "Do the changes pay back?")))
        samples = np.asarray(view.change_npv_samples)
        npv = view.appraisal_change.net_present_value
        assert payback["Runs"] == f"{samples.size:,}"
        assert payback["Runs in which the changes pay back"] == f"{(samples > 0).mean():.0%}"
        assert [payback[k] for k in ("P10", "P50", "P90")] == [say.money(x) for x in (npv.p10, npv.p50, npv.p90)]


def test_cli_json_equals_the_summary(moved, tmp_path, capsys):
    sc, r, _ = moved
    path = tmp_path / "s.json"
    path.write_text(json.dumps(sc.to_json_dict()), encoding="utf-8")
    assert main(["run", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    h = json.loads(json.dumps(run_json(r)))
    assert out["outcomes"] == h["outcomes"]
    assert out["change_vs_plan"] == h["change_vs_plan"]
    assert out["appraisal"] == h["appraisal"]
    assert out["metrics"] == h["metrics"]


def test_an_outcome_the_change_does_not_touch_changes_by_exactly_nothing():
    # neither lever acts on home-care hours: every run's change is exactly zero, and never "better"
    sc = Scenario(runs=RUNS, seed=SEED, changes=(
        {"kind": "move", "from": {"lever": "assistive_technology"}, "to": {"lever": "integrated_locality_teams"},
         "amount_gbp": 500_000},))
    r = run(sc, PLAN)
    k = r.outcomes.index("home_care_hours_saved")
    assert np.array_equal(r.totals[:, :, k], r.reference_totals[:, :, k])
    c = change_vs_reference(r)["home_care_hours_saved"]
    assert c.p10 == c.p90 == 0.0 and c.probability_better == 0.0


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(scenarios)
def test_return_and_board_pack_equal_the_summary_for_random_scenarios(monkeypatch, changes):
    monkeypatch.setattr(
        chart_pictures, "render_png", lambda *a, **k: None
    )  # native charts: their data can be read back
    sc = scenario_of(changes)
    view = summarise(run(sc, PLAN))
    data = return_bytes(PLAN, scenario=sc.name, tables=return_tables(view, "controlled"))
    rows = list(openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Results"].iter_rows(values_only=True))
    found = {(x[0], x[1], x[2]): x[3:6] for x in rows if x and x[0] and isinstance(x[3], float | int)}
    for o in RESULT_OUTCOMES:
        s = view.stat(o)
        assert found[("Whole horizon", "All", label(o))] == pytest.approx((s.p10, s.p50, s.p90))
        if view.has_changes:
            c = view.change(o)
            assert found[("Change vs the plan as submitted", "All", label(o))] == pytest.approx((c.p10, c.p50, c.p90))
    pack, _ = board_pack.board_pack_bytes(PLAN, view, scenario=sc)
    slides = list(Presentation(io.BytesIO(pack)).slides)
    by_title = {s.shapes.title.text: s for s in slides[1:]}
    fan = next(sh.chart for sh in by_title["Impact with uncertainty"].shapes if sh.has_chart)  # native fallback
    assert list(fan.plots[0].series[0].values) == pytest.approx(
        [view.by_year[y]["emergency_admissions_avoided"].p50 for y in view.years])
    assert_picture_tables_equal_the_summary(slides, view)
    metric = next(sh.chart for sh in by_title["BCF metrics"].shapes if sh.has_chart)
    m = view.metrics["emergency_admissions_65_plus_per_100k"]
    series = {x.name: list(x.values) for x in metric.plots[0].series}
    assert series["With the scenario (P50)"] == pytest.approx(m.with_scenario.p50)
    assert series["Without the pool (P50)"] == pytest.approx(m.without_pool.p50)
