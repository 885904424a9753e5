"""Per-session state: which workbook is open. Parsed results are cached by content (st.cache_data)."""

from __future__ import annotations

import hashlib

import streamlit as st

from budget.models import LoadError, LoadResult

KEY_NAME = "bcf_workbook_name"
KEY_BYTES = "bcf_workbook_bytes"
KEY_AREA = "bcf_area_code"
KEY_LAST_UPLOAD = "bcf_last_upload_digest"
MAX_UPLOAD_MB = 20


def init() -> None:
    st.session_state.setdefault(KEY_NAME, "demo")
    st.session_state.setdefault(KEY_BYTES, None)
    st.session_state.setdefault(KEY_AREA, None)


@st.cache_data(show_spinner=False, max_entries=32)
def _load(digest: str, name: str, data: bytes | None) -> LoadResult | LoadError:
    from budget.readers import load_bytes

    if data is None:
        from budget.demo import demo_workbook_bytes

        data = demo_workbook_bytes()
    try:
        return load_bytes(data, name=name)
    except LoadError as e:  # cached too, so a bad file is not re-parsed on every rerun
        return e


def current() -> LoadResult | LoadError:
    name = st.session_state[KEY_NAME]
    data = st.session_state[KEY_BYTES]
    digest = hashlib.sha256(data).hexdigest() if data is not None else "demo"
    return _load(digest, name, data)


def open_upload(name: str, data: bytes) -> LoadResult | LoadError:
    """Try an uploaded workbook; keep it only if it reads, so a bad file never loses the current one."""
    digest = hashlib.sha256(data).hexdigest()
    result = _load(digest, name, data)
    if st.session_state.get(KEY_LAST_UPLOAD) == digest:
        return result  # the same upload seen again on a rerun: keep what the user has open now
    st.session_state[KEY_LAST_UPLOAD] = digest
    if isinstance(result, LoadResult):
        st.session_state[KEY_NAME] = name
        st.session_state[KEY_BYTES] = data
        st.session_state[KEY_AREA] = None
    return result


def open_demo() -> None:
    st.session_state[KEY_NAME] = "demo"
    st.session_state[KEY_BYTES] = None
    st.session_state[KEY_AREA] = None


def is_last_upload(data: bytes) -> bool:
    return st.session_state.get(KEY_LAST_UPLOAD) == hashlib.sha256(data).hexdigest()
