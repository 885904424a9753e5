"""The `bcf` command as a user runs it: real processes, real files, exit codes and JSON keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.integration.commands import assert_clean_failure, bcf


def test_load_demo_json_has_the_documented_keys():
    p = bcf("load", "demo", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["kind"] == "input-template"
    assert out["year"] == "2026-27"
    assert {"kind", "year", "areas", "total_income", "total_expenditure", "warnings"} <= set(out)
    (area,) = out["areas"]
    assert {"code", "name", "income", "total_income", "total_expenditure", "lines"} <= set(area)
    assert 100 <= area["lines"] <= 150
    assert area["total_income"] == pytest.approx(sum(area["income"].values()), abs=0.01)
    assert out["total_expenditure"] <= out["total_income"]


def test_load_allocations_json_totals_match_what_was_written(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Allocations"
    ws["A1"] = "BCF allocations 2025-26"
    ws.append([])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution (£)", "Local Authority Better Care Grant (£)",
               "Disabled Facilities Grant (£)"])
    rows = [("E06000001", "Hartlepool", 12_000_000.0, "£5,500,000.50", 1_200_000),
            ("E09000011", "Greenwich", "21,000,000", 9_750_000.25, "NA"),
            ("E10000014", "Hampshire", 98_000_000.0, 40_000_000.0, 11_000_000.0)]
    for r in rows:
        ws.append(list(r))
    ws.append(["", "Total", 131_000_000, 55_250_000.75, 12_200_000])
    path = tmp_path / "alloc.xlsx"
    wb.save(path)
    p = bcf("load", str(path), "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["kind"] == "allocations" and out["year"] == "2025-26"
    by_code = {a["code"]: a for a in out["areas"]}
    assert set(by_code) == {"E06000001", "E09000011", "E10000014"}
    assert by_code["E06000001"]["total_income"] == pytest.approx(12_000_000 + 5_500_000.50 + 1_200_000)
    assert by_code["E09000011"]["income"]["nhs_minimum"] == pytest.approx(21_000_000)
    assert "dfg" not in by_code["E09000011"]["income"] or by_code["E09000011"]["income"]["dfg"] == 0
    expected_total = (
        12_000_000 + 5_500_000.50 + 1_200_000 + 21_000_000 + 9_750_000.25 + 98_000_000 + 40_000_000 + 11_000_000
    )
    assert out["total_income"] == pytest.approx(expected_total)  # the totals row is not added again
    # the totals row agrees with the areas above it, stream by stream: recognised quietly
    assert not any("total" in w["message"].lower() for w in out["warnings"])


def test_check_demo_passes_with_only_deliberate_ambers():
    p = bcf("check", "demo", "--json")
    assert p.returncode == 0, p.stdout + p.stderr
    out = json.loads(p.stdout)
    assert out["red"] == 0
    assert 1 <= out["amber"] <= 2
    text = bcf("check", "demo")
    assert text.returncode == 0 and "AMBER" in text.stdout and "RED" not in text.stdout


def test_check_exits_1_when_a_rule_is_red(tmp_path):
    from budget.demo import demo_plan
    from budget.template import write_input_template

    plan = demo_plan()
    first = plan.lines[0]
    # spend far more than the pool on one line: spend by source exceeds income by source
    bigger = first.model_copy(update={"amount": plan.total_income * 2})
    bad = plan.model_copy(update={"lines": (bigger, *plan.lines[1:])})
    path = tmp_path / "overspent.xlsx"
    write_input_template(path, year=plan.year, plan=bad)
    p = bcf("check", str(path), "--json")
    assert p.returncode == 1, p.stderr
    assert json.loads(p.stdout)["red"] >= 1


def test_template_and_demo_commands_write_readable_workbooks(tmp_path):
    out = tmp_path / "t.xlsx"
    p = bcf("template", "--year", "2025/26", "--out", str(out))
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    assert {"Guidance", "Cover", "Income", "Expenditure", "Localities"} <= set(wb.sheetnames)
    p = bcf("demo", "--out", str(tmp_path / "demo"))
    assert p.returncode == 0, p.stderr
    written = sorted((tmp_path / "demo").glob("*.xlsx"))
    assert [p.name for p in written] == ["demo_area.xlsx", "demo_area_actuals.xlsx"]
    loaded = json.loads(bcf("load", str(written[0]), "--json").stdout)
    demo = json.loads(bcf("load", "demo", "--json").stdout)
    assert loaded["total_income"] == demo["total_income"]
    assert loaded["total_expenditure"] == demo["total_expenditure"]


@pytest.mark.parametrize("name,content,expected", [
    ("missing.xlsx", None, "no such file"),
    ("plan.csv", b"a,b\n1,2\n", ".xlsx"),
    ("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xlsx"),
    ("plan.xlsx", b"", "empty"),
    ("plan.xlsx", b"<html><body>not a workbook</body></html>", "xlsx"),
])
def test_bad_input_gives_error_lines_and_exit_2(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    p = bcf("load", str(path))
    assert_clean_failure(p)
    assert expected.lower() in p.stderr.lower()
    assert name in p.stderr


def test_template_refuses_unknown_year_and_wrong_suffix(tmp_path):
    assert_clean_failure(bcf("template", "--year", "2019-20", "--out", str(tmp_path / "t.xlsx")))
    assert_clean_failure(bcf("template", "--year", "2025-26", "--out", str(tmp_path / "t.csv")))
    assert_clean_failure(bcf("template", "--year", "soon", "--out", str(tmp_path / "t.xlsx")))


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "bcf"
    assert exe.exists()
    p = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "load" in p.stdout and "check" in p.stdout
