"""The scenario commands of `bcf`, one module per command group.

Each has a ``register(subparsers)`` that the ``bcf.commands`` entry point of the same name calls (see
``budget.cli``).

* ``scenarios.cli.run``       `bcf run SOURCE`: P10/P50/P90 of what a plan or scenario achieves
* ``scenarios.cli.compare``   `bcf compare SOURCE SOURCE ...`: several sources side by side
* ``scenarios.cli.track``     `bcf track SOURCE --actuals FILE ...`: the year so far against the plan
* ``scenarios.cli.optimise``  `bcf optimise SOURCE`: spend re-allocated within the rules;
  ``parse_bounds``, ``resolve_locks``
* ``scenarios.cli.store``     `bcf scenarios ACTION`: the scenario store (list, save, show, history,
  export, import, share, unshare, delete, undelete, restore)
* ``scenarios.cli.db``        `bcf db ACTION`: the scenario database itself (upgrade, current, backup,
  restore)
* ``scenarios.cli.common``    what the commands share: ``checked``, ``check_options``, ``with_options``
  (--runs, --seed, --horizon, --stance), ``scenario_and_plan``, ``user_errors`` (the model's errors as
  `error:` lines), ``print_json`` (strict JSON)
* ``scenarios.cli.sources``   a SOURCE (`demo`, workbook, scenario file, `scenario:NAME`) as a scenario
  and the plan it builds on, following saved bases: ``scenario_for_source``, ``resolve_plan``,
  ``load_plans``; raises the model's own errors and neither parses options nor prints, so the app
  can use it too

`bcf export` and `bcf capacity`, which print or write reports, are ``reports.cli_export`` and
``reports.cli_capacity``; they use ``common`` and ``sources`` as these commands do.
"""
