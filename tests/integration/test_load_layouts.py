"""Workbooks laid out differently from our own: title rows, header on row 7, pound strings, NA cells,
totals rows, columns in another order, a year in the headers, several areas in one file."""

from __future__ import annotations

import openpyxl
import pytest

from budget.readers import load_bytes
from tests.integration.builders import save

AREAS = [
    ("E06000001", "Hartlepool", "NHS North East and North Cumbria ICB", 9_876_543.21, 4_000_000, "£650,000"),
    ("E08000025", "Birmingham", "NHS Birmingham and Solihull ICB", "£98,765,432", "83,788,421", 12_345_678),
    ("E09000011", "Greenwich", "NHS South East London ICB", 25_000_000, "NA", "-"),
    ("E10000014", "Hampshire", "NHS Hampshire and Isle of Wight ICB", "£1,234,567.89", 45_000_000.5, "[x]"),
]


def expected_income(row) -> float:
    total = 0.0
    for v in row[3:]:
        if isinstance(v, str):
            s = v.replace("£", "").replace(",", "")
            total += float(s) if s not in ("NA", "-", "[x]") else 0.0
        else:
            total += v
    return total


def allocations_with_title_rows() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BCF 2025-26"
    ws["A1"] = "NHS England"
    ws["A2"] = "Better Care Fund: allocations by Health and Wellbeing Board"
    ws.merge_cells("A2:F2")
    ws["A3"] = "Financial year 2025-26"
    ws["A5"] = "All figures in pounds. Figures may not sum due to rounding."
    ws.append([])
    # header on row 7, streams in a different order, year and £ in the header text
    ws.append(["ICB", "Health and Wellbeing Board", "HWB ONS code", "Local Authority Better Care Grant 2025-26 (£)",
               "Minimum NHS Contribution 2025-26 (£)", "Disabled Facilities Grant 2025-26 (£)"])
    for code, name, icb, nhs, labcg, dfg in AREAS:
        ws.append([icb, name, code, labcg, nhs, dfg])
    ws.append([None, "England total", None, 1, 2, 3])
    ws.append([])
    ws.append(["Note: the DFG is a capital grant."])
    return save(wb)


def test_allocations_with_title_rows_header_on_row_7_and_pound_strings():
    result = load_bytes(allocations_with_title_rows(), name="allocations.xlsx")
    assert result.kind == "allocations"
    assert result.year == "2025-26"
    by_code = {p.area.code: p for p in result.plans}
    assert list(by_code) == [a[0] for a in AREAS]
    for row in AREAS:
        plan = by_code[row[0]]
        assert plan.area.name == row[1]
        assert plan.area.icbs == (row[2],)
        assert plan.total_income == pytest.approx(expected_income(row))
    assert by_code["E08000025"].income_by_stream() == pytest.approx(
        {"nhs_minimum": 98_765_432, "la_better_care_grant": 83_788_421, "dfg": 12_345_678})
    assert "dfg" not in by_code["E09000011"].income_by_stream()  # '-' is blank, not zero pounds read as money
    assert result.total_income == pytest.approx(sum(expected_income(r) for r in AREAS))
    assert any("totals row" in w.message for w in result.warnings)


def test_hwb_spanning_several_icbs_is_one_area():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ICB Name", "HWB Code", "HWB Name", "Minimum NHS Contribution (£) 2025-26"])
    ws.append(["NHS Humber and North Yorkshire ICB", "E10000023", "North Yorkshire", 40_000_000])
    ws.append(["NHS West Yorkshire ICB", "E10000023", "North Yorkshire", 3_000_000])
    ws.append(["NHS Lancashire and South Cumbria ICB", "E10000023", "North Yorkshire", 500_000])
    result = load_bytes(save(wb), name="ny.xlsx")
    (plan,) = result.plans
    assert len(plan.area.icbs) == 3
    assert plan.total_income == pytest.approx(43_500_000)
    assert {i.icb for i in plan.income} == set(plan.area.icbs)


def national_plan_file() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Expenditure"
    ws.append(["BCF planning template 2025-26: all HWBs"])
    ws.merge_cells("A1:H1")
    ws.append(["Extracted for analysis"])
    ws.append([])
    ws.append([])
    ws.append(["HWB Code", "HWB Name", "Scheme ID", "Scheme Name", "Scheme Type", "Source of Funding",
               "Expenditure for 2025-26 (£)", "Area of Spend", "Internal notes"])
    rows = [
        ("E06000001", "Hartlepool", "H1", "Reablement", "Home-based intermediate care services",
         "Minimum NHS Contribution", "£1,000,000", "Social Care", "ok"),
        ("E06000001", "Hartlepool", "H2", "Falls", "Prevention / Early Intervention", "Additional LA Contribution",
         "250,000.75", "Community Health", ""),
        ("E09000011", "Greenwich", "G1", "Care navigation", "Integrated Care Planning and Navigation",
         "LA Better Care Grant", 3_000_000, "Social Care", "check"),
        ("E09000011", "Greenwich", "G2", "DFG grants", "DFG Related Schemes", "DFG", 2_000_000, "Social Care", ""),
        ("E09000011", "Greenwich", "G3", "Telecare", "Assistive Technologies & Equipment", "Minimum NHS Contribution",
         "£125,000", "Social Care", ""),
    ]
    for r in rows:
        ws.append(list(r))
    ws.append(["", "", "Total", "", "", "", 6_375_000.75])
    inc = wb.create_sheet("Income")
    inc.append(["HWB Code", "Funding Source", "Amount"])
    inc.append(["E06000001", "Minimum NHS Contribution", 1_100_000])
    inc.append(["E06000001", "Additional LA Contribution", 300_000])
    inc.append(["E09000011", "Local Authority Better Care Grant", 3_000_000])
    inc.append(["E09000011", "Disabled Facilities Grant", 2_000_000])
    inc.append(["E09000011", "Minimum NHS Contribution", 200_000])
    return save(wb)


def test_multi_area_national_plan_keyed_by_area_code():
    result = load_bytes(national_plan_file(), name="national.xlsx")
    assert result.kind == "plan" and result.year == "2025-26"
    by_code = {p.area.code: p for p in result.plans}
    assert set(by_code) == {"E06000001", "E09000011"}
    h, g = by_code["E06000001"], by_code["E09000011"]
    assert h.area.name == "Hartlepool" and len(h.lines) == 2 and len(g.lines) == 3
    assert h.total_expenditure == pytest.approx(1_250_000.75)
    assert g.total_expenditure == pytest.approx(5_125_000)
    assert h.total_income == pytest.approx(1_400_000) and g.total_income == pytest.approx(5_200_000)
    assert result.total_expenditure == pytest.approx(6_375_000.75)
    assert {x.scheme_type for x in g.lines} >= {"Assistive Technologies and Equipment"}
    assert not any("totals row says" in w.message for w in result.warnings)  # stated total matches


def test_plan_with_header_on_row_5_and_extra_columns_reads_totals():
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["B2"] = "Better Care Fund 2024-25 planning template"
    cover["B4"] = "Health and Wellbeing Board:"
    cover["D4"] = "Greenwich"
    cover["B5"] = "HWB Code"
    cover["D5"] = " e09000011 "
    inc = wb.create_sheet("4. Income")
    inc["A1"] = "Income"
    inc["A3"] = "Minimum NHS Contribution"
    inc["C3"] = "£20,000,000"
    inc["A4"] = "iBCF"
    inc["C4"] = 9_000_000
    inc["A5"] = "ICB Discharge Funding"
    inc["C5"] = "1,500,000"
    inc["A6"] = "Total"
    inc["C6"] = 30_500_000
    ex = wb.create_sheet("5. Expenditure")
    ex["A1"] = "Expenditure"
    ex.merge_cells("A1:J1")
    ex["A3"] = "Please complete one row per scheme line"
    ex.append([])
    ex.append(["Scheme ID ", "Scheme Name", "Brief Description", "Scheme Type", "Sub Types", "Please specify if "
               "'Scheme Type' is 'other'", "Source of Funding", "Expenditure (£) 2024-25", "Expenditure (£) 2023-24",
               "New/ Existing Scheme"])
    ex.append([1, "Hospital discharge", "", "High Impact Change Model for Managing Transfer of Care",
               "Trusted Assessment", "", "ICB Discharge Funding", "£1,500,000", 1_400_000, "Existing"])
    ex.append([2, "Reablement", "", "Reablement in a Person's Own Home", "", "", "iBCF", "8,000,000.00", 1,
               "existing"])
    ex.append([3, "Community teams", "", "Community Based Schemes", "Integrated neighbourhood services", "",
               "Minimum NHS Contribution", 19_000_000, 1, "New"])
    ex.append(["Total", "", "", "", "", "", "", 28_500_000])
    result = load_bytes(save(wb), name="greenwich.xlsx")
    (plan,) = result.plans
    assert result.year == "2024-25" and plan.area.code == "E09000011" and plan.area.name == "Greenwich"
    assert plan.total_expenditure == pytest.approx(28_500_000)  # the 2024-25 column, not 2023-24
    assert plan.total_income == pytest.approx(30_500_000)
    assert plan.spend_by_stream() == pytest.approx({"icb_discharge": 1_500_000, "ibcf": 8_000_000,
                                                   "nhs_minimum": 19_000_000})
    assert plan.lines[1].scheme_type == "Home-based intermediate care services"
    assert plan.lines[0].new_existing == "Existing" and plan.lines[2].new_existing == "New"
    assert any("Reablement in a Person's Own Home" in w.message for w in result.warnings)
