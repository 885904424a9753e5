"""scenarios.store_records: the store's records and the sentences its errors say."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from scenarios.schema import Scenario
from scenarios.store_records import ConflictError, Listed, Saved, StoreError, StoreUnavailable, Version

WHEN = dt.datetime(2026, 3, 4, 9, 5, tzinfo=dt.UTC)


def test_unavailable_says_what_happened_and_whom_to_ask():
    e = StoreUnavailable("disk full")
    assert isinstance(e, StoreError) and e.detail == "disk full"
    assert str(e) == ("the scenario store is not available: disk full; ask your administrator to check the "
                      "database setting (BCF_DATABASE_URL)")


def test_conflict_names_who_when_and_the_version_started_from():
    e = ConflictError("North", 3, 5, "bob", WHEN)
    assert isinstance(e, StoreError) and e.current == 5
    assert str(e) == ("'North' was saved as version 5 by bob at 04 Mar 2026 09:05 after the version you started "
                      "from (3); your changes were not saved. Open the latest version, or save yours as a copy "
                      "under a new name.")
    assert "started from (none)" in str(ConflictError("North", None, 1, "bob", WHEN))


def test_records_are_frozen():
    saved = Saved("N", 1, "a", WHEN, "created", Scenario(), None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        saved.version = 2
    assert Version(1, "a", WHEN, "created") == Version(1, "a", WHEN, "created")


def test_listed_is_private_unless_said():
    assert Listed("N", 1, "a", WHEN, False).shared is False
    assert Listed("N", 1, "a", WHEN, False, True).shared is True
