"""The room text takes on a slide: widths, wrapped lines, tables split over slides, titles and the footer."""

from __future__ import annotations

import pytest

from reports import slide_layout as bp


def test_text_width_grows_with_the_text_and_its_size():
    assert bp.text_width("") == 0
    assert bp.text_width("abc", 36) == pytest.approx(2 * bp.text_width("abc", 18))
    assert bp.text_width("WWW") > bp.text_width("iii")
    assert bp.text_width("Capacity", bold=True) > bp.text_width("Capacity")


def test_lines_needed_wraps_at_word_breaks_and_breaks_a_word_wider_than_its_column():
    one = bp.text_width("Pathway or service")
    assert bp.lines_needed("Pathway or service", one + 0.01) == 1
    assert bp.lines_needed("Pathway or service", bp.text_width("Pathway or") + 0.01) == 2
    assert bp.lines_needed("first\nsecond", 10) == 2
    assert bp.lines_needed("x" * 40, bp.text_width("x" * 10) + 0.01) >= 4


def test_table_pages_keep_each_run_within_its_room_and_at_least_one_row():
    header, widths = ["Role", "Name"], [3.0, 3.0]
    rows = [[f"Role {i}", f"Person {i}"] for i in range(20)]
    pages = bp.table_pages(header, rows, widths, room=2.0)
    assert [r for page in pages for r in page] == rows
    assert all(sum(bp.row_heights(header, page, widths)) <= 2.0 for page in pages)
    assert bp.table_pages(header, rows[:1], widths, room=0.1) == [rows[:1]]  # too little room: still one row a page


def test_the_footer_is_whole_when_it_fits_and_shortened_to_one_line_when_not():
    room = bp.FOOTER_WIDTH - 2 * bp.INSET
    short = bp.footer_text("Northbrook", "2026-27", "Option A", False)
    assert short == "Northbrook · Better Care Fund 2026-27 · Option A"
    demo = bp.footer_text("Northbrook (illustrative)", "2026-27", "Plan as submitted", True)
    assert demo in ("Northbrook (illustrative) · Better Care Fund 2026-27 · Plan as submitted · ILLUSTRATIVE figures",
                    "Northbrook (illustrative) · BCF 2026-27 · Plan as submitted · ILLUSTRATIVE figures")
    assert bp.text_width(demo) <= room
    long_name = "A scenario whose name goes on and on about moving money between levers in every locality " * 3
    text = bp.footer_text("Northbrook (illustrative)", "2026-27", long_name, True)
    assert text.startswith("Northbrook (illustrative) · BCF 2026-27 · A scenario whose name")
    assert "…" in text and text.endswith(" · ILLUSTRATIVE figures") and bp.text_width(text) <= room
    both = bp.footer_text("Area " * 100, "2026-27", "Option " * 100, False)
    assert both.startswith("Area Area") and both.count("…") == 2 and bp.text_width(both) <= room


def test_a_title_is_set_at_the_largest_size_that_keeps_it_on_one_line():
    assert bp.title_size("The ask") == bp.TITLE_SIZES[0]
    long = "Beyond the plan year: what each pool buys over the whole horizon of the plan (2 of 2)"
    assert bp.title_size(long) < bp.TITLE_SIZES[0]
    assert bp.title_size("W" * 200) == bp.TITLE_SIZES[-1]  # never below the smallest


def test_clipped_text_fits_its_width_and_ends_with_an_ellipsis():
    assert bp.clipped("Short", 5.0) == "Short"
    cut = bp.clipped("A subtitle that goes on far too long for the room it has on the slide", 3.0)
    assert cut.endswith("…") and bp.text_width(cut) <= 3.0


def test_a_row_is_never_lower_than_one_line_and_grows_with_wrapped_text():
    header, widths = ["Condition", "Status"], [3.0, 2.0]
    short, long = [["C1", "Met"]], [["C1: " + "a long condition title " * 6, "Met"]]
    assert bp.row_heights(header, short, widths)[1] == bp.ROW_HEIGHT
    assert bp.row_heights(header, long, widths)[1] > bp.ROW_HEIGHT
    assert bp.bullets_height(["one", "two"], 10.0) < bp.bullets_height(["one " * 60, "two"], 10.0)


def test_chunks_are_runs_of_at_most_the_size_and_never_none():
    assert bp.chunks([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert bp.chunks([], 2) == [[]]
