"""The page's entry point: Pyodide calls ``run`` with the facts and context as JSON strings.

No ``from js import`` here: the page's JavaScript collects the facts and passes
them in, so this module runs (and is tested) unchanged in CPython.

The context (written by the build, see generator/pages/self_check.py) carries the FAQ steps,
the browser policy, the shop (name, site, support address: ``Shop``), the labels, and, added
by the page, its own address (``page_url``) and optionally ``today``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .findings import UNKNOWN
from .policy import Policy
from .report import diagnose, fallback_report
from .shop import Shop

# Last resort if even the fallback report cannot be built.
_BARE: dict[str, Any] = {"generated": None, "browser": None, "status": UNKNOWN, "steps": [], "checks": [], "text": ""}


def _load(text: Any) -> Any:
    if not isinstance(text, (str, bytes)):
        return None
    try:
        return json.loads(text)
    except Exception:  # noqa: BLE001 - not JSON, nested too deep, or any other oddity: no facts
        return None


def _today(value: Any) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    return date.today()


def _policy(value: Any) -> Policy | None:
    try:
        return Policy.from_dict(value)
    except (ValueError, TypeError):
        return None  # versions then go unjudged; everything else still works


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def run(facts_json: str, context_json: str) -> str:
    """The report dict plus its plain ``text``, as JSON, for ``facts_json``. Never raises."""
    context = _load(context_json)
    context = context if isinstance(context, dict) else {}
    steps = context.get("steps")
    today = _today(context.get("today"))
    shop = Shop.from_dict(context.get("shop"))
    try:
        report = diagnose(_load(facts_json), steps=steps, policy=_policy(context.get("policy")), today=today, shop=shop)
    except Exception:  # noqa: BLE001 - the page must always get a report, whatever went wrong
        report = fallback_report(steps, today, shop)
    try:
        text = report.to_text(page_url=_text(context.get("page_url")))
        return json.dumps({**report.to_dict(), "text": text}, ensure_ascii=False)
    except Exception:  # noqa: BLE001 - last resort: the bare shape
        return json.dumps(_BARE)
