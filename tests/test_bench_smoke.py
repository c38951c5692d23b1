"""Benchmarks that cannot rot: every script in bench/ runs at its smallest size (`--smoke`) and prints its table.

The scripts are found, not listed, so a new benchmark is covered the day it lands. The test
asserts that each one finishes and prints its table, never its figures: performance is
bench/'s to measure, as ratios, not the suite's to judge. A benchmark that measures a built
site takes `--site DIR`; they all get the session's built site (conftest.built_site), which they
copy before changing anything in it, so the suite builds the repo's site once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
#: Modules of bench/ that are no benchmark: the runner and a helper the search benchmarks share.
NOT_BENCHMARKS = {"run.py", "search_sites.py"}
#: Benchmarks that have no `--smoke` yet: none now, and this set may only stay empty;
#: test_pending_benchmarks_still_lack_a_smoke_run fails if a name here gains one.
PENDING: set[str] = set()


def benchmarks() -> list[str]:
    """Every script of bench/ that runs as a program."""
    return sorted(
        path.name
        for path in BENCH.glob("*.py")
        if path.name not in NOT_BENCHMARKS and 'if __name__ == "__main__":' in path.read_text("utf-8")
    )


def test_every_benchmark_is_run_by_make_bench() -> None:
    """bench/run.py (`make bench`) runs every benchmark found in bench/."""
    run = (BENCH / "run.py").read_text("utf-8")
    assert [name for name in benchmarks() if f'"{name}"' not in run] == []


def test_pending_benchmarks_still_lack_a_smoke_run() -> None:
    """The pending list is honest: each exists and still lacks `--smoke` (move it out once it has one)."""
    for name in PENDING:
        assert name in benchmarks(), f"bench/{name}: gone; take it off PENDING"
        assert "--smoke" not in (BENCH / name).read_text("utf-8"), f"bench/{name} has --smoke now; take it off PENDING"


@pytest.mark.parametrize("name", [name for name in benchmarks() if name not in PENDING])
def test_benchmark_smoke_run_prints_its_table(name: str, request: pytest.FixtureRequest) -> None:
    """`bench/NAME --smoke` finishes in seconds and prints a table (a heading and rows), whatever its figures."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, str(BENCH / name), "--smoke"]
    if '"--site"' in (BENCH / name).read_text("utf-8"):
        command += ["--site", str(request.getfixturevalue("built_site"))]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"bench/{name} --smoke failed:\n{done.stderr[-3000:]}"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) >= 2, f"bench/{name} --smoke printed no table:\n{done.stdout}"
    assert "Traceback" not in done.stderr
