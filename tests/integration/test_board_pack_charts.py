"""The board pack's charts, read back with python-pptx: pictures where a browser exists, native charts with
a note where it does not, names from files written into the charts' workbooks as text, and the axes' layout
and money formats."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from budget.demo import demo_plan
from reports import board_pack, chart_pictures, pptx_deck
from scenarios.schema import Scenario
from scenarios.views import model
from tests.integration.slides import by_title, charts_of


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
