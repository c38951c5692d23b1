"""The site's own words that name the shop, made from mkdocs.yml's shop block: title, footer, robots.txt.

MkDocs and Material read ``site_name``, ``site_author`` and ``copyright`` from the top of
mkdocs.yml; the plugin fills them in from the shop block so that the shop is named in one
place only. Material prints them into pages as they are, so the shop's words are escaped here.
"""

from __future__ import annotations

import html
from typing import Any


def site_name(title: str, shop_name: str) -> str:
    """``"Help Center"`` -> ``"<shop> Help Center"`` (once: ``mkdocs serve`` may hand the same config back)."""
    name = html.escape(shop_name, quote=False)
    if not name or title.startswith(f"{name} "):
        return title
    return f"{name} {title}".strip()


def copyright_html(shop_name: str, support_email: str) -> str:
    """The footer's line: the shop's name and its support address as a mail link."""
    name = html.escape(shop_name, quote=False)
    if not support_email:
        return name
    address = html.escape(support_email, quote=True)
    return f'{name} · <a href="mailto:{address}">{address}</a>'


def apply_shop(config: Any, shop: dict[str, str]) -> None:
    """Fill MkDocs' own settings from the shop (``{"name", "url", "support_email", "logo"}``).

    ``site_name`` gets the shop's name in front; ``site_author`` and ``copyright`` are made
    unless mkdocs.yml sets them (then they are the site owner's own words).
    """
    config.site_name = site_name(config.site_name, shop["name"])
    if not config.site_author:
        config.site_author = shop["name"]
    if not config.copyright:
        config.copyright = copyright_html(shop["name"], shop["support_email"])
    if shop.get("logo"):
        # Material shows the theme's logo in the header and the drawer; none set: the theme's icon.
        config.theme["logo"] = shop["logo"]


def robots_txt(site_url: str) -> str:
    """robots.txt: every page may be indexed; the sitemap at the site's own address."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
