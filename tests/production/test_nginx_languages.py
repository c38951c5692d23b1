"""A first visit to / lands in the shopper's language; English stays English once chosen, without a cookie."""

from __future__ import annotations

import http.client
import ssl
from urllib.parse import urlsplit

import pytest


def connect(base: str) -> http.client.HTTPConnection:
    """A connection to the production server (HTTPS with the tests' self-signed certificate, so not verified)."""
    parts = urlsplit(base)
    host = parts.hostname or "127.0.0.1"
    if parts.scheme == "https":
        return http.client.HTTPSConnection(host, parts.port, timeout=10, context=ssl._create_unverified_context())  # noqa: S323
    return http.client.HTTPConnection(host, parts.port, timeout=10)


def visit(base: str, path: str, **headers: str) -> tuple[int, str, str]:
    """(status, Location, Set-Cookie) of a GET with these request headers."""
    connection = connect(base)
    connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location") or "", response.getheader("Set-Cookie") or ""


@pytest.mark.parametrize(
    ("accept", "where"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "/de/"),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", "/fr/"),
        ("es-ES,es;q=0.9,fr;q=0.8", "/fr/"),  # the first of the site's languages the browser names
        ("FR", "/fr/"),
        ("en-US,en;q=0.9,de;q=0.8", ""),  # English first: English
        ("es-ES,pt;q=0.8", ""),  # none of the site's other languages: English
        ("de;q=0, fr;q=0.5", "/fr/"),  # q=0 means "not German"
        ("deu", ""),  # not the language tag "de"
        ("", ""),  # no preference (search engines): English
    ],
)
def test_first_visit_to_the_home_page_goes_to_the_shoppers_language(production_url: str, accept: str, where: str) -> None:
    headers = {"Accept_Language": accept} if accept else {}
    status, location, cookie = visit(production_url, "/", **headers)
    assert (status, urlsplit(location).path) == ((302, where) if where else (200, ""))
    assert cookie == ""


def test_the_home_page_is_never_cached_and_keeps_the_security_headers(production_url: str) -> None:
    """/ depends on the visitor's language and Referer: caches must ask again; the site's headers stay."""
    for accept in ("de", "en"):
        connection = connect(production_url)
        connection.request("GET", "/", headers={"Accept-Language": accept})
        response = connection.getresponse()
        response.read()
        connection.close()
        assert "no-cache" in (response.getheader("Cache-Control") or ""), accept
        assert "default-src 'self'" in (response.getheader("Content-Security-Policy") or ""), accept


def test_english_sticks_from_the_sites_own_pages_and_by_address(production_url: str) -> None:
    """A German browser coming from one of the site's pages, or asking for /index.html, gets English."""
    host = urlsplit(production_url).netloc
    german = {"Accept_Language": "de-DE,de;q=0.9"}
    scheme = urlsplit(production_url).scheme
    assert visit(production_url, "/", Referer=f"{scheme}://{host}/de/faq/track-my-package/", **german)[0] == 200
    assert visit(production_url, "/index.html", **german)[0] == 200
    assert visit(production_url, "/faq/track-my-package/", **german)[0] == 200
    # From another site, the shopper's language again.
    status, location, _ = visit(production_url, "/", Referer="https://www.example.com/search?q=alsgem", **german)
    assert (status, urlsplit(location).path) == (302, "/de/")
