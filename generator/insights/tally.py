"""Counting signals in one pass, in bounded memory.

What grows with the log is capped: searches are counted by their words up to `MAX_QUERIES`
different ones (beyond that, the rarest are dropped and the counts marked approximate, so the
top searches stay right), answers only by the ids the help center knows, comments a few per
answer, browsers up to `MAX_BROWSERS`. Everything else is a fixed set of counters.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date

from .signals import REASONS, BadLineError, Signal, read_line

MAX_QUERIES = 20_000
MAX_BROWSERS = 2_000
COMMENTS_PER_ANSWER = 5


@dataclass
class SearchCount:
    """One search's words: how often, how often with no answer (none, or only the closest questions),
    and how often answers were shown but none was opened."""

    searches: int = 0
    no_answer: int = 0
    no_click: int = 0


@dataclass
class AnswerCount:
    yes: int = 0
    no: int = 0
    reads: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    comments: deque[str] = field(default_factory=lambda: deque(maxlen=COMMENTS_PER_ANSWER))


@dataclass
class Tally:
    """Counts of one or more logs between `since` and `until` (days, both included; None: open)."""

    known: dict[str, str]  #: every id an answer had (current and former) -> its current id
    since: date | None = None
    until: date | None = None
    lines: int = 0
    bad: int = 0
    bad_reasons: Counter[str] = field(default_factory=Counter)
    other: int = 0
    outside: int = 0
    unknown_answers: int = 0
    first: date | None = None
    last: date | None = None
    searches: dict[str, SearchCount] = field(default_factory=dict)
    searches_total: int = 0
    dropped_searches: int = 0
    answers: dict[str, AnswerCount] = field(default_factory=dict)
    self_checks: Counter[str] = field(default_factory=Counter)  #: overall status -> runs
    problems: Counter[tuple[str, str, str]] = field(default_factory=Counter)  #: (check, status, browser) -> runs
    dropped_browsers: int = 0

    def line(self, text: str | None) -> None:
        """Count one line of a log (None: a line too long or not UTF-8)."""
        self.lines += 1
        if text is None:
            self.bad += 1
            self.bad_reasons["too long or not UTF-8"] += 1
            return
        if not text.strip():
            self.other += 1
            return
        try:
            signal = read_line(text)
        except BadLineError as error:
            self.bad += 1
            self.bad_reasons[str(error)] += 1
            return
        if signal is None:
            self.other += 1
        elif (self.since and signal.day < self.since) or (self.until and signal.day > self.until):
            self.outside += 1
        else:
            self.add(signal)

    def add(self, signal: Signal) -> None:
        self.first = signal.day if self.first is None else min(self.first, signal.day)
        self.last = signal.day if self.last is None else max(self.last, signal.day)
        fields = signal.fields
        if signal.kind == "search":
            self._search(fields)
        elif signal.kind == "self-check":
            self._self_check(fields)
        else:
            entry = self.known.get(fields["entry"])
            if entry is None:
                self.unknown_answers += 1
                return
            count = self.answers.setdefault(entry, AnswerCount())
            if signal.kind == "read":
                count.reads += 1
            elif fields["vote"] == "yes":
                count.yes += 1
            else:
                count.no += 1
                if fields["reason"] in REASONS:
                    count.reasons[fields["reason"]] += 1
                if fields["text"]:
                    count.comments.append(fields["text"])

    def _search(self, fields: dict[str, str]) -> None:
        self.searches_total += 1
        query = fields["q"].casefold()
        count = self.searches.get(query)
        if count is None:
            if len(self.searches) >= MAX_QUERIES:
                self._drop_rare_searches()
            count = self.searches[query] = SearchCount()
        count.searches += 1
        if fields["results"] == "0" or fields["weak"] == "1":
            count.no_answer += 1
        elif not fields["opened"]:
            count.no_click += 1

    def _drop_rare_searches(self) -> None:
        """Keep the more frequent half: a search asked once among 20,000 others is not a top search."""
        keep = sorted(self.searches.items(), key=lambda item: -item[1].searches)[: MAX_QUERIES // 2]
        self.dropped_searches += len(self.searches) - len(keep)
        self.searches = dict(keep)

    def _self_check(self, fields: dict[str, str]) -> None:
        self.self_checks[fields["status"]] += 1
        browser = " ".join(filter(None, (fields["browser"] or "Unknown browser", fields["major"])))
        for item in filter(None, fields["checks"].split(",")):
            check, status = item.split(":")
            if status not in ("fail", "warn", "unknown"):
                continue
            key = (check, status, browser)
            if key not in self.problems and len(self.problems) >= MAX_BROWSERS * 4:
                self.dropped_browsers += 1
                key = (check, status, "Other browsers")
            self.problems[key] += 1
