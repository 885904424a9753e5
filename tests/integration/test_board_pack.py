"""The board pack read back with python-pptx: slide titles, chart data equal to the engine's, tables,
pictures where a browser exists and native charts with a note where it does not."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pptx import Presentation

from budget.demo import demo_plan
from scenarios import board_pack
from scenarios.assumptions import load_assumptions
from scenarios.schema import Scenario
from scenarios.views import model

TITLES = ["The ask", "The money", "The options", "Impact with uncertainty", "By locality", "BCF metrics",
          "How sure are we?", "Risks and assumptions", "Appendix: method and sources"]


@pytest.fixture(scope="module")
def views():
    plan = demo_plan()
    controlled = model(Scenario(name="Option A"), plan, runs=400, seed=5)
    pilot = model(Scenario(name="Option A", stance="pilot"), plan, runs=400, seed=5)
    return plan, controlled, pilot


def slide_title(slide) -> str:
    return next(sh.text_frame.paragraphs[0].text for sh in slide.shapes if sh.has_text_frame)


def charts_of(slide):
    return [sh.chart for sh in slide.shapes if sh.has_chart]


def test_slides_titles_tables_and_native_chart_data(views):
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, options=[controlled, pilot], other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert [slide_title(s) for s in slides[1:]] == TITLES
    assert "Better Care Fund 2026-27" in slide_title(slides[0])
    # the money: income chart holds the plan's income by stream
    money = charts_of(slides[2])
    assert sorted(money[0].plots[0].series[0].values) == pytest.approx(sorted(plan.income_by_stream().values()))
    # by locality: P50 bars equal the engine's locality P50s
    (loc_chart,) = charts_of(slides[5])
    p50 = next(s for s in loc_chart.plots[0].series if s.name == "P50")
    assert list(p50.values) == pytest.approx([x["p50"] for x in controlled.by_locality["emergency_admissions_avoided"].values()])
    assert list(loc_chart.plots[0].categories) == list(controlled.by_locality["emergency_admissions_avoided"])
    # the options table names both options; the plan as submitted has no changes to value
    table = next(sh.table for sh in slides[3].shapes if sh.has_table)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][1:] == ["Option A", "Option A"]
    assert [r[1:] for r in cells if r[0].startswith("Net present value of the changes")] == [["no changes", "no changes"]]
    # the ask leads with what the option changes and what the pool buys, not the pool's net saving
    ask = " ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)
    assert "no changes are proposed" in ask and "What the whole pool buys" in ask and "net saving" not in ask.lower()
    ea = controlled.stat("emergency_admissions_avoided")
    assert f"about {ea['p50']:,.0f} emergency admissions avoided" in ask
    # every content slide names the area and scenario in its footer
    for s in slides[1:]:
        assert any("Northbrook" in sh.text_frame.text and "Option A" in sh.text_frame.text
                   for sh in s.shapes if sh.has_text_frame)


def test_uncertainty_charts_are_pictures_when_a_browser_exists(views):
    if not board_pack.browser_available():
        pytest.skip("no chromium here: the native-chart fallback is tested below")
    plan, controlled, pilot = views
    data, note = board_pack.board_pack_bytes(plan, controlled, other_stance=pilot)
    prs = Presentation(io.BytesIO(data))
    fan = list(prs.slides)[4]
    assert any(sh.shape_type == 13 for sh in fan.shapes)  # a picture
    assert note == ""


def test_without_a_browser_the_pack_still_comes_with_native_charts_and_a_note(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
    data, note = board_pack.board_pack_bytes(plan, controlled)
    assert "No browser" in note
    prs = Presentation(io.BytesIO(data))
    fan = list(prs.slides)[4]
    (chart,) = charts_of(fan)
    years = list(controlled.headline["by_year"])
    assert list(chart.plots[0].categories) == years
    assert list(chart.plots[0].series[0].values) == pytest.approx(
        [controlled.headline["by_year"][y]["emergency_admissions_avoided"]["p50"] for y in years])
    appendix = list(prs.slides)[-1]
    assert any("No browser" in sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def _appendix_text(data: bytes) -> str:
    appendix = list(Presentation(io.BytesIO(data)).slides)[-1]
    return "\n".join(sh.text_frame.text for sh in appendix.shapes if sh.has_text_frame)


def test_the_appendix_quotes_the_unit_costs_of_the_assumption_library(views, monkeypatch):
    plan, controlled, _ = views
    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
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
    assert xlsx.stat().st_size > 10_000 and len(Presentation(str(pptx)).slides) == 10


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "http://evil.example"]


def test_names_from_files_reach_the_chart_workbooks_as_text(monkeypatch):
    """Locality, scheme and scenario names are written into each chart's embedded workbook as text:
    no formulas, no hyperlinks, whatever the names begin with."""
    import re
    import zipfile

    monkeypatch.setattr(board_pack, "browser_available", lambda: False)
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
