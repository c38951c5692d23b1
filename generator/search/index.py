"""The help center's search, Python side: the index the page searches, and running the engine in Node.

The ranking is one JavaScript module, `theme/assets/hc/search/engine.js`: the page runs it, and
`helpcenter search` and the tests run the same file in Node (`node.mjs`), on the same
index, so an editor sees the ranking shoppers get. This module writes that index,
`search/answers.json` (each entry's question, phrasings, keywords, category and answer as plain
text, plus the synonyms), and publishes the engine's stemmer (npm `stemmer`) beside the engine.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.content.entries import HelpCenter
from generator.content.localize import ENGLISH, Language, english
from generator.pages.renderer import SELF_CHECK, answer_text, fill

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "theme" / "assets" / "hc" / "search" / "engine.js"
RUNNER = Path(__file__).with_name("node.mjs")
#: Where the stemmer comes from (npm, pinned in package-lock.json) and where the site serves it.
STEMMER_PACKAGE = "node_modules/stemmer/index.js"
STEMMER_ASSET = "search/stemmer.js"
INDEX_PATH = "search/answers.json"
#: Each other language's Snowball stemmer (npm @orama/stemmers, pinned), published as search/stemmer-<code>.js.
STEMMER_PACKAGES = {
    ENGLISH: STEMMER_PACKAGE,
    "de": "node_modules/@orama/stemmers/dist/de.js",
    "fr": "node_modules/@orama/stemmers/dist/fr.js",
}


def stemmer_asset(code: str) -> str:
    return STEMMER_ASSET if code == ENGLISH else f"search/stemmer-{code}.js"


def index_path(code: str) -> str:
    return INDEX_PATH if code == ENGLISH else f"search/answers.{code}.json"


def stemmer_file(code: str, root: Path = ROOT) -> Path:
    """The project's npm copy of a language's stemmer; a site kept elsewhere (tests' fixture sites) uses the generator's."""
    own = root / STEMMER_PACKAGES[code]
    return own if own.is_file() else ROOT / STEMMER_PACKAGES[code]


#: The site words (content/site.yml, translated in site.<lang>.yml) the search dialog shows: its template
#: prints some, search.js the others (from the dialog's data attributes, theme/partials/search.html).
DIALOG_WORDS = (
    "search_button",
    "most_asked",
    "browse_by_topic",
    "question_subject",
    "search_start",
    "search_loading",
    "search_unavailable",
    "search_more_words",
    "search_count_one",
    "search_count_other",
    "search_no_match",
    "search_weak",
    "search_in_english",
    "search_in_english_closest",
    "search_not_found",
    "search_self_check",
    "search_email",
)
_LINK = re.compile(r"\[([^\]]+)\]\(\{link\}\)")


def link_sentence(text: str) -> dict[str, str]:
    """A word with a Markdown link to {link} ("[Email us]({link}): we answer") as the text before the link,
    the link's text and the text after, for a template to put the link between (every piece as text).
    A translation that lost the link's brackets still links: all of it is the link's text."""
    found = _LINK.search(text)
    if found is None:
        return {"before": "", "link": text, "after": ""}
    return {"before": text[: found.start()], "link": found[1], "after": text[found.end() :]}


#: The index's layout; engine.js refuses another.
FORMAT = 1


class SearchError(Exception):
    """The search cannot run; the message says what to install or fix."""


def index_data(center: HelpCenter, *, self_check: bool, language: Language | None = None) -> dict[str, Any]:
    """Everything the engine reads, as plain data: live entries, category titles, synonyms.

    `center` in another language (content/localize.py): its published entries, in its words, at its addresses.
    """
    language = language or english(center)
    entries = [
        {
            "id": e.id,
            "url": f"{language.prefix}{e.url}",
            "question": e.question,
            "category": e.category,
            "phrasings": list(e.phrasings),
            "keywords": list(e.keywords),
            "answer": answer_text(e),
        }
        for c in center.categories
        for e in c.entries
        if language.published(e.id)
    ]
    troubleshooting = center.troubleshooting_entry()
    self_check_data = None
    if self_check and troubleshooting is not None:
        self_check_data = {
            "url": language.prefix + SELF_CHECK.removesuffix(".md") + "/",
            "category": troubleshooting.category,
            "entry": troubleshooting.id,
        }
    return {
        "format": FORMAT,
        "language": language.code,
        "categories": {c.id: c.title for c in center.categories},
        "synonyms": [list(group) for group in center.synonyms],
        # The shop's languages without a translation: a query in one is told the answers are in English.
        "markets": center.markets,
        "selfCheck": self_check_data,
        # What the dialog offers before anything is typed, and when nothing matches.
        "mostAsked": [e.id for e in center.most_asked()],
        "categoryUrls": {c.id: c.url for c in center.categories},
        "entries": entries,
    }


def index_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class SiteSearch:  # not slots: cached_property keeps the indexes' addresses in the instance's __dict__
    """What the plugin adds to the site for search: an index and a stemmer per language, and the page's settings."""

    root: Path
    #: Language code -> the index's JSON (English first).
    indexes: dict[str, str]
    support_email: str
    #: Language code -> the self-check's address in that language ("" without one).
    self_check_urls: dict[str, str]
    #: Language code -> the dialog's words in that language (DIALOG_WORDS).
    words: dict[str, dict[str, str]]

    @classmethod
    def for_site(
        cls, root: Path, localized: dict[str, tuple[HelpCenter, Language]], *, self_check: bool, support_email: str
    ) -> SiteSearch:
        data = {
            code: index_data(center, self_check=self_check, language=language) for code, (center, language) in localized.items()
        }
        return cls(
            root,
            {code: index_json(d) for code, d in data.items()},
            support_email,
            {code: (d["selfCheck"] or {}).get("url", "") for code, d in data.items()},
            {code: {w: center.words.get(w, "") for w in DIALOG_WORDS} for code, (center, _) in localized.items()},
        )

    @property
    def index(self) -> str:
        """The English index (the site's first language)."""
        return self.indexes[ENGLISH]

    @property
    def stemmer(self) -> Path:
        return stemmer_file(ENGLISH, self.root)

    def stemmers(self) -> dict[str, Path]:
        """Asset path -> npm file of every language's stemmer."""
        return {stemmer_asset(code): stemmer_file(code, self.root) for code in self.indexes}

    def problems(self) -> list[str]:
        unknown = [code for code in self.indexes if code not in STEMMER_PACKAGES]
        if unknown:
            return [
                (
                    f"the search has no stemmer for {', '.join(unknown)} (it reads {', '.join(STEMMER_PACKAGES)}); "
                    "remove the language from mkdocs.yml or add its stemmer to generator/search/index.py"
                )
            ]
        return [
            f"{path}: the search's stemmer is not installed; run `npm ci` (or scripts/setup)"
            for path in self.stemmers().values()
            if not path.is_file()
        ]

    def publish(self, files: Any, config: Any) -> None:
        """Add the indexes to the site's files (the stemmers go with the versioned assets)."""
        from mkdocs.structure.files import File

        for code, index in self.indexes.items():
            files.append(File.generated(config, index_path(code), content=index))

    @cached_property
    def _versioned(self) -> dict[str, str]:
        # The index's address carries its hash, so a browser never pairs a page with another build's index.
        return {
            code: f"{index_path(code)}?v={hashlib.sha256(index.encode()).hexdigest()[:10]}"
            for code, index in self.indexes.items()
        }

    def page_settings(self, code: str = ENGLISH) -> dict[str, Any]:
        """What the search dialog's template needs on a page in language `code` (theme/partials/search.html)."""
        words = self.words.get(code) or self.words[ENGLISH]
        return {
            "index": self._versioned[code],
            "lang": code,
            "email": self.support_email,
            "self_check": self.self_check_urls.get(code, ""),
            "indexes": self._versioned,
            "words": words,
            "self_check_sentence": link_sentence(words["search_self_check"]),
            "email_sentence": {k: fill(v, email=self.support_email) for k, v in link_sentence(words["search_email"]).items()},
        }


def run_engine(
    index: dict[str, Any] | str, queries: list[str], *, limit: int = 10, engine: Path = ENGINE, stemmer: Path | None = None
) -> list[dict[str, Any]]:
    """Rank `queries` with engine.js in Node, exactly as the page does; one answer per query."""
    data = json.loads(index) if isinstance(index, str) else index
    code = data.get("language", ENGLISH)
    return run_engines(
        {code: data}, queries, page=code, limit=limit, engine=engine, stemmers={code: stemmer} if stemmer else None
    )


def run_engines(
    indexes: Mapping[str, dict[str, Any] | str],
    queries: list[str],
    *,
    page: str,
    limit: int = 10,
    engine: Path = ENGINE,
    stemmers: dict[str, Path] | None = None,
) -> list[dict[str, Any]]:
    """Rank `queries` as a page in language `page` does with the site's indexes: each query by the index of its
    language (engine.js's engineFor); each answer says which (`language`)."""
    node = shutil.which("node")
    if node is None:
        raise SearchError("Node.js is not installed; install Node.js 20 or newer (see README.md)")
    stemmers = {code: (stemmers or {}).get(code) or stemmer_file(code) for code in indexes}
    for path in stemmers.values():
        if not path.is_file():
            raise SearchError(f"{path}: the search's stemmer is not installed; run `npm ci` (or scripts/setup)")
    payload = json.dumps(
        {
            "indexes": {code: json.loads(i) if isinstance(i, str) else i for code, i in indexes.items()},
            "page": page,
            "queries": queries,
            "limit": limit,
        }
    )
    result = subprocess.run(
        [node, str(RUNNER), str(engine), *(f"{code}={path}" for code, path in stemmers.items())],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        raise SearchError(f"the search engine failed in Node: {result.stderr.strip()[-2000:]}")
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return answers


def _marked(parts: list[dict[str, Any]]) -> str:
    """Engine text parts with the matched words in [brackets], for a terminal."""
    return "".join(f"[{p['text']}]" if p["mark"] else p["text"] for p in parts)


def explain(answer: dict[str, Any]) -> str:
    """`helpcenter search`'s report: how the words were read, then each answer with what matched."""
    lines = []
    read = [
        w["typed"]
        + (
            f" (also: {', '.join(w['alternatives'][1:6])}{', …' if len(w['alternatives']) > 6 else ''})"
            if len(w["alternatives"]) > 1
            else ""
        )
        for w in answer["words"]
    ]
    lines.append(f'"{answer["query"]}" is read as: {"; ".join(read) or "nothing but common words (how, my, the…)"}')
    if not answer["results"]:
        lines.append("No answer matches.")
    for rank, result in enumerate(answer["results"], 1):
        lines.append(f"{rank:2}. {_marked(result['question_parts'])}   /{result['url']}   (score {result['score']:g})")
        for match in result["matches"]:
            how = {
                "exact": "",
                "synonym": f" as '{match['via']}' (synonym)",
                "typo": " (typo corrected)",
                "split": " (split)",
            }.get(match["how"], "")
            lines.append(f"      {match['typed']}{how}: {', '.join(match['found'])} in {', '.join(match['fields'])}")
        lines.append(f"      {_marked(result['snippet'])}")
    if answer["weak"] and answer["words"]:
        extra = " and the checkout self-check" if answer["payment"] else ""
        lines.append(f"Weak: the page shows these as the closest questions, with the email link{extra}.")
    return "\n".join(lines)
