"""The ``browser`` check: is this a browser our checkout and PayPal work in, and is it current?

Follows the FAQ step "Use the latest Chrome, Firefox or Safari". Internet Explorer, the
old Edge, apps' built-in browsers and the families browsers.yml lists as unsupported fail
outright; everything else is judged by age against the release calendar in browsers.yml
(see ``policy``). A browser we cannot tell is "unknown", which never sums up to OK.
"""

from __future__ import annotations

from datetime import date

from .browser import BrowserInfo, app_phrase
from .findings import FAIL, PASS, UNKNOWN, WARN, Verdict
from .howto import platform_of
from .inputs import Inputs
from .policy import Policy, VersionVerdict
from .policy_data import Unsupported
from .releases import whole_months

RECOMMENDED = "the latest Chrome, Firefox or Safari"
# Browsers whose own version number follows Chrome's, for when no engine version is given.
_CHROME_NUMBERED = ("edge", "brave")
# Engines whose version in the user agent follows a recommended browser's calendar.
_ENGINE_CALENDARS = {"Blink": ("chrome", "Chrome"), "Gecko": ("firefox", "Firefox")}
# The report is in English whatever the locale (Python's calendar module would also import locale).
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _age(released: date, today: date) -> str:
    months = whole_months(released, today)
    if months >= 24:
        return f"about {months // 12} years"
    if months <= 1:
        return "a few weeks"
    return f"about {months} months"


def _month(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _in_app(info: BrowserInfo) -> Verdict:
    where = app_phrase(info.in_app)
    platform = platform_of(info)
    if platform == "ios":
        how = 'tap the three dots or the share button in the app and choose "Open in Safari" (or "Open in browser")'
    elif platform == "android":
        how = 'tap the three dots in the app and choose "Open in Chrome" (or "Open in browser")'
    else:
        how = "use the app's menu to open the page in your web browser"
    return Verdict(
        FAIL,
        f"You opened this page in {where}. PayPal's payment window cannot open there, so the payment often fails.",
        f"Open this page in a real browser: {how}. Then pay there.",
    )


def _judged(inputs: Inputs) -> Verdict:
    info, policy, today = inputs.browser, inputs.policy, inputs.today
    entry = policy.get(info.policy_id)
    name = info.family or "your browser"
    shown = f"{name} {info.major}" if info.major is not None else name
    update = inputs.howto("update")
    if entry is None:
        return Verdict(WARN, f"You are using {shown}. We could not check whether it is up to date.", update)
    major = info.major
    if entry.judge_by:
        if info.engine_major is not None:
            major = info.engine_major
        elif entry.id not in _CHROME_NUMBERED:
            major = None
    if major is None:
        return Verdict(WARN, f"You are using {name}, but we could not tell which version.", update)
    verdict = policy.judge(entry.id, major, today)
    if verdict is None:
        return Verdict(WARN, f"You are using {shown}. We could not check whether it is up to date.", update)
    message = _version_message(shown, verdict, today, entry.judge_by, major)
    if not entry.recommended and verdict.status == PASS:
        message += (
            f" It is built on the same engine as Chrome, so our checkout should work; if it does not, "
            f"try {RECOMMENDED}, which our FAQ recommends."
        )
    if verdict.implausible:
        return Verdict(WARN, message, f"If payment fails, use {RECOMMENDED}. {update}")
    if verdict.status == PASS:
        return Verdict(PASS, message, "Nothing to do here.")
    if verdict.status == WARN:
        return Verdict(WARN, message, f"Update your browser. {update}")
    return Verdict(FAIL, message, f"Update your browser, or use {RECOMMENDED}. {update}")


def _version_message(shown: str, verdict: VersionVerdict, today: date, judge_by: str | None, major: int) -> str:
    engine = f" (its Chrome engine is version {major})" if judge_by and f" {major}" not in shown else ""
    newest = f"the newest is about version {verdict.newest}"
    if verdict.implausible:
        return (
            f"Your browser reports itself as {shown}{engine}, but no such version exists "
            f"({newest}), so we cannot tell whether it is up to date."
        )
    if verdict.newer_than_known:
        return (
            f"Your browser reports itself as {shown}{engine}, newer than the newest version we know of "
            f"(about {verdict.newest}), so we treat it as up to date."
        )
    if verdict.extended_until is not None:
        return (
            f"{shown} is up to date enough: it is also an Extended Support Release, "
            f"which gets security updates until about {_month(verdict.extended_until)}."
        )
    if major >= verdict.newest:
        return f"{shown}{engine} is up to date."
    age = _age(verdict.released, today) if verdict.released else "some time"
    if verdict.status == PASS:
        return f"{shown}{engine} is recent enough (released {age} ago; {newest})."
    if verdict.status == WARN:
        return f"{shown}{engine} is {age} old; {newest}. Older versions sometimes fail at checkout."
    return f"{shown}{engine} is {age} old; {newest}. Versions this old often fail at checkout."


def _unsupported(entry: Unsupported, site: str) -> Verdict:
    return Verdict(
        FAIL,
        f"You are using {entry.name}. It cannot run our checkout: {entry.why}.",
        f"Use {RECOMMENDED} (on a phone, the browser that came with a recent Android or iPhone also works), "
        f"then open {site} there and try again.",
    )


def check_browser(inputs: Inputs) -> Verdict:
    """Verdict on the browser itself (check id ``browser``)."""
    info, policy, today = inputs.browser, inputs.policy, inputs.today
    if info.kind in ("browser", "unknown"):
        entry = policy.unsupported_match(info.parsed_family, info.major, inputs.facts.user_agent or "")
        if entry is not None:
            return _unsupported(entry, inputs.site)
    if info.kind == "unknown" and not info.family:
        return Verdict(
            UNKNOWN,
            "We could not tell which browser you are using.",
            f"Use {RECOMMENDED}.",
        )
    if info.kind == "internet-explorer":
        shown = f"Internet Explorer {info.major}" if info.major else "Internet Explorer"
        return Verdict(
            FAIL,
            f"You are using {shown}. It is no longer updated and cannot run our checkout or PayPal.",
            f"Install and use {RECOMMENDED} (on Windows, the new Microsoft Edge also works), "
            f"then open {inputs.site} there and try again.",
        )
    if info.kind == "legacy-edge":
        return Verdict(
            FAIL,
            f"You are using the old Microsoft Edge (version {info.major}). Microsoft stopped updating it "
            "in 2021, and our checkout does not work with it.",
            "Run Windows Update (it installs the new Edge), or install the latest Chrome or Firefox.",
        )
    if info.kind == "in-app":
        return _in_app(info)
    if info.policy_id is None:
        return _unfamiliar(info, policy, today)
    return _judged(inputs)


def _unfamiliar(info: BrowserInfo, policy: Policy, today: date) -> Verdict:
    shown = f"a browser we do not know well ({info.family})" if info.family else "a browser we do not recognise"
    calendar = _ENGINE_CALENDARS.get(info.engine or "")
    if calendar is not None and info.engine_major is not None:
        calendar_id, engine_name = calendar
        verdict = policy.judge(calendar_id, info.engine_major, today)
        if verdict is not None and verdict.status != PASS and not verdict.implausible:
            return Verdict(
                verdict.status,
                f"You are using {shown}, built on an old {engine_name} engine (version {info.engine_major}; "
                f"the newest is about {verdict.newest}).",
                f"Update it, or use {RECOMMENDED}.",
            )
        if verdict is not None and not verdict.implausible:
            return Verdict(
                WARN,
                f"You are using {shown}. It is built on an up-to-date {engine_name} engine, so the checkout "
                f"may well work, but our FAQ recommends {RECOMMENDED}.",
                f"If payment fails, try {RECOMMENDED}.",
            )
    return Verdict(
        WARN,
        f"You are using {shown}. Our FAQ recommends {RECOMMENDED}.",
        f"If payment fails, try {RECOMMENDED}.",
    )
