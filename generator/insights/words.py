"""The page's own rules over the words a log holds, run in Node (`node.mjs`).

Searches are grouped by the search engine's reading (`queryKey` of engine.js: "refund" and
"refunds" are one search) and every shopper's text is scrubbed again by signals.js's `scrub`
before a report shows it: one implementation of each, the page's, so the report cannot drift
from what the site does. Node runs once per report, on the distinct texts only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.search.index import ENGINE, ROOT, STEMMER_PACKAGE

SIGNALS_JS = ROOT / "theme" / "assets" / "hc" / "signals.js"
RUNNER = Path(__file__).with_name("node.mjs")


class WordsError(Exception):
    """Node cannot run the page's rules; the message says what to install."""


@dataclass(frozen=True)
class Read:
    """The page's reading of what a log holds."""

    queries: dict[str, tuple[str, str]]  #: logged query -> (as signals.js sends it, the engine's key)
    texts: dict[str, str]  #: logged text -> scrubbed again


def read_words(queries: list[str], texts: list[str], *, root: Path = ROOT) -> Read:
    node = shutil.which("node")
    if node is None:
        raise WordsError("Node.js is not installed; install Node.js 20 or newer (see README.md)")
    stemmer = root / STEMMER_PACKAGE
    if not stemmer.is_file():
        stemmer = ROOT / STEMMER_PACKAGE
    if not stemmer.is_file():
        raise WordsError(f"{stemmer}: the search's stemmer is not installed; run `npm ci` (or scripts/setup)")
    if not queries and not texts:
        return Read({}, {})
    with tempfile.TemporaryDirectory(prefix="hc-insights-") as folder:
        # The files as the site publishes them, side by side, read by Node as ES modules.
        where = Path(folder)
        (where / "search").mkdir()
        shutil.copyfile(SIGNALS_JS, where / "signals.js")
        shutil.copyfile(ENGINE, where / "search" / "engine.js")
        shutil.copyfile(stemmer, where / "stemmer.js")
        (where / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
        result = subprocess.run(
            [node, str(RUNNER), folder],
            input=json.dumps({"queries": queries, "texts": texts}),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=300,
        )
    if result.returncode != 0:
        raise WordsError(f"the page's rules failed in Node: {result.stderr.strip()[-2000:]}")
    answer = json.loads(result.stdout)
    return Read(
        {q: (a["shown"], a["key"]) for q, a in zip(queries, answer["queries"], strict=True)},
        dict(zip(texts, answer["texts"], strict=True)),
    )
