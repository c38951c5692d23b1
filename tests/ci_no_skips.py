"""A pytest plugin (loaded by `-p ci_no_skips` in pyproject.toml): under CI, a skipped test fails."""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest


def running_in_ci() -> bool:
    """CI sets CI=true: there the suite must run whole, so nothing may quietly skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Under CI, a test that skips (a browser, tool or package missing) fails instead, saying why.

    On a laptop a missing Firefox may skip its tests; in CI that would let `make test` pass while
    checking less than it claims, so the set-up's job (installing everything) is tested too.
    """
    outcome = yield
    report = outcome.get_result()
    if report.skipped and running_in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run every test: {reason}"
