"""Lighthouse (npm 12.2.3, Debian's Chromium) on every page type behind the production nginx:
accessibility, best practices and SEO at 100. Performance is measured in bench/, not here."""

from __future__ import annotations

import pytest
from helpers import ROOT
from helpers_lighthouse import failed_audits, lighthouse, scores

CATEGORIES = ["accessibility", "best-practices", "seo"]


@pytest.mark.parametrize("path", ["", "payment/", "faq/cannot-pay/", "self-check/"],
                         ids=["home", "category", "question", "self-check"])
def test_lighthouse_scores_100(production_url: str, path: str) -> None:
    """Phone emulation (Lighthouse's default): every category at 100, or the audits that cost points."""
    report = lighthouse(production_url + path, CATEGORIES, cwd=str(ROOT))
    assert scores(report) == dict.fromkeys(CATEGORIES, 1), failed_audits(report)
