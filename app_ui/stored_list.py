"""The shared store's scenarios as one session lists them: name -> (Scenario, lines), opened when asked for.

``app_ui.session.stored()`` makes one for each script run; this module holds the list itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from app_ui import store_handle
from budget.models import Plan

MAX_STORED_SHOWN = 50  # saved scenarios offered for comparison and export
STORE_PREFIX = "Saved: "


class Stored(Mapping):
    """The shared store's scenarios that one viewer may see, for the open area.

    As name -> (Scenario, lines or None): listed once, and each scenario opened only when its entry is
    asked for.
    """

    def __init__(self, rows=(), store=None, viewer: str | None = None, plan: Plan | None = None):
        """List `rows` (scenarios.store.Listed) of `store` as `viewer` sees them, for `plan` (the open plan)."""
        self.rows = list(rows)  # every listed scenario (scenarios.store.Listed), for the scenario bar
        self._names = {STORE_PREFIX + r.name: r.name for r in self.rows[:MAX_STORED_SHOWN]}
        self._store, self._viewer, self._plan = store, viewer, plan
        self._opened: dict = {}

    def __getitem__(self, key: str):
        """(Scenario, lines or None) of the listed scenario `key`, opened once; ScenarioError if it cannot be."""
        if key not in self._names:
            raise KeyError(key)
        if key not in self._opened:
            from scenarios.schema import ScenarioError
            from scenarios.store import StoreError, StoreUnavailable

            try:
                saved = self._store.open(self._names[key], viewer=self._viewer)
            except StoreError as e:  # deleted or made private since it was listed, or the store went away
                if isinstance(e, StoreUnavailable):
                    store_handle.remember_failure(e)
                raise ScenarioError(str(e)) from None
            plan = self._plan
            same_area = saved.base_plan is not None and plan is not None and saved.base_plan.area.code == plan.area.code
            self._opened[key] = (saved.scenario, saved.base_plan.lines if same_area else None)
        return self._opened[key]

    def __contains__(self, key: object) -> bool:
        """Whether `key` ("Saved: " and a name) is listed."""
        return key in self._names

    def __iter__(self):
        """The listed names, "Saved: " first."""
        return iter(self._names)

    def __len__(self) -> int:
        """How many are listed (at most MAX_STORED_SHOWN)."""
        return len(self._names)
