"""The editor's live preview (`mkdocs serve`): reloads on save, and a broken edit never takes it down."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import entry, fixture_site, free_port, wait_until_serving

ANSWER = "You get an email with the tracking number."


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A fixture project served by `mkdocs serve` with live reload; yields (project, base URL)."""
    project = fixture_site(tmp_path, {"track-parcel": entry(answer=ANSWER)})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(base, server)
        yield project, base
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
        print(output[-3000:])


def _save(project: Path, text: str) -> None:
    (project / "content" / "faq" / "track-parcel.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_saving_an_entry_reloads_the_page(preview: tuple[Path, str], page: Any) -> None:
    """A saved change appears in the open page by itself, in a few seconds at most."""
    project, base = preview
    page.goto(base + "faq/track-parcel/")
    assert ANSWER in page.inner_text("article")
    time.sleep(1.2)  # mtime resolution: a save in the same second as the build could go unseen
    _save(project, yaml.safe_dump(entry(answer="Tracking numbers arrive by email within a day.")))
    # A selector, not a script: the preview's policy forbids evaluating strings (Playwright's wait_for_function).
    page.wait_for_selector("article:has-text('within a day')", timeout=20_000)


def test_a_broken_edit_keeps_the_last_good_page_and_says_what_is_wrong(preview: tuple[Path, str], page: Any) -> None:
    """Broken YAML: the page keeps the last good answer and names file and line; fixing it clears the note."""
    project, base = preview
    page.goto(base + "faq/track-parcel/")
    time.sleep(1.2)
    _save(project, "question: How do I track my parcel?\ncategory: shipping\nanswer: [unclosed\n")
    page.wait_for_selector(".hc-problems", timeout=20_000)
    note = page.inner_text(".hc-problems")
    assert "content/faq/track-parcel.yml:3: YAML syntax error" in note
    assert ANSWER in page.inner_text("article")  # the last good page stays up
    assert urllib.request.urlopen(base + "faq/track-parcel/", timeout=5).status == 200
    time.sleep(1.2)
    _save(project, yaml.safe_dump(entry(answer="Fixed answer about tracking.")))
    page.wait_for_selector("article:has-text('Fixed answer about tracking.')", timeout=20_000)
    assert page.locator(".hc-problems").count() == 0


def test_the_preview_has_the_production_policy_and_still_reloads(preview: tuple[Path, str], page: Any) -> None:
    """Under `mkdocs serve` pages carry the production Content-Security-Policy (deploy/headers.yml) as a <meta> tag:
    an inline script, as an entry might smuggle in, does not run; live reload (a script file) does, without a violation."""
    from generator.pages.headers import load_headers

    project, base = preview
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(base + "faq/track-parcel/")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy == load_headers().preview_policy()
    code = "script:not([src]):not([type='application/json']):not([type='application/ld+json'])"
    assert page.locator(code).count() == 0  # live reload included: a file, not inline
    ran = page.evaluate("""() => new Promise((resolve) => {
        const script = document.createElement("script");
        script.textContent = "window.__inlineRan = true";
        document.body.append(script);
        setTimeout(() => resolve(window.__inlineRan === true), 200);
    })""")
    assert ran is False
    assert any("inline script" in text or "script-src" in text for text in violations)  # the one we tried
    violations.clear()
    time.sleep(1.2)
    _save(project, yaml.safe_dump(entry(answer="Reloaded under the policy.")))
    page.wait_for_selector("article:has-text('under the policy')", timeout=20_000)
    assert violations == []
