"""Unit tests of budget/readers/cover.py: label/value pairs on the Cover and Baselines, the area, amounts, flags."""

from __future__ import annotations

import pytest

from budget.columns import BASELINE_FIELDS
from budget.readers.cover import cover_area, cover_flag, cover_money, cover_pairs, read_baselines
from budget.readers.grid import Sheet
from budget.readers.problems import Collector


def _sheet(name, *rows, hidden=False):
    return Sheet(name=name, rows=[tuple(r) for r in rows], hidden=hidden)


def test_label_then_next_filled_cell_to_the_right():
    s = _sheet("Cover", ("Title",), (None, "HWB Code", None, "  ", "E06000001"), ("Financial Year", "2025-26"))
    found = cover_pairs([s])
    assert found["area_code"] == ("E06000001", "Cover", "E2")
    assert found["year"] == ("2025-26", "Cover", "B3")


def test_label_and_value_in_one_cell():
    found = cover_pairs([_sheet("Front", ("HWB Code: E08000012",))])
    assert found["area_code"] == ("E08000012", "Front", "A1")


def test_cover_sheet_searched_first_then_visible_before_hidden():
    other = _sheet("Notes", ("HWB Code", "E06000002"))
    hidden = _sheet("Cover", ("HWB", "Hidden name"), hidden=True)
    cover = _sheet("Cover Sheet", ("HWB Code", "E06000001"))
    found = cover_pairs([other, hidden, cover])
    assert found["area_code"] == ("E06000001", "Cover Sheet", "B1")
    assert found["area_name"] == ("Hidden name", "Cover", "B1")


def test_first_value_for_a_field_is_kept_and_far_cells_ignored():
    s = _sheet("Cover", ("HWB Code", "E06000001"), ("HWB Code", "E06000002"),
               ("Financial Year", None, None, None, None, None, None, "2025-26"))
    found = cover_pairs([s])
    assert found["area_code"][0] == "E06000001"
    assert "year" not in found  # seven cells to the right is too far


def test_illustrative_flag_reads_a_blank_marker_as_its_answer():
    found = cover_pairs([_sheet("Cover", ("Illustrative", "-"))])
    assert found["illustrative"] == ("-", "Cover", "B1")
    assert not cover_flag(found, "illustrative")


@pytest.mark.parametrize(("answer", "flag"), [("Yes", True), ("TRUE", True), ("y", True), (1, True), ("No", False),
                                              ("maybe", False)])
def test_cover_flag(answer, flag):
    assert cover_flag({"illustrative": (answer, "Cover", "B1")}, "illustrative") is flag
    assert cover_flag({}, "illustrative") is False


def test_cover_area_reads_code_name_and_icbs():
    out = Collector(file="f.xlsx")
    cover = {"area_code": ("e06000001", "Cover", "B2"), "area_name": ("Hartlepool", "Cover", "B1"),
             "icbs": ("North East ICB;  Other ICB;", "Cover", "B3")}
    area = cover_area(cover, out)
    assert (area.code, area.name, area.icbs) == ("E06000001", "Hartlepool", ("North East ICB", "Other ICB"))
    assert out.problems == []


def test_cover_area_reads_icbs_one_per_line():
    cover = {"area_code": ("E06000001", "Cover", "B2"), "icbs": ("North East ICB\nOther ICB", "Cover", "B3")}
    assert cover_area(cover, Collector(file="f.xlsx")).icbs == ("North East ICB", "Other ICB")


def test_cover_area_without_a_name_is_named_by_its_code():
    area = cover_area({"area_code": ("E06000001", "Cover", "B2")}, Collector(file="f.xlsx"))
    assert area.name == "E06000001"


def test_cover_area_refusals():
    out = Collector(file="f.xlsx")
    assert cover_area({}, out) is None
    assert out.errors[0].sheet == "Cover" and out.errors[0].message.startswith(
        "no Health and Wellbeing Board code found: expected a 'HWB Code' label")
    out = Collector(file="f.xlsx")
    assert cover_area({"area_code": ("X123", "Front", "C4")}, out) is None
    (p,) = out.errors
    assert (p.sheet, p.cell) == ("Front", "C4")
    assert p.message.startswith("'X123' is not a Health and Wellbeing Board area code")


def test_cover_money():
    out = Collector(file="f.xlsx")
    cover = {"minimum_nhs_asc_required": ("£1,234.567", "Cover", "B5"), "bad": ("lots", "Cover", "B6")}
    assert cover_money(cover, "minimum_nhs_asc_required", out) == 1234.57
    assert cover_money(cover, "absent", out) is None
    assert out.problems == []
    assert cover_money(cover, "bad", out) is None
    (p,) = out.errors
    assert (p.sheet, p.cell) == ("Cover", "B6") and "'lots'" in p.message


def test_read_baselines_from_pairs():
    s = _sheet("Baselines", ("Emergency admissions 65+ per 100,000", "2,500"), ("Mean length of stay (days)", 6.5))
    out = Collector(file="f.xlsx")
    b = read_baselines(cover_pairs([s], BASELINE_FIELDS), out)
    assert b.emergency_admissions_65_plus_per_100k == 2500 and b.mean_length_of_stay_days == 6.5
    assert b.falls_admissions_65_plus_per_100k is None
    assert out.problems == []


def test_read_baselines_refuses_negative_and_text_at_their_cells():
    out = Collector(file="f.xlsx")
    b = read_baselines({"falls_admissions_65_plus_per_100k": (-3, "Baselines", "B2"),
                        "ae_attendances_per_100k": ("many", "Baselines", "B3")}, out)
    assert b.falls_admissions_65_plus_per_100k is None and b.ae_attendances_per_100k is None
    assert [(p.cell, p.message) for p in out.errors][0] == ("B2", "found -3.0, expected a rate of 0 or more")
    assert out.errors[1].cell == "B3"
