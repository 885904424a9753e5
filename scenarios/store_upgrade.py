"""Bringing the scenario store's tables up to date, once, before a server starts.

`bcf serve` and the deployment's one-shot migration step call `upgrade`; the app's own store handle then
finds the tables current.
"""

from __future__ import annotations


def upgrade(url: str) -> None:
    """Bring the tables of the store at `url` up to date, creating them in an empty database.

    Raises:
        StoreUnavailable: The database cannot be used; the sentence names it (never its password).
        StoreError: The store cannot be brought up to date.
    """
    from scenarios.store import Store

    Store(url).engine.dispose()
