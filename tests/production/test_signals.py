"""The editors' loop for real: a shopper's visit in Chromium against the production nginx writes the
signals log (deploy/nginx/signals.conf), and `helpcenter insights` on that log reports the vote, the
unanswered search and the self-check problem. Under Global Privacy Control or Do Not Track nothing is
sent; no request leaves the site and none carries a cookie."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers_nginx import nginx
from shopper import open_search, search

from generator.cli import main as helpcenter

OLD_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"
LINE = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d "(/signals/[a-z-]+\?[^"]*)"')
NOTHING_FOUND = "zebra hologram"
ANSWER = "faq/track-my-package/"


@pytest.fixture(scope="module")
def served(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The built site behind the production nginx, with its own signals log."""
    log = tmp_path_factory.mktemp("signals") / "signals.log"
    with nginx(built_site, signals_log=log) as url:
        yield url, log


def _watch(context: Any, base: str) -> list[dict[str, Any]]:
    """Every request the context's pages make: its address, method and headers."""
    seen: list[dict[str, Any]] = []
    context.on("request", lambda r: seen.append({"url": r.url, "method": r.method, "headers": r.all_headers()}))
    return seen


def _signals(log: Path, count: int) -> list[tuple[str, dict[str, list[str]]]]:
    """The log's signals as (kind, fields), once `count` have arrived (keepalive requests finish late)."""
    deadline = time.monotonic() + 15
    while True:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        if len(lines) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    found = []
    for line in lines:
        match = LINE.fullmatch(line)
        assert match, f"not in the helpcenter_signals format: {line!r}"
        parts = urlsplit(match.group(1))
        found.append((parts.path.rsplit("/", 1)[1], parse_qs(parts.query, keep_blank_values=True)))
    return found


def test_a_visit_writes_the_signals_and_the_report_shows_them(
    browser: Any, served: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Read and vote "no" with a reason, search with and without a click, run the self-check: the log and the report."""
    base, log = served
    context = browser.new_context(user_agent=OLD_CHROME)
    # A cookie of the shop's domain: no signal may carry it.
    context.add_cookies([{"name": "shop_session", "value": "secret", "url": base}])
    requests = _watch(context, base)
    page = context.new_page()

    page.goto(base + ANSWER)
    widget = page.locator(".hc-helpful")
    widget.get_by_role("button", name="No").click()
    page.get_by_label("It's hard to understand").check()
    page.get_by_label("What were you looking for? (optional)").fill("Where is parcel 12345678? Mail me at jane.doe@example.com")
    widget.get_by_role("button", name="Send").click()
    assert "Thank you" in widget.get_by_role("status").inner_text()

    open_search(page)
    search(page, NOTHING_FOUND)
    page.keyboard.press("Escape")
    open_search(page)
    page.keyboard.press("Control+A")
    search(page, "Tracking my package")
    page.locator(".md-search-result__list a").first.click()
    page.wait_for_url(re.compile(r"/faq/[a-z0-9-]+/$"))

    page.goto(base + "self-check/")
    page.click("#self-check-run")
    page.wait_for_selector("#self-check-results:not([hidden])", timeout=90_000)
    # The run itself sends nothing: the outcome goes only when the shopper chooses to share it.
    _signals(log, 5)
    time.sleep(1)  # a signal sent at the end of the run would have arrived by now
    assert len(_signals(log, 5)) == 5
    page.get_by_role("button", name="Share the anonymous result with the shop").click()
    signals = _signals(log, 6)
    context.close()

    kinds = [kind for kind, _ in signals]
    assert sorted(kinds) == ["helpful", "read", "read", "search", "search", "self-check"], signals
    helpful = next(fields for kind, fields in signals if kind == "helpful")
    assert helpful["entry"] == ["track-my-package"]
    assert helpful["vote"] == ["no"]
    assert helpful["reason"] == ["unclear"]
    # What looks like an order number or an e-mail address never left the browser.
    assert helpful["text"] == ["Where is parcel ? Mail me at"]
    searches = [fields for kind, fields in signals if kind == "search"]
    assert (searches[0]["q"], searches[0]["results"], searches[0]["opened"]) == ([NOTHING_FOUND], ["0"], [""])
    assert (searches[1]["q"], searches[1]["rank"]) == (["tracking my package"], ["1"])
    assert searches[1]["opened"][0]
    assert searches[1]["results"][0] != "0"
    check = next(fields for kind, fields in signals if kind == "self-check")
    assert (check["browser"], check["major"]) == (["Chrome"], ["109"])
    assert "browser:fail" in check["checks"][0].split(",")

    signal_requests = [r for r in requests if "/signals/" in r["url"]]
    assert len(signal_requests) == 6
    for r in signal_requests:
        assert r["method"] == "POST", r
        assert "cookie" not in r["headers"], r
        assert not r["headers"].get("referer"), r
    assert [r["url"] for r in requests if not r["url"].startswith((base, "data:", "blob:"))] == []

    assert helpcenter(["insights", str(log), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["lines"]["bad"] == 0
    [answer] = report["answers"]
    assert (answer["id"], answer["yes"], answer["no"], answer["reasons"]) == ("track-my-package", 0, 1, {"unclear": 1})
    assert answer["comments"] == ["Where is parcel ? Mail me at"]
    [gap] = report["searches"]["no_answer"]
    assert gap["query"] == NOTHING_FOUND
    assert gap["new_entry"]["admin"].endswith(
        "#/collections/faq/new?question=Zebra+hologram%3F&category=" + gap["new_entry"]["command"].rsplit(" ", 1)[1]
    )
    assert gap["new_entry"]["command"].startswith("helpcenter new 'Zebra hologram?' --category ")
    [problem] = [p for p in report["self_check"]["problems"] if p["check"] == "browser"]
    assert (problem["fail"], problem["browsers"]) == (1, [{"browser": "Chrome 109", "runs": 1}])
    assert {r["id"] for r in report["reads"]["most"]} >= {"track-my-package"}


@pytest.mark.parametrize(
    "setting",
    [
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})",
        "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})",
    ],
)
def test_global_privacy_control_or_do_not_track_sends_nothing(browser: Any, served: tuple[str, Path], setting: str) -> None:
    """The browser says "do not track": no widget to vote with, and a search sends nothing."""
    base, _ = served
    context = browser.new_context()
    context.add_init_script(setting)
    requests = _watch(context, base)
    page = context.new_page()
    page.goto(base + ANSWER)
    page.wait_for_load_state("networkidle")
    assert page.locator(".hc-helpful").is_hidden()
    open_search(page)
    search(page, NOTHING_FOUND)
    page.keyboard.press("Escape")
    page.goto(base)
    page.wait_for_load_state("networkidle")
    context.close()
    assert [r["url"] for r in requests if "/signals/" in r["url"]] == []


def test_nginx_takes_only_this_sites_posts(served: tuple[str, Path]) -> None:
    """A GET, or a POST another site's page makes, is refused and not written down."""
    import ssl
    import urllib.error
    import urllib.request

    throwaway = ssl.create_default_context()  # the test server's certificate is self-signed, for 127.0.0.1 only
    throwaway.check_hostname = False
    throwaway.verify_mode = ssl.CERT_NONE

    base, log = served
    before = log.read_text(encoding="utf-8") if log.exists() else ""
    url = base + "signals/read?v=1&entry=track-my-package"
    statuses = []
    for method, headers in (("GET", {}), ("POST", {"Sec-Fetch-Site": "cross-site"}), ("POST", {})):
        try:
            request = urllib.request.Request(url, method=method, headers=headers)
            with urllib.request.urlopen(request, context=throwaway) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    assert statuses == [405, 403, 204]
    # nginx writes the line as the request ends, which may come a moment after the answer.
    deadline = time.monotonic() + 5
    while (log.read_text(encoding="utf-8") if log.exists() else "")[len(before) :].count(
        "\n"
    ) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # and the refused ones, were they written, would be there by now
    assert log.read_text(encoding="utf-8")[len(before) :].count("\n") == 1


def test_the_vote_works_by_keyboard_on_a_phone(browser: Any, served: tuple[str, Path]) -> None:
    """No, a reason, a comment and Send with the keyboard alone; focus follows, and the thanks is announced."""
    from shopper import PHONE

    base, log = served
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base + ANSWER)
    widget = page.locator(".hc-helpful")
    widget.get_by_role("button", name="No").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "LEGEND"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # a radio group: the arrows choose
    assert page.get_by_label("It's hard to understand").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("more pictures")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past "What we record"
    page.keyboard.press("Enter")
    status = widget.get_by_role("status")
    assert "Thank you" in status.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('hc-helpful__thanks')")
    box = widget.bounding_box()
    assert box is not None
    assert box["width"] <= PHONE["viewport"]["width"]
    context.close()
    deadline = time.monotonic() + 15
    while "text=more+pictures" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "reason=unclear&text=more+pictures" in log.read_text(encoding="utf-8")
