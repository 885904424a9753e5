"""reports.picture_worker: the frames the board pack's picture process reads and writes (no browser is started)."""

from __future__ import annotations

import io
import json
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.picture_worker import MAX_FRAME, frame, read_frame

JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)


def test_a_frame_is_four_bytes_of_big_endian_length_then_json():
    data = frame({"id": 7, "png": "AAAA"})
    body = json.dumps({"id": 7, "png": "AAAA"}).encode()
    assert data[:4] == struct.pack(">I", len(body)) == len(body).to_bytes(4, "big")
    assert data[4:] == body


@settings(max_examples=50, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), JSON, max_size=5), max_size=5))
def test_frames_read_back_in_order_then_none(items):
    stream = io.BytesIO(b"".join(frame(x) for x in items))
    assert [read_frame(stream) for _ in items] == items
    assert read_frame(stream) is None


def test_text_is_utf8_encoded():
    data = frame({"title": "Net saving £ − ü"})
    assert read_frame(io.BytesIO(data)) == {"title": "Net saving £ − ü"}


@pytest.mark.parametrize("data", [b"", b"\x00\x00", b"\x00\x00\x00\x10{\"a\": 1"])
def test_a_stream_that_ends_early_is_the_end(data):
    assert read_frame(io.BytesIO(data)) is None


def test_a_frame_over_the_limit_is_refused_before_it_is_read():
    head = struct.pack(">I", MAX_FRAME + 1)
    with pytest.raises(ValueError, match=f"a frame of {MAX_FRAME + 1:,} bytes is more than {MAX_FRAME:,}"):
        read_frame(io.BytesIO(head))
    assert MAX_FRAME == 256 * 1024 * 1024
