"""app_ui.store_handle: one store per database setting, and a store that failed left alone for a while."""

from __future__ import annotations

import pytest

from app_ui import store_handle
from app_ui.markdown import md


@pytest.fixture(autouse=True)
def fresh(monkeypatch, tmp_path):
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path / "data"))
    store_handle.clear_store_cache()
    store_handle._failures.clear()
    yield
    store_handle.clear_store_cache()
    store_handle._failures.clear()


def test_the_store_is_made_in_the_data_folder_once(tmp_path):
    s = store_handle.store(show=False)
    assert s is not None and s.url == f"sqlite:///{tmp_path / 'data' / 'scenarios.sqlite'}"
    assert store_handle.store(show=False) is s


def test_another_setting_gets_its_own_store(monkeypatch, tmp_path):
    first = store_handle.store(show=False)
    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path / "other"))
    second = store_handle.store(show=False)
    assert second is not first and "other" in second.url


def test_a_store_that_fails_is_left_alone_then_tried_again(monkeypatch, tmp_path):
    monkeypatch.setenv("BCF_DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'folder' / 'x.sqlite'}")
    assert store_handle.store(show=False) is None
    assert "cannot use the scenario database" in store_handle._recent_failure()
    # while the failure is recent the store is not tried: even a working database behind the same setting waits
    (tmp_path / "missing" / "folder").mkdir(parents=True)
    assert store_handle.store(show=False) is None
    when, detail = store_handle._failures[store_handle._setting()]
    store_handle._failures[store_handle._setting()] = (when - store_handle.RETRY_AFTER_S - 1, detail)
    assert store_handle.store(show=False) is not None


def test_remember_failure_keeps_the_detail():
    from scenarios.store_records import StoreUnavailable

    store_handle.remember_failure(StoreUnavailable("the disk is full"))
    assert store_handle._recent_failure() == "the disk is full"
    store_handle.remember_failure(RuntimeError("plain"))
    assert store_handle._recent_failure() == "plain"


def test_the_sentence_escapes_the_detail():
    detail = "cannot use 'postgresql://…@[db](https://x.example)'"
    assert store_handle.unavailable_sentence(detail) == (
        f"The scenario store is not available: {md(detail)}. You can still model and export this scenario; ask "
        "your administrator to check the database setting (BCF_DATABASE_URL).")
    assert "[db]" not in store_handle.unavailable_sentence(detail)


def sidebar_page():
    """A page that asks for the store with its sentence shown."""
    import streamlit as st

    from app_ui.store_handle import store

    st.write("got a store" if store() is not None else "no store")


def test_a_store_that_cannot_be_used_says_so_in_the_sidebar(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BCF_DATABASE_URL", f"sqlite:///{tmp_path / 'nowhere' / 'x.sqlite'}")
    at = AppTest.from_function(sidebar_page, default_timeout=30)
    at.run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["no store"]
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 1
    assert errors[0].startswith("The scenario store is not available: cannot use the scenario database")
    assert errors[0].endswith("ask your administrator to check the database setting (BCF_DATABASE_URL).")
