"""What the scenario commands (`run`, `compare`, `export`, `optimise`, `scenarios`) share.

* ``checked``, ``check_options``, ``with_options``: --runs, --seed, --horizon and --stance checked
  against the scenario schema's own limits and applied to a scenario; a value out of range is one
  sentence naming the option, never a validation dump
* ``scenario_and_plan``: a SOURCE's scenario, with the options given, and the plan it builds on
* ``user_errors``: the model's errors (ScenarioError, StoreError, ValueError) as the UserError that
  `bcf` prints as `error:` lines
* ``print_json``: one object on stdout as strict JSON
* ``add_source_options``: SOURCE and the options every scenario command shares (--runs, --seed, --area,
  --json, --db)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import get_args

from pydantic import ValidationError

from budget.cli import UserError, print_json  # noqa: F401  (print_json: the commands' own)
from budget.models import Plan
from scenarios.cli.sources import resolve_plan, scenario_for_source
from scenarios.schema import Runs, Scenario, ScenarioError, Seed, Year, validation_messages

_WHOLE = {"runs": Runs, "seed": Seed, "horizon_years": Year}  # each a budget.models.whole type
OPTIONS = {"runs": "--runs", "seed": "--seed", "horizon_years": "--horizon", "stance": "--stance"}
# options that no other field of a scenario constrains: once checked, set without checking the whole scenario again
_INDEPENDENT = {"runs", "seed"}


def checked(field: str, value: int | None, option: str | None = None) -> int | None:
    """``value`` for the scenario field ``field`` (runs, seed, horizon_years), or a UserError naming the option.

    The value (an int, as the command line reads it) goes through the field type's own checks (refusing
    true/false, then its range), called directly: a command's option needs no validator built for it.
    """
    if value is None:
        return None
    try:
        for check in get_args(_WHOLE[field])[1:]:
            value = check.func(value)
    except ValueError as e:
        raise UserError(f"{option or OPTIONS[field]}: {e}") from None
    return value


def check_options(**fields: int | None) -> None:
    """Each option given, checked before any file is read, so that a bad option is the first thing said."""
    for field, value in fields.items():
        checked(field, value)


def with_options(scenario: Scenario, **fields: object) -> Scenario:
    """The scenario with the options given on the command line (None = keep the scenario's own)."""
    update = {k: v for k, v in fields.items() if v is not None}
    for k, v in update.items():
        if k in _WHOLE:
            update[k] = checked(k, v)  # type: ignore[arg-type]
    if not update:
        return scenario
    if set(update) <= _INDEPENDENT:
        return scenario.model_copy(update=update)
    try:
        return Scenario.model_validate({**scenario.model_dump(by_alias=True), **update})
    except ValidationError as e:
        raise UserError(*[f"{OPTIONS.get(m.split(':', 1)[0], m.split(':', 1)[0])}:{m.split(':', 1)[1]}"
                          for m in validation_messages(e)]) from None


def scenario_and_plan(source: str, *, area: str | None = None, db: str | None = None,
                      **options: object) -> tuple[Scenario, Plan]:
    """The scenario SOURCE stands for, with the command-line ``options``, and the plan it builds on.

    The options are runs, seed, stance and horizon_years; None keeps the scenario's own. A plan with no
    localities is modelled as one area-wide locality with its area's published population
    (``budget.areas.area_wide_plan``).
    """
    from budget.areas import area_wide_plan

    scenario, base_dir = scenario_for_source(source, db)
    scenario = with_options(scenario, **options)
    return scenario, area_wide_plan(resolve_plan(scenario, base_dir, area, db))


def print_area_wide(plan: Plan) -> None:
    """Print, for a plan with no localities of its own, how it is modelled as one (``budget.areas.area_wide``)."""
    from budget.areas import area_wide

    whole = area_wide(plan)
    if whole is not None:
        print(whole.sentence)


@contextmanager
def user_errors() -> Iterator[None]:
    """Within it, the model's own errors become the UserError that `bcf` prints.

    That is each message of a ScenarioError, the sentence of a StoreError or of any other ValueError. A
    LoadError passes on unchanged, for `bcf` to print its problems.
    """
    try:
        yield
    except ScenarioError as e:
        raise UserError(*e.messages) from None
    except ValueError as e:
        raise UserError(str(e)) from None
    except Exception as e:
        # only the store and its files raise a StoreError, so one can be raised only once its module is loaded
        records = sys.modules.get("scenarios.store_records")
        if records is not None and isinstance(e, records.StoreError):
            raise UserError(str(e)) from None
        raise


SOURCE_HELP = "'demo', a scenario file (.yaml/.json), a workbook (.xlsx) or scenario:NAME"


def store_actions(sub):
    """The way to add one action of a store command (`bcf db`, `bcf scenarios`) to its subparsers `sub`.

    Each action takes ``--db`` and runs its function: ``add(name, fn, help_text)`` returns the action's parser.
    """

    def add(name, fn, help_text):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", default=None, help="database URL (default: BCF_DATABASE_URL, else a local SQLite file)")
        p.set_defaults(func=fn)
        return p

    return add


def add_source_options(p, *, model: bool = True, area: bool = True, json: bool = True, db: bool = True,
                       many: bool = False) -> None:
    """Add the options the scenario commands share to the parser `p`.

    Args:
        p: an ``argparse`` parser of one ``bcf`` command.
        model: add ``--runs`` and ``--seed`` (None: the scenario's own, else 1000 runs and seed 1).
        area: add ``--area`` (an area code, when a workbook holds several areas).
        json: add ``--json`` (print one JSON object).
        db: add ``--db`` (the scenario database, for SOURCE = scenario:NAME).
        many: SOURCE may be given more than once (``sources``), else exactly once (``source``).
    """
    if many:
        p.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    else:
        p.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    if model:
        p.add_argument("--runs", type=int, default=None, help="Monte Carlo runs (default: the scenario's, else 1000)")
        p.add_argument("--seed", type=int, default=None, help="random seed (default: the scenario's, else 1)")
    if area:
        p.add_argument("--area", default=None, help="area code, when a workbook holds several areas")
    if json:
        p.add_argument("--json", action="store_true", help="print one JSON object")
    if db:
        p.add_argument("--db", default=None, help="scenario database URL, for SOURCE = scenario:NAME")
