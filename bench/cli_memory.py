"""Peak memory of ``helpcenter diagnose`` on hostile input: it reads in bounded chunks, whatever the file.

In the same run, on this machine, each through the real command in a child process (peak resident
memory from ``os.wait4``, tests/helpers_memory.py):
  baseline   -- ``diagnose --user-agent``: one user agent, nothing read (the command's own start-up:
                Python, the content, ua-parser);
  one line   -- a gzip of one line of 1 GiB (about 1 MiB on disk), as ``--user-agents`` and ``--log``;
  newlines   -- a gzip of 200 MiB of line breaks (200 million empty lines), both ways;
  zeros pipe -- 1 GiB of /dev/zero through a pipe (`--log /dev/stdin`): one endless line, no gzip;
  /dev/zero  -- the device itself: refused at once ("is a device, not a file").
Target: every peak under 100 MB, and within a few MB of the baseline. --smoke: 64 MiB and 8 MiB.

    .venv/bin/python bench/cli_memory.py [--smoke]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers_memory import MB, Measured, gzip_bomb, run_measured

LIMIT_MB = 100


def measure(label: str, args: list[str], stdin: int | None = None) -> tuple[str, Measured, float]:
    start = time.perf_counter()
    measured = run_measured(["helpcenter", "diagnose", *args], stdin=stdin)
    return label, measured, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="small inputs: a few seconds")
    options = parser.parse_args()
    line_size, newlines, zeros = (64 * MB, 8 * MB, 64 * MB) if options.smoke else (1024 * MB, 200 * MB, 1024 * MB)
    rows = []
    with tempfile.TemporaryDirectory(prefix="hc-cli-memory-") as folder:
        line = gzip_bomb(Path(folder) / "one-line.gz", line_size, b"A")
        breaks = gzip_bomb(Path(folder) / "newlines.gz", newlines, b"\n")
        rows.append(measure("baseline (one user agent)", ["--user-agent", "Mozilla/5.0"]))
        for name, path, size in (("one line", line, line_size), ("newlines", breaks, newlines)):
            on_disk = path.stat().st_size / MB
            rows += [
                measure(f"{name}: {size // MB} MiB in {on_disk:.2f} MiB gzip, {option}", [option, str(path)])
                for option in ("--user-agents", "--log")
            ]
        head = subprocess.Popen(["head", "-c", str(zeros), "/dev/zero"], stdout=subprocess.PIPE)
        assert head.stdout is not None
        rows.append(
            measure(
                f"zeros pipe: {zeros // MB} MiB of /dev/zero, --log /dev/stdin",
                ["--log", "/dev/stdin"],
                stdin=head.stdout.fileno(),
            )
        )
        head.stdout.close()
        head.wait()
        rows.append(measure("/dev/zero itself, --log", ["--log", "/dev/zero"]))
    baseline = rows[0][1].peak_mb
    print(f"{'input':<58}{'exit':>5}{'peak MB':>9}{'vs base':>9}{'seconds':>9}")
    worst = 0.0
    for label, measured, seconds in rows:
        worst = max(worst, measured.peak_mb)
        print(f"{label:<58}{measured.returncode:>5}{measured.peak_mb:>9.1f}{measured.peak_mb - baseline:>+9.1f}{seconds:>9.1f}")
        if measured.returncode not in (0, 2) or "Traceback" in measured.stderr:
            print(f"  unexpected: {measured.stderr.strip()[-300:]}")
    print(f"worst peak {worst:.1f} MB (target: under {LIMIT_MB} MB)")
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
