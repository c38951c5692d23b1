"""Search quality per language: top-1 and top-3 per kind of query, on every query set of tests/data/.

Each set is ranked in Node by the page's own engine (theme/assets/hc/search/engine.js) on the
indexes built from content/ as `helpcenter search` builds them, all of the site's languages at once,
from a page in the set's language (the engine answers from the language whose words the query uses,
as the page does). A query counts as found when its answer comes from the set's language. Sets:
`search_queries_<lang>*.yml` for German and French, `search_queries*.yml` without a language for English.

    .venv/bin/python bench/search_languages.py                  # every set, one table per set
    .venv/bin/python bench/search_languages.py de_holdout2 fr_holdout2 --failures
    .venv/bin/python bench/search_languages.py --smoke          # two queries of each set (seconds)

No timing here: this measures what shoppers get, not how fast (bench/search_speed.py does that).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.cli import _languages
from generator.content.entries import load_help_center
from generator.content.localize import ENGLISH, english, localize
from generator.search.index import index_data, run_engines

DATA = ROOT / "tests" / "data"


def query_sets() -> dict[str, Path]:
    """Set name ("de_holdout2", "esl", "" for the English set) -> its file."""
    found = {}
    for path in sorted(DATA.glob("search_queries*.yml")):
        found[path.stem.removeprefix("search_queries").lstrip("_")] = path
    return found


def set_language(name: str, codes: tuple[str, ...]) -> str:
    head = name.split("_", 1)[0]
    return head if head in codes else ENGLISH


def site_indexes() -> dict[str, dict[str, Any]]:
    """The site's indexes by language, built from content/ (what `helpcenter search` ranks with)."""
    center = load_help_center(ROOT / "content", languages=_languages(str(ROOT / "mkdocs.yml")))
    codes = (ENGLISH, *center.translations.languages)
    localized = {ENGLISH: (center, english(center))} | {code: localize(center, code) for code in codes[1:]}
    return {code: index_data(c, self_check=True, language=lang) for code, (c, lang) in localized.items()}


def measure(
    indexes: dict[str, dict[str, Any]], name: str, queries: list[dict[str, str]]
) -> list[tuple[dict[str, str], int, str]]:
    """(query, rank of its answer in the set's language or 0, language answered in) per query."""
    lang = set_language(name, tuple(indexes))
    answers = run_engines(indexes, [q["q"] for q in queries], page=lang, limit=3)
    rows = []
    for query, answer in zip(queries, answers, strict=True):
        ids = [r["id"] for r in answer["results"]] if answer["language"] == lang else []
        rows.append((query, ids.index(query["id"]) + 1 if query["id"] in ids else 0, answer["language"]))
    return rows


def table(name: str, rows: list[tuple[dict[str, str], int, str]]) -> str:
    lines = [f"### {name or 'en'} ({len(rows)} queries)", "| kind | n | top-1 | top-3 |", "| --- | ---: | ---: | ---: |"]
    kinds = sorted({q["kind"] for q, _, _ in rows})
    for kind in [*kinds, "all"]:
        ranks = [rank for q, rank, _ in rows if kind in ("all", q["kind"])]
        first = sum(r == 1 for r in ranks)
        three = sum(1 <= r <= 3 for r in ranks)
        lines.append(f"| {kind} | {len(ranks)} | {first / len(ranks):.0%} ({first}) | {three / len(ranks):.0%} ({three}) |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", help="set names (de, fr_holdout2, esl, en for search_queries.yml); default all")
    parser.add_argument("--failures", action="store_true", help="list the queries whose answer is not first")
    parser.add_argument("--smoke", action="store_true", help="two queries of each set (seconds)")
    args = parser.parse_args()
    available = query_sets()
    wanted = [("" if name == "en" else name) for name in args.sets] or list(available)
    unknown = [name for name in wanted if name not in available]
    if unknown:
        parser.error(f"no query set {', '.join(unknown)}; sets: {', '.join(n or 'en' for n in available)}")
    indexes = site_indexes()
    print("Search quality per language: the page's engine in Node, on the indexes built from content/\n")
    for name in wanted:
        queries = list(yaml.safe_load(available[name].read_text("utf-8"))["queries"])
        if args.smoke:
            queries = queries[:2]
        rows = measure(indexes, name, queries)
        print(table(name, rows) + "\n")
        if args.failures:
            for query, rank, language in rows:
                if rank != 1:
                    print(f"  [{query['kind']}] {query['q']!r} -> {query['id']}: rank {rank or '-'} ({language})")
            print()


if __name__ == "__main__":
    main()
