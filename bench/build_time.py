"""Build time of the help center from N YAML entries, against MkDocs building the same pages as plain Markdown.

Both variants use the same theme, navigation, search plugin and Markdown extensions, in the
same run, alternating, so the ratio holds on a noisy machine. Target: ratio <= 1.15. The plain
variant gets the pages the plugin generates (Markdown and front matter) as files, and the values
the theme's templates take from the plugin (the shop, the search dialog's words...) from a small
MkDocs hook, so both render the same templates into the same pages: the "same page" column is the
plain pages' size over the plugin's (1.0: the same HTML; lower: the plain side renders less).

    .venv/bin/python bench/build_time.py [--entries 1000 5000] [--repeat 2] [--smoke]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.content.translations import entry_fields, text_hash
from generator.pages.renderer import navigation

WORDS = [
    "ring",
    "necklace",
    "bracelet",
    "earring",
    "parcel",
    "refund",
    "coupon",
    "gift",
    "box",
    "silver",
    "gold",
    "order",
    "payment",
    "card",
    "tracking",
    "courier",
    "delivery",
    "exchange",
    "return",
    "broken",
    "scratch",
    "handmade",
    "gem",
    "stone",
    "size",
]
CATEGORIES = [{"id": f"topic-{i}", "title": f"Topic {i}", "description": f"Questions about topic {i}."} for i in range(8)]
SHOP = {"name": "Bench Shop", "url": "https://www.shop.example.test/", "support_email": "help@shop.example.test"}
# What the plugin hands the theme's templates (generator/plugin.py on_env, on_page_context), for the
# plain variant: the same values, written by make_projects into template_values.json, so both variants
# render the same page (`same_page` compares them). Any value the plugin adds later and this does not
# reads as empty rather than failing the build, so a new global cannot crash this benchmark (it did
# twice); `same_page` then says the plain side renders less.
PLAIN_HOOKS = f"""
import json
import sys
from pathlib import Path

import jinja2

sys.path.insert(0, {str(ROOT)!r})
from generator.pages.languages import navigations  # each language's pages show that language's navigation

VALUES = json.loads((Path(__file__).parent / "template_values.json").read_text(encoding="utf-8"))
NAVS = {{}}


def on_nav(nav, config, files):
    NAVS.update(navigations(nav, VALUES["languages"]))
    return nav


def on_env(env, config, files):
    env.undefined = jinja2.ChainableUndefined
    env.globals.update(VALUES["globals"])
    return env


def on_page_content(html, page, config, files):
    toc = [item for top in page.toc for item in (top.children if top.level == 1 else [top])]
    if len(toc) <= 1:  # as the plugin hides a table of contents of one heading
        page.meta["hide"] = [*page.meta.get("hide", []), "toc"]
    return html


def on_page_context(context, page, config, nav):
    lang = page.meta.get("hc_lang", "en")
    context["nav"] = NAVS.get(lang, nav)
    context["hc_search"] = VALUES["search"].get(lang, VALUES["globals"]["hc_search"])
    context["hc_words"] = VALUES["words"].get(lang, {{}})
    return context
"""
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.details", {"toc": {"permalink": True}}]


def synthetic_content(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (folder / "faq").mkdir(parents=True)
    (folder / "categories.yml").write_text(yaml.safe_dump({"categories": CATEGORIES}))

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    for i in range(count):
        entry = {
            "question": f"Question {i}: what about {words(6)}?",
            "category": CATEGORIES[i % len(CATEGORIES)]["id"],
            "order": i,
            "updated": "2026-11-27",
            "keywords": sorted({rng.choice(WORDS) for _ in range(5)}),
            "related": [f"entry-{(i + 1) % count}"],
            "answer": "\n\n".join(words(40).capitalize() + "." for _ in range(3)) + f"\n\n- {words(5)}\n- {words(5)}\n",
        }
        (folder / "faq" / f"entry-{i}.yml").write_text(yaml.safe_dump(entry, sort_keys=False))


def synthetic_translations(folder: Path, languages: list[str]) -> None:
    """Each entry translated into each language, recorded as up to date (as `helpcenter translate done` would)."""
    for file in sorted((folder / "faq").glob("entry-*.yml")):
        if "." in file.stem:
            continue
        data = yaml.safe_load(file.read_text())
        for lang in languages:
            translation = {
                "source": {f.key: text_hash(f.text) for f in entry_fields(data)},
                "reviewed": True,
                "question": f"[{lang}] {data['question']}",
                "answer": f"[{lang}] {data['answer']}",
            }
            file.with_name(f"{file.stem}.{lang}.yml").write_text(yaml.safe_dump(translation, sort_keys=False))


def base_config(site_dir: str, docs_dir: str) -> dict[str, Any]:
    return {
        "site_name": "Bench",
        "site_url": "https://help.example.test/",
        "docs_dir": docs_dir,
        "site_dir": site_dir,
        "theme": {"name": "material", "custom_dir": str(ROOT / "theme"), "font": False},
        "markdown_extensions": EXTENSIONS,
    }


def configured_plugin(config_file: Path) -> tuple[Any, Any]:
    """The helpcenter plugin after its on_config on `config_file` (the pages and values it hands MkDocs),
    and MkDocs' configuration as the plugin left it."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins["helpcenter"]
    return plugin, plugin.on_config(config)


def make_projects(work: Path, count: int, languages: list[str]) -> tuple[Path, Path]:
    """Two projects: one generated by the plugin from YAML, one of the same pages as Markdown files."""
    plugin = work / "plugin"
    synthetic_content(plugin / "content", count)
    synthetic_translations(plugin / "content", languages)
    (plugin / "static").mkdir()
    config = base_config("site", "static")
    # Precompression is a deployment step, not page generation: off, as for the plain variant.
    config["plugins"] = [
        "search",
        {
            "helpcenter": {
                "shop": SHOP,
                "content_dir": "content",
                "self_check": False,
                "precompress": False,
                "languages": {lang: {"stale": "note"} for lang in languages},
            }
        },
    ]
    (plugin / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    plain = work / "plain"
    hc, configured = configured_plugin(plugin / "mkdocs.yml")
    for page in hc.pages.values():
        path = plain / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{json.dumps(page.meta)}\n---\n{page.markdown}", encoding="utf-8")
    env = hc.on_env(jinja2.Environment(autoescape=True), config=configured, files=None)
    handed = {name: value for name, value in env.globals.items() if name.startswith("hc_")}
    values = {
        "globals": {**handed, "hc_assets": "assets/hc/"},  # the theme's own files, where MkDocs copies them
        "search": {code: hc.search.page_settings(code) for code in hc.localized},
        "words": {code: localized.words for code, (localized, _) in hc.localized.items()},
        "languages": list(hc.localized),
    }
    (plain / "template_values.json").write_text(json.dumps(values), encoding="utf-8")
    config = base_config("site", "docs")
    config["plugins"] = ["search"]
    (plain / "hooks.py").write_text(PLAIN_HOOKS, encoding="utf-8")
    config["hooks"] = ["hooks.py"]
    for key in ("site_name", "site_author", "copyright"):  # as the plugin sets them from the shop
        config[key] = configured[key]
    config["nav"] = [
        item
        for localized, language in hc.localized.values()
        for item in navigation(localized, self_check=False, prefix=language.prefix)
    ]
    if len(hc.localized) > 1:
        config["extra"] = {"alternate": True}  # as the plugin sets it: the language menu
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return plugin, plain


def timed_build(project: Path) -> tuple[float, float]:
    """Wall seconds of one `mkdocs build`, and the CPU seconds it used (all its processes)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q"],
        check=False,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def html_bytes(site: Path) -> int:
    """The published pages' size: how much the theme rendered (the asset folder's name aside)."""
    return sum(len(p.read_bytes().replace(b"assets/hc/", b"assets/hc-0123456789/")) for p in site.rglob("*.html"))


def measure(count: int, repeat: int, languages: list[str]) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"hc-bench-{count}-"))
    try:
        plugin, plain = make_projects(work, count, languages)
        times: dict[str, list[float]] = {"plugin": [], "plain": [], "plugin_cpu": [], "plain_cpu": []}
        for _ in range(repeat):
            for name, project in (("plain", plain), ("plugin", plugin)):
                wall, cpu = timed_build(project)
                times[name].append(wall)
                times[f"{name}_cpu"].append(cpu)
        plugin_s, plain_s = statistics.median(times["plugin"]), statistics.median(times["plain"])
        plugin_cpu, plain_cpu = statistics.median(times["plugin_cpu"]), statistics.median(times["plain_cpu"])
        return {
            "same_page": round(html_bytes(plain / "site") / html_bytes(plugin / "site"), 3),
            "entries": count,
            "languages": 1 + len(languages),
            "plugin_s": round(plugin_s, 2),
            "plain_s": round(plain_s, 2),
            "ratio": round(plugin_s / plain_s, 3),
            # The plugin reads pages in a second process (page_guard.PageGuardPool): its CPU ratio says
            # what the build costs on a machine with one core.
            "cpu_ratio": round(plugin_cpu / plain_cpu, 3),
            "runs": repeat,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--languages",
        nargs="*",
        default=[],
        metavar="CODE",
        help="also build each entry translated into these languages (e.g. de fr)",
    )
    parser.add_argument("--smoke", action="store_true", help="smallest size, one run: the suite's check that it still works")
    args = parser.parse_args()
    if args.smoke:
        args.entries, args.repeat = [20], 1
    print(
        f"{'entries':>8} {'languages':>9} {'YAML+plugin s':>14} {'plain Markdown s':>17} {'ratio':>6} {'CPU ratio':>9}"
        f"  (median of {args.repeat})"
    )
    for count in args.entries:
        row = measure(count, args.repeat, args.languages)
        print(
            f"{row['entries']:>8} {row['languages']:>9} {row['plugin_s']:>14} {row['plain_s']:>17} {row['ratio']:>6}"
            f" {row['cpu_ratio']:>9} {row['same_page']:>9}",
            flush=True,
        )


if __name__ == "__main__":
    main()
