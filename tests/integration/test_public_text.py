"""What users read is written for them: no reference to the project's research notes, their one-letter statuses,
the library's own files or working copies of data, and no working note, in any page, workbook or slide.
Provenance stays in the YAML files (and their comments) and the docs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from budget.provenance import public

ROOT = Path(__file__).resolve().parents[2]
WORKING = re.compile(r"\b[\w-]+\.md\b|§|copy seen|not been read|no URL recorded|addendum \d"
                     r"|\w\.yaml\b|\w\.csv\b|\.\./"  # the library's own files, working copies of public data
                     r"|(?-i:[(,]\s*[CSDUJ]\s*[),])"  # the notes' one-letter statuses
                     r"|(?-i:\[[a-z]\])", re.I)  # a note's lettered item, "[d]"
SLASHED_YEAR = re.compile(r"(?<![/\w])(\d{4})/(\d{2})(?![/\w])")  # the tool writes financial years as 2024-25
KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # a key of the code's or the library's (home_care_hours), not words
pytestmark = pytest.mark.usefixtures("private_store")


def test_public_drops_note_references_and_keeps_publications():
    assert public("East Sussex HWB report, 15 Jul 2025 (no URL recorded; bcf.md 2.4); sign-off: North Yorkshire "
                  "HWB, 14 Mar 2025 (bcf-2025-26.md 4.3)") == ("East Sussex HWB report, 15 Jul 2025; sign-off: "
                                                              "North Yorkshire HWB, 14 Mar 2025")
    assert public("ASCOF 2A(2), England 2019-20 (evidence.md §3).") == "ASCOF 2A(2), England 2019-20."
    assert public("Midpoint of 0.996-1.027 (evidence.md §3) and 85+ (2.4% vs 1.8% a year).") == (
        "Midpoint of 0.996-1.027 and 85+ (2.4% vs 1.8% a year).")
    assert public("NHP (IAU 2019; evidence.md §3)") == "NHP (IAU 2019)"
    assert public("A plain source (2019), page 4") == "A plain source (2019), page 4"


def _workbook_text(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}: {c.value}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def test_reference_data_and_assumptions_read_without_working_notes():
    from budget.reference import available_years, load_reference
    from scenarios.assumptions import STANCES, assumption_table, load_assumptions

    found = []
    for year in available_years():
        r = load_reference(year)
        for c in r.national_conditions:
            found += [f"{year} {c.code}: {t}" for t in (c.text, c.title, c.source) if WORKING.search(t)]
        found += [f"{year} sign-off: {s.source}" for s in r.sign_off if WORKING.search(s.source)]
        found += [f"{year} stream: {s.source}" for s in r.funding_streams if WORKING.search(s.source)]
    for stance in STANCES:
        for row in assumption_table(load_assumptions(stance)):
            found += [f"{stance}: {v}" for v in row.values() if isinstance(v, str) and WORKING.search(v)]
    assert not found, "\n".join(found[:20])


def test_the_returns_and_the_board_pack_carry_no_working_notes(monkeypatch):
    from budget.demo import demo_plan
    from budget.export import analysis_bytes, submission_bytes
    from reports import board_pack, chart_pictures
    from reports.returns import return_tables, submission_parts
    from scenarios.schema import Scenario
    from scenarios.views import model

    plan = demo_plan()
    scenario = Scenario(name="Plan as submitted")
    view = model(scenario, plan, runs=200, seed=1)
    texts = _workbook_text(submission_bytes(plan, scenario=scenario.name, **submission_parts(view, scenario, plan)))
    texts += _workbook_text(analysis_bytes(plan, scenario=scenario.name, tables=return_tables(view, scenario.stance)))
    monkeypatch.setattr(chart_pictures, "render_png", lambda *a, **k: None)
    data, _ = board_pack.board_pack_bytes(plan, view, scenario=scenario)
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for r in shape.table.rows for cell in r.cells]
    assert len(texts) > 500
    found = [t for t in texts if WORKING.search(t) or KEY.search(t) or SLASHED_YEAR.search(t)]
    assert not found, "\n".join(found[:20])


def test_no_page_shows_a_working_note():
    from tests.pages import PAGES, everything_rendered, open_page

    at = open_page(timeout=180)
    found = []
    for page in PAGES:
        if page != "start_page":
            at.switch_page(f"app_pages/{page}.py")
            at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        frames = [("dataframe", x) for d in at.dataframe for x in [*d.value.columns, *d.value.to_numpy().ravel()]
                  if isinstance(x, str)]
        found += [f"{page} {where}: {text}" for where, text in everything_rendered(at) + frames
                  if WORKING.search(text) or KEY.search(text) or SLASHED_YEAR.search(text)]
    assert not found, "\n".join(found[:20])
