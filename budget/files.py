"""Reading a file named on the command line, bounded before any byte is read.

Only regular files are read: a device (``/dev/zero``), a named pipe (which would wait forever for
a writer), a socket or a folder is refused with a sentence. The size is checked from the file's
metadata first, and the read itself stops one byte past the limit, so a file that grows while it is
read (or a special file that reports size 0) still costs at most ``max_bytes + 1`` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(ValueError):
    """A file that must not be read; the message is a sentence for the user (without the file name)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(path: str | os.PathLike, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; :class:`FileRefused` otherwise."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as e:
        raise FileRefused(f"cannot be opened: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"is {_kind(st.st_mode)}, not a {what}; give the path of a saved {what}.")
    limit = f"{max_bytes / 1024 / 1024:,.0f} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes:,} bytes"
    if st.st_size > max_bytes:
        size = f"{st.st_size / 1024 / 1024:,.1f} MB" if max_bytes >= 1024 * 1024 else f"{st.st_size:,} bytes"
        raise FileRefused(f"the file is {size}, over the {limit} limit.")
    try:
        # O_NONBLOCK: should the path be swapped for a pipe after the check, opening it does not wait.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise FileRefused(f"cannot be opened: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise FileRefused(f"is not a regular {what}; give the path of a saved {what}.")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(f"the file is over the {limit} limit.")
    return data
