"""Server-side time of each page run, for the load benchmark (`make load`).

Off unless BCF_RUN_LOG names a file; then each run appends one line ``page<TAB>seconds``. The line
holds no user, area or scenario, only the page's title and how long the server took.
"""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()


def record(page: str, seconds: float) -> None:
    """Append ``page<TAB>seconds`` to the file BCF_RUN_LOG names; do nothing when it is unset."""
    path = os.environ.get("BCF_RUN_LOG")
    if not path:
        return
    with _lock, open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{page}\t{seconds:.6f}\n")
