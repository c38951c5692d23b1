"""The help center in German and French, in Chromium: the page's language, its alternates, the language menu
that keeps the shopper on the same answer, the notes on translations, and search in the page's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from shopper import axe_violations, open_search, search, top_results


def alternates(page: Any) -> dict[str, str]:
    """The language menu's links: the same answer in each language."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.md-select__link[hreflang]')]
        .map(a => [a.hreflang, new URL(a.href).pathname]))""")


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/de/faq/track-my-package/", "de", "Wie kann ich mein Paket verfolgen?"),
        ("/fr/faq/track-my-package/", "fr", "Comment suivre mon colis\u202f?"),
        ("/faq/track-my-package/", "en", "How do I track my package?"),
    ],
)
def test_each_language_has_its_page_lang_alternates_and_labels(desktop: Any, path: str, lang: str, title: str) -> None:
    """<html lang>, the question as heading, the menu to every language's same answer, Material's labels translated."""
    desktop.goto(path)
    assert desktop.locator("html").get_attribute("lang") == lang
    assert desktop.locator("h1").inner_text().strip().rstrip("¶").strip() == title
    assert alternates(desktop) == {
        "en": "/faq/track-my-package/",
        "de": "/de/faq/track-my-package/",
        "fr": "/fr/faq/track-my-package/",
    }
    # The head's hreflang links are `rel="alternate "`: none matches the exact selector with which Material's
    # script finds the links it fetches a sitemap beside (theme/main.html).
    assert desktop.locator("link[hreflang]").count() == 4
    assert desktop.locator("link[rel=alternate]").count() == 0
    placeholder = desktop.locator("input.md-search__input").get_attribute("placeholder")
    assert placeholder == {"de": "Suche", "fr": "Rechercher", "en": "Search"}[lang]
    back = desktop.locator(".hc-shop-link").inner_text().strip()
    assert back == {"de": "Zurück zu Alsgem", "fr": "Retour sur Alsgem", "en": "Back to Alsgem"}[lang]


def test_the_language_menu_keeps_the_shopper_on_the_same_answer(desktop: Any) -> None:
    """From the English answer to the German one, on to the French one, and back to English."""
    desktop.goto("/faq/wrong-address/")
    for lang, expected in (("de", "/de/faq/wrong-address/"), ("fr", "/fr/faq/wrong-address/"), ("en", "/faq/wrong-address/")):
        desktop.locator(".md-header .md-select button").hover()
        desktop.locator(f".md-select__link[hreflang={lang}]").click()
        desktop.wait_for_url(f"**{expected}")
        assert desktop.locator("html").get_attribute("lang") == lang
    desktop.goto("/de/")
    desktop.locator(".md-header .md-select button").hover()
    desktop.locator(".md-select__link[hreflang=en]").click()
    desktop.wait_for_url("**/index.html")  # English's home by an address nginx never sends elsewhere


def test_translated_pages_say_they_are_not_reviewed_and_link_within_their_language(phone: Any) -> None:
    """The note is shown; breadcrumbs, navigation and related questions stay in German."""
    phone.goto("/de/faq/use-discount-code/")
    assert "noch nicht geprüft" in phone.locator(".hc-translation-note").inner_text()
    links = phone.evaluate("() => [...document.querySelectorAll('article a[href]')].map(a => new URL(a.href).pathname)")
    assert "/de/" in links
    assert "/de/faq/more-than-one-discount-code/" in links
    assert not [link for link in links if link.startswith("/faq/")]
    assert axe_violations(phone, "German answer") == []


def test_search_answers_in_the_pages_language_and_in_the_querys(desktop: Any) -> None:
    """On the German page the dialog speaks German (before typing, with answers, with none); German words find
    the German answer; French words find the French one."""
    desktop.goto("/de/")
    open_search(desktop)
    meta = desktop.locator(".md-search-result__meta")
    desktop.wait_for_function("document.querySelectorAll('.hc-search-suggest__questions a').length > 0")
    assert meta.inner_text() == "Stellen Sie Ihre Frage in Ihren eigenen Worten"
    assert desktop.locator(".hc-search-suggest__title").all_inner_texts() == ["Häufigste Fragen", "Nach Thema stöbern"]
    assert (
        desktop.locator(".hc-search-suggest__questions a").first.evaluate("a => new URL(a.href).pathname")
        == "/de/faq/cannot-pay/"
    )
    search(desktop, "rabattcode vergessen")
    assert top_results(desktop, 1)[0]["path"] == "/de/faq/forgot-discount-code/"
    assert meta.inner_text().endswith(" passende Antworten") or meta.inner_text() == "1 passende Antwort"

    desktop.locator("input.md-search__input").fill("")
    search(desktop, "xyzzy")
    assert meta.inner_text() == "Keine Antwort passt zu Ihren Worten. Vielleicht hilft Ihnen das:"
    help_box = desktop.locator(".hc-search-help")
    assert help_box.locator("strong").inner_text() == "Nicht gefunden, wonach Sie suchen?"
    offers = [line.strip() for line in help_box.locator("li:visible").all_inner_texts()]
    assert offers == [
        "Starten Sie den Kassen-Selbsttest: Er prüft Ihren Browser in wenigen Sekunden auf Probleme beim Bezahlen.",
        "E-Mail an support@alsgem.com: Schreiben Sie uns, wonach Sie suchen, wir melden uns bei Ihnen.",
    ]
    assert help_box.locator("a").first.evaluate("a => new URL(a.href).pathname") == "/de/self-check/"
    assert (
        help_box.locator("a.hc-search-help__email").get_attribute("href") == "mailto:support@alsgem.com?subject=Frage%3A%20xyzzy"
    )

    desktop.locator("input.md-search__input").fill("")
    search(desktop, "où est mon colis")
    assert top_results(desktop, 1)[0]["path"] == "/fr/faq/track-my-package/"


def test_sitemap_lists_every_language_with_its_hreflang_alternates(built_site: Path) -> None:
    """Every page in every language, each with the addresses of all its translations and x-default (English)."""
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {
        u.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)}
        for u in ET.parse(built_site / "sitemap.xml").getroot().findall("s:url", ns)  # noqa: S314 - our own build output
    }
    expected = {
        "en": "https://help.alsgem.com/faq/cannot-pay/",
        "de": "https://help.alsgem.com/de/faq/cannot-pay/",
        "fr": "https://help.alsgem.com/fr/faq/cannot-pay/",
        "x-default": "https://help.alsgem.com/faq/cannot-pay/",
    }
    for loc in (
        "https://help.alsgem.com/faq/cannot-pay/",
        "https://help.alsgem.com/de/faq/cannot-pay/",
        "https://help.alsgem.com/fr/faq/cannot-pay/",
    ):
        assert urls[loc] == expected, loc
