"""The scenario store against real SQLite and PostgreSQL databases."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.demo import demo_plan
from scenarios.cli.summary_json import run_json
from scenarios.engine import run
from scenarios.scenario_file import from_file_text
from scenarios.schema import MoveSpend, Scenario
from scenarios.store import KEEP_VERSIONS, Store
from scenarios.store_records import ConflictError, StoreError


def move(amount: float) -> MoveSpend:
    return MoveSpend.model_validate({"kind": "move", "from": {"lever": "carers"},
                                     "to": {"lever": "reablement"}, "amount_gbp": amount})


def test_save_open_history_and_conflict(db_url):
    s = Store(db_url, user="ann")
    assert s.save("Option A", Scenario(), base_plan=demo_plan()) == 1
    assert s.save("Option A", Scenario(changes=(move(100_000),)), base_version=1, author="bob") == 2
    with pytest.raises(ConflictError, match="version 2 by bob"):
        s.save("Option A", Scenario(stance="pilot"), base_version=1)
    latest = s.open("Option A")
    assert latest.version == 2 and len(latest.scenario.changes) == 1 and latest.base_plan == demo_plan()
    assert s.open("Option A", 1).scenario.changes == ()
    hist = s.history("Option A")
    assert [(h.version, h.author) for h in hist] == [(1, "ann"), (2, "bob")]
    assert "scenario.changes" in hist[1].summary
    # the refused save can be kept as a copy
    s.save_as_copy("Option A", "Option A (Ann's copy)", Scenario(stance="pilot"))
    assert s.open("Option A (Ann's copy)").scenario.stance == "pilot"


def test_duplicate_rename_delete_restore(db_url):
    s = Store(db_url, user="ann")
    s.save("A", Scenario(seed=3))
    s.duplicate("A", "B")
    s.rename("B", "C")
    assert [x.name for x in s.list()] == ["A", "C"]
    with pytest.raises(StoreError, match="already exists"):
        s.rename("C", "A")
    s.delete("A")
    assert [x.name for x in s.list()] == ["C"]
    with pytest.raises(StoreError, match="deleted"):
        s.open("A")
    s.undelete("A")
    assert s.open("A").scenario.seed == 3
    s.save("A", Scenario(seed=4), base_version=1)
    assert s.restore("A", 1) == 3
    assert s.open("A").scenario.seed == 3 and s.history("A")[-1].summary == "restored version 1"


def test_bad_files_give_sentences(db_url):
    s = Store(db_url)
    for text, fragment in (
        ("not json", "not JSON"),
        ("[1, 2]", "not a scenario"),
        ("{}", "not a scenario"),
        ('{"kind": "bcf-planner-scenario", "schema_version": 9, "scenario": {}}', "schema_version 9"),
        ('{"kind": "spreadsheet"}', "not a BCF Planner scenario"),
        ('{"kind": "bcf-planner-scenario", "schema_version": 1, "scenario": {"runs": -4}}', "not valid"),
        ("x" * (6 * 1024 * 1024), "over 5 MB"),
    ):
        with pytest.raises(StoreError, match=fragment):
            s.import_json(text)


def test_older_bare_scenario_files_are_migrated(db_url):
    s = Store(db_url)
    bare = json.dumps(Scenario(name="Old file", seed=9).to_json_dict())
    saved = s.import_json(bare)
    assert saved.name == "Old file" and saved.scenario.seed == 9 and saved.base_plan is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), runs=st.integers(1, 5000), stance=st.sampled_from(["controlled", "pilot"]),
       amounts=st.lists(st.integers(1, 233_000), max_size=3))  # three moves never take more than carers' £700,400
def test_property_export_import_export_is_identical(tmp_path_factory, seed, runs, stance, amounts):
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('p') / 's.sqlite'}")
    scenario = Scenario(seed=seed, runs=runs, stance=stance, changes=tuple(move(a) for a in amounts))
    s.save("X", scenario, base_plan=demo_plan())
    first = s.export_json("X")
    s.import_json(first, name="Y")
    second = s.export_json("Y")
    assert json.loads(first)["scenario"] == {**json.loads(second)["scenario"], "name": "X"}
    assert json.loads(first)["base_plan"] == json.loads(second)["base_plan"]
    a, pa = from_file_text(first)
    b, pb = from_file_text(second)
    ra = run_json(run(a, pa, runs=50))
    rb = run_json(run(b, pb, runs=50))
    assert ra["outcomes"] == rb["outcomes"]


def test_eight_concurrent_writers_lose_nothing(db_url):
    Store(db_url).save("Shared", Scenario(seed=0))
    results = {"saved": 0, "refused": 0, "errors": []}
    lock = threading.Lock()

    def writer(w: int) -> None:
        store = Store(db_url, user=f"writer{w}")
        for i in range(200):
            try:
                base = store.open("Shared").version
                store.save("Shared", Scenario(seed=w * 1000 + i), base_version=base)
                with lock:
                    results["saved"] += 1
            except ConflictError:
                with lock:
                    results["refused"] += 1
            except Exception as e:  # anything else is a failure of the store
                with lock:
                    results["errors"].append(repr(e))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not results["errors"], results["errors"][:3]
    assert results["saved"] + results["refused"] == 1600
    assert results["saved"] >= 200  # somebody always wins
    history = Store(db_url).history("Shared")
    latest = results["saved"] + 1
    # no gaps, no duplicates; the latest KEEP_VERSIONS are kept
    assert [h.version for h in history] == list(range(max(1, latest - KEEP_VERSIONS + 1), latest + 1))
    seeds = [h.scenario.seed for h in history[1:]]
    assert len(set(seeds)) == len(seeds)  # every saved version is a distinct, readable save


WRITER = """
import sys
from scenarios.store import Store
from scenarios.schema import Scenario
s = Store(sys.argv[1])
i = 0
while True:
    base = s.open("Killed").version
    s.save("Killed", Scenario(seed=i + 1), base_version=base)
    i += 1
    if i == 5:
        print("started", flush=True)
"""


def test_writer_killed_mid_save_leaves_every_committed_version_readable(db_url):
    Store(db_url).save("Killed", Scenario(seed=0))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, db_url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "started"
    time.sleep(0.7)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    s = Store(db_url)
    history = s.history("Killed")
    latest = history[-1].version
    assert latest >= 6
    assert [h.version for h in history] == list(range(max(1, latest - KEEP_VERSIONS + 1), latest + 1))
    assert [h.scenario.seed for h in history] == [h.version - 1 for h in history]
    assert s.open("Killed").version == latest
    s.save("Killed", Scenario(seed=999), base_version=latest)  # and it still takes saves


def test_file_text_round_trips_without_a_database():
    saved = Store("sqlite://").save  # an in-memory store is enough to build a Saved
    assert saved
    assert from_file_text(json.dumps({"kind": "bcf-planner-scenario", "schema_version": 1,
                                      "scenario": Scenario().to_json_dict(), "base_plan": None}))[0] == Scenario()


def big_plan(megabytes: float):
    """The demo plan with long descriptions, about `megabytes` of JSON."""
    plan = demo_plan()
    line = plan.lines[0]
    text = "x" * 4000
    count = int(megabytes * 1024 * 1024 / 4100) + 1
    lines = tuple(line.model_copy(update={"scheme_id": f"S{i}", "description": text}) for i in range(count))
    return plan.model_copy(update={"lines": lines})


def test_a_document_over_the_size_limit_is_refused_with_a_sentence(db_url):
    from scenarios import store as store_module

    s = Store(db_url, user="ann")
    limit_mb = store_module.MAX_DOCUMENT_BYTES // 1024 // 1024
    with pytest.raises(StoreError, match=f"over the {limit_mb} MB"):
        s.save("Huge", Scenario(), base_plan=big_plan(limit_mb + 0.5))
    assert s.list() == []  # nothing was saved
    s.save("Almost", Scenario(), base_plan=big_plan(limit_mb - 1))
    assert s.open("Almost").base_plan is not None


def test_only_the_latest_versions_are_kept(db_url):
    from scenarios import store as store_module

    keep = store_module.KEEP_VERSIONS
    s = Store(db_url, user="ann")
    s.save("Often", Scenario(seed=0))
    for i in range(1, keep + 5):
        s.save("Often", Scenario(seed=i), base_version=i)
    versions = s.versions("Often")
    assert [v.version for v in versions] == list(range(keep + 5, 5, -1))  # newest first
    assert [h.version for h in s.history("Often")] == list(range(6, keep + 6))
    assert s.open("Often").scenario.seed == keep + 4
    assert s.open("Often", 6).scenario.seed == 5
    with pytest.raises(StoreError, match=f"keeps the latest {keep} versions"):
        s.open("Often", 5)
    assert s.restore("Often", 6) == keep + 6  # an old version that is kept can still be restored


def test_history_at_the_command_line_says_older_versions_were_removed(tmp_path, capsys):
    from budget.cli import main

    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    s = Store(url, user="ann")
    s.save("Often", Scenario(seed=0))
    for i in range(1, KEEP_VERSIONS + 2):
        s.save("Often", Scenario(seed=i), base_version=i)
    assert main(["scenarios", "history", "Often", "--db", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"(versions before 3 were removed: the store keeps the latest {KEEP_VERSIONS})"
    assert out[1].startswith("v3 ") and out[-1].startswith(f"v{KEEP_VERSIONS + 2} ") and len(out) == KEEP_VERSIONS + 1


def test_work_in_progress_is_kept_and_found_on_both_databases(db_url):
    """The workbook (bytea on PostgreSQL) and the time kept, with its zone, as SQLite gives them."""
    import datetime as dt

    s = Store(db_url, user="ann")
    book = bytes(range(256)) * 400  # not text: every byte value
    assert s.keep_working("t" * 32, "ann", '{"name": "x.xlsx"}', "d" * 64, book)
    got = s.working("t" * 32, "ann")
    assert (got.state, got.workbook_digest, got.workbook) == ('{"name": "x.xlsx"}', "d" * 64, book)
    assert got.updated_at.utcoffset() == dt.timedelta(0)
    assert abs(got.updated_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert not s.keep_working("t" * 32, "bob", "{}", "demo", None) and s.working("t" * 32, "bob") is None
    s.engine.dispose()
