"""Many people on one server (`make load`, also part of `make bench`): 1, 5 and 10 browser sessions at
once, each uploading its own area's plan and visiting Start, Budget, Impact and Export; and 10 sessions that
all open the same plan, as at a board meeting where everyone opens the shared plan.

Reported per level: the server's own time per page run (mean of every run the server logged through
BCF_RUN_LOG), as a ratio to the one-session level measured in the same run, and the server's peak memory
(VmHWM); the one-session level is the median of three, each on a fresh server. Model results are shared
between sessions keyed by the complete content of their inputs (`app_ui/results.py`, `docs/security.md`), so ten
sessions on one plan model it once. Targets: ten sessions on
one shared plan at most 3x one session's time per page run; every level at most 1 GB peak. Ten sessions on ten
different plans cannot share anything and are CPU-bound on two cores: that row is the honest cost, with no
target. Each level gets a fresh server, so its peak memory is its own.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.harness import Row

ROOT = Path(__file__).resolve().parents[1]
LEVELS = (1, 5, 10)
ONE_SESSION_REPEATS = 3  # the baseline is the median of three one-session levels, each on a fresh server
TIMEOUT = 600_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workbooks(folder: Path, n: int, shared: bool = False) -> list[tuple[Path, str]]:
    """A workbook for each of `n` sessions: each its own area's, or (`shared`) one plan all open."""
    from tests.hostile import renamed_demo

    if shared:
        path = folder / "shared_plan.xlsx"
        path.write_bytes(renamed_demo(area="Testshire Shared", code="E06000100"))
        return [(path, "Testshire Shared")] * n
    out = []
    for i in range(n):
        name = f"Testshire {chr(65 + i)}"
        path = folder / f"testshire_{i}.xlsx"
        path.write_bytes(renamed_demo(area=name, code=f"E06{100 + i:06d}"))
        out.append((path, name))
    return out


def _server(folder: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**os.environ, "BCF_DATA_DIR": str(folder / "store"), "BCF_DATABASE_URL": "", "BCF_RUN_LOG": str(log)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the Streamlit server did not start")


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _one(browser, url: str, path: Path, name: str) -> bool:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        await page.goto(url, timeout=TIMEOUT)
        await page.get_by_text("What was read").first.wait_for(timeout=TIMEOUT)
        await page.locator('[data-testid="stMainBlockContainer"] input[type="file"]').set_input_files(str(path))
        await page.get_by_text(f"{path.name} — input template workbook").first.wait_for(timeout=TIMEOUT)
        for title, text in (("Budget", "Planned expenditure"), ("Impact", "What the whole pool buys"),
                            ("Export", "Download the Excel return")):
            await page.get_by_role("link", name=title).first.click()
            await page.get_by_text(text).first.wait_for(timeout=TIMEOUT)
            await page.wait_for_load_state("networkidle")
        body = await page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        return name in body
    finally:
        await context.close()


def _level(n: int, chromium: str, folder: Path, shared: bool = False) -> tuple[float, float, int, bool]:
    from playwright.async_api import async_playwright

    log = folder / f"runs-{n}.log"
    proc, url = _server(folder, log)
    books = _workbooks(folder, n, shared)

    async def main():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            try:
                return await asyncio.gather(*[_one(browser, url, path, name) for path, name in books])
            finally:
                await browser.close()

    try:
        own = asyncio.run(main())
        time.sleep(1)
        peak = _peak_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    times = [float(line.split("\t")[1]) for line in log.read_text().splitlines() if "\t" in line]
    return statistics.mean(times), peak, len(times), all(own)


LEVEL_NAMES = {(n, False): f"{n} sessions, each its own plan" if n > 1 else "1 session" for n in LEVELS}
LEVEL_NAMES[(10, True)] = "10 sessions, one shared plan"


def rows() -> list[Row]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("  load: skipped (Debian's chromium is not installed)")
        return []
    results = {}
    alone = []  # one session, three times: its few page runs make one measurement swing
    with tempfile.TemporaryDirectory() as tmp:
        for n, shared in LEVEL_NAMES:
            for k in range(ONE_SESSION_REPEATS if n == 1 else 1):
                folder = Path(tmp) / f"level-{n}-{'shared' if shared else 'own'}-{k}"
                folder.mkdir()
                results[(n, shared)] = _level(n, chromium, folder, shared)
                if n == 1:
                    alone.append(results[(n, shared)])
    results[(1, False)] = sorted(alone, key=lambda r: r[0])[len(alone) // 2]  # the median of the three
    print("  load: one session alone, three times: " + ", ".join(f"{r[0] * 1000:.0f} ms" for r in alone)
          + " a page run (the median is the baseline)")
    one = results[(1, False)][0]
    out = []
    for (n, shared), name in LEVEL_NAMES.items():
        mean, peak, count, own = results[(n, shared)]
        print(f"  load: {name}: {count} page runs, mean {mean * 1000:.0f} ms a run, {mean / one:.2f} x one session; "
              f"server peak {peak:,.0f} MB; each saw its own area: {own}")
        target = shared  # the goal applies to the shared plan; ten different plans are the honest cost
        out.append(Row(f"load: {name}, server time per page run", mean, "one session", one,
                       "<= 3x one session" if target else "", (mean <= 3 * one and own) if target else None))
        out.append(Row(f"load: {name}, server peak memory", 0.0, limit="<= 1 GB" if n > 1 else "",
                       ok=peak <= 1024 if n > 1 else None, text=f"{peak:,.0f} MB"))
    return out


if __name__ == "__main__":
    for row in rows():
        print("  " + row.line())
