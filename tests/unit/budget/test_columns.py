"""Unit tests of budget/columns.py: fields matched by label or pattern, and totals labels."""

from __future__ import annotations

import pytest

from budget.columns import (
    ALLOCATION_ID_FIELDS,
    BASELINE_FIELDS,
    COVER_FIELDS,
    EXPENDITURE_FIELDS,
    INCOME_FIELDS,
    LOCALITY_FIELDS,
    Field,
    is_total_label,
)
from budget.reference_records import norm

ALL = {"expenditure": EXPENDITURE_FIELDS, "income": INCOME_FIELDS, "cover": COVER_FIELDS,
       "localities": LOCALITY_FIELDS, "baselines": BASELINE_FIELDS, "allocations": ALLOCATION_ID_FIELDS}


def _field(fields, key) -> Field:
    return next(f for f in fields if f.key == key)


def test_field_label_is_its_first_label():
    f = Field("x", ("First", "Second"))
    assert f.label == "First"


@pytest.mark.parametrize("header", ["Expenditure (£)", "expenditure £", "  PLANNED   SPEND ", "Expenditure 2025-26",
                                    "Planned expenditure for 2025/26", "2025-26 planned spend", "Spend 2024"])
def test_amount_header_matches(header):
    assert _field(EXPENDITURE_FIELDS, "amount").matches(header)


@pytest.mark.parametrize("header", [None, "", "Expenditure notes", 2025, "Scheme"])
def test_amount_header_does_not_match(header):
    assert not _field(EXPENDITURE_FIELDS, "amount").matches(header)


def test_planned_outputs_pattern():
    f = _field(EXPENDITURE_FIELDS, "planned_outputs")
    assert f.matches("Planned outputs for 2025-26") and f.matches("planned output")
    assert not f.matches("Outputs achieved")


@pytest.mark.parametrize(("name", "fields"), ALL.items())
def test_every_table_has_unique_keys_and_each_label_names_its_own_field_first(name, fields):
    keys = [f.key for f in fields]
    assert len(keys) == len(set(keys)), name
    for f in fields:
        first = next(g for g in fields if g.matches(f.label))
        assert first.key == f.key, (name, f.label)


def test_required_expenditure_fields():
    assert {f.key for f in EXPENDITURE_FIELDS if f.required} == {
        "scheme_id", "scheme_name", "scheme_type", "source_of_funding", "amount"}


def test_labels_match_after_normalising():
    f = _field(COVER_FIELDS, "area_name")
    assert f.matches("health and wellbeing board") and f.matches("Health & Wellbeing Board")
    assert norm("Health & Wellbeing Board") == norm("health and wellbeing board")


@pytest.mark.parametrize(("label", "total", "whole"), [
    ("Total", True, True), ("Grand total", True, True), ("Sub-total", True, True), ("Subtotal", True, True),
    ("Totals", True, True), ("Total income", True, False), ("England total", True, False),
    ("Total North", True, False), ("Home first", False, False), ("Totally new", False, False), (None, False, False),
    (12, False, False),
])
def test_is_total_label(label, total, whole):
    assert is_total_label(label) is total
    assert is_total_label(label, whole=True) is whole
