"""A plan the model cannot run on yet (a plan in the national template's shape, for an area whose population the
tool does not know): every page that needs no model works, the submission copy downloads, and the pages that need
the model say what the plan lacks, never to undo a change that was not made."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from app_ui.keys import KEY_BYTES, KEY_NAME, KEY_RUNS
from budget.readers import load_bytes
from tests.integration.builders import plan_workbook, save
from tests.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
COVER = [("Health and Wellbeing Board", "Testborough"), ("HWB Code", "E06999999"), ("Financial Year", "2025-26")]
UNDO = re.compile(r"\b(undo|remove) the last change", re.IGNORECASE)
NO_MODEL_NEEDED = ("start_page", "budget_page", "signoff_page", "method_page", "benchmark_page",
                   "monitor_page")  # the Monitor page models nothing until actuals are given


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return save(plan_workbook(cover=COVER))


def opened(workbook: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[KEY_RUNS] = 100
    at.session_state[KEY_BYTES] = workbook
    at.session_state[KEY_NAME] = "testborough.xlsx"
    at.run()
    return at


def test_the_plan_reads_but_has_nothing_the_model_can_run_on(workbook):
    (plan,) = load_bytes(workbook, name="testborough.xlsx").plans
    assert plan.lines and not plan.localities


def test_pages_that_need_no_model_work_and_the_others_say_what_the_plan_lacks(workbook):
    at = opened(workbook)
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        said = [e.value for e in (*at.error, *at.warning)]
        assert not any(UNDO.search(s) for s in said), (page, said)  # no change was made
        if page in NO_MODEL_NEEDED:
            assert not at.error, (page, said)
        elif page not in ("plan_page", "optimise_page"):  # the Plan page edits lines; Optimise waits for a click
            assert any("no localities" in s for s in said), (page, said)
        assert not any("no localities" in e.value for e in at.error), (page, said)  # a warning, not an error


def test_the_submission_copy_downloads_without_the_model(workbook, downloads):
    at = opened(workbook)
    at.switch_page("app_pages/export_page.py")
    at.run()
    assert not at.exception
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons["Download the Excel return (submission copy)"] is False
    assert buttons["Download the analysis copy"] is True  # it holds the model's results
    (data,) = [d for name, d in downloads if name and name.startswith("BCF_return_2025-26_Testborough")]
    # the copy reads back as the plan that was uploaded, line by line
    (plan,) = load_bytes(workbook, name="testborough.xlsx").plans
    (back,) = load_bytes(data, name="return.xlsx").plans
    assert sorted((x.scheme_id, x.amount) for x in back.lines) == sorted((x.scheme_id, x.amount) for x in plan.lines)
    assert back.total_income == pytest.approx(plan.total_income)
    # the goals and the capacity plan say why they are empty, and the Cover says so too
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in ("Metrics", "Capacity and demand"):
        text = " ".join(str(v) for row in wb[sheet].iter_rows(values_only=True) for v in row if v)
        assert "cannot run on this plan yet" in text and "no localities" in text, sheet
    cover = " ".join(str(v) for row in wb["Cover"].iter_rows(values_only=True) for v in row if v)
    assert "cannot run on this plan yet" in cover
