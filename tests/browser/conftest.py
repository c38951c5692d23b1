"""Browser fixtures: the built help center served on loopback, one Chromium per session.

The site built by the session fixture ``built_site`` is served by Python's
http.server in a background thread on 127.0.0.1 (missing paths answer 404 with
the site's own 404.html, as the real host does). One headless Debian Chromium is
launched per session through Playwright (its own browser download is never
used); each test gets a fresh context so cookies, storage and the palette
choice never leak from one test to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_browser import serve
from shopper import DESKTOP, PHONE, is_local


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT/``: the built help center served in a background thread."""
    with serve(built_site) as url:
        yield url


@pytest.fixture
def new_context(browser: Any, site_url: str) -> Iterator[Callable[..., Any]]:
    """Factory of browser contexts (keyword arguments go to ``new_context``); all closed after the test.

    Every context blocks requests that leave the local site, so a test never
    reaches the internet, whatever the page asks for.
    """
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=site_url, **options)
        context.set_default_timeout(10_000)
        context.route(lambda url: not is_local(url, site_url), lambda route: route.abort())
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_context: Callable[..., Any]) -> Any:
    """A page in a phone-sized, touch, high-density context."""
    return new_context(**PHONE).new_page()


@pytest.fixture
def desktop(new_context: Callable[..., Any]) -> Any:
    """A page in a desktop-sized context."""
    return new_context(**DESKTOP).new_page()
