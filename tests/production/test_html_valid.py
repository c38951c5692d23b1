"""Every built page is valid HTML for the Nu Html Checker (npm vnu-jar, run with Java), Material's known errors aside."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: Errors Material for MkDocs 9.8 makes on every page, with why they are left: (message start, extract part).
MATERIAL_KNOWN = [
    # Material's drawer and search toggles are checkboxes with autocomplete="off", which HTML allows on
    # text-like inputs only; browsers use it to keep a reloaded page's drawer closed (Firefox restores
    # checkbox states otherwise). Harmless; changing it means forking Material's base template.
    ("Attribute “autocomplete” is only allowed when the input type is", 'data-md-toggle="'),
]


def _ours(message: dict[str, Any]) -> bool:
    if message["type"] == "info" and message.get("subType") != "warning":
        return False  # notes such as "trailing slash on void elements" (Python-Markdown's <hr />)
    text, extract = message["message"], message.get("extract", "")
    return not any(text.startswith(start) and part in extract for start, part in MATERIAL_KNOWN)


def test_every_page_is_valid_html(built_site: Path) -> None:
    """The Nu Html Checker finds no error or warning of our own on any page (Material's two per page are listed)."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip(f"needs Java and {VNU.relative_to(ROOT)} (npm ci)")
    pages = sorted(built_site.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, pages)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    assert messages, "the checker said nothing at all: Material's known errors are missing"
    ours = [
        f"{Path(m['url']).relative_to(built_site.resolve()) if m['url'].startswith('/') else m['url']}"
        f":{m.get('lastLine')}: {m['message']} | {m.get('extract', '').strip()[:120]}"
        for m in messages
        if _ours(m)
    ]
    assert ours == []
