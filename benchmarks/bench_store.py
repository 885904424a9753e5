"""Scenario store speed on SQLite: save and open a demo scenario (targets <= 50 ms each) and list
1,000 scenarios (<= 100 ms), against a bare sqlite3 insert and select of the same JSON in the same run."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from benchmarks.harness import Row, median_seconds


def rows() -> list[Row]:
    from budget.demo import demo_plan
    from scenarios.schema import Scenario
    from scenarios.store import Store, _document

    folder = Path(tempfile.mkdtemp(prefix="bcf-bench-"))
    store = Store(f"sqlite:///{folder / 'bench.sqlite'}", user="bench")
    plan, scenario = demo_plan(), Scenario()
    store.save("Demo", scenario, base_plan=plan)
    doc = _document(scenario, plan)

    raw = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)")

    def raw_insert():
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO t (doc) VALUES (?)", (doc,))
        raw.execute("COMMIT")

    base_save = median_seconds(raw_insert, repeat=9)
    base_open = median_seconds(lambda: raw.execute("SELECT doc FROM t ORDER BY id DESC LIMIT 1").fetchone(), repeat=9)

    def save():
        store.save("Demo", scenario, base_version=store.open("Demo").version, base_plan=plan)

    t_save = median_seconds(save, repeat=9)
    t_open = median_seconds(lambda: store.open("Demo"), repeat=9)
    for i in range(1000):
        store.save(f"Scenario {i:04d}", Scenario(seed=i))
    t_list = median_seconds(lambda: store.list(), repeat=5)
    base_list = median_seconds(lambda: raw.execute("SELECT id, length(doc) FROM t").fetchall(), repeat=5)
    return [
        Row("store: save a demo scenario (SQLite, includes reading the latest)", t_save, "sqlite3 insert", base_save,
            "<= 50 ms", t_save <= 0.05),
        Row("store: open a demo scenario (SQLite)", t_open, "sqlite3 select", base_open, "<= 50 ms", t_open <= 0.05),
        Row("store: list 1,000 scenarios (SQLite)", t_list, "sqlite3 select of every row", base_list, "<= 100 ms",
            t_list <= 0.1),
    ]
