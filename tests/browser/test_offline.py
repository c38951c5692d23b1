"""The help center asks nothing of any other host: no fonts, analytics or CDNs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from shopper import PHONE, is_local, open_search, search


def test_no_request_leaves_the_site(new_context: Callable[..., Any], site_url: str) -> None:
    """Home, a category, a question, a missing page and search on a phone: every request stays on the site."""
    requests: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    context = new_context(**PHONE)
    context.on("request", lambda request: requests.append(request.url))
    # Leaving a page mid-load aborts its last requests (ERR_ABORTED): only other failures count.

    def request_failed(request: Any) -> None:
        if "ERR_ABORTED" not in (request.failure or ""):
            failed.append(f"{request.url} ({request.failure})")

    context.on("requestfailed", request_failed)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in ("/", "/payment/", "/faq/cannot-pay/", "/no-such-page/"):
        response = page.goto(path)
        assert response is not None
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        page.wait_for_load_state("networkidle")
    open_search(page)
    search(page, "refund")
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_url("**/faq/return-or-exchange/*")
    page.wait_for_load_state("networkidle")

    assert any(urlsplit(url).path.endswith("/search/answers.json") for url in requests), "search never loaded its index"
    foreign = sorted({url for url in requests if not is_local(url, site_url)})
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    assert not failed, f"requests that failed: {failed}"
    assert not errors, f"JavaScript errors: {errors}"
