"""Production figures in one table: Lighthouse performance, bytes transferred, self-check speed with prefetch.

Everything is served by Debian's nginx with deploy/nginx/helpcenter.conf (brotli, cache headers,
CSP), in the same run as its baselines:
- Lighthouse performance (phone preset, median of --runs) on a help page, the home page and the
  self-check page; targets 95+ for help pages and 90+ for the self-check.
- Bytes transferred (compressed, as the browser received them) for a help page against a bare
  Material page (same text, stock theme, no plugin), and for the finished self-check against a
  bare page that only boots Pyodide.
- Time from opening the self-check to the finished report, cold, against the same after the
  shopper read the troubleshooting answer (which prefetches the runtime).

    .venv/bin/python bench/production.py [--runs 3] [--site site/]
    .venv/bin/python bench/production.py --smoke   # one run: Lighthouse and bytes of the help page (no self-check rows)
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers_browser import chromium, variant, write_bare_pyodide
from helpers_lighthouse import lighthouse
from helpers_nginx import nginx

DONE = "helpcenter-self-check: done"


def build_sites(work: Path, built: Path | None = None) -> tuple[Path, Path]:
    """The help center (as `make build` makes it, or a copy of ``built``) and a bare Material site with one help page's text."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = work / "site"
    if built is None:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    else:
        shutil.copytree(built, site)
    page = site / "self-check"
    generated = (page / "index.html").read_text("utf-8")
    (page / "auto.html").write_text(variant(generated, autorun=True), "utf-8")
    write_bare_pyodide(page, generated)
    for file in page.glob("bare.*"):  # nginx sends precompressed copies; give the baseline the same
        subprocess.run(["gzip", "-k9", str(file)], check=True)

    bare = work / "bare"
    (bare / "docs").mkdir(parents=True)
    text = (ROOT / "content" / "faq" / "track-my-package.yml").read_text("utf-8")
    answer = text.split("answer: |", 1)[1].replace("\n  ", "\n")
    (bare / "docs" / "index.md").write_text(f"# How do I track my package?\n{answer}", "utf-8")
    (bare / "mkdocs.yml").write_text("site_name: Bare Material\ntheme:\n  name: material\n  font: false\n", "utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=bare, env=env, check=True)
    from generator.pages.precompress import precompress  # the same precompression as the real site

    precompress(bare / "site", ROOT / ".cache" / "precompressed")
    return site, bare / "site"


def transferred(browser: Any, url: str, done: str | None = None) -> int:
    """Bytes the browser received (compressed bodies and headers) loading `url` with an empty cache."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[Any] = []
    # A built-in bound method cannot carry Playwright's handler bookkeeping: wrap it.
    page.on("requestfinished", lambda request: sizes.append(request))  # noqa: PLW0108
    if done:
        with page.expect_console_message(lambda m: m.text.startswith(done), timeout=120_000):
            page.goto(url)
    else:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    total = 0
    for request in sizes:
        try:
            measured = request.sizes()
        except Exception:  # noqa: BLE001, S112 - a request of a closed worker has no sizes left; skip it
            continue
        total += measured["responseBodySize"] + measured["responseHeadersSize"]
    context.close()
    return total


def report_time(browser: Any, base: str, *, read_entry_first: bool) -> float:
    context = browser.new_context()
    page = context.new_page()
    if read_entry_first:
        page.goto(base + "faq/cannot-pay/")
        page.wait_for_load_state("networkidle")  # the prefetch has finished
        time.sleep(1)  # the shopper reads, then clicks "Check my browser"
    started = time.perf_counter()
    with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=120_000):
        page.goto(base + "self-check/auto.html")
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def self_check_rows(browser: Any, base: str, runs: int) -> list[tuple[str, str, str]]:
    """Bytes and time to the self-check's report, opened directly and after the answer's prefetch."""
    rows: list[tuple[str, str, str]] = []
    check_bytes = transferred(browser, base + "self-check/auto.html", DONE)
    pyodide_bytes = transferred(browser, base + "self-check/bare.html", "bare-pyodide")
    rows.append(
        (
            "Bytes, self-check to report (compressed)",
            f"{check_bytes / 1e6:.2f} MB",
            f"bare Pyodide {pyodide_bytes / 1e6:.2f} MB, ratio {check_bytes / pyodide_bytes:.2f}",
        )
    )
    cold = [report_time(browser, base, read_entry_first=False) for _ in range(runs)]
    warm = [report_time(browser, base, read_entry_first=True) for _ in range(runs)]
    rows.append(
        (
            "Self-check report, opened directly",
            f"{statistics.median(cold):.2f} s",
            "runs " + ", ".join(f"{t:.2f}" for t in cold),
        )
    )
    rows.append(
        (
            "Self-check report, after the answer's prefetch",
            f"{statistics.median(warm):.2f} s",
            f"ratio {statistics.median(warm) / statistics.median(cold):.2f}; runs " + ", ".join(f"{t:.2f}" for t in warm),
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=None, help="a built site to measure (default: build one now)")
    parser.add_argument(
        "--smoke", action="store_true", help="one run: Lighthouse and bytes of the help page, no self-check rows (seconds)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    work = Path(tempfile.mkdtemp(prefix="hc-bench-production-"))
    rows: list[tuple[str, str, str]] = []
    try:
        site, bare = build_sites(work, args.site)
        with nginx(site) as base, nginx(bare) as bare_base:
            pages = (
                ("home", base, 95),
                ("help page", base + "faq/track-my-package/", 95),
                ("self-check", base + "self-check/", 90),
                ("bare Material page", bare_base, None),
            )
            for name, url, target in pages[1:2] if args.smoke else pages:
                scores = [
                    lighthouse(url, ["performance"], cwd=str(ROOT))["categories"]["performance"]["score"] * 100
                    for _ in range(args.runs)
                ]
                wanted = f"target {target}+" if target else "baseline"
                rows.append(
                    (
                        f"Lighthouse performance, phone: {name}",
                        f"{statistics.median(scores):.0f}",
                        f"{wanted}; runs {', '.join(f'{s:.0f}' for s in scores)}",
                    )
                )
            with chromium() as browser:
                help_bytes = transferred(browser, base + "faq/track-my-package/")
                bare_bytes = transferred(browser, bare_base)
                rows.append(
                    (
                        "Bytes, help page (compressed)",
                        f"{help_bytes / 1e3:.0f} kB",
                        f"bare Material {bare_bytes / 1e3:.0f} kB, ratio {help_bytes / bare_bytes:.2f}",
                    )
                )
                if not args.smoke:  # four Pyodide boots: bench/self_check.py's smoke run boots it
                    rows += self_check_rows(browser, base, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  notes   (median of {args.runs})")
    for figure, value, note in rows:
        print(f"{figure:<{width}}  {value:>10}  {note}")


if __name__ == "__main__":
    main()
