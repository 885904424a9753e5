"""The board pack's accessibility and layout, read back with python-pptx: real titles, alternative text with
figures, text of 18 pt or more, reading order, contrast, header rows, and footers, titles and subtitles that
each take one line inside the slide."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from budget.demo import demo_plan
from reports import board_pack, chart_pictures, pptx_deck, slide_layout
from scenarios.schema import Scenario
from scenarios.views import model
from tests.integration.slides import TITLES_WITH_CHANGES, charts_of, slide_text


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
