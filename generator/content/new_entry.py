"""`helpcenter new`: start an entry file that is valid except for the answer the editor writes."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

from .entries import CATEGORIES_FILE, ENTRIES_DIR, entry_files
from .source import SourceError, read_yaml

#: The answer a new entry starts with; `helpcenter check` refuses to publish it as it is.
PLACEHOLDER = "TODO: write the answer here, in Markdown."
MAX_SLUG = 60
#: The order of an entry that gives none (as in generator.entries.Entry).
DEFAULT_ORDER = 100


def slug(question: str) -> str:
    """The id (file name and address) for a question: lowercase ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", question).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > MAX_SLUG:
            break
        out = f"{out}-{word}" if out else word
    return out


def _what_exists(content_dir: Path) -> tuple[list[str], dict[str, str], dict[str, list[int]]]:
    """Category ids, taken addresses (id -> file) and orders per category, read leniently:
    an editor may add several entries before any of them is finished."""
    try:
        rows = read_yaml(content_dir / CATEGORIES_FILE).data["categories"]
        categories = [row["id"] for row in rows]
    except (SourceError, KeyError, TypeError) as error:
        raise ValueError(f"{content_dir / CATEGORIES_FILE}: cannot read the categories; run `helpcenter check`") from error
    taken: dict[str, str] = {}
    orders: dict[str, list[int]] = {}
    for file in entry_files(content_dir):
        taken[file.stem] = str(file)
        try:
            data = read_yaml(file).data
        except SourceError:
            continue
        if isinstance(data, dict):
            for old in data.get("former_ids") or ():
                taken[str(old)] = str(file)
            order = data.get("order", DEFAULT_ORDER)
            if isinstance(order, int):
                orders.setdefault(str(data.get("category")), []).append(order)
    return categories, taken, orders


def new_entry(content_dir: Path, question: str, category: str, *, today: date | None = None) -> Path:
    """Write content/faq/<slug>.yml; raise ValueError with an editor's message on any problem."""
    question = " ".join(question.split())
    if not 5 <= len(question) <= 160:
        raise ValueError(f"the question must be 5 to 160 characters long (it has {len(question)})")
    if "<" in question or ">" in question:
        raise ValueError("the question cannot contain < or >; write the words instead")
    entry_id = slug(question)
    if not entry_id:
        raise ValueError("the question has no letters or digits to make an address from")
    categories, taken, orders = _what_exists(content_dir)
    if category not in categories:
        raise ValueError(
            f"unknown category '{category}'; choose one of: {', '.join(categories)} (see {content_dir / CATEGORIES_FILE})"
        )
    path = content_dir / ENTRIES_DIR / f"{entry_id}.yml"
    if path.exists() or entry_id in taken:
        raise ValueError(
            f"{taken.get(entry_id, path)}: the address /faq/{entry_id}/ is taken; reword the question or edit that entry"
        )
    order = max(orders.get(category, [0])) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# yaml-language-server: $schema=../../generator/schema/entry.schema.json\n"
        f"question: {json.dumps(question, ensure_ascii=False)}\n"
        f"category: {category}\n"
        f"order: {order}\n"
        f"updated: {(today or date.today()).isoformat()}\n"
        "keywords: []   # words shoppers search with that the answer may not use\n"
        "related: []    # ids of other entries to suggest under the answer\n"
        "answer: |\n"
        f"  {PLACEHOLDER}\n",
        encoding="utf-8",
    )
    return path
