"""The editor's guide (content/README.md) states the limits the checker enforces, as the schemas set them."""

from __future__ import annotations

import json
from typing import Any

from helpers import ROOT

GUIDE = ROOT / "content" / "README.md"


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / "generator" / "schema" / name).read_text(encoding="utf-8"))
    return schema


def _limit(rule: dict[str, Any]) -> str:
    low, high = rule.get("minLength"), rule["maxLength"]
    return f"{low} to {high} characters" if low else f"at most {high} characters"


def test_the_guide_gives_the_schemas_limits() -> None:
    """Question, summary, keyword, step title and category lengths in the guide are the schemas' numbers."""
    entry = _schema("entry.schema.json")["properties"]
    category = _schema("categories.schema.json")["properties"]["categories"]["items"]["properties"]
    rows: dict[str, str] = {}  # every table row of the guide, by its first cell
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            rows[line.split("|")[1].strip()] = rows.get(line.split("|")[1].strip(), "") + line
    expected = {
        "`question`": _limit(entry["question"]),
        "`summary`": _limit(entry["summary"]),
        "`keywords`": _limit(entry["keywords"]["items"]),
        "`steps`": _limit(entry["steps"]["items"]["properties"]["title"]),
        "`title`": _limit(category["title"]),
        "`description`": _limit(category["description"]),
    }
    for field, limit in expected.items():
        assert limit in rows[field], f"content/README.md: the row of {field} should say '{limit}'"
