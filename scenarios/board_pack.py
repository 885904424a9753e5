"""The Health and Wellbeing Board pack (PowerPoint, python-pptx).

Simple charts are native, editable PowerPoint charts; the uncertainty charts (fan chart, metric
trajectory, chance of a net saving) are pictures rendered from plotly by kaleido with Debian's
chromium. One kaleido server serves the whole process, behind a lock, and every picture has a time
limit; with no browser the pack is still produced with native charts and a note saying so.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from budget.models import Plan
from budget.money import MINUS, gbp_price, gbp_short, whole
from budget.reference import LEVER_LABELS, load_reference
from scenarios import charts
from scenarios.assumptions import UnitCostFile, load_assumptions
from scenarios.schema import Scenario
from scenarios.spend import spend_by_lever
from scenarios.views import HEADLINE_OUTCOMES, Summary, label

BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK = RGBColor(0x00, 0x30, 0x87)
GREY = RGBColor(0x42, 0x55, 0x63)
WIDE, HIGH = Inches(13.333), Inches(7.5)
# Slide text (titles, subtitles and bullets) is at least this size, as recommended for presentations read on
# a screen or with a magnifier. Tables, chart labels and the footer are smaller so that they fit the slide.
MIN_PT = 18
# The charts' colour-blind-safe series colours (scenarios.charts.PALETTE), each 3:1 or more against white
SERIES = tuple(RGBColor.from_string(c.lstrip("#")) for c in charts.PALETTE[:4])
IMAGE_TIMEOUT_S = 30

_KALEIDO_LOCK = threading.Lock()  # kaleido is not thread-safe: one render at a time in this process
_KALEIDO_STARTED = threading.Event()


def browser_available() -> bool:
    return bool(shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome"))


def render_png(fig, width: int = 1200, height: int = 620, timeout: float = IMAGE_TIMEOUT_S) -> bytes | None:
    """A plotly figure as PNG bytes, or None when no browser is available or it takes too long."""
    if not browser_available():
        return None
    import kaleido

    def work() -> bytes:
        if not _KALEIDO_STARTED.is_set():
            kaleido.start_sync_server(silence_warnings=True)
            _KALEIDO_STARTED.set()
        return kaleido.calc_fig_sync(fig, opts=dict(format="png", width=width, height=height, scale=1.5))

    with _KALEIDO_LOCK:
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            return pool.submit(work).result(timeout=timeout)
        except (FutureTimeout, Exception):
            return None
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


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
    """The number format of a money axis: millions ('£20m', '£2.5m') when the values reach a million
    pounds, whole pounds below that, with the minus sign before the pound sign."""
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


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook ("Edit data" in PowerPoint) with every category and series name
    written as a text cell: a name beginning '=', '+', '-' or '@', or one that looks like a web
    address, stays text and never becomes a formula or a link."""

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
    """Where the value axis meets the category axis: at its last category (<c:valAx><c:crosses val="max"/>),
    which is the bottom of a bar chart whose categories run top to bottom. python-pptx sets <c:crosses>
    only from the other side (ValueAxis.crosses writes the category axis's element)."""
    val_ax = chart.value_axis._element
    val_ax._remove_crosses()
    val_ax._remove_crossesAt()
    val_ax._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)


TITLE_ONLY = 5  # the default template's "Title Only" layout


def describe(shape, text: str) -> None:
    """Alternative text for a picture or chart: what it shows, with its figures (cNvPr/@descr)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


class _Deck:
    def __init__(self, plan: Plan, view: Summary):
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, HIGH
        self.plan, self.view = plan, view
        self.footer = f"{plan.area.name} · Better Care Fund {plan.year} · {view.scenario_name}"
        if plan.illustrative:
            self.footer += " · ILLUSTRATIVE figures"

    def slide(self, title: str, subtitle: str = ""):
        """A slide whose title is the layout's title placeholder (what screen readers and PowerPoint's
        accessibility checker read as the slide's title), with the subtitle and footer beneath."""
        s = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY])
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.75)
        t.text_frame.word_wrap = True
        p = t.text_frame.paragraphs[0]
        p.text = title
        p.alignment = PP_ALIGN.LEFT
        p.font.size, p.font.bold, p.font.color.rgb = Pt(32), True, DARK
        if subtitle:
            box = s.shapes.add_textbox(Inches(0.6), Inches(1.0), Inches(12.1), Inches(0.5))
            box.text_frame.word_wrap = True
            p2 = box.text_frame.paragraphs[0]
            p2.text = subtitle
            p2.font.size, p2.font.color.rgb = Pt(MIN_PT), GREY
        foot = s.shapes.add_textbox(Inches(0.6), Inches(7.0), Inches(12.1), Inches(0.35))
        foot.text_frame.word_wrap = True
        fp = foot.text_frame.paragraphs[0]
        fp.text = self.footer
        fp.font.size, fp.font.color.rgb = Pt(11), GREY
        return s

    def bullets(self, s, items: list[str], top: float = 1.6, size: int = 22, left: float = 0.8, width: float = 11.8):
        box = s.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(5.2))
        tf = box.text_frame
        tf.word_wrap = True
        for i, item in enumerate(items):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.text = f"• {item}"
            p.font.size = Pt(size)
            p.space_after = Pt(10)
        return box

    def table(self, s, header: list[str], rows: list[list[str]], top: float = 1.7, size: int = 14,
              widths: list[float] | None = None, width: float = 12.1):
        n_rows, n_cols = len(rows) + 1, len(header)
        shape = s.shapes.add_table(n_rows, n_cols, Inches(0.6), Inches(top), Inches(width), Inches(0.4) * n_rows)
        t = shape.table
        for j, h in enumerate(header):
            cell = t.cell(0, j)
            cell.text = h
            cell.text_frame.paragraphs[0].font.size = Pt(size)
            cell.text_frame.paragraphs[0].font.bold = True
        for i, row in enumerate(rows, start=1):
            for j, v in enumerate(row):
                cell = t.cell(i, j)
                cell.text = v
                cell.text_frame.paragraphs[0].font.size = Pt(size)
        if widths:
            for j, w in enumerate(widths):
                t.columns[j].width = Inches(w)
        return t

    def bar_chart(self, s, categories: list[str], series: dict[str, list[float]], left=0.6, top=1.6, width=12.1,
                  height=5.2, money: bool = False, horizontal: bool = False, title: str = ""):
        data = _TextChartData()
        data.categories = categories
        for name, values in series.items():
            data.add_series(name, values)
        kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
        gf = s.shapes.add_chart(kind, Inches(left), Inches(top), Inches(width), Inches(height), data)
        chart = gf.chart
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        values = [v for vs in series.values() for v in vs]
        chart.value_axis.tick_labels.number_format = money_axis_format(values) if money else f'#,##0;"{MINUS}"#,##0;0'
        chart.value_axis.tick_labels.number_format_is_linked = False
        chart.value_axis.tick_labels.font.size = Pt(12)
        # category names beside the plot, never on the bars, even where bars run below zero
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        chart.category_axis.tick_labels.font.size = Pt(12)
        if horizontal:  # first category at the top, and the value axis still along the bottom
            chart.category_axis.reverse_order = True
            _value_axis_crosses_last_category(chart)
        if title:
            chart.has_title = True
            chart.chart_title.text_frame.text = title
            chart.chart_title.text_frame.paragraphs[0].font.size = Pt(16)
        for i, plot_series in enumerate(chart.series):
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = SERIES[i % len(SERIES)]
        fmt = gbp_short if money else whole
        describe(gf, f"{'Bar' if horizontal else 'Column'} chart{': ' + title if title else ''}. " + " ".join(
            f"{name}: " + "; ".join(f"{c} {fmt(v)}" for c, v in zip(categories, values, strict=True)) + "."
            for name, values in series.items()))
        return chart

    def picture_or_chart(self, s, fig, fallback, notes: list[str], alt: str) -> None:
        png = render_png(fig)
        if png is not None:
            pic = s.shapes.add_picture(io.BytesIO(png), Inches(0.9), Inches(1.5), height=Inches(5.4))
            pic.left = int((WIDE - pic.width) / 2)
            describe(pic, alt)
        else:
            fallback(s)
            if not notes:
                notes.append("No browser was available to draw the uncertainty charts as pictures; native charts of "
                             "the P50 are shown instead.")


def write_board_pack(target: Path | str | BinaryIO, plan: Plan, view: Summary, *,
                     options: list[Summary] | None = None, other_stance: Summary | None = None,
                     scenario: Scenario | None = None) -> str:
    """Write the pack; returns a note ('' when every picture was drawn). ``scenario`` is the scenario
    ``view`` was modelled from: the money slide shows spend by lever after its changes (none when not
    given)."""
    d = _Deck(plan, view)
    notes: list[str] = []
    ref = load_reference(plan.year)

    # 1 title: the title slide layout's title and subtitle placeholders
    s = d.prs.slides.add_slide(d.prs.slide_layouts[0])
    title, sub = s.shapes.title, s.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.2)
    sub.left, sub.top, sub.width, sub.height = Inches(0.8), Inches(2.9), Inches(11.7), Inches(2.2)
    p = title.text_frame.paragraphs[0]
    p.text = f"Better Care Fund {plan.year}"
    p.alignment = PP_ALIGN.LEFT
    p.font.size, p.font.bold, p.font.color.rgb = Pt(44), True, DARK
    for i, (text, size) in enumerate(((plan.area.name, 30), (f"Health and Wellbeing Board · {view.scenario_name}", 20),
                                      (dt.date.today().strftime("%-d %B %Y"), 18))):
        q = sub.text_frame.paragraphs[0] if i == 0 else sub.text_frame.add_paragraph()
        q.text, q.alignment = text, PP_ALIGN.LEFT
        q.font.size, q.font.color.rgb = Pt(size), GREY
    if plan.illustrative:
        q = sub.text_frame.add_paragraph()
        q.alignment = PP_ALIGN.LEFT
        q.text, q.font.size, q.font.bold = "Illustrative demo area: every figure is made up.", Pt(18), True
        q.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    # 2 the ask: what the option changes, then what the pool buys
    s = d.slide("The ask", f"{plan.area.name}, {plan.year}")
    years = len(view.years)
    if view.has_changes:
        c = view.change("emergency_admissions_avoided")
        npv = view.appraisal_change.net_present_value
        what_changes = (
            f"Against the plan as submitted, it changes emergency admissions of people aged 65+ avoided by "
            f"{_signed(c['p50'])} over {years} years (80% range {_signed(c['p10'])} to {_signed(c['p90'])}; better in "
            f"{c['probability_better']:.0%} of runs), with a net present value of {_money(npv['mean'])} (mean).")
    else:
        what_changes = "This is the plan as submitted: no changes are proposed against it."
    ea, hours = view.stat("emergency_admissions_avoided"), view.stat("home_care_hours_saved")
    d.bullets(s, [
        f"Agree the Better Care Fund plan: a pooled budget of {_money(plan.total_income)} with "
        f"{_money(plan.total_expenditure)} planned across {len(plan.lines)} expenditure lines.",
        f"Option presented: {view.scenario_name}. {what_changes}",
        f"What the whole pool buys over {years} years: about {whole(ea['p50'])} emergency admissions avoided "
        f"(80% range {whole(ea['p10'])} to {whole(ea['p90'])}) and {whole(hours['p50'])} home-care hours saved.",
        "Much of the pool funds statutory duties (Care Act reablement and carers' support, the Disabled Facilities "
        "Grant), whose value is not only in activity avoided.",
        "Delegate sign-off of the planning template to the chief executives and the section 151 officer.",
    ], size=20)

    # 3 the money
    changed = scenario is not None and bool(scenario.changes)
    s = d.slide("The money", "Pooled income by funding stream, and spend by lever in the first year"
                + (" after the scenario's changes" if changed else " as planned"))
    income = plan.income_by_stream()
    d.bar_chart(s, [ref.stream_name(k) for k in income], {"Income (£)": list(income.values())}, left=0.5, width=6.1,
                money=True, horizontal=True, title="Pool by funding stream")
    by_lever = sorted(((v, k) for k, v in spend_by_lever(plan, scenario).items() if abs(v) >= 0.5), reverse=True)
    d.bar_chart(s, [LEVER_LABELS[k] for _, k in by_lever], {"Spend (£)": [v for v, _ in by_lever]}, left=6.8,
                width=6.0, money=True, horizontal=True,
                title="Spend by lever, year 1, " + ("after the changes" if changed else "as planned"))

    # 4 the options
    s = d.slide("The options", "What each option's pool buys over the horizon (P50 with the 80% range), and what it changes")
    opts = options or [view]
    header = ["Outcome"] + [o.scenario_name for o in opts]
    rows = [[label(o)] + [f"{_fmt(o, v.stat(o)['p50'])} ({_fmt(o, v.stat(o)['p10'])} to {_fmt(o, v.stat(o)['p90'])})"
                          for v in opts] for o in HEADLINE_OUTCOMES]
    rows.append(["Change in admissions avoided vs the plan as submitted (P50; chance better)"]
                + [f"{_signed(v.change('emergency_admissions_avoided')['p50'])}; "
                   f"{v.change('emergency_admissions_avoided')['probability_better']:.0%}" if v.has_changes else "no changes"
                   for v in opts])
    rows.append(["Net present value of the changes (mean)"]
                + [_money(v.appraisal_change.net_present_value.mean) if v.has_changes else "no changes"
                   for v in opts])
    d.table(s, header, rows, size=13)

    # 5 impact with uncertainty
    s = d.slide("Impact with uncertainty", "Emergency admissions of people aged 65+ avoided, by year")
    years = list(view.years)
    by_year = [view.by_year[y]["emergency_admissions_avoided"] for y in years]
    d.picture_or_chart(s, charts.fan_chart(view, large=True), lambda sl: d.bar_chart(
        sl, years, {"P50": [x["p50"] for x in by_year]}), notes,
        alt="Fan chart of emergency admissions of people aged 65+ avoided each year, P50 with the P10 to P90 range: "
            + "; ".join(f"{y} {whole(x['p50'])} ({whole(x['p10'])} to {whole(x['p90'])})" for y, x in zip(years, by_year,
                                                                                                         strict=True)) + ".")

    # 6 by locality
    s = d.slide("By locality", "Emergency admissions avoided over the horizon: P10, P50 and P90")
    loc = view.by_locality["emergency_admissions_avoided"]
    d.bar_chart(s, list(loc), {k.upper(): [x[k] for x in loc.values()] for k in ("p10", "p50", "p90")})

    # 7 BCF metrics
    s = d.slide("BCF metrics", "Emergency admissions, 65+, per 100,000: today's services, without the pool, with the plan")
    metric = view.metrics["emergency_admissions_65_plus_per_100k"]
    d.picture_or_chart(s, charts.metric_chart(view, "emergency_admissions_65_plus_per_100k", large=True),
                       lambda sl: d.bar_chart(sl, list(metric.years), {
                           "Without the pool (P50)": list(metric.without_pool.p50),
                           "Today's services": list(metric.with_todays_services),
                           "With the scenario (P50)": list(metric.with_scenario.p50)}), notes,
                       alt=f"Line chart of {metric.label.lower()} by year. " + "; ".join(
                           f"{y}: today's services {a:,.1f}, without the pool {b:,.1f}, with the plan {c:,.1f}, with the "
                           f"scenario {e:,.1f}" for y, a, b, c, e in zip(
                               metric.years, metric.with_todays_services, metric.without_pool.p50,
                               metric.with_plan.p50, metric.with_scenario.p50, strict=True)) + " (P50s).")

    # 8 how sure are we
    s = d.slide("How sure are we?", "Controlled evidence against pilot claims, and how often the changes pay back")
    if other_stance is not None:
        pair = [view, other_stance]
        rows = [[label(o)] + [_fmt(o, v.stat(o)["p50"]) for v in pair] for o in HEADLINE_OUTCOMES]
        d.table(s, ["What the pool buys (P50)", view.stance_label, other_stance.stance_label], rows, size=12, top=1.6,
                width=6.4, widths=[2.8, 1.8, 1.8])
    if view.has_changes:
        png = render_png(charts.ecdf_chart(view, large=True), width=900, height=620)
        if png is not None:
            pic = s.shapes.add_picture(io.BytesIO(png), Inches(7.2), Inches(1.6), width=Inches(5.7))
            npv, samples = view.appraisal_change.net_present_value, view.change_npv_samples
            share = sum(x > 0 for x in samples) / len(samples) if samples else 0.0
            describe(pic, f"Cumulative chart of the net present value of the changes over {len(samples):,} runs: it is "
                          f"positive in {share:.0%} of runs; P10 {_money(npv.p10)}, P50 {_money(npv.p50)}, "
                          f"P90 {_money(npv.p90)}.")
    else:
        d.bullets(s, ["The plan as submitted proposes no changes, so there is no change to value."], top=1.6, left=7.2,
                  width=5.7, size=MIN_PT)

    # 9 risks and assumptions
    s = d.slide("Risks and assumptions", "What moves the answer most, and where the figures come from")
    drivers = [f"{x.label} (rank correlation {x.correlation:+.2f})" for x in view.drivers[:4]]
    effects = []
    for lever, outcomes in list(view.effects.items())[:4]:
        for outcome, (low, central, high, grade) in list(outcomes.items())[:1]:
            effects.append(f"{LEVER_LABELS.get(lever, lever)}: {outcome.replace('_', ' ')} ×{central} "
                           f"(range {low}–{high}; {grade.replace('_', ' ')})")
    d.bullets(s, ["What moves the value of the pool's benefits most: " + "; ".join(drivers[:2])] + drivers[2:] + effects,
              size=MIN_PT)

    # 10 appendix
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
    ] + ([f"Note: {n}" for n in notes]), size=MIN_PT)

    if isinstance(target, (str, Path)):
        d.prs.save(str(target))
    else:
        d.prs.save(target)
    return " ".join(notes)


def board_pack_bytes(plan: Plan, view: Summary, *, scenario: Scenario | None = None, **kw) -> tuple[bytes, str]:
    buf = io.BytesIO()
    note = write_board_pack(buf, plan, view, scenario=scenario, **kw)
    return buf.getvalue(), note
