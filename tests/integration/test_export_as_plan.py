"""`bcf export --as-plan`: the submission copy of a scenario made the plan, whose Expenditure, Checklist and Capacity
sheets describe the same plan, the one the model gave the scenario."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest
import yaml

from budget.demo import demo_plan
from budget.export import template_plan
from budget.rules import check
from scenarios.capacity import capacity_plan
from scenarios.make_plan import make_plan
from scenarios.schema import load_scenario
from scenarios.spend import spend_by_lever
from tests.integration.sheets import table_rows

CHANGES = [
    {
        "kind": "move",
        "from": {"lever": "integrated_locality_teams"},
        "to": {"lever": "care_home_support"},
        "amount_gbp": 1_000_000,
    },
    # carers in Southbay have no New line: the money moved makes new lines, one per funding stream
    {
        "kind": "move",
        "from": {"lever": "reablement"},
        "to": {"lever": "carers", "locality": "Southbay"},
        "amount_gbp": 200_000,
    },
    {
        "kind": "add_line",
        "scheme_id": "NEW1",
        "scheme_name": "Strength and balance classes",
        "lever": "falls_prevention",
        "amount_gbp": 30_000,
        "locality": "Riverside",
    },
]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("as_plan")
    source = folder / "option.yaml"
    source.write_text(yaml.safe_dump({"name": "Option B", "base": "demo", "changes": CHANGES}), encoding="utf-8")
    out = {}
    for flag in ("--as-plan", None):
        target = folder / ("as_plan.xlsx" if flag else "plain.xlsx")
        p = subprocess.run([sys.executable, "-m", "budget", "export", str(source), "--xlsx", str(target), "--runs",
                            "100", *([flag] if flag else [])], capture_output=True, text=True, timeout=180)
        assert p.returncode == 0, p.stderr
        out[flag] = (p.stdout, openpyxl.load_workbook(target))
    return load_scenario(source), out


def expenditure(wb) -> list[dict]:
    header, rows = table_rows(wb["Expenditure"], "Scheme ID")
    return [dict(zip(header, r, strict=False)) for r in rows if r[0] != "Total"]


def checklist(wb) -> dict[str, tuple]:
    _, rows = table_rows(wb["Checklist"], "Status")
    return {r[1]: r for r in rows}


def test_the_expenditure_sheet_holds_the_scenarios_spend(written):
    scenario, out = written
    stdout, wb = out["--as-plan"]
    assert "made the scenario the plan: 30 lines changed, 3 lines added, 0 lines removed" in stdout
    lines = expenditure(wb)
    want = sum(spend_by_lever(demo_plan(), scenario).values())
    assert sum(x["Expenditure (£)"] for x in lines) == pytest.approx(want, abs=0.01)
    assert want == pytest.approx(demo_plan().total_expenditure + 30_000)
    names = {x["Scheme ID"]: x for x in lines}
    assert names["NEW1"]["Expenditure (£)"] == 30_000 and names["NEW1"]["New/Existing Scheme"] == "New"
    assert {x["Scheme ID"] for x in lines if x["Scheme Type"] == "Carers Services"} >= {"NB52", "NB53"}
    # without --as-plan the sheet holds the plan's own lines, and the Cover says the changes are not in it
    _, plain = out[None]
    assert sum(x["Expenditure (£)"] for x in expenditure(plain)) == pytest.approx(demo_plan().total_expenditure)
    cover = " ".join(str(c.value) for row in plain["Cover"].iter_rows() for c in row if c.value)
    assert "Make this the plan" in cover
    cover = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    assert "not in the Expenditure" not in cover


def test_the_checklist_checks_the_rewritten_lines(written):
    scenario, out = written
    wb = out["--as-plan"][1]
    rows = checklist(wb)
    made = demo_plan().model_copy(update={"lines": make_plan(demo_plan(), scenario).lines})
    for f in check(template_plan(made)):
        assert rows[f.title][0] == f.severity.capitalize() and rows[f.title][2] == f.message, f.title
    # the new carers lines have no planned outputs yet, and the Checklist says so beside the plan's own gap (NB32)
    missing = rows["Planned outputs missing"]
    assert missing[0] == "Amber" and all(sid in missing[2] for sid in ("NB52", "NB53", "NB32"))
    assert "NB52" not in checklist(out[None][1])["Planned outputs missing"][2]
    # the pool: the added line spends £30,000 of the £40,000 the plan's own lines left unallocated
    assert rows["Part of the pool is unallocated"][2].startswith("£10,000 of the £49,346,200 pool")


def test_the_capacity_sheet_is_the_new_plans(written):
    scenario, out = written
    wb = out["--as-plan"][1]
    made = make_plan(demo_plan(), scenario)
    new_plan = demo_plan().model_copy(update={"lines": made.lines})
    cap = capacity_plan(new_plan, submission=scenario.submission,
                        scenario=scenario.model_copy(update={"changes": made.kept}))
    _, rows = table_rows(wb["Capacity and demand"], "Pathway or service")
    got = {(r[0], r[1]): r[14] for r in rows}
    for f in cap.flows().values():
        assert got[(f.label, "Capacity")] == pytest.approx(sum(f.capacity), abs=0.051)
