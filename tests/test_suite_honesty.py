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


SKIPPED_MODULE = """
import pytest

pytest.skip("no WebKit on this machine", allow_module_level=True)

def test_in_webkit() -> None:
    pass
"""
IMPORT_OR_SKIP = """
import pytest

webkit = pytest.importorskip("no_such_webkit_binding")

def test_in_webkit() -> None:
    pass
"""


def _pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT / "tests")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "ci_no_skips",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(folder),
            str(folder),
        ],
        check=False,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


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


def test_a_module_that_skips_while_collected_fails_under_ci(tmp_path: Path) -> None:
    """A whole module skipped at collection (module-level skip, importorskip) fails under CI=true too,
    with the reason; elsewhere it skips as before. Once it passed as "1 passed, 2 skipped"."""
    (tmp_path / "test_fine.py").write_text("def test_fine() -> None:\n    pass\n", encoding="utf-8")
    (tmp_path / "test_webkit.py").write_text(SKIPPED_MODULE, encoding="utf-8")
    (tmp_path / "test_binding.py").write_text(IMPORT_OR_SKIP, encoding="utf-8")
    in_ci = _pytest(tmp_path, "true")
    assert in_ci.returncode != 0, in_ci.stdout
    assert "skipped while collected under CI=true" in in_ci.stdout
    assert "no WebKit on this machine" in in_ci.stdout
    assert "no_such_webkit_binding" in in_ci.stdout
    assert "2 errors" in in_ci.stdout, in_ci.stdout
    laptop = _pytest(tmp_path, None)
    assert laptop.returncode == 0, laptop.stdout
    assert "1 passed, 2 skipped" in laptop.stdout
