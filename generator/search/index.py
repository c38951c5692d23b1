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
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.entries import HelpCenter
from generator.pages.renderer import SELF_CHECK, answer_text

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "theme" / "assets" / "hc" / "search" / "engine.js"
RUNNER = Path(__file__).with_name("node.mjs")
#: Where the stemmer comes from (npm, pinned in package-lock.json) and where the site serves it.
STEMMER_PACKAGE = "node_modules/stemmer/index.js"
STEMMER_ASSET = "search/stemmer.js"
INDEX_PATH = "search/answers.json"
#: The index's layout; engine.js refuses another.
FORMAT = 1


class SearchError(Exception):
    """The search cannot run; the message says what to install or fix."""


def index_data(center: HelpCenter, *, self_check: bool) -> dict[str, Any]:
    """Everything the engine reads, as plain data: live entries, category titles, synonyms."""
    entries = [
        {"id": e.id, "url": e.url, "question": e.question, "category": e.category,
         "phrasings": list(e.phrasings), "keywords": list(e.keywords), "answer": answer_text(e)}
        for c in center.categories for e in c.entries
    ]
    troubleshooting = center.troubleshooting_entry()
    self_check_data = None
    if self_check and troubleshooting is not None:
        self_check_data = {"url": SELF_CHECK.removesuffix(".md") + "/", "category": troubleshooting.category}
    return {
        "format": FORMAT,
        "categories": {c.id: c.title for c in center.categories},
        "synonyms": [list(group) for group in center.synonyms],
        "selfCheck": self_check_data,
        # What the dialog offers before anything is typed, and when nothing matches.
        "mostAsked": [e.id for e in center.most_asked()],
        "categoryUrls": {c.id: c.url for c in center.categories},
        "entries": entries,
    }


def index_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class SiteSearch:
    """What the plugin adds to the site for search: the index, the stemmer, and the page's settings."""

    root: Path
    index: str
    support_email: str
    self_check_url: str

    @classmethod
    def for_site(cls, root: Path, center: HelpCenter, *, self_check: bool, support_email: str) -> SiteSearch:
        data = index_data(center, self_check=self_check)
        return cls(root, index_json(data), support_email, (data["selfCheck"] or {}).get("url", ""))

    @property
    def stemmer(self) -> Path:
        """The project's npm copy; a site kept elsewhere (tests' fixture sites) uses the generator's."""
        own = self.root / STEMMER_PACKAGE
        return own if own.is_file() else ROOT / STEMMER_PACKAGE

    def problems(self) -> list[str]:
        if not self.stemmer.is_file():
            return [f"{self.stemmer}: the search's stemmer is not installed; run `npm ci` (or scripts/setup)"]
        return []

    def publish(self, files: Any, config: Any) -> None:
        """Add the index to the site's files (the stemmer goes with the versioned assets)."""
        from mkdocs.structure.files import File

        files.append(File.generated(config, INDEX_PATH, content=self.index))

    def page_settings(self) -> dict[str, str]:
        """What the search dialog's template needs (theme/partials/search.html).

        The index's address carries its hash, so a browser never pairs a page with another build's index.
        """
        version = hashlib.sha256(self.index.encode()).hexdigest()[:10]
        return {"index": f"{INDEX_PATH}?v={version}", "email": self.support_email, "self_check": self.self_check_url}


def run_engine(index: dict[str, Any] | str, queries: list[str], *, limit: int = 10,
               engine: Path = ENGINE, stemmer: Path | None = None) -> list[dict[str, Any]]:
    """Rank `queries` with engine.js in Node, exactly as the page does; one answer per query."""
    node = shutil.which("node")
    if node is None:
        raise SearchError("Node.js is not installed; install Node.js 20 or newer (see README.md)")
    stemmer = stemmer or ROOT / STEMMER_PACKAGE
    if not stemmer.is_file():
        raise SearchError(f"{stemmer}: the search's stemmer is not installed; run `npm ci` (or scripts/setup)")
    payload = json.dumps({"index": json.loads(index) if isinstance(index, str) else index,
                          "queries": queries, "limit": limit})
    result = subprocess.run([node, str(RUNNER), str(engine), str(stemmer)], input=payload, capture_output=True,
                            text=True, check=False, timeout=120)
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
    read = [w["typed"] + (f" (also: {', '.join(w['alternatives'][1:6])}{', …' if len(w['alternatives']) > 6 else ''})"
                          if len(w["alternatives"]) > 1 else "") for w in answer["words"]]
    lines.append(f'"{answer['query']}" is read as: {'; '.join(read) or 'nothing but common words (how, my, the…)'}')
    if not answer["results"]:
        lines.append("No answer matches.")
    for rank, result in enumerate(answer["results"], 1):
        lines.append(f"{rank:2}. {_marked(result['question_parts'])}   /{result['url']}   (score {result['score']:g})")
        for match in result["matches"]:
            how = {"exact": "", "synonym": f" as '{match['via']}' (synonym)", "typo": " (typo corrected)",
                   "split": " (split)"}.get(match["how"], "")
            lines.append(f"      {match['typed']}{how}: {', '.join(match['found'])} in {', '.join(match['fields'])}")
        lines.append(f"      {_marked(result['snippet'])}")
    if answer["weak"] and answer["words"]:
        extra = " and the checkout self-check" if answer["payment"] else ""
        lines.append(f"Weak: the page shows these as the closest questions, with the email link{extra}.")
    return "\n".join(lines)
