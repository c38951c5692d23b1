"""What the self-check page's JavaScript found out about the shopper's browser.

The page only *collects* facts, in the shape ``diagnostics/schema/facts.schema.json``
describes; every verdict is made in Python. Facts arrive as one JSON object from a browser we do not control, so
``BrowserFacts.from_dict`` is total: any input, including garbage types, hostile
strings and missing fields, becomes a ``BrowserFacts`` where "not known" is ``None``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import plain_text

MAX_USER_AGENT = 1000
"""User agents longer than this are cut; real ones are under 500 characters."""

MAX_TEXT = 100
"""Longest brand name, version, platform or language we keep."""

MAX_BRANDS = 20
"""Most client-hint brands we look at (real browsers send three or four)."""

MAX_NAME = 40
"""Longest browser, app or system name we show: names come from the user agent."""

COOKIE_RESULTS = ("ok", "blocked", "error")
STORAGE_RESULTS = ("ok", "blocked", "error")
SCRIPT_RESULTS = ("loaded", "blocked", "timeout")
"""``timeout``: the script neither loaded nor failed in time (slow network): no verdict."""
BAIT_RESULTS = ("visible", "hidden")
POPUP_RESULTS = ("allowed", "blocked")
FEATURES = ("webassembly", "fetch", "promise", "module_worker", "es_modules", "crypto", "intl")


def clean_text(value: Any, limit: int = MAX_TEXT) -> str | None:
    """A string cut to ``limit`` with control, bidi and zero-width characters made spaces; else None."""
    return plain_text.clean_text(value, limit)


# Letters, digits, spaces and the punctuation real names use ("Seznam prohlížeč", "X (Twitter)",
# "Mobile Safari UI/WKWebView"); no markup, quotes, control, format or bidi characters.
_NAME_PUNCTUATION = set(" .,-_+()/&!:'")


def plain_name(value: Any, limit: int = MAX_NAME) -> str | None:
    """A name fit for the report and a terminal: printable, plain and short; None if nothing is left."""
    if not isinstance(value, str):
        return None
    kept = "".join(
        char if char in _NAME_PUNCTUATION or unicodedata.category(char)[0] in "LN" else " " for char in value[: limit * 4]
    )
    words = kept.split()
    name = ""
    for word in words:
        candidate = f"{name} {word}" if name else word
        if len(candidate) > limit:
            break
        name = candidate
    if not name and words:
        name = words[0][:limit]
    return name or None


def _choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def _flag(value: Any) -> bool | None:
    # bool only: 0/1, "true" and friends count as unknown, not as a yes or no.
    return value if isinstance(value, bool) else None


def _section(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Brand:
    """One entry of ``navigator.userAgentData`` brands, e.g. ``Google Chrome 156``."""

    brand: str
    version: str


def _brands(value: Any) -> tuple[Brand, ...] | None:
    if not isinstance(value, list):
        return None
    brands = []
    for item in value[:MAX_BRANDS]:
        if isinstance(item, dict):
            name = clean_text(item.get("brand"))
            version = clean_text(item.get("version"))
            if name and version is not None:
                brands.append(Brand(name, version))
    return tuple(brands)


@dataclass(frozen=True)
class ClientHints:
    """User-Agent Client Hints (Chromium browsers only; Firefox and Safari send none)."""

    brands: tuple[Brand, ...] = ()
    full_version_list: tuple[Brand, ...] | None = None
    mobile: bool | None = None
    platform: str | None = None
    platform_version: str | None = None
    model: str | None = None

    @classmethod
    def from_dict(cls, data: Any) -> ClientHints | None:
        """Client hints from the page's ``client_hints`` object; None when absent or not an object."""
        if not isinstance(data, dict):
            return None
        return cls(
            brands=_brands(data.get("brands")) or (),
            full_version_list=_brands(data.get("full_version_list")),
            mobile=_flag(data.get("mobile")),
            platform=clean_text(data.get("platform")),
            platform_version=clean_text(data.get("platform_version")),
            model=clean_text(data.get("model")),
        )


@dataclass(frozen=True)
class BrowserFacts:
    """Everything the page could find out; every field may be None (not known)."""

    user_agent: str | None = None
    client_hints: ClientHints | None = None
    cookies_enabled: bool | None = None
    """``navigator.cookieEnabled``: can say yes while cookies are in fact blocked."""
    test_cookie: str | None = None
    """A real first-party cookie write/read/delete: ok, blocked or error."""
    local_storage: str | None = None
    session_storage: str | None = None
    payment_probe: str | None = None
    ad_probe: str | None = None
    ad_bait: str | None = None
    paypal_sdk: str | None = None
    popup: str | None = None
    features: dict[str, bool] = field(default_factory=dict)
    """Only features the page reported as a true/false value."""
    java_enabled: bool | None = None
    screen_width: int | None = None
    screen_height: int | None = None
    touch: bool | None = None
    language: str | None = None

    @classmethod
    def from_dict(cls, data: Any) -> BrowserFacts:
        """Facts from the page's JSON object; never raises, whatever ``data`` is."""
        if isinstance(data, BrowserFacts):
            return data
        if not isinstance(data, dict):
            return cls()
        cookies = _section(data, "cookies")
        storage = _section(data, "storage")
        scripts = _section(data, "scripts")
        screen = _section(data, "screen")
        features = _section(data, "features")
        return cls(
            user_agent=clean_text(data.get("user_agent"), MAX_USER_AGENT),
            client_hints=ClientHints.from_dict(data.get("client_hints")),
            cookies_enabled=_flag(cookies.get("navigator_enabled")),
            test_cookie=_choice(cookies.get("test_cookie"), COOKIE_RESULTS),
            local_storage=_choice(storage.get("local"), STORAGE_RESULTS),
            session_storage=_choice(storage.get("session"), STORAGE_RESULTS),
            payment_probe=_choice(scripts.get("payment_probe"), SCRIPT_RESULTS),
            ad_probe=_choice(scripts.get("ad_probe"), SCRIPT_RESULTS),
            ad_bait=_choice(scripts.get("ad_bait"), BAIT_RESULTS),
            paypal_sdk=_choice(scripts.get("paypal_sdk"), SCRIPT_RESULTS),
            popup=_choice(data.get("popup"), POPUP_RESULTS),
            features={name: value for name in FEATURES if isinstance(value := features.get(name), bool)},
            java_enabled=_flag(_section(data, "java").get("navigator_java_enabled")),
            screen_width=_size(screen.get("width")),
            screen_height=_size(screen.get("height")),
            touch=_flag(screen.get("touch")),
            language=clean_text(data.get("language"), 35),
        )

    @classmethod
    def from_user_agent(cls, user_agent: str) -> BrowserFacts:
        """Facts when only the user agent is known (support staff's command line)."""
        return cls.from_dict({"user_agent": user_agent})


def _size(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= 100_000 else None
