"""All benchmarks, one after another: `make bench`. Each prints its own table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    python = sys.executable
    subprocess.run([python, str(ROOT / "bench" / "build_time.py")], check=True)
    subprocess.run([python, "-m", "mkdocs", "build", "-q"], cwd=ROOT, check=True)
    subprocess.run([python, str(ROOT / "bench" / "self_check.py")], check=True)
