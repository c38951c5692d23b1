"""Many user agents at once, for support and the shop: a list of user agents or a web server's access log.

``user_agent_line`` reads a line of a list of user agents; ``summarise_log`` reads an
nginx/Apache "combined" access log and counts visitors per verdict, the browsers that fail most
and the apps' built-in browsers. Lines come from ``input_file.InputLines``; bad lines
are counted and skipped. Memory is bounded whatever the log: reports are cached by user
agent (a real log repeats the same few hundred), visitors are remembered as 8-byte fingerprints,
and the browsers' tallies keep a bounded number of names.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .browser import app_phrase
from .facts import MAX_USER_AGENT
from .input_file import InputLines
from .policy import Policy
from .report import Report, diagnose, read_steps
from .shop import Shop

# host ident user [time] "request" status bytes "referer" "user agent" (nginx writes \x22 for ", Apache \")
_COMBINED = re.compile(
    r'^(?P<host>\S+) \S+ \S+ \[[^\]]*\] "(?P<request>(?:[^"\\]|\\.)*)" \d{3} (?:\d+|-) '
    r'"(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)"'
)
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\(.)")
# Crawlers, monitors and command-line tools: no shopper behind them.
_ROBOT = re.compile(r"bot\b|crawl|spider|slurp|curl/|wget/|python-|okhttp|http-?client|monitor|headless", re.IGNORECASE)


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)) if match[1] else match[2], text)


class Judge:
    """Reports for user agents, one ``diagnose`` per distinct user agent."""

    def __init__(self, *, steps: Any, policy: Policy | None, today: date, shop: Shop | None = None) -> None:
        self.steps, self.policy, self.today, self.shop = read_steps(steps), policy, today, shop
        self._cache: dict[str, Report] = {}

    def __call__(self, user_agent: str) -> Report:
        """The report for ``user_agent`` (from the cache when seen before)."""
        report = self._cache.get(user_agent)
        if report is None:
            if len(self._cache) >= CACHED_REPORTS:
                self._cache.clear()
            report = diagnose({"user_agent": user_agent}, steps=self.steps, policy=self.policy, today=self.today, shop=self.shop)
            self._cache[user_agent] = report
        return report


def user_agent_line(text: str) -> str | None:
    """The user agent on a line of a list of user agents; None for an empty or unreadable line."""
    bad = not text.strip() or len(text) > MAX_USER_AGENT or "\ufffd" in text or "\x00" in text
    return None if bad else text


class Fingerprints:
    """A set of 64-bit fingerprints in a flat table: 8 bytes a member, at most ``MAX_SLOTS`` slots.

    Once the table is two-thirds full at its largest, ``add`` stops remembering and says every
    fingerprint is new (``full`` is then True): counts may then include repeats, memory stays put.
    """

    MAX_SLOTS = 1 << 22  # 32 MiB: 2.8 million visitors

    def __init__(self, slots: int = 1 << 12) -> None:
        self._table = array("Q", bytes(8 * slots))
        self._used = 0
        self.full = False

    def add(self, fingerprint: int) -> bool:
        """Remember ``fingerprint``; True if it was not there before."""
        fingerprint = (fingerprint & 0xFFFF_FFFF_FFFF_FFFF) or 1  # 0 marks an empty slot
        table = self._table
        mask = len(table) - 1
        slot = fingerprint & mask
        while table[slot]:
            if table[slot] == fingerprint:
                return False
            slot = (slot + 1) & mask
        if self.full:
            return True
        table[slot] = fingerprint
        self._used += 1
        if 3 * self._used >= 2 * len(table):
            self._grow()
        return True

    def _grow(self) -> None:
        if len(self._table) >= self.MAX_SLOTS:
            self.full = True
            return
        old = self._table
        self._table = array("Q", bytes(16 * len(old)))
        self._used = 0
        for fingerprint in old:
            if fingerprint:
                self.add(fingerprint)


def _tally(counter: Counter[str], name: str) -> None:
    # Names come from user agents: a hostile log could make millions. The first ones are kept.
    if name in counter or len(counter) < TALLIED_NAMES:
        counter[name] += 1
    else:
        counter[OTHERS] += 1


CACHED_REPORTS = 4096
"""Reports kept by user agent; the cache starts again when full."""

TALLIED_NAMES = 1000
"""Browsers (and apps) named in a summary's tallies; later ones are counted as ``OTHERS``."""

OTHERS = "others"


@dataclass
class LogSummary:
    """What an access log says about its visitors' browsers."""

    lines: int = 0
    bad_lines: int = 0
    long_lines: int = 0
    requests: int = 0
    robots: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    failing: Counter[str] = field(default_factory=Counter)
    in_app: Counter[str] = field(default_factory=Counter)

    visitors_exact: bool = True
    """False when there were too many visitors to remember: later repeat visits count again."""

    @property
    def visitors(self) -> int:
        """Distinct (address, user agent) pairs that are not robots."""
        return sum(self.verdicts.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-able summary."""
        return {
            "lines": self.lines,
            "bad_lines": self.bad_lines,
            "long_lines": self.long_lines,
            "requests": self.requests,
            "robots": self.robots,
            "visitors": self.visitors,
            "visitors_exact": self.visitors_exact,
            "verdicts": dict(self.verdicts),
            "failing": dict(self.failing.most_common()),
            "in_app": dict(self.in_app.most_common()),
        }


def summarise_log(lines: InputLines, judge: Judge, *, path_prefix: str = "") -> LogSummary:
    """Count visitors (address + user agent) per verdict of the browser check (FAQ step 1)."""
    summary = LogSummary()
    seen = Fingerprints()
    for line in lines:
        summary.lines += 1
        match = _COMBINED.match(line)
        if match is None:
            summary.bad_lines += 1
            continue
        request = match["request"].split(" ")
        if path_prefix and (len(request) < 2 or not request[1].startswith(path_prefix)):
            continue
        summary.requests += 1
        agent = _unescape(match["agent"])
        if not seen.add(hash((match["host"], agent))):
            continue
        summary.visitors_exact = not seen.full
        if _ROBOT.search(agent):
            summary.robots += 1
            continue
        report = judge(agent)
        browser = report.findings[0]
        summary.verdicts[browser.status] += 1
        info = report.browser
        if info.in_app:
            _tally(summary.in_app, info.in_app)
        if browser.status == "fail":
            _tally(summary.failing, app_phrase(info.in_app) if info.in_app else _family_version(report))
    summary.lines += lines.blank + lines.long
    summary.bad_lines += lines.blank
    summary.long_lines = lines.long
    return summary


def _family_version(report: Report) -> str:
    info = report.browser
    if not info.family:
        return "not recognised"
    return f"{info.family} {info.major}" if info.major is not None else info.family
