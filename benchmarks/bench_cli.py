"""Start-up of the `bcf` command line, whole process, as ratios against baselines measured in the same
run (issue "Fast command line"):

* cold `bcf run demo --runs 1 --json`: target <= 0.3 s on a quiet machine (issue "Run it for a team", item 4),
  beside a cold `python -c pass` and a cold `python -c "import numpy"` (the least any run of the model can cost);
  the text output, target <= 1.0 s;
* `bcf run demo --runs 10000` less `bcf run demo --runs 1`: the cost of the runs themselves, target
  <= 1.5 s more;
* which heavy libraries the `bcf run` path imports (none of pandas, openpyxl, plotly, SciPy is needed).

Each figure is the median of several fresh processes, the commands taken in turn within each round so
that a machine that slows down part-way slows every command alike. Output goes to a pipe and is
discarded. The processes may write compiled bytecode (PYTHONDONTWRITEBYTECODE is left out of their
environment), as a user's installation does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Row

ROUNDS = 7
ROUNDS_10K = 3
HEAVY = ("pandas", "openpyxl", "plotly", "pptx", "sqlalchemy", "streamlit", "scipy")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
JSON_TARGET_S = 0.3


def bcf_command() -> list[str]:
    """The `bcf` console script beside this interpreter, else `python -m budget` (the same entry point)."""
    script = Path(sys.executable).with_name("bcf")
    return [str(script)] if script.exists() else [sys.executable, "-m", "budget"]


def _once(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, env=ENV)
    return time.perf_counter() - t0


def cold_medians(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """Median seconds of each command as a fresh process, after one unmeasured run of each (which
    leaves compiled bytecode and the files in the page cache, as on any second use)."""
    for cmd in commands.values():
        _once(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, cmd in commands.items():
            times[name].append(_once(cmd))
    return {name: statistics.median(ts) for name, ts in times.items()}


def imported_on_run_path() -> list[str]:
    """The heavy libraries in sys.modules after `bcf run demo --runs 1`, in a fresh process."""
    code = ("import contextlib, io, sys\n"
            "from budget.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['run', 'demo', '--runs', '1'])\n"
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return out.split()


def rows() -> list[Row]:
    bcf = bcf_command()
    t = cold_medians({
        "pass": [sys.executable, "-c", "pass"],
        "numpy": [sys.executable, "-c", "import numpy"],
        "run1": [*bcf, "run", "demo", "--runs", "1"],
        "run1_json": [*bcf, "run", "demo", "--runs", "1", "--json"],
    }, ROUNDS)
    big = cold_medians({"run1": [*bcf, "run", "demo", "--runs", "1"],
                        "run10k": [*bcf, "run", "demo", "--runs", "10000"]}, ROUNDS_10K)
    extra = big["run10k"] - big["run1"]
    heavy = imported_on_run_path()
    return [
        Row("cold `bcf run demo --runs 1` (whole process)", t["run1"], "cold python -c pass", t["pass"],
            "<= 1.0 s", t["run1"] <= 1.0),
        Row("cold `bcf run demo --runs 1` (whole process)", t["run1"], "cold python -c 'import numpy'", t["numpy"],
            "<= 1.0 s", t["run1"] <= 1.0),
        Row("cold `bcf run demo --runs 1 --json` (whole process)", t["run1_json"], "cold python -c pass", t["pass"],
            f"<= {JSON_TARGET_S} s", t["run1_json"] <= JSON_TARGET_S),
        Row("cold `bcf run demo --runs 1 --json` (whole process)", t["run1_json"], "cold python -c 'import numpy'",
            t["numpy"], f"<= {JSON_TARGET_S} s", t["run1_json"] <= JSON_TARGET_S),
        Row("`bcf run demo --runs 10000` less `--runs 1`", extra, "cold `bcf run demo --runs 1`", big["run1"],
            "<= 1.5 s more", extra <= 1.5),
        Row("heavy libraries imported by `bcf run`", 0.0, text=" ".join(heavy) or "none",
            limit=f"none of {', '.join(HEAVY)}", ok=not heavy),
    ]


if __name__ == "__main__":
    for r in rows():
        print(r.line())
