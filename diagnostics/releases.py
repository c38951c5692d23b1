"""Release calendars: when each major version of a browser shipped, known or projected.

From the newest known release and the release cadence a calendar *projects* the current
version for any date, so the self-check keeps judging sensibly when nobody updates
content/browsers.yml for a while.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta


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
