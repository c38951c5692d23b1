"""Property tests: no facts and no user agent can crash ``diagnose`` or ``web.run``, or make a check fail.

``diagnose`` turns an exception inside a check into a "This check itself failed" finding, so
that one bug never takes the page down; these tests treat any such finding as a failure, so a
check that raises on some input is caught here rather than hidden.
"""

from __future__ import annotations

import json
from typing import Any

from diag_corpus import UNSAFE_OUTPUT
from diag_helpers import ROOT, TODAY, validate_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnostics import BrowserFacts, Policy, diagnose, load_policy_file, web
from diagnostics.registry import CHECKS

CHECK_IDS = tuple(check.id for check in CHECKS)

POLICY: Policy = load_policy_file(ROOT / "content" / "browsers.yml")
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=8,
)
FACT_KEYS = ["user_agent", "client_hints", "cookies", "storage", "scripts", "popup", "features", "java", "screen", "language"]
facts_dicts = st.dictionaries(st.sampled_from(FACT_KEYS), json_values, max_size=6)
ua_pieces = st.sampled_from(
    [
        "Mozilla/5.0 ",
        "(Windows NT 10.0; Win64; x64) ",
        "(iPhone; CPU iPhone OS 18_6 like Mac OS X) ",
        "AppleWebKit/537.36 ",
        "(KHTML, like Gecko) ",
        "Chrome/158.0.0.0 ",
        "Safari/537.36 ",
        "Version/26.1 ",
        "Firefox/160.0 ",
        "rv:11.0) like Gecko ",
        "Trident/7.0; ",
        "MSIE 9.0; ",
        "Edge/18.1 ",
        "Edg/158.0 ",
        "; wv) ",
        "Instagram 1.0 ",
        "FBAV/1 ",
        "Mobile/15E148 ",
        "SamsungBrowser/30.0 ",
        "OPR/142 ",
    ]
)
user_agents = st.one_of(st.text(max_size=300), st.lists(ua_pieces, max_size=12).map("".join))


def check_report(report: dict[str, Any]) -> None:
    """Every check present, none of them broken, in the report schema's shape; no markup in any text."""
    assert [check["id"] for check in report["checks"]] == list(CHECK_IDS)
    broken = [check["id"] for check in report["checks"] if "check itself failed" in check["message"]]
    assert broken == [], f"these checks raised: {broken}"
    validate_report(report)
    assert not UNSAFE_OUTPUT.search(report["browser"]["display"])
    json.dumps(report)


@FAST
@given(facts_dicts)
def test_any_facts_dict(facts: dict[str, Any]) -> None:
    """diagnose accepts any JSON-like facts dict."""
    report = diagnose(facts, policy=POLICY, today=TODAY)
    check_report(report.to_dict())
    assert isinstance(report.to_text(), str)


@FAST
@given(user_agents)
def test_any_user_agent(user_agent: str) -> None:
    """diagnose accepts any user agent string, including mixes of real tokens."""
    report = diagnose({"user_agent": user_agent}, policy=POLICY, today=TODAY)
    check_report(report.to_dict())
    assert "\x00" not in report.to_text()


@FAST
@given(json_values, user_agents, st.dates())
def test_any_input_to_web_run(anything: Any, user_agent: str, today: Any) -> None:
    """web.run returns a report for any JSON and any day."""
    facts = json.dumps({"user_agent": user_agent, "client_hints": anything})
    check_report(json.loads(web.run(facts, json.dumps({"today": today.isoformat(), "steps": anything}))))
    check_report(json.loads(web.run(json.dumps(anything), "{}")))


@FAST
@given(st.text(max_size=300), st.dates())
def test_browser_facts_from_user_agent(user_agent: str, today: Any) -> None:
    """Any day from year 1 to 9999 can be judged."""
    check_report(diagnose(BrowserFacts.from_user_agent(user_agent), policy=POLICY, today=today).to_dict())
