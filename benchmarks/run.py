"""`make bench`: speed figures as ratios against baselines measured in the same run.

Each benchmark module exposes rows() -> list[Row]; a module whose dependencies are not yet present
is reported as skipped rather than failing the whole run.
"""

from __future__ import annotations

import importlib
import platform
import sys

MODULES = (
    "benchmarks.bench_readers",
    "benchmarks.bench_actuals_files",
    "benchmarks.bench_engine",
    "benchmarks.bench_cli",
    "benchmarks.bench_app",
    "benchmarks.bench_export",
    "benchmarks.bench_store",
    "benchmarks.bench_optimise",
    "benchmarks.bench_track",
    "benchmarks.bench_load",
)


def main() -> int:
    print(f"BCF Planner benchmarks — Python {platform.python_version()} on {platform.machine()}, "
          f"{platform.processor() or 'unknown CPU'}")
    failed = False
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as e:
            print(f"[{name}] skipped: {e}")
            continue
        print(f"[{name}]")
        for row in module.rows():
            print("  " + row.line())
            failed = failed or row.ok is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
