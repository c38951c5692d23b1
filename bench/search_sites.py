"""Sites for the search benchmarks: the help center as built from a git ref or from the work tree,
with its own content or with N synthetic entries, and a shopper typing into its search in Chromium.

Both search_quality.py and search_speed.py compare two builds in one run: `--baseline REF` (by
default `main`, today's Material search) and the work tree. A ref is exported with `git archive`
into a temporary folder and built with its own generator and theme (PYTHONPATH puts the copy's
`generator` first), sharing this checkout's node_modules/ and .cache/ (read only).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

#: Where the result list and the search field are, in Material's search and in ours (same markup).
RESULT_LINKS = "ol.md-search-result__list > li.md-search-result__item"
SEARCH_INPUT = "input.md-search__input"
WORKTREE = "WORKTREE"


@dataclass(frozen=True)
class Source:
    """A project to build: a git ref exported to `folder`, or the work tree itself."""

    label: str
    folder: Path


def export(ref: str, work: Path) -> Source:
    """The files of `ref` (or the work tree, for WORKTREE) in a folder of their own."""
    if ref == WORKTREE:
        return Source("work tree", ROOT)
    target = work / f"ref-{ref.replace('/', '-')}"
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True).stdout
    archive_path = work / "ref.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    archive_path.unlink()
    for shared in ("node_modules", ".cache"):
        (target / shared).symlink_to(ROOT / shared)
    return Source(ref, target)


def synthetic_project(source: Source, work: Path, entries: int) -> Source:
    """A copy of `source`'s configuration and theme with `entries` synthetic entries as content."""
    from build_time import synthetic_content

    target = work / f"{source.folder.name}-{entries}"
    target.mkdir(parents=True)
    for name in ("theme", "static"):
        shutil.copytree(source.folder / name, target / name)
    config = (source.folder / "mkdocs.yml").read_text("utf-8")
    # Precompression is a deployment step: off, so a 5,000-entry build stays quick.
    config = config.replace("  - helpcenter:\n", "  - helpcenter:\n      precompress: false\n", 1)
    (target / "mkdocs.yml").write_text(config, "utf-8")
    synthetic_content(target / "content", entries)
    for shared in ("node_modules", ".cache"):
        (target / shared).symlink_to(ROOT / shared)
    return Source(f"{source.label}, {entries} entries", target)


def build(source: Source, site: Path, *, generator_from: Path | None = None) -> Path:
    """`mkdocs build` of `source` into `site`, with the generator of `generator_from` (default: the source's)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(generator_from or source.folder)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=source.folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"building {source.label} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return site


@contextmanager
def workspace(prefix: str) -> Iterator[Path]:
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- A shopper at the search field ----------------------------------------------------------

#: In the page: when the last key changed the field (its input event) and when the results last changed.
WATCH = """() => {
    const results = document.querySelector('.md-search-result');
    window.__bench = {key: 0, change: 0};
    document.addEventListener('input', () => { window.__bench.key = performance.now(); }, true);
    new MutationObserver(() => { window.__bench.change = performance.now(); })
        .observe(results, {childList: true, subtree: true, characterData: true, attributes: true});
}"""

#: Resolves once the results have not changed for `quiet` ms (after at least one change since the last key;
#: gives up after 10 s).
SETTLED = """quiet => new Promise(resolve => {
    const started = performance.now();
    (function check() {
        const b = window.__bench, now = performance.now();
        if ((b.change > b.key && now - b.change >= quiet) || now - started > 10000) resolve(b.change - b.key);
        else setTimeout(check, 20);
    })();
})"""

TOP = """selector => [...document.querySelectorAll(selector)].map(item => {
    const link = item.querySelector('a');
    return link ? new URL(link.href, location.href).pathname : '';
})"""


class Shopper:
    """One page with search open; `ask(words)` types them key by key and returns the result paths."""

    def __init__(self, browser: Any, url: str, *, delay_ms: float = 20, viewport: dict[str, int] | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.delay_ms = delay_ms
        self.page.goto(url)
        self.page.locator(SEARCH_INPUT).click()
        self.page.wait_for_function("document.getElementById('__search').checked")
        self.page.evaluate(WATCH)
        # The first query waits for the index to load; later ones measure typing alone.
        self.ask("order", quiet=1000)

    def ask(self, words: str, *, quiet: int = 300) -> tuple[list[str], float]:
        """Type `words` into an empty field; the result paths and ms from the last keystroke to the last change."""
        self.page.fill(SEARCH_INPUT, "")
        self.page.evaluate("() => { window.__bench.key = window.__bench.change = 0; }")
        self.page.locator(SEARCH_INPUT).press_sequentially(words, delay=self.delay_ms)
        latency = self.page.evaluate(SETTLED, quiet)
        return self.page.evaluate(TOP, RESULT_LINKS), latency

    def close(self) -> None:
        self.context.close()
