"""The data of browsers.yml, read into plain objects, with errors that name the field.

The data reaches us two ways: ``yaml.safe_load`` (dates are ``date`` objects) and
JSON in the page (dates are ``"YYYY-MM-DD"`` strings); both are accepted.
The JSON Schema for editors is ``generator/schema/browsers.schema.json``;
``policy.Policy`` makes the verdicts from what is read here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .releases import Cadence, ExtendedSupport, Release, ReleaseCalendar

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_BROWSER_KEYS = {
    "name",
    "recommended",
    "engine",
    "releases",
    "cadence",
    "judge_by",
    "pass_months",
    "fail_months",
    "extended_support",
}
_UNSUPPORTED_KEYS = {"name", "why", "families", "tokens", "up_to_version"}
_TOP_KEYS = {"browsers", "unsupported", "stale_after_months"}
ENGINES = ("Blink", "Gecko", "WebKit")


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
class Unsupported:
    """A browser family that cannot run a modern checkout, whatever its version (Opera Mini...)."""

    id: str
    name: str
    why: str
    """Why, in words for the shopper: "it loads pages on Opera's servers, ..."."""
    families: tuple[str, ...] = ()
    """ua-parser's family names (as in uap-core), matched exactly."""
    tokens: tuple[str, ...] = ()
    """Words of the user agent, matched ignoring case (kept in lower case)."""
    up_to_version: int | None = None
    """Only versions up to this major (a match by token without a version counts too)."""


@dataclass(frozen=True)
class PolicyData:
    """Everything browsers.yml says."""

    browsers: dict[str, BrowserPolicy]
    unsupported: tuple[Unsupported, ...]
    stale_after_months: int


def _fail(where: str, problem: str) -> ValueError:
    return ValueError(f"browsers.yml: {where}: {problem}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, f"expected a mapping, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise _fail(where, "expected a non-empty list")
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"expected a whole number from {low} to {high}, got {value!r}")
    return value


def _text(value: Any, where: str, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _fail(where, f"expected {what} (at most {limit} characters)")
    return value.strip()


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(_text(item, f"{where}[{index}]", "a non-empty text", 100) for index, item in enumerate(_list(value, where)))


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(where, f"expected a date like 2025-10-28, got {value!r}")


def _releases(value: Any, where: str) -> tuple[Release, ...]:
    releases = []
    for index, raw in enumerate(_list(value, where)):
        here = f"{where}[{index}]"
        item = _mapping(raw, here)
        releases.append(
            Release(
                _int(item.get("version"), f"{here}.version", 0, 100_000),
                _date(item.get("date"), f"{here}.date"),
            )
        )
    releases.sort(key=lambda release: release.version)
    for older, newer in itertools.pairwise(releases):
        if newer.date <= older.date:
            raise _fail(where, f"version {newer.version} must be released after version {older.version}")
    return tuple(releases)


def _cadence(value: Any, where: str) -> tuple[Cadence, ...]:
    steps = []
    for index, raw in enumerate(_list(value, where)):
        here = f"{where}[{index}]"
        item = _mapping(raw, here)
        steps.append(Cadence(_date(item.get("since"), f"{here}.since"), _int(item.get("weeks"), f"{here}.weeks", 1, 104)))
    return tuple(sorted(steps, key=lambda step: step.since))


def _extended(value: Any, where: str) -> tuple[ExtendedSupport, ...]:
    if value is None:
        return ()
    supports = []
    for index, raw in enumerate(_list(value, where)):
        here = f"{where}[{index}]"
        item = _mapping(raw, here)
        supports.append(
            ExtendedSupport(
                _int(item.get("version"), f"{here}.version", 0, 100_000),
                _date(item.get("until"), f"{here}.until"),
            )
        )
    return tuple(supports)


def _browser(browser_id: str, value: Any) -> BrowserPolicy:
    where = f"browsers.{browser_id}"
    item = _mapping(value, where)
    unknown = sorted(set(item) - _BROWSER_KEYS)
    if unknown:
        raise _fail(f"{where}.{unknown[0]}", "unknown field; allowed: " + ", ".join(sorted(_BROWSER_KEYS)))
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(f"{where}.name", "expected the browser's name as shoppers know it")
    recommended = item.get("recommended", False)
    if not isinstance(recommended, bool):
        raise _fail(f"{where}.recommended", f"expected true or false, got {recommended!r}")
    engine = item.get("engine")
    if engine is not None and engine not in ENGINES:
        raise _fail(f"{where}.engine", f"expected one of {', '.join(ENGINES)}, got {engine!r}")
    judge_by = item.get("judge_by")
    calendar = None
    if judge_by is None:
        if "releases" not in item or "cadence" not in item:
            raise _fail(where, "needs either releases and cadence, or judge_by naming another browser")
        calendar = ReleaseCalendar(
            _releases(item["releases"], f"{where}.releases"),
            _cadence(item["cadence"], f"{where}.cadence"),
        )
    elif not isinstance(judge_by, str) or not _ID.match(judge_by):
        raise _fail(f"{where}.judge_by", f"expected another browser's id, got {judge_by!r}")
    elif "releases" in item or "cadence" in item:
        raise _fail(where, "give either releases and cadence, or judge_by, not both")
    pass_months = _int(item.get("pass_months", 6), f"{where}.pass_months", 1, 120)
    fail_months = _int(item.get("fail_months", 12), f"{where}.fail_months", 1, 240)
    if fail_months < pass_months:
        raise _fail(f"{where}.fail_months", "must be at least pass_months")
    return BrowserPolicy(
        id=browser_id,
        name=name.strip(),
        recommended=recommended,
        engine=engine,
        calendar=calendar,
        judge_by=judge_by,
        pass_months=pass_months,
        fail_months=fail_months,
        extended_support=_extended(item.get("extended_support"), f"{where}.extended_support"),
    )


def _unsupported(entry_id: Any, value: Any) -> Unsupported:
    where = f"unsupported.{entry_id}"
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise _fail(where, "ids are lower-case words joined by hyphens")
    item = _mapping(value, where)
    unknown = sorted(set(item) - _UNSUPPORTED_KEYS)
    if unknown:
        raise _fail(f"{where}.{unknown[0]}", "unknown field; allowed: " + ", ".join(sorted(_UNSUPPORTED_KEYS)))
    families = _texts(item.get("families"), f"{where}.families")
    tokens = _texts(item.get("tokens"), f"{where}.tokens")
    if not families and not tokens:
        raise _fail(where, "give families, tokens or both, so the self-check can recognise the browser")
    up_to = item.get("up_to_version")
    return Unsupported(
        id=entry_id,
        name=_text(item.get("name"), f"{where}.name", "the browser's name as shoppers know it", 60),
        why=_text(item.get("why"), f"{where}.why", "why it cannot pay, in words for the shopper", 300),
        families=families,
        tokens=tuple(token.lower() for token in tokens),
        up_to_version=None if up_to is None else _int(up_to, f"{where}.up_to_version", 0, 100_000),
    )


def parse_policy_data(data: Any) -> PolicyData:
    """Everything in the browsers.yml mapping; ``ValueError`` naming the bad field."""
    data = _mapping(data, "top level")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _fail(unknown[0], "unknown field; allowed: " + ", ".join(sorted(_TOP_KEYS)))
    raw = _mapping(data.get("browsers"), "browsers")
    if not raw:
        raise _fail("browsers", "list at least one browser")
    browsers = {}
    for browser_id, value in raw.items():
        if not isinstance(browser_id, str) or not _ID.match(browser_id):
            raise _fail(f"browsers.{browser_id}", "ids are lower-case words joined by hyphens")
        browsers[browser_id] = _browser(browser_id, value)
    for entry in browsers.values():
        target = browsers.get(entry.judge_by) if entry.judge_by else None
        if entry.judge_by and (target is None or target.calendar is None):
            raise _fail(f"browsers.{entry.id}.judge_by", f"{entry.judge_by!r} is not a browser with its own releases")
    unsupported = data.get("unsupported")
    items = _mapping(unsupported, "unsupported").items() if unsupported is not None else ()
    stale = _int(data.get("stale_after_months", 12), "stale_after_months", 1, 120)
    return PolicyData(browsers, tuple(_unsupported(key, value) for key, value in items), stale)
