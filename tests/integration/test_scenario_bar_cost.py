"""What an idle rerun costs the scenario store: the scenario bar and the pages read the list of
saved scenarios once per run, open only the scenarios whose results are shown, and load history and
exports only when asked. Counted in calls, not timed."""

from __future__ import annotations

from collections import Counter

import pytest

from app_ui.markdown import md
from budget.demo import demo_plan
from scenarios.schema import Scenario
from scenarios.store import Store
from scenarios.store_database import default_url
from tests.pages import open_page

COUNTED = ("list", "open", "history", "export_json", "versions")


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    from app_ui import store_handle

    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    store_handle.clear_store_cache()
    yield Store(default_url(), user="ann")
    store_handle.clear_store_cache()


@pytest.fixture
def calls(monkeypatch) -> Counter:
    counter: Counter = Counter()
    for name in COUNTED:
        original = getattr(Store, name, None)
        if original is None:
            continue

        def counted(self, *args, _name=name, _original=original, **kwargs):
            counter[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, counted)
    return counter


def save_ten_times(store: Store, name: str) -> None:
    plan = demo_plan()
    for i in range(10):
        store.save(name, Scenario(seed=i + 1), base_version=i or None, base_plan=plan)


@pytest.mark.parametrize("page", ["plan_page", "compare_page", "export_page"])
def test_an_idle_rerun_reads_the_list_once_and_loads_no_history_or_export(app_store, calls, page):
    save_ten_times(app_store, "A much-saved scenario")
    for i in range(5):
        app_store.save(f"Other {i}", Scenario(seed=100 + i), base_plan=demo_plan())
    at = open_page(page, no_exception=True)
    assert at.selectbox(key="bar_open_pick").value == "A much-saved scenario"
    calls.clear()
    at.run()  # idle: nothing changed
    assert not at.exception, [e.value for e in at.exception]
    assert calls["history"] == 0 and calls["export_json"] == 0 and calls["versions"] == 0, calls
    assert calls["list"] <= 1, calls
    # only the saved scenarios the page uses are opened, each once: Compare shows one by default, and
    # Export names its board pack after the first options (the plan as submitted and two saved scenarios)
    assert calls["open"] <= {"plan_page": 0, "compare_page": 1, "export_page": 2}[page], calls
    assert any(b.proto.label == "Export as a file (JSON)" for b in at.get("download_button"))


def test_history_is_loaded_when_asked_and_then_kept(app_store, calls):
    save_ten_times(app_store, "Much saved")
    at = open_page("plan_page", no_exception=True)
    assert not [m for m in at.sidebar.markdown if "**v10**" in m.value]
    at.toggle(key="bar_show_history").set_value(True)
    calls.clear()
    at.run()
    shown = [m.value for m in at.sidebar.markdown if m.value.startswith("**v")]
    assert len(shown) == 10 and shown[0].startswith("**v10**"), shown
    assert calls["history"] == 0 and calls["versions"] == 1, calls  # who, when and what: no documents
    calls.clear()
    at.run()
    assert calls["versions"] == 0 and len([m for m in at.sidebar.markdown if m.value.startswith("**v")]) == 10
    app_store.save("Much saved", Scenario(seed=99), base_version=10)  # a new version: the list is read afresh
    at.run()
    assert calls["versions"] == 1
    assert [m.value for m in at.sidebar.markdown if m.value.startswith("**v")][0].startswith("**v11**")


def test_each_run_sees_the_store_as_it_is_now_and_only_what_the_viewer_may(app_store):
    app_store.save("Ann's private", Scenario(seed=1), viewer="ann@council.gov.uk")
    bob = open_page("compare_page", user="bob@nhs.net", no_exception=True)
    ann = open_page("compare_page", user="ann@council.gov.uk", no_exception=True)
    assert "Saved: Ann's private" in ann.multiselect(key="compare_choice").options
    assert "Saved: Ann's private" not in bob.multiselect(key="compare_choice").options
    app_store.save("Bob's new", Scenario(seed=2), viewer="bob@nhs.net")
    bob.run()
    assert "Saved: Bob's new" in bob.multiselect(key="compare_choice").options
    assert "Saved: Ann's private" not in bob.multiselect(key="compare_choice").options
    app_store.share("Ann's private", viewer="ann@council.gov.uk")
    bob.run()
    assert "Saved: Ann's private" in bob.multiselect(key="compare_choice").options


def test_scenario_names_are_shown_as_text_not_markdown(app_store):
    name = "[Session expired](https://evil.example/login) ![](https://evil.example/b.png)"
    app_store.save(name, Scenario(seed=3), base_plan=demo_plan())
    at = open_page("plan_page", no_exception=True)
    at.selectbox(key="bar_open_pick").set_value(name)
    at.button(key="bar_open").click()
    at.run()
    assert not at.exception
    shown = [m.value for m in [*at.sidebar.success, *at.sidebar.caption, *at.success, *at.caption]]
    assert any(md(name) in v for v in shown), shown
    assert not any(name in v for v in shown), shown
    at.toggle(key="bar_show_history").set_value(True)
    at.run()
    assert not any("](https://" in m.value for m in at.sidebar.markdown)
