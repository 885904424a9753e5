"""What-ifs for a Better Care Fund plan: scenarios, the impact model, its reports and its store.

The model
* ``scenarios.schema``       the Scenario file: base plan, changes (``MoveSpend``, ``AddLine``,
  ``RemoveLine``), assumption overrides, stance, runs, seed; ``load_scenario``, ``ScenarioError``
* ``scenarios.assumptions``  the sourced assumption library (``assumptions/*.yaml``) and its evidence
  stances; ``load_assumptions``, ``apply_overrides``, ``STANCES``
* ``scenarios.baseline``     activity by locality and year before any effect; ``build_baseline``
* ``scenarios.spend``        spend by lever, locality and year with a scenario's changes applied;
  ``build_spend``
* ``scenarios.served``       who the money serves: people served by lever and locality within each
  lever's eligibility cap, one answer for the engine and the capacity plan; ``people_served``
* ``scenarios.engine``       the Monte Carlo impact engine; ``run(scenario, plan) -> Results``
* ``scenarios.summary``      P10/P50/P90 tables, BCF metric trajectories, waterfall, drivers and the
  paired changes, appraisal and the ``Summary`` every page, report and command reads; ``summarise``,
  ``summary_table``
* ``scenarios.optimise``     a better allocation of spend between levers and localities within the
  rules, the frontier, tornado and break-even; ``optimise``, ``frontier``, ``break_even``
* ``scenarios.capacity``     intermediate-care demand and capacity by month, discharge pathway and
  community service; ``capacity_plan``, ``capacity_table``

Reports
* ``scenarios.views``        which outcomes each section shows, labels, paired differences; ``model``
  (a run's ``Summary``, from ``scenarios.summary.summarise``)
* ``scenarios.charts``       plotly figures shared by the app and the board pack
* ``scenarios.returns``      tables for the Excel return's two copies; ``return_tables`` (analysis copy),
  ``submission_parts`` (submission copy: goals, signatories, capacity, national conditions)
* ``scenarios.board_pack``   the Health and Wellbeing Board pack (PowerPoint); ``write_board_pack``

Keeping scenarios
* ``scenarios.store``        versioned scenarios in SQLite or PostgreSQL, and scenario files;
  ``Store``, ``StoreError``

The command line
* ``scenarios.cli``          the `bcf run`, `compare`, `export`, `optimise` and `scenarios` commands,
  one module each, with what they share (``scenarios.cli.common``) and the reading of a SOURCE
  (``scenarios.cli.sources``)

Imports nothing from Streamlit; builds on ``budget`` only. Importing the package imports none of its
modules.
"""
