"""Search speed and weight against the baseline (`--baseline`, default `main`: Material's search), same run.

- Results after the last keystroke: queries typed key by key into each site built from 1,000
  synthetic entries (bench/build_time.py's generator), in headless Chromium; the median time from
  the last key to the last change of the results. Target: at most 50 ms.
- Bytes before the first result: the real site behind the production nginx (brotli), an empty
  cache, from opening the home page to the first answer for a typed word. Target: at most 1.5x.
- Index size at 1,000 and 5,000 entries: the file the browser downloads to search (Material's
  search/search_index.json, ours search/answers.json), raw and compressed.

    .venv/bin/python bench/search_speed.py [--baseline main] [--entries 1000 5000] [--runs 3]
    .venv/bin/python bench/search_speed.py --smoke [--site site/]   # the work tree against itself, 50 entries
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path
from typing import Any

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_sites import ROOT, SEARCH_INPUT, WORKTREE, Shopper, Source, build, export, synthetic_project, workspace

#: Typed into the synthetic sites; their words come from build_time.py's vocabulary.
SYNTHETIC_QUERIES = [
    "broken ring",
    "refund for my necklace",
    "gift box",
    "where is my parcel",
    "coupon code payment",
    "silver bracelet scratch",
    "courier delivery",
    "exchange earring size",
    "handmade gold stone",
    "tracking order",
]
INDEX_FILES = ("search/search_index.json", "search/answers.json")


def latency(browser: Any, url: str, runs: int, queries: list[str]) -> list[float]:
    shopper = Shopper(browser, url, delay_ms=60)
    try:
        return [shopper.ask(query)[1] for _ in range(runs) for query in queries]
    finally:
        shopper.close()


def bytes_to_first_result(browser: Any, url: str) -> int:
    """Compressed bytes (bodies and headers) received from opening `url` to the first search answer."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished: list[Any] = []
    # A bound method cannot carry Playwright's handler bookkeeping: wrap it.
    page.on("requestfinished", lambda request: finished.append(request))  # noqa: PLW0108
    page.goto(url)
    page.locator(SEARCH_INPUT).click()
    page.locator(SEARCH_INPUT).press_sequentially("parcel", delay=60)
    page.locator("ol.md-search-result__list > li").first.wait_for(timeout=30_000)
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return total


def index_size(site: Path) -> dict[str, int]:
    data = b"".join((site / name).read_bytes() for name in INDEX_FILES if name in own_index(site))
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9)), "brotli": len(brotli.compress(data, quality=11))}


def own_index(site: Path) -> list[str]:
    """The index file a site's search downloads: ours when present, else Material's."""
    return [INDEX_FILES[1]] if (site / INDEX_FILES[1]).exists() else [INDEX_FILES[0]]


def kb(n: float) -> str:
    return f"{n / 1e3:,.1f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="main", help="git ref of the 'before' site (default: main)")
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 5000], help="synthetic sizes for the index")
    parser.add_argument("--runs", type=int, default=3, help="times each latency query is typed")
    parser.add_argument("--site", type=Path, default=None, help="the work tree's built site (default: build it now)")
    parser.add_argument(
        "--smoke", action="store_true", help="the work tree against itself, 50 synthetic entries, three queries once (seconds)"
    )
    args = parser.parse_args()
    latency_entries, queries = 1000, SYNTHETIC_QUERIES
    if args.smoke:
        args.baseline, args.entries, args.runs = WORKTREE, [50], 1
        latency_entries, queries = 50, SYNTHETIC_QUERIES[:3]

    from helpers_browser import chromium
    from helpers_nginx import nginx

    rows: list[tuple[str, str, str, str]] = []
    built: dict[tuple[Path, int], Path] = {}

    def build_once(source: Source, count: int) -> Path:
        """The site of `source` (its own content when count is 0), built once even when before is after."""
        key = (source.folder, count)
        if key not in built:
            if count == 0:
                own = args.site if source.folder == ROOT and args.site else None
                built[key] = own or build(source, work / f"real-{len(built)}")
            else:
                built[key] = build(
                    synthetic_project(source, work / f"synthetic-{len(built)}", count),
                    work / f"site-{len(built)}-{count}",
                    generator_from=source.folder,
                )
        return built[key]

    with workspace("hc-bench-search-speed-") as work, chromium() as browser:
        sources = {"before": export(args.baseline, work), "after": export(WORKTREE, work)}
        real = {name: build_once(source, 0) for name, source in sources.items()}
        sizes = {}
        for name in sources:
            with nginx(real[name]) as url:
                sizes[name] = statistics.median(bytes_to_first_result(browser, url) for _ in range(args.runs))
        rows.append(
            (
                "bytes before the first result (real site, brotli)",
                kb(sizes["before"]),
                kb(sizes["after"]),
                f"{sizes['after'] / sizes['before']:.2f}x (target <= 1.5x)",
            )
        )

        for count in sorted(set(args.entries) | {latency_entries}):
            sites = {name: build_once(source, count) for name, source in sources.items()}
            if count in args.entries:
                index = {name: index_size(site) for name, site in sites.items()}
                rows.extend(
                    (
                        f"index, {count:,} entries ({kind})",
                        kb(index["before"][kind]),
                        kb(index["after"][kind]),
                        f"{index['after'][kind] / index['before'][kind]:.2f}x",
                    )
                    for kind in ("raw", "brotli")
                )
            if count == latency_entries:
                times = {}
                for name, site in sites.items():
                    with nginx(site) as url:
                        times[name] = statistics.median(latency(browser, url, args.runs, queries))
                rows.append(
                    (
                        f"results after the last key, {count:,} entries (median)",
                        f"{times['before']:.0f} ms",
                        f"{times['after']:.0f} ms",
                        f"{times['after'] / times['before']:.2f}x (target <= 50 ms)",
                    )
                )

    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'before: ' + args.baseline:>16}  {'after: work tree':>16}  after/before")
    for figure, before, after, ratio in rows:
        print(f"{figure:<{width}}  {before:>16}  {after:>16}  {ratio}")


if __name__ == "__main__":
    main()
