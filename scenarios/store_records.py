"""What the scenario store hands back and the errors it raises.

A saved version (``Saved``), one version's who, when and what changed (``Version``), a scenario as the list
shows it (``Listed``); ``StoreError`` for what the user can correct, ``StoreUnavailable`` when the database
cannot be used, ``ConflictError`` for a save from a version that is no longer the latest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from budget.models import Plan
from scenarios.schema import Scenario


class StoreError(Exception):
    """A store operation the user can correct; the message says how."""


class StoreUnavailable(StoreError):
    """The database cannot be used at all (damaged, unreachable, too slow); `detail` says what happened."""

    def __init__(self, detail: str):
        """Keep `detail` and say, in the message, what to ask the administrator to check."""
        self.detail = detail
        super().__init__(f"the scenario store is not available: {detail}; ask your administrator to check the "
                         "database setting (BCF_DATABASE_URL)")


class ConflictError(StoreError):
    """A save from a version that is no longer the latest; `current` is the latest version's number."""

    def __init__(self, name: str, base: int | None, current: int, author: str, when: dt.datetime):
        """Say who saved the newer version and when, and that the user's changes were not saved."""
        self.current = current
        super().__init__(
            f"'{name}' was saved as version {current} by {author} at {when:%d %b %Y %H:%M} after the version you "
            f"started from ({base if base is not None else 'none'}); your changes were not saved. Open the latest "
            "version, or save yours as a copy under a new name.")


@dataclass(frozen=True)
class Saved:
    """One saved version: who saved it and when, what changed, the scenario and the plan it builds on."""

    name: str
    version: int
    author: str
    saved_at: dt.datetime
    summary: str
    scenario: Scenario
    base_plan: Plan | None


@dataclass(frozen=True)
class Version:
    """One version's who, when and what changed, without its document."""
    version: int
    author: str
    saved_at: dt.datetime
    summary: str


@dataclass(frozen=True)
class Listed:
    """A scenario as the list shows it: name, latest version, owner, last update, deleted and shared."""

    name: str
    latest_version: int
    owner: str
    updated_at: dt.datetime
    deleted: bool
    shared: bool = False


@dataclass(frozen=True)
class SubmittedListed:
    """A submitted record as the list shows it, without its document.

    `name` is the scenario's name now (it opens the record), `scenario_name` its name when it was submitted;
    `number` counts the scenario's submissions from 1, so a re-submission is number 2.
    """

    name: str
    number: int
    scenario_name: str
    scenario_version: int
    area_code: str
    area_name: str
    year: str
    submitted_by: str
    submitted_at: dt.datetime


@dataclass(frozen=True)
class Submitted(SubmittedListed):
    """A submitted record with its plans and scenario.

    The plan as submitted (the scenario's plan-year changes written into its lines), the plan it was built on and
    the scenario, with its submission (goals, capacity settings, assurance, sign-off).
    """

    plan: Plan | None = None
    base_plan: Plan | None = None
    scenario: Scenario | None = None

    @property
    def submission(self):
        """The goals, capacity settings, assurance and sign-off as submitted."""
        return self.scenario.submission
