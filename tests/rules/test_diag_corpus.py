"""The browser verdict over real-world user agents: uap-core's labelled test data (14,654 distinct).

Classes come from uap-core's own labels (tests/diag_corpus.py), never from our rules, and each
test asserts over a whole class: every Internet Explorer fails, every dead family fails, no
unrecognised browser and no impossible version is ever OK, apps' built-in browsers are named,
nothing crashes and no output carries markup or control characters. One run of ``diagnose``
per user agent, shared by the tests (a few seconds).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from diag_corpus import UNSAFE_OUTPUT, absurd_versions, cases, hostile_user_agents, strings_in
from diag_helpers import SHOP, TODAY

from diagnostics import Policy, diagnose


@dataclass(frozen=True)
class Judged:
    """What our rules said about one user agent of the corpus."""

    user_agent: str
    family: str
    kind: str
    browser_status: str
    status: str
    in_app: str | None
    outputs: tuple[str, ...]


def judge(user_agent: str, family: str, kind: str, policy: Policy) -> Judged:
    """Run the rules on one user agent; keep the verdicts and every string they output."""
    report = diagnose({"user_agent": user_agent}, policy=policy, today=TODAY, shop=SHOP)
    data = report.to_dict()
    text = report.to_text()
    return Judged(
        user_agent,
        family,
        kind,
        data["checks"][0]["status"],
        data["status"],
        data["browser"]["in_app"],
        (text.replace("\n", " "), *strings_in(data)),
    )


@pytest.fixture(scope="module")
def judged(policy: Policy) -> list[Judged]:
    """Every corpus user agent, plus impossible versions and hostile text made from real forms."""
    corpus = list(cases())
    assert len(corpus) > 14_000, "tests/data/uap-core/cases.jsonl.gz is incomplete"
    rows = [(case.user_agent, case.family, case.kind) for case in corpus]
    rows += [(user_agent, "", "absurd-version") for user_agent in absurd_versions(corpus)]
    rows += [(user_agent, "", "hostile") for user_agent in hostile_user_agents()]
    return [judge(user_agent, family, kind, policy) for user_agent, family, kind in rows]


def of_kind(judged: list[Judged], kind: str) -> list[Judged]:
    """The judged user agents of one class (never an empty class: the test would prove nothing)."""
    found = [item for item in judged if item.kind == kind]
    assert found, f"no user agent of class {kind!r} in the corpus"
    return found


def offenders(items: list[Judged], wrong: Any) -> list[tuple[str, str, str]]:
    """(family label, verdict, user agent) of the items for which ``wrong`` holds, for the message."""
    return [(item.family, item.browser_status, item.user_agent) for item in items if wrong(item)][:10]


def test_every_internet_explorer_fails(judged: list[Judged]) -> None:
    """IE 5-11 and IE Mobile, as labelled by uap-core: the browser check and the report fail."""
    items = of_kind(judged, "internet-explorer")
    assert offenders(items, lambda item: item.browser_status != "fail" or item.status != "fail") == []


def test_dead_families_fail(judged: list[Judged]) -> None:
    """Opera Mini, Presto Opera, Android 4 and older, feature phones, BlackBerry, old UC Browser, KaiOS: fail."""
    items = of_kind(judged, "dead")
    assert offenders(items, lambda item: item.browser_status != "fail") == []
    assert {item.family for item in items} >= {"Opera Mini", "Opera", "Android", "NetFront", "BlackBerry WebKit"}


def test_an_unknown_browser_is_never_overall_ok(judged: list[Judged]) -> None:
    """What uap-core cannot name (family "Other": apps, tools, odd strings), and no browser check pass: never OK."""
    assert offenders(of_kind(judged, "unknown"), lambda item: item.status == "pass") == []
    assert offenders(judged, lambda item: item.status == "pass" and item.browser_status != "pass") == []


def test_impossible_versions_never_pass(judged: list[Judged]) -> None:
    """Chrome/999999, Firefox/999, Version/6533 on real user agents, a WebKit build number read as Safari's."""
    items = of_kind(judged, "absurd-version")
    assert offenders(items, lambda item: item.browser_status == "pass" or item.status == "pass") == []


def test_in_app_browsers_are_named(judged: list[Judged]) -> None:
    """Every app's built-in browser uap-core names (Facebook, Instagram, WebViews...) is reported as one, and fails."""
    items = of_kind(judged, "in-app")
    assert offenders(items, lambda item: not item.in_app or item.browser_status != "fail") == []
    named = {item.family: item.in_app for item in items if item.family in ("Facebook", "Instagram", "Pinterest")}
    assert named == {"Facebook": "Facebook", "Instagram": "Instagram", "Pinterest": "Pinterest"}


def test_no_markup_or_control_characters_in_any_output(judged: list[Judged]) -> None:
    """No <, >, control, zero-width or bidi character in any text or JSON value, hostile input included."""
    of_kind(judged, "hostile")
    bad = [(item.user_agent, text) for item in judged for text in item.outputs if UNSAFE_OUTPUT.search(text)]
    assert bad[:5] == []


def test_current_major_browsers_are_judged_by_age(judged: list[Judged]) -> None:
    """Chrome, Firefox, Safari and Edge of the corpus (mostly years old) are judged, never "unknown"."""
    counts = Counter(item.browser_status for item in of_kind(judged, "major-browser"))
    assert counts["unknown"] == 0
    assert counts["fail"] > counts["warn"]
