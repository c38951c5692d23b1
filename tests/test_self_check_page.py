"""The checkout self-check page of the built help center, in headless Chromium.

The site is the repo's own `mkdocs build`, served under a sub-path with the help
center's strict CSP. Two variants of the generated page are derived for tests:
`auto.html` starts the check without a click (so Chromium's pop-up blocker has no
user gesture to honour) and `short.html` gives up after 2.5 s instead of 30 s.

Timings (navigation to finished report, cold and warm cache, and a bare Pyodide
boot) are printed: run with `pytest -s` to see them; bench/ measures them properly.
"""

from __future__ import annotations

import re
import shutil
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers_browser import ROOT, STRICT_CSP, PageWatch, chromium, serve

SUB_PATH = "shop/help/"  # the site lives under a sub-path, as it may in production
PAGE = f"{SUB_PATH}self-check/"
DONE = "alsgem-self-check: done"
FAILED = "alsgem-self-check: failed"
NO_WASM_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'"

BARE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head>
<body><script type="module" src="bare.js"></script></body></html>"""
BARE_JS = """import { loadPyodide } from "../pyodide/pyodide.mjs";
const t0 = performance.now();
await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });
console.info(`bare-pyodide: booted ms=${Math.round(performance.now() - t0)}`);
"""


def variant(page: str, *, timeout_ms: int | None = None, autorun: bool = False) -> str:
    """The generated page with a shorter time-out or starting without a click (test hooks)."""
    if timeout_ms is not None:
        page, count = re.subn(r'data-timeout-ms="\d+"', f'data-timeout-ms="{timeout_ms}"', page)
        assert count == 1
    if autorun:
        page = page.replace('id="self-check"', 'id="self-check" data-autorun="true"', 1)
    return page


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tmp/shop/help/ = the built site; self-check/auto.html, short.html and bare.html beside the page."""
    top = tmp_path_factory.mktemp("served")
    root = top / SUB_PATH
    shutil.copytree(built_site, root)
    page_dir = root / "self-check"
    generated = (page_dir / "index.html").read_text("utf-8")
    (top / "favicon.ico").write_bytes(b"")  # Chromium asks for it; a 404 is a console error
    (page_dir / "auto.html").write_text(variant(generated, autorun=True), "utf-8")
    (page_dir / "short.html").write_text(variant(generated, timeout_ms=2500, autorun=True), "utf-8")
    (page_dir / "bare.html").write_text(BARE_PAGE, "utf-8")
    (page_dir / "bare.js").write_text(BARE_JS, "utf-8")
    return top


def csp(policy: str = STRICT_CSP) -> dict[str, str]:
    return {"Content-Security-Policy": policy}


def page_state(page: Any) -> dict[str, Any]:
    """What the page found and showed, read after it has finished."""
    return page.evaluate("""() => {
        const root = document.getElementById("self-check");
        const results = document.getElementById("self-check-results");
        return {
            fallbackHidden: document.getElementById("self-check-fallback").hidden,
            resultsShown: !results.hidden,
            summary: document.getElementById("self-check-summary").textContent,
            progress: document.getElementById("self-check-progress-text").textContent,
            steps: [...document.querySelectorAll("#self-check-list > li")].map((li) => li.className),
            text: document.getElementById("self-check-text").textContent,
            mailto: document.getElementById("self-check-email").href,
            mode: root.selfCheck.engine.mode,
            facts: root.selfCheck.lastFacts,
            report: root.selfCheck.lastReport,
        };
    }""")


def wait_console(page: Any, prefix: str, timeout_s: float = 60) -> str:
    """Wait for the page's console line starting with `prefix` without touching the page
    (Playwright's own polling would count as a user gesture for the pop-up test)."""
    with page.expect_console_message(lambda msg: msg.text.startswith(prefix), timeout=timeout_s * 1000) as info:
        pass
    return info.value.text


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve(site, csp()) as base:
        yield base


def check_status(report: dict[str, Any], check_id: str) -> str:
    return next(c["status"] for c in report["checks"] if c["id"] == check_id)


def test_report_appears_with_strict_csp_and_nothing_leaves_the_origin(served: str) -> None:
    """Click "Check my browser": the report shows, no console errors, no foreign request."""
    with chromium() as browser:
        page = browser.new_page()
        watch = PageWatch(page)
        page.goto(served + PAGE)
        page.click("#self-check-run")
        page.wait_for_selector("#self-check-results:not([hidden])", timeout=60000)
        state = page_state(page)
    assert state["fallbackHidden"]
    assert state["mode"] == "worker"
    assert len(state["steps"]) == 5
    assert state["facts"]["popup"] == "allowed"  # a real click is a user gesture
    assert state["facts"]["cookies"]["test_cookie"] == "ok"
    assert state["facts"]["scripts"]["payment_probe"] == "loaded"
    assert state["facts"]["scripts"]["ad_probe"] == "loaded"
    assert state["facts"]["scripts"]["ad_bait"] == "visible"
    assert state["mailto"].startswith("mailto:support@alsgem.com?subject=")
    assert len(state["mailto"]) <= 1800
    assert "Alsgem checkout self-check" in state["text"]
    assert watch.console_errors() == [], (watch.console, watch.failed)
    assert watch.errors == []
    assert watch.foreign_requests(served) == []
    assert any(url.endswith("pyodide.asm.wasm") for url in watch.requests), watch.requests


def test_timings_cold_warm_and_bare_boot(served: str) -> None:
    """Navigation to finished report, cold then warm cache, against a bare Pyodide boot."""
    with chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        timings = {}
        for label in ("cold", "warm"):
            start = time.monotonic()
            with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
                page.goto(served + PAGE + "auto.html")
            timings[label] = time.monotonic() - start
        bare_page = browser.new_page()
        start = time.monotonic()
        with bare_page.expect_console_message(lambda m: m.text.startswith("bare-pyodide"), timeout=60000) as info:
            bare_page.goto(served + PAGE + "bare.html")
        timings["bare"] = time.monotonic() - start
        bare_ms = info.value.text
    print(f"\nself-check timings: navigation to report cold {timings['cold']:.2f} s, "
          f"warm {timings['warm']:.2f} s; bare Pyodide boot page {timings['bare']:.2f} s ({bare_ms})")
    assert timings["cold"] < 60  # the numbers are for reading; a loaded machine is slow


def test_popup_blocked_is_reported(served: str) -> None:
    """With Chromium's pop-up blocker on and no user gesture, window.open is refused."""
    with chromium(popup_blocking=True) as browser:
        page = browser.new_page()
        with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
            page.goto(served + PAGE + "auto.html")
        state = page_state(page)
    assert state["facts"]["popup"] == "blocked"
    assert check_status(state["report"], "popups") in {"fail", "warn"}


def test_disabled_cookies_fail_the_cookie_step(served: str) -> None:
    """Cookies off (CDP): the real cookie round trip says blocked and the cookie check fails."""
    with chromium() as browser:
        page = browser.new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setDocumentCookieDisabled", {"disabled": True})
        with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
            page.goto(served + PAGE + "auto.html")
        state = page_state(page)
    assert state["facts"]["cookies"]["test_cookie"] == "blocked"
    assert check_status(state["report"], "cookies") == "fail"
    step = state["report"]["steps"][[s["id"] for s in state["report"]["steps"]].index("cache-cookies")]
    assert step["status"] == "fail"


def test_without_module_workers_it_runs_on_the_main_thread(served: str) -> None:
    """No Worker at all: the page loads Pyodide itself and still reports."""
    with chromium() as browser:
        page = browser.new_page()
        page.add_init_script("delete window.Worker;")
        watch = PageWatch(page)
        with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
            page.goto(served + PAGE + "auto.html")
        state = page_state(page)
    assert state["mode"] == "main-thread"
    assert state["facts"]["features"]["module_worker"] is False
    assert len(state["steps"]) == 5
    assert watch.console_errors() == [], watch.console


def test_without_wasm_unsafe_eval_it_gives_up_with_a_clear_message(site: Path) -> None:
    """A CSP without 'wasm-unsafe-eval': no endless spinner, a reason, and the raw facts."""
    with serve(site, csp(NO_WASM_CSP)) as base, chromium() as browser:
        page = browser.new_page()
        start = time.monotonic()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=15000) as info:
            page.goto(base + PAGE + "short.html")
        elapsed = time.monotonic() - start
        message = info.value.text
        state = page_state(page)
    assert elapsed < 10
    assert "reason=wasm-blocked" in message  # found at once, not after the timeout
    assert state["resultsShown"]
    assert state["summary"] == "The automatic check could not finish."
    assert "WebAssembly is blocked" in state["progress"]
    assert "What the page could read from this browser" in state["text"]
    assert "cookies.test_cookie: ok" in state["text"]
    assert state["mailto"].startswith("mailto:support@alsgem.com?")


def test_a_stalled_download_times_out_with_a_clear_message(site: Path) -> None:
    """The runtime never arrives: after the (shortened) timeout the page says so."""
    with serve(site, csp(), stall=("python_stdlib.zip",), stall_seconds=30) as base, chromium() as browser:
        page = browser.new_page()
        start = time.monotonic()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=25000) as info:
            page.goto(base + PAGE + "short.html")
        elapsed = time.monotonic() - start
        message = info.value.text
        state = page_state(page)
    assert "reason=timeout" in message
    assert 2.5 <= elapsed < 20  # short.html waits 2.5 s
    assert "took too long" in state["progress"]
    assert "What the page could read from this browser" in state["text"]


def test_mailto_link_is_bounded(served: str) -> None:
    """The email link stays under 1800 characters even for a long report."""
    with chromium() as browser:
        page = browser.new_page()
        page.goto(served + PAGE)
        href = page.evaluate("""async () => {
            const { mailtoHref } = await import("../assets/self-check/report.js");
            return mailtoHref("support@alsgem.com", "Report", "line \\u00e9\\n".repeat(2000));
        }""")
    assert len(href) <= 1800
    assert "Shortened to fit in an email" in urllib.parse.unquote(href)


def test_without_javascript_the_fallback_lists_the_steps(served: str) -> None:
    """Old browsers (and no JavaScript) keep the static fallback: the finding for step 1."""
    with chromium() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(served + PAGE)
        fallback = page.locator("#self-check-fallback")
        assert fallback.is_visible()
        assert "latest Chrome, Firefox or Safari" in fallback.inner_text()
        assert page.locator(".self-check-fallback-steps > li").count() == 5
        assert not page.locator("#self-check-run").is_visible()


def test_finished_report_has_no_axe_violations(served: str) -> None:
    """axe-core (from npm) finds no WCAG A/AA problem in the finished report."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    with chromium() as browser:
        # axe is injected as a script, which the page's CSP would rightly refuse.
        page = browser.new_context(bypass_csp=True).new_page()
        with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
            page.goto(served + PAGE + "auto.html")
        page.evaluate("document.getElementById('self-check-details').open = true")
        page.add_script_tag(path=str(axe))
        result = page.evaluate("""() => axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21aa"]})""")
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert problems == []


def test_copy_report_puts_the_plain_report_on_the_clipboard(served: str) -> None:
    """"Copy report" copies the same text the email carries."""
    with chromium() as browser:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rstrip("/"))
        page = context.new_page()
        page.goto(served + PAGE)
        page.click("#self-check-run")
        page.wait_for_selector("#self-check-results:not([hidden])", timeout=60000)
        page.click("#self-check-copy")
        page.wait_for_selector("#self-check-copied:has-text('Report copied.')")
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = page.locator("#self-check-text").text_content()
    assert copied == shown
    assert copied.startswith("Alsgem checkout self-check")
