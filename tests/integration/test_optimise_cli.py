import json
import subprocess
import sys

import pytest

KEYS = {"objective", "baseline_total_spend", "optimised_total_spend", "baseline_admissions_avoided_p50",
        "optimised_admissions_avoided_p50", "baseline_net_saving_p50", "optimised_net_saving_p50", "allocation"}


def bcf(*args):
    return subprocess.run([sys.executable, "-m", "budget", *args], capture_output=True, text=True, timeout=300)


def test_optimise_json_keys_and_figures():
    p = bcf("optimise", "demo", "--json", "--runs", "500", "--search-runs", "100", "--max-change", "20")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert KEYS <= set(out)
    assert out["optimised_total_spend"] == out["baseline_total_spend"]
    assert out["optimised_admissions_avoided_p50"] >= out["baseline_admissions_avoided_p50"]
    for lever, a in out["allocation"].items():
        assert abs(a["after"] - a["before"]) <= 0.2 * a["before"] + 0.01, lever
    again = bcf("optimise", "demo", "--json", "--runs", "500", "--search-runs", "100", "--max-change", "20")
    assert again.stdout == p.stdout  # reproducible


def test_optimise_refuses_bad_options():
    p = bcf("optimise", "demo", "--max-change", "150")
    assert p.returncode == 2 and p.stderr.startswith("error: ")


def test_optimise_per_locality_with_locality_and_lever_bounds():
    base = json.loads(bcf("optimise", "demo", "--json", "--runs", "300", "--search-runs", "100").stdout)
    assert base["per_locality"] is True
    grew = max(base["spend_by_locality"], key=lambda k: base["spend_by_locality"][k]["after"]
               - base["spend_by_locality"][k]["before"])
    today = base["spend_by_locality"][grew]["before"]
    assert base["spend_by_locality"][grew]["after"] > today + 1_000
    # Riverside kept to at least 94% of today's spend there; carers to no more than today's
    riverside = round(0.94 * base["spend_by_locality"]["Riverside"]["before"])
    carers = round(base["allocation"]["carers"]["before"])
    p = bcf("optimise", "demo", "--json", "--runs", "300", "--search-runs", "100",
            "--locality-max", f"{grew}={today + 1000:.0f}", "--locality-min", f"Riverside=£{riverside:,}",
            "--lever-max", f"carers={carers:,}")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["spend_by_locality"][grew]["after"] <= today + 1000 + 1
    assert out["spend_by_locality"]["Riverside"]["after"] >= riverside - 1
    assert out["allocation"]["carers"]["after"] <= carers + 1
    cells = out["allocation_by_locality"]
    assert {"Riverside", "Area-wide"} <= set(cells)
    for lever, a in out["allocation"].items():  # the cells add up to the lever
        assert sum(c[lever]["after"] for c in cells.values() if lever in c) == pytest.approx(a["after"], abs=1.0)


def test_optimise_by_lever_only():
    out = json.loads(bcf("optimise", "demo", "--json", "--runs", "200", "--search-runs", "100",
                         "--no-per-locality").stdout)
    assert out["per_locality"] is False and out["allocation_by_locality"] == {}
    assert out["optimised_admissions_avoided_p50"] >= out["baseline_admissions_avoided_p50"]


@pytest.mark.parametrize("args, message", [
    (["--locality-min", "Riverside"], "expects NAME=AMOUNT"),
    (["--locality-max", "Riverside=lots"], "'lots' is not an amount in pounds"),
    (["--locality-min", "Atlantis=5"], "'Atlantis' is not one of the plan's localities"),
    (["--locality-min", "Riverside=7000000", "--locality-max", "Riverside=6000000"], "is above its maximum"),
    (["--lever-min", "carers=9000000"], "exclude today's spend"),
    (["--lever-max", "magic=5"], "'magic' is not a lever"),
])
def test_optimise_bad_bounds_are_plain_errors(args, message):
    p = bcf("optimise", "demo", "--runs", "50", "--search-runs", "50", *args)
    assert p.returncode == 2 and p.stderr.startswith("error: ") and message in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


def _one_error_line(p) -> str:
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and "unexpected" not in p.stderr, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr
    return lines[0]


def test_an_unknown_lock_is_refused_naming_the_nearest_schemes():
    line = _one_error_line(bcf("optimise", "demo", "--runs", "50", "--search-runs", "50", "--lock", "NB99"))
    assert "NB99" in line and "NB09" in line, line


def test_a_lock_in_another_case_locks_that_scheme_and_says_so():
    exact = json.loads(
        bcf("optimise", "demo", "--json", "--runs", "100", "--search-runs", "50", "--lock", "NB01").stdout
    )
    p = bcf("optimise", "demo", "--json", "--runs", "100", "--search-runs", "50", "--lock", "nb01")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["locked"] == ["NB01"] and out["allocation"] == exact["allocation"]
    text = bcf("optimise", "demo", "--runs", "100", "--search-runs", "50", "--lock", "nb01")
    assert text.returncode == 0 and "nb01" in text.stdout and "NB01" in text.stdout


@pytest.mark.parametrize("args, option", [
    (["--runs", "0"], "--runs"),
    (["--runs", "-5"], "--runs"),
    (["--search-runs", "0"], "--search-runs"),
    (["--seed", "-3"], "--seed"),
    (["--seed", str(2**64)], "--seed"),
])
def test_optimise_runs_and_seed_out_of_range_are_one_sentence(args, option):
    line = _one_error_line(bcf("optimise", "demo", "--runs", "50", "--search-runs", "50", *args))
    assert option in line, line
