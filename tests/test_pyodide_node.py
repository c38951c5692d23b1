"""The real `diagnostics` package under the real Pyodide runtime, in Node.js.

Same npm package, same wheels (ua-parser, ua-parser-builtins, the project wheel
from generator.self_check.runtime.build_project_wheel) and same entry point
(`diagnostics.web.run(facts_json, context_json)`) as the self-check page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from diag_helpers import STEP_IDS
from helpers import site_shop
from helpers_browser import DIAGNOSTICS_DIR, ROOT, context_json, self_check_context

from diagnostics.facts import FEATURES
from generator.self_check.runtime import build_project_wheel, fetch_wheels

PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
RUNNER = ROOT / "tests" / "pyodide" / "run.mjs"

CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
IE11_UA = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"

FEATURES_ALL = dict.fromkeys(FEATURES, True)


def chrome_facts(**changes: Any) -> dict[str, Any]:
    """Facts as facts.js collects them in a current Chrome on Windows with nothing blocked."""
    facts: dict[str, Any] = {
        "user_agent": CHROME_UA,
        "client_hints": {
            "brands": [
                {"brand": "Chromium", "version": "156"},
                {"brand": "Google Chrome", "version": "156"},
                {"brand": "Not.A/Brand", "version": "99"},
            ],
            "mobile": False,
            "platform": "Windows",
            "full_version_list": [{"brand": "Google Chrome", "version": "156.0.8078.73"}],
            "platform_version": "15.0.0",
            "model": "",
        },
        "cookies": {"navigator_enabled": True, "test_cookie": "ok"},
        "storage": {"local": "ok", "session": "ok"},
        "scripts": {"payment_probe": "loaded", "ad_probe": "loaded", "ad_bait": "visible", "paypal_sdk": None},
        "popup": "allowed",
        "features": dict(FEATURES_ALL),
        "java": {"navigator_java_enabled": False},
        "screen": {"width": 1920, "height": 1080, "touch": False},
        "language": "en-GB",
    }
    facts.update(changes)
    return facts


def ie11_facts() -> dict[str, Any]:
    """IE 11 never runs the page's modules; facts as a support agent might paste them."""
    return chrome_facts(
        user_agent=IE11_UA,
        client_hints=None,
        features={**FEATURES_ALL, "webassembly": False, "module_worker": False, "es_modules": False, "fetch": False},
    )


def run_in_pyodide(cases: dict[str, dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    if shutil.which("node") is None:
        pytest.fail("node is not installed (the set-up script installs Node.js 20)")
    if not (PYODIDE_DIR / "pyodide.mjs").is_file():
        pytest.fail(f"{PYODIDE_DIR}: missing; run `npm ci` in the project root")
    wheels = [*fetch_wheels(ROOT / ".cache" / "wheels"), build_project_wheel(DIAGNOSTICS_DIR, tmp_path / "wheels")]
    ctx = context_json(self_check_context())
    job = {
        "wheels": [str(wheel) for wheel in wheels],
        "cases": [{"name": name, "facts": json.dumps(facts), "context": ctx} for name, facts in cases.items()],
    }
    done = subprocess.run(
        ["node", str(RUNNER), str(PYODIDE_DIR)],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    print(
        f"pyodide {result['version']}: boot {result['boot_ms']} ms, wheels+import "
        f"{result['packages_ms']} ms, runs " + ", ".join(f"{name} {r['ms']} ms" for name, r in result["results"].items())
    )
    return {name: r["report"] for name, r in result["results"].items()}


def check(report: dict[str, Any], check_id: str) -> dict[str, Any]:
    found = [c for c in report["checks"] if c["id"] == check_id]
    assert found, f"no check {check_id!r} in {[c['id'] for c in report['checks']]}"
    return found[0]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One Pyodide start for all cases (it takes a few seconds)."""
    return run_in_pyodide(
        {
            "chrome": chrome_facts(),
            "ie11": ie11_facts(),
            "cookies-blocked": chrome_facts(cookies={"navigator_enabled": True, "test_cookie": "blocked"}),
            "garbage": {"user_agent": 42, "cookies": "yes", "features": [1, 2], "popup": {"x": None}},
        },
        tmp_path_factory.mktemp("pyodide"),
    )


def test_current_chrome_passes_the_browser_step(reports: dict[str, Any]) -> None:
    """A current Chrome with nothing blocked: the browser verdict passes, steps keep the FAQ order."""
    report = reports["chrome"]
    assert check(report, "browser")["status"] == "pass"
    assert check(report, "cookies")["status"] == "pass"
    assert [step["id"] for step in report["steps"]] == list(STEP_IDS)
    assert report["browser"]["family"] == "Chrome"


def test_internet_explorer_fails_the_browser_step(reports: dict[str, Any]) -> None:
    """IE 11 is the clearest case of 'use the latest Chrome, Firefox or Safari'."""
    report = reports["ie11"]
    assert check(report, "browser")["status"] == "fail"
    assert report["status"] == "fail"
    assert report["steps"][0]["status"] == "fail"


def test_blocked_cookies_fail_the_cookie_check(reports: dict[str, Any]) -> None:
    """navigator.cookieEnabled says yes, but the real cookie round trip failed."""
    report = reports["cookies-blocked"]
    assert check(report, "cookies")["status"] == "fail"
    assert check(report, "browser")["status"] == "pass"


def test_garbage_facts_give_a_report_not_a_crash(reports: dict[str, Any]) -> None:
    """Wrong types count as unknown: the entry point still returns a full report."""
    report = reports["garbage"]
    assert report["status"] in {"pass", "warn", "fail", "unknown"}
    assert {c["id"] for c in report["checks"]} >= {"browser", "cookies"}


def test_reports_under_pyodide_have_the_report_schema_and_text(reports: dict[str, Any]) -> None:
    """Every report from real Pyodide has the shape of diagnostics/schema/report.schema.json and Python's text."""
    from diag_helpers import validate_report

    for name, report in reports.items():
        validate_report(report)
        assert report["text"].startswith(f"{site_shop()['name']} checkout self-check\n"), name
        assert report["text"].splitlines()[3].startswith("Overall: "), name
    assert "Overall: Problem found" in reports["ie11"]["text"]
