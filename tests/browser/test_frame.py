"""The frame of a shop's help center, the search's empty states and the self-check's decision, as a shopper sees them.

Issue 18: no empty strip or documentation footer, the shop's logo and way back, the current category
marked, the home page's topics and most asked questions, a page-not-found page with ways on; a search
that never leaves a shopper empty-handed; a self-check result that leads with its decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shopper import DESKTOP, PHONE, SEARCH_INPUT

SHOP_URL = "https://www.alsgem.com/"
IE11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"


def current_chrome(new_context: Callable[..., Any], **options: Any) -> Any:
    """A page whose browser says it is the Chrome it is (headless Chromium says "HeadlessChrome")."""
    probe = new_context().new_page()
    agent = probe.evaluate("navigator.userAgent").replace("HeadlessChrome", "Chrome")
    return new_context(user_agent=agent, **options).new_page()


def test_no_empty_strip_and_no_previous_next_footer(desktop: Any) -> None:
    """Every page type starts with the header (no empty announcement strip) and has no Previous/Next links."""
    for address in ("", "payment/", "faq/cannot-pay/", "self-check/"):
        desktop.goto(address)
        assert desktop.locator("[data-md-component=announce] > *").count() == 0, address
        assert desktop.locator(".md-footer__link").count() == 0, address


def test_header_has_the_shops_logo_and_a_way_back_to_the_shop(phone: Any, desktop: Any) -> None:
    """The shop's logo (mkdocs.yml shop.logo) and "Back to Alsgem" in the header, named on a phone too."""
    desktop.goto("faq/cannot-pay/")
    assert desktop.locator(".md-header .md-logo img").get_attribute("src").endswith("assets/logo.svg")
    back = desktop.locator("a.hc-shop-link")
    assert back.get_attribute("href") == SHOP_URL
    assert back.inner_text().strip() == "Back to Alsgem"
    phone.goto("")
    assert phone.get_by_role("link", name="Back to Alsgem").is_visible()


def test_a_question_marks_its_category_and_has_no_one_item_contents(desktop: Any) -> None:
    """On an answer the side menu marks its category; a contents list of one heading is not shown."""
    desktop.goto("faq/use-discount-code/")
    here = desktop.locator(".md-sidebar--primary a[aria-current=location]")
    assert here.count() == 1
    assert here.inner_text().strip() == "Discount codes"
    assert not desktop.locator(".md-sidebar--secondary").is_visible()


def test_home_shows_descriptions_most_asked_and_no_empty_cell(desktop: Any) -> None:
    """Each topic card has its description; the last row is filled; the editors' most asked questions come first."""
    desktop.goto("")
    assert "How to pay, and what to do when a payment does not go through." in desktop.locator(".hc-categories").inner_text()
    cards = desktop.locator(".hc-categories > ul > li")
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    right = max(b["x"] + b["width"] for b in boxes)
    last_row = [b for b in boxes if abs(b["y"] - boxes[-1]["y"]) < 1]
    assert abs(last_row[-1]["x"] + last_row[-1]["width"] - right) < 2, "the last row leaves an empty cell"
    asked = desktop.locator(".hc-most-asked a")
    assert asked.count() == 6
    assert asked.first.inner_text() == "I cannot pay my order successfully, what can I do?"


def test_page_not_found_offers_search_answers_topics_and_support(new_context: Callable[..., Any]) -> None:
    """An unknown address answers with search, the most asked questions, the topics and the support address."""
    page = new_context(**PHONE).new_page()
    response = page.goto("faq/no-such-answer/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "We could not find that page"
    assert page.locator(".hc-most-asked a").count() == 6
    assert page.locator(".hc-404-topics a").count() == 5
    assert page.locator("a[href='mailto:support@alsgem.com']").count() >= 1
    page.locator("main .hc-search-button").click()
    page.fill(SEARCH_INPUT, "refund")
    page.wait_for_selector(".md-search-result__item")
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert first.endswith("/faq/return-or-exchange/")


def open_search(page: Any) -> None:
    page.goto("")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.wait_for_selector(f"{SEARCH_INPUT}:focus")


def test_search_opened_on_a_phone_shows_the_most_asked_questions(phone: Any) -> None:
    """Before anything is typed, the phone's search screen lists the most asked questions and the topics."""
    open_search(phone)
    phone.wait_for_selector(".hc-search-suggest:not([hidden]) .hc-search-suggest__questions a")
    assert phone.locator(".hc-search-suggest__questions a").first.is_visible()
    assert phone.locator(".hc-search-suggest__topics a").count() == 5


def test_no_match_offers_closest_questions_topics_and_the_self_check(phone: Any) -> None:
    """ "xyzzy" or other words nobody uses: the most asked questions, the topics, the self-check and support."""
    # (A question in German or French finds the translated answers since issue 20.)
    for query in ("xyzzy", "plumbus grommet"):
        open_search(phone)
        phone.fill(SEARCH_INPUT, query)
        phone.wait_for_selector(".hc-search-help:not([hidden])")
        assert phone.locator(".hc-search-suggest__questions a").first.is_visible(), query
        assert phone.locator(".hc-search-suggest__topics a").first.is_visible(), query
        assert phone.locator(".hc-search-help__self-check a").is_visible(), query
        assert "mailto:support@alsgem.com" in phone.locator(".hc-search-help__email").get_attribute("href")


def test_a_payment_snippet_answers_and_never_marks_not(desktop: Any) -> None:
    """A payment query's snippet is not the Internet Explorer note, and "not" is never marked."""
    open_search(desktop)
    for query in ("my payment did not go through", "site not accept my card", "i cant pay"):
        desktop.fill(SEARCH_INPUT, query)
        desktop.wait_for_selector(".md-search-result__item")
        first = desktop.locator(".md-search-result__item").first
        assert "Internet Explorer" not in first.locator("p").inner_text(), query
        marked = [m.lower() for m in desktop.locator(".md-search-result__item mark").all_inner_texts()]
        assert not {"not", "don't", "didn't", "cannot", "can't", "no"} & set(marked), (query, marked)


def run_check(page: Any) -> None:
    page.goto("self-check/")
    page.click("#self-check-run")
    page.wait_for_selector("#self-check-results:not([hidden])", timeout=90_000)


def test_an_all_ok_result_leads_with_the_decision_and_fits_two_phone_screens(new_context: Callable[..., Any]) -> None:
    """Verdict, what to try next and the report's buttons first; the whole page within two 844 px screens."""
    page = current_chrome(new_context, **PHONE)
    page.goto("self-check/")
    bar = page.locator("#self-check-progress-bar")
    assert bar.evaluate("e => getComputedStyle(e).accentColor") != "auto"
    run_check(page)
    verdict = page.locator("#self-check-verdict")
    assert page.locator("#self-check-summary").inner_text() == "Your browser looks ready for checkout."
    assert "another card" in verdict.inner_text()
    assert "PayPal" in verdict.inner_text()
    assert verdict.locator("#self-check-copy").is_visible()
    assert verdict.locator("#self-check-email").is_visible()
    assert "md-button--primary" not in (page.locator("#self-check-email").get_attribute("class") or "")
    assert page.locator("#self-check-run").inner_text() == "Check again"
    assert not bar.is_visible(), "the progress bar stays after the run"
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * 844, f"an all-OK report is {height} px tall on a phone"
    # The folded steps: none says "OK" above a check that was not made.
    page.locator("#self-check-passed > summary").click()
    for step in page.locator("#self-check-passed-list > li").all():
        text = step.inner_text()
        if "Not checked" in text:
            assert "\nOK\n" not in f"\n{text}\n".replace("\u2713", ""), text


def test_a_browser_that_fails_step_1_is_never_called_fine(new_context: Callable[..., Any]) -> None:
    """Internet Explorer: step 1 says the problem, no line of it says OK; E-mail is the primary button."""
    page = new_context(user_agent=IE11, **DESKTOP).new_page()
    run_check(page)
    first = page.locator("#self-check-list > li").first
    assert "Problem found" in first.inner_text()
    assert "OK" not in first.inner_text().split()
    assert "all the web features" not in first.inner_text()
    assert "md-button--primary" in page.locator("#self-check-email").get_attribute("class")
    assert page.locator("#self-check-next").inner_text().startswith("First:")


def test_without_javascript_the_self_check_does_not_blame_the_browser(new_context: Callable[..., Any]) -> None:
    """With JavaScript off the page says the check needs it, not that the browser is too old."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto("self-check/")
    lead = page.locator(".self-check-fallback-lead").inner_text()
    assert "JavaScript" in lead
    assert "too old" not in lead
    assert "yours cannot" not in lead
