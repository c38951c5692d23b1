"""The browser policy in content/browsers.yml: projection, windows, staleness, validation."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from diag_helpers import ROOT, TODAY, raw_policy

from diagnostics import Policy, load_policy_file
from diagnostics.policy import VersionVerdict
from diagnostics.releases import ReleaseCalendar, add_months


def calendar_of(policy: Policy, browser: str) -> ReleaseCalendar:
    """The release calendar of a browser the policy dates itself."""
    calendar = policy.browsers[browser].calendar
    assert calendar is not None, f"{browser} has no calendar of its own"
    return calendar


def judged(policy: Policy, browser: str, major: int, today: date) -> VersionVerdict:
    """The policy's verdict on a version it can judge."""
    verdict = policy.judge(browser, major, today)
    assert verdict is not None, f"no verdict for {browser} {major}"
    return verdict


def test_newest_versions_are_projected(policy: Policy) -> None:
    """Chrome and Firefox ship every two weeks since September 2026; Safari once a year."""
    assert calendar_of(policy, "chrome").newest(TODAY).version == 158
    assert calendar_of(policy, "firefox").newest(TODAY).version == 161
    assert calendar_of(policy, "safari").newest(TODAY).version == 27


def test_known_release_dates_are_exact(policy: Policy) -> None:
    """A listed release is its own date; versions between listed ones are interpolated."""
    chrome = calendar_of(policy, "chrome")
    assert chrome.release_date(142) == date(2025, 10, 28)
    assert date(2025, 6, 1) <= chrome.release_date(138) <= date(2025, 7, 31)


@pytest.mark.parametrize(
    ("browser", "major", "status"),
    [
        ("chrome", 158, "pass"),
        ("chrome", 152, "pass"),
        ("chrome", 145, "warn"),
        ("chrome", 130, "fail"),
        ("firefox", 153, "pass"),
        ("firefox", 140, "fail"),
        ("safari", 26, "pass"),
        ("safari", 18, "warn"),
        ("safari", 17, "fail"),
        ("edge", 158, "pass"),
        ("edge", 120, "fail"),
    ],
)
def test_version_windows(policy: Policy, browser: str, major: int, status: str) -> None:
    """Released within pass_months passes, beyond fail_months fails, warning in between."""
    assert judged(policy, browser, major, TODAY).status == status


def test_newer_than_known_passes(policy: Policy) -> None:
    """A version or two beyond the calendar (betas, data behind) passes; no release date claimed."""
    verdict = judged(policy, "safari", 28, TODAY)
    assert (verdict.status, verdict.newer_than_known, verdict.released) == ("pass", True, None)
    assert judged(policy, "chrome", 165, TODAY).status == "pass"


@pytest.mark.parametrize(
    ("browser", "major"),
    [("safari", 60), ("safari", 6533), ("chrome", 999_999), ("firefox", 999), ("chrome", 200), ("edge", 100_000)],
)
def test_versions_far_beyond_the_calendar_are_not_believed(policy: Policy, browser: str, major: int) -> None:
    """Beyond what the calendar expects within six months there is no such version: never a pass."""
    verdict = judged(policy, browser, major, TODAY)
    assert (verdict.status, verdict.implausible) == ("warn", True)


def test_unsupported_families_match_by_family_token_and_version(policy: Policy) -> None:
    """Families match exactly, tokens ignoring case, and up_to_version spares newer versions."""
    assert policy.unsupported_match("Opera Mini", 9, "") is not None
    assert policy.unsupported_match("Other", None, "... kaios/2.5") is not None
    assert policy.unsupported_match("Android", 4, "") is not None
    assert policy.unsupported_match("Android", 5, "") is None
    assert policy.unsupported_match("Chrome", 158, "Mozilla/5.0 (Windows NT 10.0) Chrome/158") is None


def test_esr_passes_until_its_end(policy: Policy) -> None:
    """Firefox ESR 153 keeps passing until its support ends."""
    assert judged(policy, "firefox", 153, date(2027, 6, 1)).status == "pass"
    assert judged(policy, "firefox", 153, date(2027, 12, 1)).status == "fail"


def test_staleness_warns_when_data_gets_old(policy: Policy) -> None:
    """Data older than stale_after_months (15: Safari ships one major a year) is reported, browser by browser."""
    # From the data, not fixed dates: `make browsers` moves the newest releases on.
    newest = {
        browser.id: max(browser.calendar.releases, key=lambda release: release.date)
        for browser in policy.browsers.values()
        if browser.calendar
    }
    oldest = min(newest.values(), key=lambda release: release.date)
    assert policy.staleness(TODAY) == []
    assert policy.staleness(add_months(oldest.date, 15)) == []
    warnings = policy.staleness(add_months(oldest.date, 15) + timedelta(days=1))
    [late] = [browser for browser, release in newest.items() if release == oldest]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"content/browsers.yml: {late}: the newest release listed is ")
    assert f" {oldest.version} of {oldest.date.isoformat()}" in warnings[0]
    assert "Run `make browsers`" in warnings[0]
    assert len(policy.staleness(add_months(max(release.date for release in newest.values()), 16))) == 3


def test_dates_as_strings_work_too() -> None:
    """The page passes the policy as JSON, where dates are strings."""
    data = json.loads(json.dumps(raw_policy(), default=str))
    assert judged(Policy.from_dict(data), "chrome", 158, TODAY).status == "pass"


def test_projection_far_from_the_data(policy: Policy) -> None:
    """Dates far before or after the known releases still give an answer."""
    chrome = calendar_of(policy, "chrome")
    assert chrome.newest(date(2015, 1, 1)).version < 94
    assert chrome.newest(date(9999, 12, 31)).version > 158
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["browsers"]["chrome"]["releases"][0].update(date="soon"), "browsers.chrome.releases[0].date"),
        (lambda d: d["browsers"]["chrome"]["cadence"][0].update(weeks=0), "browsers.chrome.cadence[0].weeks"),
        (lambda d: d["browsers"]["firefox"].pop("releases"), "browsers.firefox"),
        (lambda d: d["browsers"]["edge"].update(judge_by="netscape"), "browsers.edge.judge_by"),
        (lambda d: d["browsers"]["safari"].update(colour="blue"), "browsers.safari.colour"),
        (lambda d: d["browsers"]["safari"].update(recommended="yes"), "browsers.safari.recommended"),
        (lambda d: d["browsers"]["safari"].update(fail_months=3), "browsers.safari.fail_months"),
        (lambda d: d.update(browsers=[]), "browsers"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["unsupported"]["kaios"].pop("tokens"), "unsupported.kaios"),
        (lambda d: d["unsupported"]["kaios"].update(why=""), "unsupported.kaios.why"),
        (lambda d: d["unsupported"]["kaios"].update(colour="red"), "unsupported.kaios.colour"),
        (lambda d: d["unsupported"]["kaios"].update(up_to_version="ten"), "unsupported.kaios.up_to_version"),
    ],
)
def test_bad_data_names_the_field(change: Any, field: str) -> None:
    """Policy.from_dict raises ValueError that names the broken field."""
    data = raw_policy()
    change(data)
    with pytest.raises(ValueError, match=rf"browsers\.yml: {__import__('re').escape(field)}:"):
        Policy.from_dict(data)


@pytest.mark.parametrize("data", [None, [], "chrome", {"browsers": None}])
def test_not_a_policy_at_all(data: Any) -> None:
    """Anything that is not a mapping of browsers is a clear ValueError."""
    with pytest.raises(ValueError, match=r"browsers\.yml"):
        Policy.from_dict(data)


def test_load_policy_file_errors(tmp_path: Path) -> None:
    """Missing file, broken YAML and bad data all become ValueError naming the file."""
    with pytest.raises(ValueError, match="cannot read"):
        load_policy_file(tmp_path / "missing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("browsers:\n  chrome: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.yml:\d+: not valid YAML"):
        load_policy_file(broken)
    bad = tmp_path / "bad.yml"
    bad.write_text("browsers: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yml: browsers: list at least one"):
        load_policy_file(bad)


def test_schema_accepts_the_real_file() -> None:
    """generator/schema/browsers.schema.json accepts content/browsers.yml."""
    schema = json.loads((ROOT / "generator" / "schema" / "browsers.schema.json").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(raw_policy(), default=str))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
