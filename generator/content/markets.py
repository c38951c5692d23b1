"""The shop's markets that the help center has no translation for: `content/markets.yml`.

Per language (es, it, nl, pl...): its name, the sentence the search shows when a shopper writes in it
("our answers are in English"), common words that tell the language, and the words its shoppers use for
paying. The search (theme/assets/hc/search/engine.js) reads them from the index: a query in one of these
languages is told that the answers are in English, and payment words still find "I cannot pay" and the
checkout self-check. This module reads and checks the file, every problem as `path:line: what is wrong`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from .source import Problem, Source, SourceError, read_yaml
from .validate import check_schema
from .vocabulary import normal

MARKETS_FILE = "markets.yml"
#: Language code -> {"name", "note", "words", "payment"}, as the index carries it.
Markets = dict[str, dict[str, Any]]
LISTS = ("words", "payment")


def folded(text: str) -> str:
    """A word as the search compares it: lower case, accents dropped ("dónde" is "donde"), ł as l."""
    plain = unicodedata.normalize("NFKD", normal(text).replace("ł", "l").replace("ø", "o"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def check_markets_file(source: Source, site_languages: tuple[str, ...]) -> list[Problem]:
    """The schema, then what it cannot say: a language the site has, words without letters, words listed twice."""
    problems = check_schema(source, "markets.schema.json")
    if problems:
        return problems
    for code, market in source.data["markets"].items():
        if code in site_languages:
            problems.append(
                Problem(
                    source.path,
                    source.line_of(("markets", code)),
                    f"'{code}' has its own translation of the help center, so its shoppers get answers in it; "
                    "remove it from markets.yml",
                )
            )
        seen: dict[str, int] = {}
        for name in LISTS:
            for n, text in enumerate(market[name]):
                line = source.line_of(("markets", code, name, n))
                key = folded(text)
                if not key:
                    problems.append(Problem(source.path, line, f"'{text}' has no letters or digits; write a word or remove it"))
                elif key in seen:
                    problems.append(
                        Problem(
                            source.path,
                            line,
                            f"'{text}' is already listed for '{code}' (line {seen[key]}; accents do not count); keep one",
                        )
                    )
                else:
                    seen[key] = line
    return problems


def load_markets(path: Path, shown: str, site_languages: tuple[str, ...], problems: list[Problem]) -> Markets:
    """The markets of the file (none if it is absent); its problems are added to `problems`."""
    if not path.exists():
        return {}
    try:
        source = read_yaml(path, shown)
    except SourceError as error:
        problems.append(error.problem)
        return {}
    found = check_markets_file(source, site_languages)
    problems += found
    if found:
        return {}
    return {code: {key: market[key] for key in ("name", "note", *LISTS)} for code, market in source.data["markets"].items()}
