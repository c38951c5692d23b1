"""A pytest plugin (loaded by `-p ci_no_skips` in pyproject.toml): under CI, a skipped test fails.

Skips happen in two places: while a test runs (``pytest.skip()``, a fixture that skips) and
while a module is collected (``pytest.skip(allow_module_level=True)``, a module-level
``pytest.importorskip``), which skips every test of the module before any of them exists. Both fail.
"""

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
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run every test: {_reason(report.longrepr)}"


def _reason(longrepr: Any) -> str:
    return longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    """Under CI, a module that skips as it is collected (all its tests at once) is an error instead."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and running_in_ci():
        report.outcome = "failed"
        why = _reason(report.longrepr)
        report.longrepr = f"{collector.nodeid}: skipped while collected under CI=true, which must run every test: {why}"
