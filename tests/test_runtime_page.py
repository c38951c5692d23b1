"""What the self-check page downloads, in headless Chromium: the trimmed stdlib and the locked wheels.

And what happens when they are not right: a module the trimmed stdlib left out (at start-up or
in the rules) costs the full stdlib's download, never the report; a wheel that is not the one
in the lock file is refused, and the page says so at once instead of waiting for its time-out.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers_browser import ROOT, STRICT_CSP, PageWatch, serve, variant

from generator.content.entries import load_help_center
from generator.pages.site_files import SelfCheckAssets
from generator.self_check.stdlib import Stdlib

DONE = "helpcenter-self-check: done"
FAILED = "helpcenter-self-check: failed"
STATE = (ROOT / "tests" / "self_check_state.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site with self-check/auto.html (starts without a click); tests may change it."""
    root = tmp_path_factory.mktemp("runtime-page") / "site"
    shutil.copytree(built_site, root)
    page = root / "self-check"
    (page / "auto.html").write_text(variant((page / "index.html").read_text("utf-8"), autorun=True), "utf-8")
    (root / "favicon.ico").write_bytes(b"")
    return root


@pytest.fixture
def fresh_page(browser: Any) -> Iterator[Callable[[], Any]]:
    """Pages in new browser contexts (empty cache), closed after the test."""
    contexts: list[Any] = []

    def make() -> Any:
        contexts.append(browser.new_context())
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def runtime(site: Path) -> Path:
    """The runtime folder the built page names (tests add altered copies beside it)."""
    found = re.search(r'data-runtime-url="\.\./([^"]+)/"', (site / "self-check" / "index.html").read_text("utf-8"))
    assert found, "the self-check page names no runtime folder"
    return site / found.group(1)


def build_record() -> Stdlib:
    """The build's own record of the trimmed stdlib (from its cache: the session build made it)."""
    center = load_help_center(ROOT / "content")
    assets = SelfCheckAssets(ROOT, pyodide_dir="node_modules/pyodide", wheels_dir=".cache/wheels", browsers=center.browsers)
    assets.prepare()
    return assets.stdlib


def without(zip_path: Path, module: str, folder: Path) -> Path:
    """A copy of the site's runtime folder whose trimmed stdlib lacks ``module``, as if the build had left it out."""
    copy = folder.with_name(folder.name + "-" + module.replace(".", "-"))
    shutil.copytree(folder, copy)
    target = copy / zip_path.name
    dropped = {f"{module.replace('.', '/')}{suffix}" for suffix in (".py", ".pyc", "/__init__.py", "/__init__.pyc")}
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(target, "w") as out:
        kept = [info for info in source.infolist() if info.filename not in dropped]
        assert len(kept) < len(source.infolist()), f"{module} is not in the trimmed stdlib"
        for info in kept:
            data = source.read(info)
            if info.filename == "sitecustomize.py":  # the build lists what it left out
                data += f"\nLEFT_OUT = LEFT_OUT | {{{module!r}}}\n".encode()
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
    return copy


def finish(page: Any, url: str, timeout_s: float = 90) -> tuple[str, dict[str, Any]]:
    """Open ``url``; wait for the page's done or failed line; return it and the page's state."""
    with page.expect_console_message(lambda m: m.text.startswith((DONE, FAILED)), timeout=timeout_s * 1000) as info:
        page.goto(url)
    return info.value.text, page.evaluate(STATE)


def test_the_page_loads_the_trimmed_stdlib_and_packages_by_name(site: Path, fresh_page: Callable[[], Any]) -> None:
    """A normal visit: the trimmed stdlib and the wheels by name through the lock the page carries (neither it
    nor the manifest fetched), never the full stdlib or Pyodide's own lock."""
    with serve(site, {"Content-Security-Policy": STRICT_CSP}) as base:
        page = fresh_page()
        watch = PageWatch(page)
        line, state = finish(page, base + "self-check/auto.html")
    assert line.startswith(DONE), line
    files = {url.rsplit("/", 1)[-1] for url in watch.requests}
    assert {"self-check-stdlib.zip", "pyodide.asm.wasm"} <= files
    assert any(url.endswith(".whl") and "/wheels/ua_parser-" in url for url in watch.requests)
    assert not {"python_stdlib.zip", "pyodide-lock.json", "self-check-lock.json", "self-check-runtime.json"} & files
    assert state["timings"]["stdlib"] == "trimmed"
    assert watch.console_errors() == [], watch.console


@pytest.mark.parametrize("phase", ["start-up", "rules"])
def test_a_module_left_out_of_the_trimmed_stdlib_costs_a_download_not_the_report(
    site: Path, fresh_page: Callable[[], Any], phase: str
) -> None:
    """Without `encodings` Python cannot start; without a module the rules import, they would miss it:
    either way the page fetches the full stdlib and shows the same report."""
    folder = runtime(site)
    record = build_record()
    assert record.for_rules, "the rules import no module of their own: this test would prove nothing"
    module = "encodings" if phase == "start-up" else min(record.for_rules)
    broken = without(folder / "self-check-stdlib.zip", module, folder)
    page_dir = site / "self-check"
    page_html = (page_dir / "auto.html").read_text("utf-8").replace(folder.name, broken.name)
    (page_dir / f"broken-{phase}.html").write_text(page_html, "utf-8")
    with serve(site, {"Content-Security-Policy": STRICT_CSP}) as base:
        page = fresh_page()
        watch = PageWatch(page)
        line, state = finish(page, base + f"self-check/broken-{phase}.html")
    assert line.startswith(DONE), (line, state["text"][-1500:])
    assert any(url.endswith(f"{broken.name}/python_stdlib.zip") for url in watch.requests)
    assert state["timings"]["stdlib"].startswith("full")
    if phase == "rules":
        assert module in state["timings"]["stdlib"]
    assert len(state["steps"]) == 5
    assert "Chrome" in state["report"]["browser"]["family"]  # the rules ran: they named the browser


def test_a_changed_wheel_is_refused_with_a_clear_message(site: Path, fresh_page: Callable[[], Any]) -> None:
    """One byte of ua-parser's wheel changed on the server: the browser refuses it (integrity), the page
    gives up at once with the reason, and still offers the facts it collected."""
    folder = runtime(site)
    tampered = folder.with_name(folder.name + "-tampered")
    shutil.copytree(folder, tampered)
    wheel = next((tampered / "wheels").glob("ua_parser-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0x01
    wheel.write_bytes(bytes(data))
    page_dir = site / "self-check"
    page_html = (page_dir / "auto.html").read_text("utf-8").replace(folder.name, tampered.name)
    (page_dir / "tampered.html").write_text(page_html, "utf-8")
    with serve(site, {"Content-Security-Policy": STRICT_CSP}) as base:
        page = fresh_page()
        line, state = finish(page, base + "self-check/tampered.html")
    assert "reason=load-error" in line, line  # the refusal: the page's own time-out would say "timeout"
    assert "could not be downloaded or started" in state["progress"]
    assert "ua-parser" in state["text"]
    assert state["summary"] == "The automatic check could not finish."
    assert "What the page could read from this browser" in state["text"]
