"""Every kind of page, served by nginx with the production headers, in headless Chromium:
no console error and no Content-Security-Policy violation, and the self-check still finishes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from helpers import troubleshooting_steps
from shopper import open_search, search, top_results

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page in a fresh context, with every console error and warning collected."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems: list[str] = []

    def console(msg: Any, where: str = "") -> None:
        if msg.type == "error" or (msg.type == "warning" and not where):
            problems.append(f"{where or msg.type}: {msg.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("worker", lambda worker: worker.on("console", lambda msg: console(msg, "worker")))
    yield page, problems
    context.close()


@pytest.mark.parametrize("path", ["", "payment/", "faq/cannot-pay/", "faq/track-my-package/", "self-check/", "fr/privacy/"])
def test_page_has_no_console_error_or_csp_violation(production_url: str, watched: tuple[Any, list[str]], path: str) -> None:
    """Home, a category, questions and the self-check load cleanly under the production CSP."""
    page, problems = watched
    response = page.goto(production_url + path)
    assert response is not None
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []


def test_a_translated_answer_names_its_languages_and_nothing_it_loads_fails(
    production_url: str, watched: tuple[Any, list[str]]
) -> None:
    """The German answer's head names the answer in English, German and French (and x-default, English) for search
    engines; Material's script, which fetches a sitemap.xml beside every `link[rel=alternate]`, fetches none of
    them: no request fails or is refused, no CSP violation, no console error."""
    page, problems = watched
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.extend([f"{response.status} {response.url}"] * (response.status >= 400)))
    page.goto(production_url + "de/faq/track-my-package/")
    page.wait_for_load_state("networkidle")
    links = page.evaluate(
        """() => [...document.head.querySelectorAll('link[hreflang]')]
            .map(l => [l.hreflang, l.getAttribute('href'), l.relList.contains('alternate')])"""
    )
    site = "https://help.alsgem.com/"
    assert {lang: (href, alternate) for lang, href, alternate in links} == {
        "en": (f"{site}faq/track-my-package/", True),
        "x-default": (f"{site}faq/track-my-package/", True),
        "de": (f"{site}de/faq/track-my-package/", True),
        "fr": (f"{site}fr/faq/track-my-package/", True),
    }
    assert failed == []
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []


def test_not_found_page_and_search_work_under_the_csp(production_url: str, watched: tuple[Any, list[str]]) -> None:
    """The 404 page is the site's own, and search (a web worker) finds answers under the CSP."""
    page, problems = watched
    response = page.goto(production_url + "no-such-answer/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We could not find that page"  # the site's own, with ways on
    # Chromium logs the 404 status of the page itself; anything else would be a real problem.
    assert [p for p in problems if "status of 404" not in p] == []
    problems.clear()
    page.goto(production_url)
    open_search(page)
    search(page, "refund")
    assert any("return or exchange" in r["title"].lower() for r in top_results(page))
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []


def test_self_check_finishes_under_the_production_configuration(production_url: str, watched: tuple[Any, list[str]]) -> None:
    """Click "Check my browser": Pyodide loads from nginx (brotli, application/wasm) and the report shows."""
    page, problems = watched
    encodings: dict[str, str] = {}
    page.on("response", lambda r: r.url.endswith(".wasm") and encodings.update(wasm=r.headers.get("content-encoding", "")))
    finished: list[Any] = []
    # The worker's requests too. (Playwright cannot take a bound builtin, list.append, as a handler.)
    page.on("requestfinished", lambda request: finished.append(request))  # noqa: PLW0108
    page.goto(production_url + "self-check/")
    page.click("#self-check-run")
    page.wait_for_selector("#self-check-results:not([hidden])", timeout=90_000)
    assert page.locator("#self-check-list > li, #self-check-passed-list > li").count() == len(troubleshooting_steps())
    assert "could not finish" not in page.inner_text("#self-check-summary")
    assert encodings.get("wasm") == "br"
    # The page prefetches the runtime and preloads the scripts the worker imports again: each arrives once,
    # whoever asks for it first (the cache serves the others), and nothing comes from elsewhere.
    assert not [r.url for r in finished if not r.url.startswith(production_url)]
    downloaded = [r.url for r in finished if r.sizes()["responseBodySize"] > 0]
    assert sorted({url for url in downloaded if downloaded.count(url) > 1}) == []
    assert any(url.endswith("pyodide.asm.wasm") for url in downloaded)
    assert page.evaluate("window.__cspViolations") == []
    assert [p for p in problems if "python" not in p.lower()] == []


def test_troubleshooting_answer_prefetches_the_self_check(production_url: str, watched: tuple[Any, list[str]]) -> None:
    """Reading "I cannot pay" starts fetching Pyodide in the background, and the self-check then downloads none
    of it again; other answers fetch nothing of it."""
    page, problems = watched
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(production_url + "faq/track-my-package/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pyodide/" in url]
    page.goto(production_url + "faq/cannot-pay/")
    page.wait_for_load_state("networkidle")
    wanted = [url for url in requested if url.endswith(("pyodide.asm.wasm", "self-check-stdlib.zip", "self-check/page.js"))]
    assert len(wanted) == 3, requested
    assert not [url for url in requested if url.endswith(("python_stdlib.zip", "pyodide-lock.json"))]  # fallbacks only
    # The self-check then takes the runtime from the cache (the prefetch and its own fetches ask alike).
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))  # noqa: PLW0108
    page.goto(production_url + "self-check/")
    page.click("#self-check-run")
    page.wait_for_selector("#self-check-results:not([hidden])", timeout=90_000)
    again = [r.url for r in finished if r.url.endswith((".wasm", ".zip", ".whl")) and r.sizes()["responseBodySize"] > 0]
    assert again == []
    assert "could not finish" not in page.inner_text("#self-check-summary")
    assert problems == []
