"""budget.readers.sus: the SUS sheet read back exactly, and each refusal as a sentence naming its cell."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from budget.actuals import MetricMonth, months
from budget.readers.national import Area
from budget.readers.problems import Collector
from budget.readers.sus import read_sus, sus_sheet, sus_year
from budget.readers.tabular import open_grids
from budget.sus_sheet import SUS_SHEET, TABLE_ROW, sus_sheet_bytes

AREA = Area("E08000033", "Calderdale (E08000033)")
YEAR = "2025-26"


def _read(data: bytes, year: str = YEAR) -> tuple:
    grids = open_grids(data, "sus.xlsx")
    sheet, header = sus_sheet(grids)
    out = Collector(file="sus.xlsx")
    found = read_sus(grids, sheet, header, AREA, year, months(year), out)
    return found, out.errors, sus_year(grids, sheet, header)


@st.composite
def sus_rows(draw):
    year = draw(st.sampled_from(["2025-26", "2026-27"]))
    rows = []
    for m in draw(st.lists(st.sampled_from(months(year)), unique=True, max_size=12)):
        figures = draw(st.fixed_dictionaries({}, optional={
            "emergency_admissions_65_plus": st.integers(0, 100_000).map(float),
            "population_65_plus": st.integers(1, 2_000_000).map(float)}))
        if figures:
            rows.append(MetricMonth(month=m, **figures))
    return year, tuple(sorted(rows, key=lambda x: x.month))


@settings(max_examples=30, deadline=None)
@given(sus_rows(), st.booleans())
def test_a_sus_sheet_written_then_read_back_gives_every_figure_in_its_month(drawn, named):
    year, rows = drawn
    data = sus_sheet_bytes(year, area_code=AREA.code if named else None, rows=rows)
    found, errors, said = _read(data, year)
    assert errors == [] and said == year
    assert {(f.month, f.key): f.value for f in found.figures} == {
        (m.month, key): getattr(m, key) for m in rows for key in ("emergency_admissions_65_plus", "population_65_plus")
        if getattr(m, key) is not None}


def _edited(**cells) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(sus_sheet_bytes(YEAR, area_code=AREA.code)))
    for where, value in cells.items():
        wb[SUS_SHEET][where] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_another_areas_code_is_refused_at_its_cell():
    _, errors, _ = _read(_edited(B5="E08000032"))
    assert [(e.cell, e.message) for e in errors] == [("B5", "the area code E08000032 is another area's: the figures "
                                                            "are for Calderdale (E08000033); use that area's SUS "
                                                            "figures")]


def test_another_year_is_refused_at_its_cell_and_nothing_is_read():
    found, errors, _ = _read(_edited(B6="2024-25", B9=10))
    assert [(e.cell, e.message) for e in errors] == [("B6", "the SUS figures are for 2024-25 but the plan is for "
                                                            "2025-26; use the SUS sheet for 2025-26")]
    assert found.figures == []


def test_bad_months_and_figures_are_each_refused_at_their_cells():
    r = TABLE_ROW + 1
    _, errors, _ = _read(_edited(**{f"A{r}": "Apr 2024", f"B{r}": 5, f"A{r + 1}": "Jun 2025", f"B{r + 2}": 5,
                                    f"B{r + 3}": "lots", f"C{r + 4}": 0, f"B{r + 5}": -3, f"A{r + 6}": "soon",
                                    f"B{r + 6}": 1}))
    assert [(e.cell, e.message) for e in errors] == [
        (f"A{r}", "Apr 2024 is outside 2025-26 (April 2025 to March 2026); give only that year's months"),
        (f"A{r + 2}", f"Jun 2025 is given twice (rows {r + 1} and {r + 2}); give each month once"),
        (f"B{r + 3}", "emergency admissions of people aged 65+: found text 'lots', expected a number"),
        (f"C{r + 4}", "the population aged 65+ is zero; give the population, or leave the cell blank"),
        (f"B{r + 5}", "emergency admissions of people aged 65+: found -3, expected 0 or more"),
        (f"A{r + 6}", "'soon' is not a month; give it as Apr 2025")]
