"""Search finds answers from the words shoppers use, even words the answer does not use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from shopper import RESULT_ITEMS, heading, open_search, search, top_results

CONTENT = Path(__file__).resolve().parents[2] / "content" / "faq"


def question(entry_id: str) -> str:
    return yaml.safe_load((CONTENT / f"{entry_id}.yml").read_text(encoding="utf-8"))["question"]


def keywords(entry_id: str) -> list[str]:
    return yaml.safe_load((CONTENT / f"{entry_id}.yml").read_text(encoding="utf-8")).get("keywords", [])


@pytest.mark.parametrize(
    ("words", "expected", "device", "start"),
    [
        ("refund", ("return-or-exchange",), "desktop", "/"),
        ("coupon", ("use-discount-code", "forgot-discount-code", "more-than-one-discount-code"), "desktop", "/"),
        ("parcel", ("track-my-package",), "phone", "/"),
        ("broken", ("damaged-or-faulty-item",), "phone", "/faq/cannot-pay/"),
        ("spam", ("no-confirmation-email",), "desktop", "/payment/"),
    ],
)
def test_search_finds_the_answer_from_a_shoppers_word(
    request: pytest.FixtureRequest, words: str, expected: tuple[str, ...], device: str, start: str
) -> None:
    """A shopper types their own word ("parcel", not "package"): the right question is in the first 3 results and opens.

    From the home page's big search button, or from another page's header
    (the search field on a desktop, the magnifier on a phone).
    """
    for entry_id in expected:
        assert words not in question(entry_id).lower(), "the word should come from keywords, not the question"
        assert any(words in keyword for keyword in keywords(entry_id)), f"{entry_id} does not list {words!r}"

    page = request.getfixturevalue(device)
    page.goto(start)
    open_search(page)
    search(page, words)
    results = top_results(page)
    paths = {f"/faq/{entry_id}/": question(entry_id) for entry_id in expected}
    ranks = [rank for rank, result in enumerate(results) if result["path"] in paths]
    assert ranks, f"{words!r}: none of {sorted(paths)} in the first 3 results {results}"
    hit = results[ranks[0]]
    assert hit["title"] == paths[hit["path"]]

    page.locator(RESULT_ITEMS).nth(ranks[0]).locator("a.md-search-result__link").first.click()
    page.wait_for_url(f"**{hit['path']}*")
    assert page.url.split("?")[0].endswith(hit["path"])
    assert heading(page) == hit["title"]
