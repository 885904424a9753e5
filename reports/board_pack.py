"""The Health and Wellbeing Board pack (PowerPoint, python-pptx).

Simple charts are native, editable PowerPoint charts; the uncertainty charts (fan chart, metric
trajectory, chance of a net saving) are pictures rendered from plotly by kaleido with Debian's
chromium. One kaleido browser serves the whole process, behind a lock, and every picture has a time
limit; with no browser the pack is still produced with native charts and a note saying so.

Made to be read with a screen reader or a magnifier: every slide's title is its title placeholder and
comes first in the reading order (the footer last); every run of text is at least ``MIN_PT`` points,
chart pictures included (drawn at one pixel per point of the slide, :func:`slide_figure`); every
picture has alternative text with its figures and a native table of the same figures beside it or on
the next slide; text is dark on white or white on dark blue.
"""

from __future__ import annotations

import atexit
import base64
import datetime as dt
import io
import json
import math
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
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

from budget.assurance import SEVERITY_WORDS, ConditionAssurance, assure, sign_off_rows
from budget.models import Plan
from budget.money import MINUS, gbp_price, gbp_short, number, whole
from budget.reference import LEVER_LABELS, load_reference
from budget.submission import Signatory, Submission
from reports import charts
from scenarios.assumptions import UnitCostFile, load_assumptions
from scenarios.capacity import CapacityPlan, capacity_plan
from scenarios.goals import Goal, goals, plan_weights
from scenarios.schema import Scenario, ScenarioError
from scenarios.spend import spend_by_lever
from scenarios.views import HEADLINE_OUTCOMES, Summary, label

BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x00, 0x30, 0x87)
GREY = RGBColor(0x42, 0x55, 0x63)
TEXT = RGBColor(0x21, 0x2B, 0x32)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BAND = RGBColor(0xF0, 0xF4, 0xF5)  # every other table row; body text on it is 13:1
WIDE, HIGH = Inches(13.333), Inches(7.5)
# Every run of text on every slide (titles, bullets, tables, footers, chart labels and the text inside chart
# pictures at the size the picture is shown) is at least this size, as recommended for presentations read
# on a screen or with a magnifier.
MIN_PT = 18
FOOTER = "Footer"  # the footer's shape name: it comes last in each slide's reading order
# The footer's box: one line at the minimum size, across the slide below the body
FOOTER_LEFT, FOOTER_TOP, FOOTER_WIDTH, FOOTER_HEIGHT = 0.3, 6.97, 12.73, 0.45
SUBTITLE_WIDTH = 12.43  # from under the title to as near the slide's right edge as the footer goes
BODY_BOTTOM = 6.9  # the body of a slide (tables, text, charts) ends above the footer
INSET = 0.1  # a text box's left and right margins, in inches (python-pptx's and PowerPoint's default)
CELL_MARGIN = 0.08  # a table cell's left and right margins, in inches (see _Deck.table)
ROW_HEIGHT = 0.4  # a table row's height when its text takes one line
LINE_SPACING = 1.2  # a line of text is this many times its font size high
OPTIONS_PER_SLIDE = 2
PICTURE_SOURCE = "Source: BCF Planner impact model (appendix)."  # under each chart picture
# The charts' colour-blind-safe series colours (reports.charts.PALETTE), each 3:1 or more against white
SERIES = tuple(RGBColor.from_string(c.lstrip("#")) for c in charts.PALETTE[:4])
IMAGE_TIMEOUT_S = 30

_KALEIDO_LOCK = threading.Lock()  # one picture at a time in this process


def browser_available() -> bool:
    """Whether a Chromium the chart pictures can be drawn with is installed."""
    return bool(shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome"))


class _Renderer:
    """One process of its own draws every chart picture (``reports/picture_worker.py``, one kaleido browser).

    Each request carries a number and its answer must carry the same one. A picture not back within its
    time limit is abandoned by killing that process and the browser it started, so nothing it was drawing
    can reach a later caller; the next picture starts a fresh process.
    """

    def __init__(self):
        self._proc: subprocess.Popen | None = None
        self._asked = 0
        atexit.register(self.close)

    def _process(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen([sys.executable, "-m", "reports.picture_worker"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
                                          cwd=str(Path(__file__).resolve().parents[1]))
        return self._proc

    def _read(self, fd: int, n: int, deadline: float) -> bytes:
        out = bytearray()
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise FutureTimeout
            chunk = os.read(fd, n - len(out))
            if not chunk:
                raise RuntimeError("the picture process stopped")
            out += chunk
        return bytes(out)

    def render(self, fig, opts: dict, timeout: float) -> bytes:
        """The picture's bytes; raises TimeoutError (after stopping the process) when it takes too long."""
        from reports.picture_worker import frame

        deadline = time.monotonic() + timeout
        self._asked += 1
        asked = self._asked
        try:
            proc = self._process()
            proc.stdin.write(frame({"id": asked, "fig": json.loads(fig.to_json()), "opts": opts}))
            proc.stdin.flush()
            fd = proc.stdout.fileno()
            (n,) = struct.unpack(">I", self._read(fd, 4, deadline))
            answer = json.loads(self._read(fd, n, deadline))
        except BaseException:
            self.close()  # whatever it was drawing goes with it
            raise
        if answer.get("id") != asked:  # never expected: an answer to another request is never handed on
            self.close()
            raise RuntimeError("the picture process answered another request")
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return base64.b64decode(answer["png"])

    def close(self) -> None:
        """Stop the picture process and the browser it started."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with suppress(Exception):
                proc.wait(timeout=10)
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                with suppress(Exception):
                    stream.close()


_RENDERER = _Renderer()


def render_png(fig, width: int = 1200, height: int = 620, timeout: float = IMAGE_TIMEOUT_S,
               scale: float = 1.5) -> bytes | None:
    """A plotly figure as PNG bytes, or None when no browser is available or it takes too long.

    Args:
        fig: the plotly figure.
        width: its width in CSS pixels (the unit of its font sizes).
        height: its height in CSS pixels.
        timeout: seconds to wait before giving up.
        scale: device pixels per CSS pixel in the PNG.
    """
    if not browser_available():
        return None
    with _KALEIDO_LOCK:
        try:
            return _RENDERER.render(fig, dict(format="png", width=width, height=height, scale=scale), timeout)
        except (FutureTimeout, Exception):
            return None


def _money(x: float) -> str:
    """Money in slide text: '£2.5m' from a million pounds, else whole pounds (budget.money.gbp_short)."""
    return gbp_short(x)


def _signed(x: float) -> str:
    """A change in a count with its sign: +106, −206, 0."""
    return f"+{x:,.0f}" if round(x) > 0 else (f"−{abs(x):,.0f}" if round(x) < 0 else "0")


def _price(x: float) -> str:
    """A unit cost as written in slide text: pence only where there are any (£2,711; £28.53)."""
    return gbp_price(x)


def money_axis_format(values) -> str:
    """The number format of a money axis.

    Millions ('£20m', '£2.5m') when the values reach a million pounds, whole pounds below that, with the minus sign before the pound sign.
    """
    top = max((abs(float(v)) for v in values), default=0.0)
    if top >= 5e6:
        body = '#,##0,,"m"'
    elif top >= 1e6:
        body = '#,##0.0,,"m"'
    else:
        body = "#,##0"
    return f'"£"{body};"{MINUS}£"{body};"£"0'


def unit_cost_text(unit_costs: UnitCostFile) -> str:
    """The unit costs the appendix quotes, as the assumption library holds them."""
    c = unit_costs.costs
    prices = f" {unit_costs.prices}" if unit_costs.prices else ""
    return (f"Unit costs{prices}: non-elective spell {_price(c.emergency_admission.value)}; "
            f"A&E attendance {_price(c.ae_attendance.value)}; home-care hour {_price(c.home_care_hour.value)}.")


def _fmt(outcome: str, x: float) -> str:
    return _money(x) if outcome.endswith("_gbp") else whole(x)


# --- how much room text takes on a slide --------------------------------------------------------------
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
    """An estimate of the height of a box of bullets (``_Deck.bullets``) ``width`` inches wide, in inches."""
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


# --- money and figures the slides state -----------------------------------------------------------------
def plan_year_spend(plan: Plan, view: Summary) -> float:
    """The spend in the plan year after the scenario's changes: the plan's lines and the Summary's change in spend."""
    return plan.total_expenditure + view.spend_change_gbp


def against_income(spend: float, income: float) -> str:
    """How spend stands against the pool's income, in words.

    '£1.0m more than the pool's income of £48.3m' when it overspends; else 'within the pool's income of £49.3m',
    with what is left unplanned when that is £1 or more.
    """
    if spend > income + 0.5:
        return f"{_money(spend - income)} more than the pool's income of {_money(income)}"
    left = income - spend
    return f"within the pool's income of {_money(income)}" + (
        f" ({_money(left)} not yet planned)" if left >= 1 else "")


def overspends(spend: float, income: float) -> bool:
    """True when spend is more than the pool's income (by more than rounding to the penny)."""
    return spend > income + 0.5


def plan_year_stat(view: Summary, outcome: str):
    """What the whole pool buys of an outcome in the plan year: P10/P50/P90 (``Summary.by_year``)."""
    return view.by_year[view.years[0]][outcome]


def span(view: Summary) -> str:
    """The years of the horizon in words: '5 years, 2026-27 to 2030-31'."""
    return f"{len(view.years)} years, {view.years[0]} to {view.years[-1]}" if len(view.years) > 1 else view.years[0]


def goal_rows(found: tuple[Goal, ...]) -> list[list[str]]:
    """The goals slide's rows: metric, baseline with its period, the plan year's forecast, the goal, the chance."""
    rows = []
    for g in found:
        base, p10, p50, p90, goal = (number(x, g.digits) for x in (g.baseline, g.forecast_p10, g.forecast_p50,
                                                                   g.forecast_p90, g.goal))
        rows.append([g.label, f"{base} ({g.baseline_period})", f"{p50} ({p10} to {p90})",
                     f"{goal} ({'set by the area' if g.set_by_area else 'suggested'})", f"{g.probability_met:.0%}"])
    return rows


def capacity_rows(cap: CapacityPlan) -> list[list[str]]:
    """The capacity slide's rows: each pathway and service with its demand, capacity and gap over the plan year."""
    return [[f.label, whole(sum(f.demand)), whole(sum(f.capacity)), whole(sum(f.capacity) - sum(f.demand))]
            for f in _flows(cap)]


def _flows(cap: CapacityPlan) -> list:
    """Every discharge pathway, then every community service."""
    return [*cap.discharge.values(), *cap.community.values()]


def largest_gap_sentence(cap: CapacityPlan) -> str:
    """The pathway or service whose demand most exceeds its capacity over the year, in a sentence."""
    flows = _flows(cap)
    if not flows:
        return "There is no pathway or service to compare."
    worst = min(flows, key=lambda f: sum(f.capacity) - sum(f.demand))
    demand, capacity = sum(worst.demand), sum(worst.capacity)
    short = round(demand - capacity)
    if short <= 0:
        return f"Capacity covers demand on every pathway and service over {cap.year}."
    months = sum(c - d <= -0.5 for c, d in zip(worst.capacity, worst.demand, strict=True))
    return (f"Largest shortfall: {worst.label}, {whole(short)} people short in {cap.year} (demand {whole(demand)}, "
            f"capacity {whole(capacity)}), short " + ("every month." if months == len(worst.demand) else
                                                       f"in {months} of {len(worst.demand)} months."))


def checks_words(c: ConditionAssurance) -> str:
    """What the BCF rules' checks on the plan found for a condition: what needs attention, else that all passed."""
    flagged = [f for f in c.findings if f.severity != "green"]
    if flagged:
        return "; ".join(f"{SEVERITY_WORDS[f.severity]}: {f.title}" for f in flagged)
    if c.findings:
        return f"Green: {len(c.findings)} check{'s' if len(c.findings) != 1 else ''} passed"
    return "No check bears on it"


def condition_rows(conditions: tuple[ConditionAssurance, ...]) -> list[list[str]]:
    """The national conditions slide's rows: condition, the area's status, what the checks on the plan found."""
    return [[f"{c.condition.code}: {c.condition.title}", c.status, checks_words(c)] for c in conditions]


def signatory_rows(rows: tuple[Signatory, ...]) -> list[list[str]]:
    """The sign-off slide's rows: role, organisation, name and the date signed, or what is still missing."""
    return [[s.role, s.organisation or "Not named", s.name or "Not yet named",
             s.signed_on.strftime("%-d %B %Y") if s.signed_on is not None else "Not signed"] for s in rows]


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

    That is <c:valAx><c:crosses val="max"/>, the bottom of a bar chart whose categories run top to bottom. python-pptx sets <c:crosses>
    only from the other side (ValueAxis.crosses writes the category axis's element).
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


class _Deck:
    def __init__(self, plan: Plan, view: Summary):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, HIGH
        self.plan, self.view = plan, view
        self.footer = footer_text(plan.area.name, plan.year, view.scenario_name, plan.illustrative)

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
        foot = s.shapes.add_textbox(Inches(FOOTER_LEFT), Inches(FOOTER_TOP), Inches(FOOTER_WIDTH), Inches(FOOTER_HEIGHT))
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
        shape = s.shapes.add_table(n_rows, n_cols, Inches(left), Inches(top), Inches(width), Inches(ROW_HEIGHT) * n_rows)
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
                cell.margin_left = cell.margin_right = Inches(0.08)
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
        data = _TextChartData()
        data.categories = categories
        for name, values in series.items():
            data.add_series(name, values)
        kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
        gf = s.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
        chart = gf.chart
        chart.font.size, chart.font.color.rgb = Pt(MIN_PT), TEXT
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
            chart.legend.font.size = Pt(MIN_PT)
        values = [v for vs in series.values() for v in vs]
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
        chart.has_title = bool(title)  # never the series name as an automatic title
        if title:
            chart.chart_title.text_frame.text = title
            style(chart.chart_title.text_frame.paragraphs[0], MIN_PT, bold=True, color=TEXT)
        for i, plot_series in enumerate(chart.series):
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = SERIES[i % len(SERIES)]
        fmt = gbp_short if money else whole
        describe(gf, f"{'Bar' if horizontal else 'Column'} chart{': ' + title if title else ''}. " + " ".join(
            f"{name}: " + "; ".join(f"{c} {fmt(v)}" for c, v in zip(categories, values, strict=True)) + "."
            for name, values in series.items()))
        return chart

    def picture_or_chart(self, s, fig, fallback, notes: list[str], alt: str, left: float = 0.6, top: float = 1.5,
                         width: float = 12.1, height: float = 4.9) -> None:
        """The chart as a picture in the box given, its fonts at least ``MIN_PT`` at that size.

        Its source goes under it; with no browser, the native chart ``fallback(slide, left, top, width,
        height)`` draws takes its place.
        """
        figure, w, h = slide_figure(fig, width, height)
        png = render_png(figure, width=w, height=h, scale=3)
        if png is not None:
            pic = s.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top), Inches(width), Inches(height))
            describe(pic, alt)
            self.text(s, PICTURE_SOURCE, left, top + height + 0.02, width)
        else:
            fallback(s, left, top, width, height + 0.4)
            if not notes:
                notes.append("No browser was available to draw the uncertainty charts as pictures; native charts of "
                             "the P50 are shown instead.")


def chunks(items: list, size: int) -> list[list]:
    """``items`` in runs of at most ``size`` (at least one run, possibly empty)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def fan_rows(view: Summary, outcome: str = "emergency_admissions_avoided") -> list[list[str]]:
    """The fan chart's figures as its table on the slide gives them: year, P10, P50, P90."""
    return [[y, whole(view.by_year[y][outcome]["p10"]), whole(view.by_year[y][outcome]["p50"]),
             whole(view.by_year[y][outcome]["p90"])] for y in view.years]


def metric_rows(view: Summary, metric: str = "emergency_admissions_65_plus_per_100k") -> list[list[str]]:
    """A BCF metric's trajectories as the table after its chart gives them, one row a year."""
    m = view.metrics[metric]
    return [[y, f"{a:,.1f}", f"{b:,.1f}", f"{c:,.1f}", f"{e:,.1f}"] for y, a, b, c, e in zip(
        m.years, m.with_todays_services, m.without_pool.p50, m.with_plan.p50, m.with_scenario.p50, strict=True)]


def payback_rows(view: Summary) -> list[list[str]]:
    """The cumulative chart of the changes' net present value, as the table beside it gives it."""
    npv, samples = view.appraisal_change.net_present_value, view.change_npv_samples
    share = sum(x > 0 for x in samples) / len(samples) if samples else 0.0
    return [["Runs", f"{len(samples):,}"], ["Runs in which the changes pay back", f"{share:.0%}"],
            ["P10", _money(npv.p10)], ["P50", _money(npv.p50)], ["P90", _money(npv.p90)]]


def write_board_pack(target: Path | str | BinaryIO, plan: Plan, view: Summary, *,
                     options: list[Summary] | None = None, other_stance: Summary | None = None,
                     scenario: Scenario | None = None) -> str:
    """Write the board pack to `target`; returns a note ('' when every picture was drawn).

    The Better Care Fund is agreed a year at a time, so the ask, the options, the goals, capacity and demand and
    the conditions speak of the plan year (the first of the horizon); the later years, which assume the spend
    continues in real terms, follow under "Beyond the plan year". Wherever the pack states what is planned, it
    says when that is more than the pool's income.

    ``scenario`` is the scenario ``view`` was modelled from: the spend and capacity slides follow its changes, and
    the goals, conditions and sign-off follow its submission (when it is not given: the plan as submitted, with no
    goals, answers or signatures entered).
    """
    d = _Deck(plan, view)
    notes: list[str] = []
    submission = scenario.submission if scenario is not None else Submission()
    opts = options or [view]
    _title_slide(d, plan, view)
    _ask_slide(d, plan, view)
    _money_slides(d, plan, view, scenario)
    _option_slides(d, plan, view, opts)
    _goals_slide(d, view, submission)
    _capacity_slide(d, plan, view, scenario, submission)
    _conditions_slides(d, plan, view, submission)
    _beyond_slides(d, view, opts)
    _horizon_slides(d, view, notes)
    _assurance_slides(d, view, other_stance)
    _closing_slides(d, view, notes)
    for s in d.prs.slides:
        reading_order(s)
    if isinstance(target, (str, Path)):
        d.prs.save(str(target))
    else:
        d.prs.save(target)
    return " ".join(notes)


def _title_slide(d: _Deck, plan: Plan, view: Summary) -> None:
    """The title slide layout's title and subtitle placeholders."""
    s = d.prs.slides.add_slide(d.prs.slide_layouts[0])
    title, sub = s.shapes.title, s.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.2)
    sub.left, sub.top, sub.width, sub.height = Inches(0.8), Inches(2.9), Inches(11.7), Inches(2.2)
    p = title.text_frame.paragraphs[0]
    p.text = f"Better Care Fund {plan.year}"
    p.alignment = PP_ALIGN.LEFT
    style(p, 44, bold=True, color=DARK)
    for i, (text, size) in enumerate(((plan.area.name, 30), (f"Health and Wellbeing Board · {view.scenario_name}", 20),
                                      (dt.date.today().strftime("%-d %B %Y"), 18))):
        q = sub.text_frame.paragraphs[0] if i == 0 else sub.text_frame.add_paragraph()
        q.text, q.alignment = text, PP_ALIGN.LEFT
        style(q, size, color=GREY)
    if plan.illustrative:
        q = sub.text_frame.add_paragraph()
        q.alignment = PP_ALIGN.LEFT
        q.text = "Illustrative demo area: every figure is made up."
        style(q, MIN_PT, bold=True, color=RGBColor(0xC0, 0x00, 0x00))  # 5.9:1 on white


def _ask_slide(d: _Deck, plan: Plan, view: Summary) -> None:
    """What the board is asked to agree, in the plan year's figures.

    The money, what the option changes and what the pool buys.
    """
    year, income = view.years[0], plan.total_income
    s = d.slide("The ask", f"{plan.area.name}, {plan.year}")
    planned = plan.total_expenditure
    agree = (f"Agree the Better Care Fund plan for {year}: a pooled budget of {_money(income)} with "
             f"{_money(planned)} planned across {len(plan.lines)} expenditure lines"
             + (f", {against_income(planned, income)}." if overspends(planned, income) else "."))
    if view.has_changes:
        spend = plan_year_spend(plan, view)
        c = view.changes_in_plan_year.get("emergency_admissions_avoided")
        effect = (f" Against the plan as submitted, in {year} it changes emergency admissions of people aged 65+ "
                  f"avoided by {_signed(c['p50'])} (80% range {_signed(c['p10'])} to {_signed(c['p90'])}; better in "
                  f"{c['probability_better']:.0%} of runs)." if c is not None else "")
        what_changes = (f"With its changes, {_money(spend)} is planned in {year}, "
                        f"{against_income(spend, income)}." + effect)
    else:
        what_changes = "This is the plan as submitted: no changes are proposed against it."
    ea, hours = plan_year_stat(view, "emergency_admissions_avoided"), plan_year_stat(view, "home_care_hours_saved")
    d.bullets(s, [
        agree,
        f"Option presented: {view.scenario_name}. {what_changes}",
        f"What the whole pool buys in {year}: about {whole(ea['p50'])} emergency admissions of people aged 65+ "
        f"avoided (80% range {whole(ea['p10'])} to {whole(ea['p90'])}) and {whole(hours['p50'])} home-care hours "
        "saved.",
        "Much of the pool funds statutory duties (Care Act reablement and carers' support, the Disabled Facilities "
        "Grant), whose value is not only in activity avoided.",
        "Delegate sign-off of the planning template to the chief executives and the section 151 officer.",
    ], size=20)


def _money_slides(d: _Deck, plan: Plan, view: Summary, scenario: Scenario | None) -> None:
    """Income by funding stream, then spend by lever in the plan year against that income, a slide each."""
    ref = load_reference(plan.year)
    year = view.years[0]
    changed = scenario is not None and bool(scenario.changes)
    s = d.slide("The money: income", "Pooled income by funding stream")
    income = plan.income_by_stream()
    total = plan_year_spend(plan, view)  # the Summary's: the same as spend_by_lever's total after the changes
    after = " after the scenario's changes" if view.has_changes else ""
    d.text(s, f"Spend planned in {year}{after}: {_money(total)}, {against_income(total, plan.total_income)}.",
           0.6, 1.45, 12.1, 0.75)
    d.bar_chart(s, [ref.stream_name(k) for k in income], {"Income (£)": list(income.values())}, money=True,
                horizontal=True, title="Pool by funding stream", top=2.25, height=BODY_BOTTOM - 2.25)
    s = d.slide("The money: spend", f"Spend by lever in {year}"
                + (" after the scenario's changes" if changed else " as planned"))
    by_lever = sorted(((v, k) for k, v in spend_by_lever(plan, scenario).items() if abs(v) >= 0.5), reverse=True)
    # no chart title (the slide's says it): the height goes to the lever names, every one at the minimum size
    d.bar_chart(s, [LEVER_LABELS[k] for _, k in by_lever], {"Spend (£)": [v for v, _ in by_lever]}, money=True,
                horizontal=True, top=1.45, height=5.45)


def _option_slides(d: _Deck, plan: Plan, view: Summary, opts: list[Summary]) -> None:
    """The options in the plan year, at most two a slide so that the tables are read at the minimum size.

    What each pool buys, then what each option changes against the plan as submitted and what it spends.
    """
    year, income = view.years[0], plan.total_income
    groups = chunks(opts, OPTIONS_PER_SLIDE)
    for n, group in enumerate(groups, start=1):
        part = f" ({n} of {len(groups)})" if len(groups) > 1 else ""
        rest = (12.1 - 4.3) / max(len(group), 1)
        s = d.slide("The options: what each pool buys" + part, f"In {year}: P50 with the 80% range")
        rows = [[label(o)] + [f"{_fmt(o, plan_year_stat(v, o)['p50'])} ({_fmt(o, plan_year_stat(v, o)['p10'])} to "
                              f"{_fmt(o, plan_year_stat(v, o)['p90'])})" for v in group] for o in HEADLINE_OUTCOMES]
        d.table(s, ["Outcome"] + [o.scenario_name for o in group], rows, widths=[4.3] + [rest] * len(group))
        s = d.slide("The options: what each changes" + part,
                    f"In {year}, against the plan as submitted; the pool's income is {_money(income)}")

        def changed(v: Summary) -> str:
            c = v.changes_in_plan_year.get("emergency_admissions_avoided")
            if not v.has_changes or c is None:
                return "no changes"
            return f"{_signed(c['p50'])}; {c['probability_better']:.0%}"

        def spent(v: Summary) -> str:
            x = plan_year_spend(plan, v)
            return f"{_money(x)}: " + (f"{_money(x - income)} more than the pool's income" if overspends(x, income)
                                       else "within the pool's income")

        rows = [[f"Change in admissions avoided in {year} (P50; chance better)"] + [changed(v) for v in group],
                [f"Spend planned in {year}"] + [spent(v) for v in group]]
        d.table(s, ["What changes"] + [o.scenario_name for o in group], rows, widths=[4.3] + [rest] * len(group))


def _goals_slide(d: _Deck, view: Summary, submission: Submission) -> None:
    """Each BCF metric's baseline, the plan year's forecast, the goal in force and the chance of meeting it."""
    year = view.years[0]
    title = "Goals for the BCF metrics"
    with_what = "the scenario's changes" if view.has_changes else "the plan"
    try:
        found = goals(view, submission, plan_weights(submission))
    except ScenarioError as e:
        d.bullets(d.slide(title, year), [f"The goals could not be worked out: {e}."], size=MIN_PT)
        return
    d.table_slides(
        title, f"{year}: forecast with {with_what}, goal and chance of meeting it",
        ["BCF metric", "Baseline (period)", "Forecast: P50 (80% range)", "Goal", "Chance"],
        goal_rows(found), [3.9, 2.7, 2.3, 1.8, 1.4], name="Goals for the BCF metrics",
        after=["Forecast: today's trend less the plan's effect. Suggested goal: the forecast's P50. Chance: the share "
               "of the model's runs at or below the goal."])


def _capacity_slide(d: _Deck, plan: Plan, view: Summary, scenario: Scenario | None, submission: Submission) -> None:
    """Intermediate-care demand, capacity and gap over the plan year, by discharge pathway and community service."""
    year = view.years[0]
    changed = scenario is not None and bool(scenario.changes)
    title = "Capacity and demand"
    subtitle = (f"Intermediate care in {year}, people a year"
                + (" after the scenario's changes" if changed else " as planned"))
    try:
        cap = capacity_plan(plan, submission=submission, scenario=scenario)
    except ScenarioError as e:
        d.bullets(d.slide(title, subtitle), [f"Capacity and demand could not be worked out: {e}."], size=MIN_PT)
        return
    d.table_slides(title, subtitle, ["Pathway or service", "Demand", "Capacity", "Gap"], capacity_rows(cap),
                   [6.9, 1.73, 1.73, 1.74], name="Capacity and demand",
                   after=[largest_gap_sentence(cap) + " Gap = capacity − demand; capacity is each line's planned "
                          "outputs, else its spend ÷ a unit cost."])


def _conditions_slides(d: _Deck, plan: Plan, view: Summary, submission: Submission) -> None:
    """The national conditions with the area's status and the checks on the plan, then who signs the plan off."""
    year, income = view.years[0], plan.total_income
    conditions = assure(plan, submission)
    notes = [w for c in conditions for w in c.warnings]
    spend = plan_year_spend(plan, view)
    if view.has_changes and overspends(spend, income):
        notes.append(f"The checks read the plan's own lines. With the scenario's changes, {_money(spend)} is "
                     f"planned in {year}: {against_income(spend, income)}.")
    d.table_slides("National conditions", f"{year}: the status the area gives each condition, and the checks",
                   ["Condition", "Status", "What the checks on the plan found"], condition_rows(conditions),
                   [4.3, 2.2, 5.6], name="National conditions", after=notes)
    rows = sign_off_rows(plan, submission)
    signed = sum(s.signed_on is not None for s in rows)
    who = (f"None of the {len(rows)} signatories has signed yet" if signed == 0
           else f"{signed} of {len(rows)} signatories have signed" if signed < len(rows)
           else f"All {len(rows)} signatories have signed")
    d.table_slides("Sign-off", who, ["Role", "Organisation", "Name", "Signed on"], signatory_rows(rows),
                   [2.9, 4.5, 2.4, 2.3], name="Sign-off")


def _beyond_slides(d: _Deck, view: Summary, opts: list[Summary]) -> None:
    """Over the whole horizon, if the spend continues in real terms: what each pool buys, then what each changes."""
    groups = chunks(opts, OPTIONS_PER_SLIDE)
    for n, group in enumerate(groups, start=1):
        part = f" ({n} of {len(groups)})" if len(groups) > 1 else ""
        rest = (12.1 - 4.3) / max(len(group), 1)
        widths = [4.3] + [rest] * len(group)
        rows = [[label(o)] + [f"{_fmt(o, v.stat(o)['p50'])} ({_fmt(o, v.stat(o)['p10'])} to {_fmt(o, v.stat(o)['p90'])})"
                              for v in group] for o in HEADLINE_OUTCOMES]
        d.table_slides(f"Beyond the plan year: what each pool buys{part}",
                       f"Over {span(view)}, if the spend continues: P50 with the 80% range",
                       ["Outcome"] + [o.scenario_name for o in group], rows, widths,
                       after=[f"The Better Care Fund is agreed a year at a time. These figures assume each line's spend "
                              f"continues after {view.years[0]} in real terms, the same each year unless the scenario "
                              "changes it."])
        rows = [["Change in admissions avoided (P50; chance better)"]
                + [f"{_signed(v.change('emergency_admissions_avoided')['p50'])}; "
                   f"{v.change('emergency_admissions_avoided')['probability_better']:.0%}" if v.has_changes
                   else "no changes" for v in group],
                ["Net present value of the changes (mean)"]
                + [_money(v.appraisal_change.net_present_value.mean) if v.has_changes else "no changes"
                   for v in group]]
        d.table_slides(f"Beyond the plan year: what each changes{part}",
                       f"Over {span(view)}, if the spend continues, against the plan as submitted",
                       ["What changes"] + [o.scenario_name for o in group], rows, widths,
                       after=["Net present value: the money value of the changes' benefits less their cost, in real "
                              f"terms, discounted at {view.settings.discount_rate:.1%} a year."])


def _horizon_slides(d: _Deck, view: Summary, notes: list[str]) -> None:
    """The fan chart by year with its figures beside it, by locality, and the BCF metric's trajectories."""
    s = d.slide("Impact with uncertainty", "Emergency admissions of people aged 65+ avoided each year, if the spend "
                                           "continues")
    years_ = list(view.years)
    by_year = [view.by_year[y]["emergency_admissions_avoided"] for y in years_]
    d.picture_or_chart(s, charts.fan_chart(view, large=True), lambda sl, *box: d.bar_chart(
        sl, years_, {"P50": [x["p50"] for x in by_year]}, *box), notes,
        alt="Fan chart of emergency admissions of people aged 65+ avoided each year, P50 with the P10 to P90 range: "
            + "; ".join(f"{y} {whole(x['p50'])} ({whole(x['p10'])} to {whole(x['p90'])})" for y, x in zip(years_, by_year,
                                                                                                         strict=True)) + ".",
        width=7.6)
    d.table(s, ["Year", "P10", "P50", "P90"], fan_rows(view), left=8.5, width=4.2, widths=[1.35, 0.95, 0.95, 0.95],
            name="Figures of the fan chart")

    s = d.slide("By locality", f"Emergency admissions avoided over {span(view)}: P10, P50 and P90")
    loc = view.by_locality["emergency_admissions_avoided"]
    d.bar_chart(s, list(loc), {k.upper(): [x[k] for x in loc.values()] for k in ("p10", "p50", "p90")})

    # BCF metrics: the chart across the slide, its figures on the next
    s = d.slide("BCF metrics", "Emergency admissions, 65+, per 100,000: today's services, without the pool, with the plan")
    metric = view.metrics["emergency_admissions_65_plus_per_100k"]
    d.picture_or_chart(s, charts.metric_chart(view, "emergency_admissions_65_plus_per_100k", large=True),
                       lambda sl, *box: d.bar_chart(sl, list(metric.years), {
                           "Without the pool (P50)": list(metric.without_pool.p50),
                           "Today's services": list(metric.with_todays_services),
                           "With the scenario (P50)": list(metric.with_scenario.p50)}, *box), notes,
                       alt=f"Line chart of {metric.label.lower()} by year. " + "; ".join(
                           f"{y}: today's services {a:,.1f}, without the pool {b:,.1f}, with the plan {c:,.1f}, with the "
                           f"scenario {e:,.1f}" for y, a, b, c, e in zip(
                               metric.years, metric.with_todays_services, metric.without_pool.p50,
                               metric.with_plan.p50, metric.with_scenario.p50, strict=True)) + " (P50s).")
    s = d.slide("BCF metrics: the figures", f"{metric.label}, by year (P50s)")
    d.table(s, ["Year", "With today's services", "Without the pool", "With the plan", "With the scenario"],
            metric_rows(view), widths=[1.7, 2.6, 2.6, 2.6, 2.6], name="Figures of the BCF metric chart")


def _assurance_slides(d: _Deck, view: Summary, other_stance: Summary | None) -> None:
    """How sure are we: controlled evidence against pilot claims in the plan year.

    Then, where there are changes, whether they pay back over the horizon.
    """
    year = view.years[0]
    s = d.slide("How sure are we?", f"Controlled evidence against pilot claims, in {year}")
    if other_stance is not None:
        pair = [view, other_stance]
        rows = [[label(o)] + [_fmt(o, plan_year_stat(v, o)["p50"]) for v in pair] for o in HEADLINE_OUTCOMES]
        d.table(s, [f"What the pool buys in {year} (P50)", view.stance_label, other_stance.stance_label], rows,
                widths=[6.5, 2.8, 2.8])
    if view.has_changes:
        s = d.slide("Do the changes pay back?", f"Net present value of the changes over {span(view)}, over the runs")
        npv, samples = view.appraisal_change.net_present_value, view.change_npv_samples
        share = sum(x > 0 for x in samples) / len(samples) if samples else 0.0
        png_fig, w, h = slide_figure(charts.ecdf_chart(view, large=True), 7.6, 4.9)
        png = render_png(png_fig, width=w, height=h, scale=3)
        if png is not None:
            pic = s.shapes.add_picture(io.BytesIO(png), Inches(0.6), Inches(1.5), Inches(7.6), Inches(4.9))
            describe(pic, f"Cumulative chart of the net present value of the changes over {len(samples):,} runs: it is "
                          f"positive in {share:.0%} of runs; P10 {_money(npv.p10)}, P50 {_money(npv.p50)}, "
                          f"P90 {_money(npv.p90)}.")
            d.text(s, PICTURE_SOURCE, 0.6, 6.42, 7.6)
        d.table(s, ["Net present value", "Value"], payback_rows(view), left=8.5 if png is not None else 0.6,
                width=4.2 if png is not None else 8.0, widths=[2.3, 1.9] if png is not None else [5.0, 3.0],
                name="Figures of the cumulative chart")
    else:
        d.bullets(s, ["The plan as submitted proposes no changes, so there is no change to value."],
                  top=5.8 if other_stance is not None else 1.6, size=MIN_PT, height=0.9)


def _closing_slides(d: _Deck, view: Summary, notes: list[str]) -> None:
    """Risks and assumptions, then the appendix on method and sources (with any note on the pictures)."""
    s = d.slide("Risks and assumptions", "What moves the answer most, and where the figures come from")
    drivers = [f"{x.label} (rank correlation {x.correlation:+.2f})" for x in view.drivers[:4]]
    effects = []
    for lever, outcomes in list(view.effects.items())[:4]:
        for outcome, (low, central, high, grade) in list(outcomes.items())[:1]:
            effects.append(f"{LEVER_LABELS.get(lever, lever)}: {outcome.replace('_', ' ')} ×{central} "
                           f"(range {low}–{high}; {grade.replace('_', ' ')})")
    d.bullets(s, ["What moves the value of the pool's benefits most: " + "; ".join(drivers[:2])] + drivers[2:] + effects,
              size=MIN_PT)

    s = d.slide("Appendix: method and sources")
    d.bullets(s, [
        "Spend buys people served at unit costs, up to the eligible population; people are served from the "
        "highest risk down, so returns diminish.",
        "Effects are relative changes with 80% ranges from trials, meta-analyses and matched-control evaluations "
        "(controlled evidence) or from uncontrolled case studies (pilot claims).",
        f"{view.runs:,} Monte Carlo runs, seed {view.seed}; P10, P50 and P90 shown. "
        + unit_cost_text(load_assumptions(view.stance).unit_costs),
        "BCF funding streams and rules: NHS England and GOV.UK BCF frameworks; scheme types for the year are a "
        "working list until the official template is published.",
    ] + ([f"Note: {n}" for n in notes]), size=MIN_PT, top=1.2, height=5.6)


def board_pack_bytes(plan: Plan, view: Summary, *, scenario: Scenario | None = None, **kw) -> tuple[bytes, str]:
    """The board pack as bytes, with ``write_board_pack``'s note (keyword arguments as it takes them)."""
    buf = io.BytesIO()
    note = write_board_pack(buf, plan, view, scenario=scenario, **kw)
    return buf.getvalue(), note
