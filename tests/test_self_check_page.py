"""The checkout self-check page of the built help center, in headless Chromium.

The site is the repo's own `mkdocs build`, served under a sub-path with the help
center's strict CSP. Two variants of the generated page are derived for tests:
`auto.html` starts the check without a click (so Chromium's pop-up blocker has no
user gesture to honour) and `short.html` gives up after 2.5 s instead of 30 s.

Timings (navigation to finished report, cold and warm cache, and a bare Pyodide
boot) are printed: run with `pytest -s` to see them; bench/ measures them properly.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from diag_helpers import validate_facts, validate_report
from helpers import site_shop, troubleshooting_steps
from helpers_browser import ROOT, STRICT_CSP, PageWatch, serve, variant, write_bare_pyodide

SUB_PATH = "shop/help/"  # the site lives under a sub-path, as it may in production
PAGE = f"{SUB_PATH}self-check/"
DONE = "helpcenter-self-check: done"
FAILED = "helpcenter-self-check: failed"
#: The real site's shop (mkdocs.yml): its name titles the report, its address ends it.
SHOP = site_shop()
NO_WASM_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'"


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
    # Waits for the click, and gives a run 3 s once the checker is ready (the site's own: 20 s).
    run_short, count = re.subn(r'data-run-timeout-ms="\d+"', 'data-run-timeout-ms="3000"', generated)
    assert count == 1
    (page_dir / "run-short.html").write_text(run_short, "utf-8")
    write_bare_pyodide(page_dir, generated)
    return top


@pytest.fixture
def contexts(browser: Any) -> Iterator[Callable[..., Any]]:
    """Fresh browser contexts (empty cache and cookies) of the session's Chromium, closed after the test."""
    made: list[Any] = []

    def make(**options: Any) -> Any:
        made.append(browser.new_context(**options))
        return made[-1]

    yield make
    for context in made:
        context.close()


def csp(policy: str = STRICT_CSP) -> dict[str, str]:
    return {"Content-Security-Policy": policy}


def page_state(page: Any) -> dict[str, Any]:
    """What the page found and showed, read after it has finished (tests/self_check_state.js)."""
    return page.evaluate((ROOT / "tests" / "self_check_state.js").read_text(encoding="utf-8"))


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


def test_report_appears_with_strict_csp_and_nothing_leaves_the_origin(served: str, contexts: Callable[..., Any]) -> None:
    """Click "Check my browser": the report shows, no console errors, no foreign request."""
    page = contexts().new_page()
    watch = PageWatch(page)
    page.goto(served + PAGE)
    page.click("#self-check-run")
    page.wait_for_selector("#self-check-results:not([hidden])", timeout=60000)
    state = page_state(page)
    assert state["fallbackHidden"]
    assert state["mode"] == "worker"
    assert len(state["steps"]) == len(troubleshooting_steps())
    assert state["facts"]["popup"] == "allowed"  # a real click is a user gesture
    assert state["facts"]["cookies"]["test_cookie"] == "ok"
    assert state["facts"]["scripts"]["payment_probe"] == "loaded"
    assert state["facts"]["scripts"]["ad_probe"] == "loaded"
    assert state["facts"]["scripts"]["ad_bait"] == "visible"
    assert state["mailto"].startswith(f"mailto:{SHOP['support_email']}?subject=")
    assert len(state["mailto"]) <= 1800
    assert f"{SHOP['name']} checkout self-check" in state["text"]
    assert watch.console_errors() == [], (watch.console, watch.failed)
    assert watch.errors == []
    assert watch.foreign_requests(served) == []
    assert any(url.endswith("pyodide.asm.wasm") for url in watch.requests), watch.requests
    # The page carries the runtime's manifest and lock: no round trip for them before the downloads.
    assert not [url for url in watch.requests if url.endswith(("self-check-runtime.json", "self-check-lock.json"))]
    # What facts.js sent and what Python returned have the shapes of diagnostics/schema/.
    validate_facts(state["facts"])
    validate_report(state["report"])
    # The page shows Python's text as it is (one renderer), with this page's address.
    assert state["text"] == state["report"]["text"]
    assert f"Page: {served}{PAGE}" in state["text"]
    assert "nothing reaches us unless you choose to send it" in page.locator("#self-check-privacy").inner_text()
    # The outcome is shared only on the shopper's click (signals.js): the run itself sends nothing.
    assert state["progress"] == "Done. The check ran in your browser; nothing was sent anywhere."
    assert page.locator("#self-check-share-button").is_visible()


def test_popup_blocked_is_reported(served: str, contexts: Callable[..., Any]) -> None:
    """With Chromium's pop-up blocker on and no user gesture, window.open is refused."""
    page = contexts().new_page()
    with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
        page.goto(served + PAGE + "auto.html")
    state = page_state(page)
    assert state["facts"]["popup"] == "blocked"
    assert check_status(state["report"], "popups") in {"fail", "warn"}


def test_disabled_cookies_fail_the_cookie_step(served: str, contexts: Callable[..., Any]) -> None:
    """Cookies off (CDP): the real cookie round trip says blocked and the cookie check fails."""
    page = contexts().new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDocumentCookieDisabled", {"disabled": True})
    with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
        page.goto(served + PAGE + "auto.html")
    state = page_state(page)
    assert state["facts"]["cookies"]["test_cookie"] == "blocked"
    assert check_status(state["report"], "cookies") == "fail"
    step = state["report"]["steps"][[s["id"] for s in state["report"]["steps"]].index("cache-cookies")]
    assert step["status"] == "fail"


def test_without_module_workers_it_runs_on_the_main_thread(served: str, contexts: Callable[..., Any]) -> None:
    """No Worker at all: the page loads Pyodide itself and still reports."""
    page = contexts().new_page()
    page.add_init_script("delete window.Worker;")
    watch = PageWatch(page)
    with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
        page.goto(served + PAGE + "auto.html")
    state = page_state(page)
    assert state["mode"] == "main-thread"
    assert state["facts"]["features"]["module_worker"] is False
    assert len(state["steps"]) == len(troubleshooting_steps())
    assert watch.console_errors() == [], watch.console


def test_a_page_without_its_runtime_data_still_reports(site: Path, contexts: Callable[..., Any]) -> None:
    """The runtime data the page carries is damaged (a proxy rewrote it, say): the check fetches the
    manifest and the lock from the runtime folder instead, and the report still comes, from this site only."""
    page_dir = site / PAGE
    generated = (page_dir / "index.html").read_text("utf-8")
    damaged, count = re.subn(
        r'(<script type="application/json" id="self-check-runtime">).*?(</script>)', r"\1{not json\2", generated, flags=re.DOTALL
    )
    assert count == 1
    (page_dir / "damaged.html").write_text(variant(damaged, autorun=True), "utf-8")
    with serve(site, csp()) as base:
        page = contexts().new_page()
        watch = PageWatch(page)
        with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
            page.goto(base + PAGE + "damaged.html")
        state = page_state(page)
    assert len(state["steps"]) == len(troubleshooting_steps())
    assert [url for url in watch.requests if url.endswith(("self-check-runtime.json", "self-check-lock.json"))]
    assert watch.foreign_requests(base) == []
    assert watch.console_errors() == [], watch.console


def test_without_wasm_unsafe_eval_it_gives_up_with_a_clear_message(site: Path, contexts: Callable[..., Any]) -> None:
    """A CSP without 'wasm-unsafe-eval': no endless spinner, a reason, and the raw facts."""
    with serve(site, csp(NO_WASM_CSP)) as base:
        page = contexts().new_page()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=15000) as info:
            page.goto(base + PAGE + "short.html")
        message = info.value.text
        state = page_state(page)
    assert "reason=wasm-blocked" in message  # found at once: the time-out's reason would be "timeout"
    assert state["resultsShown"]
    assert state["summary"] == "The automatic check could not finish."
    assert "WebAssembly is blocked" in state["progress"]
    assert "What the page could read from this browser" in state["text"]
    assert "cookies.test_cookie: ok" in state["text"]
    # The facts-only report speaks the Python report's words (labels handed over by the build).
    assert state["text"].startswith(f"{SHOP['name']} checkout self-check\nDate: ")
    assert "Overall: Not checked" in state["text"]
    assert state["text"].rstrip().endswith(f"email this report to {SHOP['support_email']}.")
    assert state["mailto"].startswith(f"mailto:{SHOP['support_email']}?")


def test_a_stalled_download_times_out_with_a_clear_message(site: Path, contexts: Callable[..., Any]) -> None:
    """The runtime never arrives: after the (shortened) timeout the page says so."""
    with serve(site, csp(), stall=("self-check-stdlib.zip",), stall_seconds=30) as base:
        page = contexts().new_page()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=25000) as info:
            page.goto(base + PAGE + "short.html")
        message = info.value.text
        state = page_state(page)
    assert "reason=timeout" in message  # short.html's time-out (2.5 s) ended it, not the stalled download
    assert "took too long" in state["progress"]
    assert "What the page could read from this browser" in state["text"]


def test_a_download_that_stops_fails_as_stalled_before_the_load_time_out(site: Path, contexts: Callable[..., Any]) -> None:
    """The trimmed standard library never arrives, with the site's own time-outs (load 60 s, stall 15 s):
    the page fails as "stalled" (no byte for 15 s), not as the load time-out, and says what to do."""
    with serve(site, csp(), stall=("self-check-stdlib.zip",), stall_seconds=90) as base:
        page = contexts().new_page()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=50000) as info:
            page.goto(base + PAGE + "auto.html")
        state = page_state(page)
    assert "reason=stalled" in info.value.text
    assert "stopped downloading" in state["progress"]
    assert "Check your connection" in state["progress"]
    assert "no data for 15 s while downloading the checker" in state["text"]
    assert "What the page could read from this browser" in state["text"]


def test_a_worker_that_never_answers_fails_after_the_run_time_out(site: Path, contexts: Callable[..., Any]) -> None:
    """The worker's script never arrives (it never says a word): the page fails as "worker-silent" after
    run_timeout (3 s in run-short.html), not after the 60 s load time-out."""
    with serve(site, csp(), stall=("self-check/worker.js",), stall_seconds=90) as base:
        page = contexts().new_page()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=40000) as info:
            page.goto(base + PAGE + "run-short.html")
        state = page_state(page)
    assert "reason=worker-silent" in info.value.text
    assert "stopped answering while it started" in state["progress"]
    assert "Reload this page" in state["progress"]
    assert "no word from the checker for 3 s" in state["text"]


def test_a_user_agent_with_control_and_bidi_characters_never_reaches_the_report_raw(
    site: Path, contexts: Callable[..., Any]
) -> None:
    """The check cannot finish (the runtime never arrives) and the user agent carries ESC and U+202E: the copied
    and e-mailed facts-only report has them as spaces, as Python's report would."""
    hostile = "Mozilla/5.0 \x1b[2J\x1b]0;owned\x07 (X11; Linux x86_64) \u202eevil\u2066 Chrome/158.0.0.0"
    with serve(site, csp(), stall=("self-check-stdlib.zip",), stall_seconds=30) as base:
        context = contexts()
        # As the page reads it (an HTTP header cannot carry these characters, so not through user_agent=).
        context.add_init_script(f"Object.defineProperty(Navigator.prototype, 'userAgent', {{get: () => {json.dumps(hostile)}}});")
        page = context.new_page()
        with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=25000):
            page.goto(base + PAGE + "short.html")
        state = page_state(page)
    mailed = urllib.parse.unquote(state["mailto"])
    for text in (state["text"], mailed):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", text)
    assert "user_agent: Mozilla/5.0  [2J ]0;owned  (X11; Linux x86_64)  evil  Chrome/158.0.0.0" in state["text"]


def test_mailto_link_is_bounded(served: str, contexts: Callable[..., Any]) -> None:
    """The email link stays under 1800 characters even for a long report."""
    page = contexts().new_page()
    page.goto(served + PAGE)
    href = page.evaluate("""async () => {
        const page = document.querySelector("script[type=module][src$='self-check/page.js']").src;
        const { mailtoHref } = await import(page.replace("self-check/page.js", "self-check/report.js"));
        return mailtoHref("support@alsgem.com", "Report", "line \\u00e9\\n".repeat(2000));
    }""")
    assert len(href) <= 1800
    assert "Shortened to fit in an email" in urllib.parse.unquote(href)


def test_without_javascript_the_fallback_lists_the_steps(served: str, contexts: Callable[..., Any]) -> None:
    """Old browsers (and no JavaScript) keep the static fallback: the finding for step 1."""
    page = contexts(java_script_enabled=False).new_page()
    page.goto(served + PAGE)
    fallback = page.locator("#self-check-fallback")
    assert fallback.is_visible()
    assert "latest Chrome, Firefox or Safari" in fallback.inner_text()
    assert page.locator(".self-check-fallback-steps > li").count() == len(troubleshooting_steps())
    assert not page.locator("#self-check-run").is_visible()


def test_finished_report_has_no_axe_violations(served: str, contexts: Callable[..., Any]) -> None:
    """axe-core (from npm) finds no WCAG A/AA problem in the finished report."""
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    # axe is injected as a script, which the page's CSP would rightly refuse.
    page = contexts(bypass_csp=True).new_page()
    with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
        page.goto(served + PAGE + "auto.html")
    page.evaluate("document.getElementById('self-check-details').open = true")
    page.add_script_tag(path=str(axe))
    result = page.evaluate("""() => axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21aa"]})""")
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert problems == []


def test_copy_report_puts_the_plain_report_on_the_clipboard(served: str, contexts: Callable[..., Any]) -> None:
    """ "Copy report" copies the same text the email carries."""
    context = contexts()
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
    assert copied.startswith(f"{SHOP['name']} checkout self-check")


def finished_report(page: Any, url: str) -> dict[str, Any]:
    """Open the auto-starting page and return what it found and showed once done."""
    with page.expect_console_message(lambda m: m.text.startswith(DONE), timeout=60000):
        page.goto(url)
    return page_state(page)


def test_an_old_user_agent_fails_the_browser_step(served: str, contexts: Callable[..., Any]) -> None:
    """A browser that says it is Chrome 109 (January 2023) is told to update, on the page and in the report."""
    old_chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"
    page = contexts(user_agent=old_chrome).new_page()
    state = finished_report(page, served + PAGE + "auto.html")
    shown = page.locator("#self-check-list > li").first.inner_text()
    assert check_status(state["report"], "browser") == "fail"
    assert state["report"]["steps"][0]["status"] == "fail"
    assert "109" in shown
    assert "Chrome 109" in state["text"]


def test_a_profile_that_blocks_all_cookies_fails_the_cookie_step(served: str, tmp_path: Path, playwright: Any) -> None:
    """Cookies blocked in the browser's own settings (not only by the page's emulation) are found."""
    from helpers_browser import CHROMIUM, CHROMIUM_ARGS

    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"default_content_setting_values": {"cookies": 2}}}), "utf-8"
    )
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, "--no-sandbox"]
    )
    try:
        page = context.new_page()
        state = finished_report(page, served + PAGE + "auto.html")
    finally:
        context.close()
    assert state["facts"]["cookies"]["test_cookie"] == "blocked"
    assert check_status(state["report"], "cookies") == "fail"


def test_a_blocked_payment_script_and_ad_blocker_are_reported(served: str, contexts: Callable[..., Any]) -> None:
    """An extension that blocks the payment probe and ad scripts shows under "Disable add-ons"."""
    context = contexts()
    context.route("**/probe/**", lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    state = finished_report(page, served + PAGE + "auto.html")
    assert state["facts"]["scripts"]["payment_probe"] == "blocked"
    assert state["facts"]["scripts"]["ad_probe"] == "blocked"
    assert check_status(state["report"], "payment-script") == "fail"
    assert check_status(state["report"], "ad-blocker") in {"warn", "fail"}
    step = next(s for s in state["report"]["steps"] if s["id"] == "add-ons")
    assert step["status"] == "fail"


def test_a_hostile_user_agent_is_shown_as_text(served: str, contexts: Callable[..., Any]) -> None:
    """Markup in the user agent never becomes HTML on the page: no element, no script, the report still shows."""
    hostile = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> Mozilla/5.0'
    page = contexts(user_agent=hostile).new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    state = finished_report(page, served + PAGE + "auto.html")
    assert page.title() != "pwned"
    assert page.locator("#self-check-results img, #self-check-results script").count() == 0
    assert check_status(state["report"], "browser") in {"unknown", "warn", "fail"}
    assert state["resultsShown"]
    assert dialogs == []


def test_a_slow_payment_probe_is_not_called_blocked(site: Path, contexts: Callable[..., Any]) -> None:
    """The payment probe answers after the page stopped waiting (a slow phone): "could not finish in time", not a block."""
    with serve(site, csp(), stall=("paypal-checkout.js",), stall_seconds=6) as base:
        page = contexts().new_page()
        state = finished_report(page, base + PAGE + "auto.html")
    assert state["facts"]["scripts"]["payment_probe"] == "timeout"
    validate_facts(state["facts"])
    payment = next(c for c in state["report"]["checks"] if c["id"] == "payment-script")
    assert payment["status"] == "unknown"
    assert "could not finish in time" in payment["message"]
    assert "blocked" not in payment["message"]
    step = next(s for s in state["report"]["steps"] if s["id"] == "add-ons")
    assert step["status"] != "fail" or check_status(state["report"], "popups") == "fail"


def test_a_worker_that_dies_after_start_ends_in_a_clear_failure(served: str, contexts: Callable[..., Any]) -> None:
    """The checker's worker closes after it was ready: the click ends in a failure with the facts within
    the run time-out (3 s here), and the button works again."""
    page = contexts().new_page()
    page.goto(served + PAGE + "run-short.html")
    page.wait_for_selector("#self-check-progress-text:has-text('Ready.')", timeout=60000)
    checkers = [worker for worker in page.workers if worker.url.endswith("/self-check/worker.js")]
    assert len(checkers) == 1
    checkers[0].evaluate("close()")  # the worker ends itself, as when the browser kills it
    with page.expect_console_message(lambda m: m.text.startswith(FAILED), timeout=15000) as info:
        page.click("#self-check-run")
    state = page_state(page)
    assert "reason=run-timeout" in info.value.text  # the run's own time-out noticed the dead worker
    assert state["summary"] == "The automatic check could not finish."
    assert "stopped answering" in state["progress"]
    assert "What the page could read from this browser" in state["text"]
    assert "Overall: Not checked" in state["text"]
    assert page.locator("#self-check-run").is_enabled()


def test_the_page_says_what_it_contacted_when_it_probes_paypal(site: Path, tmp_path: Path, contexts: Callable[..., Any]) -> None:
    """With paypal_sdk_url the page names the host it loads PayPal's script from, before and after the check."""
    sdk = tmp_path / "sdk"
    sdk.mkdir()
    (sdk / "sdk.js").write_text("window.paypal = {Buttons: function () {}};\n", "utf-8")
    with serve(sdk) as paypal:
        host = paypal.split("/")[2]
        page_dir = site / SUB_PATH / "self-check"
        generated = (page_dir / "index.html").read_text("utf-8")
        probing = variant(generated, autorun=True).replace(
            'id="self-check"', f'id="self-check" data-paypal-sdk-url="{paypal}sdk.js"', 1
        )
        (page_dir / "paypal.html").write_text(probing, "utf-8")
        policy = STRICT_CSP.replace("script-src 'self'", f"script-src 'self' {paypal.rstrip('/')}")
        with serve(site, csp(policy)) as base:
            page = contexts().new_page()
            state = finished_report(page, base + PAGE + "paypal.html")
            intro = page.locator("#self-check-privacy").inner_text()
    assert state["facts"]["scripts"]["paypal_sdk"] == "loaded"
    assert f"loads it from {host}" in intro
    assert "nothing was sent anywhere" not in state["progress"]
    assert f"loaded it from {host}" in state["progress"]
