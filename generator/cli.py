"""`helpcenter`: the command editors and support staff use.

    helpcenter check [--content DIR]       every problem in the content, as path:line: message
    helpcenter new "Question?" --category ID   start a new entry file
    helpcenter diagnose --user-agent UA    the self-check's rules on a pasted user agent
    helpcenter diagnose --user-agents FILE --json | --log FILE   many at once (see diagnose --help)
    helpcenter search "my ring broke"      how the site's search ranks the answers for these words
    helpcenter browsers update             the self-check's known browser releases, from MDN's data
    helpcenter translate status            per language: translations up to date, stale, missing
    helpcenter translate start|done LANG ID   start a translation / record that it matches the English
    helpcenter insights LOG...             what shoppers missed: failed searches, helpful votes, self-check outcomes

Problems are reported in words, never as a traceback; everything printed goes through
``diagnostics.plain_text.say``, so a control or bidi character from the content or the input
shows as ``\\x1b`` or ``\\u202e`` instead of acting on the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from diagnostics.plain_text import say

from .content.browser_releases import COMPAT_DATA
from .content.entries import BROWSERS_FILE, ContentError, load_help_center, published_note


def _languages(config_file: str) -> tuple[str, ...] | None:
    """The site's languages from mkdocs.yml (None when there is none: the content's translation files say)."""
    path = Path(config_file)
    if not path.is_file():
        return None
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml has !ENV and !!python/name tags; only the plugin's plain options are needed here.
    _Loader.add_multi_constructor("", lambda _loader, _suffix, _node: None)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, yaml.YAMLError):
        return None
    for plugin in (config or {}).get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("helpcenter"), dict):
            languages = plugin["helpcenter"].get("languages") or {}
            return tuple(str(code) for code in languages) if isinstance(languages, dict) else None
    return None


def _check(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        say(f"{content}: no such folder; run this in the help center's repository or pass --content DIR", error=True)
        return 2
    if note := published_note(content, args.published_ref):
        say(f"note: {note}", error=True)
    try:
        center = load_help_center(content, published_ref=args.published_ref, languages=_languages(args.config_file))
    except ContentError as error:
        say(str(error), error=True)
        return 1
    count = len(center.entries)
    say(f"OK: {count} entr{'y' if count == 1 else 'ies'} in {len(center.categories)} categories, no problems.")
    if center.browsers is not None:
        # Old release data is a warning, never a failure: time passing must not break a build.
        from diagnostics import Policy

        for warning in Policy.from_dict(center.browsers).staleness(date.today(), str(content / BROWSERS_FILE)):
            say(f"warning: {warning}", error=True)

    from .content.translate import findings

    # Missing and stale translations do not fail the check: English comes first, translations follow.
    if lines := findings(center.translations):
        say(f"Translations to do ({len(lines)}; `helpcenter translate status` for a summary):")
        say("\n".join(lines))
    return 0


def _browsers(args: argparse.Namespace) -> int:
    from .content.browser_releases import UpdateError, describe, read_compat_data, update_browsers_file

    path = Path(args.content) / BROWSERS_FILE
    try:
        compat = read_compat_data(Path(args.compat_data))
        update = update_browsers_file(path, compat)
    except UpdateError as error:
        say(f"helpcenter browsers update: {error}", error=True)
        return 1
    say(describe(update, compat, path))
    return 0


def _translate(args: argparse.Namespace) -> int:
    from .content import translate

    content = Path(args.content)
    try:
        center = load_help_center(content, languages=_languages(args.config_file))
    except ContentError as error:
        say(str(error), error=True)
        return 1
    try:
        if args.action == "status":
            say(translate.status_table(center.translations))
        elif args.action == "start":
            path = translate.start(content, center, args.lang, args.name)
            say(f"Created {path}: translate the English texts there, then run: helpcenter translate done {args.lang} {args.name}")
        else:
            path, fields = translate.done(content, center, args.lang, args.name)
            say(f"{path}: recorded as the translation of today's English {', '.join(fields)}.")
    except translate.TranslateError as error:
        say(f"helpcenter translate: {error}", error=True)
        return 1
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
    cms_backend: bool = False
    """Whether the live site has an editor at /admin/ (a Git backend for Decap)."""


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
    return SiteConfig(
        config.site_url or "",
        shop,
        str(path.resolve().parent / options.content_dir),
        options.self_check,
        bool(options.cms_backend),
    )


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
    from .content.localize import ENGLISH, english, localize
    from .search.index import SearchError, explain, index_data, run_engines

    try:
        site = _site_config(Path(args.config_file))
        center = load_help_center(Path(args.content or site.content_dir), languages=_languages(args.config_file))
    except (ValueError, ContentError) as error:
        say(str(error), error=True)
        return 1
    codes = (ENGLISH, *center.translations.languages)
    if args.lang not in codes:
        say(f"helpcenter search: '{args.lang}' is not a language of the site ({', '.join(codes)})", error=True)
        return 1
    localized = {ENGLISH: (center, english(center))} | {code: localize(center, code) for code in codes[1:]}
    indexes = {code: index_data(c, self_check=True, language=lang) for code, (c, lang) in localized.items()}
    try:
        [answer] = run_engines(indexes, [args.words], page=args.lang, limit=args.limit)
    except SearchError as error:
        say(f"helpcenter search: {error}", error=True)
        return 1
    say(json.dumps(answer, indent=2, ensure_ascii=False) if args.json else explain(answer))
    return 0


def _insights(args: argparse.Namespace) -> int:
    from .insights import command as insights

    try:
        site = _site_config(Path(args.config_file))
    except ValueError as error:
        print(f"insights: {error}", file=sys.stderr)
        return 2
    # New entries open in the live site's editor when it has one, else in `make serve`'s.
    admin = f"{site.site_url}admin/" if site.cms_backend and site.site_url else insights.LOCAL_ADMIN
    return insights.main(args, admin_url=args.admin or admin, content_dir=Path(args.content or site.content_dir))


def _content_argument(parser: argparse.ArgumentParser, default: str | None) -> None:
    """``--content DIR``; None: the one the site's mkdocs.yml names."""
    shown = default or "the site's"
    parser.add_argument("--content", default=default, metavar="DIR", help=f"content folder (default: {shown})")


def _site_arguments(parser: argparse.ArgumentParser, *, content: str | None, config_for: str) -> None:
    """``--content`` and ``--config-file``, alike for every command that reads the site."""
    _content_argument(parser, content)
    parser.add_argument(
        "--config-file",
        default="mkdocs.yml",
        metavar="FILE",
        help=f"the site's mkdocs.yml, for {config_for} (default: mkdocs.yml)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="helpcenter", description="The help center's tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check the FAQ content for mistakes")
    _site_arguments(check, content="content", config_for="its languages")
    check.add_argument(
        "--published-ref",
        metavar="BRANCH",
        default=None,
        help="the branch the live site is built from, whose entries must not disappear "
        "(default: $HELPCENTER_PUBLISHED_REF or origin/main)",
    )
    new = commands.add_parser("new", help="start a new FAQ entry file")
    new.add_argument("question", help='the question, in quotes: "Can you wrap my order as a gift?"')
    new.add_argument("--category", required=True, metavar="ID", help="id of a category in content/categories.yml")
    _content_argument(new, "content")
    diagnose = commands.add_parser(
        "diagnose", add_help=False, help="run the checkout self-check's rules on user agents or a log (see diagnose --help)"
    )
    _site_arguments(diagnose, content=None, config_for="its content folder, site_url and shop")
    search = commands.add_parser("search", help="how the site's search ranks the answers for some words")
    search.add_argument("words", help='what a shopper types, in quotes: "my ring broke"')
    search.add_argument("--limit", type=int, default=5, metavar="N", help="answers to show (default 5)")
    search.add_argument("--json", action="store_true", help="the engine's whole answer, as JSON")
    _site_arguments(search, content=None, config_for="its content folder and languages")
    search.add_argument(
        "--lang",
        default="en",
        metavar="CODE",
        help="the language of the page searched from (default en); a query in another of the "
        "site's languages is answered from that language, as on the site",
    )
    translate = commands.add_parser("translate", help="translations: status, start one, mark one done")
    translate.add_argument(
        "action",
        choices=("status", "start", "done"),
        help="status: a table per language; start: a new translation file; "
        "done: record that a translation matches today's English text",
    )
    translate.add_argument("lang", nargs="?", help="the language, e.g. de (start, done)")
    translate.add_argument("name", nargs="?", help="an entry id, or 'categories', 'site' or 'self-check' (start, done)")
    _site_arguments(translate, content="content", config_for="its languages")
    from .insights import command as insights

    insights_parser = commands.add_parser(
        "insights", help="what shoppers missed, from the signal logs", description=insights.HELP
    )
    insights.add_arguments(insights_parser)
    _site_arguments(insights_parser, content=None, config_for="its content folder and site_url")
    browsers = commands.add_parser("browsers", help="the self-check's browser data (content/browsers.yml)")
    browsers_commands = browsers.add_subparsers(dest="action", required=True, metavar="ACTION")
    update = browsers_commands.add_parser(
        "update", help="add the newest releases of Chrome, Firefox and Safari from @mdn/browser-compat-data"
    )
    _content_argument(update, "content")
    update.add_argument(
        "--compat-data",
        default=str(COMPAT_DATA),
        metavar="FILE",
        help=f"MDN's data.json (default: {COMPAT_DATA}, the version package-lock.json pins)",
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "translate" and args.action != "status" and not (args.lang and args.name):
        parser.error(f"translate {args.action} needs a language and an entry id: helpcenter translate {args.action} de ENTRY-ID")
    if args.command == "diagnose":
        return _diagnose(args, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    commands_by_name = {
        "new": _new,
        "check": _check,
        "search": _search,
        "insights": _insights,
        "translate": _translate,
        "browsers": _browsers,
    }
    return commands_by_name[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
