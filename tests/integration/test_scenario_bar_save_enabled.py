"""The scenario bar's Save buttons are never disabled (a keyboard user who types a name and presses Tab
must land on Save, and Tab skips a disabled button); without a name they say so and save nothing."""

from __future__ import annotations

import pytest

from app_ui.keys import KEY_BAR_NAME
from tests.pages import open_page

pytestmark = pytest.mark.usefixtures("private_store")


@pytest.mark.parametrize("key", ["bar_save", "bar_save_copy"])
def test_save_without_a_name_says_so_and_saves_nothing(key):
    at = open_page("plan_page")
    assert not at.button(key=key).disabled
    at.text_input(key=KEY_BAR_NAME).set_value("   ")
    at.run()
    assert not at.button(key=key).disabled
    at.button(key=key).click()
    at.run()
    assert not at.exception
    assert any("Type a name for the scenario" in w.value for w in at.warning)
    assert not at.success
    assert "(not saved)" in " ".join(c.value for c in at.caption)
    # with a name, the same button saves
    at.text_input(key=KEY_BAR_NAME).set_value("Named")
    at.run()
    at.button(key=key).click()
    at.run()
    assert any("Saved 'Named'" in s.value for s in at.success)
