"""What a shopper does in the help center, as Playwright steps shared by the browser tests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: A shopper's phone (an iPhone-sized screen).
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}

SEARCH_INPUT = "input.md-search__input"
RESULT_ITEMS = "ol.md-search-result__list > li.md-search-result__item"


def is_local(url: str, site_url: str) -> bool:
    """Whether ``url`` stays on the served site (data:, blob: and about: never leave the browser)."""
    return url.startswith((site_url, "data:", "blob:", "about:"))


def site_paths(site: Path) -> list[str]:
    """Every page's path (``/``, ``/payment/``, ``/faq/cannot-pay/``…), read from the built sitemap."""
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()  # noqa: S314 - our own build output
    return [urlsplit(loc.text or "").path for loc in root.findall("sm:url/sm:loc", namespace)]


def open_search(page: Any) -> None:
    """Open search the way a shopper does: the home page's big button, else the header's search."""
    hero = page.locator(".hc-search-button")
    header_button = page.locator(".md-header label.md-header__button[for=__search]")
    if hero.count() and hero.is_visible():
        hero.click()
    elif header_button.is_visible():
        header_button.click()  # phones: the magnifier icon
    else:
        page.locator(SEARCH_INPUT).click()  # desktop: the search field in the header
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function(f"document.activeElement === document.querySelector('{SEARCH_INPUT}')")


def search(page: Any, words: str) -> None:
    """Type ``words`` into the open search field, key by key, and wait for their results.

    The search ranks on every key and notes on the result list which words its results are for;
    once that is ``words`` (and the answers have loaded), the results are final.
    """
    page.keyboard.type(words)
    page.wait_for_function(
        """words => {
            const results = document.querySelector('.md-search-result');
            return document.querySelector('input.md-search__input').value === words
                && results.dataset.query === words.trim()
                && results.querySelector('.md-search-result__meta').textContent !== results.dataset.loading;
        }""",
        arg=words,
    )


def top_results(page: Any, count: int = 3) -> list[dict[str, str]]:
    """The first ``count`` search results: each page's title and its link's path."""
    return page.evaluate(
        """([selector, count]) => [...document.querySelectorAll(selector)].slice(0, count).map(item => {
            const link = item.querySelector('a.md-search-result__link');
            const title = link.querySelector('h1, h2');
            return {title: title ? title.textContent.trim() : '', path: new URL(link.href).pathname};
        })""",
        [RESULT_ITEMS, count],
    )


def axe_violations(page: Any, state: str) -> list[str]:
    """Run axe-core on the page as it is now; one line per failing element: state, rule, impact, target, summary."""
    assert AXE.is_file(), f"axe-core missing at {AXE}: run `make setup` (npm ci)"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
            }));
        }"""
    )
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = re.sub(r"\s+", " ", node["summary"]).strip()
            lines.append(f"{state}: {violation['id']} [{violation['impact']}] {node['target']}: {summary}")
    return lines


def scheme(page: Any) -> str:
    """Material's colour scheme on the page: ``default`` (light) or ``slate`` (dark)."""
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def heading(page: Any) -> str:
    """The page's title as a shopper reads it (the h1 without its ¶ permalink)."""
    return page.locator("article h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()"
    )
