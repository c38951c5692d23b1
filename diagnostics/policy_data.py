"""Reading browsers.yml data into a ``Policy``, with errors that name the field.

The data reaches us two ways: ``yaml.safe_load`` (dates are ``date`` objects) and
JSON in the page (dates are ``"YYYY-MM-DD"`` strings); both are accepted.
The JSON Schema for editors is ``generator/schema/browsers.schema.json``.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path
from typing import Any

from .policy import BrowserPolicy, Cadence, ExtendedSupport, Policy, Release, ReleaseCalendar

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_BROWSER_KEYS = {
    "name", "recommended", "engine", "releases", "cadence", "judge_by",
    "pass_months", "fail_months", "extended_support",
}
ENGINES = ("Blink", "Gecko", "WebKit")


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
        releases.append(Release(
            _int(item.get("version"), f"{here}.version", 0, 100_000),
            _date(item.get("date"), f"{here}.date"),
        ))
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
        supports.append(ExtendedSupport(
            _int(item.get("version"), f"{here}.version", 0, 100_000),
            _date(item.get("until"), f"{here}.until"),
        ))
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


def parse_policy(data: Any) -> Policy:
    """``Policy`` from the browsers.yml mapping; ``ValueError`` naming the bad field."""
    data = _mapping(data, "top level")
    unknown = sorted(set(data) - {"browsers", "stale_after_months"})
    if unknown:
        raise _fail(unknown[0], "unknown field; allowed: browsers, stale_after_months")
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
    stale = _int(data.get("stale_after_months", 12), "stale_after_months", 1, 120)
    return Policy(browsers=browsers, stale_after_months=stale)


def load_policy_file(path: str | Path) -> Policy:
    """Read browsers.yml (``yaml.safe_load``) into a Policy; ``ValueError`` with the path on problems."""
    import yaml  # CPython only: the page hands the data over as JSON.

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot read the browser policy: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{line}: not valid YAML; check indentation and colons") from None
    try:
        return parse_policy(data)
    except ValueError as error:
        raise ValueError(f"{path}: {error}".replace(f"{path}: browsers.yml: ", f"{path}: ")) from None
