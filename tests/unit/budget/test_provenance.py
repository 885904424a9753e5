"""Unit tests of budget/provenance.py: sources shown without the project's own research-note references."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from budget.provenance import PublicText, public


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


def test_public_leaves_no_dangling_comma():
    assert public("DHSC planning requirements, see bcf-2025-26.md 4.3") == "DHSC planning requirements"


@pytest.mark.parametrize("text", ["", "NHS England (2024), table 3", "ONS, Census 2021 (table TS007)",
                                  "A (b (c) d) e"])
def test_public_leaves_text_without_notes_alone(text):
    assert public(text) == text


@given(st.text(alphabet=st.characters(blacklist_characters="§.", blacklist_categories=("Cs",))))
def test_text_without_note_markers_is_unchanged(text):
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
