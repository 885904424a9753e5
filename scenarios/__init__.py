"""What-ifs for a Better Care Fund plan.

* ``scenarios.schema``       the Scenario: base plan, changes, assumption overrides, stance, runs, seed
* ``scenarios.assumptions``  the sourced assumption library (``assumptions/*.yaml``) and its stances
* ``scenarios.engine``       ``run(scenario, plan) -> Results``: the Monte Carlo impact engine
* ``scenarios.summary``      P10/P50/P90 tables, BCF metric trajectories, waterfall, the `bcf run` JSON
* ``scenarios.cli``          the `bcf run` command

Imports nothing from Streamlit; builds on ``budget`` only.
"""
