"""The browser verdict for real user agent strings, judged on 2026-11-27."""

from __future__ import annotations

import diag_user_agents as ua
import pytest
from diag_helpers import TODAY

from diagnostics import BrowserFacts, Policy, diagnose, identify

# (name, user agent, status of the "browser" check, words the message must contain)
CASES = [
    ("ie8", ua.IE8, "fail", ["Internet Explorer 8", "no longer updated"]),
    ("ie9", ua.IE9, "fail", ["Internet Explorer 9"]),
    ("ie10", ua.IE10, "fail", ["Internet Explorer 10"]),
    ("ie11", ua.IE11, "fail", ["Internet Explorer 11"]),
    ("edge-legacy-18", ua.EDGE_LEGACY_18, "fail", ["old Microsoft Edge", "18"]),
    ("chrome-49-xp", ua.CHROME_49_XP, "fail", ["Chrome 49", "years old"]),
    ("chrome-109-win7", ua.CHROME_109_WIN7, "fail", ["Chrome 109", "years old"]),
    ("chrome-158", ua.CHROME_158_WIN, "pass", ["Chrome 158", "up to date"]),
    ("chrome-156-mac", ua.CHROME_156_MAC, "pass", ["Chrome 156", "recent enough"]),
    ("chrome-android", ua.CHROME_158_ANDROID, "pass", ["Chrome 158"]),
    ("chrome-ios", ua.CHROME_IOS, "pass", ["Chrome 158"]),
    ("firefox-52", ua.FIREFOX_52_XP, "fail", ["Firefox 52", "years old"]),
    ("firefox-115", ua.FIREFOX_115_WIN7, "fail", ["Firefox 115"]),
    ("firefox-esr-153", ua.FIREFOX_ESR_153_LINUX, "pass", ["Firefox 153", "Extended Support Release"]),
    ("firefox-160", ua.FIREFOX_160_WIN, "pass", ["Firefox 160"]),
    ("firefox-android", ua.FIREFOX_ANDROID, "pass", ["Firefox 160"]),
    ("safari-26-mac", ua.SAFARI_26_MAC, "pass", ["Safari 26"]),
    ("safari-12-mac", ua.SAFARI_12_MAC, "fail", ["Safari 12", "years old"]),
    ("safari-ios-17", ua.SAFARI_IOS_17, "fail", ["Safari 17"]),
    ("safari-ios-26", ua.SAFARI_IOS_26, "pass", ["Safari 26"]),
    ("safari-ipad-15", ua.SAFARI_IPAD_15, "fail", ["Safari 15"]),
    ("edge-158", ua.EDGE_158_WIN, "pass", ["Edge 158", "same engine as Chrome", "FAQ recommends"]),
    ("samsung", ua.SAMSUNG_INTERNET, "pass", ["Samsung Internet 30", "Chrome engine is version 154"]),
    ("samsung-old", ua.SAMSUNG_INTERNET_OLD, "fail", ["Samsung Internet 10", "version 71"]),
    ("opera", ua.OPERA_WIN, "pass", ["Opera 142", "version 157"]),
    ("instagram-ios", ua.INSTAGRAM_IOS, "fail", ["Instagram's built-in browser", "PayPal"]),
    ("instagram-android", ua.INSTAGRAM_ANDROID, "fail", ["Instagram's built-in browser"]),
    ("facebook-ios", ua.FACEBOOK_IOS, "fail", ["Facebook's built-in browser"]),
    ("facebook-android", ua.FACEBOOK_ANDROID, "fail", ["Facebook's built-in browser"]),
    ("tiktok-ios", ua.TIKTOK_IOS, "fail", ["TikTok's built-in browser"]),
    ("tiktok-android", ua.TIKTOK_ANDROID, "fail", ["TikTok's built-in browser"]),
    ("snapchat", ua.SNAPCHAT_IOS, "fail", ["Snapchat"]),
    ("pinterest", ua.PINTEREST_IOS, "fail", ["Pinterest"]),
    ("linkedin", ua.LINKEDIN_IOS, "fail", ["LinkedIn"]),
    ("line", ua.LINE_ANDROID, "fail", ["LINE"]),
    ("wechat", ua.WECHAT_IOS, "fail", ["WeChat"]),
    ("android-webview", ua.ANDROID_WEBVIEW, "fail", ["an app's built-in browser"]),
    ("ios-wkwebview", ua.IOS_WKWEBVIEW, "fail", ["an app's built-in browser"]),
    # WebKitGTK's frozen "Version/60.5": no Safari 60 exists, so no claim that it is up to date.
    ("webkitgtk", ua.WEBKITGTK_MINIBROWSER, "warn", ["reports itself as Safari 60", "no such version"]),
    ("safari-webkit-build", "Safari/6533.18.5 CFNetwork/454.9.8 Darwin/10.4.0", "warn", ["Safari 6533", "no such version"]),
    ("chrome-999999", ua.CHROME_158_WIN.replace("Chrome/158", "Chrome/999999"), "warn", ["no such version"]),
    ("firefox-999", ua.FIREFOX_160_WIN.replace("Firefox/160", "Firefox/999"), "warn", ["no such version"]),
    ("chrome-canary", ua.CHROME_158_WIN.replace("Chrome/158", "Chrome/161"), "pass", ["Chrome 161", "newer than"]),
    (
        "opera-mini",
        "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54",
        "fail",
        ["Opera Mini", "cannot run our checkout"],
    ),
    ("opera-presto", "Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.16", "fail", ["old Opera"]),
    (
        "android-4-stock",
        (
            "Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SCH-I535 Build/KOT49H) AppleWebKit/534.30 "
            "(KHTML, like Gecko) Version/4.0 Mobile Safari/534.30"
        ),
        "fail",
        ["old Android browser"],
    ),
    ("kaios", "Mozilla/5.0 (Mobile; Nokia_8110_4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5", "fail", ["KaiOS"]),
    ("netfront", "SAMSUNG-GT-E1200/E1200XXKK1 NetFront/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1", "fail", ["NetFront"]),
    ("blackberry", "BlackBerry9700/5.0.0.351 Profile/MIDP-2.1 Configuration/CLDC-1.1 VendorID/123", "fail", ["BlackBerry"]),
    (
        "webview-no-wv",
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
            "Chrome/156.0.0.0 Mobile Safari/537.36 ShopApp/3.2"
        ),
        "fail",
        ["an app's built-in browser"],
    ),
    (
        "old-gecko-fork",
        "Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.8.1.4) Gecko/20070531 Galeon/2.0.3",
        "fail",
        ["old Firefox engine"],
    ),
    ("empty", "", "unknown", ["could not tell which browser"]),
    ("garbage", "zzz qqq 123", "unknown", ["could not tell"]),
    ("huge", "A" * 100_000, "unknown", ["could not tell"]),
    ("unknown-browser", "Mozilla/5.0 (X11; Linux x86_64) Frobnicator/3.1", "unknown", ["could not tell"]),
    ("unknown-chromium", ua.CHROME_158_WIN.replace("Chrome/158", "Chromium/158"), "warn", ["do not know well"]),
    ("control-chars", "Mozilla/5.0\x00\x1b[31m\r\nFirefox/160.0", "pass", ["Firefox 160"]),
    ("script-tag", "<script>alert(1)</script>", "unknown", ["could not tell"]),
]


@pytest.mark.parametrize(("name", "user_agent", "status", "words"), CASES, ids=[case[0] for case in CASES])
def test_browser_verdict(name: str, user_agent: str, status: str, words: list[str], policy: Policy) -> None:
    """Each real user agent gets the expected verdict and a message naming what was found."""
    report = diagnose({"user_agent": user_agent}, policy=policy, today=TODAY)
    finding = report.findings[0]
    assert finding.id == "browser"
    assert finding.status == status, finding.message
    for word in words:
        assert word in finding.message
    assert finding.advice or finding.status == "pass"


def test_in_app_advice_names_the_right_browser(policy: Policy) -> None:
    """In-app browsers: iOS shoppers are sent to Safari, Android shoppers to Chrome."""
    ios = diagnose({"user_agent": ua.INSTAGRAM_IOS}, policy=policy, today=TODAY).findings[0]
    android = diagnose({"user_agent": ua.TIKTOK_ANDROID}, policy=policy, today=TODAY).findings[0]
    assert "Open in Safari" in ios.advice
    assert "Open in Chrome" in android.advice


def test_ie_advice_recommends_real_browsers(policy: Policy) -> None:
    """Internet Explorer users are told which browsers to install."""
    finding = diagnose({"user_agent": ua.IE11}, policy=policy, today=TODAY).findings[0]
    assert "Chrome, Firefox or Safari" in finding.advice


def test_reduced_chrome_with_client_hints_gives_full_version() -> None:
    """Chrome's reduced UA says 156.0.0.0; the full version comes from full_version_list."""
    facts = BrowserFacts.from_dict(
        {
            "user_agent": ua.CHROME_156_MAC,
            "client_hints": {
                "brands": [{"brand": "Not=A?Brand", "version": "24"}, {"brand": "Google Chrome", "version": "156"}],
                "full_version_list": [
                    {"brand": "Not=A?Brand", "version": "24.0.0.0"},
                    {"brand": "Chromium", "version": "156.0.8078.73"},
                    {"brand": "Google Chrome", "version": "156.0.8078.73"},
                ],
                "mobile": False,
                "platform": "macOS",
                "platform_version": "15.1.0",
            },
        }
    )
    info = identify(facts)
    assert (info.family, info.version, info.major) == ("Chrome", "156.0.8078", 156)
    assert (info.os, info.os_version, info.device) == ("macOS", "15.1", "desktop")


def test_reduced_chrome_without_hints_claims_only_the_major() -> None:
    """Without hints, the made-up .0.0.0 of a reduced UA is not reported as a version."""
    info = identify(BrowserFacts.from_user_agent(ua.CHROME_158_WIN))
    assert info.version == "158"
    assert info.os_version == "10"


def test_brave_is_recognised_from_client_hints() -> None:
    """Brave's UA is Chrome's; only the brand list tells them apart. GREASE brands are ignored."""
    facts = BrowserFacts.from_dict(
        {
            "user_agent": ua.CHROME_158_WIN,
            "client_hints": {
                "brands": [
                    {"brand": "Not_A Brand", "version": "99"},
                    {"brand": "Brave", "version": "158"},
                    {"brand": "Chromium", "version": "158"},
                ],
                "platform": "Windows",
                "platform_version": "19.0.0",
            },
        }
    )
    info = identify(facts)
    assert (info.family, info.policy_id, info.engine_major) == ("Brave", "brave", 158)
    assert info.os_version == "11"


def test_ios_26_os_version_comes_from_safari() -> None:
    """iOS 26 freezes "iPhone OS 18_6"; Safari's Version/26.1 is the real iOS version."""
    info = identify(BrowserFacts.from_user_agent(ua.SAFARI_IOS_26))
    assert (info.family, info.major, info.os, info.os_version) == ("Safari", 26, "iOS", "26.1")
    assert identify(BrowserFacts.from_user_agent(ua.INSTAGRAM_IOS)).os_version is None


def test_frozen_macos_version_is_not_claimed() -> None:
    """Every Mac browser says 10_15_7; we do not report that as the macOS version."""
    assert identify(BrowserFacts.from_user_agent(ua.SAFARI_26_MAC)).os_version is None
    assert identify(BrowserFacts.from_user_agent(ua.SAFARI_12_MAC)).os_version == "10.13.6"


def test_in_app_fields() -> None:
    """In-app browsers carry the app's name in ``in_app`` and are not recommended."""
    info = identify(BrowserFacts.from_user_agent(ua.FACEBOOK_ANDROID))
    assert (info.kind, info.in_app, info.engine) == ("in-app", "Facebook", "Blink")
    webview = identify(BrowserFacts.from_user_agent(ua.ANDROID_WEBVIEW))
    assert webview.in_app == "Android WebView"


def test_newer_than_known_does_not_invent_a_release(policy: Policy) -> None:
    """A version a little beyond the calendar (a beta) passes and says so, without claiming release facts."""
    beta = ua.FIREFOX_160_WIN.replace("Firefox/160", "Firefox/163")
    finding = diagnose({"user_agent": beta}, policy=policy, today=TODAY).findings[0]
    assert finding.status == "pass"
    assert "newer than the newest version we know" in finding.message
    assert "released" not in finding.message


@pytest.mark.parametrize(
    "user_agent",
    [
        "<script>alert(1)</script>/1.0 CFNetwork/978.0.7 Darwin/18.5.0",
        "\u202egnp.exe/1.0 CFNetwork/978.0.7 Darwin/18.5.0",
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
            "<b>App</b>/3.2"
        ),
    ],
)
def test_names_from_the_user_agent_are_plain(user_agent: str, policy: Policy) -> None:
    """Whatever a user agent carries, the names we show are printable, plain and short."""
    report = diagnose({"user_agent": user_agent}, policy=policy, today=TODAY)
    info = report.browser
    for name in (info.family, info.os, info.in_app, info.display, report.findings[0].message):
        assert name is None or not any(char in name for char in "<>\u202e\x00")
    assert info.family is None or len(info.family) <= 40


def test_same_browser_judged_by_date(policy: Policy) -> None:
    """Chrome 158 is current on 2026-11-27 but out of date two years later."""
    later = TODAY.replace(year=2028)
    assert diagnose({"user_agent": ua.CHROME_158_WIN}, policy=policy, today=later).findings[0].status == "fail"


def test_without_policy_versions_go_unjudged() -> None:
    """No browsers.yml: known browsers get a warning, never an error."""
    finding = diagnose({"user_agent": ua.CHROME_158_WIN}, today=TODAY).findings[0]
    assert finding.status == "warn"
    assert "could not check" in finding.message
