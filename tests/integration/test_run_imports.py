"""What `bcf run` imports: none of the table, workbook, chart, slide, database or app libraries that
other commands and pages need, in a fresh process; the one summary that needs pandas imports it itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "openpyxl", "plotly", "pptx", "sqlalchemy", "streamlit")


@pytest.mark.parametrize("args", [["--runs", "1"], ["--runs", "1", "--json"]])
def test_bcf_run_demo_imports_no_table_workbook_or_chart_library(args):
    code = (
        "import contextlib, io, sys\n"
        "from budget.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['run', 'demo', *{args!r}])\n"
        "assert code == 0 and ('What the whole pool buys' in out.getvalue() or 'net_saving_gbp' in out.getvalue())\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == []


def test_summary_table_still_gives_a_data_frame():
    import pandas as pd

    from budget.demo import demo_plan
    from scenarios.engine import run
    from scenarios.schema import Scenario
    from scenarios.summary import summary_table

    table = summary_table(run(Scenario(name="t", base="demo", runs=20), demo_plan()), by=("year",))
    assert isinstance(table, pd.DataFrame)
    assert {"year", "outcome", "p10", "p50", "p90", "mean", "central"} <= set(table.columns)
