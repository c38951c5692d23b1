"""The self-check report: all findings grouped by the FAQ's steps, as a dict and as plain text.

``diagnose`` runs every check on the facts; ``Report.to_dict`` is the shape the page's
JavaScript and ``--json`` use (see the facts contract); ``Report.to_text`` is what the
shopper copies into an email to support.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .browser import BrowserInfo, identify
from .browser_check import check_browser
from .checks import CHECKS
from .facts import BrowserFacts, clean_text
from .findings import FAIL, PASS, UNKNOWN, WARN, Finding, worst
from .policy import Policy

SUPPORT_EMAIL = "support@alsgem.com"
MAX_STEPS = 50

CHECK_IDS = (
    "browser", "features", "safe-mode", "cache", "cookies", "storage",
    "payment-script", "ad-blocker", "popups", "java",
)
CHECK_TITLES = {
    "browser": "Browser",
    "features": "Web features",
    "safe-mode": "Safe mode",
    "cache": "Cache",
    "cookies": "Cookies",
    "storage": "Website storage",
    "payment-script": "Payment scripts",
    "ad-blocker": "Ad blockers",
    "popups": "Pop-up windows",
    "java": "Java",
}
STATUS_WORDS = {PASS: "OK", WARN: "Check", FAIL: "Problem", UNKNOWN: "Not checked"}
STEP_MESSAGES = {
    PASS: "No problems found.",
    WARN: "Something here may cause trouble; see below.",
    FAIL: "Something here stops the checkout; see below.",
    UNKNOWN: "We could not check this automatically; follow the step.",
}
NO_CHECK = "No automatic check; follow the step."

# Used when the caller gives no steps (the FAQ entry content/faq/cannot-pay.yml is the source).
DEFAULT_STEPS = (
    {"id": "browser", "title": "Use the latest Chrome, Firefox or Safari"},
    {"id": "safe-mode", "title": "Try your browser's safe mode"},
    {"id": "cache-cookies", "title": "Clear cache and cookies"},
    {"id": "add-ons", "title": "Disable add-ons and extensions"},
    {"id": "java", "title": "Update Java"},
)


@dataclass(frozen=True)
class Step:
    """A troubleshooting step of the FAQ entry, as the report lists it."""

    id: str
    title: str
    url: str = ""


def read_steps(steps: Any) -> tuple[Step, ...]:
    """Steps from a list of ``{"id", "title", "url"}`` dicts; anything malformed is skipped."""
    if steps is None:
        steps = DEFAULT_STEPS
    if not isinstance(steps, (list, tuple)):
        return ()
    result = []
    for item in steps[:MAX_STEPS]:
        if not isinstance(item, dict):
            continue
        step_id = clean_text(item.get("id"), 60)
        if not step_id:
            continue
        title = clean_text(item.get("title"), 120) or step_id
        result.append(Step(step_id, title, clean_text(item.get("url"), 500) or ""))
    return tuple(result)


def _safely[T](check: Callable[..., T], *args: Any) -> T | None:
    try:
        return check(*args)
    except Exception:  # noqa: BLE001 - one broken check must not take the others down
        return None


def failed_check(check_id: str, step: str) -> Finding:
    """The finding for a check that itself went wrong."""
    return Finding(
        check_id, step, UNKNOWN,
        "This check itself failed, so we cannot say anything here.",
        f"Follow the step by hand; if you still cannot pay, email this report to {SUPPORT_EMAIL}.",
    )


@dataclass(frozen=True)
class Report:
    """Findings of one self-check run, grouped by FAQ step."""

    generated: date
    browser: BrowserInfo
    recommended: bool | None
    steps: tuple[Step, ...]
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        """The worst status over all checks."""
        return worst([finding.status for finding in self.findings])

    def _url(self, step_id: str) -> str:
        return next((step.url for step in self.steps if step.id == step_id), "")

    def step_status(self, step_id: str) -> tuple[str, list[str]]:
        """(status, check ids) of a step; unknown with no checks for a step we have no rules for."""
        ids = [finding.id for finding in self.findings if finding.step == step_id]
        statuses = [finding.status for finding in self.findings if finding.step == step_id]
        return worst(statuses), ids

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict in the contract's shape."""
        info = self.browser
        steps = []
        for step in self.steps:
            status, ids = self.step_status(step.id)
            steps.append({
                "id": step.id,
                "title": step.title,
                "url": step.url,
                "status": status,
                "checks": ids,
                "message": STEP_MESSAGES[status] if ids else NO_CHECK,
            })
        return {
            "generated": self.generated.isoformat(),
            "browser": {
                "family": info.family,
                "version": info.version,
                "major": info.major,
                "os": info.os,
                "os_version": info.os_version,
                "device": info.device,
                "in_app": info.in_app,
                "engine": info.engine,
                "recommended": self.recommended,
                "display": info.display,
            },
            "status": self.status,
            "steps": steps,
            "checks": [finding.to_dict(self._url(finding.step)) for finding in self.findings],
        }

    def to_text(self) -> str:
        """Plain text for "Copy report" and the email to support (no HTML)."""
        info = self.browser
        browser = " ".join(part for part in (info.family, info.version) if part) or "not recognised"
        if info.in_app:
            browser = info.display
        elif info.os:
            browser += f" on {info.os}" + (f" {info.os_version}" if info.os_version else "")
        if info.device:
            browser += f" ({info.device})"
        lines = [
            "Alsgem checkout self-check",
            f"Date: {self.generated.isoformat()}",
            f"Browser: {browser}",
            f"Overall: {STATUS_WORDS[self.status]}",
        ]
        listed = set()
        for number, step in enumerate(self.steps, 1):
            status, ids = self.step_status(step.id)
            lines += ["", f"{number}. {step.title}: {STATUS_WORDS[status]}"]
            if step.url:
                lines.append(f"   {step.url}")
            if not ids:
                lines.append(f"   {NO_CHECK}")
            for finding in self.findings:
                if finding.step == step.id:
                    listed.add(finding.id)
                    lines += _finding_lines(finding)
        others = [finding for finding in self.findings if finding.id not in listed]
        if others:
            lines += ["", "Other checks:"]
            for finding in others:
                lines += _finding_lines(finding)
        lines += ["", f"If you still cannot pay, email this report to {SUPPORT_EMAIL}."]
        return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> list[str]:
    title = CHECK_TITLES.get(finding.id, finding.id)
    lines = [f"   - {title}: {STATUS_WORDS.get(finding.status, finding.status)}. {finding.message}"]
    if finding.advice:
        lines.append(f"     What to do: {finding.advice}")
    return lines


def diagnose(
    facts: BrowserFacts | Any,
    steps: Any = None,
    policy: Policy | None = None,
    today: date | None = None,
) -> Report:
    """Run every check on ``facts`` (a ``BrowserFacts`` or the page's dict); never raises on bad facts."""
    facts = BrowserFacts.from_dict(facts)
    policy = policy if policy is not None else Policy(browsers={})
    today = today or date.today()
    info = _safely(identify, facts) or BrowserInfo()
    findings = [_safely(check_browser, info, policy, today) or failed_check("browser", "browser")]
    for check in CHECKS:
        finding = _safely(check, facts, info)
        findings.append(finding or failed_check(_check_id(check), _check_step(check)))
    entry = policy.get(info.policy_id)
    recommended = None if info.kind == "unknown" and not info.family else bool(
        entry and entry.recommended and info.kind == "browser"
    )
    return Report(today, info, recommended, read_steps(steps), tuple(findings))


STEP_OF = {
    "features": "browser", "safe-mode": "safe-mode", "cache": "cache-cookies", "cookies": "cache-cookies",
    "storage": "cache-cookies", "payment-script": "add-ons", "ad-blocker": "add-ons", "popups": "add-ons",
    "java": "java", "browser": "browser",
}


def _check_id(check: Any) -> str:
    return getattr(check, "__name__", "check").removeprefix("check_").replace("_", "-")


def _check_step(check: Any) -> str:
    return STEP_OF.get(_check_id(check), "browser")
