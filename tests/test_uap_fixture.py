"""scripts/uap_fixture.py: uap-core's labelled user agents, derived from a pinned commit, regenerated the same way."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from diag_corpus import CORPUS, Case, cases, fixture_commit
from helpers import ROOT

SCRIPT = ROOT / "scripts" / "uap_fixture.py"


def script() -> ModuleType:
    """scripts/uap_fixture.py as a module (it is no package)."""
    spec = importlib.util.spec_from_file_location("uap_fixture", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` as a throwaway identity; its output."""
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", "-C", str(folder), *identity, *args], check=True, capture_output=True, text=True).stdout


def fake_uap_core(folder: Path) -> str:
    """A git repository with uap-core's five files, a few cases each (one repeated); its commit."""
    cases_by_file = {
        "tests/test_ua.yaml": (
            "  - user_agent_string: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)'\n"
            "    family: 'IE'\n    major: '9'\n    minor: '0'\n    patch:\n"
            "  - user_agent_string: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)'\n"
            "    family: 'IE'\n    major: '9'\n    minor: '0'\n    patch:\n"
        ),
        "test_resources/firefox_user_agent_strings.yaml": (
            "  - user_agent_string: 'Firefox/3.6'\n    family: 'Firefox'\n    major: 3\n"
        ),
        "test_resources/opera_mini_user_agent_strings.yaml": (
            "  - user_agent_string: 'Opera/9.80 (J2ME/MIDP; Opera Mini)'\n"
            "    family: 'Opera Mini'\n    major:\n"
            "  - family: 'no user agent string: skipped'\n"
        ),
        "test_resources/pgts_browser_list.yaml": (
            "  - user_agent_string: 'Firefox/3.6'\n    family: 'Firefox'\n    major: '3'\n"
        ),
        "test_resources/podcasting_user_agent_strings.yaml": (
            "  - user_agent_string: 'Luminary/70 \u00e9'\n    family: 'Luminary'\n    major: '70'\n"
        ),
    }
    for name, items in cases_by_file.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("test_cases:\n" + items, encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "cases")
    return git(folder, "rev-parse", "HEAD").strip()


def test_the_fixture_comes_from_the_pinned_commit() -> None:
    """The fixture's first line, the script's pin and the data folder's README name the same uap-core commit."""
    pinned = script().COMMIT
    assert fixture_commit() == pinned
    assert f"`{pinned}`" in (CORPUS.parent / "README.md").read_text("utf-8")
    assert (CORPUS.parent / "LICENSE").read_text("utf-8").startswith("Apache License, Version 2.0")


def test_the_script_derives_each_distinct_case_once_in_order(tmp_path: Path) -> None:
    """From a checkout at the commit asked for: distinct cases in file order, the same bytes every time."""
    checkout = tmp_path / "uap-core"
    commit = fake_uap_core(checkout)
    out = tmp_path / "cases.jsonl.gz"
    command = [sys.executable, str(SCRIPT), str(checkout), "--commit", commit, "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "4 distinct labelled user agents" in done.stdout
    first = out.read_bytes()
    assert list(cases(out)) == [
        Case("Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1)", "IE", 9),
        Case("Firefox/3.6", "Firefox", 3),  # major 3 (a number) and '3' (a text) are one case
        Case("Opera/9.80 (J2ME/MIDP; Opera Mini)", "Opera Mini", None),
        Case("Luminary/70 \u00e9", "Luminary", 70),
    ]
    assert fixture_commit(out) == commit
    subprocess.run(command, capture_output=True, check=True)
    assert out.read_bytes() == first


def test_the_script_refuses_a_checkout_at_another_commit(tmp_path: Path) -> None:
    """A checkout at the wrong commit, or no checkout, is a clear message and nothing is written."""
    checkout = tmp_path / "uap-core"
    commit = fake_uap_core(checkout)
    out = tmp_path / "cases.jsonl.gz"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(checkout), "--out", str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert f"at commit {commit}, not {script().COMMIT}; run `git -C {checkout} checkout" in done.stderr
    assert not out.exists()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "nowhere"), "--out", str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "not a git checkout of uap-core" in done.stderr
    assert "Traceback" not in done.stderr
