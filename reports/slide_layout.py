"""How much room text takes on a slide of the board pack, so that nothing runs off a slide or into its footer.

Estimates, in inches, of text's width and height at a size in points, the rows of a table that fit on a slide,
a title's size, and the footer fitted to one line. Every run of text on every slide is at least ``MIN_PT``.
"""

from __future__ import annotations

import math

# Every run of text on every slide (titles, bullets, tables, footers, chart labels and the text inside chart
# pictures at the size the picture is shown) is at least this size, as recommended for presentations read
# on a screen or with a magnifier.
MIN_PT = 18
# The footer's box: one line at the minimum size, across the slide below the body
FOOTER_LEFT, FOOTER_TOP, FOOTER_WIDTH, FOOTER_HEIGHT = 0.3, 6.97, 12.73, 0.45
SUBTITLE_WIDTH = 12.43  # from under the title to as near the slide's right edge as the footer goes
BODY_BOTTOM = 6.9  # the body of a slide (tables, text, charts) ends above the footer
INSET = 0.1  # a text box's left and right margins, in inches (python-pptx's and PowerPoint's default)
CELL_MARGIN = 0.08  # a table cell's left and right margins, in inches (see reports.pptx_deck.Deck.table)
ROW_HEIGHT = 0.4  # a table row's height when its text takes one line
LINE_SPACING = 1.2  # a line of text is this many times its font size high

# Glyph widths in ems by kind of character, a little above those of the sans-serif fonts a slide is shown in
# (Calibri in PowerPoint; Carlito or DejaVu Sans where it is not installed), so that an estimate errs long.
_WIDE_GLYPHS = "MWmw@%&—"
_NARROW_GLYPHS = " .,:;'’!|()[]·ijlIft/-"
_BOLD = 1.12


def text_width(text: str, size: float = MIN_PT, bold: bool = False) -> float:
    """An estimate, in inches, of how wide ``text`` is drawn on one line at ``size`` points."""
    ems = 0.0
    for ch in text:
        if ch in _WIDE_GLYPHS:
            ems += 1.0
        elif ch in _NARROW_GLYPHS:
            ems += 0.36
        elif ch.isupper():
            ems += 0.74
        elif ch.isdigit():
            ems += 0.64
        else:
            ems += 0.62
    return ems * size / 72 * (_BOLD if bold else 1.0)


def lines_needed(text: str, width: float, size: float = MIN_PT, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at word breaks into a column ``width`` inches wide."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if text_width(trial, size, bold) <= width:
                line = trial
                continue
            lines += bool(line)  # the word starts a line of its own
            parts = max(1, math.ceil(text_width(word, size, bold) / width))  # a word wider than the column breaks
            lines += parts - 1
            line = word[len(word) * (parts - 1) // parts:]
    return max(lines, 1)


def line_height(size: float = MIN_PT) -> float:
    """The height of one line of text at ``size`` points, in inches."""
    return size * LINE_SPACING / 72


def row_heights(header: list[str], rows: list[list[str]], widths: list[float], size: float = MIN_PT) -> list[float]:
    """An estimate of each row's height (the header first), in inches, with its cells' text wrapped in their columns."""
    out = []
    for i, row in enumerate([header] + rows):
        lines = max(lines_needed(v, w - 2 * CELL_MARGIN, size, bold=i == 0) for v, w in zip(row, widths, strict=True))
        out.append(max(ROW_HEIGHT, lines * line_height(size) + 0.1))
    return out


def bullets_height(items: list[str], width: float, size: float = MIN_PT) -> float:
    """An estimate, in inches, of the height of a box of bullets ``width`` inches wide.

    As ``reports.pptx_deck.Deck.bullets`` draws it.
    """
    body = sum(lines_needed(f"• {x}", width - 2 * INSET, size) * line_height(size) + 10 / 72 for x in items)
    return body + 0.1


def clipped(text: str, width: float, size: float = MIN_PT) -> str:
    """``text`` cut at the end, with '…', to fit ``width`` inches on one line (whole if it fits)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text.rstrip() + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


TITLE_SIZES = (32, 28, 24)  # a slide's title, in points: the largest that keeps it on one line


def title_size(title: str, width: float = 12.1) -> int:
    """The size a slide's title is set at: the largest of ``TITLE_SIZES`` at which it fits one line of its box."""
    return next((size for size in TITLE_SIZES if text_width(title, size, bold=True) <= width - 2 * INSET),
                TITLE_SIZES[-1])


def footer_text(area: str, year: str, scenario: str, illustrative: bool) -> str:
    """The footer every content slide carries, made to fit one line of its box at the minimum size.

    Area, fund and year, scenario and (for the demo) a warning that the figures are illustrative; when that is too
    long, the fund is written 'BCF', then the scenario's name is shortened, then the area's.
    """
    room = FOOTER_WIDTH - 2 * INSET
    tail = " · ILLUSTRATIVE figures" if illustrative else ""
    for fund in (f"Better Care Fund {year}", f"BCF {year}"):
        text = f"{area} · {fund} · {scenario}{tail}"
        if text_width(text) <= room:
            return text
    fixed = f" · BCF {year} · "
    name_room = room - text_width(area + fixed + tail)
    if name_room >= text_width("M" * 10):
        return f"{area}{fixed}{clipped(scenario, name_room)}{tail}"
    name = clipped(scenario, text_width("M" * 10))
    return f"{clipped(area, room - text_width(fixed + name + tail))}{fixed}{name}{tail}"


def table_pages(header: list[str], rows: list[list[str]], widths: list[float], room: float) -> list[list[list[str]]]:
    """``rows`` in runs that each fit, under the header, in ``room`` inches of height (at least one row a run)."""
    heights = row_heights(header, rows, widths)
    pages: list[list[list[str]]] = [[]]
    used = heights[0]
    for row, h in zip(rows, heights[1:], strict=True):
        if pages[-1] and used + h > room:
            pages.append([])
            used = heights[0]
        pages[-1].append(row)
        used += h
    return pages


def chunks(items: list, size: int) -> list[list]:
    """``items`` in runs of at most ``size`` (at least one run, possibly empty)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
