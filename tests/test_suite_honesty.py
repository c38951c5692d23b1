"""The suite tells the truth from a fresh clone: under CI nothing skips quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

SKIPPING = """
import pytest

def test_needs_firefox() -> None:
    pytest.skip("/usr/bin/firefox-esr is missing")
"""


def _pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT / "tests")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "ci_no_skips", "-p", "no:cacheprovider",
                           "--rootdir", str(folder), str(folder)], check=False, cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_missing_tool_fails_under_ci_and_skips_elsewhere(tmp_path: Path) -> None:
    """With CI=true a test that skips (a browser or tool missing) fails and says why; on a laptop it skips."""
    (tmp_path / "test_engine.py").write_text(SKIPPING, encoding="utf-8")
    in_ci = _pytest(tmp_path, "true")
    assert in_ci.returncode == 1, in_ci.stdout
    assert "skipped under CI=true" in in_ci.stdout
    assert "firefox-esr is missing" in in_ci.stdout
    laptop = _pytest(tmp_path, None)
    assert laptop.returncode == 0, laptop.stdout
    assert "1 skipped" in laptop.stdout
