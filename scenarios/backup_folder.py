"""Backup files: one written whole or not at all, and backups kept in a folder, the newest so many.

`bcf db backup FILE` writes one file; `bcf db backup --into FOLDER --keep N`, what a nightly timer runs, names
each backup for the moment it was made, in UTC (``bcf-backup-20261207T023000Z.json``), so that the folder lists
them oldest first, then removes all but the newest N of the files so named, and never any other file. A backup is
written to a ``.partial`` file beside it, synced to disk and renamed into place, so a backup cut short by a full
disk or a stopped machine is never left under a backup's name; it is readable by its owner only (it holds every
scenario, private ones too: docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

PREFIX = "bcf-backup-"
SUFFIX = ".json"
_STAMP = "%Y%m%dT%H%M%SZ"
# the moment (to the second), and a number from 2 when two backups were made within one second
_NAME = re.compile(r"^bcf-backup-(\d{8}T\d{6}Z)(?:-([1-9]\d*))?\.json$")


def write_private(path: Path | str, text: str) -> None:
    """Write `text` to `path` (UTF-8), readable by its owner only, whole or not at all.

    Raises:
        OSError: the file could not be written; nothing is left under its name or beside it.
    """
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


def backup_name(when: dt.datetime, n: int = 1) -> str:
    """The file name of a backup made at `when` (made UTC; naive means UTC), the n-th made within that second."""
    utc = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    return f"{PREFIX}{utc.strftime(_STAMP)}{'' if n == 1 else f'-{n}'}{SUFFIX}"


def _order(path: Path) -> tuple[str, int]:
    m = _NAME.match(path.name)
    assert m is not None
    return m.group(1), int(m.group(2) or 1)


def backups_in(folder: Path | str) -> list[Path]:
    """The backups named as `backup_name` names them in `folder`, oldest first; [] for a folder that is not there."""
    try:
        found = [p for p in Path(folder).iterdir() if _NAME.match(p.name) and p.is_file()]
    except FileNotFoundError:
        return []
    return sorted(found, key=_order)


def new_backup(folder: Path | str, text: str, when: dt.datetime) -> Path:
    """Write `text` as a new backup in `folder`, under the first free name for `when`; return its path.

    The folder is made, with its parents, if need be (for its owner only).

    Raises:
        OSError: the folder or the file could not be written.
    """
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    n = 1
    while (folder / backup_name(when, n)).exists():
        n += 1
    path = folder / backup_name(when, n)
    write_private(path, text)
    return path


def prune(folder: Path | str, keep: int) -> list[Path]:
    """Remove all but the newest `keep` (1 or more) backups in `folder`; return those removed, oldest first.

    Only files named as `backup_name` names them are counted or removed.
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    old = backups_in(folder)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old
