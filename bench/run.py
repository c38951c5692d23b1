"""All benchmarks, one after another: `make bench`. Each prints its own table; see bench/*.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES = [
    "build_time.py",
    "check_time.py",
    "preview_reload.py",
    "self_check.py",
    "production.py",
    "engines.py",
    "cli_memory.py",
    "diagnose_corpus.py",
    "diagnose_batch.py",
    "search_quality.py",
    "search_languages.py",
    "search_speed.py",
    "phone.py",
    "insights.py",
    "guard.py",
]

if __name__ == "__main__":
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=ROOT, check=True)
    for name in BENCHES:
        print(flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / name)], check=True)
