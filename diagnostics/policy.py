"""What "the latest browser" means: verdicts from the data editors keep in ``content/browsers.yml``.

A version counts as current when it was released within ``pass_months``; older than
``fail_months`` fails; in between it is a warning. A version a little newer than the
calendar expects passes (betas, or the data is behind); one far beyond anything the
calendar expects soon (``Chrome/999999``, a WebKit build number read as Safari's version)
is not believed. Families that cannot run a modern checkout at all (Opera Mini, feature
phones) are listed under ``unsupported``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .policy_data import BrowserPolicy, Unsupported, parse_policy_data
from .releases import add_months, whole_months

if TYPE_CHECKING:
    from pathlib import Path

PLAUSIBLE_AHEAD_MONTHS = 6
"""Versions the calendar expects within this many months (plus one) are plausible: betas and
nightlies run a few versions ahead. Anything beyond is no real version of that browser."""


@dataclass(frozen=True)
class VersionVerdict:
    """How old a browser version is, judged against the release calendar."""

    status: str
    newest: int
    """The newest version the calendar expects today (projected, so "about")."""
    released: date | None = None
    """Estimated first release of the judged version; None when newer than known."""
    newer_than_known: bool = False
    implausible: bool = False
    """Far beyond any version the calendar expects soon: not a real version number."""
    extended_until: date | None = None


@dataclass(frozen=True)
class Policy:
    """All browser entries, the unsupported families, and how old the data may get."""

    browsers: dict[str, BrowserPolicy]
    stale_after_months: int = 12
    unsupported: tuple[Unsupported, ...] = field(default=())

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        """Policy from browsers.yml data; ``ValueError`` naming the field on bad data."""
        parsed = parse_policy_data(data)
        return cls(parsed.browsers, parsed.stale_after_months, parsed.unsupported)

    def get(self, browser_id: str | None) -> BrowserPolicy | None:
        """The entry for ``browser_id``, or None."""
        return self.browsers.get(browser_id) if browser_id else None

    def unsupported_match(self, family: str | None, major: int | None, user_agent: str) -> Unsupported | None:
        """The unsupported family this browser belongs to, or None."""
        lowered = user_agent.lower()
        for entry in self.unsupported:
            named = family is not None and family in entry.families
            if not named and not any(token in lowered for token in entry.tokens):
                continue
            if entry.up_to_version is not None and major is not None and major > entry.up_to_version:
                continue
            return entry
        return None

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
            plausible = calendar.newest(add_months(today, PLAUSIBLE_AHEAD_MONTHS)).version + 1
            if major > plausible:
                return VersionVerdict("warn", newest.version, newer_than_known=True, implausible=True)
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

    def staleness(self, today: date, where: str = "content/browsers.yml") -> list[str]:
        """Warnings for the build and `helpcenter check` when a browser's newest known release is too old.

        ``where`` is the file as the editor knows it; each warning names the command that refreshes it.
        """
        warnings = []
        for entry in self.browsers.values():
            if entry.calendar is None:
                continue
            latest = max(entry.calendar.releases, key=lambda release: release.date)
            if today > add_months(latest.date, self.stale_after_months):
                guess = entry.calendar.newest(today)
                warnings.append(
                    f"{where}: {entry.id}: the newest release listed is "
                    f"{entry.name} {latest.version} of {latest.date.isoformat()}, "
                    f"{whole_months(latest.date, today)} months ago (stale_after_months: {self.stale_after_months}); "
                    f"the calendar now guesses version {guess.version}. Run `make browsers` to add the "
                    "real newest releases so the self-check stays accurate."
                )
        return warnings


def load_policy_file(path: str | Path) -> Policy:
    """Read browsers.yml (``yaml.safe_load``) into a Policy; ``ValueError`` with the path on problems."""
    import yaml  # CPython only: the page hands the data over as JSON.

    try:
        # open(), not pathlib: the page's trimmed stdlib keeps every module imported here.
        with open(path, encoding="utf-8") as file:  # noqa: PTH123
            data = yaml.safe_load(file)
    except OSError as error:
        raise ValueError(f"{path}: cannot read the browser policy: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{line}: not valid YAML; check indentation and colons") from None
    try:
        return Policy.from_dict(data)
    except ValueError as error:
        raise ValueError(f"{path}: {error}".replace(f"{path}: browsers.yml: ", f"{path}: ")) from None
