"""budget.report_shapes: every shipped year's report shape is read and checked; a shape naming what no report
fills is refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from budget.report_shapes import COLUMN_KEYS, ReportShapes, report_shapes, report_years


@pytest.mark.parametrize("year", report_years())
def test_every_shipped_shape_reads_and_is_marked_unconfirmed(year):
    shapes = report_shapes(year)
    assert shapes.year == year and shapes.confirmed is False and "Unconfirmed" in shapes.source
    assert shapes.quarterly.sheets[0] == shapes.year_end.sheets[0] == "cover"
    assert {"metrics", "national_conditions", "sign_off"} <= set(shapes.quarterly.sheets) & set(shapes.year_end.sheets)
    assert {"income_and_expenditure", "nhs_minimum", "outputs"} <= set(shapes.year_end.sheets)
    for sid, sheet in shapes.sheets.items():
        assert {c.key for c in sheet.columns} <= set(COLUMN_KEYS[sid])


def test_a_year_with_no_shape_is_one_sentence():
    with pytest.raises(ValueError, match="there is no quarterly or year-end report shape for 2019-20; reports can be "
                                         "written for 2025-26, 2026-27"):
        report_shapes("2019/20")


def test_a_column_no_report_fills_or_a_sheet_with_no_shape_is_refused():
    raw = report_shapes("2026-27").model_dump()
    raw["sheets"]["metrics"]["columns"] += ({"key": "mood", "label": "Mood"},)
    with pytest.raises(ValidationError, match="the metrics sheet has columns no report fills: mood"):
        ReportShapes.model_validate(raw)
    raw = report_shapes("2026-27").model_dump()
    del raw["sheets"]["outputs"]
    with pytest.raises(ValidationError, match="the Year-end report lists sheets with no shape: outputs"):
        ReportShapes.model_validate(raw)
