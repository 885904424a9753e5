"""The board pack's PowerPoint writing (python-pptx): slides, text, tables, native charts and chart pictures.

``Deck`` writes what it is given and decides nothing about the plan: each slide's title is its title placeholder
and comes first in the reading order (the footer last); every run of text is at least ``MIN_PT`` points, chart
pictures included (drawn at one pixel per point of the slide, :func:`slide_figure`); every picture and chart
has alternative text; tables have a marked header row; text is dark on white or white on dark blue. Native
charts keep every name as text in their embedded workbook, and two XML patches python-pptx lacks keep every
category named and a bar chart's value axis along its bottom.
"""

from __future__ import annotations

import io
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from budget.money import MINUS, gbp_short, whole
from reports import chart_pictures, charts
from reports.slide_layout import (
    BODY_BOTTOM,
    CELL_MARGIN,
    FOOTER_HEIGHT,
    FOOTER_LEFT,
    FOOTER_TOP,
    FOOTER_WIDTH,
    INSET,
    MIN_PT,
    ROW_HEIGHT,
    SUBTITLE_WIDTH,
    bullets_height,
    clipped,
    row_heights,
    table_pages,
    title_size,
)

BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x00, 0x30, 0x87)
GREY = RGBColor(0x42, 0x55, 0x63)
TEXT = RGBColor(0x21, 0x2B, 0x32)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BAND = RGBColor(0xF0, 0xF4, 0xF5)  # every other table row; body text on it is 13:1
RED = RGBColor(0xC0, 0x00, 0x00)  # 5.9:1 on white
WIDE, HIGH = Inches(13.333), Inches(7.5)
FOOTER = "Footer"  # the footer's shape name: it comes last in each slide's reading order
PICTURE_SOURCE = "Source: BCF Planner impact model (appendix)."  # under each chart picture
# The charts' colour-blind-safe series colours (reports.charts.PALETTE), each 3:1 or more against white
SERIES = tuple(RGBColor.from_string(c.lstrip("#")) for c in charts.PALETTE[:4])
TITLE_SLIDE = 0  # the default template's "Title Slide" layout


def money_axis_format(values) -> str:
    """The number format of a money axis.

    Millions ('£20m', '£2.5m') when the values reach a million pounds, whole pounds below that, with the minus sign
    before the pound sign.
    """
    top = max((abs(float(v)) for v in values), default=0.0)
    if top >= 5e6:
        body = '#,##0,,"m"'
    elif top >= 1e6:
        body = '#,##0.0,,"m"'
    else:
        body = "#,##0"
    return f'"£"{body};"{MINUS}£"{body};"£"0'



class _TextWorkbookWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook ("Edit data" in PowerPoint), every name written as a text cell.

    A category or series name beginning '=', '+', '-' or '@', or one that looks like a web
    address, stays text and never becomes a formula or a link.
    """

    _OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, self._OPTIONS)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()

    def _write_cat_column(self, worksheet, col, level, num_format):
        worksheet.set_column(col, col, 10)
        for off, name in level:
            _write_text_or_value(worksheet, off + 1, col, name, num_format)

    def _write_series(self, workbook, worksheet):
        col_offset = self._chart_data.categories.depth
        for idx, series in enumerate(self._chart_data):
            num_format = workbook.add_format({"num_format": series.number_format})
            worksheet.write_string(0, idx + col_offset, str(series.name))
            worksheet.write_column(1, idx + col_offset, series.values, num_format)


def _write_text_or_value(worksheet, row: int, col: int, value, num_format) -> None:
    if isinstance(value, str):
        worksheet.write_string(row, col, value, num_format)
    else:
        worksheet.write(row, col, value, num_format)


class _TextChartData(CategoryChartData):
    """Chart data whose embedded workbook holds names as text (see :class:`_TextWorkbookWriter`)."""

    @property
    def _workbook_writer(self):
        return _TextWorkbookWriter(self)


def _value_axis_crosses_last_category(chart) -> None:
    """Make the value axis meet the category axis at its last category.

    That is <c:valAx><c:crosses val="max"/>, the bottom of a bar chart whose categories run top to bottom. python-pptx
    sets <c:crosses> only from the other side (ValueAxis.crosses writes the category axis's element).
    """
    val_ax = chart.value_axis._element
    val_ax._remove_crosses()
    val_ax._remove_crossesAt()
    val_ax._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)


def _every_category_label(chart) -> None:
    """Every category named on its axis (<c:tickLblSkip val="1"/>).

    Without it, charts drop every other name when names at the minimum size are close together.
    """
    cat_ax = chart.category_axis._element
    for old in cat_ax.findall(qn("c:tickLblSkip")):
        cat_ax.remove(old)
    skip = cat_ax.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    after = cat_ax.find(qn("c:lblOffset"))
    if after is None:
        after = cat_ax.find(qn("c:lblAlgn"))
    if after is not None:
        after.addnext(skip)
    else:
        before = cat_ax.find(qn("c:noMultiLvlLbl"))
        before.addprevious(skip) if before is not None else cat_ax.append(skip)


TITLE_ONLY = 5  # the default template's "Title Only" layout


def describe(shape, text: str) -> None:
    """Alternative text for a picture or chart: what it shows, with its figures (cNvPr/@descr)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def style(paragraph, size: float = MIN_PT, bold: bool | None = None, color: RGBColor | None = None) -> None:
    """Size (and weight and colour) set on every run of a paragraph.

    Also set as the paragraph's default for text typed into it later: explicit on each run, so no run
    falls back to a theme's smaller size.
    """
    fonts = [paragraph.font] + [r.font for r in paragraph.runs]
    for font in fonts:
        font.size = Pt(size)
        if bold is not None:
            font.bold = bold
        if color is not None:
            font.color.rgb = color


def slide_figure(fig, width: float, height: float):
    """A copy of a chart laid out for a slide, to be shown ``width`` by ``height`` inches.

    The figure is drawn at one CSS pixel per point of the slide (72 a inch), so a font of ``MIN_PT``
    pixels is ``MIN_PT`` points on the slide; every font of the figure (ticks, axis titles, legend,
    annotations) is set to at least that. The chart's own title and source line are left to the slide
    (its title and a source line under the picture), and the legend goes above the plot.

    Args:
        fig: a plotly figure from :mod:`reports.charts`.
        width: the width it will have on the slide, in inches.
        height: the height it will have on the slide, in inches.

    Returns:
        ``(figure, width_px, height_px)``: the copy and the size to render it at.
    """
    import plotly.graph_objects as go

    out = go.Figure(fig)
    w, h = round(width * 72), round(height * 72)
    out.layout.title.text = None
    out.layout.annotations = [a for a in out.layout.annotations if a.text != charts.SOURCE]
    for a in out.layout.annotations:
        a.font.size = max(a.font.size or MIN_PT, MIN_PT)
        a.yshift = None
    out.update_layout(width=w, height=h, font=dict(size=MIN_PT), margin=dict(l=10, r=20, t=10, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                                  font=dict(size=MIN_PT)))
    out.update_xaxes(automargin=True, tickfont=dict(size=MIN_PT), title_font=dict(size=MIN_PT))
    out.update_yaxes(automargin=True, tickfont=dict(size=MIN_PT), title_font=dict(size=MIN_PT))
    # an axis title longer than its axis goes over lines (a character is about half its size wide)
    for axis, room in ((out.layout.xaxis, w - 80), (out.layout.yaxis, h - 60)):
        if axis.title.text:
            axis.title.text = "<br>".join(textwrap.wrap(axis.title.text, max(10, int(room / (MIN_PT * 0.55)))))
    return out, w, h


def reading_order(slide) -> None:
    """Set the order a screen reader reads a slide's shapes in (their order in the slide's shape tree).

    The title first, then the body top to bottom and left to right, the footer last.
    """
    tree = slide.shapes._spTree

    def key(shape):
        if shape.is_placeholder and shape.placeholder_format.idx == 0:
            return (0, 0, 0)
        if shape.name == FOOTER:
            return (2, 0, 0)
        return (1, shape.top, shape.left)

    for shape in sorted(slide.shapes, key=key):
        element = shape._element
        tree.remove(element)
        tree.append(element)


class Deck:
    """A widescreen presentation being written, every content slide carrying the same one-line footer."""

    def __init__(self, footer: str):
        """Start an empty presentation whose content slides carry ``footer`` (one line: ``footer_text``)."""
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, HIGH
        self.footer = footer

    def title_slide(self, title: str, lines: list[tuple[str, int]], warning: str = ""):
        """The title slide: its layout's title placeholder, then ``lines`` (text and size) and any ``warning``."""
        s = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_SLIDE])
        head, sub = s.shapes.title, s.placeholders[1]
        head.left, head.top, head.width, head.height = Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.2)
        sub.left, sub.top, sub.width, sub.height = Inches(0.8), Inches(2.9), Inches(11.7), Inches(2.2)
        p = head.text_frame.paragraphs[0]
        p.text = title
        p.alignment = PP_ALIGN.LEFT
        style(p, 44, bold=True, color=DARK)
        for i, (text, size) in enumerate(lines):
            q = sub.text_frame.paragraphs[0] if i == 0 else sub.text_frame.add_paragraph()
            q.text, q.alignment = text, PP_ALIGN.LEFT
            style(q, size, color=GREY)
        if warning:
            q = sub.text_frame.add_paragraph()
            q.alignment = PP_ALIGN.LEFT
            q.text = warning
            style(q, MIN_PT, bold=True, color=RED)
        return s

    def slide(self, title: str, subtitle: str = ""):
        """A new slide whose title is the layout's title placeholder, with the subtitle and footer beneath.

        The placeholder is what screen readers and PowerPoint's accessibility checker read as the
        slide's title. Title, subtitle and footer each take one line: a long title is set smaller
        (:func:`title_size`), a subtitle too long for its line is cut short with '…'.
        """
        s = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY])
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.75)
        t.text_frame.word_wrap = True
        p = t.text_frame.paragraphs[0]
        p.text = title
        p.alignment = PP_ALIGN.LEFT
        style(p, title_size(title), bold=True, color=DARK)
        if subtitle:
            box = s.shapes.add_textbox(Inches(0.6), Inches(1.0), Inches(SUBTITLE_WIDTH), Inches(0.5))
            box.text_frame.word_wrap = True
            p2 = box.text_frame.paragraphs[0]
            p2.text = clipped(subtitle, SUBTITLE_WIDTH - 2 * INSET)
            style(p2, MIN_PT, color=GREY)
        foot = s.shapes.add_textbox(
            Inches(FOOTER_LEFT), Inches(FOOTER_TOP), Inches(FOOTER_WIDTH), Inches(FOOTER_HEIGHT)
        )
        foot.name = FOOTER
        foot.text_frame.word_wrap = True  # it fits one line (footer_text): never wider than the slide
        fp = foot.text_frame.paragraphs[0]
        fp.text = self.footer
        style(fp, MIN_PT, color=GREY)
        return s

    def text(self, s, text: str, left: float, top: float, width: float, height: float = 0.45):
        """One line of secondary text (a source line, a note) at the minimum size."""
        box = s.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        box.text_frame.word_wrap = True
        p = box.text_frame.paragraphs[0]
        p.text = text
        style(p, MIN_PT, color=GREY)
        return box

    def bullets(self, s, items: list[str], top: float = 1.6, size: int = 22, left: float = 0.8, width: float = 11.8,
                height: float = 5.2):
        """A box of bullets, one paragraph each, at ``size`` points (never below the minimum)."""
        box = s.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        tf = box.text_frame
        tf.word_wrap = True
        for i, item in enumerate(items):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = f"• {item}"
            style(p, max(size, MIN_PT), color=TEXT)
            p.space_after = Pt(10)
        return box

    def table(self, s, header: list[str], rows: list[list[str]], top: float = 1.6, left: float = 0.6,
              widths: list[float] | None = None, width: float = 12.1, name: str = ""):
        """A native table, its header row marked as such (dark blue, white bold text), body rows banded.

        Every cell is at the minimum size, its text at 12:1 or more against its fill.
        """
        n_rows, n_cols = len(rows) + 1, len(header)
        shape = s.shapes.add_table(
            n_rows, n_cols, Inches(left), Inches(top), Inches(width), Inches(ROW_HEIGHT) * n_rows
        )
        if name:
            shape.name = name
        t = shape.table
        t.first_row = True
        for i, row in enumerate([header] + rows):
            for j, v in enumerate(row):
                cell = t.cell(i, j)
                cell.text = v
                cell.fill.solid()
                cell.fill.fore_color.rgb = DARK if i == 0 else (BAND if i % 2 == 0 else WHITE)
                cell.margin_left = cell.margin_right = Inches(CELL_MARGIN)
                cell.margin_top = cell.margin_bottom = Inches(0.04)
                for p in cell.text_frame.paragraphs:
                    style(p, MIN_PT, bold=i == 0, color=WHITE if i == 0 else TEXT)
        if widths:
            for j, w in enumerate(widths):
                t.columns[j].width = Inches(w)
        return t

    def table_slides(self, title: str, subtitle: str, header: list[str], rows: list[list[str]], widths: list[float],
                     after: list[str] | tuple[str, ...] = (), top: float = 1.6, name: str = "") -> list:
        """A table over as many slides as its rows need, then ``after`` (sentences at the minimum size) under it.

        Row heights are estimated from their text wrapped in their columns (:func:`row_heights`), so that no table
        runs into the footer; when there is more than one slide, each title says which of how many it is.
        Returns the slides.
        """
        after = list(after)
        below = bullets_height(after, sum(widths)) + 0.1 if after else 0.0
        room = BODY_BOTTOM - top
        pages = table_pages(header, rows, widths, room)
        last = sum(row_heights(header, pages[-1], widths))
        if after and last + below > room:
            pages.append([])  # the sentences go on a slide of their own, under the header
        slides = []
        for n, page in enumerate(pages, start=1):
            part = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
            s = self.slide(title + part, subtitle)
            if page or not after:
                self.table(s, header, page, top=top, widths=widths, width=sum(widths), name=name)
            slides.append(s)
        if after:
            height = sum(row_heights(header, pages[-1], widths)) if pages[-1] else 0.0
            self.bullets(slides[-1], after, top=top + height + 0.1, size=MIN_PT, left=0.6, width=sum(widths),
                         height=min(below, BODY_BOTTOM - top - height - 0.1))
        return slides

    def bar_chart(self, s, categories: list[str], series: dict[str, list[float]], left=0.6, top=1.6, width=12.1,
                  height=5.2, money: bool = False, horizontal: bool = False, title: str = ""):
        """A native clustered bar (``horizontal``) or column chart, every label at the minimum size.

        Its series in the charts' colours, a legend below when there is more than one, money axes in pounds
        (:func:`money_axis_format`), and alternative text giving every value.
        """
        data = _TextChartData()
        data.categories = categories
        for name, values in series.items():
            data.add_series(name, values)
        kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
        gf = s.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
        chart = gf.chart
        _chart_text(chart, len(series) > 1, title)
        _chart_axes(chart, [v for vs in series.values() for v in vs], money, horizontal)
        for i, plot_series in enumerate(chart.series):
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = SERIES[i % len(SERIES)]
        describe(gf, _chart_alt(categories, series, money, horizontal, title))
        return chart

    def picture(self, s, fig, alt: str, left: float, top: float, width: float, height: float) -> bool:
        """The chart as a picture in the box given, its fonts at least ``MIN_PT``, its source line under it.

        Returns whether it was drawn (False with no browser, or when the picture ran past its time limit).
        """
        figure, w, h = slide_figure(fig, width, height)
        png = chart_pictures.render_png(figure, width=w, height=h, scale=3)
        if png is None:
            return False
        pic = s.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), Inches(width), Inches(height))
        describe(pic, alt)
        self.text(s, PICTURE_SOURCE, left, top + height + 0.02, width)
        return True

    def picture_or_chart(self, s, fig, fallback, notes: list[str], alt: str, left: float = 0.6, top: float = 1.5,
                         width: float = 12.1, height: float = 4.9) -> None:
        """The chart as a picture in the box given (:meth:`picture`).

        With no browser, the native chart ``fallback(slide, left, top, width, height)`` draws takes its place, and
        ``notes`` gains a note saying so.
        """
        if self.picture(s, fig, alt, left, top, width, height):
            return
        fallback(s, left, top, width, height + 0.4)
        if not notes:
            notes.append("No browser was available to draw the uncertainty charts as pictures; native charts of "
                         "the P50 are shown instead.")

    def save(self, target: Path | str | BinaryIO) -> None:
        """Put every slide's shapes in reading order and save the presentation to a path or a binary file."""
        for s in self.prs.slides:
            reading_order(s)
        if isinstance(target, (str, Path)):
            self.prs.save(str(target))
        else:
            self.prs.save(target)


def _chart_text(chart, legend: bool, title: str) -> None:
    """A chart's font, its legend below the plot (when it has one) and its own title (only when given)."""
    chart.font.size, chart.font.color.rgb = Pt(MIN_PT), TEXT
    chart.has_legend = legend
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(MIN_PT)
    chart.has_title = bool(title)  # never the series name as an automatic title
    if title:
        chart.chart_title.text_frame.text = title
        style(chart.chart_title.text_frame.paragraphs[0], MIN_PT, bold=True, color=TEXT)


def _chart_axes(chart, values: list[float], money: bool, horizontal: bool) -> None:
    """A chart's value axis in pounds or counts, and every category named beside the plot.

    A horizontal chart reads its first category at the top, with the value axis still along the bottom.
    """
    chart.value_axis.tick_labels.number_format = money_axis_format(values) if money else f'#,##0;"{MINUS}"#,##0;0'
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.tick_labels.font.size = Pt(MIN_PT)
    # category names beside the plot, never on the bars, even where bars run below zero
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    chart.category_axis.tick_labels.font.size = Pt(MIN_PT)
    _every_category_label(chart)
    if horizontal:  # first category at the top, and the value axis still along the bottom
        chart.category_axis.reverse_order = True
        _value_axis_crosses_last_category(chart)


def _chart_alt(categories: list[str], series: dict[str, list[float]], money: bool, horizontal: bool,
               title: str) -> str:
    """A native chart's alternative text: its kind and title, then every series' value for every category."""
    fmt = gbp_short if money else whole
    return f"{'Bar' if horizontal else 'Column'} chart{': ' + title if title else ''}. " + " ".join(
        f"{name}: " + "; ".join(f"{c} {fmt(v)}" for c, v in zip(categories, values, strict=True)) + "."
        for name, values in series.items())
