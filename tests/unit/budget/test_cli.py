"""Unit tests of budget/cli.py: `bcf load`, `check`, `template`, `demo`, the parser and errors as sentences."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from budget.cli import LISTED_COMMANDS, UserError, build_parser, load_to_json, main, print_json
from budget.demo import demo_plan
from budget.money import gbp
from budget.readers.source import read_source
from tests.integration.builders import GOOD_INCOME_TOTAL, GOOD_TOTAL, plan_workbook, save


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(save(plan_workbook()))
    return path


def test_user_error_keeps_its_messages():
    assert UserError("a", "b").messages == ("a", "b") and str(UserError("a", "b")) == "a; b"
    assert UserError().messages == ("failed",)


def test_print_json_keeps_non_ascii_and_refuses_nan(capsys):
    print_json({"name": "Café", "n": 1.5})
    out = capsys.readouterr().out
    assert json.loads(out) == {"name": "Café", "n": 1.5}
    assert "Café" in out and out.endswith("}\n")
    for bad in (float("nan"), float("inf")):
        with pytest.raises(UserError, match="not a finite number"):
            print_json({"x": bad})
        assert capsys.readouterr().out == ""


def test_load_to_json_of_a_plan(plan_file):
    got = load_to_json(read_source(str(plan_file)))
    assert (got["file"], got["kind"], got["year"], got["years"]) == ("plan.xlsx", "plan", "2025-26", ["2025-26"])
    (area,) = got["areas"]
    assert (area["code"], area["lines"], area["localities"]) == ("E06000001", 3, 0)
    assert area["total_expenditure"] == GOOD_TOTAL and area["total_income"] == GOOD_INCOME_TOTAL
    assert sorted(area["income"].values()) == [400_000, 900_000, 1_500_000]
    assert got["total_income"] == GOOD_INCOME_TOTAL


def test_bcf_load_prints_what_was_read(plan_file, capsys):
    assert main(["load", str(plan_file)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "plan.xlsx: plan workbook for 2025-26, 1 area"
    spent = gbp(GOOD_TOTAL)  # the commands write money with budget.money.gbp
    assert out[1] == f"  E06000001 Hartlepool: income £2,800,000, expenditure {spent} on 3 lines"
    assert f"Total income £2,800,000; total expenditure {spent}" in out


def test_bcf_load_json(plan_file, capsys):
    assert main(["load", str(plan_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["areas"][0]["code"] == "E06000001"


def test_bcf_load_limits_the_areas_listed(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BCF allocations 2025-26"])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution", "Disabled Facilities Grant"])
    for i in range(1, 4):
        ws.append([f"E0600000{i}", f"Area {i}", 100 * i, 10])
    path = tmp_path / "alloc.xlsx"
    wb.save(path)
    assert main(["load", str(path), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "  ... and 2 more areas" in out


def test_a_missing_file_is_an_error_line_with_exit_2(tmp_path, capsys):
    missing = tmp_path / "none.xlsx"
    assert main(["load", str(missing)]) == 2
    assert capsys.readouterr().err == f"error: {missing}: no such file\n"


def test_a_workbook_that_is_not_bcf_is_an_error_line(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Phone"])
    path = tmp_path / "contacts.xlsx"
    wb.save(path)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: contacts.xlsx") and "not a BCF workbook" in err and "Traceback" not in err


def test_bcf_check_exits_one_on_a_red_finding(tmp_path, capsys):
    over = [list(x) for x in plan_workbook().worksheets[2].iter_rows(min_row=4, values_only=True)]
    over[0][11] = 10_000_000  # far more Minimum NHS Contribution spend than income
    path = tmp_path / "over.xlsx"
    path.write_bytes(save(plan_workbook(lines=over)))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "E06000001 Hartlepool (2025-26)" and "RED  " in out
    # each finding by its title, as the app shows it, not its rule's id ("spend-within-income:nhs_minimum")
    assert "RED   Minimum NHS Contribution: spend exceeds income — planned spend" in out
    assert not re.search(r"\b[a-z]+(?:[_:-][a-z0-9]+)+\b:", out), out


def test_bcf_check_json_counts(plan_file, capsys):
    code = main(["check", str(plan_file), "--json"])
    got = json.loads(capsys.readouterr().out)
    n = sum(len(a["findings"]) for a in got["areas"])
    assert got["red"] + got["amber"] + got["green"] == n
    assert code == (1 if got["red"] else 0)


def test_bcf_template_refusals(tmp_path, capsys):
    assert main(["template", "--year", "2019-20", "--out", str(tmp_path / "t.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("error: no reference data for 2019-20; choose one of ")
    assert main(["template", "--year", "2025-26", "--out", str(tmp_path / "t.csv")]) == 2
    assert capsys.readouterr().err == (f"error: {tmp_path / 't.csv'}: the template is an Excel workbook; give a "
                                       "name ending .xlsx\n")
    assert main(["template", "--year", "soon", "--out", str(tmp_path / "t.xlsx")]) == 2
    assert "not a financial year" in capsys.readouterr().err


def test_bcf_template_writes_a_workbook(tmp_path, capsys):
    out = tmp_path / "sub" / "t.xlsx"
    assert main(["template", "--year", "2025/26", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out} (BCF Planner input template, 2025-26)\n"
    assert openpyxl.load_workbook(out).sheetnames


def test_bcf_template_actuals_writes_the_blank_actuals_workbook(tmp_path, capsys):
    out = tmp_path / "a.xlsx"
    assert main(["template", "--actuals", "--year", "2025-26", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out} (BCF Planner actuals workbook, 2025-26)\n"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Guidance", "Cover", "Spend", "Metrics"] and wb["Cover"]["B6"].value == "2025-26"
    assert main(["template", "--actuals", "--year", "2025-26", "--out", str(tmp_path / "a.csv")]) == 2


def test_bcf_template_sus_writes_the_blank_sus_sheet_that_reads_back_empty(tmp_path, capsys):
    from budget.demo import demo_plan
    from budget.readers.actuals_files import read_actuals_files

    out = tmp_path / "sus.xlsx"
    assert main(["template", "--sus", "--year", "2026-27", "--out", str(out)]) == 0
    assert capsys.readouterr().out == (f"wrote {out} (BCF Planner SUS sheet of emergency admissions of people aged "
                                       "65+, 2026-27)\n")
    ws = openpyxl.load_workbook(out)["SUS"]
    assert [ws.cell(r, 1).value for r in (9, 20)] == ["Apr 2026", "Mar 2027"]
    assert read_actuals_files([out], plan=demo_plan()).metrics == ()
    assert main(["template", "--sus", "--actuals", "--year", "2026-27", "--out", str(tmp_path / "b.xlsx")]) == 2
    assert "not both" in capsys.readouterr().err and not (tmp_path / "b.xlsx").exists()


def test_usage_errors_exit_2_and_help_exits_0(capsys):
    assert main([]) == 2
    assert main(["load"]) == 2
    assert main(["--help"]) == 0
    assert "usage: bcf" in capsys.readouterr().out


def test_parser_lists_registered_commands_in_order():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = list(sub.choices)
    assert names[:4] == ["load", "check", "template", "demo"]
    listed = [n for n in names if n in LISTED_COMMANDS]
    assert listed == [n for n in LISTED_COMMANDS if n in names]


def _commands(parser) -> list[str]:
    return list(next(a for a in parser._actions if a.dest == "command").choices)


def test_parser_for_one_command_registers_only_that_command():
    everything = _commands(build_parser())
    assert "run" in everything and "export" in everything
    assert _commands(build_parser("run")) == ["load", "check", "template", "demo", "run"]
    assert _commands(build_parser("load")) == ["load", "check", "template", "demo"]
    assert _commands(build_parser("no-such-command")) == everything  # so the usage error lists every choice
    assert _commands(build_parser(None)) == everything


def test_a_command_of_bcf_planners_own_is_found_without_scanning_every_installed_distribution(monkeypatch):
    import budget.cli

    def no_scan():
        raise AssertionError("every installed distribution scanned")

    monkeypatch.setattr(budget.cli, "_all_commands", no_scan)
    for name in LISTED_COMMANDS:
        assert _commands(build_parser(name)) == ["load", "check", "template", "demo", name]


def test_without_its_own_distribution_installed_a_command_is_found_by_the_scan(monkeypatch):
    import budget.cli

    monkeypatch.setattr(budget.cli, "DISTRIBUTION", "no-such-distribution-of-bcf")
    assert _commands(build_parser("run")) == ["load", "check", "template", "demo", "run"]
    assert _commands(build_parser(None)) == _commands(build_parser("no-such-command"))


def test_an_unknown_command_is_a_usage_error_listing_the_commands(capsys):
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'no-such-command'" in err and "export" in err and "run" in err


def test_demo_source_loads(capsys):
    assert main(["load", "demo"]) == 0
    assert demo_plan().area.code in capsys.readouterr().out


def test_output_names_are_checked_against_their_kind():
    from budget.cli import check_output_names

    check_output_names((None, ".xlsx", "the report is an Excel workbook"), ("Pack.PPTX", ".pptx", "a deck"))
    with pytest.raises(UserError, match=r"^r\.xls: the report is an Excel workbook; give a name ending \.xlsx$"):
        check_output_names(("r.xlsx", ".xlsx", "first"), ("r.xls", ".xlsx", "the report is an Excel workbook"))


@pytest.mark.parametrize("source", ["demo", "file"])
def test_bcf_template_actuals_for_a_plan_names_its_area_and_every_line_and_reads_back(tmp_path, capsys, plan_file,
                                                                                        source):
    from budget.readers.actuals_files import read_actuals_files

    given = "demo" if source == "demo" else str(plan_file)
    plan = read_source(given).one_plan()
    out = tmp_path / "a.xlsx"
    assert main(["template", "--actuals", "--plan", given, "--out", str(out)]) == 0
    assert capsys.readouterr().out == (f"wrote {out} (BCF Planner actuals workbook, {plan.year}, for {plan.area.name}: "
                                       f"{len(plan.lines)} expenditure line{'s' if len(plan.lines) > 1 else ''} "
                                       "named)\n")
    blank = read_actuals_files([out], plan=plan)
    assert (blank.area_code, blank.year) == (plan.area.code, plan.year)
    assert [(x.scheme_id, x.locality) for x in blank.lines] == [(x.scheme_id, x.locality) for x in plan.lines]
    assert all(x.spend == {} for x in blank.lines)
    from budget.actuals import month_label, months
    from budget.template import HEADER_ROW

    wb = openpyxl.load_workbook(out)  # April's spend typed on every line reads back as that month's spend
    ws = wb["Spend"]
    april = next(c.column for c in ws[HEADER_ROW] if c.value == month_label(months(plan.year)[0]))
    for i in range(1, len(plan.lines) + 1):
        ws.cell(HEADER_ROW + i, april).value = 100 * i
    wb.save(out)
    filled = read_actuals_files([out], plan=plan)
    assert sum(x.spent for x in filled.lines) == 100 * sum(range(1, len(plan.lines) + 1))


def test_bcf_template_sus_for_a_plan_names_its_area(tmp_path, capsys):
    out = tmp_path / "sus.xlsx"
    plan = demo_plan()
    assert main(["template", "--sus", "--plan", "demo", "--out", str(out)]) == 0
    assert capsys.readouterr().out == (f"wrote {out} (BCF Planner SUS sheet of emergency admissions of people aged "
                                       f"65+, {plan.year}, for {plan.area.name})\n")
    ws = openpyxl.load_workbook(out)["SUS"]
    values = [c.value for row in ws.iter_rows(max_row=8) for c in row]
    assert plan.area.name in values and plan.area.code in values and plan.year in values


@pytest.mark.parametrize("args, message", [
    (["--plan", "demo"], "--plan names a plan's area and lines in the actuals workbook or the SUS sheet; give "
                         "--actuals or --sus with it"),
    (["--actuals", "--area", "E06999999"], "--area chooses an area of the workbook given with --plan; give --plan as "
                                           "well"),
    (["--actuals", "--plan", "demo", "--year", "2025-26"], "demo: the plan is for 2026-27, not 2025-26; leave out "
                                                           "--year to use the plan's"),
    (["--actuals", "--plan", "demo", "--area", "E09000001"], "demo: no area E09000001 in this workbook (areas: "
                                                             "E06999999)"),
])
def test_bcf_template_for_a_plan_refuses_what_does_not_fit_with_a_sentence_and_writes_nothing(tmp_path, capsys,
                                                                                            args, message):
    out = tmp_path / "t.xlsx"
    assert main(["template", *args, "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: {message}\n"
    assert not out.exists()
