"""`bcf track`: the demo, a saved scenario and the plan as submitted against the demo's actuals, as text and JSON."""

from __future__ import annotations

import pytest

from budget.cli import UserError
from budget.demo import demo_actuals, demo_actuals_bytes, demo_plan
from budget.models import LoadError
from scenarios.cli.track import register
from scenarios.schema import MoveSpend, Scenario
from scenarios.store import Store
from scenarios.track import track
from tests.unit.scenarios.cli.commands import call, call_json, parser_for

MOVE = MoveSpend.model_validate({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                 "to": {"lever": "reablement"}, "amount_gbp": 1_000_000})


@pytest.fixture(scope="module")
def actuals_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("actuals") / "demo_area_actuals.xlsx"
    path.write_bytes(demo_actuals_bytes())
    return path


def test_the_parser():
    args = parser_for(register).parse_args(["track", "demo", "--actuals", "a.xlsx", "--actuals", "b.xlsx", "--to",
                                            "2026-09", "--json", "--profile", "seasonal"])
    assert (args.source, args.actuals, args.to, args.json, args.profile) == (
        "demo", ["a.xlsx", "b.xlsx"], "2026-09", True, "seasonal")


def test_json_is_the_library_s(actuals_file, capsys):
    status, out = call_json(register, ["track", "demo", "--actuals", str(actuals_file), "--runs", "60", "--json"],
                            capsys)
    assert status == 0
    assert out == track(demo_plan(), Scenario(name="Demo area plan as submitted", base="demo", runs=60),
                        demo_actuals(), runs=60).to_json() | {"scenario": "Demo area plan as submitted"}
    assert out["to"] == "2026-09" and out["illustrative"] is True


def test_text_gives_the_paragraph_streams_and_metrics(actuals_file, capsys):
    status, out = call(register, ["track", "demo", "--actuals", str(actuals_file), "--runs", "60", "--to", "2026-06"],
                       capsys)
    assert status == 0
    assert "To the end of Jun 2026 (3 of the 12 months of 2026-27)" in out
    assert "Minimum NHS Contribution" in out and out.count("Jun 2026: actual") == 3
    assert "illustrative" in out and "Traceback" not in out


def test_a_month_outside_the_year_is_one_sentence(actuals_file, capsys):
    with pytest.raises(UserError, match="'2027-06' is not a month of 2026-27"):
        call(register, ["track", "demo", "--actuals", str(actuals_file), "--runs", "60", "--to", "2027-06"], capsys)


def test_a_file_of_no_known_kind_is_refused(tmp_path, capsys):
    other = tmp_path / "notes.xlsx"
    other.write_bytes(b"not a workbook")
    with pytest.raises(LoadError, match="notes.xlsx: is not an actuals workbook, a Discharge Ready Date file, an ASCOF "
                                        "client-level file or a SUS sheet; use the actuals workbook"):
        call(register, ["track", "demo", "--actuals", str(other), "--runs", "60"], capsys)


def test_the_plan_as_submitted_and_a_saved_scenario(tmp_path, actuals_file, capsys):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = Store(db)
    store.save("Final", Scenario(name="Final", changes=(MOVE,)), base_plan=demo_plan())
    record = store.submit("Final")
    moved = record.plan
    base = ["--actuals", str(actuals_file), "--runs", "60", "--json", "--db", db]
    _, submitted = call_json(register, ["track", "submitted:Final", *base], capsys)
    _, saved = call_json(register, ["track", "scenario:Final", *base], capsys)
    planned = sum(x.amount for x in moved.lines)
    assert planned == sum(x.amount for x in demo_plan().lines)  # money moved, none added
    assert submitted["spend"]["total"]["planned_year"] == pytest.approx(planned)
    assert submitted["spend"]["by_line"] == saved["spend"]["by_line"]  # the scenario's changes written in alike
    _, plain = call_json(register, ["track", "demo", *base], capsys)
    lever = {k: v["planned_year"] for k, v in submitted["spend"]["by_lever"].items()}
    before = {k: v["planned_year"] for k, v in plain["spend"]["by_lever"].items()}
    assert lever["reablement"] - before["reablement"] == pytest.approx(1_000_000)  # the move, in the plan's lines
    assert lever["integrated_locality_teams"] - before["integrated_locality_teams"] == pytest.approx(-1_000_000)
    with pytest.raises(UserError, match="has no submission 7"):
        call(register, ["track", "submitted:Final", *base, "--number", "7"], capsys)
    with pytest.raises(UserError, match="--number goes with a SOURCE of submitted:NAME"):
        call(register, ["track", "demo", *base, "--number", "1"], capsys)


def test_a_national_file_beside_the_workbook(actuals_file, tmp_path, capsys):
    from tests.national_files import ascof_csv, ascof_row

    code = demo_plan().area.code
    ascof = tmp_path / "ascof.csv"
    ascof.write_bytes(ascof_csv([ascof_row("July 2025 to June 2026", code, "Northbrook", 380, 41_000)]))
    _, out = call_json(register, ["track", "demo", "--actuals", str(ascof), "--actuals", str(actuals_file), "--runs",
                                  "60", "--json"], capsys)
    m = out["metrics"]["care_home_admissions_65_plus"]
    assert m["rolling_12_months"]["to"] == "2026-06"
    assert m["rolling_12_months"]["actual"] == pytest.approx(380 / 41_000 * 1e5, abs=1e-3)
    assert m["status_basis"] == "year to date"  # the workbook gives each month's own count
    assert out["spend"]["total"]["actual_to_date"] == pytest.approx(demo_actuals().spent, abs=0.01)
