"""What `bcf run` imports: none of the table, workbook, chart, slide, database or app libraries that
other commands and pages need, nor SciPy (the draws use scenarios.normal_quantile), nor any other command's
module, in a fresh process; the one summary that needs pandas imports it itself. Nor, for the demo, the YAML
parser (the package's YAML is read through its JSON form), NumPy's masked arrays (the percentiles are worked out
by scenarios.stats), the actuals (the demo's plan alone) or importlib.metadata (the command is found in the
distribution's own record). And it builds no pydantic validator: the demo plan, the reference data and the
assumption library are the package's own checked data (budget.trusted), and `--runs` is checked by its type's own
checks called directly."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "openpyxl", "plotly", "pptx", "sqlalchemy", "streamlit", "scipy")
NOT_NEEDED = ("yaml", "numpy.ma", "numpy.polynomial", "budget.actuals", "budget.readers", "importlib.metadata")
# the package's model classes whose validator has been built, printed on one line
BUILT = ("def built(c):\n"
         "    done = [c] if c.__dict__.get('__pydantic_complete__') else []\n"
         "    return done + [m for s in c.__subclasses__() for m in built(s)]\n"
         "from pydantic import BaseModel\n"
         "ours = [c for c in built(BaseModel) if c.__module__.split('.')[0] in ('budget', 'scenarios')]\n"
         "print(' '.join(c.__name__ for c in ours))\n")


@pytest.mark.parametrize("args", [["--runs", "1"], ["--runs", "1", "--json"]])
def test_bcf_run_demo_imports_no_table_workbook_chart_or_scipy_library(args):
    code = (
        "import contextlib, io, sys\n"
        "from budget.console import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['run', 'demo', *{args!r}])\n"
        "assert code == 0 and ('What the whole pool buys' in out.getvalue() or 'net_saving_gbp' in out.getvalue())\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
        f"print(' '.join(m for m in {NOT_NEEDED!r} if m in sys.modules))\n"
        + BUILT +
        "from importlib.metadata import entry_points\n"
        "print(' '.join(ep.module for ep in entry_points(group='bcf.commands') if ep.module in sys.modules))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    heavy, not_needed, built, commands = p.stdout.split("\n")[:4]
    assert heavy.split() == []
    assert not_needed.split() == []
    assert built.split() == []  # no model's validator was built
    assert commands.split() == ["scenarios.cli.run"]  # the command's own module, no other


def test_summary_table_still_gives_a_data_frame():
    import pandas as pd

    from budget.demo import demo_plan
    from scenarios.engine import run
    from scenarios.schema import Scenario
    from scenarios.summary import summary_table

    table = summary_table(run(Scenario(name="t", base="demo", runs=20), demo_plan()), by=("year",))
    assert isinstance(table, pd.DataFrame)
    assert {"year", "outcome", "p10", "p50", "p90", "mean", "central"} <= set(table.columns)


def test_bcf_track_imports_its_own_command_and_no_chart_slide_or_app_library(tmp_path):
    from budget.demo import demo_actuals_bytes

    path = tmp_path / "actuals.xlsx"
    path.write_bytes(demo_actuals_bytes())
    code = (
        "import contextlib, io, sys\n"
        "from budget.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['track', 'demo', '--actuals', {str(path)!r}, '--runs', '1', '--json'])\n"
        "assert code == 0 and 'planned_to_date' in out.getvalue()\n"
        "print(' '.join(m for m in ('plotly', 'pptx', 'streamlit', 'scipy', 'pandas', 'sqlalchemy') "
        "if m in sys.modules))\n"
        "from importlib.metadata import entry_points\n"
        "print(' '.join(ep.module for ep in entry_points(group='bcf.commands') if ep.module in sys.modules))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    heavy, commands = p.stdout.split("\n")[:2]
    assert heavy.split() == []
    assert commands.split() == ["scenarios.cli.track"]


@pytest.mark.parametrize("own", [None, "2"])
def test_bcf_starts_numpy_without_openblas_threads_unless_a_person_sets_them(own):
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if own:
        env["OPENBLAS_NUM_THREADS"] = own
    code = ("import contextlib, io, os\n"
            "from budget.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert main(['run', 'demo', '--runs', '1', '--json']) == 0\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'])\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == (own or "1")
