"""The search puts the right answer first for at least 95% of the shoppers' own queries.

tests/data/search_queries.yml was written from the shopper's side before the search was tuned.
The ranking runs in Node on the built site's own index and engine files: exactly what the page
runs (tests/browser/test_search.py checks that the page shows the same order).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from helpers import ROOT, query_scores

from generator.search.index import INDEX_PATH, run_engine

QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
#: Queries kept out of tuning (see the file's header); its own bar is lower, since nobody tuned for it.
HOLDOUT = ROOT / "tests" / "data" / "search_queries_holdout.yml"
HOLDOUT_FIRST, HOLDOUT_TOP3 = 0.85, 0.95
KINDS = {"keywords", "question", "misspelling", "regional", "vocabulary"}
#: Shoppers who write English as a second language (written before the search was tuned for them).
ESL_QUERIES = ROOT / "tests" / "data" / "search_queries_esl.yml"
ESL_KINDS = {"grammar", "tense", "false-friend", "literal"}
ESL_LANGUAGES = {"de", "fr", "es", "pl", "zh"}


def shoppers_queries(path: Path = QUERIES) -> list[dict[str, str]]:
    return list(yaml.safe_load(path.read_text("utf-8"))["queries"])


def site_engine(site: Path) -> dict[str, Any]:
    """The built site's index and the engine and stemmer files its pages load."""
    [folder] = (site / "assets").glob("hc-*/search")
    return {"index": (site / INDEX_PATH).read_text("utf-8"), "engine": folder / "engine.js", "stemmer": folder / "stemmer.js"}


def test_query_set_asks_every_answer_many_ways(built_site: Path) -> None:
    """At least 150 queries of every kind, each naming a published answer, every answer asked at least 8 ways."""
    queries = shoppers_queries()
    published = {p.parent.name for p in (built_site / "faq").glob("*/index.html")}
    assert len(queries) >= 150
    assert {q["kind"] for q in queries} == KINDS
    assert {q["id"] for q in queries} <= published, "a query names an answer the site does not have"
    asked = Counter(q["id"] for q in queries)
    answers = {e["id"] for e in yaml.safe_load(site_engine(built_site)["index"])["entries"]}
    assert {entry: asked[entry] for entry in answers if asked[entry] < 8} == {}
    assert len({q["q"] for q in queries}) == len(queries), "a query is listed twice"


def test_esl_set_asks_every_answer_several_ways(built_site: Path) -> None:
    """At least 60 queries in learners' English, every kind and language, each answer asked at least 5 ways."""
    queries = shoppers_queries(ESL_QUERIES)
    assert len(queries) >= 60
    assert {q["kind"] for q in queries} == ESL_KINDS
    assert {q["from"] for q in queries} == ESL_LANGUAGES
    answers = {e["id"] for e in yaml.safe_load(site_engine(built_site)["index"])["entries"]}
    asked = Counter(q["id"] for q in queries)
    assert {entry: asked[entry] for entry in answers if asked[entry] < 5} == {}
    assert len({q["q"] for q in queries}) == len(queries), "a query is listed twice"


def test_right_answer_first_for_95_percent(built_site: Path) -> None:
    """Top-1 over the whole set is at least 95%; the misses are listed when it is not."""
    assert_first_for_95_percent(built_site, shoppers_queries())


def test_learners_find_the_right_answer_first_for_95_percent(built_site: Path) -> None:
    """Shoppers writing English as a second language ("site not accept my card") get the same bar."""
    assert_first_for_95_percent(built_site, shoppers_queries(ESL_QUERIES))


def assert_first_for_95_percent(built_site: Path, queries: list[dict[str, str]]) -> None:
    files = site_engine(built_site)
    answers = run_engine(files["index"], [q["q"] for q in queries], limit=3, engine=files["engine"], stemmer=files["stemmer"])
    misses = [
        f"{q['q']!r} ({q['kind']}): wanted {q['id']}, got {[r['id'] for r in a['results']]}"
        for q, a in zip(queries, answers, strict=True)
        if not a["results"] or a["results"][0]["id"] != q["id"]
    ]
    first = 1 - len(misses) / len(queries)
    assert first >= 0.95, f"top-1 {first:.1%}; not first:\n" + "\n".join(misses)


def test_held_out_queries_clear_their_own_bar(built_site: Path) -> None:
    """The queries nobody tuned for: the right answer first for 85% of them and in the top three for 95%.

    A lower bar than the tuned set's 95% on purpose: this set says whether the search's mechanisms
    carry over to new wording (today 94% first, 100% in the top three), and fails when they stop doing so.
    """
    queries = shoppers_queries(HOLDOUT)
    published = {p.parent.name for p in (built_site / "faq").glob("*/index.html")}
    assert len(queries) >= 50
    assert {q["kind"] for q in queries} == KINDS
    assert {q["id"] for q in queries} <= published, "a held-out query names an answer the site does not have"
    assert not {q["q"] for q in queries} & {q["q"] for q in shoppers_queries()}, "a held-out query is in the tuned set"
    files = site_engine(built_site)
    answers = run_engine(files["index"], [q["q"] for q in queries], limit=3, engine=files["engine"], stemmer=files["stemmer"])
    ranked = [[r["id"] for r in a["results"]] for a in answers]
    first, top3, misses = query_scores(queries, ranked)
    assert first >= HOLDOUT_FIRST, f"held-out top-1 {first:.1%}; not first:\n" + "\n".join(misses)
    assert top3 >= HOLDOUT_TOP3, f"held-out top-3 {top3:.1%}"
