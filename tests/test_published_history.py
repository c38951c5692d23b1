"""The deleted-entry guard reads the whole history of the published branch, or says it could not.

An entry ever on the published branch has an address shoppers may have saved; deleting its file
without a forwarding address is a problem. The guard must see entries that lived only on a branch
merged into the published one, and must not pass silently in a shallow clone or without the branch:
under CI that is an error with the command that fixes it, on an editor's machine a note said once.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import entry, run, write_content

from generator.content.entries import check_content, published_note

NO_GUARD_SETTINGS: dict[str, str | None] = {"HELPCENTER_PUBLISHED_REF": None, "CI": None}


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.test", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _repo(folder: Path) -> Path:
    write_content(folder, {"track-parcel": entry()})
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "content")
    return folder


@pytest.fixture(autouse=True)
def _own_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests say which branch is published and whether CI runs; the suite's settings do not apply."""
    monkeypatch.delenv("HELPCENTER_PUBLISHED_REF", raising=False)
    monkeypatch.delenv("CI", raising=False)


def test_an_entry_added_and_removed_on_a_merged_branch_is_seen(tmp_path: Path) -> None:
    """A side branch adds an entry and removes it again, then is merged: the entry had an address on the branch."""
    repo = _repo(tmp_path)
    _git(repo, "checkout", "-qb", "gift-wrap")
    write_content(repo, {"gift-wrap": entry(question="Can you wrap my order?")})
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "add gift-wrap")
    (repo / "faq" / "gift-wrap.yml").unlink()
    _git(repo, "commit", "-qam", "remove gift-wrap")
    _git(repo, "checkout", "-q", "main")
    write_content(repo, {"returns": entry(question="How do I return an item?")})
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "add returns")
    _git(repo, "merge", "-q", "--no-ff", "-m", "merge gift-wrap", "gift-wrap")
    # git's default history simplification does not show the side branch for this folder.
    assert "gift-wrap" not in _git(repo, "log", "main", "--format=", "--name-only", "--", "faq")
    problems = [str(p) for p in check_content(repo, published_ref="main")]
    assert len(problems) == 1
    assert "gift-wrap.yml:1: deleted, but it was published (main), so links shoppers saved to /faq/gift-wrap/" in problems[0]


def _shallow_clone(tmp_path: Path) -> Path:
    """A clone of one commit of a repository whose first commit had an entry deleted since."""
    origin = _repo(tmp_path / "origin")
    write_content(origin, {"returns": entry(question="How do I return an item?")})
    (origin / "faq" / "track-parcel.yml").unlink()
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "replace track-parcel")
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "clone")
    return tmp_path / "clone"


def test_a_shallow_clone_fails_under_ci_with_the_command_that_fixes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clone = _shallow_clone(tmp_path)
    monkeypatch.setenv("CI", "true")
    problems = [str(p) for p in check_content(clone, published_ref="origin/main")]
    assert len(problems) == 1
    assert "this clone is shallow, so entries published and deleted before its first commit cannot be checked" in problems[0]
    assert "run `git fetch --unshallow origin`" in problems[0]
    assert published_note(clone, "origin/main") == ""  # an error, not a note
    _git(clone, "fetch", "-q", "--unshallow", "origin")
    problems = [str(p) for p in check_content(clone, published_ref="origin/main")]
    assert len(problems) == 1
    assert "track-parcel.yml:1: deleted, but it was published (origin/main)" in problems[0]


def test_a_shallow_clone_is_a_note_outside_ci(tmp_path: Path) -> None:
    clone = _shallow_clone(tmp_path)
    assert check_content(clone, published_ref="origin/main") == []
    assert "this clone is shallow" in published_note(clone, "origin/main")


def test_a_missing_published_branch_fails_under_ci_and_is_said_once_outside(tmp_path: Path) -> None:
    """No origin/main: under CI `helpcenter check` fails and says how to fetch it; elsewhere it passes with one note."""
    _repo(tmp_path / "content")
    outside = run("helpcenter", "check", cwd=tmp_path, env=NO_GUARD_SETTINGS)
    assert outside.returncode == 0, outside.stderr
    assert outside.stderr.count("there is no published branch 'origin/main' here") == 1
    assert "--published-ref BRANCH" in outside.stderr
    ci = run("helpcenter", "check", cwd=tmp_path, env={**NO_GUARD_SETTINGS, "CI": "true"})
    assert ci.returncode == 1
    assert "there is no published branch 'origin/main' here" in ci.stderr
    assert "run `git fetch origin main:refs/remotes/origin/main`" in ci.stderr
    assert "(CI=true: this is an error, not a note)" in ci.stderr
    assert "Traceback" not in ci.stderr + outside.stderr


def test_without_git_check_says_what_it_could_not_do(tmp_path: Path) -> None:
    """A copy without git (a zip of the content): nothing to read, so the check passes and says so, even under CI."""
    write_content(tmp_path / "content", {"track-parcel": entry()})
    for ci in (None, "true"):
        result = run("helpcenter", "check", cwd=tmp_path, env={**NO_GUARD_SETTINGS, "CI": ci})
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("not in a git checkout") == 1
