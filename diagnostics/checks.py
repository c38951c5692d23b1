"""The checks after the browser itself, one small function each, following the FAQ steps.

Every function takes the run's ``Inputs`` (the facts, what we know about the browser) and
returns one ``Verdict``; its id, step and title are declared once, in ``registry``.
Missing facts give "unknown", never an exception. Where a web page simply cannot see
something (safe mode, the cache) we say so and explain the step.
"""

from __future__ import annotations

from .findings import FAIL, INFO, PASS, UNKNOWN, WARN, Verdict
from .inputs import Inputs

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


def check_features(inputs: Inputs) -> Verdict:
    """Does the browser have the web features the checkout needs? (step ``browser``)"""
    facts = inputs.facts
    if not facts.features:
        return Verdict(UNKNOWN, "We could not check which web features your browser has.")
    missing = [name for key, name in REQUIRED_FEATURES.items() if facts.features.get(key) is False]
    if missing:
        return Verdict(
            FAIL,
            "Your browser is missing features the checkout needs: " + ", ".join(missing) + ".",
            "Update your browser, or use the latest Chrome, Firefox or Safari. " + inputs.howto("update"),
        )
    old = [name for key, name in NICE_FEATURES.items() if facts.features.get(key) is False]
    if old:
        return Verdict(
            WARN,
            "Your browser lacks some newer features (" + ", ".join(old) + "), a sign that it is out of date.",
            inputs.howto("update"),
        )
    unchecked = [key for key in REQUIRED_FEATURES if key not in facts.features]
    if unchecked:
        return Verdict(PASS, "The web features we could check are all there.")
    return Verdict(PASS, "Your browser has all the web features the checkout needs.")


def check_safe_mode(inputs: Inputs) -> Verdict:
    """Safe mode cannot be seen from a page: explain how to try it (step ``safe-mode``)."""
    return Verdict(
        UNKNOWN,
        "A web page cannot tell whether your browser runs in safe mode or a private window.",
        "Try paying in a private window, where add-ons and saved data are usually off. "
        + inputs.howto("private")
        + f" Then open {inputs.site} there and try to pay.",
    )


def check_cache(inputs: Inputs) -> Verdict:
    """The cache cannot be seen from a page: explain how to clear it (step ``cache-cookies``)."""
    return Verdict(
        UNKNOWN,
        "A web page cannot see your browser's cache, so we cannot tell whether old saved files get in the way.",
        inputs.howto("clear") + " You may need to sign in to websites again afterwards.",
    )


def check_cookies(inputs: Inputs) -> Verdict:
    """Cookies: the real test cookie wins over ``navigator.cookieEnabled`` (step ``cache-cookies``)."""
    facts = inputs.facts
    allow = inputs.howto("cookies")
    if facts.test_cookie == "ok":
        return Verdict(PASS, "Cookies work: we saved and read back a test cookie.")
    if facts.test_cookie == "blocked" or (facts.test_cookie is None and facts.cookies_enabled is False):
        return Verdict(
            FAIL,
            "Your browser blocks cookies. PayPal's checkout needs cookies, so payment cannot finish.",
            allow,
        )
    if facts.test_cookie == "error":
        return Verdict(
            WARN,
            "Our cookie test went wrong, so we could not confirm that cookies work. PayPal's checkout needs them.",
            allow,
        )
    if facts.cookies_enabled:
        return Verdict(
            UNKNOWN,
            "Your browser says cookies are allowed, but we could not test it.",
        )
    return Verdict(UNKNOWN, "We could not check cookies.")


def check_storage(inputs: Inputs) -> Verdict:
    """Website storage (localStorage, sessionStorage) (step ``cache-cookies``)."""
    facts = inputs.facts
    results = (facts.local_storage, facts.session_storage)
    if all(result == "ok" for result in results):
        return Verdict(PASS, "Website storage works.")
    if "blocked" in results or "error" in results:
        return Verdict(
            WARN,
            "Your browser does not let websites store data (this happens in some private modes and with "
            "strict privacy settings). Parts of the checkout may need it.",
            f"Try a normal (not private) window, or allow site data for {inputs.site} and paypal.com. " + inputs.howto("cookies"),
        )
    return Verdict(UNKNOWN, "We could not check website storage.")


def check_payment_script(inputs: Inputs) -> Verdict:
    """Did a script named like a payment script load? (step ``add-ons``)"""
    facts = inputs.facts
    if "blocked" in (facts.payment_probe, facts.paypal_sdk):
        what = "PayPal's payment script" if facts.paypal_sdk == "blocked" else "a test script named like a payment script"
        return Verdict(
            FAIL,
            f"An extension or setting blocked a script the checkout needs ({what} did not load).",
            f"Turn off ad blockers and privacy or security extensions for {inputs.site} and paypal.com, "
            "or try a private window with add-ons off. " + inputs.howto("private"),
        )
    if facts.payment_probe == "loaded" or facts.paypal_sdk == "loaded":
        return Verdict(
            PASS,
            "Payment scripts load: nothing blocked our test. " + NOT_PROOF,
        )
    if "timeout" in (facts.payment_probe, facts.paypal_sdk):
        # A slow network (a phone still downloading the check) is no sign of a blocker.
        return Verdict(
            UNKNOWN,
            "Our test of payment scripts could not finish in time (a slow connection can cause this), "
            "so we cannot say whether they load.",
            "If payment fails, try again on a faster connection, or with add-ons off in a private window.",
        )
    return Verdict(UNKNOWN, "We could not check whether payment scripts can load.")


def check_ad_blocker(inputs: Inputs) -> Verdict:
    """Signs of an ad blocker (step ``add-ons``)."""
    facts = inputs.facts
    if facts.ad_probe == "blocked" or facts.ad_bait == "hidden":
        return Verdict(
            WARN,
            "An ad blocker or privacy extension seems to be on. Such extensions sometimes block the payment window too.",
            f"Pause it for {inputs.site} and paypal.com while you pay, or try a private window with add-ons off.",
        )
    if facts.ad_probe == "loaded" or facts.ad_bait == "visible":
        return Verdict(
            PASS,
            "We found no sign of an ad blocker. " + NOT_PROOF,
        )
    return Verdict(UNKNOWN, "We could not check for ad blockers.")


def check_popups(inputs: Inputs) -> Verdict:
    """Can the PayPal window open? (step ``add-ons``)"""
    facts = inputs.facts
    if facts.popup == "allowed":
        return Verdict(PASS, "Pop-up windows can open, so PayPal's payment window can too.")
    if facts.popup == "blocked":
        return Verdict(
            FAIL,
            "Your browser or an extension blocked our test pop-up window. PayPal's payment window opens the same way.",
            inputs.howto("popups") + " If you cannot allow pop-ups, PayPal opens in the same tab instead: "
            f"finish paying there and you will come back to {inputs.site}.",
        )
    return Verdict(
        UNKNOWN,
        "Pop-ups not tested yet.",
        "Press the button to test pop-ups.",
    )


def check_java(inputs: Inputs) -> Verdict:
    """Java: the checkout does not use it, whatever the browser (step ``java``). Information, no verdict."""
    return Verdict(
        INFO,
        "Our checkout does not use Java, so there is nothing to update.",
        "Nothing to do: you can skip this step.",
    )
