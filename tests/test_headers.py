"""The HTTP headers are declared once (deploy/headers.yml) and every host says the same.

The nginx recipe and the README's table are written by hand, for their comments and layout, and
checked here against deploy/headers.yml header by header; `_headers` (Netlify, Cloudflare Pages)
and the preview's `<meta>` policy are made from it by the build. A header changed in one place
only fails here, naming it.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import ROOT

from generator.pages.headers import Headers, load_headers

NGINX = ROOT / "deploy" / "nginx" / "helpcenter.conf"
EXPIRES = {"10m": 600, "1y": 31536000}


def servers(conf: str) -> dict[str, str]:
    """The text of each `server { ... }` block, by the port it listens on ("80", "443")."""
    blocks = {}
    for block in re.split(r"(?m)^server \{", conf)[1:]:
        port = re.search(r"listen (\d+)", block)
        assert port, block[:200]
        blocks[port.group(1)] = block
    return blocks


def test_nginx_sends_what_deploy_headers_yml_declares() -> None:
    """HTTPS: every header with its exact value, HSTS included, cache lifetimes; HTTP: a redirect, no headers."""
    headers = load_headers()
    blocks = servers(NGINX.read_text("utf-8"))
    assert set(blocks) == {"80", "443"}
    sent = dict(re.findall(r'(?m)^\s*add_header ([\w-]+) "([^"]*)" always;', blocks["443"]))
    assert sent == {**headers.every_response, **headers.https_only}
    assert "add_header" not in blocks["80"]
    assert "return 301 https://$host$request_uri;" in blocks["80"]
    lifetimes = {EXPIRES[value] for value in re.findall(r"expires (\w+);", blocks["443"])}
    assert lifetimes == {headers.versioned_max_age, headers.pages_max_age}


def readme_table() -> dict[str, str]:
    """The README's "Deploying" table: `| \\`Name\\` | \\`value\\` ... |` rows."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("## Deploying") :]
    return dict(re.findall(r"(?m)^\| `([^`]+)`[^|]*\| `([^`]+)`[^|]*\|$", section))


def test_readme_table_says_what_deploy_headers_yml_declares() -> None:
    """Every header of the file is in the README with the same value, and the cache lifetimes too."""
    headers = load_headers()
    table = readme_table()
    for name, value in {**headers.every_response, **headers.https_only}.items():
        assert table.get(name) == value, name
    text = (ROOT / "README.md").read_text("utf-8")
    assert f"`max-age={headers.versioned_max_age}`" in text
    assert f"`max-age={headers.pages_max_age}`" in text


def test_headers_file_for_static_hosts(tmp_path: Path) -> None:
    """_headers: every header on /*, and a year's cache on exactly the versioned folders and hashed files."""
    headers = load_headers()
    for path in (
        "assets/hc-0123456789/helpcenter.css",
        "pyodide/314.0.7-abc/pyodide.mjs",
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/stylesheets/main.484c7ddc.min.css",
        "faq/cannot-pay/index.html",
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    text = headers.headers_file(tmp_path)
    rules = parse_headers_file(text)
    assert rules["/*"] == {**headers.every_response, **headers.https_only}
    cached = {"Cache-Control": f"public, max-age={headers.versioned_max_age}, immutable"}
    assert {path: rule for path, rule in rules.items() if path != "/*"} == {
        "/assets/hc-0123456789/*": cached,
        "/pyodide/314.0.7-abc/*": cached,
        "/assets/javascripts/bundle.a5f9d56c.min.js": cached,
        "/assets/stylesheets/main.484c7ddc.min.css": cached,
    }


def parse_headers_file(text: str) -> dict[str, dict[str, str]]:
    """Netlify's and Cloudflare's reading of `_headers`: a path at the margin, then indented `Name: value` lines."""
    rules: dict[str, dict[str, str]] = {}
    path = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            path = line.strip()
            assert path not in rules, f"{path} twice"
            rules[path] = {}
        else:
            name, _, value = line.strip().partition(": ")
            assert path, line
            assert name not in rules[path], line
            rules[path][name] = value
    return rules


def test_preview_policy_is_the_production_policy_a_meta_tag_can_carry() -> None:
    """The <meta> policy under `mkdocs serve`: every directive but frame-ancestors, word for word."""
    headers: Headers = load_headers()
    preview = headers.preview_policy()
    assert "frame-ancestors" not in preview
    assert preview + "; frame-ancestors 'none'" == headers.policy
    assert "script-src 'self' 'wasm-unsafe-eval'" in preview
