"""A finding: one check's verdict, in plain words for the shopper."""

from __future__ import annotations

from dataclasses import dataclass

PASS, WARN, FAIL, UNKNOWN = "pass", "warn", "fail", "unknown"
STATUSES = (PASS, WARN, FAIL, UNKNOWN)

# How bad a status is when summing up a step or the whole report. "unknown" ranks
# below "pass": a page cannot see safe mode or the cache, and that alone should not
# make a healthy browser look doubtful. All-unknown still sums up to "unknown".
_SEVERITY = {UNKNOWN: 0, PASS: 1, WARN: 2, FAIL: 3}


@dataclass(frozen=True)
class Finding:
    """What one check found (``message``) and what the shopper can do (``advice``)."""

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


def worst(statuses: list[str]) -> str:
    """The most serious status; "unknown" when there is nothing to judge."""
    return max(statuses, key=lambda status: _SEVERITY.get(status, 0), default=UNKNOWN)
