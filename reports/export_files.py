"""The files exported for a scenario on a plan, as bytes: the Excel return's two copies and the board pack.

The Export page and ``bcf export`` build them here, from the same plan, scenario and ``Summary``:

- ``submission_copy``: the return in the national planning template's shape, with the scenario's goals,
  capacity plan, assurance and sign-off, and a note when the scenario's changes are modelled but not
  written as lines;
- ``analysis_copy``: the return with localities, levers, model results and assumptions;
- ``board_pack``: the slides, beside the same scenario under the other evidence stance
  (``other_stance``) and any other options;
- ``year_board_pack``: the slides for a quarterly Board, opening with the year so far (``bcf report --pptx`` and the
  Monitor page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budget.models import Plan
    from scenarios.schema import Scenario
    from scenarios.summary import Summary


def other_stance(scenario: Scenario) -> Scenario:
    """`scenario` under the other evidence stance (pilot claims for controlled evidence, and back).

    For the board pack, which sets the two stances side by side.
    """
    return scenario.model_copy(update={"stance": "pilot" if scenario.stance == "controlled" else "controlled"})


def submission_copy(plan: Plan, scenario: Scenario, view: Summary | None,
                    why: str = "") -> tuple[bytes, str | None]:
    """The Excel return's submission copy, and its note on what it does not hold (None when it holds everything).

    Args:
        plan: the plan the scenario is modelled on (its lines are the Expenditure sheet).
        scenario: the scenario: its name, changes and submission (goals, capacity settings, assurance, sign-off).
        view: the scenario's Summary on `plan`; None when the model cannot run on the plan: the copy then holds
            the plan and the scenario's submission without the goals and capacity plan.
        why: why the model cannot run on the plan, for the copy to say (with no `view`).
    """
    from budget.export import submission_bytes
    from reports.returns import submission_parts

    parts = submission_parts(view, scenario, plan, why)
    return submission_bytes(plan, scenario=scenario.name, **parts), parts.get("note")


def analysis_copy(plan: Plan, scenario: Scenario, view: Summary) -> bytes:
    """The Excel return's analysis copy: the plan's lines with locality and lever, and `view`'s results by them."""
    from budget.export import analysis_bytes
    from reports.returns import return_tables

    return analysis_bytes(plan, scenario=scenario.name, tables=return_tables(view, scenario.stance))


def board_pack(plan: Plan, scenario: Scenario, view: Summary, other: Summary,
               options: list[Summary] | None = None) -> tuple[bytes, str]:
    """The board pack (.pptx bytes) and its note ('' when every picture was drawn).

    Args:
        plan: the plan the scenario is modelled on.
        scenario: the scenario `view` was modelled from.
        view: its Summary.
        other: the Summary of ``other_stance(scenario)`` on the same plan.
        options: Summaries to set beside it (the first is usually `view`); None: `view` alone.
    """
    from reports.board_pack import board_pack_bytes

    return board_pack_bytes(plan, view, options=options, other_stance=other, scenario=scenario)


def year_board_pack(plan: Plan, scenario: Scenario, view: Summary, tracking) -> tuple[bytes, str]:
    """The board pack opening with the year so far (.pptx bytes) and its note ('' when every picture was drawn).

    Args:
        plan: the plan followed, its changes written into its lines.
        scenario: that plan's scenario as submitted (``schema.reference_scenario``), with its submission.
        view: its Summary on `plan`.
        tracking: the ``scenarios.track`` Tracking of `plan` the slides' year so far is read from.
    """
    from reports.board_pack import board_pack_bytes

    return board_pack_bytes(plan, view, scenario=scenario, tracking=tracking)
