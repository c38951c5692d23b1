"""Search in German and French: the right answer first for at least 90% of each language's shoppers' queries.

tests/data/search_queries_de.yml and _fr.yml were written from the shopper's side before the translations
and the German and French search existed (see the git history). The ranking runs in Node on the built site's
own indexes, engine and Snowball stemmers, choosing the index for each query as the page does (engineFor).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, query_scores

from generator.search.index import index_path, run_engines, stemmer_asset

LANGUAGES = ("de", "fr")


def queries(name: str) -> list[dict[str, str]]:
    return list(yaml.safe_load((ROOT / "tests" / "data" / f"search_queries_{name}.yml").read_text("utf-8"))["queries"])


def site_search(site: Path) -> dict[str, Any]:
    """The built site's indexes by language, its engine and the stemmers its pages load."""
    [folder] = (site / "assets").glob("hc-*/search")
    codes = ("en", *LANGUAGES)
    return {
        "indexes": {code: (site / index_path(code)).read_text("utf-8") for code in codes},
        "engine": folder / "engine.js",
        "stemmers": {code: folder.parent / stemmer_asset(code) for code in codes},
    }


def rank(site: Path, asked: list[str], page: str) -> list[dict[str, Any]]:
    files = site_search(site)
    return run_engines(files["indexes"], asked, page=page, limit=3, engine=files["engine"], stemmers=files["stemmers"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_query_set_asks_every_answer_in_the_language(lang: str, built_site: Path) -> None:
    """At least 40 queries, every published answer of the language asked at least twice, none twice."""
    listed = queries(lang)
    assert len(listed) >= 40
    published = {p.parent.name for p in (built_site / lang / "faq").glob("*/index.html")}
    assert {q["id"] for q in listed} == published
    assert all(sum(q["id"] == entry for q in listed) >= 2 for entry in published)
    assert len({q["q"] for q in listed}) == len(listed), "a query is listed twice"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_right_answer_first_for_90_percent_of_the_language(lang: str, built_site: Path) -> None:
    """Top-1 on the language's own page is at least 90%, answered from that language's answers at its addresses."""
    listed = queries(lang)
    answers = rank(built_site, [q["q"] for q in listed], page=lang)
    misses = [
        f"{q['q']!r}: wanted {q['id']}, got {[r['id'] for r in a['results']]} ({a['language']})"
        for q, a in zip(listed, answers, strict=True)
        if a["language"] != lang or not a["results"] or a["results"][0]["id"] != q["id"]
    ]
    first = 1 - len(misses) / len(listed)
    assert first >= 0.90, f"{lang}: top-1 {first:.1%}; not first:\n" + "\n".join(misses)
    assert all(r["url"].startswith(f"{lang}/faq/") for a in answers for r in a["results"])


def test_a_query_in_another_language_finds_that_languages_answers(built_site: Path) -> None:
    """French on the German page, German and English on the French page: each query answered in its own language."""
    asked = {"de": ["où est mon colis", "how do i track my package"], "fr": ["wo ist mein paket", "can i return a ring"]}
    expected = {
        "de": [("fr", "track-my-package"), ("en", "track-my-package")],
        "fr": [("de", "track-my-package"), ("en", "return-or-exchange")],
    }
    for page, words in asked.items():
        got = [(a["language"], a["results"][0]["id"]) for a in rank(built_site, words, page=page)]
        assert got == expected[page], page


def test_holdout_sets_are_measured_not_tuned(built_site: Path) -> None:
    """The holdout sets (written after the first measurement, never tuned for) stay at least 70% first."""
    for lang in LANGUAGES:
        listed = queries(f"{lang}_holdout")
        answers = rank(built_site, [q["q"] for q in listed], page=lang)
        first = sum(1 for q, a in zip(listed, answers, strict=True) if a["results"] and a["results"][0]["id"] == q["id"]) / len(
            listed
        )
        assert first >= 0.70, f"{lang} holdout: {first:.1%}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_second_holdout_sets_find_the_right_answer_first_for_90_percent(lang: str, built_site: Path) -> None:
    """search_queries_<lang>_holdout2.yml: 66 queries per language written before the German and French reading
    was reworked (umlauts, compounds, elisions, spoken negation, loanwords), at least 50, every answer asked.
    Right answer first for at least 90% and among the first three for 95% (bench/search_languages.py per kind)."""
    listed = queries(f"{lang}_holdout2")
    assert len(listed) >= 50
    published = {p.parent.name for p in (built_site / lang / "faq").glob("*/index.html")}
    assert {q["id"] for q in listed} == published
    tuned = {q["q"] for name in (lang, f"{lang}_holdout") for q in queries(name)}
    assert not {q["q"] for q in listed} & tuned, "a held-out query is in another set"
    answers = rank(built_site, [q["q"] for q in listed], page=lang)
    ranked = [[r["id"] for r in a["results"]] if a["language"] == lang else [] for a in answers]
    first, top3, misses = query_scores(listed, ranked)
    assert first >= 0.90, f"{lang} holdout2: top-1 {first:.1%}; not first:\n" + "\n".join(misses)
    assert top3 >= 0.95, f"{lang} holdout2: top-3 {top3:.1%}"
