"""What the production web server sends: types, precompressed files, cache lifetimes, security headers."""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

YEAR = 31536000


class Fetched(NamedTuple):
    """A response read whole: status, headers and body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def getheader(self, name: str) -> str | None:
        return self.headers.get(name)


def fetch(base: str, path: str, encoding: str | None = None) -> Fetched:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    fetched = Fetched(response.status, response.headers, response.read())
    connection.close()
    return fetched


def max_age(response: Fetched) -> int:
    found = re.search(r"max-age=(\d+)", response.getheader("Cache-Control") or "")
    return int(found.group(1)) if found else -1


@pytest.fixture(scope="module")
def paths(built_site: Path) -> dict[str, str]:
    """One path of each kind of file in the built site."""
    def first(pattern: str) -> str:
        return "/" + next(built_site.glob(pattern)).relative_to(built_site).as_posix()

    return {
        "page": "/faq/cannot-pay/",
        "material_js": first("assets/javascripts/bundle.*.min.js"),
        "material_css": first("assets/stylesheets/main.*.min.css"),
        "own_css": first("assets/hc-*/helpcenter.css"),
        "own_js": first("assets/hc-*/self-check/page.js"),
        "wasm": first("pyodide/*/pyodide.asm.wasm"),
        "mjs": first("pyodide/*/pyodide.mjs"),
        "wheel": first("pyodide/*/wheels/ua_parser-*.whl"),
    }


def test_types_fit_each_file(production_url: str, paths: dict[str, str]) -> None:
    """WebAssembly is application/wasm (streaming compilation), modules are JavaScript, pages are HTML."""
    expected = {"page": "text/html", "material_js": "application/javascript", "own_js": "application/javascript",
                "material_css": "text/css", "wasm": "application/wasm", "mjs": "text/javascript",
                "wheel": "application/octet-stream"}
    for kind, content_type in expected.items():
        response = fetch(production_url, paths[kind])
        assert response.status == 200, kind
        assert (response.getheader("Content-Type") or "").startswith(content_type), (kind, response.getheader("Content-Type"))


def test_precompressed_copies_are_sent(production_url: str, paths: dict[str, str], built_site: Path) -> None:
    """A browser that accepts brotli gets the .br file, one that accepts gzip the .gz, others the plain file."""
    for kind in ("page", "own_css", "wasm", "mjs"):
        path = paths[kind]
        on_disk = built_site / path.lstrip("/")
        on_disk = on_disk / "index.html" if on_disk.is_dir() else on_disk
        br = fetch(production_url, path, "br, gzip")
        assert br.getheader("Content-Encoding") == "br", kind
        assert br.body == on_disk.with_name(on_disk.name + ".br").read_bytes()
        gz = fetch(production_url, path, "gzip")
        assert gz.getheader("Content-Encoding") == "gzip", kind
        plain = fetch(production_url, path)
        assert plain.getheader("Content-Encoding") is None
        assert plain.body == on_disk.read_bytes()
        assert "Accept-Encoding" in (br.getheader("Vary") or ""), kind


def test_versioned_files_are_cached_for_a_year_and_pages_briefly(production_url: str, paths: dict[str, str]) -> None:
    """Hashed or versioned paths: a year; pages, sitemap and robots.txt: minutes, so edits go live soon."""
    for kind in ("material_js", "material_css", "own_css", "own_js", "wasm", "mjs", "wheel"):
        assert max_age(fetch(production_url, paths[kind], "br")) >= YEAR, kind
    # "/" itself answers each visitor by their language (test_nginx_languages.py): never cached.
    for path in ("/index.html", "/de/", paths["page"], "/sitemap.xml", "/robots.txt"):
        assert 0 < max_age(fetch(production_url, path, "br")) <= 3600, path


def test_security_headers_on_every_response(production_url: str, paths: dict[str, str]) -> None:
    """Pages, assets and the 404 page all carry the CSP and the other security headers."""
    for path in ("/", paths["page"], paths["wasm"], paths["own_js"], "/no-such-page/"):
        response = fetch(production_url, path, "br")
        csp = response.getheader("Content-Security-Policy") or ""
        assert "script-src 'self' 'wasm-unsafe-eval'" in csp, path
        assert "'unsafe-inline'" not in csp
        assert "'unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin", path
        assert "frame-ancestors 'none'" in csp
        assert response.getheader("Server") == "nginx", path  # no version number
    missing = fetch(production_url, "/no-such-page/")
    assert missing.status == 404
    assert b"404" in missing.body
