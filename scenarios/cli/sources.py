"""A SOURCE as the commands (and the app) name one: the scenario it stands for and the plan it builds on.

SOURCE is `demo`, a workbook (.xlsx), a scenario file (.yaml, .yml, .json) or `scenario:NAME`, a
scenario saved in the store. A saved scenario may be based on another (base `scenario:NAME`); the
chain is followed to the first saved plan, workbook or demo area, and a chain that loops back on
itself or runs deeper than MAX_BASE_CHAIN is refused.

Failures are the model's own errors, each a sentence for the user: ScenarioError (a source or base
that is missing, a folder, a workbook without the plan asked for, a chain of bases that cannot be
followed), LoadError (a workbook that cannot be read) and StoreError (the store, or a scenario not in
it). Nothing here parses options or prints.
"""

from __future__ import annotations

from pathlib import Path

from budget.models import LoadResult, Plan
from scenarios.schema import Scenario, ScenarioError, is_scenario_file, load_scenario

MAX_BASE_CHAIN = 20  # saved scenarios followed from one to the plan it builds on
DEMO_SCENARIO_NAME = "Demo area plan as submitted"  # `bcf run demo`: the demo plan with no changes


def demo_plan() -> Plan:
    """The embedded demo area's plan (budget.demo is imported only when it is asked for)."""
    from budget.demo import demo_plan as build

    return build()


_last_read: list[tuple[tuple, LoadResult]] = []  # the workbook read last, so one command reads it once


def load_plans(source: str) -> LoadResult:
    """The plans in a workbook, or in the embedded demo area's workbook when source is 'demo'.

    The workbook read last is kept while its path, size and modification time stay the same.
    """
    from budget.readers.source import SourceError, read_source

    key = None
    if source != "demo":
        try:
            st = Path(source).stat()
            key = (str(Path(source).resolve()), st.st_size, st.st_mtime_ns)
        except OSError:
            key = None
    if key is not None and _last_read and _last_read[0][0] == key:
        return _last_read[0][1]
    try:
        result = read_source(source)
    except SourceError as e:
        raise ScenarioError(str(e)) from None
    if key is not None:
        _last_read[:] = [(key, result)]
    return result


def scenario_for_source(source: str, db: str | None = None) -> tuple[Scenario, Path | None]:
    """The scenario SOURCE stands for, and the folder its relative base is read from.

    The folder is a scenario file's own folder, None otherwise. A workbook or the demo area is the scenario of
    no changes; a workbook that is a submission copy of the Excel return brings the area's goals, seasonal
    profile, assurance and sign-off read from it (``LoadResult.submission``).
    """
    if source.startswith("scenario:"):
        from scenarios.store import Store

        saved = Store(db).open(source[len("scenario:"):])
        # based on the stored scenario itself, whose saved plan (or own base) resolve_plan follows
        return saved.scenario.model_copy(update={"base": source}), None
    if source == "demo":
        return Scenario.model_construct(name=DEMO_SCENARIO_NAME, base="demo"), None  # its defaults, checked in tests
    path = Path(source)
    if not path.exists():
        raise ScenarioError(f"{source}: no such file")
    if path.is_dir():
        raise ScenarioError(f"{source}: is a folder; give a scenario file (.yaml/.json) or a workbook (.xlsx)")
    if is_scenario_file(path):
        return load_scenario(path), path.resolve().parent
    scenario = Scenario(name=f"{path.stem} as submitted", base=str(path))
    submission = load_plans(str(path)).submission  # a submission copy carries the area's entries
    if submission is not None:
        scenario = scenario.model_copy(update={"submission": submission})
    return scenario, None


def resolve_plan(scenario: Scenario, base_dir: Path | None = None, area: str | None = None,
                 db: str | None = None) -> Plan:
    """The plan a scenario builds on.

    That is the demo area, one area of a workbook (`area`, else the scenario's own, else the only one
    with lines or localities), or the plan saved with a stored scenario (base 'scenario:NAME').
    """
    if scenario.base.startswith("scenario:"):
        saved_plan, scenario = _follow_saved_bases(scenario, db)
        if saved_plan is not None:
            return saved_plan
    if scenario.base == "demo":
        return demo_plan()
    path = Path(scenario.base)
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path
    result = load_plans(str(path))
    try:
        return result.one_plan(area or scenario.area)
    except ValueError as e:
        raise ScenarioError(f"{path}: {e}") from None


def _follow_saved_bases(scenario: Scenario, db: str | None) -> tuple[Plan | None, Scenario]:
    """Follow 'scenario:NAME' bases through the store to the first saved plan.

    Without one, the chain ends at the first scenario based on a workbook or the demo area. A scenario based
    (through others) on itself, or a chain longer than MAX_BASE_CHAIN, is refused with a sentence naming the
    chain.
    """
    from scenarios.store import Store

    chain: list[str] = []
    store = Store(db)
    while scenario.base.startswith("scenario:"):
        name = scenario.base[len("scenario:"):]
        if name in chain:
            raise ScenarioError(_chain_text(chain + [name]) + ": a scenario cannot be built on itself; save one of "
                                "them again from a workbook or the demo area")
        if len(chain) >= MAX_BASE_CHAIN:
            raise ScenarioError(f"scenario '{chain[0]}' is based on a chain of more than {MAX_BASE_CHAIN} saved "
                                f"scenarios ('{chain[0]}', '{chain[1]}' ... '{chain[-1]}', '{name}'), deeper than "
                                "BCF Planner follows; save it again from the plan it should build on")
        chain.append(name)
        saved = store.open(name)
        if saved.base_plan is not None:
            return saved.base_plan, saved.scenario
        scenario = saved.scenario
    return None, scenario


def _chain_text(names: list[str]) -> str:
    text = f"scenario '{names[0]}' is based on '{names[1]}'"
    return text + "".join(f", which is based on '{n}'" for n in names[2:])
