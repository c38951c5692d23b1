"""Real-world user agents from ua-parser's uap-core (tests/data/uap-core/cases.jsonl.gz), sorted into classes.

A class is decided from uap-core's own labels (the expected browser family and major version)
and from plain tokens of the user agent, never from our rules: the corpus test and
bench/diagnose_corpus.py then count what our rules say per class.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: uap-core's labelled user agents, each distinct (user agent, family, major) once; made from a
#: pinned uap-core commit by scripts/uap_fixture.py (its first line names the commit).
CORPUS = Path(__file__).resolve().parent / "data" / "uap-core" / "cases.jsonl.gz"

INTERNET_EXPLORER = {"IE", "IE Mobile"}
# Browsers that cannot run a modern checkout (issue 10, point 3), by uap-core's family names.
DEAD = {
    "Opera Mini",
    "NetFront",
    "NetFront NX",
    "Obigo",
    "UP.Browser",
    "Openwave",
    "Nokia Services (WAP) Browser",
    "Nokia Browser",
    "Nokia OSS Browser",
    "NokiaBrowser",
    "Ovi Browser",
    "BlackBerry WebKit",
    "BlackBerry",
    "KaiOS",
}
# Apps' built-in browsers, by uap-core's family names: PayPal's window cannot open there.
IN_APP = {
    "Facebook",
    "Instagram",
    "Pinterest",
    "WeChat Browser",
    "Weibo",
    "Twitter",
    "TikTok",
    "KakaoTalk",
    "LINE",
    "Snapchat",
    "LinkedIn",
    "Chrome Mobile WebView",
    "Mobile Safari UI/WKWebView",
}
CURRENT_FAMILIES = {
    "Chrome",
    "Chrome Mobile",
    "Chrome Mobile iOS",
    "Firefox",
    "Firefox Mobile",
    "Firefox iOS",
    "Safari",
    "Mobile Safari",
    "Edge",
    "Edge Mobile",
}
_KAIOS = re.compile(r"KAIOS", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    """One labelled user agent of the corpus."""

    user_agent: str
    family: str
    major: int | None

    @property
    def kind(self) -> str:
        """internet-explorer, dead, in-app, unknown, major-browser or other (from the labels)."""
        if self.family in INTERNET_EXPLORER:
            return "internet-explorer"
        if self.family in DEAD or _KAIOS.search(self.user_agent) or self._dead_by_version():
            return "dead"
        if self.family in IN_APP:
            return "in-app"
        if self.family == "Other":
            return "unknown"
        if self.family in CURRENT_FAMILIES:
            return "major-browser"
        return "other"

    def _dead_by_version(self) -> bool:
        major = self.major
        if major is None:
            return False
        return (
            (self.family in ("Opera", "Opera Mobile") and major < 15)  # Presto: Opera 12 and older
            or (self.family == "Android" and major <= 4)  # the stock browser of Android 4.x and older
            or (self.family == "UC Browser" and major <= 10)
        )


def _major(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() and len(text) <= 6 else None


def fixture_commit(corpus: Path = CORPUS) -> str:
    """The uap-core commit the fixture was made from (its first line)."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        return str(json.loads(next(lines))["uap_core"])


def cases(corpus: Path = CORPUS) -> Iterator[Case]:
    """Every labelled user agent of the fixture, in uap-core's file order."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        next(lines)  # the header: commit, files, fields
        for line in lines:
            user_agent, family, major = json.loads(line)
            yield Case(user_agent, family, _major(major))


_BUMPS = (
    (re.compile(r"\b(Chrome|CriOS)/\d+"), r"\1/999999"),
    (re.compile(r"\b(Firefox|FxiOS)/\d+"), r"\1/999"),
    (re.compile(r"\bVersion/\d+"), "Version/6533"),
)


def absurd_versions(corpus: list[Case]) -> list[str]:
    """Real user agents of major browsers with the version made impossible (Chrome/999999, Firefox/999,
    Version/6533), plus the forms seen in the wild (a Safari WebKit build number as its version)."""
    made = {"Safari/6533.18.5 CFNetwork/454.9.8 Darwin/10.4.0"}
    for case in corpus:
        if case.kind != "major-browser":
            continue
        for pattern, bump in _BUMPS:
            changed = pattern.sub(bump, case.user_agent)
            if changed != case.user_agent:
                made.add(changed)
                break
    return sorted(made)


# Markup, control characters and bidirectional overrides: none may reach any output.
UNSAFE_OUTPUT = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_HOSTILE_PARTS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\u202egnp.exe",
    "\u2066evil\u2069",
    "a\u200bb",
    "\x1b[31mred",
    "line\r\nbreak",
    "\ufeffbom",
    "\"quoted'&amp;",
)
_HOSTILE_TEMPLATES = (
    "{} CFNetwork/1220.1 Darwin/20.3.0",
    "{}/1.0 CFNetwork/978.0.7 Darwin/18.5.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 {}/3.2",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/150.0.0.0 Mobile Safari/537.36 {}/1.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) {}/9.9 Safari/537.36",
    "Mozilla/5.0 ({}; Linux x86_64; rv:160.0) Gecko/20100101 Firefox/160.0",
    "{}",
)


def strings_in(value: object) -> list[str]:
    """Every string inside a report's JSON-like data (dicts, lists), depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def hostile_user_agents() -> list[str]:
    """Markup, control characters and bidi overrides where real user agents carry names and versions."""
    return [template.format(part) for template in _HOSTILE_TEMPLATES for part in _HOSTILE_PARTS]
