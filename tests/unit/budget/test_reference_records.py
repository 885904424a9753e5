"""Unit tests of budget/reference_records.py: `norm`, and the records a year's reference data is made of."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from budget.reference_records import (
    Match,
    NationalCondition,
    SchemeType,
    SignOffRole,
    SubType,
    Term,
    YearMetric,
    norm,
)


@pytest.mark.parametrize(("text", "normal"), [
    ("  Scheme   ID ", "scheme id"),
    ("Health & Wellbeing Board", "health and wellbeing board"),
    ("Expenditure (£)", "expenditure"),
    ("% NHS (if Joint Commissioner)", "% nhs if joint commissioner"),
    ("Carers’ Services", "carers services"),
    ("Café", "cafe"),
    (2025, "2025"),
    (None, ""),
    ("Sub-type", "sub type"),
])
def test_norm(text, normal):
    assert norm(text) == normal


@given(st.text())
def test_norm_is_idempotent_and_plain(text):
    once = norm(text)
    assert norm(once) == once
    assert once == once.strip() and "  " not in once
    assert all(c.isascii() and (c.isalnum() or c in " %") for c in once)
    assert once == once.lower()


def test_norm_reads_only_the_first_thousand_characters():
    assert norm("a" * 1000 + "b") == "a" * 1000


def test_scheme_type_lever_for_sub_type_by_name_or_alias():
    st_ = SchemeType(name="Home-based intermediate care services", lever="reablement",
                     sub_types=(SubType(name="Rehabilitation at home", lever="rehab", aliases=("Rehab at home",)),
                                SubType(name="Other")))
    assert st_.lever_for("Rehabilitation at home") == "rehab"
    assert st_.lever_for("rehab  AT home") == "rehab"
    assert st_.lever_for("Other") == "reablement"
    assert st_.lever_for("Unknown") == "reablement"
    assert SchemeType(name="X").lever_for("") == "none"


def test_records_are_frozen_and_refuse_unknown_fields():
    t = Term(name="LA")
    with pytest.raises(ValidationError):
        t.name = "NHS"
    with pytest.raises(ValidationError):
        Term(name="LA", colour="red")
    with pytest.raises(ValidationError):
        Match(name="x", kind="guessed")
    with pytest.raises(ValidationError):
        SignOffRole(role="Chair", organisation="parish")


def test_national_condition_confirmed_only_when_its_fact_is():
    base = {"code": "NC1", "title": "Plan agreed", "text": "..."}
    assert NationalCondition(**base, status_of_fact="confirmed").confirmed
    assert not NationalCondition(**base, status_of_fact="partly confirmed").confirmed
    assert not NationalCondition(**base).confirmed


def test_sources_are_shown_without_note_references():
    m = YearMetric(id="m1", name="Emergency admissions", unit="per 100,000", source="NHS Digital (bcf.md 3.1)")
    assert m.source == "NHS Digital"
    assert SignOffRole(role="Chair", organisation="board", source="HWB (§2.1)").source == "HWB"
