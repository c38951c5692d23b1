"""The self-check on a simulated phone: time to the finished report and bytes per file, against bare Pyodide 314.0.7.

The built site (`make build`) behind the production nginx (deploy/nginx/helpcenter.conf: brotli,
cache headers, CSP), in Debian's Chromium with DevTools throttling. Two profiles, each visit with
an empty cache (a fresh browser context):

- "phone": network 4 Mbps down, 1.5 Mbps up, 150 ms round trip; CPU 4x slower;
- "slow 4G": 1.6 Mbps down, 750 kbps up, 150 ms round trip; CPU 4x slower.

Rows, alternating in the same run:

- "self-check": the auto-starting self-check page, navigation to the finished report;
- "clicked on arrival": the self-check page as published; the shopper clicks "Check my browser"
  as soon as it can be clicked; navigation to the finished report;
- "bare Pyodide 314.0.7": a page that only boots Pyodide 314.0.7 as npm ships it (its own
  pyodide-lock.json and full python_stdlib.zip), served the same way, navigation to
  `loadPyodide()` resolved. The baseline stays 314.0.7 whatever release the site ships: it is
  fetched with `npm pack pyodide@314.0.7` into .cache/bench-pyodide/ (once), never installed.

Chromium's DevTools CPU throttling slows only a page's main thread: a dedicated worker runs at
full speed, and `Emulation.setCPUThrottlingRate` on a worker target is refused ("only supported
for pages"). So that the 4x applies to the self-check's Python too, the pages run Pyodide on the
main thread: the bare page always does, and the self-check page is opened without `Worker` (its
own fallback, the same runner.js). The real worker mode is measured as well ("..., worker" rows;
its worker is not CPU-throttled, so it reads faster than a phone would be).

Targets (ratios in the same run, phone profile): time to the report <= 0.55x the bare 314.0.7
boot's; bytes to the report <= 0.65x.

    .venv/bin/python bench/phone.py [--runs 3] [--site site/] [--compare SITE] [--no-worker-row] [--waterfall] [--smoke]

`--compare SITE`: also run the self-check rows on another build (say, main's before a change: `git
archive main | tar -x -C /tmp/before`, build it there with `-d`), as "... (compared)" rows alternating
with the others in the same run, so a change is measured before and after in the same conditions.

`--waterfall`: also print, for the last visit of each row, when each request started and ended
(ms from the first request; the worker's requests too), to see where the time goes: what waits
for what, and when the line is idle.

`--smoke`: one unthrottled run of the phone profile's rows, the baseline served uncompressed, the
site built first if there is none (seconds; the figures mean nothing, the table shows the bench works).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from helpers_browser import BARE_PAGE, chromium, variant
from helpers_nginx import nginx

DONE = "helpcenter-self-check: done"
BARE_DONE = "bare-pyodide"
#: The release every run is compared with, whatever the site ships (the issue's yardstick).
BASELINE = "314.0.7"
#: Where `npm pack` puts the baseline (outside node_modules: it is no dependency of the site).
BASELINE_CACHE = ROOT / ".cache" / "bench-pyodide"
#: The baseline's files a bare boot loads (the module, Emscripten's glue in either name, the rest).
BASELINE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Inside the site's pyodide/ folder, so that nginx serves it with the runtime's types and headers.
BASELINE_FOLDER = f"pyodide/bench-baseline-{BASELINE}/"
BARE_JS = f"""import {{ loadPyodide }} from "../{BASELINE_FOLDER}pyodide.mjs";
await loadPyodide({{ indexURL: new URL("../{BASELINE_FOLDER}", import.meta.url).href }});
console.info("bare-pyodide: booted");
"""
TARGET_TIME = 0.55
TARGET_BYTES = 0.65


@dataclass(frozen=True)
class Profile:
    """A simulated device: download and upload in Mbps, round trip in ms, CPU slowdown (0 Mbps: no throttling)."""

    name: str
    down_mbps: float
    up_mbps: float
    latency_ms: int
    cpu: float

    def network(self) -> dict[str, Any]:
        """DevTools' Network.emulateNetworkConditions (bytes per second; -1: not throttled)."""
        if not self.down_mbps:
            return {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.down_mbps * 1e6 / 8,
            "uploadThroughput": self.up_mbps * 1e6 / 8,
        }

    def describe(self) -> str:
        if not self.down_mbps:
            return f"{self.name}: no throttling"
        return (
            f"{self.name}: {self.down_mbps:g} Mbps down, {self.up_mbps:g} Mbps up, {self.latency_ms} ms round trip, "
            f"CPU {self.cpu:g}x"
        )


PHONE = Profile("phone", 4, 1.5, 150, 4)
SLOW_4G = Profile("slow 4G", 1.6, 0.75, 150, 4)
SMOKE = Profile("smoke", 0, 0, 0, 1)


@dataclass(frozen=True)
class Row:
    """One kind of visit: the page, the console line that ends it, the mode, and whether the shopper clicks."""

    name: str
    path: str
    done: str
    worker: bool = False
    click: bool = False
    compared: bool = False
    """On the --compare build instead of --site."""


SELF_CHECK = Row("self-check", "self-check/auto.html", DONE)
CLICKED = Row("clicked on arrival", "self-check/index.html", DONE, click=True)
BARE = Row(f"bare Pyodide {BASELINE}", "self-check/bare-baseline.html", BARE_DONE)
SELF_CHECK_WORKER = Row("self-check, worker", "self-check/auto.html", DONE, worker=True)
CLICKED_WORKER = Row("clicked on arrival, worker", "self-check/index.html", DONE, worker=True, click=True)


def baseline_pyodide(cache: Path = BASELINE_CACHE) -> Path:
    """The npm package folder of Pyodide BASELINE, fetched with `npm pack` into `cache` the first time."""
    package = cache / BASELINE / "package"
    if (package / "pyodide.mjs").is_file():
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm: not found; it fetches the baseline Pyodide (install Node.js 20+, or run scripts/setup)")
    cache.mkdir(parents=True, exist_ok=True)
    # npm checks the tarball against the registry's integrity hash.
    done = subprocess.run(
        [npm, "pack", f"pyodide@{BASELINE}", "--pack-destination", str(cache), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    tarball = cache / f"pyodide-{BASELINE}.tgz"
    if done.returncode != 0 or not tarball.is_file():
        raise SystemExit(f"npm pack pyodide@{BASELINE} failed:\n{done.stderr.strip()[-2000:]}")
    unpacked = cache / f"{BASELINE}.tmp"
    shutil.rmtree(unpacked, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    shutil.rmtree(cache / BASELINE, ignore_errors=True)
    unpacked.rename(cache / BASELINE)
    tarball.unlink()
    return package


def _compress_beside(files: list[Path]) -> None:
    for file in files:
        data = file.read_bytes()
        file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=11))
        file.with_name(file.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))


def prepare(site: Path, work: Path, *, smoke: bool) -> Path:
    """A copy of the site with self-check/auto.html, the baseline Pyodide and its bare page (+ compressed copies)."""
    root = work / "site"
    shutil.copytree(site, root)
    page = root / "self-check"
    generated = (page / "index.html").read_text("utf-8")
    (page / "auto.html").write_text(variant(generated, autorun=True), "utf-8")
    (page / "bare-baseline.html").write_text(BARE_PAGE.replace("bare.js", "bare-baseline.js"), "utf-8")
    (page / "bare-baseline.js").write_text(BARE_JS, "utf-8")
    _compress_beside([page / name for name in ("auto.html", "bare-baseline.html", "bare-baseline.js")])
    source = baseline_pyodide()
    target = root / BASELINE_FOLDER
    target.mkdir(parents=True)
    for name in BASELINE_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)
    if not smoke:
        from generator.pages.precompress import precompress  # as the build does, with its cache

        precompress(target, ROOT / ".cache" / "precompressed")
    return root


@dataclass(frozen=True)
class Fetched:
    """One request of a visit: path, start and end in ms from the visit's first request, bytes received."""

    path: str
    start: float
    end: float
    size: int


def visit(browser: Any, url: str, row: Row, profile: Profile) -> tuple[float, dict[str, int], list[Fetched]]:
    """Seconds from navigation to the console line `row.done`, bytes received per path, and each request's times."""
    context = browser.new_context()
    if not row.worker:
        context.add_init_script("delete window.Worker;")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", profile.network())
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu})
    finished: list[Any] = []

    def keep(request: Any) -> None:  # Playwright cannot take a bound builtin (list.append) as a handler
        finished.append(request)

    page.on("requestfinished", keep)
    started = time.perf_counter()
    with page.expect_console_message(lambda m: m.text.startswith(row.done), timeout=180_000):
        if row.click:
            # As soon as the button can be clicked (the page's script shows it), as a shopper in a hurry.
            page.goto(url, wait_until="commit")
            page.click("#self-check-run", timeout=180_000)
        else:
            page.goto(url)
    elapsed = time.perf_counter() - started
    sizes: dict[str, int] = defaultdict(int)
    fetched = []
    for request in finished:
        try:
            measured = request.sizes()
        except Exception:  # noqa: BLE001, S112 - a request of a closed worker has no sizes left; skip it
            continue
        size = measured["responseBodySize"] + measured["responseHeadersSize"]
        sizes[urlsplit(request.url).path] += size
        timing = request.timing  # startTime in ms since the epoch, the rest in ms after it
        fetched.append(
            Fetched(urlsplit(request.url).path, timing["startTime"], timing["startTime"] + timing["responseEnd"], size)
        )
    context.close()
    first = min((f.start for f in fetched), default=0.0)
    waterfall = sorted((Fetched(f.path, f.start - first, f.end - first, f.size) for f in fetched), key=lambda f: f.start)
    return elapsed, dict(sizes), waterfall


def waterfall_table(fetched: list[Fetched]) -> list[str]:
    """One line per request: its file, when it started and ended, and its bytes."""
    return [f"      {short(f.path)[:48]:<48} {f.start:7.0f} -> {f.end:7.0f} ms {f.size / 1e3:9.1f} kB" for f in fetched]


def short(path: str) -> str:
    """The file name, with the versioned folder left out (`pyodide/0.29.5-ab12/x.zip` -> `x.zip`)."""
    name = path.rstrip("/").rsplit("/", 1)[-1] or "/"
    return "wheels/" + name if "/wheels/" in path else name


def byte_table(columns: dict[str, dict[str, int]]) -> list[str]:
    names = sorted(
        {short(p) for sizes in columns.values() for p in sizes},
        key=lambda n: -max(sum(v for p, v in s.items() if short(p) == n) for s in columns.values()),
    )
    lines = [f"  {'file':<52}" + "".join(f"{label:>24}" for label in columns)]
    for name in names:
        cells = []
        for sizes in columns.values():
            total = sum(v for p, v in sizes.items() if short(p) == name)
            cells.append(f"{total / 1e3:>21.1f} kB" if total else f"{'-':>24}")
        lines.append(f"  {name[:52]:<52}" + "".join(cells))
    lines.append(f"  {'total':<52}" + "".join(f"{sum(s.values()) / 1e6:>21.3f} MB" for s in columns.values()))
    return lines


def compared(row: Row) -> Row:
    """The same visit on the --compare build."""
    return replace(row, name=f"{row.name} (compared)", compared=True)


def plan(*, smoke: bool, worker_rows: bool, compare: bool = False) -> list[tuple[Profile, list[Row]]]:
    """Which rows run on which profile: the phone against the baseline, slow 4G as a shopper meets it."""
    phone_rows = [SELF_CHECK, CLICKED, BARE]
    slow_rows = [CLICKED]
    if worker_rows:
        phone_rows.append(SELF_CHECK_WORKER)
        slow_rows.append(CLICKED_WORKER)
    if smoke:
        phone_rows, slow_rows = [SELF_CHECK, CLICKED, BARE], []
    if compare:
        phone_rows += [compared(row) for row in phone_rows if row is not BARE]
        slow_rows += [compared(row) for row in slow_rows]
    if smoke:
        return [(SMOKE, phone_rows)]
    return [(PHONE, phone_rows), (SLOW_4G, slow_rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--compare", type=Path, help="another build whose self-check rows run in the same run")
    parser.add_argument("--no-worker-row", action="store_true", help="skip the (CPU-unthrottled) worker-mode visits")
    parser.add_argument("--smoke", action="store_true", help="one unthrottled run of the phone rows, in seconds")
    parser.add_argument("--waterfall", action="store_true", help="print each row's requests (last run) with their times")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    work = Path(tempfile.mkdtemp(prefix="hc-bench-phone-"))
    site = args.site
    if not (site / "self-check" / "index.html").is_file():
        if not args.smoke:
            raise SystemExit(f"{site}: no built self-check page; run `make build` first")
        site = work / "built"  # a smoke run on a fresh clone: build it (the build's caches make it quick)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True)
    if args.compare and not (args.compare / "self-check" / "index.html").is_file():
        raise SystemExit(f"{args.compare}: no built self-check page to compare with")
    schedule = plan(smoke=args.smoke, worker_rows=not args.no_worker_row, compare=args.compare is not None)
    times: dict[tuple[str, str], list[float]] = {(p.name, r.name): [] for p, rows in schedule for r in rows}
    sizes: dict[tuple[str, str], dict[str, int]] = {}
    waterfalls: dict[tuple[str, str], list[Fetched]] = {}
    try:
        root = prepare(site, work, smoke=args.smoke)
        other = nginx(prepare(args.compare, work / "compared", smoke=args.smoke)) if args.compare else None
        with nginx(root) as base, other or contextlib.nullcontext(base) as other_base, chromium() as browser:
            for _ in range(runs):
                for profile, rows in schedule:
                    for row in rows:
                        address = (other_base if row.compared else base) + row.path
                        elapsed, received, fetched = visit(browser, address, row, profile)
                        times[profile.name, row.name].append(elapsed)
                        sizes[profile.name, row.name] = received
                        waterfalls[profile.name, row.name] = fetched
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Self-check on a simulated phone: production nginx; cold cache; median of {runs} (seconds)")
    for profile, rows in schedule:
        print(f"  {profile.describe()}")
        median = {row.name: statistics.median(times[profile.name, row.name]) for row in rows}
        for row in rows:
            runs_text = ", ".join(f"{t:.2f}" for t in times[profile.name, row.name])
            print(f"    {row.name:<32} {median[row.name]:6.2f}   runs: {runs_text}")
        if BARE in rows:
            bare = median[BARE.name]
            for row in (SELF_CHECK, CLICKED, compared(SELF_CHECK), compared(CLICKED)):
                if row.name in median:
                    print(f"    time:  {row.name} / {BARE.name} = {median[row.name] / bare:.2f}  (target <= {TARGET_TIME})")
            check_bytes = sum(sizes[profile.name, SELF_CHECK.name].values())
            bare_bytes = sum(sizes[profile.name, BARE.name].values())
            print(f"    bytes: {SELF_CHECK.name} / {BARE.name} = {check_bytes / bare_bytes:.2f}  (target <= {TARGET_BYTES})")
    if args.waterfall:
        print("Requests of each row's last visit (ms from its first request):")
        for (profile_name, row_name), fetched in waterfalls.items():
            print(f"  {profile_name} / {row_name}:")
            print("\n".join(waterfall_table(fetched)))
    first = schedule[0][0].name
    print(f"Bytes received per file ({first}, compressed bodies and headers, last run):")
    for line in byte_table({SELF_CHECK.name: sizes[first, SELF_CHECK.name], BARE.name: sizes[first, BARE.name]}):
        print(line)


if __name__ == "__main__":
    main()
