"""The help center's content: categories and FAQ entries, loaded from `content/`.

`load_help_center(dir)` returns a `HelpCenter` or raises `ContentError` listing
every problem at once (an editor fixes them in one go, not one per build).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from . import history
from .markets import MARKETS_FILE, Markets, load_markets
from .source import Problem, Source, SourceError, parse_yaml, read_yaml
from .translations import SITE_WORDS_FILE, Translations, discover_languages, is_translation, load_translations
from .validate import SLUG, check_browsers_file, check_categories_file, check_entry_file, check_language_ids, check_links
from .vocabulary import SYNONYMS_FILE, Synonyms, check_phrasings, load_synonyms

CATEGORIES_FILE = "categories.yml"
BROWSERS_FILE = "browsers.yml"
ENTRIES_DIR = "faq"


@dataclass(frozen=True)
class Step:
    """One troubleshooting step of an entry; `id` is its stable anchor (#step-ID)."""

    id: str
    title: str
    text: str
    lead: str = ""

    @property
    def anchor(self) -> str:
        return f"step-{self.id}"


@dataclass(frozen=True)
class Entry:
    """One question and its answer, published at /faq/<id>/."""

    id: str
    path: str
    question: str
    category: str
    answer: str
    order: int = 100
    #: Position among the most asked questions (home page, search, 404); None: not among them.
    featured: int | None = None
    updated: str | None = None
    summary: str = ""
    keywords: tuple[str, ...] = ()
    #: Other ways shoppers ask the question: searched, never shown.
    phrasings: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    self_check: bool = False
    former_ids: tuple[str, ...] = ()
    retired: bool = False
    replaced_by: str | None = None

    @property
    def url(self) -> str:
        """Site-relative address that never changes when the entry moves category."""
        return f"faq/{self.id}/"

    @property
    def src_uri(self) -> str:
        return f"faq/{self.id}.md"


@dataclass(frozen=True)
class Category:
    """A group of entries on the home page, with a page of its own at /<id>/."""

    id: str
    title: str
    description: str = ""
    icon: str = ""
    entries: tuple[Entry, ...] = ()

    @property
    def url(self) -> str:
        return f"{self.id}/"

    @property
    def src_uri(self) -> str:
        return f"{self.id}/index.md"


@dataclass(frozen=True)
class HelpCenter:
    """All categories (in home-page order) and entries (by id)."""

    categories: tuple[Category, ...]
    entries: dict[str, Entry] = field(default_factory=dict)
    #: The self-check's browser policy (content/browsers.yml) as plain data; None if absent.
    browsers: dict[str, Any] | None = None
    #: The search's synonym groups (content/synonyms.yml).
    synonyms: Synonyms = ()
    #: The shop's markets without a translation (content/markets.yml), for the search.
    markets: Markets = field(default_factory=dict)
    #: The site's own words in English (content/site.yml; empty: the templates' defaults).
    words: dict[str, str] = field(default_factory=dict)
    #: The translations of every language of the site (content/*.<lang>.yml).
    translations: Translations = field(default_factory=lambda: Translations(()))

    def entry(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def most_asked(self, limit: int = 6) -> list[Entry]:
        """The questions editors marked `featured`, in their order: the home page's "Most asked"."""
        live = [e for c in self.categories for e in c.entries if e.featured is not None]
        return sorted(live, key=lambda e: (e.featured or 0, e.question.lower()))[:limit]

    def troubleshooting_entry(self) -> Entry | None:
        """The entry the checkout self-check follows (the one with `self_check: true`)."""
        return self._troubleshooting

    @cached_property
    def _troubleshooting(self) -> Entry | None:
        # Found once: the build asks for every page, and the search and the self-check ask too.
        return next((e for e in self.entries.values() if e.self_check and e.steps and not e.retired), None)

    def retired(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.retired]

    def redirects(self) -> dict[str, Entry]:
        """Former ids of entries, each with the entry its old address now leads to."""
        return {old: e for e in self.entries.values() for old in e.former_ids}


class ContentError(Exception):
    """The content has problems; `problems` lists each with its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.message))
        count = len(self.problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems) + f"\n{count} problem{'s' if count != 1 else ''} in the help center content."
        )


def _shown(path: Path) -> str:
    """The path as an editor would type it: relative to where they stand if inside it, else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _step(data: dict[str, Any]) -> Step:
    return Step(id=data["id"], title=data["title"], text=data["text"], lead=data.get("lead", ""))


def _entry(entry_id: str, source: Source) -> Entry:
    d = source.data
    return Entry(
        id=entry_id,
        path=source.path,
        question=d["question"].strip(),
        category=d["category"],
        answer=d["answer"],
        order=d.get("order", 100),
        featured=d.get("featured"),
        updated=d.get("updated"),
        summary=d.get("summary", "").strip(),
        keywords=tuple(d.get("keywords", ())),
        phrasings=tuple(d.get("phrasings", ())),
        related=tuple(d.get("related", ())),
        steps=tuple(_step(s) for s in d.get("steps", ())),
        self_check=bool(d.get("self_check", False)),
        former_ids=tuple(d.get("former_ids", ())),
        retired=bool(d.get("retired", False)),
        replaced_by=d.get("replaced_by"),
    )


def entry_files(content_dir: Path) -> list[Path]:
    """The entry files, in a stable order. Other YAML spellings are reported, not skipped."""
    folder = content_dir / ENTRIES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and not is_translation(p))


def _deleted_entries(content_dir: Path, sources: dict[str, Source], ref: str) -> list[Problem]:
    """Entries ever published on `ref` whose file is gone without a forwarding address; under CI, also
    a history that could not be read whole (a shallow clone, a missing branch)."""
    folder = content_dir / ENTRIES_DIR
    if not folder.is_dir():
        return []
    present = {p.stem for p in folder.iterdir()}
    forwarded = {old for s in sources.values() for old in s.data.get("former_ids") or () if isinstance(old, str)}
    published = history.published(folder, ref)
    problems = [Problem(_shown(folder), 1, published.error)] if published.error else []
    return problems + [
        Problem(
            _shown(folder / f"{gone}.yml"),
            1,
            f"deleted, but it was published ({ref}), so links shoppers saved to /faq/{gone}/ would break; "
            f"restore the file with 'retired: true' (and 'replaced_by:'), or add '{gone}' to 'former_ids' "
            "of the entry that replaces it",
        )
        # A translation (id.de.yml) is no address: deleting one breaks no link.
        for gone in sorted(published.ids - present - forwarded)
        if "." not in gone
    ]


def published_note(content_dir: Path | str, ref: str | None = None) -> str:
    """Why deleted entries could not be checked whole, and how to fix it; empty when they were (or when,
    under CI, it is an error that `load_help_center` reports)."""
    folder = Path(content_dir) / ENTRIES_DIR
    return history.published(folder, history.published_ref(ref)).note if folder.is_dir() else ""


def _load_categories(path: Path, problems: list[Problem]) -> Source | None:
    """categories.yml, or None (with the problems added) if it has mistakes."""
    try:
        source = read_yaml(path, _shown(path))
    except SourceError as error:
        problems.append(error.problem)
        return None
    found = check_categories_file(source)
    problems += found
    return None if found else source


def _load_browsers(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """The self-check's browser policy as plain data; None if the file is absent or has mistakes."""
    if not path.exists():
        return None
    try:
        source = read_yaml(path, _shown(path))
    except SourceError as error:
        problems.append(error.problem)
        return None
    found = check_browsers_file(source)
    problems += found
    return None if found else dict(source.data)


def load_help_center(
    content_dir: Path | str,
    *,
    dates_from_git: bool = False,
    published_ref: str | None = None,
    drafts: Mapping[str, str] | None = None,
    languages: tuple[str, ...] | None = None,
) -> HelpCenter:
    """Load and check everything under `content_dir`; raise ContentError on any problem.

    With `dates_from_git`, an entry without `updated` gets the date of its file's last commit.
    `published_ref` is the branch the live site is built from (default: see history.published_ref):
    an entry ever published there must not disappear without a forwarding address.
    `drafts`: entry id -> the text of faq/<id>.yml as an editor has it in the CMS's form, read in
    place of the file (or as a new file), so the form shows what `helpcenter check` would say.
    `languages` are the site's other languages (mkdocs.yml); None: those that have translation files.
    """
    drafts = drafts or {}
    content_dir = Path(content_dir)
    problems: list[Problem] = []
    categories_path = content_dir / CATEGORIES_FILE
    categories_source = _load_categories(categories_path, problems)
    category_rows = list(categories_source.data["categories"]) if categories_source else []
    browsers = _load_browsers(content_dir / BROWSERS_FILE, problems)
    synonyms = load_synonyms(content_dir / SYNONYMS_FILE, _shown(content_dir / SYNONYMS_FILE), problems)

    sources, unreadable = _read_entries(content_dir, drafts, problems)
    if not (content_dir / ENTRIES_DIR).is_dir():
        problems.append(
            Problem(
                _shown(content_dir / ENTRIES_DIR),
                1,
                "the folder of FAQ entries is missing; create it and add entries as <id>.yml",
            )
        )

    problems += _deleted_entries(content_dir, sources, history.published_ref(published_ref))
    category_ids = [row["id"] for row in category_rows]
    problems += check_links(sources, category_ids, categories_path=_shown(categories_path), unreadable=unreadable)
    problems += check_phrasings(sources)
    site_languages = discover_languages(content_dir) if languages is None else languages
    problems += check_language_ids(site_languages, categories_source, sources)
    markets = load_markets(content_dir / MARKETS_FILE, _shown(content_dir / MARKETS_FILE), ("en", *site_languages), problems)
    translations = load_translations(
        content_dir,
        _shown(content_dir),
        site_languages,
        entry_sources=sources,
        categories=categories_source,
        problems=problems,
    )
    if problems:
        raise ContentError(problems)

    entries = {entry_id: _entry(entry_id, source) for entry_id, source in sources.items()}
    if dates_from_git and any(e.updated is None for e in entries.values()):
        dates = history.last_changed(content_dir / ENTRIES_DIR)
        entries = {i: e if e.updated else replace(e, updated=dates.get(f"{i}.yml")) for i, e in entries.items()}
    categories = _categories(category_rows, entries)
    return HelpCenter(
        categories=categories,
        entries=entries,
        browsers=browsers,
        synonyms=synonyms,
        markets=markets,
        words=_site_words(content_dir),
        translations=translations,
    )


def _read_entries(content_dir: Path, drafts: Mapping[str, str], problems: list[Problem]) -> tuple[dict[str, Source], set[str]]:
    """Every entry file (or its draft from the CMS) read and checked on its own; problems go to `problems`."""
    sources: dict[str, Source] = {}
    #: Entries whose file cannot be read: reported once, and links to them are not reported as missing.
    unreadable: set[str] = set()
    shown_folder = _shown(content_dir / ENTRIES_DIR)  # once: resolving thousands of paths is slow
    files = entry_files(content_dir)
    files += sorted(content_dir / ENTRIES_DIR / f"{i}.yml" for i in drafts if content_dir / ENTRIES_DIR / f"{i}.yml" not in files)
    for file in files:
        shown = f"{shown_folder}/{file.name}"
        if file.suffix != ".yml":
            hint = f"rename it to {file.stem}.yml" if file.suffix in (".yaml", ".YML") else "move it out of content/faq/"
            problems.append(Problem(shown, 1, f"not an entry file (entries end in .yml); {hint}"))
            continue
        if not SLUG.match(file.stem):
            slug = re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-") or "my-question"
            problems.append(
                Problem(
                    shown,
                    1,
                    f"the file name is the entry's address and must be lowercase words joined by hyphens; rename it to {slug}.yml",
                )
            )
            continue
        try:
            source = parse_yaml(drafts[file.stem], shown) if file.stem in drafts else read_yaml(file, shown)
        except SourceError as error:
            problems.append(error.problem)
            unreadable.add(file.stem)
            continue
        problems += check_entry_file(source)
        if isinstance(source.data, dict):
            sources[file.stem] = source
        else:
            unreadable.add(file.stem)
    return sources, unreadable


def _categories(rows: list[dict[str, Any]], entries: dict[str, Entry]) -> tuple[Category, ...]:
    """The categories in home-page order, each with its live entries in their order."""
    by_category: dict[str, list[Entry]] = {row["id"]: [] for row in rows}
    for entry in entries.values():
        if not entry.retired:  # a retired entry keeps its address but leaves the lists
            by_category[entry.category].append(entry)
    return tuple(
        Category(
            id=row["id"],
            title=row["title"],
            description=row.get("description", ""),
            icon=row.get("icon", ""),
            entries=tuple(sorted(by_category[row["id"]], key=lambda e: (e.order, e.question.lower()))),
        )
        for row in rows
    )


def empty_help_center() -> HelpCenter:
    """A help center with no entries but the project's own words for the pages around them: what the
    preview shows, with the problems, when content that never loaded cannot be read."""
    try:
        return HelpCenter(categories=(), words=_site_words(Path("/nonexistent")))
    except SourceError:
        return HelpCenter(categories=())


def _site_words(content_dir: Path) -> dict[str, str]:
    """The site's English words: the content's site.yml over the project's own (for a content folder without
    site.yml, or without a word it needs)."""
    own = Path(__file__).resolve().parents[2] / "content" / SITE_WORDS_FILE
    words = dict(read_yaml(own).data["words"]) if own.is_file() else {}
    file = content_dir / SITE_WORDS_FILE
    return {**words, **(read_yaml(file).data["words"] if file.exists() else {})}


def check_content(
    content_dir: Path | str, *, published_ref: str | None = None, drafts: Mapping[str, str] | None = None
) -> list[Problem]:
    """Every problem in the content (with `drafts`, see load_help_center), or an empty list."""
    try:
        load_help_center(content_dir, published_ref=published_ref, drafts=drafts)
    except ContentError as error:
        return error.problems
    return []


def shown_path(path: Path) -> str:
    """A content file's path as every message shows it (the build guard names files the same way)."""
    return _shown(path)
