"""The page's entry point: Pyodide calls ``run`` with the facts and context as JSON strings.

No ``from js import`` here: the page's JavaScript collects the facts and passes
them in, so this module runs (and is tested) unchanged in CPython.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .browser import BrowserInfo
from .findings import UNKNOWN
from .policy import Policy
from .report import CHECK_IDS, STEP_OF, Report, diagnose, failed_check, read_steps

# Last resort if even the fallback report cannot be built.
_BARE: dict[str, Any] = {"generated": None, "browser": None, "status": UNKNOWN, "steps": [], "checks": []}


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


def fallback_report(steps: Any, today: date) -> dict[str, Any]:
    """All checks "unknown", saying the check itself failed."""
    findings = tuple(failed_check(check_id, STEP_OF[check_id]) for check_id in CHECK_IDS)
    return Report(today, BrowserInfo(), None, read_steps(steps), findings).to_dict()


def run(facts_json: str, context_json: str) -> str:
    """Report dict as JSON for ``facts_json``; context has steps, policy and today. Never raises."""
    context = _load(context_json)
    context = context if isinstance(context, dict) else {}
    steps = context.get("steps")
    today = _today(context.get("today"))
    try:
        report = diagnose(_load(facts_json), steps=steps, policy=_policy(context.get("policy")), today=today)
        return json.dumps(report.to_dict(), ensure_ascii=False)
    except Exception:  # noqa: BLE001 - the page must always get a report, whatever went wrong
        try:
            return json.dumps(fallback_report(steps, today), ensure_ascii=False)
        except Exception:  # noqa: BLE001 - last resort: the bare shape
            return json.dumps(_BARE)
