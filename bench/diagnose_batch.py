"""Batch mode of ``helpcenter diagnose``: user agents per second, against ua-parser alone.

In the same run, on this machine:
  distinct  -- every distinct user agent of uap-core's test data (tests/data/uap-core/cases.jsonl.gz), one a line,
               through ``diagnose --user-agents FILE --json`` (each one judged: the worst case);
  log       -- a gzip'd combined access log of 200,000 requests drawn from the same user agents
               with a long tail (a few browsers make most visits), through ``diagnose --log``;
  baseline  -- ua-parser alone parsing the distinct user agents (the floor for any rules built on it),
               rules compiled beforehand.
Each is run three times, interleaved, and the best time kept (the machine is shared and noisy).
Target: at least 2,000 user agents per second for ``distinct``.

    .venv/bin/python bench/diagnose_batch.py
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from diag_corpus import cases
from diag_helpers import STEPS

from diagnostics import Shop, cli, load_policy_file

LOG_REQUESTS = 200_000


def timed(argv: list[str]) -> tuple[float, str]:
    """Seconds ``diagnose`` takes for ``argv`` in this process, and what it printed."""
    policy = load_policy_file(ROOT / "content" / "browsers.yml")
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = cli.main(
            [*argv, "--date", "2026-11-27"],
            steps=STEPS,
            policy=policy,
            shop=Shop("Bench Shop", "https://shop.example/", "s@example.com"),
        )
    elapsed = time.perf_counter() - started
    assert code == 0
    return elapsed, out.getvalue()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--smoke", action="store_true", help="smallest size, one run: the suite's check that it still works")
    args = options.parse_args()
    requests, rounds = (2_000, 1) if args.smoke else (LOG_REQUESTS, 3)
    agents = list(dict.fromkeys(case.user_agent.replace("\n", " ") for case in cases() if case.user_agent.strip()))
    agents = agents[:200] if args.smoke else agents
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "agents.txt"
        listing.write_text("\n".join(agents) + "\n", encoding="utf-8")
        rng = random.Random(10)
        weights = [1 / (rank + 1) for rank in range(len(agents))]
        drawn = rng.choices(agents, weights=weights, k=requests)
        log = Path(folder) / "access.log.gz"
        with gzip.open(log, "wt", encoding="utf-8") as out:
            for number, agent in enumerate(drawn):
                quoted = agent.replace("\\", "\\\\").replace('"', '\\"')
                out.write(
                    f'10.0.{number % 250}.{number % 200} - - [27/Nov/2026:10:00:00 +0000] "GET /checkout HTTP/1.1" '
                    f'200 512 "-" "{quoted}"\n'
                )
        from ua_parser import BasicResolver, Domain, Parser
        from ua_parser.loaders import load_builtins

        parser = Parser(BasicResolver(load_builtins()))  # as diagnostics uses it in CPython
        distinct_s = log_s = baseline_s = float("inf")
        for _ in range(rounds):
            elapsed, printed = timed(["--user-agents", str(listing), "--json"])
            assert printed.count("\n") == len(agents)
            distinct_s = min(distinct_s, elapsed)
            log_s = min(log_s, timed(["--log", str(log)])[0])
            started = time.perf_counter()
            for agent in agents:
                parser(agent, Domain.USER_AGENT | Domain.OS)
            baseline_s = min(baseline_s, time.perf_counter() - started)

    rate = len(agents) / distinct_s
    print(
        f"diagnose --user-agents --json: {len(agents):,} distinct user agents in {distinct_s:.1f} s = {rate:,.0f}/s "
        f"(target 2,000/s: {'met' if rate >= 2000 else 'NOT met'})"
    )
    print(f"diagnose --log: {requests:,} requests (gzip) in {log_s:.1f} s = {requests / log_s:,.0f} lines/s")
    print(
        f"baseline, ua-parser alone: {len(agents) / baseline_s:,.0f}/s; diagnose costs "
        f"{distinct_s / baseline_s:.2f}x ua-parser's time"
    )


if __name__ == "__main__":
    main()
