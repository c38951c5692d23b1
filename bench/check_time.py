"""Time of `helpcenter check` on N synthetic entries, against only parsing the same YAML files.

The baseline (libyaml's CSafeLoader over every file, in the same run) is the least any checker
must do; the ratio shows what validation, line tracking and the cross-checks add.

    .venv/bin/python bench/check_time.py [--entries 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from build_time import synthetic_content

PARSE_ONLY = """
import sys, yaml
from pathlib import Path
for f in sorted(Path(sys.argv[1]).glob("faq/*.yml")):
    yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, check=False, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command} failed:\n{result.stdout[-1000:]}{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="smallest size, one run: the suite's check that it still works")
    args = parser.parse_args()
    if args.smoke:
        args.entries, args.repeat = 20, 1
    work = Path(tempfile.mkdtemp(prefix="hc-bench-check-"))
    try:
        synthetic_content(work / "content", args.entries)
        bin_dir = Path(sys.executable).parent
        check, parse = [], []
        for _ in range(args.repeat):
            parse.append(timed([sys.executable, "-c", PARSE_ONLY, "content"], work))
            check.append(timed([str(bin_dir / "helpcenter"), "check"], work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    c, p = statistics.median(check), statistics.median(parse)
    print(f"helpcenter check, {args.entries} entries (median of {args.repeat}, whole process):")
    print(f"  helpcenter check {c:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in check)}")
    print(f"  parse YAML only  {p:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in parse)}")
    print(f"  ratio {c / p:.2f}; per entry {c / args.entries * 1000:.2f} ms")


if __name__ == "__main__":
    main()
