"""budget.readers.national: the plan's area read from national files in their published shapes, every other area
and every other row left alone; each figure checked against the counts the file was written from."""

from __future__ import annotations

import datetime as dt

import pytest

from budget.actuals import months
from budget.readers.national import Area, ascof_sheet, drd_sheet, read_ascof, read_drd
from budget.readers.problems import Collector
from budget.readers.tabular import open_grids
from tests.national_files import ascof_csv, ascof_row, ascof_workbook, drd_row, drd_workbook

AREA = Area("E08000033", "Calderdale (E08000033)")
YEAR = months("2025-26")
OTHERS = [drd_row("E08000032", "Bradford", 2_000, 500, 3_000), drd_row("#N/A", "Wales", 10, 1, 1)]


def _drd(data: bytes) -> tuple:
    grids = open_grids(data, "drd.xlsx")
    out = Collector(file="drd.xlsx")
    sheet, header = drd_sheet(grids)
    found = read_drd(grids, sheet, header, AREA, YEAR, out)
    grids.close()
    return found, out.errors


def _ascof(data: bytes, name: str = "ascof.csv") -> tuple:
    grids = open_grids(data, name)
    out = Collector(file=name)
    sheet, header = ascof_sheet(grids)
    found = read_ascof(grids, sheet, header, AREA, YEAR, out)
    return found, out.errors


def test_the_areas_aggregate_row_gives_the_months_delay_in_days_per_discharge_and_its_discharges():
    rows = [*OTHERS, drd_row(AREA.code, "Calderdale", 300, 30, 100, summary="Provider"),
            drd_row(AREA.code, "Calderdale", 1_200, 180, 960)]
    found, errors = _drd(drd_workbook(dt.date(2025, 6, 1), rows))
    assert errors == []
    assert {(f.month, f.key): f.value for f in found.figures} == {("2025-06", "discharge_delay"): 960 / 1_200,
                                                                  ("2025-06", "discharges"): 1_200}
    assert found.area_name == "Calderdale" and {f.sheet for f in found.figures} == {"UTLA Acceptable"}


def test_an_areas_total_row_is_read_as_its_aggregate():
    rows = [drd_row(AREA.code, "Calderdale", 300, 30, 100, summary="Provider"),
            drd_row(AREA.code, "Calderdale", 1_000, 100, 700, summary="UTLA total")]
    found, errors = _drd(drd_workbook(dt.date(2025, 6, 1), rows))
    assert errors == [] and [f.value for f in found.figures if f.key == "discharges"] == [1_000]


def test_without_the_average_over_all_discharges_it_is_the_delayed_average_times_the_share_delayed():
    rows = [*OTHERS, drd_row(AREA.code, "Calderdale", 1_200, 180, 960)]
    found, errors = _drd(drd_workbook(dt.date(2025, 6, 1), rows, inc_column=False))
    delay = next(f for f in found.figures if f.key == "discharge_delay")
    assert errors == [] and delay.value == pytest.approx(960 / 1_200, rel=1e-12) and delay.cell == "AV18"


def test_the_month_is_read_from_the_cover_sheet_when_the_sheet_does_not_say():
    found, _ = _drd(drd_workbook(dt.date(2026, 3, 1), [drd_row(AREA.code, "Calderdale", 10, 1, 2)],
                                 period_on_sheet=False))
    assert {f.month for f in found.figures} == {"2026-03"}


def test_a_suppressed_delay_is_a_note_and_no_figure():
    found, errors = _drd(drd_workbook(dt.date(2025, 6, 1), [drd_row(AREA.code, "Calderdale", 4, 1, 2,
                                                                    suppressed=True)]))
    assert errors == [] and [f.key for f in found.figures] == ["discharges"]
    assert found.notes == ["The average discharge delay for Calderdale (E08000033) in Jun 2025 is suppressed in the "
                           "Discharge Ready Date file (AU16)."]


def test_text_in_the_areas_figure_is_an_error_at_its_cell_but_another_areas_text_is_never_read():
    bad = drd_row(AREA.code, "Calderdale", 10, 1, 2)
    bad[46] = "about two"
    other = drd_row("E08000032", "Bradford", 10, 1, 2)
    other[46] = "n/k"
    _, errors = _drd(drd_workbook(dt.date(2025, 6, 1), [other, bad]))
    assert [(e.sheet, e.cell) for e in errors] == [("UTLA Acceptable", "AU17")]
    assert "found text 'about two'" in errors[0].message


def test_a_file_without_the_area_and_a_file_for_another_year_are_each_said_plainly():
    _, errors = _drd(drd_workbook(dt.date(2025, 6, 1), OTHERS))
    assert [e.message for e in errors] == [
        "the file has no row for Calderdale (E08000033): the national file holds no figures for the plan's area; "
        "check the plan's area code, or give that area's file"]
    _, errors = _drd(drd_workbook(dt.date(2024, 6, 1), [drd_row(AREA.code, "Calderdale", 10, 1, 2)]))
    assert [e.message for e in errors] == ["the file is for Jun 2024, outside the plan's year (Apr 2025 to Mar 2026)"
                                           "; give that year's files"]


def test_ascof_gives_the_areas_rolling_twelve_months_of_measure_2c_for_everyone_aged_65_plus():
    rows = [ascof_row("October 2024 to September 2025", "E08000032", "Bradford", 700, 80_000),
            ascof_row("October 2024 to September 2025", AREA.code, "Calderdale", 150, 40_000, group="Male"),
            ascof_row("October 2024 to September 2025", AREA.code, "Calderdale", 90, 200_000, measure="2B",
                      description="Proportion of older people still at home 91 days after discharge"),
            ascof_row("October 2024 to September 2025", AREA.code, "Calderdale", 380, 41_000),
            ascof_row("July 2024 to June 2025", AREA.code, "Calderdale", 366, 41_000),
            ascof_row("2024-25", AREA.code, "Calderdale", 370, 40_500)]
    found, errors = _ascof(ascof_csv(rows))
    assert errors == [] and found.notes == []
    got = {(f.month, f.key): f.value for f in found.figures}
    assert got == {("2025-09", "care_home_admissions_65_plus_12_months"): 380,
                   ("2025-09", "care_home_admissions_65_plus_12_months_per_100k"): pytest.approx(380 / 41_000 * 1e5),
                   ("2025-06", "care_home_admissions_65_plus_12_months"): 366,
                   ("2025-06", "care_home_admissions_65_plus_12_months_per_100k"): pytest.approx(366 / 41_000 * 1e5)}
    assert {f.sheet for f in found.figures} == {None}
    cells = {(f.month, f.key): f.cell for f in found.figures}
    assert cells[("2025-09", "care_home_admissions_65_plus_12_months")] == "G5"


def test_ascof_saved_as_a_workbook_with_title_rows_reads_the_same_and_a_suppressed_count_is_a_note():
    rows = [ascof_row("Q1 2025-26", AREA.code, "Calderdale", "[c]", 41_000),
            ascof_row("Q2 2025-26", AREA.code, "Calderdale", 381, 41_000)]
    found, errors = _ascof(ascof_workbook(rows), "ascof.xlsx")
    assert errors == [] and [(f.month, f.value) for f in found.figures][:1] == [("2025-09", 381)]
    assert found.notes == ["Care-home admissions of people aged 65+ in Calderdale (E08000033) in the 12 months to "
                           "Jun 2025 are suppressed in the ASCOF file (fewer than 6)."]


def test_an_ascof_period_that_is_not_twelve_months_is_an_error_at_its_cell():
    _, errors = _ascof(ascof_csv([ascof_row("July to September 2025", AREA.code, "Calderdale", 90, 41_000),
                                  ascof_row("Jul 2025 - Sep 2025", AREA.code, "Calderdale", 90, 41_000)]))
    assert [(e.cell, e.message) for e in errors] == [
        ("A3", "the reporting period 'Jul 2025 - Sep 2025' is not 12 months; give the file as published")]


def test_ascof_without_the_area_or_without_a_period_in_the_year_is_said_plainly():
    _, errors = _ascof(ascof_csv([ascof_row("2025-26", "E08000032", "Bradford", 700, 80_000)]))
    assert "has no care-home admissions (ASCOF 2C) for Calderdale (E08000033)" in errors[0].message
    _, errors = _ascof(ascof_csv([ascof_row("2023-24", AREA.code, "Calderdale", 700, 80_000),
                                  ascof_row("2024-25", AREA.code, "Calderdale", 700, 80_000)]))
    assert [e.message for e in errors] == [
        "the file's periods for Calderdale (E08000033) end Mar 2024 to Mar 2025, none in the plan's year "
        "(Apr 2025 to Mar 2026); give that year's file"]


def test_a_measure_named_by_its_code_is_told_by_the_code_and_the_total_beats_the_age_group():
    rows = [ascof_row("2025-26", AREA.code, "Calderdale", 900, 41_000, measure="2A"),  # same words, another code
            ascof_row("2025-26", AREA.code, "Calderdale", 370, 41_000, group="65+"),
            ascof_row("2025-26", AREA.code, "Calderdale", 371, 41_000, group="Total"),
            ascof_row("2025-26", AREA.code, "Calderdale", 200, 20_000, group="Female"),
            ascof_row("2025-26", AREA.code, "Calderdale", 99, 41_000, measure="Care home admissions",
                      description="Admissions of people aged 65 and over to residential and nursing care",
                      group="Male")]
    found, errors = _ascof(ascof_csv(rows))
    assert errors == [] and [(f.key, f.value) for f in found.figures][:1] == [
        ("care_home_admissions_65_plus_12_months", 371)]


def test_two_whole_area_rows_for_one_period_are_refused_at_the_second():
    rows = [ascof_row("2025-26", AREA.code, "Calderdale", 370, 41_000),
            ascof_row("2025-26", AREA.code, "Calderdale", 371, 41_000, group="All")]
    _, errors = _ascof(ascof_csv(rows))
    assert [(e.cell, e.message) for e in errors] == [
        ("A3", "the 12 months to Mar 2026 are given twice for Calderdale (E08000033) (rows 2 and 3); give the file "
               "as published")]
