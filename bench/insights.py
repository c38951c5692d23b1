"""`helpcenter insights` over a million signal lines: lines per second and peak memory.

In the same run, on this machine:
  insights  -- ``helpcenter insights LOG --json --html DIR`` on a gzip'd log in the production format
               (deploy/nginx/signals.conf): searches drawn from 60,000 different ones with a long tail
               (so the search counter hits its cap and prunes), votes with reasons and comments, reads,
               self-check outcomes, and 1% malformed or hostile lines;
  baseline  -- the same file read line by line with Python's gzip and nothing else (the floor).
Peak memory is the largest resident size of the command's processes (Python, and Node for the words);
CPU seconds are theirs too, which on a shared machine say more than the wall clock.
Target: a million lines in under a minute, under 200 MB.

    .venv/bin/python bench/insights.py [--smoke]
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.content.entries import load_help_center

WORDS = [
    "ring",
    "necklace",
    "bracelet",
    "earring",
    "refund",
    "return",
    "exchange",
    "gift",
    "wrap",
    "box",
    "card",
    "declined",
    "paypal",
    "klarna",
    "shipping",
    "tracking",
    "parcel",
    "lost",
    "damaged",
    "broken",
    "size",
    "resize",
    "engraving",
    "gold",
    "silver",
    "plated",
    "warranty",
    "discount",
    "code",
    "coupon",
    "voucher",
    "invoice",
    "address",
    "change",
    "cancel",
    "order",
    "late",
    "delivery",
    "customs",
    "tax",
]
BAD = ["<script>alert(1)</script>", "\x1b[2J\x1b[31mred", '2026-12-01T10:00:00+00:00 "/signals/evil?v=1"', "x" * 20_000]


def make_log(path: Path, lines: int, seed: int = 19) -> None:
    rng = random.Random(seed)
    answers = [e.id for e in load_help_center(ROOT / "content").entries.values()]
    queries = [" ".join(rng.sample(WORDS, rng.randint(1, 4))) for _ in range(60_000)]
    weights = [1 / (rank + 1) for rank in range(len(queries))]
    drawn = iter(rng.choices(queries, weights=weights, k=lines))
    browsers = [("Chrome", "131"), ("Safari", "18"), ("Firefox", "133"), ("Samsung Internet", "27"), ("Chrome", "109")]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for n in range(lines):
            day = f"2026-11-{1 + n * 30 // lines:02}"
            pick = rng.random()
            if pick < 0.01:
                out.write(rng.choice(BAD) + "\n")
                continue
            if pick < 0.55:
                kind, fields = (
                    "search",
                    {
                        "q": next(drawn),
                        "results": str(rng.choice((0, 1, 3, 10))),
                        "weak": str(rng.randint(0, 1)),
                        "opened": rng.choice(("", *answers[:5])),
                        "rank": str(rng.randint(0, 3)),
                    },
                )
            elif pick < 0.85:
                kind, fields = "read", {"entry": rng.choice(answers)}
            elif pick < 0.97:
                no = rng.random() < 0.3
                kind, fields = "helpful", {"entry": rng.choice(answers), "vote": "no" if no else "yes"}
                if no:
                    fields |= {
                        "reason": rng.choice(("unclear", "wrong", "")),
                        "text": rng.choice(("", "too long", "where is the form")),
                    }
            else:
                family, major = rng.choice(browsers)
                status = "fail" if major == "109" else "pass"
                kind, fields = (
                    "self-check",
                    {
                        "status": status,
                        "browser": family,
                        "major": major,
                        "checks": f"browser:{status},cookies:pass,popups:{rng.choice(('pass', 'warn'))}",
                    },
                )
            out.write(f'{day}T10:{n % 60:02}:00+00:00 "/signals/{kind}?{urlencode({"v": "1", **fields})}"\n')
    if lines and not answers:
        raise SystemExit("no answers in content/")


def run(command: list[str]) -> tuple[float, float, float]:
    """Seconds (wall clock and CPU) and the peak resident megabytes of the processes `command` starts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="20,000 lines, in seconds")
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    lines = 20_000 if args.smoke else args.lines
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "signals.log.gz"
        make_log(log, lines)
        # Read first: the smaller process, so the children's peak after it is the command's.
        baseline_code = "import gzip,sys\nfor _ in gzip.open(sys.argv[1], 'rb'): pass"
        base_s, base_cpu, base_mb = run([sys.executable, "-c", baseline_code, str(log)])
        ins_s, ins_cpu, ins_mb = run(
            [sys.executable, "-m", "generator.cli", "insights", str(log), "--json", "--html", str(Path(folder) / "report")]
        )
    load = os.getloadavg()[0]
    print(f"helpcenter insights on {lines:,} signal lines (gzip), this machine ({os.cpu_count()} cores, load {load:.1f}):")
    print(f"{'':10} {'seconds':>8} {'CPU s':>7} {'lines/s':>10} {'peak MB':>8} {'vs baseline':>12}")
    print(f"{'baseline':10} {base_s:8.2f} {base_cpu:7.2f} {lines / base_s:10,.0f} {base_mb:8.0f} {1:12.1f}")
    print(f"{'insights':10} {ins_s:8.2f} {ins_cpu:7.2f} {lines / ins_s:10,.0f} {ins_mb:8.0f} {ins_s / base_s:12.1f}")
    if not args.smoke:
        ok = ins_s < 60 * lines / 1_000_000 and ins_mb < 200
        print(f"target (a million lines under 60 s and 200 MB): {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
