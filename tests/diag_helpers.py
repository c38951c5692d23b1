"""Constants and tiny factories shared by the diagnostics tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 27)
STEPS = [
    {"id": "browser", "title": "Use the latest Chrome, Firefox or Safari", "url": "https://help.alsgem.com/faq/cannot-pay/#step-browser"},
    {"id": "safe-mode", "title": "Try your browser's safe mode", "url": "https://help.alsgem.com/faq/cannot-pay/#step-safe-mode"},
    {"id": "cache-cookies", "title": "Clear cache and cookies", "url": "https://help.alsgem.com/faq/cannot-pay/#step-cache-cookies"},
    {"id": "add-ons", "title": "Disable add-ons and extensions", "url": "https://help.alsgem.com/faq/cannot-pay/#step-add-ons"},
    {"id": "java", "title": "Update Java", "url": "https://help.alsgem.com/faq/cannot-pay/#step-java"},
]


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
