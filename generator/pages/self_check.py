"""The checkout self-check's body: its steps as HTML and the context its Python reads.

The self-check page is a generated Markdown page like the others; its body is this HTML
fragment (``theme/helpcenter/self-check.html``), put in its slot after MkDocs rendered the
page. The context is what ``diagnostics.web.run`` gets in the browser: the FAQ steps, the
browser policy, the shop (name, site, support address, from mkdocs.yml) and the report's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import markdown

from diagnostics.report_text import labels
from generator.content.entries import HelpCenter
from generator.content.localize import ENGLISH, Language

from . import self_check_words
from .renderer import Renderer, json_ld
from .sanitize import clean

#: Where the fragment goes in the page MkDocs rendered (``theme/helpcenter/self-check.md``).
SLOT = '<div id="hc-self-check-slot"></div>'


@dataclass(frozen=True)
class SelfCheckPage:
    """What the fragment needs besides the content: the shop and the site's settings, as plain values."""

    shop: dict[str, str]
    """``{"name", "url", "support_email"}`` from mkdocs.yml's shop block."""
    site_url: str
    base_url: str
    """From this page to the site's root ("../" with directory URLs)."""
    assets_url: str
    runtime_url: str
    paypal_sdk_url: str
    load_timeout: float
    run_timeout: float
    stall_timeout: float
    preloads: tuple[str, ...] = ()
    """The scripts the check imports, from the root, for ``<link rel=modulepreload>`` (SelfCheckAssets.preloads)."""
    runtime: dict[str, Any] | None = None
    """The runtime manifest with the lock's data, carried by the page (SelfCheckAssets.page_runtime)."""


def context(center: HelpCenter, page: SelfCheckPage) -> dict[str, Any]:
    """The JSON the page's Python reads (``diagnostics.web.run``): steps, policy, shop, labels."""
    entry = center.troubleshooting_entry()
    if entry is None:
        raise ValueError("the self-check page needs the entry with 'self_check: true'")
    # The report a shopper emails needs addresses that work outside the site.
    return {
        "steps": [{"id": s.id, "title": s.title, "url": f"{page.site_url}{entry.url}#{s.anchor}"} for s in entry.steps],
        "policy": center.browsers,
        "shop": page.shop,
        "labels": labels(page.shop.get("name", "")),  # the report's words, for the page's facts-only report
    }


def fragment(
    renderer: Renderer,
    center: HelpCenter,
    page: SelfCheckPage,
    md: markdown.Markdown,
    *,
    localized: HelpCenter | None = None,
    language: Language | None = None,
) -> str:
    """The page's body: each step's text as cleaned HTML, the context, the settings as data attributes.

    In another language (`localized`, `language`): that language's steps, linking to its answer, its
    sentences for the page (``context.texts``), and the fragment's own text translated (self_check_words.py).
    The context's steps stay English, as the report sent to support does.
    """
    entry = center.troubleshooting_entry()
    if entry is None:
        raise ValueError("the self-check page needs the entry with 'self_check: true'")
    code = language.code if language else ENGLISH
    published = language is not None and localized is not None and language.published(entry.id)
    shown = (localized.troubleshooting_entry() if published and localized else None) or entry
    prefix = language.prefix if published and language else ""
    base = page.base_url
    steps = [
        {
            "id": s.id,
            "title": s.title,
            "url": f"{base}{prefix}{shown.url}#{s.anchor}",
            "text_html": clean(md.reset().convert(renderer.faq_links(s.text, f"{base}{prefix}faq/", "/"))),
        }
        for s in shown.steps
    ]
    data = context(center, page)
    texts = self_check_words.pairs(center, localized, code) if localized is not None and code != ENGLISH else []
    if texts:
        data |= {"lang": code, "texts": texts, "local_steps": self_check_words.local_steps(shown, base, prefix)}
    html = renderer.render_fragment(
        "helpcenter/self-check.html",
        steps=steps,
        context_json=json_ld(data),
        base_url=base,
        assets_url=page.assets_url,
        runtime_url=page.runtime_url,
        support_email=page.shop.get("support_email", ""),
        paypal_sdk_url=page.paypal_sdk_url,
        load_timeout=page.load_timeout,
        run_timeout=page.run_timeout,
        stall_timeout=page.stall_timeout,
        preloads=page.preloads,
        runtime_json=json_ld(page.runtime) if page.runtime else "",
        downloads=[f"{page.runtime_url}{name}" for name in (page.runtime or {}).get("downloads", [])],
    )
    return self_check_words.translate_html(html, texts)
