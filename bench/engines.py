"""Time from navigation to the finished self-check report in Chromium, Firefox and WebKit.

The built site (`make build`) behind the production nginx; each engine opens the auto-starting
self-check page --runs times with an empty cache (a fresh context, or a new WebKit session).
Printed per engine: the median total and where it goes, from the page's own timings:
"boot" (loading Pyodide: download, WebAssembly compilation, Python start), "packages" (loading
the wheels and importing the checks) and the rest (collecting facts, running the rules, showing
the report).

    .venv/bin/python bench/engines.py [--runs 3] [--site site/]
    .venv/bin/python bench/engines.py --smoke   # one run in Chromium only: the plumbing, in seconds
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "engines"))

from helpers_browser import chromium, variant
from helpers_nginx import nginx
from test_engines import run_firefox, webkit_page, webkit_session, xvfb

STATE = (ROOT / "tests" / "self_check_state.js").read_text(encoding="utf-8")
PAGE = "self-check/auto.html"


def summary(runs: list[dict[str, Any]]) -> str:
    total = statistics.median(r["total"] for r in runs)
    boot = statistics.median(r["boot"] for r in runs)
    packages = statistics.median(r["packages"] for r in runs)
    return (
        f"{total:6.2f} s   boot {boot:5.2f} s, packages {packages:5.2f} s, rest {total - boot - packages:5.2f} s"
        f"   runs: {', '.join(f'{r["total"]:.2f}' for r in runs)}"
    )


def row(total_s: float, state: dict[str, Any]) -> dict[str, float]:
    timings = state.get("timings") or {}
    return {"total": total_s, "boot": (timings.get("boot_ms") or 0) / 1000, "packages": (timings.get("packages_ms") or 0) / 1000}


def chromium_runs(url: str, count: int) -> list[dict[str, float]]:
    runs = []
    with chromium() as browser:
        for _ in range(count):
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            with page.expect_console_message(lambda m: m.text.startswith("helpcenter-self-check: done"), timeout=120_000):
                page.goto(url)
            runs.append(row(time.perf_counter() - started, page.evaluate(STATE)))
            context.close()
    return runs


def firefox_runs(url: str, count: int) -> list[dict[str, float]]:
    result = run_firefox([{"name": f"run{i}", "url": url} for i in range(count)])
    return [row(page["elapsedMs"] / 1000, page["state"]) for page in result["pages"].values()]


def webkit_runs(url: str, count: int) -> list[dict[str, float]]:
    runs = []
    with xvfb() as display:
        for _ in range(count):
            driver = webkit_session(display, [])
            try:
                page = webkit_page(driver, url)
            finally:
                driver.quit()
            runs.append(row(page["elapsedMs"] / 1000, page["state"]))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument(
        "--smoke", action="store_true", help="one run in Chromium only (Firefox and WebKit start in tests/engines/)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    if not (args.site / "self-check" / "index.html").is_file():
        raise SystemExit(f"{args.site}: no built self-check page; run `make build` first")
    work = Path(tempfile.mkdtemp(prefix="hc-bench-engines-"))
    engines = {"Chromium": chromium_runs, "Firefox ESR": firefox_runs, "WebKitGTK": webkit_runs}
    try:
        site = work / "site"
        shutil.copytree(args.site, site)
        page = site / "self-check"
        (page / "auto.html").write_text(variant((page / "index.html").read_text("utf-8"), autorun=True), "utf-8")
        with nginx(site, tls=False) as base:  # Firefox and WebKit would refuse the throw-away certificate
            results = {
                engine: runs(base + PAGE, args.runs) for engine, runs in engines.items() if not args.smoke or engine == "Chromium"
            }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Navigation to finished self-check report, cold, production nginx (median of {args.runs}):")
    for engine, runs in results.items():
        print(f"  {engine:<12} {summary(runs)}")


if __name__ == "__main__":
    main()
