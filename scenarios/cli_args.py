"""Options shared by the scenario commands (`run`, `compare`, `export`, `optimise`): --runs, --seed and
--horizon checked against the scenario schema's own limits, applied to a scenario, and JSON printed
as strict JSON. A value out of range is one sentence naming the option, never a validation dump."""

from __future__ import annotations

import json
import sys

from pydantic import TypeAdapter, ValidationError

from budget.cli import UserError
from scenarios.schema import Runs, Scenario, Seed, Year, validation_messages

_ADAPTERS = {"runs": TypeAdapter(Runs), "seed": TypeAdapter(Seed), "horizon_years": TypeAdapter(Year)}
OPTIONS = {"runs": "--runs", "seed": "--seed", "horizon_years": "--horizon", "stance": "--stance"}


def checked(field: str, value: int | None, option: str | None = None) -> int | None:
    """``value`` for the scenario field ``field`` (runs, seed, horizon_years), or a UserError naming the option."""
    if value is None:
        return None
    try:
        return _ADAPTERS[field].validate_python(value)
    except ValidationError as e:
        raise UserError(*[f"{option or OPTIONS[field]}: {m.split(': ', 1)[1]}" for m in validation_messages(e)]) from None


def with_options(scenario: Scenario, **fields: object) -> Scenario:
    """The scenario with the options given on the command line (None = keep the scenario's own)."""
    update = {k: v for k, v in fields.items() if v is not None}
    for k, v in update.items():
        if k in _ADAPTERS:
            checked(k, v)  # type: ignore[arg-type]
    if not update:
        return scenario
    try:
        return Scenario.model_validate({**scenario.model_dump(by_alias=True), **update})
    except ValidationError as e:
        raise UserError(*[f"{OPTIONS.get(m.split(':', 1)[0], m.split(':', 1)[0])}:{m.split(':', 1)[1]}"
                          for m in validation_messages(e)]) from None


def print_json(obj: object) -> None:
    """One JSON object on stdout, strict JSON: a value that is not a finite number is refused, never
    written as NaN or Infinity."""
    try:
        text = json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise UserError("the results hold a value that is not a finite number, so no JSON was written; "
                        "please report it with the file used") from None
    sys.stdout.write(text + "\n")
