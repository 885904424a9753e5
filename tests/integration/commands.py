"""The `bcf` command run as a user runs it, in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BCF = [sys.executable, "-m", "budget"]


def bcf(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`bcf ARGS` run as a user runs it, in its own process; what it printed and its exit code."""
    return subprocess.run([*BCF, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def assert_clean_failure(p: subprocess.CompletedProcess) -> None:
    """The command failed as a user's mistake: exit code 2, only `error:` lines, no traceback."""
    assert p.returncode == 2, p
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert lines and all(ln.startswith("error: ") for ln in lines), p.stderr
