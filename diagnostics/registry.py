"""Every check of the self-check, declared once: id, FAQ step, title, function.

To add a check: write a function ``(inputs: Inputs) -> Verdict`` (in ``checks.py``, or a
module of its own) and add one ``Check`` line below, in the place the report should list
it. The report, the page, ``helpcenter diagnose`` and the tests all take the list from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .browser_check import check_browser
from .checks import (
    check_ad_blocker,
    check_cache,
    check_cookies,
    check_features,
    check_java,
    check_payment_script,
    check_popups,
    check_safe_mode,
    check_storage,
)
from .findings import UNKNOWN, Finding, Verdict
from .inputs import Inputs


@dataclass(frozen=True)
class Check:
    """One check: its id in the report, the FAQ step (id of a step of the "cannot pay" entry) it belongs to."""

    id: str
    step: str
    title: str
    """Short name in the plain-text report ("Cookies: OK. ...")."""
    run: Callable[[Inputs], Verdict]
    decides: bool = False
    """The report (and the check's step) can only be OK when this check passes."""

    def finding(self, verdict: Verdict) -> Finding:
        """The verdict as this check's finding."""
        return Finding(self.id, self.step, verdict.status, verdict.message, verdict.advice)

    def failed(self) -> Finding:
        """The finding when the check itself raised: nothing can be said here."""
        return self.finding(
            Verdict(
                UNKNOWN,
                "This check itself failed, so we cannot say anything here.",
                "Follow the step by hand; if you still cannot pay, send this report to our support team.",
            )
        )


CHECKS = (
    Check("browser", "browser", "Browser", check_browser, decides=True),
    Check("features", "browser", "Web features", check_features),
    Check("safe-mode", "safe-mode", "Safe mode", check_safe_mode),
    Check("cache", "cache-cookies", "Cache", check_cache),
    Check("cookies", "cache-cookies", "Cookies", check_cookies),
    Check("storage", "cache-cookies", "Website storage", check_storage),
    Check("payment-script", "add-ons", "Payment scripts", check_payment_script),
    Check("ad-blocker", "add-ons", "Ad blockers", check_ad_blocker),
    Check("popups", "add-ons", "Pop-up windows", check_popups),
    Check("java", "java", "Java", check_java),
)
"""All checks, in report order."""

BY_ID = {check.id: check for check in CHECKS}
DECIDING = tuple(check.id for check in CHECKS if check.decides)


def step_ids() -> tuple[str, ...]:
    """The FAQ steps the checks belong to, in order of their first check."""
    return tuple(dict.fromkeys(check.step for check in CHECKS))
