"""The checks after the browser: cookies, storage, scripts, ad blockers, pop-ups, features, Java."""

from __future__ import annotations

from typing import Any

import diag_user_agents as ua
import pytest
from diag_helpers import SHOP, TODAY

from diagnostics import Finding, Policy, diagnose


def finding(check_id: str, facts: dict[str, Any], policy: Policy | None = None) -> Finding:
    """The finding with ``check_id`` for ``facts`` (user agent: current Chrome)."""
    report = diagnose({"user_agent": ua.CHROME_158_WIN, **facts}, policy=policy, today=TODAY, shop=SHOP)
    return next(item for item in report.findings if item.id == check_id)


@pytest.mark.parametrize(
    ("cookies", "status"),
    [
        ({"navigator_enabled": True, "test_cookie": "ok"}, "pass"),
        ({"navigator_enabled": False, "test_cookie": "ok"}, "pass"),
        ({"navigator_enabled": True, "test_cookie": "blocked"}, "fail"),
        ({"navigator_enabled": False}, "fail"),
        ({"navigator_enabled": True, "test_cookie": "error"}, "warn"),
        ({"navigator_enabled": True}, "unknown"),
        ({}, "unknown"),
        ({"navigator_enabled": "yes", "test_cookie": 1}, "unknown"),
    ],
)
def test_cookies(cookies: dict[str, Any], status: str) -> None:
    """The real test cookie wins over navigator.cookieEnabled; a blocked cookie fails."""
    assert finding("cookies", {"cookies": cookies}).status == status


def test_blocked_cookie_says_paypal_needs_cookies() -> None:
    """A blocked cookie explains why it matters and how to allow cookies in Chrome."""
    result = finding("cookies", {"cookies": {"navigator_enabled": True, "test_cookie": "blocked"}})
    assert "PayPal" in result.message
    assert result.step == "cache-cookies"
    assert "Chrome" in result.advice


@pytest.mark.parametrize(
    ("storage", "status"),
    [
        ({"local": "ok", "session": "ok"}, "pass"),
        ({"local": "blocked", "session": "ok"}, "warn"),
        ({"local": "ok", "session": "error"}, "warn"),
        ({"local": "ok"}, "unknown"),
        (None, "unknown"),
    ],
)
def test_storage(storage: Any, status: str) -> None:
    """Website storage: blocked or broken is a warning."""
    assert finding("storage", {"storage": storage}).status == status


@pytest.mark.parametrize(
    ("scripts", "check_id", "status", "words"),
    [
        ({"payment_probe": "blocked"}, "payment-script", "fail", "blocked a script the checkout needs"),
        ({"payment_probe": "loaded", "paypal_sdk": "blocked"}, "payment-script", "fail", "PayPal's payment script"),
        ({"payment_probe": "loaded"}, "payment-script", "pass", "does not prove"),
        ({}, "payment-script", "unknown", "could not check"),
        ({"payment_probe": "timeout"}, "payment-script", "unknown", "could not finish in time"),
        ({"payment_probe": "loaded", "paypal_sdk": "timeout"}, "payment-script", "pass", "does not prove"),
        ({"ad_probe": "timeout"}, "ad-blocker", "unknown", "could not check"),
        ({"ad_probe": "blocked"}, "ad-blocker", "warn", "ad blocker"),
        ({"ad_probe": "loaded", "ad_bait": "hidden"}, "ad-blocker", "warn", "ad blocker"),
        ({"ad_probe": "loaded", "ad_bait": "visible"}, "ad-blocker", "pass", "does not prove"),
        ({"ad_probe": "maybe"}, "ad-blocker", "unknown", "could not check"),
    ],
)
def test_scripts(scripts: dict[str, Any], check_id: str, status: str, words: str) -> None:
    """Blocked probes point at add-ons; loaded probes pass but say a negative is no proof."""
    result = finding(check_id, {"scripts": scripts})
    assert (result.status, result.step) == (status, "add-ons")
    assert words in result.message


@pytest.mark.parametrize(
    ("popup", "status", "words"),
    [
        ("allowed", "pass", "can open"),
        ("blocked", "fail", "blocked our test pop-up"),
        (None, "unknown", "not tested"),
        ("nonsense", "unknown", "not tested"),
    ],
)
def test_popups(popup: Any, status: str, words: str) -> None:
    """Pop-ups: blocked fails with a way out; not yet tested asks to press the button."""
    result = finding("popups", {"popup": popup})
    assert result.status == status
    assert words in result.message
    if status == "fail":
        assert "come back to shop.example." in result.advice  # the shop's domain, from the context
        assert "same tab" in result.advice
    if status == "unknown":
        assert "Press the button to test pop-ups" in result.advice


ALL_FEATURES = dict.fromkeys(("webassembly", "fetch", "promise", "module_worker", "es_modules", "crypto", "intl"), True)


@pytest.mark.parametrize(
    ("features", "status"),
    [
        (ALL_FEATURES, "pass"),
        ({**ALL_FEATURES, "fetch": False}, "fail"),
        ({**ALL_FEATURES, "webassembly": False, "promise": False}, "fail"),
        ({**ALL_FEATURES, "module_worker": False}, "warn"),
        ({"fetch": True}, "pass"),
        ({}, "unknown"),
        ({"fetch": "no"}, "unknown"),
    ],
)
def test_features(features: dict[str, Any], status: str) -> None:
    """Missing features the checkout needs fail under the browser step."""
    result = finding("features", {"features": features})
    assert (result.status, result.step) == (status, "browser")


def test_missing_feature_is_named() -> None:
    """The shopper sees which feature is missing, in plain words."""
    result = finding("features", {"features": {**ALL_FEATURES, "fetch": False}})
    assert "fetch" in result.message


def test_safe_mode_and_cache_are_honestly_unknown(policy: Policy) -> None:
    """A page cannot see safe mode or the cache; advice fits the shopper's browser."""
    for user_agent, word in (
        (ua.FIREFOX_160_WIN, "Troubleshoot Mode"),
        (ua.SAFARI_IOS_26, "Private"),
        (ua.EDGE_158_WIN, "InPrivate"),
        (ua.SAMSUNG_INTERNET, "Secret mode"),
    ):
        report = diagnose({"user_agent": user_agent}, policy=policy, today=TODAY)
        safe_mode = next(item for item in report.findings if item.id == "safe-mode")
        cache = next(item for item in report.findings if item.id == "cache")
        assert safe_mode.status == cache.status == "unknown"
        assert "cannot" in safe_mode.message
        assert "cannot" in cache.message
        assert word in safe_mode.advice
    ios_cache = next(item for item in diagnose({"user_agent": ua.SAFARI_IOS_26}).findings if item.id == "cache")
    assert "Clear History and Website Data" in ios_cache.advice


@pytest.mark.parametrize("java", [{"navigator_java_enabled": True}, {"navigator_java_enabled": False}, None])
def test_java_is_not_needed(java: Any) -> None:
    """The checkout does not use Java: information, never a passed check."""
    result = finding("java", {"java": java})
    assert result.status == "info"
    assert "does not use Java" in result.message


def test_advice_names_the_shop_it_is_given() -> None:
    """Every piece of advice that names a site names the configured shop's; without one, a plain phrase."""
    facts = {
        "user_agent": ua.CHROME_158_WIN,
        "popup": "blocked",
        "ad_probe": "blocked",
        "storage": {"local": "blocked", "session": "blocked"},
    }
    named = diagnose(facts, today=TODAY, shop=SHOP)
    advice = " ".join(item.advice or "" for item in named.findings)
    assert "shop.example" in advice
    assert "www.shop.example" not in advice  # the domain a shopper types and allows
    unnamed = " ".join(item.advice or "" for item in diagnose(facts, today=TODAY).findings)
    assert "our shop's site" in unnamed
    assert ".example" not in unnamed
