"""The board pack's order of slides: the plan year first, the horizon after it, a pay-back slide only where
there are changes, a slide per option pair, and the note when no picture could be drawn."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from budget.demo import demo_plan
from reports import board_pack, chart_pictures
from scenarios.schema import Scenario
from scenarios.views import model

PLAN_YEAR = ["The ask", "The money: income", "The money: spend", "The money by locality need",
             "The options: what each pool buys",
             "The options: what each changes", "Goals for the BCF metrics", "Where the area stands",
             "Where the area stands: the similar areas",
             "Capacity and demand",
             "National conditions", "Sign-off"]
HORIZON = ["Beyond the plan year: what each pool buys", "Beyond the plan year: what each changes",
           "Impact with uncertainty", "By locality", "BCF metrics", "BCF metrics: the figures", "How sure are we?"]
CLOSING = ["Risks and assumptions", "Appendix: method and sources"]
MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}


@pytest.fixture(autouse=True)
def no_pictures(monkeypatch):
    monkeypatch.setattr(chart_pictures, "render_png", lambda *a, **k: None)


@pytest.fixture(scope="module")
def views():
    plan = demo_plan()
    return plan, model(Scenario(name="Option A"), plan, runs=60, seed=5), model(
        Scenario(name="Move", changes=(MOVE,)), plan, runs=60, seed=5)


def titles(data: bytes) -> list[str]:
    return [s.shapes.title.text for s in Presentation(io.BytesIO(data)).slides]


def test_the_plan_as_submitted_opens_with_the_plan_year_and_has_no_pay_back_slide(views):
    plan, view, _ = views
    data, note = board_pack.board_pack_bytes(plan, view)
    assert titles(data) == [f"Better Care Fund {plan.year}"] + PLAN_YEAR + HORIZON + CLOSING
    assert "No browser was available" in note


def test_changes_add_a_pay_back_slide_and_three_options_take_two_slides_each(views):
    plan, view, moved = views
    data, _ = board_pack.board_pack_bytes(plan, moved, options=[view, moved, view], other_stance=view,
                                          scenario=Scenario(name="Move", changes=(MOVE,)))
    got = titles(data)
    assert got.count("Do the changes pay back?") == 1
    assert got.index("Do the changes pay back?") == got.index("How sure are we?") + 1
    assert "The options: what each pool buys (1 of 2)" in got and "The options: what each pool buys (2 of 2)" in got
    assert "Beyond the plan year: what each changes (2 of 2)" in got


def test_the_pack_is_written_to_a_path_as_to_bytes(views, tmp_path):
    plan, view, _ = views
    target = tmp_path / "pack.pptx"
    note = board_pack.write_board_pack(target, plan, view)
    assert titles(target.read_bytes()) == titles(board_pack.board_pack_bytes(plan, view)[0])
    assert note == board_pack.board_pack_bytes(plan, view)[1]


def test_given_the_year_so_far_the_pack_opens_with_it_its_tables_named_and_reconciled(views):
    from budget.demo import demo_actuals
    from budget.money import gbp
    from scenarios.track import track

    plan, view, _ = views
    j = track(plan, Scenario(name="Option A"), demo_actuals(), to="2026-09", runs=60, seed=5).to_json()
    data, _ = board_pack.board_pack_bytes(plan, view, tracking=track(plan, Scenario(name="Option A"), demo_actuals(),
                                                                     to="2026-09", runs=60, seed=5))
    assert titles(data) == [f"Better Care Fund {plan.year}", "Year so far", "Year so far: spend",
                            "Year so far: the BCF metrics"] + PLAN_YEAR + HORIZON + CLOSING
    slides = {s.shapes.title.text: s for s in Presentation(io.BytesIO(data)).slides}
    [table] = [sh for sh in slides["Year so far: spend"].shapes if sh.has_table]
    assert table.name == "Year so far: spend"
    cells = [[c.text for c in row.cells] for row in table.table.rows]
    assert cells[0][:3] == ["Funding stream", "Planned to date", "Spent to date"]
    total = j["spend"]["total"]
    assert cells[-1][:5] == ["Total", gbp(total["planned_to_date"]), gbp(total["actual_to_date"]),
                             gbp(total["variance"]), gbp(total["forecast_outturn"])]
    assert [r[0] for r in cells[1:-1]] == [s["label"] for s in j["spend"]["by_stream"].values()]
    [table] = [sh for sh in slides["Year so far: the BCF metrics"].shapes if sh.has_table]
    assert [row.cells[0].text for row in table.table.rows][1:] == [m["label"] for m in j["metrics"].values()]


def test_what_pages_and_commands_import_from_the_pack_is_there():
    assert callable(board_pack.browser_available) and callable(board_pack.unit_cost_text)
    assert set(board_pack.__all__) == {"board_pack_bytes", "browser_available", "unit_cost_text", "write_board_pack"}


def test_the_need_slide_s_table_is_bcf_run_s_locality_need(views):
    from budget.need import need_summary
    from scenarios.cli.summary_json import locality_need_json
    from scenarios.spend import locality_need

    plan, _, moved = views
    scenario = Scenario(name="Move", changes=(MOVE,))
    data, _ = board_pack.board_pack_bytes(plan, moved, scenario=scenario)
    slides = Presentation(io.BytesIO(data)).slides
    slide = next(s for s in slides if s.shapes.title.text == "The money by locality need")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["Locality", "People aged 65+", "Need weight", "Share of need", "Share of money",
                        "£ a head of need"]
    got = locality_need_json(locality_need(plan, scenario))  # what bcf run --json gives for the same scenario
    assert [r[0] for r in cells[1:]] == [r["locality"] for r in got]
    for row, r in zip(cells[1:], got, strict=True):
        assert row[1] == f"{r['population_65_plus']:,}"
        assert row[3] == f"{r['need_share']:.0%}" and row[4] == f"{r['spend_share']:.0%}"
        assert row[5] == f"£{r['spend_per_head_of_need_gbp']:,.0f}"
    text = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert need_summary(locality_need(plan, scenario)) in text
