"""The app's sign-in and its Optimise page through Streamlit's AppTest: with sign-in configured every
page asks for it, signed-in users see only their own and shared scenarios, and the Optimise page recommends
an allocation, keeps its limits and refuses bad ones with a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_ui import store_handle
from app_ui.keys import BAR_SHARE_PREFIX, KEY_BAR_NAME, KEY_SCENARIO
from budget.demo import demo_plan
from tests.pages import open_page

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("private_store")


def test_with_sign_in_configured_every_page_asks_for_it():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = {"client_id": "x", "client_secret": "y", "redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "z", "server_metadata_url": "https://example.invalid/.well-known"}
    at.run()
    assert not at.exception
    assert any(b.label == "Sign in" for b in at.button)
    assert not at.metric and not at.table  # nothing of the plan is shown


def test_optimise_page_recommends_and_saves_a_scenario():
    at = open_page("optimise_page")
    at.slider(key="opt_max_change").set_value(20)
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception
    table = at.table[0].value
    assert "Recommended" in table.columns and len(table) >= 5
    localities = at.table[1].value
    assert {"Riverside", "Area-wide"} <= set(localities.index)
    cells = at.table[2].value
    assert "Riverside" in cells.columns and any(v.startswith(("£", "−£")) for v in cells["Riverside"])
    assert len(at.get("plotly_chart")) == 2  # the frontier and the tornado
    next(b for b in at.button if b.label == "Save as a new scenario").click()
    at.run()
    assert any("in the scenario store" in x.value for x in at.success)
    saved = store_handle.store().open(next(x.name for x in store_handle.store().list()))
    assert saved.base_plan is not None and saved.base_plan.lines != demo_plan().lines  # the recommended lines
    assert at.session_state[KEY_SCENARIO].name == "Current edit"  # the scenario being edited is unchanged


def _gbp(text: str) -> float:
    return float(text.replace("£", "").replace(",", "").replace("−", "-"))


def _limit(at: AppTest, key: str, row: int, column: str, value: float) -> None:
    at.session_state[key] = {"edited_rows": {row: {column: value}}, "added_rows": [], "deleted_rows": []}


def test_optimise_page_keeps_a_locality_limit():
    at = open_page("optimise_page")
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    free = at.table[1].value
    change = free["Change"].map(_gbp)
    grew = change.idxmax()
    assert change[grew] > 1_000
    today = _gbp(free.loc[grew, "Today (£ a year)"])
    row = list(free.index).index(grew)
    _limit(at, "opt_locality_limits", row, "Maximum (£ a year)", today + 1_000)
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception and not at.error
    held = at.table[1].value
    assert _gbp(held.loc[grew, "Recommended"]) <= today + 1_000 + 1


@pytest.mark.parametrize(
    "key, row, edit, message",
    [
        (
            "opt_lever_limits",
            0,
            {"Minimum (£ a year)": 5_000_000.0, "Maximum (£ a year)": 1_000_000.0},
            "is above its maximum",
        ),
        ("opt_locality_limits", 1, {"Minimum (£ a year)": 9_000_000.0}, "exclude today's spend there"),
    ],
)
def test_optimise_page_bad_limits_give_a_sentence(key, row, edit, message):
    at = open_page("optimise_page")
    at.session_state[key] = {"edited_rows": {row: edit}, "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Find the best allocation").click()
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0] and errors[0].startswith("These limits cannot be used")
    assert not at.table and not at.get("plotly_chart")


def test_signed_in_users_see_only_their_own_and_shared_scenarios():
    def signed_in(email: str) -> AppTest:
        return open_page(user=email)  # the user as app.py records them after st.login and the allow-list

    ann = signed_in("ann@council.gov.uk")
    ann.text_input(key=KEY_BAR_NAME).set_value("Ann's draft")
    ann.run()
    ann.button(key="bar_save").click()
    ann.run()
    assert any("Saved 'Ann's draft' as version 1" in s.value for s in ann.success)
    assert ann.toggle(key=BAR_SHARE_PREFIX + "Ann's draft").value is False

    bob = signed_in("bob@nhs.net")
    assert not any(x.key == "bar_open_pick" for x in bob.selectbox)  # nothing of Ann's is listed
    bob.switch_page("app_pages/compare_page.py")
    bob.run()
    assert "Saved: Ann's draft" not in bob.multiselect(key="compare_choice").options

    ann.toggle(key=BAR_SHARE_PREFIX + "Ann's draft").set_value(True)
    ann.run()
    assert any("now shared" in s.value for s in ann.success)

    bob.run()
    assert "Saved: Ann's draft" in bob.multiselect(key="compare_choice").options
    pick = bob.selectbox(key="bar_open_pick")
    assert pick.options == ["Ann's draft (shared by ann@council.gov.uk)"]
    assert not any(t.key == BAR_SHARE_PREFIX + "Ann's draft" for t in bob.toggle)  # only the owner can unshare
