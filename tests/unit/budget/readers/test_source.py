"""Unit tests of budget/readers/source.py: a SOURCE named on the command line, `demo` or a workbook path."""

from __future__ import annotations

import pytest

from budget.demo import demo_plan
from budget.readers.source import SourceError, read_source
from tests.integration.builders import plan_workbook, save


def test_demo_reads_the_demo_area():
    result = read_source("demo")
    assert result.file == "demo"
    assert [p.area.code for p in result.plans] == [demo_plan().area.code]


def test_a_workbook_path_is_read(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(save(plan_workbook()))
    result = read_source(str(path))
    assert result.file == "plan.xlsx" and result.plans[0].area.code == "E06000001"


def test_a_missing_path_is_refused_with_its_name(tmp_path):
    missing = str(tmp_path / "nope.xlsx")
    with pytest.raises(SourceError) as e:
        read_source(missing)
    assert str(e.value) == f"{missing}: no such file"


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(SourceError) as e:
        read_source(str(tmp_path))
    assert str(e.value) == f"{tmp_path}: is a folder; give a .xlsx workbook"
    assert isinstance(e.value, ValueError)
