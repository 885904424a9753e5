"""App speed through Streamlit's AppTest: a control change with results cached (target <= 250 ms)
and the first load of the Impact page with 1,000 runs (target <= 2 s).

Baselines measured in the same run: rerunning the Method page (text only) for the control change,
and the engine alone on the demo for the first Impact load.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.harness import Row, median_seconds

ROOT = Path(__file__).resolve().parents[1]


def _app(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    return at


def rows() -> list[Row]:
    from app_ui.keys import KEY_SEED
    from budget.demo import demo_plan
    from scenarios.engine import run
    from scenarios.schema import Scenario

    plan = demo_plan()
    engine = median_seconds(lambda: run(Scenario(), plan, runs=1000, seed=1), repeat=5)

    firsts = []
    for seed in (11, 12, 13):  # a new seed each time, so nothing is cached
        at = _app("impact_page")
        at.session_state[KEY_SEED] = seed
        t0 = time.perf_counter()
        at.run()
        firsts.append(time.perf_counter() - t0)
        assert not at.exception
    first = sorted(firsts)[1]

    at = _app("impact_page")
    at.run()
    outcomes = ["bed_days_saved", "ae_attendances_avoided", "emergency_admissions_avoided"]
    times = []
    for i in range(6):
        at.selectbox(key="fan_outcome").set_value(outcomes[i % 3])
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    change = sorted(times)[len(times) // 2]
    method = _app("method_page")
    method.run()
    base = median_seconds(lambda: method.run(), repeat=5)
    return [
        Row("app: Impact page, change a chart control (cached)", change, "rerun of the Method page", base,
            "<= 250 ms", change <= 0.25),
        Row("app: Impact page first load, 1,000 runs", first, "engine alone, demo, 1,000 runs", engine,
            "<= 2 s", first <= 2.0),
    ]
