"""Each browser's work in progress, kept in the store so that reloading the page picks it up.

Reloading, or opening the app again from the same address, picks up the open workbook, area and year, the
scenario being edited with its lines, goals, capacity settings, assurance and sign-off, and the model settings.

A working copy is found by its token, a secret the app puts in the browser's address (``app_ui.working``), and
belongs to the user signed in when it was written ("" when sign-in is off): it is given back only to that user, and
a token that is another user's is never written over. It is not a saved scenario: it is not listed, shared, backed
up or restored with the scenarios, and one not changed for ``MAX_AGE`` is removed. The state is JSON text the app
writes and reads (``app_ui.working``); the workbook is kept compressed, written again only when it changes.
The ``Store`` methods ``keep_working`` and ``working`` call these.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from scenarios.store_tables import working_t

MAX_AGE = dt.timedelta(days=30)  # a working copy not changed for this long is removed


@dataclass(frozen=True)
class Working:
    """A working copy as kept.

    Its state (JSON text), its workbook's digest and bytes (None: the demo area), and when it was last written (UTC).
    """

    state: str
    workbook_digest: str
    workbook: bytes | None
    updated_at: dt.datetime


def keep(engine, token: str, owner: str, state: str, workbook_digest: str, workbook: bytes | None,
         now: dt.datetime) -> bool:
    """Write the working copy `token` for `owner`; False, with nothing written, when the token is another owner's.

    The workbook is written only when its digest differs from the one kept. Working copies older than MAX_AGE are
    removed.
    """
    c = working_t.c
    with engine.begin() as conn:
        row = conn.execute(select(c.owner, c.workbook_digest).where(c.token == token)).first()
        if row is not None and row.owner != owner:
            return False
        values: dict = {"updated_at": now, "state": state}
        if row is None or row.workbook_digest != workbook_digest:
            values |= {"workbook_digest": workbook_digest,
                       "workbook": None if workbook is None else zlib.compress(workbook, 6)}
        try:
            if row is None:
                conn.execute(insert(working_t).values(token=token, owner=owner, **values))
            else:
                conn.execute(update(working_t).where(c.token == token, c.owner == owner).values(**values))
        except IntegrityError:  # written by another request for the same token at the same moment: theirs stands
            return False
        conn.execute(delete(working_t).where(c.updated_at < now - MAX_AGE))
    return True


def find(engine, token: str, owner: str, move_to: str | None = None) -> Working | None:
    """The working copy `token` when it is `owner`'s, else None; with `move_to`, kept from now under that token.

    Moving it is how a new session takes the work over: the session it came from, if it is still open (a
    duplicated browser tab), keeps its own work under the old token from its next change, so two sessions never
    write over each other's work.
    """
    c = working_t.c
    with engine.begin() as conn:
        row = conn.execute(select(working_t).where(c.token == token, c.owner == owner)).first()
        if row is not None and move_to is not None:
            conn.execute(update(working_t).where(c.token == token, c.owner == owner).values(token=move_to))
    if row is None:
        return None
    when = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=dt.UTC)  # SQLite: no zone
    data = None if row.workbook is None else zlib.decompress(row.workbook)
    return Working(state=row.state, workbook_digest=row.workbook_digest, workbook=data,
                   updated_at=when.astimezone(dt.UTC))
