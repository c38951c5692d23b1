"""What the build guard costs, and how slow an editor's text can render within the checker's limits.

1. The guard (generator/pages/page_guard.py) reads every page's whole HTML. The help center is
   built in this process with the guard on and off (its check replaced by a no-op), alternating,
   and the time spent inside the guard is also counted: ratio = build with / build without. Times
   are this process's CPU seconds, so other work on a shared machine does not blur them.
2. Markdown at the checker's limits (generator/content/markdown_check.py) against plain text of
   the same length, and just past the limits, rendered with the site's extensions.

    .venv/bin/python bench/guard.py [--repeat 3] [--site mkdocs.yml] [--smoke]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_time import synthetic_content
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.content import markdown_check
from generator.pages.page_guard import PageGuard

SMALL_SITE = """site_name: Bench
site_url: https://help.example.test/
docs_dir: static
theme: {{name: material, custom_dir: {theme}, font: false}}
plugins:
  - search
  - helpcenter:
      content_dir: content
      self_check: false
      precompress: false
      shop: {{name: Bench, url: https://shop.example.test/, support_email: support@example.test}}
markdown_extensions: [attr_list, md_in_html, admonition, {{toc: {{permalink: true}}}}]
"""


def small_site(folder: Path, entries: int) -> Path:
    """A site of `entries` synthetic entries without the self-check (bench/build_time.py's content)."""
    synthetic_content(folder / "content", entries)
    (folder / "static").mkdir()
    (folder / "mkdocs.yml").write_text(SMALL_SITE.format(theme=ROOT / "theme"), encoding="utf-8")
    return folder / "mkdocs.yml"


def _build_once(config_file: Path, site_dir: Path, *, guard: bool) -> tuple[float, float]:
    """(seconds for the build, seconds inside the guard)."""
    spent = [0.0]
    original = PageGuard.check

    def counted(self: PageGuard, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(self, *args, **kwargs) if guard else None
        finally:
            spent[0] += time.process_time() - started

    PageGuard.check = counted  # type: ignore[method-assign]
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        started = time.process_time()
        build(config)
        return time.process_time() - started, spent[0]
    finally:
        PageGuard.check = original  # type: ignore[method-assign]


def guard_cost(config_file: Path, repeat: int) -> None:
    site = Path(tempfile.mkdtemp(prefix="hc-bench-guard-"))
    on: list[float] = []
    off: list[float] = []
    inside: list[float] = []
    try:
        _build_once(config_file, site / "warm", guard=True)  # caches (runtime, precompressed files)
        for _ in range(repeat):
            seconds, guarded = _build_once(config_file, site / "on", guard=True)
            on.append(seconds)
            inside.append(guarded)
            off.append(_build_once(config_file, site / "off", guard=False)[0])
    finally:
        shutil.rmtree(site, ignore_errors=True)
    pages = sum(1 for _ in (config_file.parent / "content" / "faq").glob("*.yml"))
    with_guard, without = statistics.median(on), statistics.median(off)
    print(f"Build guard on {config_file.name} ({pages} entries; median of {repeat}, alternating, same process):")
    print(f"  build with the guard     {with_guard:6.2f} s CPU   runs: {', '.join(f'{t:.2f}' for t in on)}")
    print(f"  build without the guard  {without:6.2f} s CPU   runs: {', '.join(f'{t:.2f}' for t in off)}")
    print(
        f"  ratio {with_guard / without:.3f}; inside the guard {statistics.median(inside):.3f} s "
        f"({statistics.median(inside) / with_guard:.1%} of the build)"
    )


def _render_seconds(text: str) -> float:
    md, _ = markdown_check._renderer()  # noqa: SLF001 - the checker's own renderer, extensions and all
    started = time.process_time()
    md.reset().convert(text)
    return time.process_time() - started


def limits_table(size: int) -> None:
    limits = markdown_check.LIMITS
    words = " words" * (size // 6)
    cases = {
        "plain text": words,
        f"{limits.open_brackets} unclosed [ (at the limit)": "[" * limits.open_brackets + words,
        f"{limits.open_brackets} [a]( (at the limit)": "[a](" * limits.open_brackets + words,
        f"{limits.open_angles} unclosed < (at the limit)": "<a " * limits.open_angles + words,
        f"list nested {limits.indent // 4} deep (at the limit)": "".join(
            "    " * i + "- x\n" for i in range(limits.indent // 4 + 1)
        )
        + words,
        f"{limits.open_brackets * 6} unclosed [ (refused)": "[" * (limits.open_brackets * 6) + words,
    }
    base = min(_render_seconds(words) for _ in range(3))
    print(f"\nRendering one text of {len(words):,} characters with the site's extensions:")
    for name, text in cases.items():
        seconds = _render_seconds(text)
        print(f"  {name:34} {seconds:7.3f} s   ratio {seconds / base:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--smoke", action="store_true", help="a site of 10 synthetic entries, one build each way, short texts")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("helpcenter").setLevel(logging.ERROR)
    site = small_site(Path(tempfile.mkdtemp(prefix="hc-bench-guard-site-")), 10) if args.smoke else args.site.resolve()
    os.chdir(site.parent)
    try:
        guard_cost(site, 1 if args.smoke else args.repeat)
    finally:
        if args.smoke:
            shutil.rmtree(site.parent, ignore_errors=True)
    limits_table(1000 if args.smoke else 8000)


if __name__ == "__main__":
    main()
