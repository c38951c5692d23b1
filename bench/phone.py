"""The self-check on a simulated phone: time to the finished report and bytes per file, against bare Pyodide.

The built site (`make build`) behind the production nginx (deploy/nginx/helpcenter.conf: brotli,
cache headers, CSP), in Debian's Chromium with DevTools throttling: network 4 Mbps down,
1.5 Mbps up, 150 ms round trip; CPU 4x slower. Every visit starts with an empty cache (a fresh
browser context). In the same run, alternating:

- "self-check": the auto-starting self-check page, navigation to the finished report;
- "bare Pyodide": a page that only boots the same npm Pyodide from the same folder (its own
  pyodide-lock.json and full python_stdlib.zip), navigation to `loadPyodide()` resolved.

Chromium's DevTools CPU throttling slows only a page's main thread: a dedicated worker runs at
full speed, and `Emulation.setCPUThrottlingRate` on a worker target is refused ("only supported
for pages"). So that the 4x applies to the self-check's Python too, both pages run Pyodide on the
main thread: the bare page always does, and the self-check page is opened without `Worker`
(its own fallback, the same runner.js). The real worker mode is measured as well and printed as
a third row (its worker is not CPU-throttled, so it reads faster than a phone would be).

Targets (ratios in the same run): bytes to the report <= 0.65x the bare boot's; time to the
report <= 0.7x the bare boot's.

    .venv/bin/python bench/phone.py [--runs 3] [--site site/] [--no-worker-row]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers_browser import chromium, variant, write_bare_pyodide
from helpers_nginx import nginx

DONE = "helpcenter-self-check: done"
BARE_DONE = "bare-pyodide"
#: DevTools network conditions of the simulated phone (bytes per second, milliseconds).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 4_000_000 / 8, "uploadThroughput": 1_500_000 / 8}
CPU_SLOWDOWN = 4


def prepare(site: Path, work: Path) -> Path:
    """A copy of the site with self-check/auto.html and bare.html (+ compressed copies, as nginx wants)."""
    root = work / "site"
    shutil.copytree(site, root)
    page = root / "self-check"
    generated = (page / "index.html").read_text("utf-8")
    (page / "auto.html").write_text(variant(generated, autorun=True), "utf-8")
    write_bare_pyodide(page, generated)
    for name in ("auto.html", "bare.html", "bare.js"):
        data = (page / name).read_bytes()
        (page / f"{name}.br").write_bytes(brotli.compress(data, quality=11))
        (page / f"{name}.gz").write_bytes(gzip.compress(data, 9, mtime=0))
    return root


def visit(browser: Any, url: str, done: str, *, worker: bool) -> tuple[float, dict[str, int]]:
    """Seconds from navigation to the console line `done`, and bytes received per path."""
    context = browser.new_context()
    if not worker:
        context.add_init_script("delete window.Worker;")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    finished: list[Any] = []

    def keep(request: Any) -> None:  # Playwright cannot take a bound builtin (list.append) as a handler
        finished.append(request)

    page.on("requestfinished", keep)
    started = time.perf_counter()
    with page.expect_console_message(lambda m: m.text.startswith(done), timeout=180_000):
        page.goto(url)
    elapsed = time.perf_counter() - started
    sizes: dict[str, int] = defaultdict(int)
    for request in finished:
        try:
            measured = request.sizes()
        except Exception:  # noqa: BLE001, S112 - a request of a closed worker has no sizes left; skip it
            continue
        sizes[urlsplit(request.url).path] += measured["responseBodySize"] + measured["responseHeadersSize"]
    context.close()
    return elapsed, dict(sizes)


def short(path: str) -> str:
    """The file name, with the versioned folder left out (`pyodide/314.0.7-ab12/x.zip` -> `x.zip`)."""
    name = path.rstrip("/").rsplit("/", 1)[-1] or "/"
    return "wheels/" + name if "/wheels/" in path else name


def byte_table(columns: dict[str, dict[str, int]]) -> list[str]:
    names = sorted({short(p) for sizes in columns.values() for p in sizes},
                   key=lambda n: -max(sum(v for p, v in s.items() if short(p) == n) for s in columns.values()))
    lines = [f"  {'file':<52}" + "".join(f"{label:>14}" for label in columns)]
    for name in names:
        cells = []
        for sizes in columns.values():
            total = sum(v for p, v in sizes.items() if short(p) == name)
            cells.append(f"{total / 1e3:>11.1f} kB" if total else f"{'-':>14}")
        lines.append(f"  {name[:52]:<52}" + "".join(cells))
    lines.append(f"  {'total':<52}" + "".join(f"{sum(s.values()) / 1e6:>11.3f} MB" for s in columns.values()))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--no-worker-row", action="store_true", help="skip the (CPU-unthrottled) worker-mode visits")
    args = parser.parse_args()
    if not (args.site / "self-check" / "index.html").is_file():
        raise SystemExit(f"{args.site}: no built self-check page; run `make build` first")
    work = Path(tempfile.mkdtemp(prefix="hc-bench-phone-"))
    rows = {"self-check": ("self-check/auto.html", DONE, False), "bare Pyodide": ("self-check/bare.html", BARE_DONE, False)}
    if not args.no_worker_row:
        rows["self-check, worker"] = ("self-check/auto.html", DONE, True)
    times: dict[str, list[float]] = {name: [] for name in rows}
    sizes: dict[str, dict[str, int]] = {}
    try:
        root = prepare(args.site, work)
        with nginx(root) as base, chromium() as browser:
            for _ in range(args.runs):
                for name, (path, done, worker) in rows.items():
                    elapsed, received = visit(browser, base + path, done, worker=worker)
                    times[name].append(elapsed)
                    sizes[name] = received
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"Self-check on a simulated phone: {NETWORK['downloadThroughput'] * 8 / 1e6:.0f} Mbps down, "
          f"{NETWORK['latency']} ms round trip, CPU {CPU_SLOWDOWN}x; production nginx; cold cache; "
          f"median of {args.runs} (seconds)")
    for name, value in median.items():
        print(f"  {name:<20} {value:6.2f}   runs: {', '.join(f'{t:.2f}' for t in times[name])}")
    bytes_check, bytes_bare = sum(sizes["self-check"].values()), sum(sizes["bare Pyodide"].values())
    print(f"  time:  self-check / bare Pyodide = {median['self-check'] / median['bare Pyodide']:.2f}  (target <= 0.70)")
    print(f"  bytes: self-check / bare Pyodide = {bytes_check / bytes_bare:.2f}  (target <= 0.65)")
    print("Bytes received per file (compressed bodies and headers, last run):")
    for line in byte_table({"self-check": sizes["self-check"], "bare Pyodide": sizes["bare Pyodide"]}):
        print(line)


if __name__ == "__main__":
    main()
