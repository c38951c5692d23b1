"""``helpcenter diagnose`` for support staff and the shop: judge user agents as the self-check would.

Only the user agent is known, so every other check says "not checked". ``generator.cli``
calls ``main`` with the FAQ steps, the policy and the shop (name, site, support address) from
the site's config. Input files are read in bounded memory (``input_file``); whatever they hold
reaches the terminal with its control and bidi characters made visible (``plain_text.say``).

    --user-agent UA        one user agent: the report as text (or --json)
    --user-agents FILE     one user agent a line: one JSON report a line (--json), or a summary
    --log FILE             an nginx/Apache combined access log (gzip too): who is concerned by step 1
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from .batch import Judge, LogSummary, summarise_log, user_agent_line
from .input_file import InputError, InputLines, describe_skipped
from .plain_text import say
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
    long_lines = f", {summary.long_lines:,} too long" if summary.long_lines else ""
    say(title)
    say(
        f"{summary.lines:,} lines, {summary.bad_lines:,} not in combined log format{long_lines} (skipped); "
        f"{summary.requests:,} requests; {summary.robots:,} robots and tools left out"
    )
    about = "" if summary.visitors_exact else " (too many to remember each: later repeat visits counted again)"
    say(
        f"{total:,} visitors (address + user agent){about}. Browser check (FAQ step 1: use the latest Chrome, Firefox or Safari):"
    )
    for status in ("pass", "warn", "fail", "unknown"):
        say(f"  {status_word(status):<22}{_share(summary.verdicts[status], total)}")
    for heading, counts in (("Browsers that fail most", summary.failing), ("Apps' built-in browsers", summary.in_app)):
        say(f"{heading}:")
        for name, count in counts.most_common(TOP) or [("none", 0)]:
            say(f"  {name:<40}{_share(count, total)}")


def _batch(args: argparse.Namespace, judge: Judge) -> int:
    bad = 0
    verdicts: Counter[str] = Counter()
    lines = InputLines(args.user_agents)
    for text in lines:
        user_agent = user_agent_line(text)
        if user_agent is None:
            bad += 1
            continue
        report = judge(user_agent)
        if args.json:
            say(json.dumps(report.to_dict(), ensure_ascii=False))
        verdicts[report.status] += 1
    if not args.json:
        total = sum(verdicts.values())
        for status in ("pass", "warn", "fail", "unknown"):
            say(f"{status_word(status):<22}{_share(verdicts[status], total)}")
    if skipped := describe_skipped(bad + lines.blank, lines.long):
        say(f"diagnose: {args.user_agents}: {skipped}", error=True)
    return 0


def main(argv: list[str] | None = None, *, steps: Any, policy: Policy | None, shop: Shop | None = None) -> int:
    """Run the command; returns the exit code (0 fine, 2 bad arguments or an input file that cannot be read)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed its message already
        return stop.code if isinstance(stop.code, int) else 2
    today = date.today()
    if args.date:
        try:
            today = date.fromisoformat(args.date)
        except ValueError:
            say(f"diagnose: --date must be a day like 2026-11-27, not {args.date!r}", error=True)
            return 2
    judge = Judge(steps=steps, policy=policy, today=today, shop=shop)
    try:
        if args.user_agents is not None:
            return _batch(args, judge)
        if args.log is not None:
            summary = summarise_log(InputLines(args.log), judge, path_prefix=args.path)
            if args.json:
                say(json.dumps(summary.to_dict(), ensure_ascii=False))
            else:
                _print_summary(summary, f"{args.log}, browsers judged on {today.isoformat()}")
            return 0
    except InputError as error:
        say(f"diagnose: {error}", error=True)
        return 2
    report = judge(args.user_agent)
    if args.json:
        say(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        say(report.to_text().removesuffix("\n"))
    return 0
