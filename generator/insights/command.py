"""`helpcenter insights LOG...`: read the signal logs in one pass, print the report, write it as a page."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from generator.content.entries import ContentError, HelpCenter, load_help_center

from . import page, report, text
from .logs import LogError, lines
from .signals import FORMATS
from .tally import Tally
from .words import WordsError

LOCAL_ADMIN = "http://127.0.0.1:8000/admin/"
HELP = (
    "Read the signal logs (plain or gzip) in one pass and report the searches with no answer or no click, "
    "answers by helpful rate, self-check problems by check and browser, the most read answers and those nobody "
    "opened. Formats read, line by line: " + "; ".join(FORMATS) + "."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's own arguments; generator/cli.py adds ``--content`` and ``--config-file``, as for every command."""
    parser.add_argument("logs", nargs="+", metavar="LOG", type=Path, help="signal logs, plain or .gz")
    parser.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD", help="first day counted")
    parser.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD", help="last day counted")
    parser.add_argument("--json", action="store_true", help="print the report as JSON, for tools")
    parser.add_argument("--html", type=Path, metavar="DIR", help="also write DIR/index.html, a page to open from disk")
    parser.add_argument("--top", type=int, default=20, metavar="N", help="rows in each list (default 20)")
    parser.add_argument(
        "--admin",
        metavar="URL",
        default=None,
        help=f"the editor the 'new entry' links open (default: the live site's /admin/ when it has a "
        f"CMS backend, else make serve's {LOCAL_ADMIN})",
    )


def tally(paths: Iterable[Path], center: HelpCenter, *, since: date | None = None, until: date | None = None) -> Tally:
    """Every line of every log, counted; LogError on the first file that cannot be read."""
    counts = Tally(known=report.known_ids(center), since=since, until=until)
    for path in paths:
        for line in lines(path):
            counts.line(line)
    return counts


def _check_titles() -> dict[str, str]:
    from diagnostics.registry import CHECKS

    return {check.id: check.title for check in CHECKS}


def main(args: argparse.Namespace, *, admin_url: str, content_dir: Path) -> int:
    """Run the command with the site's settings (generator/cli.py reads them from mkdocs.yml)."""
    if args.since and args.until and args.since > args.until:
        print("insights: --since is after --until; swap them", file=sys.stderr)
        return 2
    try:
        center = load_help_center(content_dir)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        counts = tally(args.logs, center, since=args.since, until=args.until)
    except LogError as error:
        print(f"insights: {error}", file=sys.stderr)
        return 2
    try:
        result = report.build(counts, center, admin_url=admin_url, top=max(1, args.top), check_titles=_check_titles())
    except WordsError as error:
        print(f"insights: {error}", file=sys.stderr)
        return 2
    if args.html:
        try:
            written = page.write(result, args.html)
        except page.PageError as error:
            print(f"insights: {error}", file=sys.stderr)
            return 2
        print(f"insights: wrote {written}", file=sys.stderr)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else text.render(result))
    return 0
