"""`helpcenter`: the command editors and support staff use.

    helpcenter check [--content DIR]       every problem in the content, as path:line: message
    helpcenter new "Question?" --category ID   start a new entry file
    helpcenter diagnose --user-agent UA    the self-check's rules on a pasted user agent
    helpcenter diagnose --user-agents FILE --json | --log FILE   many at once (see diagnose --help)
    helpcenter search "my ring broke"      how the site's search ranks the answers for these words

Problems are reported in words, never as a traceback; everything printed goes through
``diagnostics.plain_text.say``, so a control or bidi character from the content or the input
shows as ``\\x1b`` or ``\\u202e`` instead of acting on the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from diagnostics.plain_text import say

from .content.entries import ContentError, load_help_center, published_note


def _check(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        say(f"{content}: no such folder; run this in the help center's repository or pass --content DIR", error=True)
        return 2
    if note := published_note(content, args.published_ref):
        say(f"note: {note}", error=True)
    try:
        center = load_help_center(content, published_ref=args.published_ref)
    except ContentError as error:
        say(str(error), error=True)
        return 1
    count = len(center.entries)
    say(f"OK: {count} entr{'y' if count == 1 else 'ies'} in {len(center.categories)} categories, no problems.")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .content.new_entry import new_entry

    try:
        path = new_entry(Path(args.content), args.question, args.category)
    except ValueError as error:
        say(f"helpcenter new: {error}", error=True)
        return 1
    say(f"Created {path}. Write the answer there (it replaces the TODO line), then run: make check")
    return 0


@dataclass(frozen=True)
class SiteConfig:
    """What the commands take from mkdocs.yml: the same values the site is built with."""

    site_url: str
    shop: dict[str, str]
    """``{"name", "url", "support_email"}``: the shop block."""
    content_dir: str
    self_check: bool


def _site_config(path: Path) -> SiteConfig:
    """The site's settings from its mkdocs.yml (``--config-file``)."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_config(str(path))
    except (Abort, ConfigurationError, OSError) as error:
        raise ValueError(f"{path}: cannot read the site's configuration: {error}") from None
    plugin = config.plugins.get("helpcenter")
    if plugin is None:
        raise ValueError(f"{path}: the helpcenter plugin is not configured")
    options = plugin.config
    shop = {"name": options.shop.name, "url": options.shop.url, "support_email": options.shop.support_email}
    return SiteConfig(config.site_url or "", shop, str(path.resolve().parent / options.content_dir), options.self_check)


def _diagnose(args: argparse.Namespace, rest: list[str]) -> int:
    from diagnostics import Policy, Shop
    from diagnostics import cli as diagnose_cli

    try:
        site = _site_config(Path(args.config_file))
    except ValueError as error:
        say(str(error), error=True)
        return 1
    content = Path(args.content or site.content_dir)
    try:
        center = load_help_center(content)
    except ContentError as error:
        say(str(error), error=True)
        return 1
    entry = center.troubleshooting_entry()
    steps = []
    if entry is not None:
        steps = [{"id": s.id, "title": s.title, "url": f"{site.site_url}{entry.url}#{s.anchor}"} for s in entry.steps]
    if center.browsers is None:
        say(f"{content / 'browsers.yml'}: missing; the self-check needs it to judge browser versions", error=True)
        return 1
    return diagnose_cli.main(rest, steps=steps, policy=Policy.from_dict(center.browsers), shop=Shop.from_dict(site.shop))


def _search(args: argparse.Namespace) -> int:
    from .search.index import SearchError, explain, index_data, run_engine

    try:
        site = _site_config(Path(args.config_file))
        center = load_help_center(Path(args.content or site.content_dir))
    except (ValueError, ContentError) as error:
        say(str(error), error=True)
        return 1
    try:
        [answer] = run_engine(index_data(center, self_check=site.self_check), [args.words], limit=args.limit)
    except SearchError as error:
        say(f"helpcenter search: {error}", error=True)
        return 1
    say(json.dumps(answer, indent=2, ensure_ascii=False) if args.json else explain(answer))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcenter", description="The help center's tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check the FAQ content for mistakes")
    check.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    check.add_argument("--published-ref", metavar="BRANCH", default=None,
                       help="the branch the live site is built from, whose entries must not disappear "
                            "(default: $HELPCENTER_PUBLISHED_REF or origin/main)")
    new = commands.add_parser("new", help="start a new FAQ entry file")
    new.add_argument("question", help='the question, in quotes: "Can you wrap my order as a gift?"')
    new.add_argument("--category", required=True, metavar="ID", help="id of a category in content/categories.yml")
    new.add_argument("--content", default="content", metavar="DIR", help="content folder (default: content)")
    diagnose = commands.add_parser("diagnose", add_help=False,
                                   help="run the checkout self-check's rules on user agents or a log (see diagnose --help)")
    diagnose.add_argument("--content", default=None, metavar="DIR", help="content folder (default: the site's)")
    diagnose.add_argument("--config-file", default="mkdocs.yml", metavar="FILE",
                          help="the site's mkdocs.yml (site_url, support_email; default: mkdocs.yml)")
    search = commands.add_parser("search", help="how the site's search ranks the answers for some words")
    search.add_argument("words", help='what a shopper types, in quotes: "my ring broke"')
    search.add_argument("--limit", type=int, default=5, metavar="N", help="answers to show (default 5)")
    search.add_argument("--json", action="store_true", help="the engine's whole answer, as JSON")
    search.add_argument("--content", default=None, metavar="DIR", help="content folder (default: the site's)")
    search.add_argument("--config-file", default="mkdocs.yml", metavar="FILE",
                        help="the site's mkdocs.yml (content folder, self-check, support address; default: mkdocs.yml)")
    args, rest = parser.parse_known_args(argv)
    if args.command == "diagnose":
        return _diagnose(args, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    commands_by_name = {"new": _new, "check": _check, "search": _search}
    return commands_by_name[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
