"""Unit tests of budget/readers/grid.py: sheets as grids, merged cells, header rows found by meaning, notes, totals."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.columns import EXPENDITURE_FIELDS, INCOME_FIELDS
from budget.readers.grid import (
    HEAD_ROWS,
    Book,
    Sheet,
    best_partial_header,
    cell_name,
    find_header,
    is_totals_row,
    leading_labels,
    match_header_row,
    note_text,
)


def _bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("row", "col", "name"), [(1, 1, "A1"), (12, 4, "D12"), (3, 27, "AA3"), (9, 703, "AAA9")])
def test_cell_name(row, col, name):
    assert cell_name(row, col) == name


def test_sheet_value_is_none_outside_the_grid():
    s = Sheet(name="S", rows=[(1, 2), (3,)])
    assert (s.value(1, 2), s.value(2, 1), s.value(2, 2), s.value(0, 1), s.value(3, 1), s.value(1, 0)) == (
        2, 3, None, None, None, None)


def test_sheet_is_empty_counts_blank_markers():
    assert Sheet(name="S", rows=[(None, "  "), ("n/a",)]).is_empty
    assert not Sheet(name="S", rows=[(None, 0)]).is_empty


def test_match_header_row_finds_columns_duplicates_and_labels():
    row = (None, "Scheme  ID", "Scheme Name", "Expenditure 2023-24", "Expenditure 2024-25", 7, "Nonsense")
    columns, dups, labels = match_header_row(row, EXPENDITURE_FIELDS)
    assert columns["scheme_id"] == 2 and columns["scheme_name"] == 3 and columns["amount"] == 4
    assert dups == {"amount": [5]}
    assert labels == {2: "Scheme ID", 3: "Scheme Name", 4: "Expenditure 2023-24", 5: "Expenditure 2024-25",
                      7: "Nonsense"}


def test_find_header_needs_every_required_field_and_takes_the_fullest_row():
    rows = [("Better Care Fund",), ("Funding Stream", "Amount"), ("Funding Stream", "Amount (£)", "ICB"), ("x", 1)]
    h = find_header(Sheet(name="Income", rows=rows), INCOME_FIELDS)
    assert (h.row, h.columns, h.score) == (3, {"stream": 1, "amount": 2, "icb": 3}, 3)
    assert find_header(Sheet(name="Income", rows=[("Funding Stream", "Notes")]), INCOME_FIELDS) is None


def test_find_header_only_scans_the_first_rows():
    rows = [("x",)] * 5 + [("Funding Stream", "Amount")]
    assert find_header(Sheet(name="I", rows=rows), INCOME_FIELDS, scan=5) is None
    assert find_header(Sheet(name="I", rows=rows), INCOME_FIELDS, scan=6).row == 6


def test_best_partial_header_reports_the_row_with_most_fields():
    rows = [("Scheme ID",), ("Scheme ID", "Scheme Name", "Scheme Type"), ("Scheme ID", "Scheme Name")]
    assert best_partial_header(Sheet(name="E", rows=rows), EXPENDITURE_FIELDS) == (
        2, {"scheme_id", "scheme_name", "scheme_type"})
    assert best_partial_header(Sheet(name="E", rows=[]), EXPENDITURE_FIELDS) == (0, set())


def test_leading_labels_are_the_first_three_text_cells_of_eight():
    assert leading_labels((None, 1, "a", " ", "b", "c", "d")) == ["a", "b", "c"]
    assert leading_labels((1,) * 8 + ("late",)) == []


@pytest.mark.parametrize("text", ["Note: figures in £", "Notes 1. provisional", "Source - DHSC", "footnote: x",
                                  "  SOURCES:   a   b"])
def test_note_text_recognises_notes(text):
    assert note_text((None, text, "more")) == " ".join(text.split())


@pytest.mark.parametrize("row", [("Notebook",), ("Home first", "Note: x"), (1, "Note: x"), (None,), ()])
def test_note_text_is_none_for_other_rows(row):
    assert note_text(row) is None


def test_is_totals_row():
    assert is_totals_row(["Grand total"])
    assert is_totals_row(["x", "Sub-total"])
    assert not is_totals_row(["Total North"], whole=True)
    assert is_totals_row(["Total North"])
    assert not is_totals_row(["Total Care at Home"], needed=("Scheme type", "Minimum NHS Contribution"))
    assert is_totals_row(["Total Care at Home"], needed=("Scheme type", None))
    assert is_totals_row(["All areas"], also=frozenset({"all areas"}))
    assert not is_totals_row(["Home first"])


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=16384))
def test_cell_name_round_trips_through_openpyxl(row, col):
    from openpyxl.utils.cell import coordinate_to_tuple

    assert coordinate_to_tuple(cell_name(row, col)) == (row, col)


# ---- Book: a real workbook ---------------------------------------------------------------------
def _book():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cover"
    ws["A1"] = "Title across"
    ws.merge_cells("A1:B2")
    ws["A3"] = "HWB Code"
    ws["B3"] = "E06000001"
    hidden = wb.create_sheet("Lists")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "kept"
    long = wb.create_sheet("Long")
    for i in range(1, HEAD_ROWS + 11):
        long.append([i, i * 2])
    long.append(["Total", "=SUM(B1:B70)"])
    return Book(_bytes(wb))


def test_book_reads_heads_hidden_flags_and_merges():
    book = _book()
    try:
        names = [(s.name, s.hidden) for s in book.heads]
        assert names == [("Cover", False), ("Lists", True), ("Long", False)]
        cover = book.heads[0]
        assert [cover.value(r, c) for r in (1, 2) for c in (1, 2)] == ["Title across"] * 4
        assert cover.value(3, 2) == "E06000001"
        assert len(book.heads[2].rows) == HEAD_ROWS
    finally:
        book.close()


def test_book_full_reads_every_row_and_finds_unsaved_formulas():
    book = _book()
    try:
        full = book.full("Long")
        assert len(full.rows) == HEAD_ROWS + 11
        assert full.value(HEAD_ROWS + 10, 2) == 2 * (HEAD_ROWS + 10)
        assert full.value(HEAD_ROWS + 11, 2) is None
        assert full.formula_missing(HEAD_ROWS + 11, 2)
        assert full.formula(HEAD_ROWS + 11, 2) == "=SUM(B1:B70)"
        assert not full.formula_missing(1, 2)
        assert full.excel_error(HEAD_ROWS + 11, 2) is None
        assert book.full("Long") is full
    finally:
        book.close()


def test_open_book_refuses_in_one_sentence_naming_the_file():
    from budget.models import LoadError
    from budget.readers.grid import DAMAGED, open_book

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Scheme ID"
    buf = io.BytesIO()
    wb.save(buf)
    assert open_book(buf.getvalue(), "good.xlsx").heads  # a sound workbook opens
    with pytest.raises(LoadError) as e:
        open_book(b"PK\x03\x04 not really a workbook", "upload.xlsx")
    (problem,) = e.value.problems
    assert problem.message == DAMAGED and problem.file == "upload.xlsx"
