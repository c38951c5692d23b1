"""The checks after the browser itself, one small function each, following the FAQ steps.

Every function takes the facts (and what we know about the browser) and returns one
``Finding``. Missing facts give "unknown", never an exception. Where a web page
simply cannot see something (safe mode, the cache) we say so and explain the step.
"""

from __future__ import annotations

from .browser import BrowserInfo
from .facts import BrowserFacts
from .findings import FAIL, PASS, UNKNOWN, WARN, Finding
from .howto import howto

# Feature -> plain name. Missing any of these and the checkout cannot run.
REQUIRED_FEATURES = {
    "promise": "Promises (modern JavaScript)",
    "fetch": "fetch (modern network requests)",
    "es_modules": "JavaScript modules",
    "crypto": "Web Crypto (secure random numbers)",
    "intl": "Intl (prices and dates in your language)",
    "webassembly": "WebAssembly",
}
# Missing these means an older browser; the checkout may still work.
NICE_FEATURES = {"module_worker": "module workers (background tasks)"}

NOT_PROOF = "This does not prove that no add-on interferes; if payment still fails, try a private window."


def check_features(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Does the browser have the web features the checkout needs? (step ``browser``)"""
    if not facts.features:
        return Finding("features", "browser", UNKNOWN, "We could not check which web features your browser has.")
    missing = [name for key, name in REQUIRED_FEATURES.items() if facts.features.get(key) is False]
    if missing:
        return Finding(
            "features", "browser", FAIL,
            "Your browser is missing features the checkout needs: " + ", ".join(missing) + ".",
            "Update your browser, or use the latest Chrome, Firefox or Safari. " + howto("update", info),
        )
    old = [name for key, name in NICE_FEATURES.items() if facts.features.get(key) is False]
    if old:
        return Finding(
            "features", "browser", WARN,
            "Your browser lacks some newer features (" + ", ".join(old) + "), a sign that it is out of date.",
            howto("update", info),
        )
    unchecked = [key for key in REQUIRED_FEATURES if key not in facts.features]
    if unchecked:
        return Finding("features", "browser", PASS, "The web features we could check are all there.")
    return Finding("features", "browser", PASS, "Your browser has all the web features the checkout needs.")


def check_safe_mode(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Safe mode cannot be seen from a page: explain how to try it (step ``safe-mode``)."""
    return Finding(
        "safe-mode", "safe-mode", UNKNOWN,
        "A web page cannot tell whether your browser runs in safe mode or a private window.",
        "Try paying in a private window, where add-ons and saved data are usually off. "
        + howto("private", info) + " Then open alsgem.com there and try to pay.",
    )


def check_cache(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """The cache cannot be seen from a page: explain how to clear it (step ``cache-cookies``)."""
    return Finding(
        "cache", "cache-cookies", UNKNOWN,
        "A web page cannot see your browser's cache, so we cannot tell whether old saved files get in the way.",
        howto("clear", info) + " You may need to sign in to websites again afterwards.",
    )


def check_cookies(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Cookies: the real test cookie wins over ``navigator.cookieEnabled`` (step ``cache-cookies``)."""
    allow = howto("cookies", info)
    if facts.test_cookie == "ok":
        return Finding("cookies", "cache-cookies", PASS, "Cookies work: we saved and read back a test cookie.")
    if facts.test_cookie == "blocked" or (facts.test_cookie is None and facts.cookies_enabled is False):
        return Finding(
            "cookies", "cache-cookies", FAIL,
            "Your browser blocks cookies. PayPal's checkout needs cookies, so payment cannot finish.",
            allow,
        )
    if facts.test_cookie == "error":
        return Finding(
            "cookies", "cache-cookies", WARN,
            "Our cookie test went wrong, so we could not confirm that cookies work. PayPal's checkout needs them.",
            allow,
        )
    if facts.cookies_enabled:
        return Finding(
            "cookies", "cache-cookies", UNKNOWN,
            "Your browser says cookies are allowed, but we could not test it.",
        )
    return Finding("cookies", "cache-cookies", UNKNOWN, "We could not check cookies.")


def check_storage(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Website storage (localStorage, sessionStorage) (step ``cache-cookies``)."""
    results = (facts.local_storage, facts.session_storage)
    if all(result == "ok" for result in results):
        return Finding("storage", "cache-cookies", PASS, "Website storage works.")
    if "blocked" in results or "error" in results:
        return Finding(
            "storage", "cache-cookies", WARN,
            "Your browser does not let websites store data (this happens in some private modes and with "
            "strict privacy settings). Parts of the checkout may need it.",
            "Try a normal (not private) window, or allow site data for alsgem.com and paypal.com. " + howto("cookies", info),
        )
    return Finding("storage", "cache-cookies", UNKNOWN, "We could not check website storage.")


def check_payment_script(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Did a script named like a payment script load? (step ``add-ons``)"""
    if "blocked" in (facts.payment_probe, facts.paypal_sdk):
        what = "PayPal's payment script" if facts.paypal_sdk == "blocked" else "a test script named like a payment script"
        return Finding(
            "payment-script", "add-ons", FAIL,
            f"An extension or setting blocked a script the checkout needs ({what} did not load).",
            "Turn off ad blockers and privacy or security extensions for alsgem.com and paypal.com, "
            "or try a private window with add-ons off. " + howto("private", info),
        )
    if facts.payment_probe == "loaded" or facts.paypal_sdk == "loaded":
        return Finding(
            "payment-script", "add-ons", PASS,
            "Payment scripts load: nothing blocked our test. " + NOT_PROOF,
        )
    return Finding("payment-script", "add-ons", UNKNOWN, "We could not check whether payment scripts can load.")


def check_ad_blocker(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Signs of an ad blocker (step ``add-ons``)."""
    if facts.ad_probe == "blocked" or facts.ad_bait == "hidden":
        return Finding(
            "ad-blocker", "add-ons", WARN,
            "An ad blocker or privacy extension seems to be on. Such extensions sometimes block "
            "the payment window too.",
            "Pause it for alsgem.com and paypal.com while you pay, or try a private window with add-ons off.",
        )
    if facts.ad_probe == "loaded" or facts.ad_bait == "visible":
        return Finding(
            "ad-blocker", "add-ons", PASS,
            "We found no sign of an ad blocker. " + NOT_PROOF,
        )
    return Finding("ad-blocker", "add-ons", UNKNOWN, "We could not check for ad blockers.")


def check_popups(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Can the PayPal window open? (step ``add-ons``)"""
    if facts.popup == "allowed":
        return Finding("popups", "add-ons", PASS, "Pop-up windows can open, so PayPal's payment window can too.")
    if facts.popup == "blocked":
        return Finding(
            "popups", "add-ons", FAIL,
            "Your browser or an extension blocked our test pop-up window. PayPal's payment window opens the same way.",
            howto("popups", info) + " If you cannot allow pop-ups, PayPal opens in the same tab instead: "
            "finish paying there and you will come back to alsgem.com.",
        )
    return Finding(
        "popups", "add-ons", UNKNOWN,
        "Pop-ups not tested yet.",
        "Press the button to test pop-ups.",
    )


def check_java(facts: BrowserFacts, info: BrowserInfo) -> Finding:
    """Java: the checkout does not use it (step ``java``)."""
    return Finding(
        "java", "java", PASS,
        "Our checkout does not use Java, so there is nothing to update.",
        "Nothing to do: you can skip this step.",
    )


CHECKS = (
    check_features,
    check_safe_mode,
    check_cache,
    check_cookies,
    check_storage,
    check_payment_script,
    check_ad_blocker,
    check_popups,
    check_java,
)
"""All checks after the browser check, in report order."""
