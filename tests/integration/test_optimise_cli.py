import json
import subprocess
import sys

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
