"""Search in the page: shoppers' own words find the answer, shown as its question and a marked snippet;
when little is found, the ways on; the keyboard works; and the page ranks as `helpcenter search` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from shopper import RESULT_ITEMS, heading, open_search, search, top_results
from test_search_quality import shoppers_queries, site_engine

from generator.search.index import run_engine

CONTENT = Path(__file__).resolve().parents[2] / "content" / "faq"


def question(entry_id: str) -> str:
    return yaml.safe_load((CONTENT / f"{entry_id}.yml").read_text(encoding="utf-8"))["question"]


def keywords(entry_id: str) -> list[str]:
    return yaml.safe_load((CONTENT / f"{entry_id}.yml").read_text(encoding="utf-8")).get("keywords", [])


def help_shown(page: Any) -> dict[str, Any]:
    """What the "not what you were looking for" part shows: visible, and its visible links."""
    return page.evaluate("""() => {
        const help = document.querySelector('.hc-search-help');
        const links = [...help.querySelectorAll('a')].filter(a => !a.closest('[hidden]'));
        return {shown: !help.hidden && help.offsetHeight > 0, links: links.map(a => a.getAttribute('href'))};
    }""")


@pytest.mark.parametrize(
    ("words", "expected", "device", "start"),
    [
        ("refund", "return-or-exchange", "desktop", "/"),
        ("coupon", "use-discount-code", "desktop", "/"),
        ("parcel", "track-my-package", "phone", "/"),
        ("broken", "damaged-or-faulty-item", "phone", "/faq/cannot-pay/"),
        ("spam", "no-confirmation-email", "desktop", "/payment/"),
    ],
)
def test_search_finds_the_answer_from_a_shoppers_word(
    request: pytest.FixtureRequest, words: str, expected: str, device: str, start: str
) -> None:
    """A shopper types their own word ("parcel", not "package"): the right question comes first and opens.

    From the home page's big search button, or from another page's header
    (the search field on a desktop, the magnifier on a phone).
    """
    assert words not in question(expected).lower(), "the word should come from keywords, not the question"
    assert any(words in keyword for keyword in keywords(expected)), f"{expected} does not list {words!r}"

    page = request.getfixturevalue(device)
    page.goto(start)
    open_search(page)
    search(page, words)
    [hit] = top_results(page, 1)
    assert hit == {"title": question(expected), "path": f"/faq/{expected}/"}

    page.locator(RESULT_ITEMS).first.locator("a.md-search-result__link").click()
    page.wait_for_url(f"**{hit['path']}")
    assert heading(page) == hit["title"]


def test_the_page_ranks_as_the_engine_does_in_node(desktop: Any, built_site: Path) -> None:
    """For a sample of the shoppers' queries (every kind), the page's first three answers are the ones
    `helpcenter search` and the quality test get from the same index and engine."""
    sample = shoppers_queries()[::13]
    files = site_engine(built_site)
    expected = run_engine(files["index"], [q["q"] for q in sample], limit=3, engine=files["engine"], stemmer=files["stemmer"])
    page = desktop
    page.goto("/")
    open_search(page)
    for query, answer in zip(sample, expected, strict=True):
        page.fill("input.md-search__input", "")
        search(page, query["q"])
        shown = [r["path"] for r in top_results(page, 3)]
        assert shown == [f"/{r['url']}" for r in answer["results"]], query["q"]


def test_an_answer_shows_its_question_then_a_snippet_with_the_words_marked(phone: Any) -> None:
    """'my ring broke': the damaged-item question first, the matched words marked in it and in a short
    part of its answer; never an editor's hidden phrasings."""
    page = phone
    page.goto("/")
    open_search(page)
    search(page, "my ring broke")
    first = page.locator(RESULT_ITEMS).first
    assert first.locator("h2").text_content() == question("damaged-or-faulty-item")
    assert first.locator("h2 mark").all_text_contents() == ["item", "damaged", "faulty"]
    snippet = first.locator("p").text_content() or ""
    assert "damaged" in first.locator("p mark").all_text_contents()
    assert len(snippet) < 260
    assert snippet.endswith("…")
    phrasings = yaml.safe_load((CONTENT / "damaged-or-faulty-item.yml").read_text("utf-8"))["phrasings"]
    shown = page.locator(".md-search-result").text_content() or ""
    assert not [p for p in phrasings if p in shown]
    assert help_shown(page)["shown"] is False


def test_no_answer_offers_support_and_payment_words_the_self_check(desktop: Any) -> None:
    """Nothing found: no results, the self-check (the shopper may not have the words for a payment problem)
    and an email link that carries the words; weak payment words: the closest questions, the email link and the
    checkout self-check."""
    page = desktop
    page.goto("/")
    open_search(page)
    search(page, "xylophone lessons")
    assert page.locator(".md-search-result__meta").text_content() == "No answer matches your words. These may help:"
    assert page.locator(RESULT_ITEMS).count() == 0
    assert help_shown(page) == {
        "shown": True,
        "links": ["self-check/", "mailto:support@alsgem.com?subject=Question%3A%20xylophone%20lessons"],
    }

    page.fill("input.md-search__input", "")
    search(page, "paypal spinning wheel forever")
    assert "closest" in (page.locator(".md-search-result__meta").text_content() or "")
    assert [r["path"] for r in top_results(page, 2)] == ["/faq/how-can-i-pay/", "/faq/cannot-pay/"]
    help_links = help_shown(page)
    assert help_links["shown"]
    assert help_links["links"][0] == "self-check/"
    page.get_by_role("dialog").get_by_role("link", name="Run the checkout self-check").click()
    page.wait_for_url("**/self-check/")


def test_keyboard_opens_moves_through_and_closes_search(desktop: Any) -> None:
    """'/' opens search from anywhere, the arrows move through the answers, Escape closes, Enter opens the first."""
    page = desktop
    page.goto("/faq/cannot-pay/")
    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    search(page, "wrong")
    focused = "() => document.activeElement.closest('li') ? document.activeElement.querySelector('h2').textContent : document.activeElement.tagName"
    titles = [r["title"] for r in top_results(page, 2)]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == titles[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == titles[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == "INPUT"
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")

    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    page.keyboard.press("Control+A")
    search(page, "where is my parcel")
    page.keyboard.press("Enter")
    page.wait_for_url("**/faq/track-my-package/")


def test_a_query_in_a_market_language_is_told_the_answers_are_in_english(phone: Any) -> None:
    """Spanish on a phone: content/markets.yml's sentence in Spanish (marked lang="es"), then that the answers
    are in English; its payment words still lead to "I cannot pay" first and to the checkout self-check."""
    page = phone
    page.goto("/")
    open_search(page)
    search(page, "no puedo pagar con mi tarjeta")
    meta = page.locator(".md-search-result__meta")
    assert meta.locator("span[lang=es]").text_content() == "Nuestras respuestas están en inglés."
    assert "Our answers are in English" in (meta.text_content() or "")
    assert [r["path"] for r in top_results(page, 1)] == ["/faq/cannot-pay/"]
    help_links = help_shown(page)
    assert help_links["shown"]
    assert help_links["links"][0] == "self-check/"
