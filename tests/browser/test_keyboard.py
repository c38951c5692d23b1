"""Shoppers who use a keyboard see where they are and can search without a mouse."""

from __future__ import annotations

import re
from typing import Any

from shopper import search, top_results

FOCUSED = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    let bg = 'rgba(0, 0, 0, 0)';  // the ring is drawn outside the element: what is around it
    for (let n = e.parentElement; n && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg); n = n.parentElement) {
        bg = getComputedStyle(n).backgroundColor;
    }
    if (/rgba\\(0, 0, 0, 0\\)/.test(bg)) bg = getComputedStyle(document.body).backgroundColor;
    const r = e.getBoundingClientRect();
    return {tag: e.tagName, text: (e.textContent || '').trim(), classes: e.className,
            inContent: !!e.closest('article'), visible: r.width > 0 && r.height > 0,
            outline: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor, background: bg};
}"""


def luminance(colour: str) -> float:
    r, g, b = (int(value) / 255 for value in re.findall(r"[\d.]+", colour)[:3])
    return sum(
        weight * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        for weight, c in zip((0.2126, 0.7152, 0.0722), (r, g, b), strict=True)
    )


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_to(page: Any, matches: Any, limit: int = 60) -> dict[str, Any]:
    """Press Tab until the focused element ``matches``; fail after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["text"][:30] or focused["classes"])
        if matches(focused):
            return focused
    raise AssertionError(f"never reached the element with Tab; focus went through {seen}")


def test_links_show_a_clear_focus_ring(desktop: Any) -> None:
    """Tabbing through the home page: "Skip to content" comes first, and every focused link shows a clear ring."""
    page = desktop
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["text"] == "Skip to content"
    assert skip["visible"]

    rings = []
    focused = tab_to(page, lambda f: f["inContent"] and f["tag"] == "A" and f["text"] == "Payment")
    for _ in range(4):  # the category link and the questions under it
        rings.append(focused)
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
    for ring in rings:
        assert ring["visible"], ring
        assert ring["outline"] not in ("none", "hidden"), f"no visible focus ring: {ring}"
        assert ring["width"] >= 2, f"focus ring too thin: {ring}"
        assert contrast(ring["colour"], ring["background"]) >= 3, f"focus ring too faint: {ring}"


def test_enter_on_the_search_button_opens_search(desktop: Any) -> None:
    """With the keyboard only: Tab to "Search the help center", Enter, type "parcel", Enter opens the best answer."""
    page = desktop
    page.goto("/")
    button = tab_to(page, lambda f: "hc-search-button" in f["classes"])
    assert button["outline"] != "none", f"no visible focus ring: {button}"
    assert button["width"] >= 2, f"focus ring too thin: {button}"
    assert contrast(button["colour"], button["background"]) >= 3, f"focus ring too faint: {button}"

    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement === document.querySelector('input.md-search__input')")
    search(page, "parcel")  # types key by key, then waits for the results to settle
    assert top_results(page, 1)[0]["path"] == "/faq/track-my-package/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/faq/track-my-package/*")


def test_space_opens_the_menu_on_a_phone_keyboard(phone: Any) -> None:
    """A phone with a keyboard: the menu button is reachable with Tab, has a name, and Space opens the menu."""
    page = phone
    page.goto("/faq/cannot-pay/")
    menu = tab_to(page, lambda f: f["text"] == "Open the menu")
    assert menu["outline"] != "none"
    assert menu["width"] >= 2
    assert contrast(menu["colour"], menu["background"]) >= 3, f"focus ring too faint on the header: {menu}"
    page.keyboard.press(" ")
    page.wait_for_function("document.getElementById('__drawer').checked")
