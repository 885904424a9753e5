"""The board pack's options are the ones its author chooses: none by default, and one that cannot be
modelled on the open plan is left out with a sentence while the rest of the pack is built."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from app_ui import store_handle
from app_ui.keys import KEY_PACK, KEY_PACK_OPTIONS, KEY_RUNS
from app_ui.session import BASE_NAME, STORE_PREFIX
from scenarios.schema import RemoveLine, Scenario

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("private_store")
COLLEAGUE = "AAA colleague's option"  # sorts first


def pack_text(at: AppTest) -> str:
    data = at.session_state[KEY_PACK][1]
    deck = Presentation(io.BytesIO(data))
    out = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(out)


def open_export() -> AppTest:
    store_handle.store().save(COLLEAGUE, Scenario(name=COLLEAGUE, changes=(RemoveLine(kind="remove_line",
                                                                                        scheme_id="NOT-IN-MY-PLAN"),)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[KEY_RUNS] = 200
    at.run()
    at.switch_page("app_pages/export_page.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def build(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Build the board pack").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_a_colleagues_stored_scenario_is_offered_but_not_added_by_itself():
    at = open_export()
    chooser = at.multiselect(key=KEY_PACK_OPTIONS)
    assert chooser.value == []
    assert STORE_PREFIX + COLLEAGUE in chooser.options and BASE_NAME in chooser.options
    build(at)
    assert COLLEAGUE not in pack_text(at)


def test_an_option_that_cannot_be_modelled_is_left_out_with_a_sentence_and_the_pack_is_built():
    at = open_export()
    at.multiselect(key=KEY_PACK_OPTIONS).set_value([STORE_PREFIX + COLLEAGUE, BASE_NAME])
    at.run()
    build(at)
    note = at.session_state[KEY_PACK][2]
    assert f"'{STORE_PREFIX + COLLEAGUE}' was left out: it cannot be modelled on this plan" in note
    assert "NOT-IN-MY-PLAN" in note
    assert any("was left out" in str(i.value) for i in at.info)
    text = pack_text(at)
    assert BASE_NAME in text and COLLEAGUE not in text  # the good option is in the pack, the bad one is not
    pack = next(b for b in at.get("download_button") if b.proto.label == "Download the board pack")
    assert not pack.proto.disabled
