"""axe-core finds no accessibility violation, on desktop and phone, in light and dark colours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from shopper import AXE, DESKTOP, PHONE, axe_violations, open_search, scheme, search

DEVICES = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = {"light": "default", "dark": "slate"}
PAGES = {
    "home": "/",
    "category": "/payment/",
    "question": "/faq/cannot-pay/",
    "404": "/no-such-page/",
    "self-check before running": "/self-check/",
}


@pytest.mark.parametrize("colours", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_axe_finds_no_violation(new_context: Callable[..., Any], device: str, colours: str) -> None:
    """Home, a category, a question, the 404 page, the self-check before and after running, the home page's
    focused search button, open search with results, and on phones the open menu: no axe-core violation,
    in the shopper's preferred colour scheme."""
    # Reduced motion: axe must not catch a colour half-way through a transition.
    # bypass_csp: axe-core is injected into pages whose policy may forbid inline scripts.
    context = new_context(color_scheme=colours, reduced_motion="reduce", bypass_csp=True, **DEVICES[device])
    context.add_init_script(path=str(AXE))  # axe-core in every page, before the page's own scripts
    page = context.new_page()
    problems: list[str] = []
    for name, path in PAGES.items():
        page.goto(path)
        assert scheme(page) == SCHEMES[colours], f"{path} ignores the shopper's {colours} preference"
        problems += axe_violations(page, f"{device} {colours} {name}")

    page.goto("/")
    page.locator(".hc-search-button").focus()  # a focused button takes its hover colours
    problems += axe_violations(page, f"{device} {colours} home, search button focused")

    open_search(page)
    search(page, "parcel")
    problems += axe_violations(page, f"{device} {colours} search results")

    page.goto("/self-check/")
    page.click("#self-check-run")
    page.wait_for_selector("#self-check-results:not([hidden])", timeout=90_000)
    page.evaluate("document.getElementById('self-check-details').open = true")
    problems += axe_violations(page, f"{device} {colours} self-check report")

    if device == "phone":
        page.goto("/faq/cannot-pay/")
        page.locator(".md-header label[for=__drawer]").click()
        page.wait_for_function("document.getElementById('__drawer').checked")
        problems += axe_violations(page, f"{device} {colours} menu open")

    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


def test_palette_toggle_is_remembered_and_accessible(new_context: Callable[..., Any]) -> None:
    """A shopper whose system is light picks dark mode: the next page stays dark, without violations, and back."""
    page = new_context(color_scheme="light", bypass_csp=True, **DESKTOP).new_page()
    page.goto("/")
    assert scheme(page) == "default"

    page.get_by_title("Switch to dark mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    stored = page.evaluate("JSON.parse(localStorage.getItem(new URL('.', location).pathname + '.__palette'))")
    assert stored["color"]["scheme"] == "slate"

    page.goto("/faq/cannot-pay/")
    assert scheme(page) == "slate", "the dark choice was forgotten on the next page"
    problems = axe_violations(page, "question, dark chosen with the toggle")

    page.get_by_title("Switch to light mode").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    page.goto("/payment/")
    assert scheme(page) == "default"
    assert not problems, "\n".join(problems)
