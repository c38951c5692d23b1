"""`helpcenter browsers update`: the known releases in content/browsers.yml, from @mdn/browser-compat-data.

MDN's compatibility data (npm, pinned in package-lock.json, updated every few weeks) records the
day each browser version shipped. For each browser of browsers.yml with its own release calendar
(chrome, firefox, safari: the same ids as MDN's), the update corrects a listed release whose date
MDN records differently and adds the newest major MDN says has shipped. It edits the file's text in
place, value by value, so its comments, order and layout stay as the editors wrote them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from diagnostics.policy_data import parse_policy_data
from diagnostics.releases import ReleaseCalendar

#: Where `npm ci` puts the pinned package's data (package-lock.json pins its version).
COMPAT_DATA = Path("node_modules/@mdn/browser-compat-data/data.json")
#: MDN's statuses of a version that has shipped ("beta", "nightly" and "planned" have not).
_SHIPPED = {"retired", "current", "esr"}
_MAJOR = re.compile(r"^[0-9]{1,6}$")


class UpdateError(Exception):
    """Why the file was left as it was, in words for the editor."""


@dataclass(frozen=True)
class CompatData:
    """The first day each major version shipped, per MDN browser id, and which MDN release said so."""

    majors: dict[str, dict[int, date]]
    version: str
    """The package's version, e.g. 8.1.9."""


@dataclass(frozen=True)
class Change:
    """One value the update writes, said for the editor."""

    browser: str
    text: str

    def __str__(self) -> str:
        return f"{self.browser}: {self.text}"


@dataclass(frozen=True)
class Update:
    """What the update would change, and the file's new text."""

    changes: list[Change]
    notes: list[str]
    """What the update cannot decide: a cadence that no longer fits, a browser MDN does not know."""
    text: str


def read_compat_data(path: Path) -> CompatData:
    """Shipped major versions and their dates from MDN's data.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UpdateError(
            f"{path}: not installed; run `make browsers` (it installs the pinned @mdn/browser-compat-data) or `npm ci`"
        ) from None
    except (OSError, ValueError) as error:
        raise UpdateError(f"{path}: cannot read MDN's browser data: {error}; reinstall it with `npm ci`") from None
    try:
        browsers = data["browsers"]
        version = str(data["__meta"]["version"])
        majors: dict[str, dict[int, date]] = {}
        for browser_id, browser in browsers.items():
            shipped = majors.setdefault(browser_id, {})
            for name, release in browser["releases"].items():
                when = release.get("release_date")
                if _MAJOR.match(name) and release.get("status") in _SHIPPED and isinstance(when, str):
                    shipped[int(name)] = date.fromisoformat(when)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise UpdateError(f"{path}: not the data.json of @mdn/browser-compat-data ({error!r})") from None
    return CompatData(majors, version)


def _offset(lines: list[str], mark: yaml.Mark) -> int:
    return sum(len(line) for line in lines[: mark.line]) + mark.column


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node (None when absent or not a mapping)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if name.value == key), None)


def _new_item(lines: list[str], last: yaml.MappingNode, version: int, day: date) -> str:
    """A release item written the way the list's last item is: same indentation, same key order."""
    values = {"version": str(version), "date": day.isoformat()}
    keys = [name.value for name, _ in last.value]
    first = lines[last.start_mark.line]
    lead = first[: last.start_mark.column]
    if last.flow_style:
        return lead + "{" + ", ".join(f"{key}: {values[key]}" for key in keys) + "}\n"
    out = []
    for index, (name, _) in enumerate(last.value):
        prefix = lead if index == 0 else " " * name.start_mark.column
        out.append(f"{prefix}{name.value}: {values[name.value]}\n")
    return "".join(out)


def _cadence_note(browser: str, calendar: ReleaseCalendar, version: int, day: date) -> str | None:
    """A note when the cadence of the file no longer projects MDN's newest release."""
    projected = calendar.newest(day).version
    if projected == version:
        return None
    return (
        f"{browser}: the cadence in browsers.yml projects version {projected} on {day.isoformat()}, "
        f"but {version} shipped that day; check its cadence (a new release rhythm?)"
    )


def plan_update(text: str, compat: CompatData) -> Update:
    """The changes MDN's data brings to browsers.yml's text; ``UpdateError`` if the text is not usable."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
        policy = parse_policy_data(data)
    except (yaml.YAMLError, ValueError) as error:
        raise UpdateError(f"{error}; fix it (`make check` says where) and run again") from None
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    changes: list[Change] = []
    notes: list[str] = []
    for browser, entry in policy.browsers.items():
        if entry.calendar is None:
            continue  # judged by another browser's engine: nothing of its own to refresh
        shipped = compat.majors.get(browser)
        if not shipped:
            notes.append(f"{browser}: not in @mdn/browser-compat-data (by that id); keep its releases by hand")
            continue
        items = _value(_value(_value(root, "browsers"), browser), "releases")
        if not isinstance(items, yaml.SequenceNode):  # pragma: no cover - parse_policy_data read this list
            raise UpdateError(f"browsers.{browser}.releases: expected a list")
        for raw, item in zip(data["browsers"][browser]["releases"], items.value, strict=True):
            version, listed, node = raw["version"], policy_date(raw["date"]), _value(item, "date")
            known = shipped.get(version)
            if known is not None and known != listed and isinstance(node, yaml.ScalarNode):
                quote = node.style or ""
                edits.append(
                    (_offset(lines, node.start_mark), _offset(lines, node.end_mark), f"{quote}{known.isoformat()}{quote}")
                )
                changes.append(Change(browser, f"version {version} shipped on {known.isoformat()}, not {listed.isoformat()}"))
        newest = max(shipped)
        if newest > max(release.version for release in entry.calendar.releases):
            last = items.value[-1]
            end = max(node.end_mark.line for pair in last.value for node in pair)
            at = sum(len(line) for line in lines[: end + 1])
            newline = "" if text[:at].endswith("\n") else "\n"
            edits.append((at, at, newline + _new_item(lines, last, newest, shipped[newest])))
            changes.append(Change(browser, f"added version {newest} of {shipped[newest].isoformat()}"))
            if note := _cadence_note(browser, entry.calendar, newest, shipped[newest]):
                notes.append(note)
    for start, stop, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[stop:]
    return Update(changes, notes, text)


def policy_date(value: date | str) -> date:
    """A date as yaml.safe_load gives it (already checked by parse_policy_data)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def update_browsers_file(path: Path, compat: CompatData) -> Update:
    """Apply MDN's data to browsers.yml; writes only when something changed and the file is as read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UpdateError(f"{path}: cannot read it: {error.strerror or error}") from None
    try:
        update = plan_update(text, compat)
    except UpdateError as error:
        raise UpdateError(f"{path}: {str(error).removeprefix('browsers.yml: ')}") from None
    try:
        parse_policy_data(yaml.safe_load(update.text))
    except (yaml.YAMLError, ValueError) as error:  # pragma: no cover - a bug here, never the editor's
        raise UpdateError(f"{path}: the updated file would not be valid ({error}); left as it was") from None
    if update.text == text:
        return update
    _replace(path, text, update.text)
    return update


def _replace(path: Path, read: str, text: str) -> None:
    """Write ``text`` over ``path`` in one step, unless someone changed the file since it was read."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        Path(temporary).chmod(path.stat().st_mode & 0o7777)  # mkstemp's 0600 would hide it from others
        if path.read_text(encoding="utf-8") != read:
            raise UpdateError(f"{path}: changed while it was being updated; left as it is, run again")
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def describe(update: Update, compat: CompatData, path: Path) -> str:
    """What the update did, for the terminal."""
    source = f"@mdn/browser-compat-data {compat.version}"
    if not update.changes:
        head = f"{path}: the known releases already match {source}."
    else:
        head = f"{path}: updated from {source}:\n" + "\n".join(f"  {change}" for change in update.changes)
    return "\n".join([head, *(f"note: {note}" for note in update.notes)])
