"""Which browser the shopper uses: family, version, OS, device, engine, in-app or not.

The user agent is read with ua-parser (see ``useragent``) and our own tokens for
cases that matter at checkout (Internet Explorer, old Edge, in-app browsers).
User-Agent Client Hints, where the page got them, win for the brand and the full
version: Chrome's user agent only carries the major version (``Chrome/156.0.0.0``)
and Brave's looks exactly like Chrome's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import useragent
from .facts import Brand, BrowserFacts, ClientHints, plain_name

# ua-parser family -> (name we show, id in browsers.yml)
FAMILIES = {
    "Chrome": ("Chrome", "chrome"),
    "Chrome Mobile": ("Chrome", "chrome"),
    "Chrome Mobile iOS": ("Chrome", "chrome"),
    "Firefox": ("Firefox", "firefox"),
    "Firefox Mobile": ("Firefox", "firefox"),
    "Firefox iOS": ("Firefox", "firefox"),
    "Safari": ("Safari", "safari"),
    "Mobile Safari": ("Safari", "safari"),
    "Edge": ("Edge", "edge"),
    "Edge Mobile": ("Edge", "edge"),
    "Samsung Internet": ("Samsung Internet", "samsung-internet"),
    "Opera": ("Opera", "opera"),
    "Opera Mobile": ("Opera", "opera"),
    "Brave": ("Brave", "brave"),
    "Vivaldi": ("Vivaldi", "vivaldi"),
}

# Client-hint brand -> (name we show, id in browsers.yml)
BRANDS = {
    "Google Chrome": ("Chrome", "chrome"),
    "Microsoft Edge": ("Edge", "edge"),
    "Opera": ("Opera", "opera"),
    "Opera GX": ("Opera", "opera"),
    "Brave": ("Brave", "brave"),
    "Samsung Internet": ("Samsung Internet", "samsung-internet"),
    "Vivaldi": ("Vivaldi", "vivaldi"),
}

OS_NAMES = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}

# "Not=A?Brand", "Not_A Brand" ...: GREASE entries that only exist to keep servers honest.
_GREASE = re.compile(r"not.?a.?brand", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{1,6}")


def major_of(version: str | None) -> int | None:
    """The leading whole number of a version string ("156.0.8078.73" -> 156)."""
    match = _DIGITS.match(version or "")
    return int(match[0]) if match else None


def short_version(version: str) -> str:
    """At most major.minor.patch, as in the report ("156.0.8078.73" -> "156.0.8078")."""
    return ".".join(version.split(".")[:3])


@dataclass(frozen=True)
class BrowserInfo:
    """The shopper's browser as the checks see it; every field may be None (not known)."""

    kind: str = "unknown"
    """browser, internet-explorer, legacy-edge, in-app or unknown."""
    family: str | None = None
    version: str | None = None
    major: int | None = None
    policy_id: str | None = None
    """Key in browsers.yml (chrome, firefox, safari, edge, ...), when we know the browser."""
    engine: str | None = None
    engine_major: int | None = None
    """Chromium version of Blink browsers (judged on Chrome's calendar), Gecko's of Gecko ones."""
    os: str | None = None
    os_version: str | None = None
    device: str | None = None
    in_app: str | None = None
    parsed_family: str | None = None
    """ua-parser's own family name (uap-core's), for the unsupported families of browsers.yml."""

    @property
    def display(self) -> str:
        """Short plain description, e.g. "Chrome 156 on Windows"."""
        if self.kind == "in-app":
            what = app_phrase(self.in_app)
        elif self.family:
            what = f"{self.family} {self.major}" if self.major is not None else self.family
        else:
            what = "an unrecognised browser"
        return f"{what} on {self.os}" if self.os else what


def app_phrase(in_app: str | None) -> str:
    """ "Instagram's built-in browser", or "an app's built-in browser" when the app is not named."""
    if not in_app or in_app in useragent.GENERIC_APPS:
        return "an app's built-in browser"
    return f"{in_app}'s built-in browser"


def _real_brands(brands: tuple[Brand, ...] | None) -> list[Brand]:
    return [brand for brand in brands or () if not _GREASE.search(brand.brand)]


def _from_hints(hints: ClientHints) -> tuple[str, str, str | None] | None:
    """(family, policy id, version) from client hints, for the brands we know."""
    full = _real_brands(hints.full_version_list)
    for brand in full + _real_brands(hints.brands):
        if brand.brand in BRANDS:
            family, policy_id = BRANDS[brand.brand]
            version = next((item.version for item in full if item.brand == brand.brand), brand.version)
            return family, policy_id, version
    return None


def _hinted_chromium(hints: ClientHints | None) -> int | None:
    if hints is None:
        return None
    for brand in _real_brands(hints.full_version_list) + _real_brands(hints.brands):
        if brand.brand == "Chromium":
            return major_of(brand.version)
    return None


def _os_version(parsed: useragent.Parsed, user_agent: str, hints: ClientHints | None, family: str | None) -> str | None:
    os_name = parsed.os
    version = ".".join(parsed.os_version) or None
    hinted = hints.platform_version if hints and hints.platform_version else None
    if os_name == "Windows" and version == "10" and hinted:
        # Windows 11 also says "Windows NT 10.0"; the hint tells them apart.
        major = major_of(hinted)
        return "11" if major is not None and major >= 13 else "10"
    if os_name in ("Mac OS X", "Android") and hinted:
        return ".".join(hinted.split(".")[:2])
    if os_name == "Mac OS X" and version == "10.15.7":
        return None  # frozen in every Mac browser's user agent since 2020
    if os_name == "Android" and re.search(r"Android 10; K\)", user_agent):
        return None  # Chrome's reduced user agent: the real version is hidden
    if os_name == "iOS" and version == "18.6":
        # iOS 26 and later keep saying 18_6; Safari's own version equals the iOS version.
        return ".".join(parsed.version[:2]) if family == "Safari" and parsed.version else None
    return version


def identify(facts: BrowserFacts) -> BrowserInfo:
    """Everything we can tell about the browser from the user agent and client hints."""
    user_agent = facts.user_agent or ""
    hints = facts.client_hints
    hinted = _from_hints(hints) if hints else None
    # Client hints name the browser authoritatively; then ua-parser need only find the OS.
    # In-app, IE and old Edge are found by our own tokens, not by ua-parser.
    parsed = useragent.parse(user_agent, hinted is None)
    if not user_agent and hinted is None:
        return BrowserInfo()
    family, policy_id = FAMILIES.get(parsed.family or "", (parsed.family, None))
    if family == "Other":
        family = None
    version = ".".join(parsed.version) or None
    if version and useragent.is_reduced(user_agent):
        version = parsed.version[0]
    in_app = useragent.in_app_name(user_agent) or useragent.UAP_APPS.get(parsed.family or "")
    if hints and any(brand.brand == "Android WebView" for brand in _real_brands(hints.brands)):
        in_app = in_app or useragent.ANDROID_APP
    kind = "browser"
    if useragent.is_internet_explorer(user_agent):
        kind, family, policy_id = "internet-explorer", "Internet Explorer", None
    elif (edge := useragent.legacy_edge_major(user_agent)) is not None:
        kind, family, policy_id, version = "legacy-edge", "Edge (old version)", None, str(edge)
    elif in_app:
        kind, family, policy_id = "in-app", in_app, None
    elif hinted is not None:
        family, policy_id, version = hinted
        version = short_version(version) if version else None
    elif not family:
        kind = "unknown"
    family = plain_name(family)
    if kind == "browser" and not family:
        kind = "unknown"
    engine = useragent.engine_of(user_agent) or ("Blink" if hinted else None)
    if engine == "Blink":
        engine_major = _hinted_chromium(hints) or useragent.chromium_major(user_agent)
    elif engine == "Gecko":
        engine_major = useragent.gecko_major(user_agent)
    else:
        engine_major = None
    os_name = parsed.os if parsed.os != "Other" else None
    if hints and hints.platform and not os_name:
        os_name = hints.platform
    os_name = plain_name(OS_NAMES.get(os_name or "", os_name))
    device = useragent.device_of(user_agent)
    if hints and hints.mobile is not None and device in (None, "desktop", "mobile"):
        device = "mobile" if hints.mobile else "desktop"
    return BrowserInfo(
        kind=kind,
        family=family,
        version=_plain_version(version),
        major=major_of(version),
        policy_id=policy_id,
        engine=engine,
        engine_major=engine_major,
        os=os_name,
        os_version=_plain_version(_os_version(parsed, user_agent, hints, family)),
        device=device,
        in_app=plain_name(in_app),
        parsed_family=parsed.family,
    )


_VERSION = re.compile(r"^[0-9A-Za-z]{1,12}(?:\.[0-9A-Za-z]{1,12}){0,3}")


def _plain_version(version: str | None) -> str | None:
    """The leading dotted numbers and letters of a version ("156.0.8078", "11.0"), nothing else."""
    match = _VERSION.match(version or "")
    return match[0] if match else None
