"""Constants and tiny factories shared by the diagnostics tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from diagnostics import Shop

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 27)
SITE_URL = "https://help.example.test/"
#: A shop of no one: the rules' texts and the report name whatever shop they are given.
SHOP = Shop("Example Shop", "https://www.shop.example/", "support@shop.example")


def content_steps(site_url: str = SITE_URL) -> list[dict[str, str]]:
    """The self-check entry's steps as the build hands them to the page: read from content/, never repeated here."""
    from generator.content.entries import load_help_center

    entry = load_help_center(ROOT / "content").troubleshooting_entry()
    assert entry is not None, "content/ has no entry with self_check: true"
    return [{"id": step.id, "title": step.title, "url": f"{site_url}{entry.url}#{step.anchor}"} for step in entry.steps]


#: The FAQ's troubleshooting steps, in order (so a new step in the content needs no test change).
STEPS = content_steps()
STEP_IDS = tuple(step["id"] for step in STEPS)


def raw_policy() -> dict[str, Any]:
    """content/browsers.yml as plain data."""
    return yaml.safe_load((ROOT / "content" / "browsers.yml").read_text(encoding="utf-8"))


def _validator(name: str) -> Any:
    import json

    import jsonschema

    schema = json.loads((ROOT / "diagnostics" / "schema" / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def validate_report(report: Any) -> None:
    """Fail unless ``report`` has the shape of diagnostics/schema/report.schema.json."""
    _validator("report.schema.json").validate(report)


def validate_facts(facts: Any) -> None:
    """Fail unless ``facts`` has the shape of diagnostics/schema/facts.schema.json (what facts.js collects)."""
    _validator("facts.schema.json").validate(facts)
