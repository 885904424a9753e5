"""The board pack read back with python-pptx: slide titles, chart data equal to the engine's, tables,
pictures where a browser exists and native charts with a note where it does not."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from pptx import Presentation

from budget.demo import demo_plan
from reports import board_pack, chart_pictures, pptx_deck, slide_layout
from reports import board_pack_content as say
from scenarios.assumptions import load_assumptions
from scenarios.schema import Scenario
from scenarios.views import label, model
from tests.integration.slides import (
    ONE_MILLION_MOVED,
    by_title,
    charts_of,
    expected_levers,
    lever_chart_values,
    slide_text,
    slide_title,
)

TITLES = ["The ask", "The money: income", "The money: spend", "The options: what each pool buys",
          "The options: what each changes", "Goals for the BCF metrics", "Capacity and demand", "National conditions",
          "Sign-off", "Beyond the plan year: what each pool buys", "Beyond the plan year: what each changes",
          "Impact with uncertainty", "By locality", "BCF metrics", "BCF metrics: the figures", "How sure are we?",
          "Risks and assumptions", "Appendix: method and sources"]
# with changes to value, a slide on whether they pay back follows "How sure are we?"
TITLES_WITH_CHANGES = TITLES[:16] + ["Do the changes pay back?"] + TITLES[16:]


@pytest.fixture(scope="module")
def views():
    plan = demo_plan()
    controlled = model(Scenario(name="Option A"), plan, runs=400, seed=5)
    pilot = model(Scenario(name="Option A", stance="pilot"), plan, runs=400, seed=5)
    return plan, controlled, pilot


def test_slides_titles_tables_and_native_chart_data(views):
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, options=[controlled, pilot], other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert [slide_title(s) for s in slides[1:]] == TITLES
    assert "Better Care Fund 2026-27" in slide_title(slides[0])
    # the money: income chart holds the plan's income by stream
    money = charts_of(by_title(slides, "The money: income"))
    assert sorted(money[0].plots[0].series[0].values) == pytest.approx(sorted(plan.income_by_stream().values()))
    # by locality: P50 bars equal the engine's locality P50s
    (loc_chart,) = charts_of(by_title(slides, "By locality"))
    p50 = next(s for s in loc_chart.plots[0].series if s.name == "P50")
    assert list(p50.values) == pytest.approx(
        [x["p50"] for x in controlled.by_locality["emergency_admissions_avoided"].values()]
    )
    assert list(loc_chart.plots[0].categories) == list(controlled.by_locality["emergency_admissions_avoided"])
    # the options tables name both options; the plan as submitted has no changes to value
    for title in ("The options: what each pool buys", "The options: what each changes",
                  "Beyond the plan year: what each pool buys", "Beyond the plan year: what each changes"):
        table = next(sh.table for sh in by_title(slides, title).shapes if sh.has_table)
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0][1:] == ["Option A", "Option A"]
    assert [r[1:] for r in cells if r[0].startswith("Net present value of the changes")] == [
        ["no changes", "no changes"]
    ]
    # the ask leads with what the option changes and what the pool buys in the plan year, not the pool's net saving
    ask = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "no changes are proposed" in ask and "What the whole pool buys in 2026-27" in ask
    assert "net saving" not in ask.lower()
    ea = controlled.by_year["2026-27"]["emergency_admissions_avoided"]
    assert f"about {ea['p50']:,.0f} emergency admissions of people aged 65+ avoided" in ask
    # every content slide names the area and scenario in its footer
    for s in slides[1:]:
        assert any("Northbrook" in sh.text_frame.text and "Option A" in sh.text_frame.text
                   for sh in s.shapes if sh.has_text_frame)


def test_uncertainty_charts_are_pictures_when_a_browser_exists(views):
    if not chart_pictures.browser_available():
        pytest.skip("no chromium here: the native-chart fallback is tested below")
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    fan = by_title(list(prs.slides), "Impact with uncertainty")
    assert any(sh.shape_type == 13 for sh in fan.shapes)  # a picture
    assert note == ""


def test_without_a_browser_the_pack_still_comes_with_native_charts_and_a_note(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    data, note = board_pack.board_pack_bytes(plan, controlled)
    assert "No browser" in note
    prs = Presentation(io.BytesIO(data))
    fan = by_title(list(prs.slides), "Impact with uncertainty")
    (chart,) = charts_of(fan)
    years = list(controlled.by_year)
    assert list(chart.plots[0].categories) == years
    assert list(chart.plots[0].series[0].values) == pytest.approx(
        [controlled.by_year[y]["emergency_admissions_avoided"].p50 for y in years])
    appendix = list(prs.slides)[-1]
    assert any("No browser" in sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def _appendix_text(data: bytes) -> str:
    appendix = list(Presentation(io.BytesIO(data)).slides)[-1]
    return "\n".join(sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def test_the_appendix_quotes_the_unit_costs_of_the_assumption_library(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    library = load_assumptions()
    costs = library.unit_costs.costs
    text = _appendix_text(board_pack.board_pack_bytes(plan, controlled)[0])
    assert (f"Unit costs {library.unit_costs.prices}: non-elective spell £{costs.emergency_admission.value:,.0f}; "
            f"A&E attendance £{costs.ae_attendance.value:,.0f}; home-care hour £{costs.home_care_hour.value:,.2f}."
            ) in text
    # a figure changed in the library is the figure the slide quotes
    changed = library.model_copy(update={"unit_costs": library.unit_costs.model_copy(update={
        "prices": "2030/31",
        "costs": costs.model_copy(update={
            "emergency_admission": costs.emergency_admission.model_copy(update={"value": 3141.5}),
            "home_care_hour": costs.home_care_hour.model_copy(update={"value": 31.0})})})})
    monkeypatch.setattr(board_pack, "load_assumptions", lambda stance="controlled": changed)
    text = _appendix_text(board_pack.board_pack_bytes(plan, controlled)[0])
    assert "Unit costs 2030/31: non-elective spell £3,141.50;" in text and "home-care hour £31." in text


def test_bcf_export_writes_both(tmp_path):
    xlsx, pptx = tmp_path / "r.xlsx", tmp_path / "p.pptx"
    p = subprocess.run([sys.executable, "-m", "budget", "export", "demo", "--xlsx", str(xlsx), "--pptx", str(pptx),
                        "--runs", "300"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert xlsx.stat().st_size > 10_000
    assert [s.shapes.title.text for s in list(Presentation(str(pptx)).slides)[1:]] == TITLES


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "http://evil.example"]


def test_names_from_files_reach_the_chart_workbooks_as_text(monkeypatch):
    """Locality, scheme and scenario names are written into each chart's embedded workbook as text:
    no formulas, no hyperlinks, whatever the names begin with."""
    import re
    import zipfile

    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan = demo_plan()
    rename = {loc.name: HOSTILE[i % len(HOSTILE)] + ("" if i < len(HOSTILE) else f" {i}")
              for i, loc in enumerate(plan.localities)}
    plan = plan.model_copy(update={
        "localities": tuple(loc.model_copy(update={"name": rename[loc.name]}) for loc in plan.localities),
        "lines": tuple(x.model_copy(update={"locality": rename.get(x.locality, x.locality),
                                            "scheme_name": HOSTILE[i % len(HOSTILE)]})
                       for i, x in enumerate(plan.lines)),
    })
    view = model(Scenario(name=HOSTILE[0]), plan, runs=200, seed=3)
    data, _ = board_pack.board_pack_bytes(plan, view, options=[view], other_stance=view)
    with zipfile.ZipFile(io.BytesIO(data)) as pack:
        books = [n for n in pack.namelist() if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]
        assert books
        texts: list[str] = []
        for name in books:
            with zipfile.ZipFile(io.BytesIO(pack.read(name))) as book:
                parts = book.namelist()
                assert not any("hyperlink" in p.lower() or p.endswith(".rels") and "worksheets/_rels" in p
                               for p in parts), (name, parts)
                for part in parts:
                    if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                        xml = book.read(part).decode()
                        assert "<f>" not in xml and "<f " not in xml, (name, part)
                        assert "<hyperlink" not in xml, (name, part)
                if "xl/sharedStrings.xml" in parts:
                    texts += re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode())
    from html import unescape

    texts = [unescape(t) for t in texts]
    for name in HOSTILE:
        assert name in texts, name


def test_the_money_slide_shows_spend_by_lever_after_the_scenarios_changes(monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan = demo_plan()
    scenario = Scenario.model_validate(ONE_MILLION_MOVED)
    view = model(scenario, plan, runs=200, seed=5)
    data, _ = board_pack.board_pack_bytes(plan, view, scenario=scenario)
    slides = list(Presentation(io.BytesIO(data)).slides)
    shown = lever_chart_values(slides)
    assert shown == pytest.approx(expected_levers(plan, scenario))
    as_submitted = expected_levers(plan)
    assert shown != pytest.approx(as_submitted)
    assert shown["Assistive technology"] == pytest.approx(as_submitted["Assistive technology"] - 1_000_000)
    assert shown["Integrated locality teams"] == pytest.approx(as_submitted["Integrated locality teams"] + 1_000_000)
    assert list(shown.values()) == sorted(shown.values(), reverse=True)
    assert "after the scenario's changes" in slide_text(by_title(slides, "The money: spend"))
    # with no scenario, the plan as planned
    data, _ = board_pack.board_pack_bytes(plan, view)
    plain = list(Presentation(io.BytesIO(data)).slides)
    assert lever_chart_values(plain) == pytest.approx(as_submitted)
    assert "as planned" in slide_text(by_title(plain, "The money: spend"))


def test_chart_names_sit_beside_the_plot_and_money_axes_read_in_millions(views, monkeypatch):
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan, controlled, _ = views
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, controlled)[0])).slides)
    money = charts_of(by_title(slides, "The money: income")) + charts_of(by_title(slides, "The money: spend"))
    by_locality = charts_of(by_title(slides, "By locality"))
    for chart in money + by_locality:
        assert chart.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW
    for chart in money:  # bar charts: first category at the top, the value axis along the bottom
        assert chart.category_axis.reverse_order
        assert chart.value_axis._element.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/chart}crosses").get("val") == "max"
        assert chart.value_axis.tick_labels.number_format == '"£"#,##0,,"m";"−£"#,##0,,"m";"£"0'
    assert "£" not in by_locality[0].value_axis.tick_labels.number_format


@pytest.mark.parametrize("top, shown", [(20_000_000, '"£"#,##0,,"m"'), (2_500_000, '"£"#,##0.0,,"m"'),
                                        (750_000, '"£"#,##0')])
def test_money_axis_format(top, shown):
    assert pptx_deck.money_axis_format([0, -top / 2, top]).split(";")[0] == shown


def test_bcf_export_draws_the_scenarios_spend(tmp_path):
    import yaml

    source, pptx = tmp_path / "option_b.yaml", tmp_path / "p.pptx"
    source.write_text(yaml.safe_dump({**ONE_MILLION_MOVED, "base": "demo"}), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "budget", "export", str(source), "--pptx", str(pptx), "--runs", "200"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    shown = lever_chart_values(list(Presentation(str(pptx)).slides))
    assert shown == pytest.approx(expected_levers(demo_plan(), Scenario.model_validate(ONE_MILLION_MOVED)))
    assert shown != pytest.approx(expected_levers(demo_plan()))


def test_every_slide_has_a_real_title_and_every_picture_and_chart_alt_text_with_figures(views):
    """What screen readers and PowerPoint's accessibility checker look for."""
    plan, controlled, pilot = views
    moved = model(Scenario(name="Move", changes=({"kind": "move", "from": {"lever": "integrated_locality_teams"},
                                                  "to": {"lever": "care_home_support"}, "amount_gbp": 1_000_000},)),
                  plan, runs=200, seed=5)
    data, _ = board_pack.board_pack_bytes(plan, moved, options=[controlled, moved], other_stance=pilot)
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert [s.shapes.title.text for s in slides[1:]] == TITLES_WITH_CHANGES
    assert slides[0].shapes.title.text == "Better Care Fund 2026-27"
    described = 0
    for s in slides:
        for sh in s.shapes:
            if sh.shape_type == 13 or sh.has_chart:  # a picture or a chart
                alt = sh._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""
                assert len(alt) > 40 and any(ch.isdigit() for ch in alt), (s.shapes.title.text, alt)
                described += 1
    assert described >= 5


# --- accessibility: text size, pictures with their figures, reading order, contrast -------------------------

MOVE_1M = {"kind": "move", "from": {"lever": "integrated_locality_teams"}, "to": {"lever": "care_home_support"},
           "amount_gbp": 1_000_000}


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def pack_with_pictures(views):
    """A pack with changes and three options, its pictures recorded as drawn: (slides, [(figure, width_px)])."""
    plan, controlled, pilot = views
    moved = model(Scenario(name="Move", changes=(MOVE_1M,)), plan, runs=200, seed=5)
    drawn: list = []

    def record(fig, width=1200, height=620, timeout=None, scale=1.5):
        drawn.append((fig, width, height))
        return _png(width, height)

    patch = pytest.MonkeyPatch()
    patch.setattr(chart_pictures, "render_png", record)
    try:
        data, note = board_pack.board_pack_bytes(plan, moved, options=[controlled, moved, pilot], other_stance=pilot)
    finally:
        patch.undo()
    assert note == ""
    return list(Presentation(io.BytesIO(data)).slides), drawn, moved


def _master_size(slide, shape, level: int) -> float | None:
    """The size a placeholder's text inherits from its layout, then its master (title or body style)."""
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
          "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    chain, ph = [], shape
    while ph is not None and ph.is_placeholder:
        ph = getattr(ph, "_base_placeholder", None)
        if ph is not None:
            chain.append(ph._element)
    for el in chain:
        sizes = el.xpath(f".//a:lstStyle/a:lvl{level}pPr/a:defRPr/@sz") + el.xpath(".//a:pPr/a:defRPr/@sz")
        if sizes:
            return int(sizes[0]) / 100
    master = slide.slide_layout.slide_master._element
    kind = "titleStyle" if shape.placeholder_format.type in (1, 3) else "bodyStyle"  # TITLE, CENTER_TITLE
    sizes = master.xpath(f"./p:txStyles/p:{kind}/a:lvl{level}pPr/a:defRPr/@sz", namespaces=ns)
    return int(sizes[0]) / 100 if sizes else None


def run_size(slide, shape, paragraph, run) -> float | None:
    """The size a run of text is shown at: its own, else its paragraph's, else (a placeholder) its layout's or
    master's; None when it would fall back to a default the pack does not set."""
    for font in (run.font, paragraph.font):
        if font.size is not None:
            return font.size.pt
    if shape.is_placeholder:
        return _master_size(slide, shape, paragraph.level + 1)
    return None


def text_runs(slide):
    """(shape, paragraph, run, background) of every run of text on a slide, table cells included."""
    white = "FFFFFF"
    for sh in slide.shapes:
        if sh.has_text_frame:
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    yield sh, p, r, white
        if sh.has_table:
            for row in sh.table.rows:
                for cell in row.cells:
                    fill = str(cell.fill.fore_color.rgb) if cell.fill.type == 1 else white  # 1: solid
                    for p in cell.text_frame.paragraphs:
                        for r in p.runs:
                            yield sh, p, r, fill


def test_every_run_of_text_on_every_slide_is_at_least_18_pt(pack_with_pictures):
    slides, _, _ = pack_with_pictures
    small, runs = [], 0
    for n, s in enumerate(slides, start=1):
        for sh, p, r, _ in text_runs(s):
            if not r.text.strip():
                continue
            runs += 1
            size = run_size(s, sh, p, r)
            if size is None or size < slide_layout.MIN_PT:
                small.append((n, r.text[:40], size))
    assert runs > 200 and not small, small


def test_native_charts_draw_every_label_at_least_18_pt(pack_with_pictures):
    slides, _, _ = pack_with_pictures
    found = 0
    for s in slides:
        for chart in charts_of(s):
            found += 1
            assert chart.font.size.pt >= 18
            for axis in (chart.category_axis, chart.value_axis):
                assert axis.tick_labels.font.size.pt >= 18
            if chart.has_legend:
                assert chart.legend.font.size.pt >= 18
            if chart.has_title:
                assert all(r.font.size.pt >= 18 for p in chart.chart_title.text_frame.paragraphs for r in p.runs)
    assert found >= 3


def _figure_sizes(fig) -> list[float]:
    """Every font size a plotly figure draws text at (unset sizes inherit the figure's font)."""
    base = fig.layout.font.size
    assert base is not None
    found = [fig.layout.legend.font.size, fig.layout.title.font.size if fig.layout.title.text else None]
    for axis in ("xaxis", "yaxis"):
        ax = getattr(fig.layout, axis)
        found += [ax.tickfont.size, ax.title.font.size]
    found += [a.font.size for a in fig.layout.annotations]
    found += [t.textfont.size for t in fig.data if hasattr(t, "textfont") and getattr(t, "text", None) is not None]
    return [base] + [x if x is not None else base for x in found]


def test_chart_pictures_are_drawn_so_that_their_text_is_at_least_18_pt_on_the_slide(pack_with_pictures):
    """A CSS pixel of the drawn figure is (picture width in points) / (figure width in pixels) points."""
    slides, drawn, _ = pack_with_pictures
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == len(drawn) == 3  # fan chart, BCF metric, chance of paying back
    for pic, (fig, width_px, height_px) in zip(pictures, drawn, strict=True):
        points_per_px = (pic.width / 12700) / width_px
        assert (pic.height / 12700) / height_px == pytest.approx(points_per_px, rel=0.01)  # not stretched
        assert min(_figure_sizes(fig)) * points_per_px >= 18 - 1e-9, (pic.name, _figure_sizes(fig), points_per_px)


NUMBER = r"(?<![\w.,])[−+]?£?\d(?:[\d,]*\d)?(?:\.\d+)?(?:m|%)?"


def _tokens(text: str) -> set[str]:
    import re

    return set(re.findall(NUMBER, text))


def test_every_picture_has_alt_text_with_figures_and_a_table_of_the_same_figures(pack_with_pictures):
    slides, _, _ = pack_with_pictures
    checked = 0
    for i, s in enumerate(slides):
        for sh in s.shapes:
            if sh.shape_type != 13:
                continue
            alt = sh._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""
            figures = _tokens(alt) - _tokens(s.shapes.title.text + " " + slide_text(s))
            assert len(figures) >= 5, alt
            tables = [x.table for x in s.shapes if x.has_table]
            if not tables and i + 1 < len(slides):  # the table may be on the next slide
                tables = [x.table for x in slides[i + 1].shapes if x.has_table]
            assert tables, s.shapes.title.text
            cells = _tokens(" ".join(c.text for t in tables for row in t.rows for c in row.cells))
            assert figures <= cells, (s.shapes.title.text, figures - cells)
            checked += 1
    assert checked == 3


def test_reading_order_is_title_then_body_top_to_bottom_then_footer(pack_with_pictures):
    slides, _, _ = pack_with_pictures
    for s in slides:
        shapes = list(s.shapes)
        assert shapes[0].is_placeholder and shapes[0].placeholder_format.idx == 0, s.shapes.title.text
        body = shapes[1:]
        if body and body[-1].name == pptx_deck.FOOTER:
            body = body[:-1]
        assert all(sh.name != pptx_deck.FOOTER for sh in body)
        assert [(sh.top, sh.left) for sh in body] == sorted((sh.top, sh.left) for sh in body), s.shapes.title.text
    assert all(list(s.shapes)[-1].name == pptx_deck.FOOTER for s in slides[1:])


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_of_every_run_of_text_against_its_background(pack_with_pictures):
    """Every run has its colour set (no theme colour that a template could make pale) and reaches 4.5:1
    against its background: the slide's white, or its table cell's fill."""
    assert contrast("FFFFFF", "000000") == pytest.approx(21.0)
    assert contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)
    slides, _, _ = pack_with_pictures
    poor = []
    for s in slides:
        for _, _, r, background in text_runs(s):
            if not r.text.strip():
                continue
            colour = str(r.font.color.rgb) if r.font.color.type is not None else None
            if colour is None or contrast(colour, background) < 4.5:
                poor.append((s.shapes.title.text, r.text[:30], colour, background))
    assert not poor, poor
    for s in slides:
        for chart in charts_of(s):
            assert contrast(str(chart.font.color.rgb), "FFFFFF") >= 4.5


def test_tables_mark_their_header_row(pack_with_pictures):
    slides, _, _ = pack_with_pictures
    tables = [sh.table for s in slides for sh in s.shapes if sh.has_table]
    assert len(tables) >= 8 and all(t.first_row for t in tables)
    # three options, two a slide: the options come over two pairs of slides, every option in a column
    titles = [s.shapes.title.text for s in slides]
    assert "The options: what each pool buys (1 of 2)" in titles and "The options: what each changes (2 of 2)" in titles
    names = [c.text for s in slides if s.shapes.title.text.startswith("The options: what each pool buys")
             for sh in s.shapes if sh.has_table for c in list(sh.table.rows)[0].cells][1:]
    assert [n for n in names if n != "Outcome"] == ["Option A", "Move", "Option A"]


# --- a pack for one year: the plan year first, the later years on slides of their own -----------------------

ADD_1M = {"kind": "add_line", "scheme_id": "ADD1", "scheme_type": "Community Based Schemes",
          "sub_type": "Enhanced health in care homes", "amount_gbp": 1_000_000, "new": True}


def _submission():
    import datetime as dt

    from budget.submission import Assurance, GoalSetting, Signatory, Submission

    return Submission(
        goals=(GoalSetting(metric="discharge_delay", value=1.25),),
        assurance=(Assurance(condition="NC1", statement="Agreed by the Health and Wellbeing Board.", status="Met"),
                   Assurance(condition="NC2", status="Partly met")),
        sign_off=(Signatory(role="Section 151 officer", organisation="Northbrook (illustrative) council",
                            name="Dana Whitlock", signed_on=dt.date(2026, 3, 20)),))


@pytest.fixture(scope="module")
def one_year():
    """A scenario that adds £1m of spend, with the area's goal, answers and a signature.

    Returns (plan, scenario, view, slides).
    """
    plan = demo_plan()
    scenario = Scenario(name="Add £1m", changes=(ADD_1M,), submission=_submission())
    view = model(scenario, plan, runs=300, seed=7)
    patch = pytest.MonkeyPatch()
    patch.setattr(chart_pictures, "render_png", lambda *a, **k: None)
    try:
        data, _ = board_pack.board_pack_bytes(plan, view, options=[view], scenario=scenario)
    finally:
        patch.undo()
    return plan, scenario, view, list(Presentation(io.BytesIO(data)).slides)


def table_cells(slide) -> list[list[str]]:
    (table,) = [sh.table for sh in slide.shapes if sh.has_table]
    return [[c.text for c in row.cells] for row in table.rows]


def _count(x: float) -> str:
    return f"{x:,.0f}".replace("-", "−")


def test_the_ask_speaks_of_the_plan_year_and_the_later_years_have_a_slide_of_their_own(one_year):
    from scenarios.engine import run

    plan, scenario, view, slides = one_year
    ask = slide_text(by_title(slides, "The ask"))
    # the plan year's figures, from the engine's per-run totals of that year
    r = run(scenario, plan, runs=300, seed=7)
    k = r.outcomes.index("emergency_admissions_avoided")
    pool = np.percentile(r.totals[:, 0, k], [10, 50, 90])
    change = r.totals[:, 0, k] - r.reference_totals[:, 0, k]
    c10, c50, c90 = np.percentile(change, [10, 50, 90])
    assert (f"What the whole pool buys in 2026-27: about {_count(pool[1])} emergency admissions of people aged 65+ "
            f"avoided (80% range {_count(pool[0])} to {_count(pool[2])})") in ask
    signed = [say.signed(x) for x in (c50, c10, c90)]
    assert (f"in 2026-27 it changes emergency admissions of people aged 65+ avoided by {signed[0]} (80% range "
            f"{signed[1]} to {signed[2]}; better in {(change > 0).mean():.0%} of runs)") in ask
    # the horizon's totals are not the ask's; they are on the slide after the plan year, with what they assume
    horizon = np.percentile(r.totals[:, :, k].sum(axis=1), [10, 50, 90])
    assert f"about {_count(horizon[1])} " not in ask and "over 5 years" not in ask
    beyond = by_title(slides, "Beyond the plan year: what each pool buys")
    rows = {r_[0]: r_[1] for r_ in table_cells(beyond)[1:]}
    assert rows[label("emergency_admissions_avoided")] == (
        f"{_count(horizon[1])} ({_count(horizon[0])} to {_count(horizon[2])})")
    words = slide_text(beyond)
    assert "5 years, 2026-27 to 2030-31" in words and "continues after 2026-27 in real terms" in words
    changes = {r_[0]: r_[1] for r_ in table_cells(by_title(slides, "Beyond the plan year: what each changes"))[1:]}
    assert changes["Net present value of the changes (mean)"] == say.money(
        view.appraisal_change.net_present_value.mean)


def test_a_scenario_that_overspends_the_pool_says_so_wherever_the_pack_states_what_is_planned(one_year):
    from budget.money import gbp_short
    from scenarios.spend import spend_by_lever

    plan, scenario, view, slides = one_year
    spend = sum(spend_by_lever(plan, scenario).values())
    assert spend == pytest.approx(plan.total_expenditure + 1_000_000)
    over = spend - plan.total_income
    assert over > 0
    said = f"{gbp_short(over)} more than the pool's income of {gbp_short(plan.total_income)}"
    assert said == "£960,000 more than the pool's income of £49.3m"
    assert f"With its changes, {gbp_short(spend)} is planned in 2026-27, {said}." in slide_text(by_title(slides,
                                                                                                      "The ask"))
    assert (f"Spend planned in 2026-27 after the scenario's changes: {gbp_short(spend)}, {said}."
            in slide_text(by_title(slides, "The money: income")))
    assert said in slide_text(by_title(slides, "National conditions"))
    spent = {r[0]: r[1] for r in table_cells(by_title(slides, "The options: what each changes"))[1:]}
    assert spent["Spend planned in 2026-27"] == f"{gbp_short(spend)}: {gbp_short(over)} more than the pool's income"


def test_a_plan_within_its_income_is_not_called_an_overspend(views, monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan, controlled, _ = views
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, controlled)[0])).slides)
    text = " ".join(slide_text(s) for s in slides)
    assert "more than the pool's income" not in text
    assert "within the pool's income of £49.3m (£40,000 not yet planned)" in slide_text(by_title(slides,
                                                                                           "The money: income"))


def test_a_plan_that_itself_spends_more_than_its_income_says_so_in_the_ask(monkeypatch):
    from budget.money import gbp_short

    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan = demo_plan()
    plan = plan.model_copy(update={"income": plan.income[:-1]})  # one stream's income left out
    over = plan.total_expenditure - plan.total_income
    assert over > 0
    view = model(Scenario(name="As submitted"), plan, runs=100, seed=3)
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, view)[0])).slides)
    said = f"{gbp_short(over)} more than the pool's income of {gbp_short(plan.total_income)}"
    assert f"{gbp_short(plan.total_expenditure)} planned across {len(plan.lines)} expenditure lines, {said}." in (
        slide_text(by_title(slides, "The ask")))
    assert said in slide_text(by_title(slides, "The money: income"))


def test_the_goals_slide_gives_each_metric_its_baseline_forecast_goal_and_chance(one_year):
    from scenarios.goals import GOAL_METRICS, goals, plan_weights

    plan, scenario, view, slides = one_year
    rows = {r[0]: r[1:] for r in table_cells(by_title(slides, "Goals for the BCF metrics"))[1:]}
    found = {g.name: g for g in goals(view, scenario.submission, plan_weights(scenario.submission))}
    assert len(rows) == len(GOAL_METRICS) == 3
    for name, (metric, *_rest) in GOAL_METRICS.items():
        m = view.metrics[metric]
        d = m.digits
        runs = np.asarray(m.plan_year_runs, dtype=float)
        f10, f50, f90 = np.percentile(runs, [10, 50, 90])
        own = {"discharge_delay": 1.25}.get(name)
        goal = own if own is not None else round(f50, d)
        baseline, forecast, goal_cell, chance = rows[m.label]
        assert baseline == f"{found[name].baseline:,.{d}f} ({found[name].baseline_period})"
        assert forecast == f"{f50:,.{d}f} ({f10:,.{d}f} to {f90:,.{d}f})"
        assert goal_cell == f"{goal:,.{d}f} ({'set by the area' if own is not None else 'suggested'})"
        assert chance == f"{(runs <= goal + 1e-9).mean():.0%}"
    assert "2026-27" in slide_text(by_title(slides, "Goals for the BCF metrics"))


def test_the_capacity_slide_gives_each_pathway_and_service_its_years_demand_capacity_and_gap(one_year):
    from scenarios.capacity import capacity_plan

    plan, scenario, view, slides = one_year
    cap = capacity_plan(plan, submission=scenario.submission, scenario=scenario)
    slide = by_title(slides, "Capacity and demand")
    cells = table_cells(slide)
    assert cells[0] == ["Pathway or service", "Demand", "Capacity", "Gap"]
    flows = list(cap.discharge.values()) + list(cap.community.values())
    assert [r[0] for r in cells[1:]] == [f.label for f in flows]
    for row, f in zip(cells[1:], flows, strict=True):
        demand, capacity = sum(f.demand), sum(f.capacity)
        assert row[1:] == [_count(demand), _count(capacity), _count(capacity - demand)]
    worst = min(flows, key=lambda f: sum(f.capacity) - sum(f.demand))
    short = sum(worst.demand) - sum(worst.capacity)
    assert short > 0
    assert f"Largest shortfall: {worst.label}, {_count(short)} people short in 2026-27" in slide_text(slide)
    assert "after the scenario's changes" in slide_text(slide)


def test_the_conditions_and_sign_off_slides_give_each_status_and_who_has_signed(one_year):
    from budget.assurance import assure, required_signatories

    plan, scenario, view, slides = one_year
    conditions = table_cells(by_title(slides, "National conditions"))
    assert conditions[0] == ["Condition", "Status", "What the checks on the plan found"]
    answered = {"NC1": "Met", "NC2": "Partly met"}
    for row, c in zip(conditions[1:], assure(plan, scenario.submission), strict=True):
        assert row[0] == f"{c.condition.code}: {c.condition.title}"
        assert row[1] == answered.get(c.condition.code, "Not answered")
        flagged = [f.title for f in c.findings if f.severity != "green"]
        assert all(t in row[2] for t in flagged) and (bool(flagged) or row[2].startswith(("Green", "No check")))
    sign = by_title(slides, "Sign-off")
    rows = table_cells(sign)
    required = required_signatories(plan)
    assert [r[0] for r in rows[1:]] == [s.role for s in required]
    signed = [r for r in rows[1:] if r[0] == "Section 151 officer"]
    assert signed == [["Section 151 officer", "Northbrook (illustrative) council", "Dana Whitlock", "20 March 2026"]]
    assert all(r[3] == "Not signed" for r in rows[1:] if r[0] != "Section 151 officer")
    assert f"1 of {len(required)} signatories have signed" in slide_text(sign)


def test_slides_carry_no_working_notes(one_year):
    *_, slides = one_year
    text = " ".join(slide_text(s) + " " + " ".join(c.text for sh in s.shapes if sh.has_table for row in sh.table.rows
                                                   for c in row.cells) for s in slides)
    for note in ("evidence.md", "bcf.md", "§", "unconfirmed in the copy", "TODO", "Issue 22"):
        assert note not in text, note


# --- footers: one line, inside the slide ------------------------------------------------------------------

AVERAGE_EM = 0.52  # the average advance of a sans-serif font's glyphs in mixed text, in ems


def _footer_shapes(slides):
    for s in slides[1:]:
        (foot,) = [sh for sh in s.shapes if sh.name == pptx_deck.FOOTER]
        yield s, foot


def _dejavu(bold: bool = False):
    from pathlib import Path

    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        if (Path(folder) / name).exists():
            return ImageFont.truetype(str(Path(folder) / name), 1000)
    return None


def assert_one_line(text: str, size: float, inside: float, bold: bool = False, where: str = "") -> None:
    """``text`` at ``size`` points fits ``inside`` inches: by the average glyph's advance, and, where DejaVu Sans (the
    font LibreOffice draws the pack in here, wider than Calibri) is installed, by its own advances."""
    em = AVERAGE_EM * (1.12 if bold else 1.0)
    assert len(text) * em * size / 72 <= inside, (where, text)
    font = _dejavu(bold)
    if font is not None:
        assert font.getlength(text) / 1000 * size / 72 <= inside, (where, text)


def _inside(shape) -> float:
    """The width, in inches, a text box leaves its text: its width less its left and right margins."""
    tf = shape.text_frame
    return (shape.width - tf.margin_left - tf.margin_right) / 914400


def assert_footers_fit(slides, width=13.333) -> None:
    for s, foot in _footer_shapes(slides):
        (p,) = foot.text_frame.paragraphs
        size = min(r.font.size.pt for r in p.runs)
        assert size >= slide_layout.MIN_PT
        assert foot.left >= 0 and (foot.left + foot.width) / 914400 <= width
        assert (foot.top + foot.height) / 914400 <= 7.5, s.shapes.title.text
        assert_one_line(p.text, size, _inside(foot), where=s.shapes.title.text)


def test_every_footer_fits_one_line_inside_the_slide(one_year, pack_with_pictures):
    *_, slides = one_year
    assert_footers_fit(slides)
    assert_footers_fit(pack_with_pictures[0])
    # the demo's footer is whole: area, fund and year, scenario and the warning that the figures are made up
    (foot,) = [sh for sh in slides[1].shapes if sh.name == pptx_deck.FOOTER]
    assert (
        foot.text_frame.text == "Northbrook (illustrative) · Better Care Fund 2026-27 · Add £1m · ILLUSTRATIVE figures"
    )


def test_long_names_are_shortened_so_that_the_footer_still_fits(monkeypatch):
    monkeypatch.setattr(chart_pictures, "browser_available", lambda: False)
    plan = demo_plan()
    area = "Borough of Much Longer Name upon the River Wendle and its Neighbouring Parishes (Combined Authority)"
    plan = plan.model_copy(update={"area": plan.area.model_copy(update={"name": area})})
    name = "Option C: move a fifth of the locality teams' money into reablement and step-up beds from the second year"
    view = model(Scenario(name=name), plan, runs=100, seed=3)
    slides = list(Presentation(io.BytesIO(board_pack.board_pack_bytes(plan, view)[0])).slides)
    assert_footers_fit(slides)
    text = next(sh for sh in slides[1].shapes if sh.name == pptx_deck.FOOTER).text_frame.text
    assert text.startswith("Borough of") and "BCF 2026-27" in text and "…" in text and "Option C" in text
    assert text.endswith("ILLUSTRATIVE figures")
    for long in (area, name):
        assert slide_layout.footer_text(long, "2026-27", long, False).count("…") >= 1


def test_every_title_and_subtitle_takes_one_line(one_year, pack_with_pictures):
    """A title or subtitle on two lines runs into what is under it."""
    for slides in (one_year[-1], pack_with_pictures[0]):
        for s in slides[1:]:
            title = s.shapes.title
            (p,) = title.text_frame.paragraphs
            size = min(r.font.size.pt for r in p.runs)
            assert size >= 24
            assert_one_line(p.text, size, _inside(title), bold=True, where=p.text)
            subtitles = [sh for sh in s.shapes if sh.has_text_frame and not sh.is_placeholder
                         and abs(sh.top / 914400 - 1.0) < 0.01]
            for sub in subtitles:
                assert_one_line(sub.text_frame.text, slide_layout.MIN_PT, _inside(sub), where=p.text)
                assert "…" not in sub.text_frame.text, p.text  # with the demo's short names, nothing is cut
