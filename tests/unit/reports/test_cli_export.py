"""reports.cli_export: `bcf export` refuses what it cannot write, and writes the return's copies it is asked for."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from budget.cli import UserError
from reports.cli_export import register
from tests.unit.scenarios.cli.commands import call, parser_for


def test_the_parser():
    args = parser_for(register).parse_args(["export", "demo", "--xlsx", "a.xlsx", "--runs", "20", "--as-plan"])
    assert (args.source, args.xlsx, args.analysis, args.pptx, args.runs, args.seed, args.area, args.as_plan) == (
        "demo", "a.xlsx", None, None, 20, None, None, True)


def test_nothing_to_write_is_refused(capsys):
    with pytest.raises(UserError, match=r"^say what to write: --xlsx FILE \(submission copy\), --analysis FILE "
                                        r"\(analysis copy\) and/or --pptx FILE \(board pack\)$"):
        call(register, ["export", "demo"], capsys)


@pytest.mark.parametrize("option, name, words", [
    ("--xlsx", "out.csv", "the submission copy is an Excel workbook; give a name ending .xlsx"),
    ("--analysis", "a.xls", "the analysis copy is an Excel workbook; give a name ending .xlsx"),
    ("--pptx", "deck.ppt", "the board pack is a PowerPoint file; give a name ending .pptx")])
def test_a_file_of_the_wrong_kind_is_refused_before_modelling(option, name, words, capsys, tmp_path):
    path = str(tmp_path / name)
    with pytest.raises(UserError, match=f"^{re.escape(path)}: {words}$"):
        call(register, ["export", "demo", option, path], capsys)
    assert not (tmp_path / name).exists()


def test_bad_runs_are_refused(capsys, tmp_path):
    with pytest.raises(UserError):
        call(register, ["export", "demo", "--xlsx", str(tmp_path / "a.xlsx"), "--runs", "0"], capsys)


def test_the_analysis_copy_is_written_into_a_new_folder(capsys, tmp_path):
    out = tmp_path / "new" / "folder" / "analysis.xlsx"
    status, printed = call(register, ["export", "demo", "--analysis", str(out), "--runs", "20"], capsys)
    assert status == 0
    assert printed == f"wrote {out} (Excel return, analysis copy, Northbrook (illustrative), 2026-27)\n"
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert len(book.sheetnames) >= 2
