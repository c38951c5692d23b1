"""Search quality on the shoppers' query set, typed into the real search of each site in Chromium.

Every query of tests/data/search_queries.yml is typed key by key into the search field of the
built site (desktop Chromium, the header's search), and the rank of its right answer among the
results is read off the page. For each kind of query and overall: top-1 (the right answer
first), top-3 and mean reciprocal rank (1/rank, 0 when absent), for the baseline (`--baseline`,
default `main`: today's Material search) and the work tree, in the same run.

    .venv/bin/python bench/search_quality.py [--baseline main] [--failures] [--delay 20]
    .venv/bin/python bench/search_quality.py --only WORKTREE    # one site only
    .venv/bin/python bench/search_quality.py --smoke [--site site/]   # the work tree, one query of each kind
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_sites import ROOT, WORKTREE, Shopper, build, export, workspace

QUERIES = ROOT / "tests" / "data" / "search_queries.yml"


def load_queries(path: Path = QUERIES) -> list[dict[str, str]]:
    return list(yaml.safe_load(path.read_text("utf-8"))["queries"])


def rank_of(paths: list[str], entry_id: str) -> int:
    """1-based rank of the entry's page among the result paths; 0 when it is not there."""
    wanted = f"/faq/{entry_id}/"
    return next((i + 1 for i, path in enumerate(paths) if path.endswith(wanted)), 0)


def scores(ranks: list[int]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "top1": sum(r == 1 for r in ranks) / n,
        "top3": sum(1 <= r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "n": len(ranks),
    }


def measure(
    browser: Any, url: str, queries: list[dict[str, str]], delay_ms: float
) -> list[tuple[dict[str, str], int, list[str]]]:
    shopper = Shopper(browser, url, delay_ms=delay_ms)
    try:
        rows = []
        for query in queries:
            paths, _ = shopper.ask(query["q"])
            rows.append((query, rank_of(paths, query["id"]), paths[:3]))
        return rows
    finally:
        shopper.close()


def table(results: dict[str, list[tuple[dict[str, str], int, list[str]]]]) -> str:
    labels = list(results)
    kinds = sorted({q["kind"] for rows in results.values() for q, _, _ in rows})
    lines = [
        "| kind | n | " + " | ".join(f"{label}: top-1 | top-3 | MRR" for label in labels) + " |",
        "| --- | ---: | " + " | ".join("---: | ---: | ---:" for _ in labels) + " |",
    ]
    for kind in [*kinds, "all"]:
        cells = []
        count = 0
        for label in labels:
            ranks = [rank for q, rank, _ in results[label] if kind in ("all", q["kind"])]
            s = scores(ranks)
            count = len(ranks)
            hits1 = sum(r == 1 for r in ranks)
            cells.append(f"{s['top1']:.0%} ({hits1}) | {s['top3']:.0%} | {s['mrr']:.3f}")
        lines.append(f"| {kind} | {count} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="main", help="git ref of the 'before' site (default: main)")
    parser.add_argument("--only", help="measure one site only: a git ref or WORKTREE")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--delay", type=float, default=20, help="ms between keys (default 20)")
    parser.add_argument("--failures", action="store_true", help="list the queries whose answer is not first")
    parser.add_argument("--site", type=Path, default=None, help="the work tree's built site (default: build it now)")
    parser.add_argument("--smoke", action="store_true", help="the work tree only, one query of each kind (seconds)")
    args = parser.parse_args()
    if args.smoke:
        args.only = WORKTREE

    from helpers_browser import chromium
    from helpers_nginx import nginx

    args.queries = args.queries.resolve()
    queries = load_queries(args.queries)
    if args.smoke:
        queries = list({query["kind"]: query for query in reversed(queries)}.values())
    refs = [args.only] if args.only else [args.baseline, WORKTREE]
    results: dict[str, list[tuple[dict[str, str], int, list[str]]]] = {}
    with workspace("hc-bench-search-") as work, chromium() as browser:
        for ref in refs:
            source = export(ref, work)
            site = args.site if ref == WORKTREE and args.site else build(source, work / f"site-{len(results)}")
            with nginx(site) as url:
                results[source.label] = measure(browser, url, queries, args.delay)
    print(
        f"Search quality: {len(queries)} queries from {args.queries.relative_to(ROOT)}, typed key by key "
        f"({args.delay:g} ms apart) into each site's search in Chromium\n"
    )
    print(table(results))
    if args.failures:
        for label, rows in results.items():
            misses = [(q, rank, top) for q, rank, top in rows if rank != 1]
            print(f"\n{label}: {len(misses)} not first")
            for q, rank, top in misses:
                print(
                    f"  [{q['kind']}] {q['q']!r} -> {q['id']}: rank {rank or '-'}; top {', '.join(p.strip('/').split('/')[-1] for p in top)}"
                )


if __name__ == "__main__":
    main()
