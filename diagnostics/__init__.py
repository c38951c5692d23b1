"""Checkout self-check: which FAQ steps ("I cannot pay") pass or fail in the shopper's browser.

Pure Python on plain data, so the same code runs in the page (Pyodide, via
``diagnostics.web.run``), in tests and in the support staff's command line.
Every check is declared in ``registry``; the report's one text is ``report_text``.
"""

from .browser import BrowserInfo, identify
from .facts import BrowserFacts
from .findings import Finding
from .policy import Policy, load_policy_file
from .report import Report, diagnose
from .shop import Shop

__all__ = [
    "BrowserFacts",
    "BrowserInfo",
    "Finding",
    "Policy",
    "Report",
    "Shop",
    "diagnose",
    "identify",
    "load_policy_file",
]
