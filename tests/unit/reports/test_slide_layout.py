"""The board pack's wording of money against income, and the room its text takes on a slide."""

from __future__ import annotations

import pytest

from reports import board_pack as bp


@pytest.mark.parametrize("spend, income, said", [
    (50_306_200, 49_346_200, "£960,000 more than the pool's income of £49.3m"),
    (49_346_200, 48_346_200, "£1.0m more than the pool's income of £48.3m"),
    (49_306_200, 49_346_200, "within the pool's income of £49.3m (£40,000 not yet planned)"),
    (49_346_200, 49_346_200, "within the pool's income of £49.3m"),
    (49_346_200.3, 49_346_200, "within the pool's income of £49.3m"),  # pennies are rounding, not an overspend
])
def test_spend_against_income(spend, income, said):
    assert bp.against_income(spend, income) == said
    assert bp.overspends(spend, income) == ("more than" in said)


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
