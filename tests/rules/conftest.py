"""Fixtures for the diagnostics tests: the real browser policy."""

from __future__ import annotations

import pytest
from diag_helpers import ROOT

from diagnostics import Policy, load_policy_file


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The policy editors keep in content/browsers.yml."""
    return load_policy_file(ROOT / "content" / "browsers.yml")
