"""What the production web server sends: types, precompressed files, cache lifetimes, security headers."""

from __future__ import annotations

import http.client
import re
import ssl
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from helpers_nginx import Servers

from generator.pages.headers import load_headers

YEAR = 31536000


class Fetched(NamedTuple):
    """A response read whole: status, headers and body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def getheader(self, name: str) -> str | None:
        return self.headers.get(name)


def fetch(base: str, path: str, encoding: str | None = None) -> Fetched:
    """GET ``path`` from ``base`` (http or https; the test certificate is self-signed, so not verified)."""
    parts = urlsplit(base)
    host = parts.hostname or "127.0.0.1"
    connection = (
        http.client.HTTPSConnection(host, parts.port, timeout=10, context=ssl._create_unverified_context())  # noqa: S323
        if parts.scheme == "https"
        else http.client.HTTPConnection(host, parts.port, timeout=10)
    )
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
    expected = {
        "page": "text/html",
        "material_js": "application/javascript",
        "own_js": "application/javascript",
        "material_css": "text/css",
        "wasm": "application/wasm",
        "mjs": "text/javascript",
        "wheel": "application/octet-stream",
    }
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


def test_every_header_of_deploy_headers_yml_on_every_kind_of_response(production_url: str, paths: dict[str, str]) -> None:
    """Pages, assets, the runtime and the 404 page carry every header of deploy/headers.yml, HSTS included."""
    headers = load_headers()
    expected = {**headers.every_response, **headers.https_only}
    for path in ("/", paths["page"], paths["own_js"], paths["material_css"], paths["wasm"], paths["wheel"], "/no-such-page/"):
        for encoding in ("br", None):
            response = fetch(production_url, path, encoding)
            for name, value in expected.items():
                assert response.headers.get_all(name) == [value], (path, name)
            assert response.getheader("Server") == "nginx", path  # no version number
    csp = headers.policy
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp.replace("'wasm-unsafe-eval'", "")
    assert "frame-ancestors 'none'" in csp
    assert "connect-src 'self'" in csp
    missing = fetch(production_url, "/no-such-page/")
    assert missing.status == 404
    assert b"404" in missing.body


def test_the_build_writes_headers_for_static_hosts(built_site: Path) -> None:
    """site/_headers (Netlify, Cloudflare Pages) is made from deploy/headers.yml for this very build."""
    text = (built_site / "_headers").read_text("utf-8")
    assert text == load_headers().headers_file(built_site)
    assert "\n/assets/hc-" in text
    assert "\n/pyodide/" in text


def test_plain_http_only_redirects_to_https_without_hsts(production_servers: Servers, paths: dict[str, str]) -> None:
    """Over HTTP every address answers 301 to the same address over HTTPS, without the site and without HSTS."""
    for path in ("/", paths["page"] + "?q=ring", paths["wasm"], "/no-such-page/"):
        response = fetch(production_servers.http, path)
        assert response.status == 301, path
        assert response.getheader("Location") == f"https://127.0.0.1{path}", path
        assert response.getheader("Strict-Transport-Security") is None, path
