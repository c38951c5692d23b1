"""Lighthouse (npm 12.2.3, Debian's Chromium) on every page type behind the production nginx:
accessibility, best practices and SEO at 100. Performance is measured in bench/, not here."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from helpers import ROOT
from helpers_lighthouse import failed_audits, lighthouse, scores

CATEGORIES = ["accessibility", "best-practices", "seo"]
PAGES = {"home": "", "category": "payment/", "question": "faq/cannot-pay/", "self-check": "self-check/"}


@pytest.fixture(scope="module")
def reports(production_url: str) -> dict[str, dict[str, Any]]:
    """Lighthouse's report of each page type, two at a time (each run is its own Chromium; these
    categories do not depend on speed, so sharing the machine does not change them)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {name: pool.submit(lighthouse, production_url + path, CATEGORIES, cwd=str(ROOT)) for name, path in PAGES.items()}
        return {name: run.result() for name, run in runs.items()}


@pytest.mark.parametrize("page", list(PAGES))
def test_lighthouse_scores_100(reports: dict[str, dict[str, Any]], page: str) -> None:
    """Phone emulation (Lighthouse's default): every category at 100, or the audits that cost points."""
    report = reports[page]
    assert scores(report) == dict.fromkeys(CATEGORIES, 1), failed_audits(report)
