"""Many user agents at once, for support and the shop: a list of user agents or a web server's access log.

``judge_lines`` gives one report per user agent, in input order; ``summarise_log`` reads an
nginx/Apache "combined" access log (plain or gzip) and counts visitors per verdict, the
browsers that fail most and the apps' built-in browsers. Bad lines are counted and skipped.
Reports are cached by user agent: a real log repeats the same few hundred user agents.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .browser import app_phrase
from .facts import MAX_USER_AGENT
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


def open_text(path: Path) -> Iterator[str]:
    """Lines of a text file, gzip or not, undecodable bytes replaced (never fatal)."""
    with path.open("rb") as probe:
        zipped = probe.read(2) == b"\x1f\x8b"
    opener: Callable[..., Any] = gzip.open if zipped else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as lines:
        yield from lines


class Judge:
    """Reports for user agents, one ``diagnose`` per distinct user agent."""

    def __init__(self, *, steps: Any, policy: Policy | None, today: date, shop: Shop | None = None) -> None:
        self.steps, self.policy, self.today, self.shop = read_steps(steps), policy, today, shop
        self._cache: dict[str, Report] = {}

    def __call__(self, user_agent: str) -> Report:
        """The report for ``user_agent`` (from the cache when seen before)."""
        report = self._cache.get(user_agent)
        if report is None:
            if len(self._cache) > 100_000:
                self._cache.clear()
            report = diagnose({"user_agent": user_agent}, steps=self.steps, policy=self.policy, today=self.today,
                              shop=self.shop)
            self._cache[user_agent] = report
        return report


def user_agent_lines(lines: Iterable[str]) -> Iterator[tuple[int, str | None]]:
    """(line number, user agent) for a file of one user agent a line; None for a bad line."""
    for number, line in enumerate(lines, 1):
        text = line.rstrip("\r\n")
        bad = not text.strip() or len(text) > MAX_USER_AGENT or "\ufffd" in text or "\x00" in text
        yield number, None if bad else text


@dataclass
class LogSummary:
    """What an access log says about its visitors' browsers."""

    lines: int = 0
    bad_lines: int = 0
    requests: int = 0
    robots: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    failing: Counter[str] = field(default_factory=Counter)
    in_app: Counter[str] = field(default_factory=Counter)

    @property
    def visitors(self) -> int:
        """Distinct (address, user agent) pairs that are not robots."""
        return sum(self.verdicts.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-able summary."""
        return {
            "lines": self.lines, "bad_lines": self.bad_lines, "requests": self.requests,
            "robots": self.robots, "visitors": self.visitors, "verdicts": dict(self.verdicts),
            "failing": dict(self.failing.most_common()), "in_app": dict(self.in_app.most_common()),
        }


def summarise_log(lines: Iterable[str], judge: Judge, *, path_prefix: str = "") -> LogSummary:
    """Count visitors (address + user agent) per verdict of the browser check (FAQ step 1)."""
    summary = LogSummary()
    seen: set[tuple[str, str]] = set()
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
        visitor = (match["host"], agent)
        if visitor in seen:
            continue
        seen.add(visitor)
        if _ROBOT.search(agent):
            summary.robots += 1
            continue
        report = judge(agent)
        browser = report.findings[0]
        summary.verdicts[browser.status] += 1
        info = report.browser
        if info.in_app:
            summary.in_app[info.in_app] += 1
        if browser.status == "fail":
            summary.failing[app_phrase(info.in_app) if info.in_app else _family_version(report)] += 1
    return summary


def _family_version(report: Report) -> str:
    info = report.browser
    if not info.family:
        return "not recognised"
    return f"{info.family} {info.major}" if info.major is not None else info.family
