"""`mkdocs build` of the repo's site when the self-check's runtime is missing: a message, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, run


def build_with(tmp_path: Path, **plugin: str) -> tuple[int, str, Path]:
    """Build the repo's site with helpcenter options changed; return the exit status, output and site folder."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "  - helpcenter:\n" in text
    options = "".join(f"      {name}: {value}\n" for name, value in plugin.items())
    config = ROOT / f".mkdocs-test-{tmp_path.name}.yml"  # beside mkdocs.yml: its paths are relative to it
    config.write_text(text.replace("  - helpcenter:\n", "  - helpcenter:\n" + options, 1), "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("the last good site", "utf-8")
    try:
        done = run("mkdocs", "build", "-f", str(config), "-d", str(site), cwd=ROOT)
    finally:
        config.unlink()
    return done.returncode, done.stdout + done.stderr, site


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("pyodide_dir", "Pyodide is not installed; run `npm ci`"),
        ("wheels_dir", "missing wheel(s) ua-parser==1.0.2, ua-parser-builtins==202610"),
    ],
)
def test_missing_runtime_stops_the_build_with_a_message(tmp_path: Path, option: str, expected: str) -> None:
    """Without npm's Pyodide or the cached wheels: the build fails naming the command, and site/ stays."""
    status, output, site = build_with(tmp_path, **{option: "no/such/folder"})
    assert status != 0
    assert "The checkout self-check page cannot be built" in output
    assert expected in output
    assert "Traceback" not in output
    assert (site / "keep.txt").read_text("utf-8") == "the last good site"
