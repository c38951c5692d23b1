"""Serve a folder on loopback and drive Debian's Chromium with Playwright.

Reusable by any browser test: ``serve(folder, headers)`` runs Python's
http.server in a thread (with extra response headers, e.g. a CSP) and yields the
base URL; ``chromium()`` launches /usr/bin/chromium headless with the flags this
machine needs (Playwright's own browser download is never used).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

#: The policy the help center is served with (enough for Pyodide with pure-Python wheels).
STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; img-src 'self' data:"

#: Flags for a quiet, offline Chromium: without them it keeps calling Google's hosts.
CHROMIUM_ARGS = [
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
    # tests/production/ and bench/ serve the site over HTTPS with a throw-away self-signed certificate.
    "--ignore-certificate-errors",
]


class _Handler(SimpleHTTPRequestHandler):
    headers_to_add: ClassVar[dict[str, str]] = {}
    stall: tuple[str, ...] = ()
    stall_seconds = 0.0

    def end_headers(self) -> None:
        for name, value in self.headers_to_add.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        if any(self.path.split("?")[0].endswith(suffix) for suffix in self.stall):
            time.sleep(self.stall_seconds)  # a download that never arrives in time
        super().do_GET()

    def do_POST(self) -> None:
        """The help center's signals (signals.js) are answered 204, as the production nginx does."""
        self.send_response(HTTPStatus.NO_CONTENT if "/signals/" in self.path.split("?")[0] else HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing path gets the site's own 404.html with status 404, as the real host serves it."""
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that gave up on a (stalled) download closes the connection.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(
    folder: Path,
    headers: dict[str, str] | None = None,
    *,
    stall: tuple[str, ...] = (),
    stall_seconds: float = 0.0,
) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) and yield ``http://127.0.0.1:PORT/``.

    ``headers`` go on every response. Requests whose path ends with one of
    ``stall`` wait ``stall_seconds`` first (to test time-outs).
    """
    extensions = {**_Handler.extensions_map, ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}
    handler = type(
        "Handler",
        (_Handler,),
        {"headers_to_add": dict(headers or {}), "stall": stall, "stall_seconds": stall_seconds, "extensions_map": extensions},
    )
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright: Any, *, popup_blocking: bool = True, args: list[str] | None = None) -> Any:
    """Launch headless Debian Chromium through a running Playwright; return the Browser.

    Playwright passes ``--disable-popup-blocking`` by default; with ``popup_blocking``
    (the default here) it is dropped, so pop-ups without a user gesture are blocked
    as in a shopper's browser, while a real click still opens one.
    """
    from helpers_nginx import certificate_pin

    # The throw-away certificate taken as valid, so that Chromium caches what nginx serves (see certificate_pin).
    launch_args = [*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={certificate_pin()}", *(args or [])]
    if os.geteuid() == 0:
        launch_args.append("--no-sandbox")
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=launch_args,
        ignore_default_args=["--disable-popup-blocking"] if popup_blocking else None,
    )


@contextlib.contextmanager
def chromium(**options: Any) -> Iterator[Any]:
    """Playwright and Chromium for scripts outside pytest (bench/); tests use the `browser` fixture."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, **options)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """Console messages, page errors and requests of one page, recorded for asserts."""

    def __init__(self, page: Any) -> None:
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []  # responses with status >= 400
        page.on("console", lambda msg: self.console.append((msg.type, msg.text)))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", self._watch_response)
        page.on("worker", self._watch_worker)

    def _watch_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _watch_worker(self, worker: Any) -> None:
        worker.on("console", lambda msg: self.console.append((msg.type, msg.text)))

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind in ("error", "warning") and "python" not in text]

    def foreign_requests(self, origin: str) -> list[str]:
        """Requests that left ``origin`` (about:blank and data: excluded)."""
        return [url for url in self.requests if not url.startswith(origin) and not url.startswith(("about:", "data:"))]


def variant(page: str, *, timeout_ms: int | None = None, autorun: bool = False) -> str:
    """The generated page with a shorter time-out or starting without a click (test hooks)."""
    if timeout_ms is not None:
        page, count = re.subn(r'data-timeout-ms="\d+"', f'data-timeout-ms="{timeout_ms}"', page)
        assert count == 1
    if autorun:
        page = page.replace('id="self-check"', 'id="self-check" data-autorun="true"', 1)
    return page


BARE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head>
<body><script type="module" src="bare.js"></script></body></html>"""
BARE_JS = """import { loadPyodide } from "../RUNTIME/pyodide.mjs";
await loadPyodide({ indexURL: new URL("../RUNTIME/", import.meta.url).href });
console.info("bare-pyodide: booted");
"""


def write_bare_pyodide(page_dir: Path, generated: str) -> None:
    """bare.html beside the self-check page: boots the same Pyodide files and nothing else (a baseline)."""
    runtime = re.search(r'data-runtime-url="\.\./([^"]+)/"', generated)
    if runtime is None:
        raise ValueError("the self-check page names no Pyodide folder")
    (page_dir / "bare.html").write_text(BARE_PAGE, "utf-8")
    (page_dir / "bare.js").write_text(BARE_JS.replace("RUNTIME", runtime.group(1)), "utf-8")


# --- The self-check page's data, shared by the Node and browser tests ---------------

ROOT = Path(__file__).resolve().parent.parent
#: The package the page runs.
DIAGNOSTICS_DIR = ROOT / "diagnostics"
TODAY = "2026-11-27"


def self_check_context(today: str = TODAY) -> dict[str, Any]:
    """The context the plugin embeds in the page: steps, policy (content/browsers.yml), the shop (mkdocs.yml), today."""
    from diag_helpers import content_steps
    from helpers import site_shop

    from generator.content.entries import load_help_center

    policy = load_help_center(ROOT / "content").browsers
    shop = {key: site_shop()[key] for key in ("name", "url", "support_email")}
    return {"steps": content_steps("../"), "policy": policy, "shop": shop, "today": today}


def context_json(context: dict[str, Any]) -> str:
    """JSON safe inside <script>, exactly as the plugin writes it."""
    from generator.pages.renderer import json_ld

    return json_ld(context)
