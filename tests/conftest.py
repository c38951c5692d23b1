"""Shared fixtures: the repo's site, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, run


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's help center built with `mkdocs build --strict` into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = run("mkdocs", "build", "--strict", "--site-dir", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
