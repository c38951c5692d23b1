"""Verdicts and findings: what one check found, in plain words for the shopper.

A check returns a ``Verdict`` (status, message, advice); the registry (``registry``) turns
it into a ``Finding`` carrying the check's id and FAQ step, declared once there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# ``info``: a fact worth telling that is no verdict (the checkout does not use Java).
PASS, WARN, FAIL, UNKNOWN, INFO = "pass", "warn", "fail", "unknown", "info"

# How bad a status is when summing up. "unknown" ranks below "pass": a page cannot see
# safe mode or the cache, and that alone should not make a healthy browser look doubtful;
# the checks that decide (the browser check) are handled by ``summary_status``.
_SEVERITY = {UNKNOWN: 0, PASS: 1, WARN: 2, FAIL: 3}


@dataclass(frozen=True)
class Verdict:
    """What a check function returns: its status, what it found and what the shopper can do."""

    status: str
    message: str
    advice: str = ""


@dataclass(frozen=True)
class Finding:
    """One check's verdict with the check's id and FAQ step, as the report lists it."""

    id: str
    step: str
    status: str
    message: str
    advice: str = ""

    def to_dict(self, url: str = "") -> dict[str, str]:
        """The check as it appears in the report's ``checks`` list."""
        return {
            "id": self.id,
            "step": self.step,
            "status": self.status,
            "message": self.message,
            "advice": self.advice,
            "url": url,
        }


def summary_status(findings: Iterable[Finding], deciding: Iterable[str] = ()) -> str:
    """The status of a group of findings (a step, or the whole report).

    The most serious status wins; "info" never counts. The group can only be "pass" when
    every deciding check in it passed: an unrecognised browser never sums up to OK, however
    many other checks pass. Nothing to judge is "unknown"; only information is "info".
    """
    findings = list(findings)
    judged = [finding for finding in findings if finding.status != INFO]
    if not judged:
        return INFO if findings else UNKNOWN
    worst = max((finding.status for finding in judged), key=lambda status: _SEVERITY.get(status, 0))
    deciding = set(deciding)
    if worst == PASS and any(finding.id in deciding and finding.status != PASS for finding in judged):
        return UNKNOWN
    return worst
