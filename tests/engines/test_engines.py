"""The checkout self-check page in Firefox (Gecko) and WebKit, end to end.

Firefox: Debian's firefox-esr driven over WebDriver BiDi by npm puppeteer-core, from
tests/engines/firefox.mjs (one launch per set of prefs, a fresh browser context per page).
WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver and Selenium, on a private Xvfb
(MiniBrowser has no headless mode); its options (user agent, cookie policy) are per launch.

Each engine loads the page a few times (module-scoped, shared by the tests):
  default   - auto-starting page, production CSP (+ report-uri), pop-ups blocked as by default
  old-ua    - the same with an old user agent of that engine (Firefox 91 / Safari 14)
  cookies   - a launch that blocks all cookies
plus two control pages that prove the detectors work (an inline script must produce a CSP
report; for WebKit, a foreign image must reach the trap proxy).

The site is served by a loopback server that logs every request, adds the production
Content-Security-Policy (read from deploy/nginx/helpcenter.conf) plus `report-uri`, and
records the violation reports. Timings (navigation to report) are printed: `pytest -s`; the
second load is a fresh context of the same Firefox (empty cache) but the same WebKit session
(warm cache).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import troubleshooting_steps
from helpers_browser import ROOT, variant

FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
NODE = shutil.which("node") or "node"
FIREFOX_SCRIPT = Path(__file__).with_name("firefox.mjs")

PAGE = "self-check/auto.html"
REPORT_PATH = "/__csp-report"
FOREIGN_HOST = "alsgem-foreign.test"  # never resolved: only the trap proxy may see it
CONTROL_CSP = "__control/csp.html"  # served with the CSP: an inline script must be reported
CONTROL_FOREIGN = "__free/foreign.html"  # served without CSP: loads a foreign image
OLD_UA = {
    "firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:91.0) Gecko/20100101 Firefox/91.0",
    "webkit": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Safari/605.1.15"
    ),
}
FAMILY = {"firefox": "Firefox", "webkit": "Safari"}
TIMEOUT_S = 90


def production_csp() -> str:
    """The Content-Security-Policy deploy/nginx/helpcenter.conf sends."""
    conf = (ROOT / "deploy" / "nginx" / "helpcenter.conf").read_text("utf-8")
    found = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]+)"', conf)
    assert found, "the nginx config sends a CSP"
    return found.group(1)


# --- A logging loopback server --------------------------------------------------------------


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class LoggingServer:
    """Serves a folder like helpers_browser.serve, logging requests and collecting CSP reports."""

    def __init__(self, folder: Path, csp: str) -> None:
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.csp_reports: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        owner = self

        class Handler(SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                if not self.path.startswith("/__free/"):
                    self.send_header("Content-Security-Policy", csp)
                super().end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with owner.lock:
                    owner.requests.append(("GET", self.path))
                super().do_GET()

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with owner.lock:
                    owner.requests.append(("POST", self.path))
                    if self.path.startswith(REPORT_PATH):
                        try:
                            owner.csp_reports.append(json.loads(body or b"{}"))
                        except ValueError:
                            owner.csp_reports.append({"raw": body.decode("utf-8", "replace")})
                self.send_response(204)
                self.end_headers()

        Handler.extensions_map = {
            **Handler.extensions_map,
            ".mjs": "text/javascript",
            ".js": "text/javascript",
            ".wasm": "application/wasm",
        }
        self.server = _QuietServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoggingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def mark(self) -> int:
        with self.lock:
            return len(self.requests)

    def since(self, mark: int) -> list[tuple[str, str]]:
        with self.lock:
            return list(self.requests[mark:])

    def reports(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.csp_reports)


class TrapProxy:
    """An HTTP proxy that forwards nothing: it records every request and answers 502."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _trap(self) -> None:
                owner.seen.append(f"{self.command} {self.path}")
                self.send_response(502)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_CONNECT = do_PUT = do_OPTIONS = _trap

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- The served site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site with self-check/auto.html (starts without a click) and the control pages."""
    top = tmp_path_factory.mktemp("engines") / "site"
    shutil.copytree(built_site, top)
    page_dir = top / "self-check"
    (page_dir / "auto.html").write_text(variant((page_dir / "index.html").read_text("utf-8"), autorun=True), "utf-8")
    (top / "favicon.ico").exists() or (top / "favicon.ico").write_bytes(b"")
    (top / "__control").mkdir()
    (top / CONTROL_CSP).write_text(
        "<!doctype html><title>csp control</title><p>x</p><script>document.title = 'inline ran';</script>", "utf-8"
    )
    (top / "__free").mkdir()
    (top / CONTROL_FOREIGN).write_text(
        f'<!doctype html><title>foreign control</title><img alt="" src="http://{FOREIGN_HOST}/pixel.png">', "utf-8"
    )
    return top


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[LoggingServer]:
    with LoggingServer(site, f"{production_csp()}; report-uri {REPORT_PATH}") as running:
        yield running


# --- Firefox -----------------------------------------------------------------------------


def run_firefox(pages: list[dict[str, Any]], prefs: dict[str, Any] | None = None) -> dict[str, Any]:
    """One Firefox launch with `prefs`, each page in a fresh context; returns firefox.mjs's JSON."""
    scenario = {"executablePath": FIREFOX, "prefs": prefs or {}, "pages": pages}
    done = subprocess.run(
        [NODE, str(FIREFOX_SCRIPT)],
        check=False,
        input=json.dumps(scenario),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT_S * (len(pages) + 1),
    )
    try:
        result = json.loads(done.stdout)
    except ValueError:
        raise AssertionError(f"firefox.mjs printed no JSON (rc {done.returncode}):\n{done.stdout}\n{done.stderr}") from None
    assert result.get("ok"), result.get("error") or done.stderr
    return result


def firefox_runs(server: LoggingServer) -> dict[str, Any]:
    # Firefox blocks pop-ups opened without a user gesture by default; puppeteer's profile turns
    # that off, so it is turned back on. Cookie prefs apply to a whole launch, hence two launches.
    base = server.base
    blocked_popups = {"dom.disable_open_during_load": True}
    runs: dict[str, Any] = {}
    mark = server.mark()
    first = run_firefox(
        [
            {"name": "default", "url": base + PAGE},
            {"name": "warm", "url": base + PAGE},
            {"name": "old-ua", "url": base + PAGE, "userAgent": OLD_UA["firefox"]},
            {"name": "control-csp", "url": base + CONTROL_CSP, "control": True, "settleMs": 1500},
        ],
        blocked_popups,
    )
    runs["log"] = server.since(mark)
    cookies = run_firefox([{"name": "cookies", "url": base + PAGE}], {**blocked_popups, "network.cookie.cookieBehavior": 2})
    runs.update(first["pages"])
    runs["cookies"] = cookies["pages"]["cookies"]
    runs["version"] = first["browserVersion"]
    runs["launch_s"] = first["launchMs"] / 1000
    return runs


# --- WebKit ------------------------------------------------------------------------------

WEBKIT_STATE = f"return ({(ROOT / 'tests' / 'self_check_state.js').read_text(encoding='utf-8')})();"
# Read-only poll: no event is dispatched, and the pop-up was tried during page load anyway.
WEBKIT_POLL = """
const check = document.getElementById("self-check").selfCheck;
if (!check) return null;
if (check.lastReport) return "done";
if (check.failure) return "failed";
return null;
"""


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """A private X server (MiniBrowser has no headless mode); yields its DISPLAY."""
    process = subprocess.Popen(
        [XVFB, "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    try:
        number = process.stdout.readline().decode().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        process.stdout.close()
        process.terminate()
        process.wait(timeout=10)


def webkit_session(display: str, args: list[str]) -> Any:
    from selenium import webdriver
    from selenium.webdriver import WebKitGTKOptions, WebKitGTKService

    options = WebKitGTKOptions()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")  # without it WebKitWebDriver's session is refused
    for arg in args:
        options.add_argument(arg)
    env = {**os.environ, "DISPLAY": display}
    service = WebKitGTKService(executable_path=WEBKIT_DRIVER, env=env, log_output=subprocess.DEVNULL)
    with warnings.catch_warnings():
        # Selenium's own WebKitGTK driver calls a RemoteConnection argument it deprecates.
        warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
        return webdriver.WebKitGTK(options=options, service=service)


def webkit_page(driver: Any, url: str) -> dict[str, Any]:
    start = time.monotonic()
    driver.get(url)
    outcome = "timeout"
    while time.monotonic() - start < TIMEOUT_S:
        found = driver.execute_script(WEBKIT_POLL)
        if found:
            outcome = found
            break
        time.sleep(0.1)
    elapsed = time.monotonic() - start
    state = driver.execute_script(WEBKIT_STATE) if outcome != "timeout" else None
    return {"outcome": outcome, "elapsedMs": round(elapsed * 1000), "state": state, "requests": None}


def webkit_runs(server: LoggingServer) -> dict[str, Any]:
    base = server.base
    runs: dict[str, Any] = {}
    trap = TrapProxy()
    try:
        with xvfb() as display:
            # Everything but the loopback origin goes to the trap proxy, which records it.
            proxy = [f"--proxy={trap.url}", "--ignore-host=127.0.0.1"]
            start = time.monotonic()
            driver = webkit_session(display, proxy)
            runs["launch_s"] = time.monotonic() - start
            try:
                runs["version"] = driver.capabilities.get("browserVersion")
                mark = server.mark()
                runs["default"] = webkit_page(driver, base + PAGE)
                runs["log"] = server.since(mark)
                runs["trap_default"] = list(trap.seen)
                runs["warm"] = webkit_page(driver, base + PAGE)
                driver.get(base + CONTROL_CSP)
                time.sleep(1.5)
                driver.get(base + CONTROL_FOREIGN)
                time.sleep(1.5)
                runs["trap_control"] = list(trap.seen)
            finally:
                driver.quit()
            for name, args in (("old-ua", [f"--user-agent={OLD_UA['webkit']}"]), ("cookies", ["--cookies-policy=never"])):
                driver = webkit_session(display, [*proxy, *args])
                try:
                    runs[name] = webkit_page(driver, base + PAGE)
                finally:
                    driver.quit()
    finally:
        trap.close()
    return runs


# --- The runs, once per engine -----------------------------------------------------------


def _engine_missing(engine: str) -> str | None:
    if engine == "firefox":
        if not os.access(FIREFOX, os.X_OK):
            return f"{FIREFOX} is missing (apt-get install firefox-esr)"
        if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
            return "npm puppeteer-core is missing (scripts/setup)"
    else:
        for path, package in ((WEBKIT_DRIVER, "webkit2gtk-driver"), (MINIBROWSER, "webkit2gtk-driver"), (XVFB, "xvfb")):
            if not os.access(path, os.X_OK):
                return f"{path} is missing (apt-get install {package})"
        try:
            import selenium  # noqa: F401
        except ImportError:
            return "selenium is missing (scripts/setup)"
    return None


@pytest.fixture(scope="module", params=["firefox", "webkit"])
def engine(request: pytest.FixtureRequest, server: LoggingServer) -> dict[str, Any]:
    """All page loads of one engine, run once: {"name", "default", "old-ua", "cookies", ...}."""
    name = request.param
    missing = _engine_missing(name)
    if missing:
        pytest.skip(missing)
    reports_before = len(server.reports())
    runs = firefox_runs(server) if name == "firefox" else webkit_runs(server)
    runs["name"] = name
    runs["csp_reports"] = server.reports()[reports_before:]
    print(
        f"\n{name} {runs.get('version')}: launch {runs['launch_s']:.1f} s; navigation to report "
        f"first {runs['default']['elapsedMs'] / 1000:.1f} s, second {runs['warm']['elapsedMs'] / 1000:.1f} s, "
        f"old UA {runs['old-ua']['elapsedMs'] / 1000:.1f} s, cookies off {runs['cookies']['elapsedMs'] / 1000:.1f} s"
    )
    return runs


def finished(run: dict[str, Any]) -> dict[str, Any]:
    assert run["outcome"] == "done", {k: run.get(k) for k in ("outcome", "line", "console", "error", "navigationError")}
    return run["state"]


def check(state: dict[str, Any], check_id: str) -> dict[str, Any]:
    return next(c for c in state["report"]["checks"] if c["id"] == check_id)


# --- The scenarios -----------------------------------------------------------------------


def test_report_names_the_engines_browser(engine: dict[str, Any]) -> None:
    """(1) The page finishes with a report, and the browser check knows this browser and passes it."""
    state = finished(engine["default"])
    family = FAMILY[engine["name"]]
    assert state["resultsShown"]
    assert state["mode"] == "worker"
    # The trimmed stdlib sufficed, and the wheels came through the browser's integrity check.
    assert state["timings"]["stdlib"] == "trimmed", state["timings"]
    assert len(state["steps"]) == len(troubleshooting_steps())
    assert state["report"]["browser"]["family"] == family, state["report"]["browser"]
    assert state["browserLine"].startswith(f"Your browser: {family}")
    browser = check(state, "browser")
    if engine["name"] == "webkit":
        # WebKitGTK freezes "Version/60.5" in its user agent: no Safari 60 exists, so the check
        # says it cannot tell how current it is (a warning), never that it is up to date or old.
        assert browser["status"] == "warn", browser
        assert "no such version" in browser["message"]
    else:
        assert browser["status"] == "pass", browser
    assert "out of date" not in browser["message"]
    assert "Alsgem checkout self-check" in state["text"]
    if engine["name"] == "firefox":  # WebKitWebDriver cannot read the console
        console = engine["default"]["console"]
        assert [text for kind, text in console if kind in ("error", "warn", "warning")] == [], console


def test_blocked_cookies_fail_the_cookie_check(engine: dict[str, Any]) -> None:
    """(2) A browser that refuses all cookies (Firefox pref / MiniBrowser --cookies-policy=never)."""
    state = finished(engine["cookies"])
    assert state["facts"]["cookies"]["test_cookie"] == "blocked", state["facts"]["cookies"]
    assert check(state, "cookies")["status"] == "fail"
    step = next(s for s in state["report"]["steps"] if s["id"] == "cache-cookies")
    assert step["status"] == "fail"


def test_blocked_popups_are_reported(engine: dict[str, Any]) -> None:
    """(3) The auto-started check tries its pop-up without a user gesture: the browser's blocker refuses it."""
    state = finished(engine["default"])
    assert state["facts"]["popup"] == "blocked", state["facts"]["popup"]
    assert check(state, "popups")["status"] in {"fail", "warn"}


def test_an_old_user_agent_fails_the_browser_check(engine: dict[str, Any]) -> None:
    """(4) Firefox 91 / Safari 14 in the user agent: the browser check and step 1 fail."""
    state = finished(engine["old-ua"])
    old = {"firefox": "91", "webkit": "14"}[engine["name"]]
    assert state["userAgent"] == OLD_UA[engine["name"]]
    assert state["report"]["browser"]["family"] == FAMILY[engine["name"]]
    assert check(state, "browser")["status"] == "fail", check(state, "browser")
    assert state["report"]["steps"][0]["status"] == "fail"
    assert old in state["steps"][0]["text"]


def test_no_request_leaves_the_origin(engine: dict[str, Any], server: LoggingServer) -> None:
    """(5) Every request of the finished check went to the page's own server."""
    state = finished(engine["default"])
    origin = server.base
    paths = [path for method, path in engine["log"] if method == "GET"]
    # The server saw the page and the runtime the worker fetched: the log is the page's traffic.
    assert "/" + PAGE in paths
    assert any(path.endswith("pyodide.asm.wasm") for path in paths), paths
    foreign_resources = [url for url in state["resources"] if not url.startswith(origin)]
    assert foreign_resources == []
    if engine["name"] == "firefox":
        # WebDriver BiDi reports the page's requests (network.beforeRequestSent).
        requests = engine["default"]["requests"]
        assert origin + PAGE in requests
        assert any(url.endswith("pyodide.asm.wasm") for url in requests)  # the worker's too
        assert [url for url in requests if not url.startswith((origin, "data:", "blob:", "about:"))] == []
    else:
        # WebKitWebDriver has no network events: MiniBrowser runs behind a trap proxy for every
        # host but the loopback origin, and the control page's foreign image proves it catches.
        assert engine["trap_default"] == []
        assert any(FOREIGN_HOST in seen for seen in engine["trap_control"]), engine["trap_control"]


def test_production_csp_causes_no_violation(engine: dict[str, Any], server: LoggingServer) -> None:
    """(6) Under deploy/nginx's CSP the check finishes and nothing is reported as a violation."""
    state = finished(engine["default"])
    assert state["report"]["status"] in {"pass", "warn", "fail", "unknown"}
    reports = engine["csp_reports"]
    # The control page's inline script must have been reported: the reporting works in this engine.
    control = [r for r in reports if CONTROL_CSP in json.dumps(r)]
    assert control, reports
    others = [r for r in reports if CONTROL_CSP not in json.dumps(r)]
    assert others == []
    if engine["name"] == "firefox":
        # The listener injected before the page's scripts saw no securitypolicyviolation event.
        assert state["violations"] == []
        assert engine["control-csp"]["violations"], "the injected listener works"
