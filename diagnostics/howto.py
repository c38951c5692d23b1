"""Short how-to texts per browser: private window, clearing data, pop-ups, cookies, updating.

Plain data, keyed by browser id (as in browsers.yml) and platform (desktop, android,
ios). Menus change now and then; keep each text short enough to check by eye. ``{site}``
stands for the shop's site (``Shop.site``, from mkdocs.yml): the texts never name a shop.
"""

from __future__ import annotations

from .browser import BrowserInfo

PRIVATE = {
    (
        "chrome",
        "desktop",
    ): "In Chrome, open an Incognito window (Ctrl+Shift+N; on a Mac Cmd+Shift+N): extensions are off there unless you allowed them.",
    ("chrome", "android"): 'In Chrome, tap the three dots and choose "New Incognito tab".',
    ("chrome", "ios"): 'In Chrome, tap the three dots and choose "New Incognito Tab".',
    (
        "firefox",
        "desktop",
    ): 'In Firefox, open the menu (three lines), choose Help, then "Troubleshoot Mode" and Restart: add-ons are turned off there.',
    ("firefox", "android"): 'In Firefox, tap the mask icon on the home screen (or the three dots, then "New private tab").',
    ("firefox", "ios"): "In Firefox, tap the tabs button, then the mask icon, then +.",
    ("safari", "desktop"): 'In Safari, choose File, then "New Private Window" (Shift+Cmd+N).',
    ("safari", "ios"): 'In Safari, tap the tabs button (two squares), swipe to "Private" and open a new tab.',
    ("edge", "desktop"): "In Edge, open an InPrivate window (Ctrl+Shift+N; on a Mac Cmd+Shift+N).",
    ("edge", "android"): 'In Edge, tap the menu, then "New InPrivate tab".',
    ("edge", "ios"): 'In Edge, tap the tabs button, then "InPrivate".',
    ("samsung-internet", "android"): 'In Samsung Internet, tap the tabs button, then "Turn on Secret mode".',
    ("chromium", "desktop"): "Open a private window (Ctrl+Shift+N; on a Mac Cmd+Shift+N).",
}

CLEAR_DATA = {
    (
        "chrome",
        "desktop",
    ): 'In Chrome, press Ctrl+Shift+Delete (Mac: Cmd+Shift+Delete), tick "Cookies and other site data" and "Cached images and files", then "Delete data".',
    ("chrome", "android"): 'In Chrome, tap the three dots, then "Delete browsing data"; tick cookies and cached files.',
    ("chrome", "ios"): 'In Chrome, tap the three dots, then "Delete Browsing Data"; tick cookies and cached files.',
    (
        "firefox",
        "desktop",
    ): 'In Firefox, press Ctrl+Shift+Delete (Mac: Cmd+Shift+Delete), tick "Cookies and site data" and "Temporary cached files and pages", then Clear.',
    ("firefox", "android"): 'In Firefox, tap the three dots, Settings, then "Delete browsing data".',
    ("firefox", "ios"): 'In Firefox, tap the menu, Settings, then "Data Management" and "Clear Private Data".',
    (
        "safari",
        "desktop",
    ): 'In Safari, choose Safari, Settings, Privacy, "Manage Website Data", search for {site} and paypal.com and remove them.',
    ("safari", "ios"): 'Open the Settings app, then Apps, Safari, "Clear History and Website Data".',
    (
        "edge",
        "desktop",
    ): 'In Edge, press Ctrl+Shift+Delete (Mac: Cmd+Shift+Delete), tick "Cookies and other site data" and "Cached images and files", then "Clear now".',
    ("edge", "android"): 'In Edge, tap the menu, Settings, Privacy, "Clear browsing data".',
    (
        "samsung-internet",
        "android",
    ): 'In Samsung Internet, tap the menu, Settings, "Personal browsing data", "Delete browsing data".',
    ("chromium", "desktop"): "Press Ctrl+Shift+Delete (Mac: Cmd+Shift+Delete) and clear cookies and cached files.",
}

POPUPS = {
    (
        "chrome",
        "desktop",
    ): 'In Chrome, click the blocked pop-up icon at the right end of the address bar and choose "Always allow pop-ups and redirects from {site}".',
    (
        "chrome",
        "android",
    ): 'In Chrome, tap the three dots, Settings, "Site settings", "Pop-ups and redirects", and allow them for {site}.',
    (
        "chrome",
        "ios",
    ): 'In Chrome, tap the three dots, Settings, "Content Settings", "Block Pop-ups", and turn it off while you pay.',
    (
        "firefox",
        "desktop",
    ): 'In Firefox, click Options in the yellow bar that says a pop-up was blocked and choose "Allow pop-ups for {site}".',
    ("firefox", "android"): 'In Firefox, tap the three dots, Settings, "Site permissions", and allow pop-ups.',
    ("safari", "desktop"): 'In Safari, choose Safari, "Settings for {site}", and set "Pop-up Windows" to Allow.',
    ("safari", "ios"): 'Open the Settings app, then Apps, Safari, and turn off "Block Pop-ups" while you pay.',
    (
        "edge",
        "desktop",
    ): 'In Edge, click the blocked pop-up icon in the address bar and choose "Always allow pop-ups and redirects from {site}".',
    (
        "samsung-internet",
        "android",
    ): 'In Samsung Internet, tap the menu, Settings, "Sites and downloads", and turn off "Block pop-ups".',
    ("chromium", "desktop"): "Click the blocked pop-up icon in the address bar and allow pop-ups from {site}.",
}

COOKIES = {
    (
        "chrome",
        "desktop",
    ): 'In Chrome, open Settings, "Privacy and security", "Site settings", "On-device site data", and allow sites to save data (or add {site} and paypal.com as allowed).',
    (
        "firefox",
        "desktop",
    ): 'In Firefox, click the shield in the address bar and turn off Enhanced Tracking Protection for {site}, or allow cookies in Settings, "Privacy & Security".',
    ("safari", "desktop"): 'In Safari, choose Settings, Privacy, and untick "Block all cookies".',
    ("safari", "ios"): 'Open the Settings app, then Apps, Safari, and turn off "Block All Cookies".',
    (
        "edge",
        "desktop",
    ): 'In Edge, open Settings, "Cookies and site permissions", "Manage and delete cookies and site data", and allow sites to save cookies.',
    (
        "chrome",
        "android",
    ): 'In Chrome, tap the three dots, Settings, "Site settings", "Third-party cookies" or "On-device site data", and allow {site} and paypal.com.',
    ("samsung-internet", "android"): 'In Samsung Internet, tap the menu, Settings, "Privacy and security", and allow cookies.',
}

UPDATE = {
    ("chrome", "desktop"): 'To update Chrome: three dots menu, Help, "About Google Chrome"; then Relaunch.',
    ("chrome", "android"): "Update Chrome from the Google Play Store.",
    ("chrome", "ios"): "Update Chrome from the App Store.",
    ("firefox", "desktop"): 'To update Firefox: menu (three lines), Help, "About Firefox"; then restart.',
    ("firefox", "android"): "Update Firefox from the Google Play Store.",
    ("firefox", "ios"): "Update Firefox from the App Store.",
    ("safari", "desktop"): "Safari updates with macOS: Apple menu, System Settings, General, Software Update.",
    ("safari", "ios"): "Safari updates with iOS: Settings app, General, Software Update.",
    ("edge", "desktop"): 'To update Edge: menu (three dots), "Help and feedback", "About Microsoft Edge".',
    ("samsung-internet", "android"): "Update Samsung Internet from the Galaxy Store or Google Play Store.",
}

GENERIC = {
    "private": 'Open a private window: Ctrl+Shift+N in Chrome and Edge, Ctrl+Shift+P in Firefox, Shift+Cmd+N in Safari; on a phone, look for "private" or "incognito" in the browser\'s menu.',
    "clear": "Clear cookies and cached files in your browser's settings (usually under Privacy); on a computer, Ctrl+Shift+Delete opens this in Chrome, Firefox and Edge.",
    "popups": "Allow pop-ups for {site} in your browser's settings (usually under Privacy or Site settings).",
    "cookies": "Allow cookies for {site} and paypal.com in your browser's privacy settings.",
    "update": "Update your browser, or install the latest Chrome, Firefox or Safari.",
}

TOPICS = {"private": PRIVATE, "clear": CLEAR_DATA, "popups": POPUPS, "cookies": COOKIES, "update": UPDATE}
_CHROMIUM_COUSINS = ("opera", "brave", "vivaldi")


def platform_of(info: BrowserInfo) -> str:
    """desktop, android or ios."""
    if info.os in {"iOS", "iPadOS"}:
        return "ios"
    if info.os == "Android":
        return "android"
    return "desktop"


def howto(topic: str, info: BrowserInfo, site: str) -> str:
    """The instruction for ``topic`` in the shopper's own browser, or a general one; ``site`` is the shop's."""
    table = TOPICS[topic]
    browser_id = info.policy_id or ""
    if browser_id in _CHROMIUM_COUSINS:
        browser_id = "chromium"
    text = table.get((browser_id, platform_of(info))) or GENERIC[topic]
    return text.replace("{site}", site)
