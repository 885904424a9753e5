"""The shared scenario store as the app reaches it.

One store per database setting and server process, and the memory of a store that failed.

A store that cannot be used is left alone for RETRY_AFTER_S, for every session of this server, so no
page waits on it at every rerun. Nothing kept here belongs to a user: the store engine and the failure
memory are per process.
"""

from __future__ import annotations

import os
import threading
import time

import streamlit as st

from app_ui.markdown import md

RETRY_AFTER_S = 30  # a store that failed is left alone this long before it is tried again
MESSAGE_LIMIT = 2000  # characters of a store message shown (names in it are at most 200 each)

_failures: dict[str, tuple[float, str]] = {}  # database setting -> (when it failed, what happened)
_failures_lock = threading.Lock()
_connecting = threading.Lock()  # one attempt to reach the store at a time; the others then see its outcome


def _setting() -> str:
    """The database setting the store is made from (no I/O): the URL, or the folder of the local file."""
    return os.environ.get("BCF_DATABASE_URL") or f"data-dir:{os.environ.get('BCF_DATA_DIR', '')}"


@st.cache_resource(show_spinner=False)
def _store(setting: str):
    from scenarios.store import Store

    return Store()  # one engine per database setting and server process; every call uses its own connection


def clear_store_cache() -> None:
    """Forget the stores made so far, so the next call makes one from the current database setting."""
    _store.clear()


def remember_failure(e: Exception) -> None:
    """Leave the store alone for RETRY_AFTER_S after it failed, for every session of this server."""
    detail = getattr(e, "detail", None) or str(e)
    with _failures_lock:
        _failures[_setting()] = (time.monotonic(), detail)


def _recent_failure() -> str | None:
    with _failures_lock:
        failed = _failures.get(_setting())
        if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
            return failed[1]
        _failures.pop(_setting(), None)
        return None


def unavailable_sentence(detail: str) -> str:
    """What the sidebar says about a store that cannot be used (safe Markdown)."""
    return (f"The scenario store is not available: {md(detail, limit=MESSAGE_LIMIT)}. You can still model and "
            "export this scenario; ask your administrator to check the database setting (BCF_DATABASE_URL).")


def store(show: bool = True):
    """The shared store, or None when it cannot be used (with one sentence in the sidebar when `show`)."""
    from scenarios.store import StoreError

    with _connecting:
        detail = _recent_failure()
        if detail is None:
            try:
                return _store(_setting())
            except StoreError as e:  # not cached: tried again after RETRY_AFTER_S
                remember_failure(e)
                detail = getattr(e, "detail", None) or str(e)
    if show:
        st.sidebar.error(unavailable_sentence(detail))
    return None
