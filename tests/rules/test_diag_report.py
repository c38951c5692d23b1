"""The report as dict and text, the page's entry point ``web.run`` and the support CLI."""

from __future__ import annotations

import json
from typing import Any

import diag_user_agents as ua
import pytest
from diag_helpers import SHOP, STEP_IDS, STEPS, TODAY, raw_policy, validate_report

from diagnostics import Policy, Shop, diagnose, web
from diagnostics.cli import main
from diagnostics.facts import FEATURES
from diagnostics.registry import CHECKS

CHECK_IDS = tuple(check.id for check in CHECKS)

FULL_FACTS = {
    "user_agent": ua.CHROME_156_MAC,
    "client_hints": {
        "brands": [{"brand": "Chromium", "version": "156"}, {"brand": "Google Chrome", "version": "156"}],
        "mobile": False,
        "platform": "macOS",
        "platform_version": "15.1.0",
        "full_version_list": [{"brand": "Google Chrome", "version": "156.0.8078.73"}],
    },
    "cookies": {"navigator_enabled": True, "test_cookie": "blocked"},
    "storage": {"local": "ok", "session": "ok"},
    "scripts": {"payment_probe": "loaded", "ad_probe": "loaded", "ad_bait": "visible", "paypal_sdk": None},
    "popup": "allowed",
    "features": dict.fromkeys(FEATURES, True),
    "java": {"navigator_java_enabled": False},
    "screen": {"width": 1440, "height": 900, "touch": False},
    "language": "en-GB",
}


def context(policy: Policy, **extra: Any) -> str:
    """The page's context JSON: steps, policy data and today."""
    return json.dumps({"steps": STEPS, "policy": raw_policy(), "today": TODAY.isoformat(), **extra}, default=str)


def test_dict_shape(policy: Policy) -> None:
    """to_dict has exactly the contract's keys, steps in FAQ order, and every check id once."""
    report = diagnose(FULL_FACTS, steps=STEPS, policy=policy, today=TODAY).to_dict()
    assert list(report) == ["generated", "browser", "status", "steps", "checks"]
    assert report["generated"] == "2026-11-27"
    assert report["browser"] == {
        "family": "Chrome",
        "version": "156.0.8078",
        "major": 156,
        "os": "macOS",
        "os_version": "15.1",
        "device": "desktop",
        "in_app": None,
        "engine": "Blink",
        "recommended": True,
        "display": "Chrome 156 on macOS",
    }
    assert report["status"] == "fail"
    assert [step["id"] for step in report["steps"]] == [step["id"] for step in STEPS]
    assert report["steps"][0]["checks"] == ["browser", "features"]
    assert report["steps"][2]["status"] == "fail"
    assert [check["id"] for check in report["checks"]] == list(CHECK_IDS)
    cookies = next(check for check in report["checks"] if check["id"] == "cookies")
    assert set(cookies) == {"id", "step", "status", "message", "advice", "url"}
    assert cookies["url"].endswith("#step-cache-cookies")
    validate_report(report)


def test_unknown_step_gets_unknown_status(policy: Policy) -> None:
    """A step without rules is listed as unknown with "no automatic check"."""
    steps = [*STEPS, {"id": "new-step", "title": "Something new", "url": "https://x/#step-new-step"}]
    report = diagnose(FULL_FACTS, steps=steps, policy=policy, today=TODAY)
    step = report.to_dict()["steps"][-1]
    assert (step["status"], step["checks"]) == ("unknown", [])
    assert "no automatic check" in step["message"].lower()
    assert "No automatic check; follow the step." in report.to_text()


def test_text_report(policy: Policy) -> None:
    """Plain text: date, browser with version and OS, every step with status and findings."""
    report = diagnose(FULL_FACTS, steps=STEPS, policy=policy, today=TODAY, shop=SHOP)
    text = report.to_text(page_url="https://help.example.com/self-check/")
    assert "Date: 2026-11-27" in text
    assert "Browser: Chrome 156.0.8078 on macOS 15.1 (desktop)" in text
    assert "Overall: Problem found" in text
    for number, step in enumerate(STEPS, 1):
        assert f"{number}. {step['title']}:" in text
    assert "Cookies: Problem found." in text
    assert "5. Update Java: For your information" in text
    assert "Page: https://help.example.com/self-check/" in text
    assert text.endswith(f"If you still cannot pay, email this report to {SHOP.support_email}.\n")
    assert text.startswith("Example Shop checkout self-check\n")  # the shop comes from the caller (mkdocs.yml)
    assert "<" not in text


def test_text_report_has_no_hostile_markup() -> None:
    """A hostile user agent and step title do not smuggle control characters into the text."""
    steps = [{"id": "browser", "title": "Evil\ntitle\x1b[31m", "url": "javascript:\r\nalert(1)"}]
    text = diagnose({"user_agent": "<script>\x00alert(1)</script>\r\n"}, steps=steps, today=TODAY).to_text()
    assert "\x1b" not in text
    assert "\x00" not in text
    assert "\r" not in text
    assert "Evil title" in text


def test_overall_status_ignores_unknown_when_something_passes(policy: Policy) -> None:
    """Safe mode and cache are always unknown; a clean, current browser still sums up to pass."""
    facts = {**FULL_FACTS, "cookies": {"navigator_enabled": True, "test_cookie": "ok"}}
    assert diagnose(facts, steps=STEPS, policy=policy, today=TODAY).status == "pass"


@pytest.mark.parametrize("user_agent", ["", "Mozilla/5.0 (X11; Linux x86_64) Frobnicator/3.1", "zzz"])
def test_an_unrecognised_browser_is_never_ok(user_agent: str, policy: Policy) -> None:
    """Everything else passing, a browser we cannot tell sums up to "Not checked", never OK; step 1 too."""
    facts = {
        **FULL_FACTS,
        "user_agent": user_agent,
        "client_hints": None,
        "cookies": {"navigator_enabled": True, "test_cookie": "ok"},
    }
    report = diagnose(facts, steps=STEPS, policy=policy, today=TODAY)
    assert report.findings[0].status == "unknown"
    assert report.status == "unknown"
    assert report.to_dict()["steps"][0]["status"] == "unknown"
    assert "Overall: Not checked" in report.to_text()


def test_java_is_information_and_lifts_nothing(policy: Policy) -> None:
    """Java's step is information; with every real check unknown the report is not OK because of it."""
    report = diagnose({}, steps=STEPS, policy=policy, today=TODAY).to_dict()
    java = next(step for step in report["steps"] if step["id"] == "java")
    assert java["status"] == "info"
    assert report["status"] == "unknown"


def test_default_steps_when_none_given(policy: Policy) -> None:
    """Without steps the report lists the steps its checks belong to, in the FAQ entry's order."""
    ids = [step["id"] for step in diagnose(FULL_FACTS, policy=policy, today=TODAY).to_dict()["steps"]]
    assert ids == [step_id for step_id in STEP_IDS if step_id in ids]  # the content's order
    assert set(ids) <= set(STEP_IDS)  # every check belongs to a step of the FAQ entry


def test_web_run_returns_the_report(policy: Policy) -> None:
    """web.run takes JSON strings and gives the report dict as JSON."""
    report = json.loads(
        web.run(
            json.dumps(FULL_FACTS),
            context(
                policy,
                shop={"name": "Example Shop", "url": "https://shop.example/", "support_email": "a@b.example"},
                page_url="https://x/",
            ),
        )
    )
    assert report["browser"]["display"] == "Chrome 156 on macOS"
    assert report["status"] == "fail"
    assert report["generated"] == "2026-11-27"
    validate_report(report)
    # The page shows this text as it is: the one rendering, the same as the CLI's.
    shop = Shop("Example Shop", "https://shop.example/", "a@b.example")
    expected = diagnose(FULL_FACTS, steps=STEPS, policy=policy, today=TODAY, shop=shop).to_text(page_url="https://x/")
    assert report["text"] == expected


@pytest.mark.parametrize(
    ("facts_json", "context_json"),
    [
        ("", ""),
        ("not json", "{"),
        ("[1, 2]", "null"),
        ('{"user_agent": 5}', '{"policy": 7, "today": "x"}'),
        ("[" * 5000 + "]" * 5000, "[" * 5000),
        (None, None),
    ],
)
def test_web_run_survives_garbage(facts_json: Any, context_json: Any) -> None:
    """Garbage in gives a valid report out, never an exception."""
    report = json.loads(web.run(facts_json, context_json))
    assert report["status"] in ("pass", "warn", "fail", "unknown")
    assert len(report["checks"]) == len(CHECK_IDS)


def test_web_run_reports_all_unknown_when_diagnose_breaks(policy: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """If something inside fails, every check is unknown and says the check itself failed."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(web, "diagnose", broken)
    report = json.loads(web.run(json.dumps(FULL_FACTS), context(policy)))
    validate_report(report)
    assert report["status"] == "unknown"
    assert [check["id"] for check in report["checks"]] == list(CHECK_IDS)
    assert all(check["status"] == "unknown" and "check itself failed" in check["message"] for check in report["checks"])
    assert [step["id"] for step in report["steps"]] == [step["id"] for step in STEPS]


def test_one_broken_check_does_not_stop_the_others(policy: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that raises becomes "unknown"; the rest still run."""
    import dataclasses

    import diagnostics.report as report_module

    def broken(*args: Any) -> Any:
        raise ZeroDivisionError

    checks = list(report_module.CHECKS)
    checks[0] = dataclasses.replace(checks[0], run=broken)
    monkeypatch.setattr(report_module, "CHECKS", tuple(checks))
    report = diagnose(FULL_FACTS, steps=STEPS, policy=policy, today=TODAY)
    assert report.findings[0].status == "unknown"
    assert "check itself failed" in report.findings[0].message
    assert report.status == "fail"  # the blocked cookie is still found


def test_cli_text(policy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    """diagnose --user-agent prints a readable report; only the browser is judged."""
    assert main(["--user-agent", ua.IE11, "--date", "2026-11-27"], steps=STEPS, policy=policy) == 0
    out = capsys.readouterr().out
    assert "Browser: Internet Explorer 11.0 on Windows 10 (desktop)" in out
    assert "Cookies: Not checked." in out
    assert "Overall: Problem found" in out


def test_cli_json(policy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints exactly the report dict; --date judges "latest" as of that day."""
    assert main(["--user-agent", ua.CHROME_158_WIN, "--date", "2028-06-01", "--json"], steps=STEPS, policy=policy) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["generated"] == "2028-06-01"
    checks = {check["id"]: check["status"] for check in report["checks"]}
    assert checks["browser"] == "fail"
    assert {checks[name] for name in ("features", "cookies", "storage", "payment-script", "ad-blocker", "popups")} == {"unknown"}


@pytest.mark.parametrize("argv", [["--user-agent", "x", "--date", "27/11/2026"], ["--date", "2026-11-27"], ["--bogus"]])
def test_cli_bad_arguments(argv: list[str], policy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad arguments give a message and exit code 2, no traceback."""
    assert main(argv, steps=STEPS, policy=policy) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err
