"""The one plain-text report: what the shopper copies or emails, and what support reads.

Rendered here only, in Python, for the page (``web.run`` returns it with the report), the
CLI and support. ``LABELS`` are its words; the build hands them to the page too (``labels``,
with the shop's name filled in), so the facts-only report the page writes when Python never
started speaks the same language. The shop's name and support address come from the report's
``Shop`` (mkdocs.yml), never from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .facts import clean_text
from .findings import FAIL, INFO, PASS, UNKNOWN, WARN, Finding
from .registry import BY_ID

if TYPE_CHECKING:
    from .report import Report

MAX_MESSAGE = 2000
"""Longest finding message or advice in the text (real ones are under 400 characters)."""

STATUS_WORDS = {PASS: "OK", WARN: "Check this", FAIL: "Problem found", UNKNOWN: "Not checked", INFO: "For your information"}

LABELS: dict[str, str | dict[str, str]] = {
    "title": "{shop} checkout self-check",
    "title_no_shop": "Checkout self-check",
    "date": "Date",
    "browser": "Browser",
    "browser_unknown": "not recognised",
    "overall": "Overall",
    "status": STATUS_WORDS,
    "partly": "Partly checked",
    "what_to_do": "What to do",
    "no_check": "No automatic check; follow the step.",
    "other_checks": "Other checks",
    "page": "Page",
    "reason": "Reason",
    "not_finished": "The automatic check could not finish.",
    "facts": "What the page could read from this browser",
    "unknown_value": "unknown",
    "support": "If you still cannot pay, email this report to {support_email}.",
    "support_no_address": "If you still cannot pay, send this report to our support team.",
}
"""Every word of the text report; ``labels`` makes the page's JSON object (``context.labels``) of it."""


def title(shop_name: str) -> str:
    """The report's first line: "<shop> checkout self-check"."""
    name = clean_text(shop_name, 80)
    return str(LABELS["title"]).replace("{shop}", name) if name else str(LABELS["title_no_shop"])


def labels(shop_name: str) -> dict[str, str | dict[str, str]]:
    """The report's words for the page, its title naming the shop."""
    words = {key: value for key, value in LABELS.items() if key != "title_no_shop"}
    return {**words, "title": title(shop_name)}


def status_word(status: str) -> str:
    """The report's word for a status ("OK", "Problem found" ...)."""
    return STATUS_WORDS.get(status, STATUS_WORDS[UNKNOWN])


def support_line(support_email: str) -> str:
    """The closing line: where to send the report."""
    address = clean_text(support_email, 200)
    if address:
        return str(LABELS["support"]).format(support_email=address)
    return str(LABELS["support_no_address"])


def _browser_line(report: Report) -> str:
    info = report.browser
    browser = " ".join(part for part in (info.family, info.version) if part) or str(LABELS["browser_unknown"])
    if info.in_app:
        browser = info.display
    elif info.os:
        browser += f" on {info.os}" + (f" {info.os_version}" if info.os_version else "")
    if info.device:
        browser += f" ({info.device})"
    return browser


def _finding_lines(finding: Finding) -> list[str]:
    check = BY_ID.get(finding.id)
    title = check.title if check else finding.id
    # Messages may quote content/browsers.yml (an unsupported browser's name and why): cleaned too.
    lines = [f"   - {title}: {status_word(finding.status)}. {clean_text(finding.message, MAX_MESSAGE)}"]
    if finding.advice and finding.status not in (PASS, INFO):
        lines.append(f"     {LABELS['what_to_do']}: {clean_text(finding.advice, MAX_MESSAGE)}")
    return lines


def render(report: Report, *, page_url: str = "") -> str:
    """The report as plain text (no HTML; every line from our words or cleaned names)."""
    lines = [
        title(report.shop.name),
        f"{LABELS['date']}: {report.generated.isoformat()}",
        f"{LABELS['browser']}: {_browser_line(report)}",
        f"{LABELS['overall']}: {status_word(report.status)}",
    ]
    listed = set()
    for number, step in enumerate(report.steps, 1):
        findings = report.step_findings(step.id)
        status = status_word(report.step_status(step.id))
        if report.step_status(step.id) == PASS and any(f.status == UNKNOWN for f in findings):
            status = str(LABELS["partly"])  # never "OK" above a check that could not run
        lines += ["", f"{number}. {step.title}: {status}"]
        if step.url:
            lines.append(f"   {step.url}")
        if not findings:
            lines.append(f"   {LABELS['no_check']}")
        for finding in findings:
            listed.add(finding.id)
            lines += _finding_lines(finding)
    others = [finding for finding in report.findings if finding.id not in listed]
    if others:
        lines += ["", f"{LABELS['other_checks']}:"]
        for finding in others:
            lines += _finding_lines(finding)
    page = clean_text(page_url, 500)
    lines += ["", *([f"{LABELS['page']}: {page}"] if page else []), support_line(report.shop.support_email)]
    return "\n".join(lines) + "\n"
