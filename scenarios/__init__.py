"""What-ifs for a Better Care Fund plan: scenarios, the impact model and its store.

The model
* ``scenarios.schema``       the Scenario file: base plan, changes (``MoveSpend``, ``AddLine``,
  ``RemoveLine``), assumption overrides, stance, runs, seed; ``load_scenario``, ``ScenarioError``;
  the plan as submitted under a scenario's settings, ``reference_scenario``
* ``scenarios.outcomes``     the one register of outcomes (``Outcome``, ``REGISTER``): names, labels, units,
  who gains, where each is shown; ``OUTCOMES``, ``EFFECT_OUTCOMES`` and every section's list
* ``scenarios.assumptions``  the sourced assumption library (``assumptions/*.yaml``) and its evidence
  stances; ``load_assumptions``, ``assumption_table``, ``STANCES``; its files' models are in
  ``scenarios.assumption_files`` and its sourced figures and intervals in ``scenarios.sourced``
* ``scenarios.overrides``    a scenario's overrides of the assumption library; ``apply_overrides``
* ``scenarios.baseline``     activity by locality and year before any effect; ``build_baseline``
* ``scenarios.spend``        spend by lever, locality and year with a scenario's changes applied;
  ``build_spend``
* ``scenarios.served``       who the money serves: people served by lever and locality within each
  lever's eligibility cap, one answer for the engine and the capacity plan; ``people_served``
* ``scenarios.engine``       the Monte Carlo impact engine; ``run(scenario, plan) -> Results``
* ``scenarios.inputs``       every drawn parameter and the plan's fixed figures; ``prepare -> Inputs``
* ``scenarios.exposure``     people served and their risk-weighted exposure after ramp-up and decay
* ``scenarios.headline``     the optimiser's objective straight from spend, with its gradient
* ``scenarios.summary``      P10/P50/P90 tables, BCF metric trajectories, waterfall, drivers and the
  paired changes, appraisal and the ``Summary`` every page, report and command reads; ``summarise``,
  ``summary_table``
* ``scenarios.optimise``     a better allocation of spend between levers and localities within the
  rules, the frontier, tornado and break-even; ``optimise``, ``frontier``, ``break_even``
* ``scenarios.capacity``     intermediate-care demand and capacity by month, discharge pathway and
  community service; ``capacity_plan``, ``capacity_json``

* ``scenarios.views``        which outcomes each section shows, labels, paired differences; ``model``
  (a run's ``Summary``, from ``scenarios.summary.summarise``)

Following the year
* ``scenarios.track``        the year so far of a plan against its actuals; ``track -> Tracking``,
  ``Tracking.to_json()`` (`bcf track --json`); built from ``scenarios.track_money`` (spend to date and the
  forecast outturn), ``scenarios.track_metrics`` (the metrics against goal and range, outputs against plan),
  ``scenarios.track_status`` (what "on track" means), ``scenarios.track_json`` and ``scenarios.track_text``
  (the paragraph in words)

Keeping scenarios
* ``scenarios.store``        versioned scenarios in SQLite or PostgreSQL; ``Store``
* ``scenarios.store_records`` what the store hands back and its errors; ``Saved``, ``StoreError``
* ``scenarios.store_database`` where the database is, its timeouts and its failures as sentences;
  ``default_url``
* ``scenarios.store_tables`` the store's tables as the latest schema has them
* ``scenarios.store_upgrade`` the schema brought up to date by the Alembic revisions in ``scenarios/migrations/``;
  ``upgrade``, ``current``
* ``scenarios.store_backup`` the whole store as one checked file and back; ``backup``, ``restore``
* ``scenarios.scenario_file`` scenario files (JSON); ``to_file_text``, ``from_file_text``

The command line
* ``scenarios.cli``          the `bcf run`, `compare`, `optimise`, `goals`, `assurance`, `track` and `scenarios`
  commands,
  one module each, with what they share (``scenarios.cli.common``) and the reading of a SOURCE
  (``scenarios.cli.sources``)

Reports (charts, the Excel return's tables, the board pack, the capacity plan in words, `bcf export` and
`bcf capacity`) are the ``reports`` package, which builds on this one; nothing here imports them. Imports
nothing from Streamlit; builds on ``budget`` only. Importing the package imports none of its modules.
"""
