"""From counts to the editors' report, as plain data (`--json`), which text.py and page.py show.

Searches are grouped by the engine's reading of their words (words.py), each unanswered one
with a link that opens a new entry in /admin/ with the question (and the category of the
closest answer) filled in, and the `helpcenter new` command that does the same. Answers and
self-check problems are named by the help center's own titles.
"""

from __future__ import annotations

import shlex
from collections import Counter
from datetime import date
from typing import Any
from urllib.parse import urlencode

from generator.content.entries import HelpCenter

from .signals import REASONS
from .tally import SearchCount, Tally
from .words import read_words

#: The report's layout, for tools reading --json.
FORMAT = 1
REASON_WORDS = {
    "not-my-question": "doesn't answer my question",
    "unclear": "hard to understand",
    "wrong": "wrong or out of date",
    "did-not-work": "followed it, didn't work",
}


def known_ids(center: HelpCenter) -> dict[str, str]:
    """Every id a live answer was published under -> its id now (a renamed answer keeps its votes)."""
    known = {e.id: e.id for c in center.categories for e in c.entries}
    known.update({old: entry.id for old, entry in center.redirects().items()})
    return known


def _question(words: str) -> str:
    text = " ".join(words.split())
    return f"{text[:1].upper()}{text[1:]}?" if text else ""


def _grouped(tally: Tally) -> tuple[list[dict[str, Any]], dict[str, str]]:
    comments = sorted({c for a in tally.answers.values() for c in a.comments})
    read = read_words(sorted(tally.searches), comments)
    groups: dict[str, dict[str, Any]] = {}
    for query, count in tally.searches.items():
        shown, key = read.queries[query]
        if not shown:
            continue
        group = groups.setdefault(key or shown, {"key": key, "forms": Counter(), "count": SearchCount()})
        group["forms"][shown] += count.searches
        total: SearchCount = group["count"]
        total.searches += count.searches
        total.no_answer += count.no_answer
        total.no_click += count.no_click
    rows = []
    for group in groups.values():
        forms = [form for form, _ in group["forms"].most_common()]
        count = group["count"]
        rows.append(
            {
                "query": forms[0],
                "key": group["key"],
                "also": forms[1:4],
                "searches": count.searches,
                "no_answer": count.no_answer,
                "no_click": count.no_click,
            }
        )
    return rows, read.texts


def _new_entry(query: str, category: str, admin_url: str) -> dict[str, str]:
    question = _question(query)
    fields = {"question": question, **({"category": category} if category else {})}
    return {
        "question": question,
        "admin": f"{admin_url}#/collections/faq/new?{urlencode(fields)}",
        "command": f"helpcenter new {shlex.quote(question)} --category {shlex.quote(category) if category else 'CATEGORY'}",
    }


def _categories_for(queries: list[str], center: HelpCenter) -> dict[str, str]:
    """The category of the closest answer the search finds for each query (the first category if none)."""
    from generator.search.index import SearchError, index_data, run_engine

    fallback = center.categories[0].id if center.categories else ""
    if not queries or not center.entries:
        return dict.fromkeys(queries, fallback)
    try:
        answers = run_engine(index_data(center, self_check=False), queries, limit=1)
    except SearchError:
        return dict.fromkeys(queries, fallback)
    return {
        q: (center.entries[a["results"][0]["id"]].category if a["results"] else fallback)
        for q, a in zip(queries, answers, strict=True)
    }


def build(
    tally: Tally, center: HelpCenter, *, admin_url: str, top: int = 20, check_titles: dict[str, str] | None = None
) -> dict[str, Any]:
    """The report over `tally`: the `top` rows of each list, every answer in the help center."""
    searches, texts = _grouped(tally)
    no_answer = sorted((r for r in searches if r["no_answer"]), key=lambda r: (-r["no_answer"], r["query"]))[:top]
    no_click = sorted((r for r in searches if r["no_click"]), key=lambda r: (-r["no_click"], r["query"]))[:top]
    categories = _categories_for([r["query"] for r in no_answer + no_click], center)
    for row in no_answer + no_click:
        row["new_entry"] = _new_entry(row["query"], categories.get(row["query"], ""), admin_url)
    live = [e for c in center.categories for e in c.entries]
    answers: list[dict[str, Any]] = []
    for entry in live:
        count = tally.answers.get(entry.id)
        if count is None or not (count.yes or count.no):
            continue
        votes = count.yes + count.no
        answers.append(
            {
                "id": entry.id,
                "question": entry.question,
                "url": entry.url,
                "yes": count.yes,
                "no": count.no,
                "helpful": round(count.yes / votes, 3),
                "reads": count.reads,
                "reasons": {r: count.reasons[r] for r in REASONS if count.reasons[r]},
                "comments": [t for t in (texts.get(c, "") for c in count.comments) if t],
            }
        )
    answers.sort(key=lambda a: (a["helpful"], -(a["yes"] + a["no"]), a["id"]))
    reads = {e.id: (tally.answers[e.id].reads if e.id in tally.answers else 0) for e in live}
    most_read = sorted((e for e in live if reads[e.id]), key=lambda e: (-reads[e.id], e.id))[:top]
    titles = check_titles or {}
    problems: dict[str, dict[str, Any]] = {}
    for (check, status, browser), runs in tally.problems.items():
        row = problems.setdefault(
            check, {"check": check, "title": titles.get(check, check), "fail": 0, "warn": 0, "unknown": 0, "browsers": Counter()}
        )
        row[status] += runs
        if status in ("fail", "warn"):
            row["browsers"][browser] += runs
    problem_rows = [
        {**row, "browsers": [{"browser": b, "runs": n} for b, n in row["browsers"].most_common(8)]} for row in problems.values()
    ]
    problem_rows.sort(key=lambda r: (-(r["fail"] + r["warn"]), -r["unknown"], r["check"]))
    return {
        "format": FORMAT,
        "period": {"since": _iso(tally.since), "until": _iso(tally.until), "first": _iso(tally.first), "last": _iso(tally.last)},
        "lines": {
            "read": tally.lines,
            "bad": tally.bad,
            "bad_reasons": dict(tally.bad_reasons.most_common()),
            "not_signals": tally.other,
            "outside_period": tally.outside,
            "unknown_answers": tally.unknown_answers,
        },
        "searches": {
            "total": tally.searches_total,
            "approximate": tally.dropped_searches > 0,
            "no_answer": no_answer,
            "no_click": no_click,
        },
        "answers": answers,
        "reads": {
            "most": [{"id": e.id, "question": e.question, "url": e.url, "reads": reads[e.id]} for e in most_read],
            "never": [{"id": e.id, "question": e.question, "url": e.url} for e in live if not reads[e.id]],
        },
        "self_check": {
            "runs": sum(tally.self_checks.values()),
            "by_status": dict(tally.self_checks.most_common()),
            "problems": problem_rows,
        },
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
