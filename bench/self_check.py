"""Time from navigation to the finished self-check report in headless Chromium, against bare Pyodide.

In the same run and the same browser: the self-check page (starting on load, as after the
shopper's click) cold (empty cache) and warm (second visit), and a bare page that only boots
Pyodide from the same files, cold and warm. Also the bytes the page transfers, compressed
with brotli (quality 11) and gzip, against bare Pyodide's. Target: warm report <= 1.2x the
warm bare boot.

    .venv/bin/python bench/self_check.py [--runs 3] [--site site/]
    .venv/bin/python bench/self_check.py --smoke   # one cold run of each
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers_browser import STRICT_CSP, chromium, serve, variant, write_bare_pyodide

DONE = "helpcenter-self-check: done"


def prepare(site: Path, work: Path) -> Path:
    root = work / "site"
    shutil.copytree(site, root)
    page = root / "self-check"
    page.joinpath("auto.html").write_text(variant((page / "index.html").read_text("utf-8"), autorun=True), "utf-8")
    write_bare_pyodide(page, (page / "index.html").read_text("utf-8"))
    return root


def visit(context: Any, url: str, done: str) -> tuple[float, list[str]]:
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    started = time.perf_counter()
    with page.expect_console_message(lambda m: m.text.startswith(done), timeout=120_000):
        page.goto(url)
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed, requests


def compressed_bytes(root: Path, base: str, urls: list[str]) -> tuple[int, int, int]:
    raw = br = gz = 0
    for url in sorted(set(urls)):
        if not url.startswith(base):
            continue
        path = root / urlsplit(url).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        data = path.read_bytes()
        raw += len(data)
        br += compressed_size(path, data, ".br", lambda raw: brotli.compress(raw, quality=11))
        gz += compressed_size(path, data, ".gz", lambda raw: gzip.compress(raw, compresslevel=9))
    return raw, br, gz


def compressed_size(path: Path, data: bytes, suffix: str, compress: Callable[[bytes], bytes]) -> int:
    """The size of the build's precompressed copy of ``path`` (same settings), else of ``compress(data)``.

    Brotli at quality 11 takes most of a minute for Pyodide's WebAssembly alone.
    """
    copy = path.with_name(path.name + suffix)
    return copy.stat().st_size if copy.is_file() else len(compress(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--smoke", action="store_true", help="one cold run of each (seconds)")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    if not (args.site / "self-check" / "index.html").is_file():
        raise SystemExit(f"{args.site}: no built self-check page; run `make build` first")
    work = Path(tempfile.mkdtemp(prefix="hc-bench-selfcheck-"))
    try:
        root = prepare(args.site, work)
        times: dict[str, list[float]] = {k: [] for k in ("report cold", "report warm", "bare cold", "bare warm")}
        requests: dict[str, list[str]] = {}
        with serve(root, {"Content-Security-Policy": STRICT_CSP}) as base, chromium() as browser:
            for _ in range(args.runs):
                for name, path, done in (
                    ("report", "self-check/auto.html", DONE),
                    ("bare", "self-check/bare.html", "bare-pyodide"),
                ):
                    context = browser.new_context()  # a new context has an empty cache
                    cold, urls = visit(context, base + path, done)
                    times[f"{name} cold"].append(cold)
                    if not args.smoke:  # a smoke run boots Pyodide twice, not four times
                        warm, _ = visit(context, base + path, done)
                        times[f"{name} warm"].append(warm)
                    context.close()
                    requests[name] = urls
            sizes = {name: compressed_bytes(root, base, urls) for name, urls in requests.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = {k: statistics.median(v) for k, v in times.items() if v}
    print(f"Self-check in headless Chromium, median of {args.runs} runs (seconds)")
    for key, value in median.items():
        print(f"  {key:<12} {value:6.2f}   runs: {', '.join(f'{t:.2f}' for t in times[key])}")
    if "report warm" in median:
        print(f"  warm report / warm bare boot = {median['report warm'] / median['bare warm']:.2f}  (target <= 1.2)")
    print(f"  cold report / cold bare boot = {median['report cold'] / median['bare cold']:.2f}")
    print("Bytes fetched (raw / brotli-11 / gzip-9):")
    for name, (raw, br, gz) in sizes.items():
        print(f"  {name:<7} {raw / 1e6:6.2f} MB / {br / 1e6:6.2f} MB / {gz / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
