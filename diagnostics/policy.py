"""What "the latest browser" means, as data editors keep in ``content/browsers.yml``.

Each browser has a few known releases (version + date) and a release cadence. From
the newest known release the calendar *projects* the current version for any date,
so the self-check keeps judging sensibly when nobody touches the file for a while;
``Policy.staleness`` tells the build when the known releases are getting old.

A version counts as current when it was released within ``pass_months``; older than
``fail_months`` fails; in between it is a warning. A version newer than the calendar
expects passes (pre-releases, or the data is behind) without inventing a version.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

STATUSES = ("pass", "warn", "fail")


@dataclass(frozen=True)
class Release:
    """A known stable release: the first day ``version`` (a major) shipped."""

    version: int
    date: date


@dataclass(frozen=True)
class Cadence:
    """From ``since`` on, a new major version ships every ``weeks`` weeks."""

    since: date
    weeks: int


@dataclass(frozen=True)
class ExtendedSupport:
    """A major that keeps getting security updates until ``until`` (Firefox ESR)."""

    version: int
    until: date


@dataclass(frozen=True)
class VersionVerdict:
    """How old a browser version is, judged against the release calendar."""

    status: str
    newest: int
    """The newest version the calendar expects today (projected, so "about")."""
    released: date | None = None
    """Estimated first release of the judged version; None when newer than known."""
    newer_than_known: bool = False
    extended_until: date | None = None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day and to date's range."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    month += 1
    for last_day in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def whole_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class ReleaseCalendar:
    """Known releases plus cadence; answers "newest version on a date" and "when was N released"."""

    releases: tuple[Release, ...]
    cadence: tuple[Cadence, ...]

    def weeks_at(self, day: date) -> int:
        """Weeks between releases for a release made on ``day``."""
        weeks = self.cadence[0].weeks
        for step in self.cadence:
            if step.since <= day:
                weeks = step.weeks
        return weeks

    def _next_change(self, day: date) -> date | None:
        return next((step.since for step in self.cadence if step.since > day), None)

    def _forward(self, release: Release, *, until: date | None = None, version: int | None = None) -> Release:
        """Walk the cadence from ``release`` up to a date or a version, whichever comes first."""
        current, day = release.version, release.date
        while True:
            period = 7 * self.weeks_at(day)
            steps = math.inf
            if until is not None:
                steps = min(steps, (until - day).days // period)
            if version is not None:
                steps = min(steps, version - current)
            change = self._next_change(day)
            if change is not None:
                steps = min(steps, math.ceil((change - day).days / period))
            if steps <= 0 or steps == math.inf:
                return Release(current, day)
            try:
                day += timedelta(days=int(steps) * period)
            except OverflowError:
                return Release(current, day)
            current += int(steps)
            if change is None or day < change:
                return Release(current, day)

    def newest(self, today: date) -> Release:
        """The newest version expected on ``today`` and its (projected) release date."""
        known = [release for release in self.releases if release.date <= today]
        if known:
            return self._forward(max(known, key=lambda release: release.date), until=today)
        first = self.releases[0]
        period = 7 * self.weeks_at(first.date - timedelta(days=1))
        back = math.ceil((first.date - today).days / period)
        return Release(first.version - back, self._back(first, back))

    def _back(self, release: Release, steps: int) -> date:
        # Older than every known release: step back with the cadence in force just
        # before it. Good enough to tell "years old" from "months old".
        period = 7 * self.weeks_at(release.date - timedelta(days=1))
        try:
            return release.date - timedelta(days=steps * period)
        except OverflowError:
            return date.min

    def release_date(self, version: int) -> date:
        """When ``version`` first shipped: known, or estimated from the nearest known release."""
        below = [release for release in self.releases if release.version <= version]
        above = [release for release in self.releases if release.version > version]
        if below and above:
            # Between two known releases: share out the days evenly. Holiday gaps
            # make a pure cadence walk drift by months over a few years.
            low, high = below[-1], above[0]
            share = (version - low.version) / (high.version - low.version)
            return low.date + timedelta(days=round(share * (high.date - low.date).days))
        if below:
            return self._forward(below[-1], version=version).date
        first = self.releases[0]
        return self._back(first, first.version - version)


@dataclass(frozen=True)
class BrowserPolicy:
    """One browser's entry in browsers.yml."""

    id: str
    name: str
    recommended: bool = False
    engine: str | None = None
    calendar: ReleaseCalendar | None = None
    judge_by: str | None = None
    """Id of the browser whose calendar judges this one's engine version (Edge -> chrome)."""
    pass_months: int = 6
    fail_months: int = 12
    extended_support: tuple[ExtendedSupport, ...] = ()


@dataclass(frozen=True)
class Policy:
    """All browser entries plus how old the data may get before the build warns."""

    browsers: dict[str, BrowserPolicy]
    stale_after_months: int = 12

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        """Policy from browsers.yml data; ``ValueError`` naming the field on bad data."""
        from .policy_data import parse_policy

        return parse_policy(data)

    def get(self, browser_id: str | None) -> BrowserPolicy | None:
        """The entry for ``browser_id``, or None."""
        return self.browsers.get(browser_id) if browser_id else None

    def judge(self, browser_id: str, major: int, today: date) -> VersionVerdict | None:
        """How current ``major`` of ``browser_id`` is on ``today``; None when the data cannot tell."""
        entry = self.get(browser_id)
        if entry is None:
            return None
        calendar_entry = self.get(entry.judge_by) if entry.judge_by else entry
        if calendar_entry is None or calendar_entry.calendar is None:
            return None
        calendar = calendar_entry.calendar
        newest = calendar.newest(today)
        if major > newest.version:
            return VersionVerdict("pass", newest.version, newer_than_known=True)
        released = calendar.release_date(major)
        for support in calendar_entry.extended_support:
            if support.version == major and today <= support.until:
                return VersionVerdict("pass", newest.version, released, extended_until=support.until)
        if major == newest.version or today <= add_months(released, entry.pass_months):
            status = "pass"
        elif today <= add_months(released, entry.fail_months):
            status = "warn"
        else:
            status = "fail"
        return VersionVerdict(status, newest.version, released)

    def staleness(self, today: date) -> list[str]:
        """Warnings for the build when a browser's newest known release is too old."""
        warnings = []
        for entry in self.browsers.values():
            if entry.calendar is None:
                continue
            latest = max(entry.calendar.releases, key=lambda release: release.date)
            if today > add_months(latest.date, self.stale_after_months):
                guess = entry.calendar.newest(today)
                warnings.append(
                    f"content/browsers.yml: {entry.id}: the newest release listed is "
                    f"{entry.name} {latest.version} of {latest.date.isoformat()}, "
                    f"{whole_months(latest.date, today)} months ago; the calendar now guesses "
                    f"version {guess.version}. Add the real newest release so the self-check stays accurate."
                )
        return warnings
