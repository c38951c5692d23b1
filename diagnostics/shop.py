"""The shop the self-check speaks for: its name, its site and its support address.

They come from ``mkdocs.yml`` (``plugins: - helpcenter: shop:``): the build hands them to the
page in its context, ``helpcenter diagnose`` reads them from the same file. The rules never
name a shop themselves, so another shop (or a renamed one) is a change of configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .facts import clean_text

#: What the advice says where the shop's address is not known.
NO_DOMAIN = "our shop's site"


def _domain(url: str) -> str:
    """``https://www.shop.example/`` -> ``shop.example``: the address a shopper types and allows."""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    # A host name only: letters, digits, dots and hyphens (it lands in text shown and copied).
    return host if host and all(ch.isalnum() or ch in ".-" for ch in host) else ""


@dataclass(frozen=True)
class Shop:
    """The shop's name, its site's address and its support address; empty when unknown."""

    name: str = ""
    url: str = ""
    support_email: str = ""

    @classmethod
    def from_dict(cls, value: Any) -> Shop:
        """From the page's context (``{"name", "url", "support_email"}``); anything odd becomes empty."""
        if not isinstance(value, dict):
            return cls()
        return cls(
            name=clean_text(value.get("name"), 80) or "",
            url=clean_text(value.get("url"), 200) or "",
            support_email=clean_text(value.get("support_email"), 200) or "",
        )

    @property
    def domain(self) -> str:
        """The site's host without ``www.`` (``shop.example``), or "" when there is no address."""
        return _domain(self.url)

    @property
    def site(self) -> str:
        """How the advice names the shop's site: its domain, else a plain phrase."""
        return self.domain or NO_DOMAIN
