"""One question, one number: what a scenario's changes are worth is the same figure, labelled the same statistic,
on the Impact page, the Compare page, the board pack `bcf export` writes and `bcf run --json` (same runs, same seed).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from app_ui.keys import KEY_SCENARIO
from scenarios.schema import Scenario
from tests.pages import open_page

RUNS = 200
MOVE = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000}
P50 = re.compile(r"P50\*?\*? ?(−?£[\d,.]+[mk]?)")
BCF = str(Path(sys.executable).parent / "bcf")


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("one_number") / "move.json"
    path.write_text(json.dumps({"name": "Move", "base": "demo", "changes": [MOVE]}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def app_figures() -> dict[str, str]:
    at = open_page("start_page", runs=RUNS)
    current = at.session_state[KEY_SCENARIO]
    at.session_state[KEY_SCENARIO] = current.model_copy(update={"changes": Scenario(name="x", changes=(MOVE,)).changes})
    at.switch_page("app_pages/impact_page.py")
    at.run()
    assert not at.exception
    impact = next(m.value for m in at.markdown if "Net present value of the changes" in m.value)
    seed = at.session_state[KEY_SCENARIO].seed
    at.switch_page("app_pages/compare_page.py")
    at.run()
    assert not at.exception
    frame = at.table[0].value
    row = frame.loc["Net present value of the changes against the plan as submitted"]
    change = next(c for c in frame.columns if "change vs Plan as submitted" in c)  # its colon escaped for Markdown
    return {"impact": impact, "compare": row["Current edit"], "compare_change": row[change], "seed": str(seed)}


def test_impact_compare_board_pack_and_json_give_the_same_p50(app_figures, scenario_file, tmp_path):
    seed = app_figures["seed"]
    figures = {name: P50.search(app_figures[name]).group(1) for name in ("impact", "compare", "compare_change")}
    # the board pack, written by the command line on the same runs and seed
    pptx = tmp_path / "pack.pptx"
    done = subprocess.run([BCF, "export", str(scenario_file), "--pptx", str(pptx), "--runs", str(RUNS), "--seed",
                           seed], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    cells = [cell.text for slide in Presentation(str(pptx)).slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells]
    options = cells[cells.index("Net present value of the changes (P50; chance it pays back)") + 1]
    figures["board pack, options"] = options.split(";")[0]
    payback = cells[cells.index("Runs in which the changes pay back"):]
    figures["board pack, payback"] = payback[payback.index("P50") + 1]
    # the JSON, from the same runs and seed
    done = subprocess.run([BCF, "run", str(scenario_file), "--runs", str(RUNS), "--seed", seed, "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    value = json.loads(done.stdout)["change_vs_plan"]["net_present_value_gbp"]
    from budget.money import gbp_short

    figures["json"] = gbp_short(value["p50"])
    assert len(set(figures.values())) == 1, figures
    assert value["p10"] < value["p50"] < value["p90"]  # a range, not one number repeated


def test_each_figure_says_it_is_the_p50(app_figures):
    for name in ("impact", "compare", "compare_change"):
        assert "P50" in app_figures[name] and "mean" not in app_figures[name].lower(), name
