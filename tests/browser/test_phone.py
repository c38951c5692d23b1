"""On a phone: nothing scrolls sideways, the menu opens, text is readable, the email button works."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from shopper import heading, site_paths

SHOTS = Path("/tmp/shots")


def test_no_page_scrolls_sideways_on_a_phone(phone: Any, built_site: Path) -> None:
    """Home, every category and every question fit the phone's width: no sideways scrolling."""
    page = phone
    paths = site_paths(built_site)
    assert {"/", "/payment/", "/faq/cannot-pay/"} <= set(paths)
    too_wide = {}
    for path in [*paths, "/no-such-page/"]:
        page.goto(path)
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width > inner:
            too_wide[path] = (width, inner)
    assert inner == 390
    assert not too_wide, f"pages wider than the phone (scrollWidth, innerWidth): {too_wide}"


def test_phone_menu_opens_and_leads_to_a_category(phone: Any) -> None:
    """The menu button opens the navigation drawer on screen, and a category in it opens that category."""
    page = phone
    page.goto("/faq/cannot-pay/")
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.bounding_box()["x"] < 0, "the drawer should start off screen"

    page.locator(".md-header label[for=__drawer]").click()
    page.wait_for_function("document.getElementById('__drawer').checked")
    page.wait_for_function(
        "() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();"
        " return r.left >= 0 && r.width > 200; }"
    )
    link = drawer.get_by_role("link", name="Discount codes", exact=True)
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/discounts/")
    assert heading(page) == "Discount codes"


def test_phone_text_is_readable(phone: Any) -> None:
    """Answers are in 16 px text with comfortable line spacing, small print is at least 14 px, and nothing is zoomed out."""
    page = phone
    for path in ("/", "/payment/", "/faq/cannot-pay/"):
        page.goto(path)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('article p, article li')].filter(e => e.offsetParent)
                .map(e => { const s = getComputedStyle(e);
                            return {small: !!e.closest('.hc-breadcrumb, .hc-updated, .hc-entry-links'),
                                    size: parseFloat(s.fontSize),
                                    spacing: parseFloat(s.lineHeight) / parseFloat(s.fontSize)}; })"""
        )
        text = [item for item in sizes if not item["small"]]
        assert text, path
        assert min(item["size"] for item in text) >= 16, f"{path}: answer text under 16px: {text}"
        assert min(item["size"] for item in sizes) >= 14, f"{path}: small print under 14px: {sizes}"
        assert min(item["spacing"] for item in sizes) >= 1.4, f"{path}: lines too tight: {sizes}"
        assert page.evaluate("window.visualViewport.scale") == 1


def test_phone_email_button_writes_to_support_about_the_question(phone: Any) -> None:
    """A question page ends with a visible "Email support" button that opens a mail to support@alsgem.com about it."""
    page = phone
    page.goto("/faq/cannot-pay/")
    question = heading(page)
    contact = page.locator("aside.hc-contact")
    assert "Still need help?" in contact.inner_text()
    button = contact.locator("a.md-button")
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box["x"] >= 0, f"button cut off: {box}"
    assert box["x"] + box["width"] <= 390, f"button cut off: {box}"
    assert box["height"] >= 44, f"button too small to tap: {box}"

    href = button.get_attribute("href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "support@alsgem.com"
    subject = parse_qs(parts.query)["subject"][0]
    assert question in subject


def test_phone_screenshots(phone: Any) -> None:
    """Screenshots of the home page and a question on a phone, for people to look at (/tmp/shots/)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = phone
    for name, path in (("phone-home", "/"), ("phone-question", "/faq/cannot-pay/")):
        page.goto(path)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000


def test_the_self_check_comes_first_on_the_troubleshooting_answer(phone: Any) -> None:
    """ "I cannot pay" on a phone: the self-check button is the first link after the question, on the
    first screen, and the page fetches the checker's runtime while the shopper reads (at the latest
    when they point at the button)."""
    page = phone
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/faq/cannot-pay/")
    first = page.locator("article h1 ~ * a[href]").first
    assert first.inner_text().strip() == "Check my browser"
    assert urlsplit(first.evaluate("a => a.href")).path == "/self-check/"
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 844, f"below the first screen: {box}"
    answer = page.locator("article h1 ~ p").filter(has_text="Having technical issues checking out?")
    assert answer.count() == 1, "the answer's own words stay as the editors wrote them"
    first.hover()
    page.wait_for_function("[...document.querySelectorAll('link[rel=prefetch]')].some(l => l.href.endsWith('.wasm'))")
    page.wait_for_timeout(200)
    assert any(url.endswith("pyodide.asm.wasm") for url in requested)
