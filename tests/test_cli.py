"""`helpcenter check`: what an editor sees in the terminal."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import ROOT, english_entry_files, entry, run, write_content


def test_check_passes_on_the_repo_content() -> None:
    """The shop's own content has no problems."""
    result = run("helpcenter", "check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    entries = len(english_entry_files())
    categories = len(yaml.safe_load((ROOT / "content" / "categories.yml").read_text("utf-8"))["categories"])
    assert f"{entries} entries in {categories} categories, no problems" in result.stdout


def test_check_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    """Several mistakes in several files are all reported as path:line: message, exit 1, no traceback."""
    write_content(
        tmp_path / "content",
        {
            "track-parcel": entry(related=["wrong-adress"]),
            "typo": "question: Where is my order?\ncategry: shipping\nanswer: Soon.\n",
            "broken": "question: [unclosed\n",
        },
    )
    result = run("helpcenter", "check", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/faq/broken.yml:1: YAML syntax error" in result.stderr  # the unclosed line, not past the end
    assert "content/faq/typo.yml:2: unknown field 'categry'; did you mean 'category'?" in lines
    assert "content/faq/typo.yml:1: missing field 'category'; every entry needs question, category, answer" in lines
    assert any(
        line.startswith("content/faq/track-parcel.yml:") and "related entry 'wrong-adress' does not exist" in line
        for line in lines
    )
    assert lines[-1] == "4 problems in the help center content."
    assert "Traceback" not in result.stderr


def test_check_takes_another_content_folder(tmp_path: Path) -> None:
    """--content DIR checks that folder; a missing folder is a clear message, exit 2."""
    write_content(tmp_path / "elsewhere", {"track-parcel": entry()})
    result = run("helpcenter", "check", "--content", str(tmp_path / "elsewhere"), cwd=tmp_path)
    assert result.returncode == 0
    assert "1 entry in 2 categories" in result.stdout
    missing = run("helpcenter", "check", "--content", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2
    assert "nowhere: no such folder" in missing.stderr
