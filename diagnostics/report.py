"""The self-check report: every check's finding, grouped by the FAQ's steps.

``diagnose`` runs every check of the registry on the facts. ``Report.to_dict`` is the shape
of ``diagnostics/schema/report.schema.json``, which the page and ``--json`` use;
``report_text.render`` is the one plain text of it, for the page, the CLI and support.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from .browser import BrowserInfo
from .facts import BrowserFacts, clean_text
from .findings import Finding, summary_status
from .inputs import Inputs
from .policy import Policy
from .registry import CHECKS, DECIDING, Check, step_ids
from .report_text import LABELS, render
from .shop import Shop

MAX_STEPS = 50

STEP_MESSAGES = {
    "pass": "No problems found.",
    "warn": "Something here may cause trouble; see below.",
    "fail": "Something here stops the checkout; see below.",
    "unknown": "We could not check this automatically; follow the step.",
    "info": "Nothing to check here; see below.",
}
NO_CHECK = str(LABELS["no_check"])


@dataclass(frozen=True)
class Step:
    """A troubleshooting step of the FAQ entry, as the report lists it."""

    id: str
    title: str
    url: str = ""


def read_steps(steps: Any) -> tuple[Step, ...]:
    """Steps from a list of ``{"id", "title", "url"}`` dicts; anything malformed is skipped.

    Without steps (``None``), the steps the checks belong to, titled by their ids: the
    titles live in the FAQ entry (content/faq/), which the page and the CLI pass in.
    """
    if steps is None:
        return tuple(Step(step_id, step_id) for step_id in step_ids())
    if isinstance(steps, tuple) and all(isinstance(step, Step) for step in steps):
        return steps  # read already (batch mode reads them once)
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


@dataclass(frozen=True)
class Report:
    """Findings of one self-check run, grouped by FAQ step."""

    generated: date
    browser: BrowserInfo
    recommended: bool | None
    steps: tuple[Step, ...]
    findings: tuple[Finding, ...]
    shop: Shop = field(default_factory=Shop)
    """Whose report it is: its title names the shop, its last line the support address."""

    @property
    def status(self) -> str:
        """The whole report's status: OK only when the browser check passed and nothing failed."""
        return summary_status(self.findings, DECIDING)

    def _url(self, step_id: str) -> str:
        return next((step.url for step in self.steps if step.id == step_id), "")

    def step_findings(self, step_id: str) -> list[Finding]:
        """The findings of one step, in report order."""
        return [finding for finding in self.findings if finding.step == step_id]

    def step_status(self, step_id: str) -> str:
        """A step's status; unknown for a step we have no checks for."""
        return summary_status(self.step_findings(step_id), DECIDING)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict in the shape of diagnostics/schema/report.schema.json."""
        info = self.browser
        steps = []
        for step in self.steps:
            findings = self.step_findings(step.id)
            status = self.step_status(step.id)
            steps.append(
                {
                    "id": step.id,
                    "title": step.title,
                    "url": step.url,
                    "status": status,
                    "checks": [finding.id for finding in findings],
                    "message": STEP_MESSAGES[status] if findings else NO_CHECK,
                }
            )
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

    def to_text(self, *, page_url: str = "") -> str:
        """Plain text for "Copy report", the email to support and the terminal (see ``report_text``)."""
        return render(self, page_url=page_url)


def _safely[T](run: Callable[[], T], fallback: T) -> T:
    try:
        return run()
    except Exception:  # noqa: BLE001 - one broken check must not take the others down
        return fallback


def _run(check: Check, inputs: Inputs) -> Finding:
    return check.finding(check.run(inputs))


def diagnose(
    facts: BrowserFacts | Any,
    steps: Any = None,
    policy: Policy | None = None,
    today: date | None = None,
    shop: Shop | None = None,
) -> Report:
    """Run every check on ``facts`` (a ``BrowserFacts`` or the page's dict); never raises on bad facts.

    A check that raises becomes its "This check itself failed" finding (``Check.failed``).
    """
    facts = BrowserFacts.from_dict(facts)
    policy = policy if policy is not None else Policy(browsers={})
    today = today or date.today()
    shop = shop or Shop()
    inputs = Inputs(facts, policy, today, shop)
    info = _safely(lambda: inputs.browser, BrowserInfo())
    findings = tuple(_safely(partial(_run, check, inputs), check.failed()) for check in CHECKS)
    entry = policy.get(info.policy_id)
    recommended = (
        None if info.kind == "unknown" and not info.family else bool(entry and entry.recommended and info.kind == "browser")
    )
    return Report(today, info, recommended, read_steps(steps), findings, shop)


def fallback_report(steps: Any, today: date, shop: Shop | None = None) -> Report:
    """Every check "unknown", saying the check itself failed: when even ``diagnose`` broke."""
    failed = tuple(check.failed() for check in CHECKS)
    return Report(today, BrowserInfo(), None, read_steps(steps), failed, shop or Shop())


__all__ = ["CHECKS", "Report", "Shop", "Step", "diagnose", "fallback_report", "read_steps"]
