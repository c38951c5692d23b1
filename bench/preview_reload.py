"""Time from saving an entry to the reloaded page in headless Chromium, under the README's `mkdocs serve`.

A copy of the repo's site (content, theme, config; Pyodide and wheels linked) is served with
live reload; an entry's answer is changed N times and each time the open page is watched until
the new words show. Printed: median and every run.

    .venv/bin/python bench/preview_reload.py [--runs 7]
    .venv/bin/python bench/preview_reload.py --smoke   # one run
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers import free_port, wait_until_serving
from helpers_browser import chromium

ENTRY = "content/faq/track-my-package.yml"


def copy_project(work: Path) -> Path:
    project = work / "project"
    for name in ("content", "static", "theme"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("node_modules", ".cache", "diagnostics"):
        (project / name).symlink_to(ROOT / name)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="one run (seconds)")
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    work = Path(tempfile.mkdtemp(prefix="hc-bench-preview-"))
    project = copy_project(work)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    entry = project / ENTRY
    original = entry.read_text(encoding="utf-8")
    times: list[float] = []
    try:
        wait_until_serving(base, server, timeout=60)
        with chromium() as browser:
            page = browser.new_page()
            page.goto(base + "faq/track-my-package/")
            for run in range(args.runs):
                marker = f"Saved edit number {run} at {time.time():.0f}."
                time.sleep(1.5)  # let the previous rebuild settle; mtimes need a new second
                started = time.perf_counter()
                entry.write_text(original.replace("answer: |\n", f"answer: |\n  {marker}\n\n", 1), encoding="utf-8")
                # A locator, not wait_for_function: the preview's CSP forbids the eval that one needs.
                page.get_by_text(marker).wait_for(timeout=60_000)
                times.append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"Save to reloaded page under mkdocs serve (repo site, {args.runs} runs):")
    print(f"  median {statistics.median(times):.2f} s   runs: {', '.join(f'{t:.2f}' for t in times)}")


if __name__ == "__main__":
    main()
