"""Unit tests of budget/provenance.py: sources shown without the project's own research-note references."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from budget.provenance import PublicText, dashed_years, public


@pytest.mark.parametrize(("text", "shown"), [
    ("NHS England, acute discharge situation report (bcf.md 2.4)", "NHS England, acute discharge situation report"),
    ("BCF policy framework 2025-26 (evidence.md §3; DHSC, 2025)", "BCF policy framework 2025-26 (DHSC, 2025)"),
    ("DHSC planning requirements see bcf-2025-26.md 4.3", "DHSC planning requirements"),
    ("Local estimate (no URL recorded)", "Local estimate"),
    ("ONS mid-year estimates (2023) (§ 2.1, 3.4)", "ONS mid-year estimates (2023)"),
    ("bcf.md addendum §2", ""),
    # a section with a letter goes whole, not leaving the letter behind
    ("Theme confirmed; ASCOF 2A definition assumed (bcf.md 4.3c)", "Theme confirmed; ASCOF 2A definition assumed"),
    ("Lasts about 2 years (SPRU; Lewin 2013, evidence.md §1h)", "Lasts about 2 years (SPRU; Lewin 2013)"),
    ("NHSE grants and funding, 2025-26 (bcf.md 2.1 [d], 5.1); includes discharge money",
     "NHSE grants and funding, 2025-26; includes discharge money"),
    # with the words that only point at the note
    ("the working one in bcf.md 4.3a", "the working one"),
    ("no published share was found in evidence.md.", "no published share was found."),
    ("(NICE guidance, commonly cited; not in evidence.md, so a secondary figure)",
     "(NICE guidance, commonly cited; so a secondary figure)"),
    ("against ~11 million aged 65+ (neither figure is in evidence.md). Cross-check",
     "against ~11 million aged 65+. Cross-check"),
    # and no separator left before a full stop
    ("Judgement: an established service model; evidence.md §1h.", "Judgement: an established service model."),
])
def test_public_drops_note_references(text, shown):
    assert public(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    # the notes' one-letter statuses in words
    ("evidence.md §2 (D): care coordinator Band 4 £47,500.", "Derived: care coordinator Band 4 £47,500."),
    ("Cross-check (D): 192,000 admissions (IAU 2019, evidence.md §3), of ~9.9m aged 65+ (U): high.",
     "Cross-check (derived): 192,000 admissions (IAU 2019), of ~9.9m aged 65+ (unconfirmed): high."),
    ("Cross-checks (D, different years): Worcestershire", "Cross-checks (derived, different years): Worcestershire"),
    ("24,500 a year per 100,000 aged 65+ (evidence.md §3, D), fewer people", "24,500 a year per 100,000 aged 65+ "
     "(derived), fewer people"),
    # a working copy of public data goes; the publication stays
    ("145,551 people aged 65+ (ONS mid-2024, ../shared/data/utla_population_by_age.csv); Nottingham",
     "145,551 people aged 65+ (ONS mid-2024); Nottingham"),
    ("aged 65+ (ONS mid-2024,../shared/data/utla_population_by_age.csv) even if", "aged 65+ (ONS mid-2024) even if"),
    # the library's files by what the model calls them, a key after one in words
    ("standing in for what councils pay (unit_costs.yaml home_care_hour): 60 x £28.53",
     "standing in for what councils pay (the model's unit costs: home-care hour): 60 x £28.53"),
    ("the 65+ spell cost in unit_costs.yaml (emergency_admission), which", "the 65+ spell cost in the model's unit "
     "costs (emergency admission), which"),
    ("admitted for longer (baseline.yaml: mean stay 8 days), so", "admitted for longer (the model's baseline: mean "
     "stay 8 days), so"),
    ("on pathways 1-3 (capacity.yaml uses the observed shares).", "on pathways 1-3 (the capacity plan uses the "
     "observed shares)."),
])
def test_public_says_statuses_paths_and_library_files_in_words(text, shown):
    assert public(text) == shown


@pytest.mark.parametrize("text", ["admission(s) (see table A)", "Band 4 (C grade, London)", "Annex D (table 2)",
                                  "ONS (2021), table C, D and E", "costs.yaml.bak"])
def test_public_leaves_letters_that_are_not_statuses_alone(text):
    assert public(text) == text


def test_public_leaves_no_dangling_comma():
    assert public("DHSC planning requirements, see bcf-2025-26.md 4.3") == "DHSC planning requirements"


@pytest.mark.parametrize("text", ["", "NHS England (2024), table 3", "ONS, Census 2021 (table TS007)",
                                  "A (b (c) d) e"])
def test_public_leaves_text_without_notes_alone(text):
    assert public(text) == text


@given(st.text(alphabet=st.characters(blacklist_characters="§.(/", blacklist_categories=("Cs",))))
def test_text_without_note_markers_is_unchanged(text):  # statuses in a parenthesis, notes with a dot, years a slash
    assert public(text) == text


@given(st.sampled_from(["Source A (bcf.md 1.2)", "B, see evidence.md §4", "C (no URL recorded; ONS 2021)"]))
def test_public_is_idempotent(text):
    once = public(text)
    assert public(once) == once
    assert ".md" not in once and "§" not in once


def test_public_text_field_is_read_through_public():
    class Record(BaseModel):
        source: PublicText = ""

    assert Record(source="NHS Digital (bcf.md 3.1)").source == "NHS Digital"


@pytest.mark.parametrize(("text", "shown"), [
    ("£ per placement (2024/25 prices)", "£ per placement (2024-25 prices)"),
    ("costs of 2020/21 and 2021/22, then 1999/00", "costs of 2020-21 and 2021-22, then 1999-00"),
    ("2019/21 and 2024/2025 and 12024/25", "2019/21 and 2024/2025 and 12024/25"),  # not one financial year
    ("https://example.org/2024/25/report and /2024/25", "https://example.org/2024/25/report and /2024/25"),
])
def test_financial_years_are_written_as_the_tool_writes_them(text, shown):
    assert dashed_years(text) == shown
    assert public(text) == shown  # every source read through public too
