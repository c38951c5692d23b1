"""``helpcenter diagnose`` for support staff and the shop: judge user agents as the self-check would.

Only the user agent is known, so every other check says "not checked". ``generator.cli``
calls ``main`` with the FAQ steps, the policy and the shop (name, site, support address) from
the site's config.

    --user-agent UA        one user agent: the report as text (or --json)
    --user-agents FILE     one user agent a line: one JSON report a line (--json), or a summary
    --log FILE             an nginx/Apache combined access log (gzip too): who is concerned by step 1
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from .batch import Judge, LogSummary, open_text, summarise_log, user_agent_lines
from .policy import Policy
from .report_text import status_word
from .shop import Shop

TOP = 15


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="helpcenter diagnose",
        description="Check shoppers' browsers from their user agent strings, as the self-check page would.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--user-agent", metavar="UA", help="one user agent string, in quotes")
    source.add_argument("--user-agents", metavar="FILE", type=Path, help="a file with one user agent a line")
    source.add_argument("--log", metavar="FILE", type=Path, help="an nginx/Apache combined access log (.gz too)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="judge 'latest' as of this day (default: today)")
    parser.add_argument("--json", action="store_true", help="print JSON (one report a line for --user-agents)")
    parser.add_argument("--path", default="", metavar="PREFIX", help="with --log: only requests for paths starting so")
    return parser


def _share(count: int, total: int) -> str:
    return f"{count:>8,}  {100 * count / total:5.1f}%" if total else f"{count:>8,}"


def _print_summary(summary: LogSummary, title: str) -> None:
    total = summary.visitors
    print(title)
    print(f"{summary.lines:,} lines, {summary.bad_lines:,} not in combined log format (skipped); "
          f"{summary.requests:,} requests; {summary.robots:,} robots and tools left out")
    print(f"{total:,} visitors (address + user agent). Browser check (FAQ step 1: use the latest Chrome, Firefox or Safari):")
    for status in ("pass", "warn", "fail", "unknown"):
        print(f"  {status_word(status):<22}{_share(summary.verdicts[status], total)}")
    for heading, counts in (("Browsers that fail most", summary.failing), ("Apps' built-in browsers", summary.in_app)):
        print(f"{heading}:")
        for name, count in counts.most_common(TOP) or [("none", 0)]:
            print(f"  {name:<40}{_share(count, total)}")


def _batch(args: argparse.Namespace, judge: Judge) -> int:
    bad: list[int] = []
    verdicts: Counter[str] = Counter()
    write = sys.stdout.write
    for number, user_agent in user_agent_lines(open_text(args.user_agents)):
        if user_agent is None:
            bad.append(number)
            continue
        report = judge(user_agent)
        if args.json:
            write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        verdicts[report.status] += 1
    if not args.json:
        total = sum(verdicts.values())
        for status in ("pass", "warn", "fail", "unknown"):
            print(f"{status_word(status):<22}{_share(verdicts[status], total)}")
    if bad:
        shown = ", ".join(map(str, bad[:10])) + (", ..." if len(bad) > 10 else "")
        print(f"diagnose: {args.user_agents}: {len(bad)} empty or unreadable lines skipped (lines {shown})", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, *, steps: Any, policy: Policy | None, shop: Shop | None = None) -> int:
    """Run the command; returns the exit code (0 fine, 1 unreadable file, 2 bad arguments)."""
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
    judge = Judge(steps=steps, policy=policy, today=today, shop=shop)
    try:
        if args.user_agents is not None:
            return _batch(args, judge)
        if args.log is not None:
            summary = summarise_log(open_text(args.log), judge, path_prefix=args.path)
            if args.json:
                print(json.dumps(summary.to_dict(), ensure_ascii=False))
            else:
                _print_summary(summary, f"{args.log}, browsers judged on {today.isoformat()}")
            return 0
    except OSError as error:
        print(f"diagnose: {error.filename}: cannot read: {error.strerror or error}", file=sys.stderr)
        return 1
    report = judge(args.user_agent)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.to_text(), end="")
    return 0
