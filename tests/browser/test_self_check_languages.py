"""The checkout self-check in German, in Chromium under the strict CSP: the page, the verdicts and the how-to
texts in German from content/self-check.de.yml, the steps' links to the German answer, and a report for
support that carries the English text too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_browser import STRICT_CSP, serve

from generator.content.entries import load_help_center

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def strict_site(built_site: Path) -> Iterator[str]:
    with serve(built_site, {"Content-Security-Policy": STRICT_CSP}) as base:
        yield base


def german_texts() -> dict[str, str]:
    center = load_help_center(ROOT / "content", languages=("de", "fr"))
    found = center.translations.get("de", "self-check", "self-check")
    assert found is not None
    return dict(found.text(("texts",)))


def test_the_self_check_speaks_german_and_the_report_keeps_english(browser: Any, strict_site: str) -> None:
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(strict_site + "de/self-check/")
        german = german_texts()
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.locator("#self-check-run").inner_text().strip() == german["run"]
        assert german["intro"] in page.locator("#self-check-app").inner_text()
        page.click("#self-check-run")
        page.wait_for_selector("#self-check-results:not([hidden])", timeout=90_000)
        # What the page shows: the verdict and every step, folded ones too (not the plain report, which ends in English).
        shown = " ".join(
            page.locator(f"#{part}").text_content() or ""
            for part in ("self-check-verdict", "self-check-list", "self-check-passed-list")
        )
        # The verdicts, the statuses and a how-to text are German; no English sentence of the list is left.
        assert page.locator("#self-check-summary").inner_text().strip() in {
            german["summary_pass"],
            german["summary_warn"],
            german["summary_fail"],
            german["summary_unknown"],
        }
        assert german["cookies_pass"] in shown
        assert german["java_info"] in shown
        assert any(german[key] in shown for key in ("status_pass", "status_warn", "status_fail", "status_unknown"))
        assert "Cookies work" not in shown
        assert "Versuchen Sie, in einem privaten Fenster zu bezahlen" in shown
        # Each step leads to the German answer.
        links = page.eval_on_selector_all(
            ".self-check-step-link", "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)"
        )
        assert links[0] == "/de/faq/cannot-pay/#step-browser"
        # The report for support: German first, then the whole English report.
        report = page.locator("#self-check-text").text_content() or ""
        assert german["report_english"] in report
        german_part, english_part = report.split(german["report_english"], 1)
        assert german["cookies_pass"] in german_part
        assert "Cookies work: we saved and read back a test cookie." in english_part
        mail = page.locator("#self-check-email").get_attribute("href") or ""
        assert mail.startswith("mailto:")
        assert errors == []
    finally:
        context.close()


def test_the_german_fallback_for_old_browsers_is_german(browser: Any, strict_site: str) -> None:
    """Without JavaScript the page's own text is already German (translated at build time)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(strict_site + "de/self-check/")
        text = page.locator("#self-check-fallback").inner_text()
        german = german_texts()
        assert german["fallback_lead"] in text
        assert german["fallback_steps"] in " ".join(text.split())
        assert "Verwenden Sie die neueste Version von Chrome, Firefox oder Safari" in text  # the German step
    finally:
        context.close()
