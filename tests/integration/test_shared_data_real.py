"""Against real published data in ../shared/data (skipped, with the file named, where it is absent)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from budget.models import HWBArea, LoadError
from budget.readers import load_bytes, load_workbook
from tests.integration.builders import save

UPPER_TIER = {"UA", "MD", "LBO", "CC", "CTY"}


@pytest.fixture
def hwb_areas(shared_data) -> pd.DataFrame:
    df = pd.read_csv(shared_data("uk_local_authorities_current.csv"), dtype=str)
    current = df["current-authority"].str.lower() == "true"
    return df[(df["nation"] == "England") & current & df["local-authority-type"].isin(UPPER_TIER)]


def test_every_current_english_hwb_has_a_valid_area_code(hwb_areas):
    assert len(hwb_areas) == 153
    codes = [HWBArea(code=c, name=n).code for c, n in zip(hwb_areas["gss-code"], hwb_areas["nice-name"], strict=True)]
    assert len(set(codes)) == 153
    assert {c[:3] for c in codes} == {"E06", "E08", "E09", "E10"}


def test_an_allocations_workbook_of_all_153_real_areas_reads(hwb_areas):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Better Care Fund 2025-26: illustrative allocations at national totals per head"])
    ws.append(["HWB Code", "HWB Name", "Minimum NHS Contribution", "Local Authority Better Care Grant",
               "Disabled Facilities Grant"])
    pop = hwb_areas["pop-2020"].astype(float)
    per_head = pop / pop.sum()
    expected = 0.0
    for (code, name), share in zip(
        zip(hwb_areas["gss-code"], hwb_areas["nice-name"], strict=True), per_head, strict=True
    ):
        amounts = [round(5_614e6 * share, 2), round(2_640e6 * share, 2), round(711e6 * share, 2)]
        expected += sum(amounts)
        ws.append([code, name, *amounts])
    result = load_bytes(save(wb), name="all-areas.xlsx")
    assert result.kind == "allocations" and len(result.plans) == 153
    assert result.total_income == pytest.approx(expected, abs=1.0)
    assert result.total_income == pytest.approx(8_965e6, rel=1e-6)  # national 2025-26 minimum total
    assert not result.warnings


def test_real_ascof_workbook_is_refused_as_not_bcf(shared_data, monkeypatch):
    from budget.readers.grid import Book  # noqa: PLC0415

    path = shared_data("meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx")
    full_reads: list[str] = []
    original = Book.full

    def counting(self, name):
        full_reads.append(name)
        return original(self, name)

    monkeypatch.setattr(Book, "full", counting)
    with pytest.raises(LoadError) as e:
        load_workbook(path)
    messages = [p.message for p in e.value.problems]
    assert any("not a BCF workbook" in m for m in messages), messages
    assert all(p.file == path.name for p in e.value.problems)
    # refused from the first rows of each sheet: its 48,970-row sheet is never read in full
    assert full_reads == []


def test_real_legacy_xls_is_refused_with_advice(shared_data):
    path = shared_data("ukpopestimatesmid2020on2021geography.xls")
    with pytest.raises(LoadError) as e:
        load_workbook(path)
    assert "save it as an Excel Workbook (.xlsx)" in e.value.problems[0].message


def test_ascof_2020_21_is_the_pandemic_low_the_care_home_baseline_does_not_use(shared_data):
    from scenarios.assumptions import load_assumptions

    path = shared_data("meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = wb["in"].iter_rows(values_only=True)
        header = next(rows)
        col = {name: i for i, name in enumerate(header)}
        england = {r[col["Measure Type"]]: r[col["Measure Value"]] for r in rows
                   if r[col["Geographical Level"]] == "England" and r[col["ASCOF Measure Code"]] == "2A2"}
    finally:
        wb.close()
    assert float(england["Outcome"]) == 498.2
    assert float(england["Numerator"]) / float(england["Denominator"]) * 1e5 == pytest.approx(498.2, abs=0.05)
    baseline = load_assumptions().baseline.rates_per_100k_65_plus["care_home_admissions"]
    assert baseline.value == 584 and baseline.value > float(england["Outcome"])
    assert "498.2" in baseline.source and "52,133" in baseline.source and f"{int(england['Numerator']):,}" == "52,133"
