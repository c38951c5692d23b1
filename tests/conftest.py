"""Shared fixtures: the repo's site, built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, run
from helpers_browser import launch_chromium

# The suite builds and checks the repo's content wherever it is cloned, shallow or without origin/main
# (CI clones it fresh); the history of its published branch is not what it tests. The tests of that
# guard make their own repositories and name their branch (tests/test_published_history.py).
os.environ["HELPCENTER_PUBLISHED_REF"] = "none"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's help center built with `mkdocs build --strict` into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = run("mkdocs", "build", "--strict", "--site-dir", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """Playwright, started once: its sync API cannot be started twice in one process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    """One headless Debian Chromium for the whole session, its pop-up blocker on as for shoppers."""
    launched = launch_chromium(playwright)
    try:
        yield launched
    finally:
        launched.close()
