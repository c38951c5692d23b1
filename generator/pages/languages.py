"""The site in several languages: which page is which page's translation, and one navigation per language.

English pages keep their addresses (`/faq/<id>/`); another language's pages live under its code
(`/de/faq/<id>/`). A page's *alternates* are the same page in every language that has it (the same
address without the language prefix): they become `<link rel="alternate" hreflang>`, the sitemap's
`xhtml:link`s and the header's language menu, which so keeps the shopper on the same answer.
"""

from __future__ import annotations

import itertools
from typing import Any

from mkdocs.structure.nav import Navigation

from generator.content.localize import ENGLISH, Language

from .renderer import HOME, PageSource

#: Pages that only lead elsewhere have no alternates: they are never indexed.
_FORWARDING = ("redirect", "retired")


def language_of(src_uri: str, codes: list[str]) -> str:
    """The language of a page by its source path: `de/faq/x.md` is German, `faq/x.md` English."""
    first = src_uri.split("/", 1)[0]
    return first if first in codes and first != ENGLISH and "/" in src_uri else ENGLISH


def url_of(src_uri: str) -> str:
    """The site-relative address MkDocs gives a source path (directory URLs): `de/faq/x.md` -> `de/faq/x/`."""
    path = src_uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"


def add_alternates(pages: dict[str, PageSource], languages: list[Language]) -> None:
    """Give every page `hc_alternates`: [{lang, name, url}] of itself in each language that has it."""
    by_key: dict[str, list[tuple[Language, str]]] = {}
    for language in languages:
        for src_uri, page in pages.items():
            if page.meta.get("hc_kind") in _FORWARDING or page.meta.get("hc_lang", ENGLISH) != language.code:
                continue
            by_key.setdefault(src_uri.removeprefix(language.prefix), []).append((language, src_uri))
    for language in languages:
        for src_uri, page in pages.items():
            if page.meta.get("hc_lang", ENGLISH) != language.code or page.meta.get("hc_kind") in _FORWARDING:
                continue
            found = {lang.code: src for lang, src in by_key.get(src_uri.removeprefix(language.prefix), [])}
            page.meta["hc_alternates"] = [
                # A language without this page: the switcher leads to its home page instead.
                {
                    "lang": other.code,
                    "name": other.name,
                    "url": url_of(found.get(other.code, f"{other.prefix}{HOME}")),
                    "same": other.code in found,
                    "current": other.code == language.code,
                }
                for other in languages
            ]


def navigations(nav: Navigation, codes: list[str]) -> dict[str, Navigation]:
    """One navigation per language: its own items, its home page, previous/next links within it."""
    result = {}
    for code in codes:
        items = [item for item in nav.items if _item_language(item, codes) == code]
        pages = [page for page in nav.pages if language_of(page.file.src_uri, codes) == code]
        for before, after in itertools.pairwise(pages):
            after.previous_page, before.next_page = before, after
        if pages:
            pages[0].previous_page = None
            pages[-1].next_page = None
        language_nav = Navigation(items, pages)
        home = HOME if code == ENGLISH else f"{code}/{HOME}"
        language_nav.homepage = next((p for p in pages if p.file.src_uri == home), None)
        result[code] = language_nav
    return result


def _item_language(item: Any, codes: list[str]) -> str:
    file = getattr(item, "file", None)
    if file is not None:
        return language_of(file.src_uri, codes)
    children = getattr(item, "children", None) or []
    return _item_language(children[0], codes) if children else ENGLISH
