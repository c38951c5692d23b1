"""The editors' search vocabulary: the synonyms file, and each entry's other phrasings.

`content/synonyms.yml` lists groups of words and phrases that mean the same to a shopper
("zip code" = address). Entries may list `phrasings`: other ways shoppers ask their question.
Both only feed the search (generator/search/index.py); phrasings are never shown. This module reads and
checks them, every problem as `path:line: what is wrong; what to do`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .source import Problem, Source, SourceError, read_yaml
from .validate import check_schema

SYNONYMS_FILE = "synonyms.yml"

Synonyms = tuple[tuple[str, ...], ...]


def normal(text: str) -> str:
    """A word or phrase as compared for duplicates: lower case, punctuation and extra spaces gone."""
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def _values(source: Source) -> list[tuple[int, int, str]]:
    """(group, member, text) of every member of the synonyms file, in file order."""
    return [(g, m, text) for g, group in enumerate(source.data["synonyms"]) for m, text in enumerate(group)]


def check_synonyms_file(source: Source) -> list[Problem]:
    """The schema, then what it cannot say: words without letters, and words listed twice."""
    problems = check_schema(source, "synonyms.schema.json")
    if problems:
        return problems
    seen: dict[str, tuple[int, int]] = {}
    for g, m, text in _values(source):
        line = source.line_of(("synonyms", g, m))
        key = normal(text)
        if not key:
            problems.append(Problem(source.path, line, f"'{text}' has no letters or digits; write a word or phrase"))
            continue
        if key in seen:
            group, first = seen[key]
            where = "this group" if group == g else f"the group on line {source.line_of(('synonyms', group))}"
            problems.append(
                Problem(
                    source.path,
                    line,
                    f"'{text}' is already in {where} (line {first}); a word or phrase belongs to one group only: keep one",
                )
            )
            continue
        seen[key] = (g, line)
    return problems


def load_synonyms(path: Path, shown: str, problems: list[Problem]) -> Synonyms:
    """The groups of the synonyms file (none if it is absent); its problems are added to `problems`."""
    if not path.exists():
        return ()
    try:
        source = read_yaml(path, shown)
    except SourceError as error:
        problems.append(error.problem)
        return ()
    found = check_synonyms_file(source)
    problems += found
    return () if found else tuple(tuple(group) for group in source.data["synonyms"])


def check_phrasings(sources: dict[str, Source]) -> list[Problem]:
    """Phrasings that repeat a question, or that two entries share: each should lead to one answer."""
    problems: list[Problem] = []
    questions: dict[str, tuple[Source, tuple[Any, ...]]] = {}
    for source in sources.values():
        if isinstance(source.data.get("question"), str) and not source.data.get("retired"):
            questions.setdefault(normal(source.data["question"]), (source, ("question",)))
    phrasings: dict[str, tuple[Source, tuple[Any, ...]]] = {}
    for source in sources.values():
        listed = source.data.get("phrasings")
        if source.data.get("retired") or not isinstance(listed, list):
            continue
        for index, text in enumerate(listed):
            if not isinstance(text, str) or not normal(text):
                continue
            where = ("phrasings", index)
            key = normal(text)
            other = questions.get(key) or phrasings.get(key)
            if other is None:
                phrasings[key] = (source, where)
                continue
            there, field = other
            if there is source:
                what = "repeats the question" if field == ("question",) else "is listed twice"
                problems.append(Problem(source.path, source.line_of(where), f"the phrasing '{text}' {what}; remove it"))
            else:
                problems.append(
                    Problem(
                        source.path,
                        source.line_of(where),
                        f"the phrasing '{text}' is also in {there.path}:{there.line_of(field)}; "
                        "a phrasing leads to one answer: keep it in one entry",
                    )
                )
    return problems
