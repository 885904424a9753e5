"""The `bcf` process (budget.console): the same command line as `budget.cli.main`, with the garbage collector paused
while the command starts and its start-up frozen, collecting as usual while the command works, and nothing left for
the interpreter's last collection. Each case runs in a fresh process, as `bcf` does."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

from budget.cli import main

WATCH = (
    "import gc, json, sys\n"
    "import budget.cli as cli\n"
    "from budget import console\n"
    "seen = {}\n"
    "run_command = cli.run_command\n"
    "def watched(args):\n"
    "    seen['enabled_while_running'] = gc.isenabled()\n"
    "    seen['frozen_at_start'] = gc.get_freeze_count()\n"
    "    seen['tracked_at_start'] = len(gc.get_objects())\n"
    "    return run_command(args)\n"
    "cli.run_command = watched\n"
    "before = gc.get_freeze_count()\n"
    "code = console.main(sys.argv[1:])\n"
    "seen.update(code=code, frozen_before=before, enabled_after=gc.isenabled(),\n"
    "            tracked_after=len(gc.get_objects()))\n"
    "sys.stderr.write(json.dumps(seen) + '\\n')\n"
)


def _watched(*args: str) -> tuple[subprocess.CompletedProcess, dict]:
    p = subprocess.run([sys.executable, "-c", WATCH, *args], capture_output=True, text=True, timeout=300)
    return p, json.loads(p.stderr.strip().splitlines()[-1])


def test_start_up_is_frozen_and_the_command_runs_with_collection_on():
    p, seen = _watched("run", "demo", "--runs", "1", "--json")
    assert seen["code"] == 0, p.stderr
    assert json.loads(p.stdout)["runs"] == 1
    assert seen["frozen_before"] == 0
    assert seen["enabled_while_running"] is True  # a long command frees its garbage as usual
    # the modules, classes and parser made while starting are frozen: thousands of objects, never walked again
    assert seen["frozen_at_start"] > 10_000
    assert seen["tracked_at_start"] < seen["frozen_at_start"]
    # and when the command returns, what it made is frozen too: the last collection walks nothing
    assert seen["enabled_after"] is True
    assert seen["tracked_after"] == 0


def test_help_and_usage_errors_leave_the_same_codes():
    p, seen = _watched()
    assert seen["code"] == 2 and "usage: bcf" in p.stdout
    assert "enabled_while_running" not in seen  # nothing to run
    p, seen = _watched("--help")
    assert seen["code"] == 0 and "usage: bcf" in p.stdout
    p, seen = _watched("run", "demo", "--runs", "nought")
    assert seen["code"] == 2 and "--runs" in p.stderr
    p, seen = _watched("run", "no-such-file.xlsx")
    assert seen["code"] == 2 and "error:" in p.stderr and "Traceback" not in p.stderr
    assert seen["enabled_after"] is True


def test_the_process_prints_what_main_prints():
    """`python -m budget` (the console) and `budget.cli.main` in this process print the same bytes."""
    args = ["run", "demo", "--runs", "300", "--seed", "7", "--json"]
    p = subprocess.run([sys.executable, "-m", "budget", *args], capture_output=True, text=True, timeout=300)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(args)
    assert p.returncode == code == 0, p.stderr
    assert p.stdout == out.getvalue()
