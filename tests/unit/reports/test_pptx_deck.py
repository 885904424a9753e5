"""The board pack's PowerPoint writing: titles and footers in reading order, marked and banded tables, tables
split over slides, native charts whose names stay text and whose values are in their alternative text, and the
native chart in place of a picture with no browser."""

from __future__ import annotations

import io

import plotly.graph_objects as go
from openpyxl import load_workbook
from pptx import Presentation

from reports import chart_pictures
from reports import pptx_deck as deck
from reports.slide_layout import MIN_PT


def reopen(d: deck.Deck):
    buf = io.BytesIO()
    d.save(buf)
    return list(Presentation(io.BytesIO(buf.getvalue())).slides)


def alt_text(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""


def test_money_axes_are_millions_from_a_million_and_pounds_below():
    assert deck.money_axis_format([0, 20e6]).split(";")[0] == '"£"#,##0,,"m"'
    assert deck.money_axis_format([0, -2.5e6]).split(";")[0] == '"£"#,##0.0,,"m"'
    assert deck.money_axis_format([900_000]).split(";")[0] == '"£"#,##0'
    assert deck.money_axis_format([]).split(";")[1].startswith('"−£"')


def test_a_slide_reads_title_first_and_footer_last():
    d = deck.Deck("Area · BCF 2026-27 · Plan")
    s = d.slide("The ask", "Area, 2026-27")
    d.text(s, "A note", 0.6, 5.0, 4.0)
    d.bullets(s, ["First", "Second"], top=2.0)
    (slide,) = reopen(d)
    shapes = list(slide.shapes)
    assert shapes[0].is_placeholder and shapes[0].text_frame.text == "The ask"
    assert shapes[-1].name == deck.FOOTER and shapes[-1].text_frame.text == "Area · BCF 2026-27 · Plan"
    tops = [sh.top for sh in shapes[1:-1]]
    assert tops == sorted(tops)
    bullets = next(sh for sh in shapes if sh.has_text_frame and sh.text_frame.text.startswith("• "))
    assert [p.text for p in bullets.text_frame.paragraphs] == ["• First", "• Second"]


def test_a_table_has_a_marked_header_and_banded_rows_at_the_minimum_size():
    d = deck.Deck("f")
    t = d.table(d.slide("T"), ["Role", "Name"], [["Chair", "A"], ["Officer", "B"]], widths=[3.0, 3.0], name="Sign-off")
    assert t.first_row
    assert t.cell(0, 0).fill.fore_color.rgb == deck.DARK
    assert t.cell(1, 0).fill.fore_color.rgb == deck.WHITE and t.cell(2, 0).fill.fore_color.rgb == deck.BAND
    run = t.cell(0, 0).text_frame.paragraphs[0].runs[0]
    assert run.font.bold and run.font.size.pt == MIN_PT


def test_a_long_table_goes_over_slides_that_say_which_of_how_many():
    d = deck.Deck("f")
    rows = [[f"Role {i}", f"Person {i}"] for i in range(40)]
    slides = d.table_slides("Sign-off", "Who signs", ["Role", "Name"], rows, [4.0, 4.0], after=["A sentence."])
    assert len(slides) >= 2
    titles = [s.shapes.title.text for s in slides]
    assert titles == [f"Sign-off ({n} of {len(slides)})" for n in range(1, len(slides) + 1)]
    read = [r for s in slides for sh in s.shapes if sh.has_table for r in list(sh.table.rows)[1:]]
    assert [[c.text for c in r.cells] for r in read] == rows


def test_a_native_chart_keeps_names_as_text_and_says_its_values():
    d = deck.Deck("f")
    s = d.slide("The money")
    chart = d.bar_chart(s, ["=SUM(A1)", "Plain"], {"Spend (£)": [2_500_000, 40_000]}, money=True, horizontal=True,
                        title="Pool")
    frame = next(sh for sh in s.shapes if sh.has_chart)
    assert alt_text(frame) == "Bar chart: Pool. Spend (£): =SUM(A1) £2.5m; Plain £40,000."
    sheet = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    assert sheet["A2"].value == "=SUM(A1)" and sheet["A2"].data_type == "s"
    assert chart.category_axis.reverse_order and not chart.has_legend


def test_with_no_picture_the_native_chart_stands_in_and_a_note_says_so(monkeypatch):
    monkeypatch.setattr(chart_pictures, "render_png", lambda *a, **k: None)
    d = deck.Deck("f")
    s = d.slide("Impact")
    drawn, notes = [], []
    fig = go.Figure()
    d.picture_or_chart(s, fig, lambda sl, *box: drawn.append(box), notes, alt="A chart")
    assert drawn == [(0.6, 1.5, 12.1, 4.9 + 0.4)]
    assert len(notes) == 1 and "No browser" in notes[0]
    d.picture_or_chart(s, fig, lambda sl, *box: drawn.append(box), notes, alt="A chart")
    assert len(notes) == 1  # said once


def test_a_picture_drawn_goes_in_its_box_with_its_alternative_text_and_source(monkeypatch):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, format="PNG")
    asked = []
    monkeypatch.setattr(chart_pictures, "render_png", lambda fig, **kw: asked.append(kw) or buf.getvalue())
    d = deck.Deck("f")
    s = d.slide("Impact")
    assert d.picture(s, go.Figure(), "Fan chart: 1, 2, 3", 0.6, 1.5, 7.6, 4.9)
    assert asked == [{"width": round(7.6 * 72), "height": round(4.9 * 72), "scale": 3}]
    pic = next(sh for sh in s.shapes if sh.shape_type == 13)
    assert alt_text(pic) == "Fan chart: 1, 2, 3"
    assert any(sh.has_text_frame and sh.text_frame.text == deck.PICTURE_SOURCE for sh in s.shapes)
