"""``diagnose`` for support staff: judge a user agent string a shopper sent in.

Only the user agent is known, so every other check says "not checked". The lead's
``helpcenter diagnose`` command calls ``main`` with the FAQ steps and the policy.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from .policy import Policy
from .report import diagnose


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diagnose",
        description="Check a shopper's browser from its user agent string, as the self-check page would.",
    )
    parser.add_argument("--user-agent", required=True, metavar="UA", help="the user agent string, in quotes")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="judge 'latest' as of this day (default: today)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of text")
    return parser


def main(argv: list[str] | None = None, *, steps: Any, policy: Policy | None) -> int:
    """Run the command; returns the exit code (0 fine, 2 bad arguments)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed its message already
        return stop.code if isinstance(stop.code, int) else 2
    today = date.today()
    if args.date:
        try:
            today = date.fromisoformat(args.date)
        except ValueError:
            print(f"diagnose: --date must be a day like 2026-11-27, not {args.date!r}", file=sys.stderr)
            return 2
    report = diagnose({"user_agent": args.user_agent}, steps=steps, policy=policy, today=today)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.to_text(), end="")
    return 0
