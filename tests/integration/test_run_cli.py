"""`bcf run`: JSON keys other tools rely on, reproducibility, scenario files, clean errors."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest

from budget.cli import main
from budget.models import ExpenditureLine, HWBArea, Locality, Plan

HAVE_DEMO = importlib.util.find_spec("budget.demo") is not None
REQUIRED = ("emergency_admissions_avoided", "ae_attendances_avoided", "bed_days_saved",
            "care_home_admissions_avoided", "gross_saving_gbp", "net_saving_gbp")


def _stand_in_plan() -> Plan:
    kinds = [
        ("Home-based intermediate care services", ""),
        ("Community Based Schemes", "Integrated neighbourhood services"),
        ("Assistive Technologies and Equipment", ""),
        ("Prevention / Early Intervention", "Falls prevention"),
        ("Community Based Schemes", "Enhanced health in care homes"),
        ("DFG Related Schemes", ""),
        ("Carers Services", ""),
        ("Enablers for Integration", ""),
    ]
    locs = tuple(Locality(name=n, population=50_000, population_65_plus=9_500 + 500 * i, need_weight=0.9 + 0.05 * i)
                 for i, n in enumerate(("North", "South", "East", "West", "Central", "Coast")))
    lines = tuple(ExpenditureLine(scheme_id=f"S{i:03d}", scheme_name=f"Scheme {i}", scheme_type=kinds[i % 8][0],
                                  sub_type=kinds[i % 8][1], source_of_funding="nhs_minimum", amount=200_000.0,
                                  locality="" if i % 2 else locs[i % 6].name) for i in range(48))
    return Plan(area=HWBArea(code="E06000099", name="Stand-in"), year="2026-27", lines=lines, localities=locs)


@pytest.fixture(autouse=True)
def demo(monkeypatch):
    """The real demo area where budget.demo exists; a small stand-in plan until then."""
    if not HAVE_DEMO:
        monkeypatch.setattr("scenarios.cli.sources.demo_plan", _stand_in_plan)


def bcf(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_demo_json_has_the_stable_keys(capsys):
    code, out, err = bcf(capsys, "run", "demo", "--json", "--runs", "300", "--seed", "4")
    assert code == 0, err
    h = json.loads(out)
    for key in ("scenario", "runs", "seed", "years", "outcomes", "probability_net_saving_positive", "by_lever"):
        assert key in h
    assert h["runs"] == 300 and h["seed"] == 4 and len(h["years"]) == 5
    for name in REQUIRED:
        s = h["outcomes"][name]
        assert {"p10", "p50", "p90"} <= s.keys()
        assert s["p10"] <= s["p50"] <= s["p90"]
    assert 0.0 <= h["probability_net_saving_positive"] <= 1.0
    assert h["by_lever"]
    for lever, entry in h["by_lever"].items():
        for name in REQUIRED:
            assert {"p10", "p50", "p90"} <= entry[name].keys(), (lever, name)
    # sums across levers agree with the whole (P50s do not add, central estimates do)
    modelled = [e for e in h["by_lever"].values() if e["modelled"]]
    assert sum(e["gross_saving_gbp"]["central"] for e in modelled) == pytest.approx(
        h["outcomes"]["gross_saving_gbp"]["central"], abs=len(modelled))
    m = h["metrics"]["emergency_admissions_65_plus_per_100k"]
    assert len(m["without_scenario"]) == 5 and len(m["with_scenario"]["p50"]) == 5
    assert h["stance"] == "controlled"


def test_same_seed_gives_identical_output_and_another_seed_does_not(capsys):
    args = ("run", "demo", "--json", "--runs", "400", "--seed", "11")
    _, a, _ = bcf(capsys, *args)
    _, b, _ = bcf(capsys, *args)
    _, c, _ = bcf(capsys, "run", "demo", "--json", "--runs", "400", "--seed", "12")
    assert a == b
    assert a != c


def test_pilot_stance_shows_larger_effects(capsys):
    _, ctrl, _ = bcf(capsys, "run", "demo", "--json", "--runs", "500")
    _, pilot, _ = bcf(capsys, "run", "demo", "--json", "--runs", "500", "--stance", "pilot")
    c, p = json.loads(ctrl), json.loads(pilot)
    assert p["stance"] == "pilot"
    for name in ("emergency_admissions_avoided", "ae_attendances_avoided", "gross_saving_gbp"):
        assert p["outcomes"][name]["p50"] > c["outcomes"][name]["p50"], name


def test_scenario_file_with_changes(tmp_path, capsys):
    scenario = tmp_path / "shift.yaml"
    scenario.write_text(
        "schema_version: 1\n"
        "name: Shift to falls prevention\n"
        "base: demo\n"
        "horizon_years: 3\n"
        "runs: 200\n"
        "seed: 5\n"
        "changes:\n"
        "  - {kind: move, from: {lever: integrated_locality_teams}, to: {lever: falls_prevention}, share: 0.5}\n",
        encoding="utf-8")
    code, out, err = bcf(capsys, "run", str(scenario), "--json")
    assert code == 0, err
    h = json.loads(out)
    assert h["scenario"] == "Shift to falls prevention" and h["runs"] == 200 and len(h["years"]) == 3
    code, out2, _ = bcf(capsys, "run", str(scenario), "--json", "--runs", "50", "--horizon", "1")
    h2 = json.loads(out2)
    assert h2["runs"] == 50 and len(h2["years"]) == 1
    # the move changes spend by lever but not the total
    _, base_out, _ = bcf(capsys, "run", "demo", "--json", "--runs", "200", "--seed", "5", "--horizon", "3")
    base = json.loads(base_out)
    assert h["spend_gbp"]["total"] == base["spend_gbp"]["total"]
    assert (
        h["by_lever"]["falls_prevention"]["spend_gbp"]["central"]
        > base["by_lever"]["falls_prevention"]["spend_gbp"]["central"]
    )


def test_text_output(capsys):
    code, out, _ = bcf(capsys, "run", "demo", "--runs", "100")
    assert code == 0
    assert "Emergency admissions avoided" in out and "What the whole pool buys" in out
    assert "no changes to measure" in out and "per 100,000 aged 65+" in out


@pytest.mark.parametrize("args, message", [
    (("run", "no-such-file.yaml"), "no such file"),
    (("run", "demo", "--runs", "0"), "--runs"),
    (("run", "demo", "--horizon", "9"), "--horizon"),
    (("run", "demo", "--seed", "-1"), "--seed"),
])
def test_user_errors_exit_2_without_a_traceback(capsys, args, message):
    code, out, err = bcf(capsys, *args)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_a_bad_scenario_file_names_the_problem(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nhorizon_years: 8\ncolour: red\n", encoding="utf-8")
    code, _, err = bcf(capsys, "run", str(bad))
    assert code == 2
    lines = err.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines)
    assert any("horizon_years" in line for line in lines) and any("colour" in line for line in lines)
    move = tmp_path / "move.json"
    move.write_text(json.dumps({"base": "demo", "changes": [
        {"kind": "move", "from": {"lever": "carers"}, "to": {"lever": "reablement"}, "amount_gbp": 9e8}]}),
        encoding="utf-8")
    code, _, err = bcf(capsys, "run", str(move))
    assert code == 2 and "cannot move" in err


@pytest.mark.skipif(not HAVE_DEMO, reason="budget.demo (the demo area) is not written yet")
def test_bcf_run_demo_json_is_byte_identical_across_processes():
    cmd = [sys.executable, "-m", "budget", "run", "demo", "--json", "--runs", "1000", "--seed", "1"]
    a = subprocess.run(cmd, capture_output=True, check=True).stdout
    b = subprocess.run(cmd, capture_output=True, check=True).stdout
    assert a == b
    h = json.loads(a)
    assert np.isfinite(h["outcomes"]["gross_saving_gbp"]["p50"])


def _one_error_line(p) -> str:
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and "unexpected" not in p.stderr and "validation error" not in p.stderr, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr
    return lines[0]


def _bcf(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "budget", *args], capture_output=True, text=True, timeout=300, cwd=cwd)


@pytest.mark.parametrize(
    "command", [["run", "demo"], ["compare", "demo", "demo"], ["export", "demo", "--xlsx", "out.xlsx"]]
)
@pytest.mark.parametrize("args, option", [
    (["--runs", "0"], "--runs"),
    (["--runs", "1000000"], "--runs"),
    (["--seed", "-3"], "--seed"),
    (["--seed", str(2**64)], "--seed"),
])
def test_runs_and_seed_out_of_range_are_one_sentence_on_every_command(tmp_path, command, args, option):
    line = _one_error_line(_bcf(*command, *args, cwd=tmp_path))
    assert option in line, line
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("text", [
    '{"name": "x", "changes": [{"kind": "add_line", "scheme_id": "N1", "lever": "reablement", "amount_gbp": NaN}]}',
    '{"name": "x", "changes": [{"kind": "add_line", "scheme_id": "N1", "lever": "reablement", "amount_gbp": 1e308}]}',
    '{"name": "x", "deadweight": Infinity}',
    '{"name": "bell\\u0007", "base": "demo"}',
    '{"schema_version": true, "base": "demo"}',
    "[" * 100_000 + "]" * 100_000,
])
def test_bcf_run_a_bad_scenario_file_is_one_sentence(tmp_path, text):
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    line = _one_error_line(_bcf("run", str(bad), "--runs", "50"))
    assert str(bad) in line, line


def test_json_output_is_strict_json():
    p = _bcf("run", "demo", "--json", "--runs", "100")
    assert p.returncode == 0, p.stderr
    json.loads(p.stdout, parse_constant=lambda c: pytest.fail(f"{c} in the output"))


MOVE = """name: Move £1m to care-home support
changes:
  - kind: move
    from: {lever: integrated_locality_teams}
    to: {lever: care_home_support}
    amount_gbp: 1000000
"""


def test_change_vs_plan_contract_and_pairing(capsys, tmp_path):
    code, out, _ = bcf(capsys, "run", "demo", "--runs", "300", "--json")
    plain = json.loads(out)
    c = plain["change_vs_plan"]
    assert c["reference"] == "Plan as submitted" and c["spend_change_gbp"] == 0
    assert set(c["outcomes"]) >= set(REQUIRED)
    for o, s in c["outcomes"].items():  # the plan against itself changes nothing, in every statistic
        assert {k: s[k] for k in ("p10", "p50", "p90", "mean", "probability_better")} == {
            "p10": 0, "p50": 0, "p90": 0, "mean": 0, "probability_better": 0}, o
    assert c["net_present_value_gbp"] == {"p10": 0, "p50": 0, "p90": 0, "mean": 0, "probability_better": 0}
    assert plain["settings"]["discount_rate"] == 0.035
    assert plain["settings"]["optimism_bias"] is True  # on by default, as the Green Book asks
    move = tmp_path / "move.yaml"
    move.write_text(MOVE, encoding="utf-8")
    code, out, _ = bcf(capsys, "run", str(move), "--runs", "300", "--json")
    moved = json.loads(out)
    d = moved["change_vs_plan"]["outcomes"]["emergency_admissions_avoided"]
    assert d["p10"] < d["p50"] < d["p90"] and 0 < d["probability_better"] < 1
    # paired: far tighter than the difference of two unpaired 80% ranges
    assert d["p90"] - d["p10"] < (moved["outcomes"]["emergency_admissions_avoided"]["p90"]
                                  - plain["outcomes"]["emergency_admissions_avoided"]["p10"])
    assert moved["change_vs_plan"]["spend_change_gbp"] == 0  # a move changes where money goes, not how much
    code, out, _ = bcf(capsys, "compare", "demo", str(move), "--runs", "300", "--json")
    cmp = json.loads(out)
    diff = cmp["scenarios"][1]["difference_vs_first"]["emergency_admissions_avoided"]
    assert set(diff) == {"p10", "p50", "p90", "mean", "probability_better"}
    assert diff["p50"] == pytest.approx(d["p50"], abs=0.06) and diff["probability_better"] == d["probability_better"]
    assert cmp["scenarios"][0]["difference_vs_first"]["emergency_admissions_avoided"]["p90"] == 0


def test_in_plan_year_block_is_the_plan_year_alone_in_the_horizons_shapes(capsys, tmp_path):
    """`in_plan_year` has the shapes of `outcomes` and `change_vs_plan`; its figures are the first year's, checked
    against the engine's per-run totals by hand."""
    from budget.demo import demo_plan
    from scenarios.engine import run
    from scenarios.outcomes import OUTCOMES
    from scenarios.schema import parse_scenario

    move = tmp_path / "move.yaml"
    move.write_text(MOVE, encoding="utf-8")
    code, out, _ = bcf(capsys, "run", str(move), "--runs", "200", "--seed", "5", "--json")
    h = json.loads(out)
    y = h["in_plan_year"]
    assert y["year"] == h["years"][0] == h["plan_year"]
    assert set(y["outcomes"]) == set(h["outcomes"]) and set(y["change_vs_plan"]["outcomes"]) == set(
        h["change_vs_plan"]["outcomes"])
    assert y["change_vs_plan"]["reference"] == h["change_vs_plan"]["reference"]
    assert y["outcomes"] == h["by_year"][h["years"][0]]
    import yaml

    scenario = parse_scenario(yaml.safe_load(MOVE))
    results = run(scenario.model_copy(update={"runs": 200, "seed": 5}), demo_plan())
    k = OUTCOMES.index("emergency_admissions_avoided")
    first = results.totals[:, 0, k] - results.reference_totals[:, 0, k]
    whole = (results.totals[:, :, k] - results.reference_totals[:, :, k]).sum(axis=1)
    c = y["change_vs_plan"]["outcomes"]["emergency_admissions_avoided"]
    assert c["p50"] == pytest.approx(np.percentile(first, 50), abs=0.06)
    assert c["probability_better"] == pytest.approx(np.mean(first > 0), abs=1e-4)
    assert h["change_vs_plan"]["outcomes"]["emergency_admissions_avoided"]["p50"] == pytest.approx(
        np.percentile(whole, 50), abs=0.06)


def test_spend_per_outcome_divides_the_spend_on_the_levers_that_produce_it():
    from budget.demo import demo_plan
    from scenarios.engine import run
    from scenarios.schema import Scenario
    from scenarios.summary import summarise

    results = run(Scenario(runs=200, seed=2), demo_plan())
    s = summarise(results)
    for outcome in ("care_home_admissions_avoided", "home_care_hours_saved", "emergency_admissions_avoided"):
        k = results.outcomes.index(outcome)
        producing = [i for i, lv in enumerate(results.levers)
                     if lv in results.modelled_levers and np.any(results.by_lever[:, i, k] != 0)]
        every = [i for i, lv in enumerate(results.levers) if lv in results.modelled_levers]
        assert producing and len(producing) < len(every), outcome  # some levers do not produce it
        spend = results.by_lever[0, producing, results.outcomes.index("spend_gbp")].sum()
        made = np.percentile(results.by_lever[:, producing, k].sum(axis=1), 50)
        assert s.cost_per_outcome[outcome].p50 == pytest.approx(spend / made, rel=1e-9)
