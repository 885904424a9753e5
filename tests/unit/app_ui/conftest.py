"""What the app's shared parts' tests share: a session of their own, a scenario store of their own."""

from __future__ import annotations

import pytest


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A store in a temporary folder, as the app opens it (no database URL set), signed in as 'ann'."""
    from app_ui import store_handle
    from scenarios.store import Store
    from scenarios.store_database import default_url

    monkeypatch.setenv("BCF_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BCF_DATABASE_URL", raising=False)
    store_handle.clear_store_cache()
    store_handle._failures.clear()
    yield Store(default_url(), user="ann")
    store_handle.clear_store_cache()


@pytest.fixture
def fresh(monkeypatch):
    """A new session on the demo area, with no shared store."""
    import streamlit as st

    from app_ui import session, store_handle

    monkeypatch.setattr(store_handle, "store", lambda show=True: None)
    st.session_state.clear()
    session.init()
    yield
    st.session_state.clear()
