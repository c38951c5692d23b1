"""Reading the user agent string: ua-parser with lazily compiled rules, plus our own tokens.

ua-parser's default parser compiles all of its ~1,300 rules on first use (about
350 ms in Pyodide). We build our own parser from the *lazy* builtin matchers, which
compile a rule only when it is tried, and ask only for the browser and OS domains:
the device rules (633 of them) are the slowest part and we do not need them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .facts import clean_text


@cache
def _get_parser() -> Any:
    """ua-parser's parser over its builtin rules, made on first use.

    In the page (Pyodide) the rules compile lazily, for a fast first report; in CPython
    (``helpcenter diagnose`` on thousands of user agents) they compile at once, which
    makes each parse about 1.5 times faster.
    """
    from ua_parser import BasicResolver, Parser
    from ua_parser.loaders import load_builtins, load_lazy_builtins

    return Parser(BasicResolver(load_lazy_builtins() if sys.platform == "emscripten" else load_builtins()))


@dataclass(frozen=True)
class Parsed:
    """What ua-parser made of a user agent: browser family/version and OS family/version."""

    family: str | None = None
    version: tuple[str, ...] = ()
    os: str | None = None
    os_version: tuple[str, ...] = ()


def _parts(*values: str | None) -> tuple[str, ...]:
    parts = []
    for value in values:
        if value is None or value == "":
            break
        parts.append(value)
    return tuple(parts)


@lru_cache(maxsize=64)
def parse(user_agent: str, browser: bool = True) -> Parsed:
    """Browser and OS according to ua-parser; an empty ``Parsed`` when it cannot tell.

    ``browser=False`` skips the browser rules (the OS rules are few and cheap): for
    when client hints already named the browser. Chrome's rule is about the 280th
    of 433, so this saves most of the first-call cost on Chromium browsers.
    """
    if not user_agent:
        return Parsed()
    from ua_parser import Domain

    domains = Domain.USER_AGENT | Domain.OS if browser else Domain.OS
    try:
        result = _get_parser()(user_agent, domains)
    except Exception:  # noqa: BLE001 - a rule choking on odd input must not stop the self-check
        return Parsed()
    agent, system = result.user_agent, result.os
    return Parsed(
        family=clean_text(agent.family, 60) if agent else None,
        version=_parts(agent.major, agent.minor, agent.patch) if agent else (),
        os=clean_text(system.family, 40) if system else None,
        os_version=_parts(system.major, system.minor, system.patch) if system else (),
    )


# In-app browsers of social and messaging apps: PayPal's pop-up cannot open in them.
IN_APP_TOKENS = (
    ("Instagram", re.compile(r"\bInstagram\b")),
    ("Facebook", re.compile(r"FBAN/|FBAV/|FB_IAB/|\bFBIOS\b")),
    ("TikTok", re.compile(r"BytedanceWebview|musical_ly|\btrill_|\bTikTok\b")),
    ("Snapchat", re.compile(r"\bSnapchat\b")),
    ("Pinterest", re.compile(r"\[Pinterest/|\bPinterest/(?:iOS|Android)")),
    ("LinkedIn", re.compile(r"LinkedInApp")),
    ("LINE", re.compile(r"\bLine/\d")),
    ("WeChat", re.compile(r"MicroMessenger")),
    ("X (Twitter)", re.compile(r"TwitterAndroid|Twitter for iP")),
    ("Google app", re.compile(r"\bGSA/\d")),
    ("KakaoTalk", re.compile(r"\bKAKAOTALK\b", re.IGNORECASE)),
    ("Weibo", re.compile(r"\b__weibo__|\bweibo__\d|\bWeibo(?:Intl|lite)iOS\b", re.IGNORECASE)),
)
ANDROID_APP = "Android WebView"
IOS_APP = "iOS WebView"
GENERIC_APPS = (ANDROID_APP, IOS_APP)
"""No app name in the user agent: just the system's web view that apps embed."""

# ua-parser's families for apps' built-in browsers -> the app we name. ua-parser calls any
# Android user agent with "Version/4.0 ... Chrome/NN" (the WebView's own form, whatever token
# the app adds after it) "Chrome Mobile WebView", after the rules of real browsers that share
# that form (UC Browser, QQ Browser ...), so their names win.
UAP_APPS = {
    "Chrome Mobile WebView": ANDROID_APP,
    "Mobile Safari UI/WKWebView": IOS_APP,
    "Facebook": "Facebook",
    "Instagram": "Instagram",
    "Pinterest": "Pinterest",
    "Snapchat": "Snapchat",
    "LinkedIn": "LinkedIn",
    "WeChat Browser": "WeChat",
    "Weibo": "Weibo",
    "Twitter": "X (Twitter)",
    "TikTok": "TikTok",
    "KakaoTalk": "KakaoTalk",
    "LINE": "LINE",
}

_ANDROID_WEBVIEW = re.compile(r";\s*wv\)")
_IOS_DEVICE = re.compile(r"\b(?:iPhone|iPad|iPod)\b")
_SAFARI_TOKEN = re.compile(r"\bSafari/")
_LEGACY_EDGE = re.compile(r"\bEdge/(\d{1,3})")
_INTERNET_EXPLORER = re.compile(r"\bMSIE \d|\bTrident/\d")
_CHROMIUM = re.compile(r"\b(?:Chrome|CriOS|Chromium)/(\d{1,6})")
_REDUCED_CHROME = re.compile(r"\bChrome/\d{1,6}\.0\.0\.0\b")
_GECKO = re.compile(r"\brv:\d[\d.]*\) Gecko/|\bFirefox/\d")
_PRESTO = re.compile(r"\bPresto/")
_GECKO_RV = re.compile(r"\brv:(\d{1,6})(?:\.\d+)*\) Gecko/")


def in_app_name(user_agent: str) -> str | None:
    """Name of the app whose built-in browser sent ``user_agent``, or None."""
    for name, token in IN_APP_TOKENS:
        if token.search(user_agent):
            return name
    if _ANDROID_WEBVIEW.search(user_agent):
        return ANDROID_APP
    if _IOS_DEVICE.search(user_agent) and "AppleWebKit" in user_agent and not _SAFARI_TOKEN.search(user_agent):
        # WKWebView in an app: like Safari, minus the "Safari/" token.
        return IOS_APP
    return None


def legacy_edge_major(user_agent: str) -> int | None:
    """Major version of the old EdgeHTML Edge (``Edge/18``), or None."""
    match = _LEGACY_EDGE.search(user_agent)
    return int(match[1]) if match else None


def is_internet_explorer(user_agent: str) -> bool:
    """MSIE 6-10 or IE 11 (``Trident/7.0; rv:11.0``)."""
    return bool(_INTERNET_EXPLORER.search(user_agent))


def chromium_major(user_agent: str) -> int | None:
    """The Chromium engine version in a user agent (``Chrome/156``), or None."""
    match = _CHROMIUM.search(user_agent)
    return int(match[1]) if match else None


def gecko_major(user_agent: str) -> int | None:
    """Gecko's version (``rv:128.0) Gecko/``): Firefox's number since Firefox 4, older ones are 1-2."""
    match = _GECKO_RV.search(user_agent)
    return int(match[1]) if match else None


def is_reduced(user_agent: str) -> bool:
    """Chrome's reduced UA: only the major version is real (``Chrome/156.0.0.0``)."""
    return bool(_REDUCED_CHROME.search(user_agent))


def engine_of(user_agent: str) -> str | None:
    """Browser engine by user agent tokens (iOS browsers are all WebKit)."""
    if is_internet_explorer(user_agent):
        return "Trident"
    if legacy_edge_major(user_agent) is not None:
        return "EdgeHTML"
    if _IOS_DEVICE.search(user_agent):
        return "WebKit"
    if _GECKO.search(user_agent):
        return "Gecko"
    if _CHROMIUM.search(user_agent):
        return "Blink"
    if _PRESTO.search(user_agent):
        return "Presto"
    if "AppleWebKit" in user_agent:
        return "WebKit"
    return None


def device_of(user_agent: str) -> str | None:
    """desktop, mobile or tablet from the user agent; None when it does not say."""
    if re.search(r"\biPad\b|\bTablet\b", user_agent):
        return "tablet"
    if re.search(r"\b(?:iPhone|iPod|Mobile|Windows Phone)\b", user_agent):
        return "mobile"
    if "Android" in user_agent:
        return "tablet"  # Android without "Mobile" is a tablet by convention
    if re.search(r"Windows NT|Macintosh|X11|CrOS|Linux", user_agent):
        return "desktop"
    return None
