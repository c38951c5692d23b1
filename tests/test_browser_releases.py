"""`make browsers` (`helpcenter browsers update`): content/browsers.yml's known releases from MDN's data.

What an editor would notice: the newest releases appear, a wrong date is corrected, every other
line (comments, order, spacing, quotes) stays as written, and `helpcenter check` warns, without
failing, when the data has grown old.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import yaml
from helpers import ROOT, entry, run, write_content

from generator.content.browser_releases import COMPAT_DATA, plan_update, read_compat_data

BROWSERS = """\
# The self-check's browsers. Comments like this one must survive an update.

stale_after_months: 15   # a comment after a value

browsers:
  chrome:
    name: Google Chrome
    cadence:
      - since: 2021-09-21    # four-weekly
        weeks: 4
    releases:
      - version: 94
        date: 2021-09-21
      - version: 142
        date: "2025-10-20"   # a wrong day, quoted: MDN says 2025-10-28

      # a comment between the list and the next key
    pass_months: 6

  firefox:
    name: Mozilla Firefox
    cadence: [{since: 2019-09-03, weeks: 4}]
    releases:
      - {version: 140, date: 2025-06-24}

  edge:
    name: Microsoft Edge
    judge_by: chrome         # nothing of its own to refresh
"""


MdnReleases = dict[str, dict[str, tuple[str | None, str]]]


def compat_data(folder: Path, releases: MdnReleases) -> Path:
    """A data.json shaped like @mdn/browser-compat-data's: {browser: {version: (date, status)}}."""
    data: dict[str, Any] = {
        "__meta": {"version": "9.9.9", "timestamp": "2026-11-12T00:00:00Z"},
        "browsers": {
            browser: {
                "name": browser,
                "releases": {
                    version: {"release_date": day, "status": status} if day else {"status": status}
                    for version, (day, status) in versions.items()
                },
            }
            for browser, versions in releases.items()
        },
    }
    path = folder / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


MDN: MdnReleases = {
    "chrome": {
        "94": ("2021-09-21", "retired"),
        "142": ("2025-10-28", "retired"),
        "145": ("2026-02-10", "current"),
        "146": ("2026-03-10", "beta"),
        "147": (None, "planned"),
    },
    "firefox": {"140": ("2025-06-24", "esr"), "146": ("2025-12-09", "current"), "147": ("2026-01-13", "nightly")},
    "safari": {"26": ("2025-09-15", "current"), "26.1": ("2025-11-03", "current")},
}


def changed_lines(before: str, after: str) -> list[str]:
    """The lines an update removed (-) and added (+)."""
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]


def test_update_adds_the_newest_shipped_major_and_corrects_a_date_keeping_everything_else(tmp_path: Path) -> None:
    """Only the wrong date and the new releases change; comments, quotes, flow lists and blank lines survive."""
    compat = read_compat_data(compat_data(tmp_path, MDN))
    update = plan_update(BROWSERS, compat)
    assert changed_lines(BROWSERS, update.text) == [
        '-         date: "2025-10-20"   # a wrong day, quoted: MDN says 2025-10-28',
        '+         date: "2025-10-28"   # a wrong day, quoted: MDN says 2025-10-28',
        "+       - version: 145",
        "+         date: 2026-02-10",
        "+       - {version: 146, date: 2025-12-09}",
    ]
    # The new items sit right after the list's last item, before the comment that follows it.
    assert "        date: 2026-02-10\n\n      # a comment between" in update.text
    assert [str(change) for change in update.changes] == [
        "chrome: version 142 shipped on 2025-10-28, not 2025-10-20",
        "chrome: added version 145 of 2026-02-10",
        "firefox: added version 146 of 2025-12-09",
    ]
    data = yaml.safe_load(update.text)
    assert data["browsers"]["chrome"]["pass_months"] == 6
    assert plan_update(update.text, compat).changes == []  # a second run finds nothing to do


def test_update_notes_a_cadence_that_no_longer_fits(tmp_path: Path) -> None:
    """When MDN's newest release is not what the cadence projects, the editor is told to check the cadence."""
    two_weekly: MdnReleases = {"chrome": {**MDN["chrome"], "145": ("2025-11-11", "current")}}
    update = plan_update(BROWSERS, read_compat_data(compat_data(tmp_path, two_weekly)))
    assert any(
        note.startswith("chrome: the cadence in browsers.yml projects version 142 on 2025-11-11, but 145")
        for note in update.notes
    )
    assert any(note.startswith("firefox: not in @mdn/browser-compat-data") for note in update.notes)


def test_helpcenter_browsers_update_writes_the_file_and_says_what_changed(tmp_path: Path) -> None:
    """The command edits content/browsers.yml in place and lists its changes; a broken file is left alone."""
    content = write_content(tmp_path / "content", {"track-parcel": entry()})
    (content / "browsers.yml").write_text(BROWSERS, encoding="utf-8")
    data = compat_data(tmp_path, MDN)
    result = run("helpcenter", "browsers", "update", "--compat-data", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content/browsers.yml: updated from @mdn/browser-compat-data 9.9.9:" in result.stdout
    assert "  chrome: added version 145 of 2026-02-10" in result.stdout
    assert "- version: 145\n        date: 2026-02-10\n" in (content / "browsers.yml").read_text("utf-8")
    again = run("helpcenter", "browsers", "update", "--compat-data", str(data), cwd=tmp_path)
    assert "already match @mdn/browser-compat-data 9.9.9" in again.stdout

    broken = "browsers:\n  chrome:\n    name: Google Chrome\n    releases: [{version: 94}]\n"
    (content / "browsers.yml").write_text(broken, encoding="utf-8")
    result = run("helpcenter", "browsers", "update", "--compat-data", str(data), cwd=tmp_path)
    assert result.returncode == 1
    assert "content/browsers.yml: browsers.chrome: needs either releases and cadence" in result.stderr
    assert "Traceback" not in result.stderr
    assert (content / "browsers.yml").read_text("utf-8") == broken
    missing = run("helpcenter", "browsers", "update", "--compat-data", "nowhere.json", cwd=tmp_path)
    assert missing.returncode == 1
    assert "nowhere.json: not installed; run `make browsers`" in missing.stderr


def test_the_shops_browsers_yml_matches_the_pinned_compat_data() -> None:
    """package-lock.json's @mdn/browser-compat-data and content/browsers.yml agree: `make browsers` was run."""
    text = (ROOT / "content" / "browsers.yml").read_text("utf-8")
    update = plan_update(text, read_compat_data(ROOT / COMPAT_DATA))
    assert update.changes == [], "run `make browsers` after moving the @mdn/browser-compat-data pin"
    assert update.notes == []


def test_check_warns_about_old_browser_data_without_failing(tmp_path: Path) -> None:
    """Data past stale_after_months is a warning naming the browser and `make browsers`; the check still passes."""
    content = write_content(tmp_path / "content", {"track-parcel": entry()})
    (content / "browsers.yml").write_text(BROWSERS.replace("stale_after_months: 15", "stale_after_months: 120"), encoding="utf-8")
    fresh = run("helpcenter", "check", cwd=tmp_path)
    assert fresh.returncode == 0
    assert "warning:" not in fresh.stderr
    old = BROWSERS.replace("stale_after_months: 15", "stale_after_months: 1")
    (content / "browsers.yml").write_text(old, encoding="utf-8")
    result = run("helpcenter", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2  # chrome and firefox; edge is judged by chrome
    assert warnings[0].startswith("warning: content/browsers.yml: chrome: the newest release listed is Google Chrome 142")
    assert all("Run `make browsers`" in warning for warning in warnings)
