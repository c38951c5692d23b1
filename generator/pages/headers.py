"""The site's HTTP headers, from deploy/headers.yml: `_headers` for static hosts, the preview's policy.

deploy/headers.yml declares the headers every response carries, the HTTPS-only ones and the
cache lifetimes, once. From it the build writes `site/_headers` (the format Netlify and
Cloudflare Pages read: a path pattern, then indented `Name: value` lines), and `mkdocs serve`
gives pages the Content-Security-Policy as a `<meta>` tag. The nginx recipe and the README's
table are kept by hand, for their comments, and tests/test_headers.py compares them with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_HEADERS = Path(__file__).resolve().parents[2] / "deploy" / "headers.yml"
"""The help center's own file: what a site without a deploy/headers.yml of its own gets."""

#: Material's own hashed files (bundle.a5f9d56c.min.js, main.484c7ddc.min.css, ...); nginx matches the same.
MATERIAL_HASHED = re.compile(r"^assets/(javascripts|stylesheets)/(.+/)?[^/]+\.[0-9a-f]{8}\.min\.(js|css)$")
#: Folders named by their content: the help center's assets and the self-check's runtime.
VERSIONED_FOLDERS = ("assets/hc-*/", "pyodide/*/")

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


class HeadersError(ValueError):
    """deploy/headers.yml is not as expected; ``str()`` names the file and the key."""


@dataclass(frozen=True)
class Headers:
    """The headers and cache lifetimes of deploy/headers.yml."""

    every_response: dict[str, str]
    https_only: dict[str, str]
    versioned_max_age: int
    pages_max_age: int
    preview_leaves_out: tuple[str, ...]

    @property
    def policy(self) -> str:
        """The Content-Security-Policy of every response."""
        return self.every_response["Content-Security-Policy"]

    def preview_policy(self) -> str:
        """The policy without what a `<meta>` tag cannot carry (browsers ignore ``frame-ancestors`` there)."""
        directives = [part.strip() for part in self.policy.split(";") if part.strip()]
        return "; ".join(d for d in directives if d.split()[0] not in self.preview_leaves_out)

    def headers_file(self, site: Path) -> str:
        """`_headers` for the built ``site``: every header on every path, a year's cache on versioned files."""
        lines = ["# Made by the build from deploy/headers.yml; Netlify and Cloudflare Pages read it.", "/*"]
        # Static hosts serve HTTPS only, so Strict-Transport-Security goes on every response.
        lines += [f"  {name}: {value}" for name, value in {**self.every_response, **self.https_only}.items()]
        cached = f"  Cache-Control: public, max-age={self.versioned_max_age}, immutable"
        for pattern in VERSIONED_FOLDERS:
            for folder in sorted(site.glob(pattern)):
                if folder.is_dir():
                    lines += [f"/{folder.relative_to(site).as_posix()}/*", cached]
        for path in sorted(p.relative_to(site).as_posix() for p in site.glob("assets/*/**/*.min.*")):
            if MATERIAL_HASHED.match(path):
                lines += [f"/{path}", cached]
        return "\n".join(lines) + "\n"


def _table(data: Any, key: str, where: Path) -> dict[str, str]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict) or not value:
        raise HeadersError(f"{where}: '{key}' must be a list of `Header-Name: value`")
    for name, text in value.items():
        if not isinstance(name, str) or not _NAME.match(name) or not isinstance(text, str) or not text.strip():
            raise HeadersError(f"{where}: {key}.{name}: must be a header name and a one-line text value")
        if "\n" in text or '"' in text:
            raise HeadersError(f"{where}: {key}.{name}: write the value on one line, without double quotes")
    return dict(value)


def _seconds(data: Any, key: str, where: Path) -> int:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HeadersError(f"{where}: cache.{key}: must be a number of seconds")
    return value


def load_headers(path: Path = PROJECT_HEADERS) -> Headers:
    """Read and check deploy/headers.yml."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise HeadersError(f"{path}: cannot read the site's headers: {error}") from None
    every = _table(data, "every_response", path)
    if "Content-Security-Policy" not in every:
        raise HeadersError(f"{path}: every_response needs a Content-Security-Policy")
    cache = data.get("cache")
    left_out = data.get("preview_policy_leaves_out", [])
    if not isinstance(left_out, list) or not all(isinstance(item, str) for item in left_out):
        raise HeadersError(f"{path}: preview_policy_leaves_out: must be a list of directive names")
    return Headers(
        every,
        _table(data, "https_only", path),
        _seconds(cache, "versioned", path),
        _seconds(cache, "pages", path),
        tuple(left_out),
    )
