"""`bcf report`: the quarterly and year-end reports written from the demo and its actuals, figures as `bcf track`'s."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from budget.cli import UserError
from budget.demo import demo_actuals_bytes
from reports.cli_report import quarter_number, register
from scenarios.cli.track import register as register_track
from tests.national_files import ascof_csv, ascof_row, drd_row, drd_workbook
from tests.unit.scenarios.cli.commands import call, call_json, parser_for


@pytest.fixture(scope="module")
def actuals_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("actuals") / "demo_area_actuals.xlsx"
    path.write_bytes(demo_actuals_bytes())
    return path


def test_the_parser():
    args = parser_for(register).parse_args(["report", "demo", "--actuals", "a.xlsx", "--actuals", "b.csv",
                                            "--quarter", "Q2", "--xlsx", "q2.xlsx"])
    assert (args.source, args.actuals, args.quarter, args.year_end, args.xlsx) == (
        "demo", ["a.xlsx", "b.csv"], "Q2", False, "q2.xlsx")


def test_quarters_as_people_write_them():
    assert [quarter_number(q) for q in ("Q1", "q2", " 3 ", "Q 4")] == [1, 2, 3, 4]
    with pytest.raises(UserError, match="'Q5' is not a quarter; give Q1, Q2, Q3 or Q4"):
        quarter_number("Q5")


def test_the_quarterly_report_holds_bcf_tracks_figures(tmp_path, actuals_file, capsys):
    out = tmp_path / "q2.xlsx"
    status, said = call(register, ["report", "demo", "--actuals", str(actuals_file), "--quarter", "Q2", "--xlsx",
                                   str(out), "--runs", "60"], capsys)
    assert status == 0 and said == f"wrote {out} (quarterly report, Q2, Northbrook (illustrative), 2026-27)\n"
    _, j = call_json(register_track, ["track", "demo", "--actuals", str(actuals_file), "--runs", "60", "--to",
                                      "2026-09", "--json"], capsys)
    ws = openpyxl.load_workbook(out)["Spend by funding stream"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Total")
    assert total[1:6] == tuple(j["spend"]["total"][k] for k in ("planned_year", "planned_to_date", "actual_to_date",
                                                                  "variance", "forecast_outturn"))


def test_the_year_end_report_with_a_national_file_beside_the_workbook(tmp_path, actuals_file, capsys):
    drd = tmp_path / "drd.xlsx"
    drd.write_bytes(drd_workbook(dt.date(2026, 10, 1), [drd_row("E06999999", "Northbrook", 900, 90, 720)]))
    ascof = tmp_path / "ascof.csv"
    ascof.write_bytes(ascof_csv([ascof_row("January 2026 to December 2026", "E06999999", "Northbrook", 410, 41_000)]))
    out = tmp_path / "ye.xlsx"
    status, said = call(register, ["report", "demo", "--actuals", str(drd), "--actuals", str(actuals_file),
                                   "--actuals", str(ascof), "--year-end", "--xlsx", str(out), "--runs", "60"], capsys)
    assert status == 0 and "year-end report" in said
    wb = openpyxl.load_workbook(out)
    assert "Income and expenditure" in wb.sheetnames and "Outputs delivered" in wb.sheetnames
    _, j = call_json(register_track, ["track", "demo", "--actuals", str(drd), "--actuals", str(actuals_file),
                                      "--actuals", str(ascof), "--runs", "60", "--to", "2027-03", "--json"], capsys)
    rolling = j["metrics"]["care_home_admissions_65_plus"]["rolling_12_months"]
    ws = wb["Metrics"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("Long-term care-home"))
    assert row[6:8] == ("December 2026", rolling["actual"]) and rolling["to"] == "2026-12"


@pytest.mark.parametrize(("argv", "words"), [
    (["--xlsx", "r.xlsx"], "say which report: --quarter Q1 to Q4, or --year-end"),
    (["--quarter", "Q1", "--year-end", "--xlsx", "r.xlsx"], "say which report"),
    (["--quarter", "Q1", "--xlsx", "r.csv"], "r.csv: the report is an Excel workbook; give a name ending .xlsx"),
    (["--quarter", "Q1"], "say what to write: --xlsx FILE"),
    (["--quarter", "Q1", "--pptx", "p.ppt"], "p.ppt: the board pack is a PowerPoint file; give a name ending .pptx"),
])
def test_a_report_not_said_plainly_is_one_sentence(argv, words, actuals_file, capsys):
    with pytest.raises(UserError, match=words):
        call(register, ["report", "demo", "--actuals", str(actuals_file), *argv], capsys)


def test_the_board_pack_opens_with_the_year_so_far_to_the_quarters_end(tmp_path, actuals_file, capsys, monkeypatch):
    import io

    from pptx import Presentation

    from reports import chart_pictures

    monkeypatch.setattr(chart_pictures, "render_png", lambda *a, **k: None)
    out = tmp_path / "pack.pptx"
    status, said = call(register, ["report", "demo", "--actuals", str(actuals_file), "--quarter", "Q1", "--pptx",
                                   str(out), "--runs", "60"], capsys)
    assert status == 0 and said.startswith(f"wrote {out} (board pack with the year so far)")
    slides = list(Presentation(io.BytesIO(out.read_bytes())).slides)
    assert [s.shapes.title.text for s in slides[1:4]] == ["Year so far", "Year so far: spend",
                                                          "Year so far: the BCF metrics"]
    words = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "2026-27, to the end of Jun 2026 (3 of 12 months)" in words
