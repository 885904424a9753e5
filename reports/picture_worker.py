"""The process that draws the board pack's chart pictures: one kaleido browser, one picture at a time.

The parent (``reports.chart_pictures.render_png``) sends each request as a frame on this process's standard
input and reads the answer, tagged with the request's number, from its standard output. A frame is four
bytes of length (big-endian) and that many bytes of JSON. A picture that takes too long is abandoned by
killing this process and everything it started, so nothing it was drawing can reach a later caller.
"""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import sys
from typing import BinaryIO

MAX_FRAME = 256 * 1024 * 1024


def read_frame(stream: BinaryIO) -> dict | None:
    """The next frame as data, or None at the end of the stream."""
    head = stream.read(4)
    if len(head) < 4:
        return None
    (n,) = struct.unpack(">I", head)
    if n > MAX_FRAME:
        raise ValueError(f"a frame of {n:,} bytes is more than {MAX_FRAME:,}")
    body = stream.read(n)
    if len(body) < n:
        return None
    return json.loads(body)


def frame(data: dict) -> bytes:
    """`data` as one frame."""
    body = json.dumps(data).encode()
    return struct.pack(">I", len(body)) + body


async def _serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    import kaleido

    loop = asyncio.get_running_loop()
    browser = kaleido.Kaleido()
    await browser.open()
    try:
        while True:
            request = await loop.run_in_executor(None, read_frame, stdin)
            if request is None:
                return
            try:
                png = await browser.calc_fig(request["fig"], opts=request["opts"])
                answer = {"id": request["id"], "png": base64.b64encode(png).decode()}
            except Exception as e:  # noqa: BLE001 - the parent decides what a failed picture means
                answer = {"id": request["id"], "error": f"{type(e).__name__}: {e}"}
            stdout.write(frame(answer))
            stdout.flush()
    finally:
        await browser.close()


def main() -> None:
    """Serve pictures until standard input closes."""
    asyncio.run(_serve(sys.stdin.buffer, sys.stdout.buffer))


if __name__ == "__main__":
    main()
