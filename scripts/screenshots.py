"""Screenshots of every page type, phone (390x844) and desktop (1280x800), light and dark.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--site SITE]

Builds the help center (or takes a built `--site`), serves it on 127.0.0.1 with the site's strict
CSP, and photographs in Debian's Chromium: the home page, a category, an answer, the self-check
before and after a run, the search open (before typing, with results, with no result) and the
page-not-found page. Whole pages, so a reviewer sees what a shopper scrolls through; the search as
the screen shows it. `make screenshots` writes them into docs/screenshots/ (committed).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers_browser import STRICT_CSP, chromium, serve  # noqa: E402

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
SCHEMES = ("light", "dark")
PAGES = {  # name: (address, full page)
    "home": ("", True),
    "category": ("payment/", True),
    "answer": ("faq/cannot-pay/", True),
    "self-check": ("self-check/", True),
    "not-found": ("no-such-page/", True),
}
SEARCHES = {"search-open": "", "search-results": "my card was declined", "search-no-result": "xyzzy"}


def build(site: Path) -> None:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-q", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        sys.exit(f"the site does not build:\n{result.stdout}{result.stderr}")


def shoot(browser: Any, url: str, out: Path) -> list[Path]:
    written = []
    for device, options in VIEWPORTS.items():
        for scheme in SCHEMES:
            # The browser as a shopper's Chrome says it is (headless Chromium calls itself "HeadlessChrome"):
            # the self-check then shows the all-OK result a shopper with a current browser gets.
            agent = browser.new_page().evaluate("navigator.userAgent").replace("HeadlessChrome", "Chrome")
            context = browser.new_context(base_url=url, color_scheme=scheme, user_agent=agent, **options)
            context.route(lambda u: not u.startswith(url), lambda route: route.abort())
            page = context.new_page()
            for name, (address, full) in PAGES.items():
                page.goto(address)
                page.wait_for_load_state("networkidle")
                written.append(save(page, out / f"{name}-{device}-{scheme}.png", full))
                if name == "self-check":
                    page.click("#self-check-run")
                    page.wait_for_selector("#self-check-results:not([hidden])", timeout=120_000)
                    page.wait_for_timeout(300)
                    written.append(save(page, out / f"self-check-result-{device}-{scheme}.png", full))
            for name, query in SEARCHES.items():
                page.goto("")
                page.wait_for_load_state("networkidle")
                page.keyboard.press("/")  # as a shopper's "s" or "/": opens the search on a phone and a desktop
                page.wait_for_selector("input.md-search__input:focus")
                if query:
                    page.fill("input.md-search__input", query)
                page.wait_for_timeout(400)
                written.append(save(page, out / f"{name}-{device}-{scheme}.png", False))
            context.close()
    return written


def save(page: Any, path: Path, full: bool) -> Path:
    page.screenshot(path=str(path), full_page=full, animations="disabled", caret="initial")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hc-screenshots-") as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site)
        with serve(site, {"Content-Security-Policy": STRICT_CSP}) as url, chromium() as browser:
            written = shoot(browser, url, args.out)
    print(f"{len(written)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
