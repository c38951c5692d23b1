"""Translations of the content: one file beside each source file, `<name>.<lang>.yml`.

`content/faq/use-discount-code.de.yml` translates `content/faq/use-discount-code.yml` into German,
`content/categories.fr.yml` the categories into French, `content/site.de.yml` the site's own words.
A translation carries only the words shoppers read (question, summary, answer, steps, phrasings;
a category's title and description; the site's words); ids, categories, related entries and dates
stay in the source, so they can never disagree.

Each translation records what it translates: `source:` maps every translated field to a short hash
of the English text it was made from, written by `helpcenter translate done` (never by hand). A
field whose English text no longer has that hash changed since: the translation is *stale*, and the
checker names the field and its English line. A field of the source the translation lacks is
*untranslated*. Synonyms files (`synonyms.<lang>.yml`) are each language's own vocabulary, not a
translation of the English groups, so they carry no `source:`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .source import Problem, Source, SourceError, read_yaml
from .validate import check_schema, check_translated_texts

#: A language code as the file names and addresses use it: `de`, `fr`, `pt-br`.
LANGUAGE = re.compile(r"^[a-z]{2}(-[a-z]{2})?$")
#: `<name>.<lang>.yml`: the language is the part between the last two dots.
TRANSLATION_FILE = re.compile(r"^(?P<name>[^.]+)\.(?P<lang>[a-z]{2}(?:-[a-z]{2})?)\.yml$")
SITE_WORDS_FILE = "site.yml"

#: Language names in their own language, for messages and the language switcher.
NATIVE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
}
ENGLISH_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
}

Where = tuple[str | int, ...]


def language_name(code: str) -> str:
    """`German (de)`: how messages name a language."""
    return f"{ENGLISH_NAMES.get(code, code)} ({code})"


def text_hash(text: str) -> str:
    """The short hash recorded for one English text; trailing spaces and newlines do not count."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Field:
    """One translatable text of a source file: its key in `source:`, where it stands in each file."""

    key: str
    source_where: Where
    translation_where: Where
    text: str


def entry_fields(data: Any) -> list[Field]:
    """The texts of an FAQ entry a translation translates, in the order of the file."""
    if not isinstance(data, dict):
        return []
    fields = [
        Field(name, (name,), (name,), data[name]) for name in ("question", "summary", "answer") if isinstance(data.get(name), str)
    ]
    for index, step in enumerate(data.get("steps") or []):
        if not isinstance(step, dict) or not isinstance(step.get("id"), str):
            continue
        fields += [
            Field(f"steps.{step['id']}.{part}", ("steps", index, part), ("steps", step["id"], part), step[part])
            for part in ("lead", "title", "text")
            if isinstance(step.get(part), str)
        ]
    return fields


def category_fields(data: Any) -> list[Field]:
    """The titles and descriptions of categories.yml."""
    rows = data.get("categories") if isinstance(data, dict) else None
    fields = []
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            fields += [
                Field(f"{row['id']}.{part}", ("categories", index, part), ("categories", row["id"], part), row[part])
                for part in ("title", "description")
                if isinstance(row.get(part), str)
            ]
    return fields


def _keyed_fields(data: Any, section: str) -> list[Field]:
    texts = data.get(section) if isinstance(data, dict) else None
    return [
        Field(key, (section, key), (section, key), text)
        for key, text in (texts.items() if isinstance(texts, dict) else [])
        if isinstance(text, str)
    ]


def word_fields(data: Any) -> list[Field]:
    """The site's words (site.yml): every text under `words:`."""
    return _keyed_fields(data, "words")


def self_check_fields(data: Any) -> list[Field]:
    """The self-check's sentences (self-check.yml): every text under `texts:`."""
    return _keyed_fields(data, "texts")


@dataclass(frozen=True)
class Kind:
    """A kind of translatable file: its schema and how to list its fields."""

    schema: str
    fields: Callable[[Any], list[Field]]


KINDS = {
    "entry": Kind("entry.translation.schema.json", entry_fields),
    "categories": Kind("categories.translation.schema.json", category_fields),
    "site": Kind("site.translation.schema.json", word_fields),
    "self-check": Kind("self-check.translation.schema.json", self_check_fields),
}
#: The files translated as a whole (not entries): kind -> (file, its schema, the section holding the texts).
SINGLE_SOURCES = {
    "site": (SITE_WORDS_FILE, "site.schema.json", "words"),
    "self-check": ("self-check.yml", "self-check.schema.json", "texts"),
}


def _value(data: Any, where: tuple[Any, ...]) -> Any:
    """The value at `where` in plain data, or None where the path leads nowhere."""
    for part in where:
        if not isinstance(data, (dict, list)):
            return None
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@dataclass(frozen=True)
class Translation:
    """One translation file, checked against its source."""

    lang: str
    kind: str
    path: str
    source_path: str
    data: dict[str, Any]
    reviewed: bool
    #: Fields whose English text changed since the translation was made, with the English line.
    changed: tuple[tuple[str, int], ...] = ()
    #: Fields of the source the translation lacks (never translated), with the English line.
    untranslated: tuple[tuple[str, int], ...] = ()
    #: Fields the translation has that the source no longer has.
    removed: tuple[str, ...] = ()
    line: int = 1
    #: Fields translated but never recorded by `helpcenter translate done` (a new translation).
    unconfirmed: tuple[tuple[str, int], ...] = ()

    @property
    def stale(self) -> bool:
        return bool(self.changed or self.untranslated or self.removed or self.unconfirmed)

    def text(self, where: Where) -> Any:
        return _value(self.data, where)


def compare(kind: str, lang: str, source: Source, translation: Source) -> Translation:
    """What of `source` the translation covers, and what changed since it was made."""
    fields = KINDS[kind].fields(source.data)
    recorded = translation.data.get("source") if isinstance(translation.data.get("source"), dict) else {}
    changed, untranslated, unconfirmed = [], [], []
    for item in fields:
        line = source.line_of(item.source_where)
        if _value(translation.data, item.translation_where) is None:
            untranslated.append((item.key, line))
        elif item.key not in recorded:
            unconfirmed.append((item.key, line))
        elif recorded[item.key] != text_hash(item.text):
            changed.append((item.key, line))
    keys = {item.key for item in fields}
    removed = tuple(key for key in recorded if key not in keys)
    return Translation(
        lang,
        kind,
        translation.path,
        source.path,
        translation.data,
        bool(translation.data.get("reviewed", False)),
        tuple(changed),
        tuple(untranslated),
        removed,
        translation.line_of(("source",)),
        tuple(unconfirmed),
    )


def check_translation_file(kind: str, source: Source | None, translation: Source) -> list[Problem]:
    """Problems of one translation file: its schema, a source that is gone, texts the source does not have."""
    problems = check_schema(translation, KINDS[kind].schema)
    if problems:
        return problems
    if source is None:
        name = Path(translation.path).name
        match = TRANSLATION_FILE.match(name)
        original = f"{match['name']}.yml" if match else name
        return [
            Problem(
                translation.path,
                1,
                f"translates {original}, which does not exist; delete this file, or rename it after the file it translates",
            )
        ]
    data = translation.data
    if kind == "entry":
        step_ids = {s.get("id") for s in source.data.get("steps") or [] if isinstance(s, dict)}
        problems += [
            Problem(
                translation.path,
                translation.line_of(("steps", step)),
                f"step '{step}' is not a step of {source.path}; its steps are: {', '.join(sorted(map(str, step_ids))) or 'none'}",
            )
            for step in (data.get("steps") or {})
            if step not in step_ids
        ]
    if kind == "categories":
        ids = {row.get("id") for row in source.data.get("categories") or [] if isinstance(row, dict)}
        problems += [
            Problem(
                translation.path,
                translation.line_of(("categories", cid)),
                f"category '{cid}' is not in {source.path}; remove it here",
            )
            for cid in (data.get("categories") or {})
            if cid not in ids
        ]
    if kind in SINGLE_SOURCES:
        section = SINGLE_SOURCES[kind][2]
        words = set((source.data.get(section) or {}) if isinstance(source.data, dict) else ())
        problems += [
            Problem(
                translation.path,
                translation.line_of((section, key)),
                f"'{key}' is not one of the texts of {source.path}; remove it here",
            )
            for key in (data.get(section) or {})
            if key not in words
        ]
    return problems


@dataclass
class Translations:
    """Every translation found under `content/`, by language; what is missing; the problems."""

    languages: tuple[str, ...]
    #: (lang, kind, name) -> Translation; name is the entry id, or "categories" / "site".
    found: dict[tuple[str, str, str], Translation] = field(default_factory=dict)
    #: (lang, kind, name, source path) of every source without a translation in that language.
    missing: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: The languages' own synonym groups.
    synonyms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    #: The English texts of the files translated as a whole, by kind ("site", "self-check").
    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, lang: str, kind: str, name: str) -> Translation | None:
        return self.found.get((lang, kind, name))

    def of_language(self, lang: str) -> list[Translation]:
        return [t for (code, _, _), t in sorted(self.found.items()) if code == lang]


def translation_files(folder: Path) -> dict[str, list[tuple[str, Path]]]:
    """`name -> [(lang, file)]` of the translation files in a folder."""
    found: dict[str, list[tuple[str, Path]]] = {}
    if folder.is_dir():
        for file in sorted(folder.iterdir()):
            if match := TRANSLATION_FILE.match(file.name):
                found.setdefault(match["name"], []).append((match["lang"], file))
    return found


def is_translation(file: Path) -> bool:
    return TRANSLATION_FILE.match(file.name) is not None


def discover_languages(content_dir: Path) -> tuple[str, ...]:
    """The languages that have at least one translation file (when mkdocs.yml does not say)."""
    codes = {
        lang for folder in (content_dir, content_dir / "faq") for files in translation_files(folder).values() for lang, _ in files
    }
    return tuple(sorted(codes - {"en"}))


def _read(file: Path, shown: str, problems: list[Problem]) -> Source | None:
    try:
        return read_yaml(file, shown)
    except SourceError as error:
        problems.append(error.problem)
        return None


def load_translations(
    content_dir: Path,
    shown_dir: str,
    languages: tuple[str, ...],
    *,
    entry_sources: dict[str, Source],
    categories: Source | None,
    problems: list[Problem],
) -> Translations:
    """Read and check every translation; problems are added to `problems`."""
    from .vocabulary import check_synonyms_file  # vocabulary imports validate: import it late

    result = Translations(languages)
    attempted: set[tuple[str, str, str]] = set()  # a translation with problems is not also "missing"
    sources: dict[tuple[str, str], Source | None] = {("entry", i): s for i, s in entry_sources.items()}
    sources[("categories", "categories")] = categories
    for kind, (name, schema, _) in SINGLE_SOURCES.items():
        file = content_dir / name
        source = _read(file, str(Path(shown_dir) / name), problems) if file.exists() else None
        found = check_schema(source, schema) if source is not None else []
        problems += found
        sources[(kind, kind)] = None if found else source
        if source is not None and not found:
            result.sources[kind] = dict(source.data[SINGLE_SOURCES[kind][2]])
    entry_ids = set(entry_sources)  # one set for every translation's check (a deferred check pickles it once)
    places = [("faq", "entry", content_dir / "faq", str(Path(shown_dir) / "faq")), ("", "", content_dir, shown_dir)]
    for _, default_kind, folder, shown_folder in places:
        for name, files in translation_files(folder).items():
            kind = default_kind or {
                "categories": "categories",
                "site": "site",
                "self-check": "self-check",
                "synonyms": "synonyms",
            }.get(name, "")
            for lang, file in files:
                shown = str(Path(shown_folder) / file.name)
                if not kind:
                    problems.append(
                        Problem(
                            shown,
                            1,
                            f"not a file the help center translates ({name}.yml); "
                            "translations are faq/<id>.<lang>.yml, categories.<lang>.yml, "
                            "site.<lang>.yml, self-check.<lang>.yml and synonyms.<lang>.yml",
                        )
                    )
                    continue
                if lang not in languages:
                    known = ", ".join(languages) or "none yet"
                    problems.append(
                        Problem(
                            shown,
                            1,
                            f"'{lang}' is not a language of the site (languages: {known}); "
                            "add it under 'languages:' of the helpcenter plugin in mkdocs.yml, or rename the file",
                        )
                    )
                    continue
                attempted.add((lang, kind, name))
                translation = _read(file, shown, problems)
                if translation is None:
                    continue
                if kind == "synonyms":
                    found = check_synonyms_file(translation)
                    problems += found
                    if not found:
                        result.synonyms[lang] = tuple(tuple(g) for g in translation.data["synonyms"])
                    continue
                source = sources.get((kind, name))
                found = check_translation_file(kind, source, translation)
                problems += found
                if kind == "entry" and not found:
                    found = check_translated_texts(translation, entry_ids)
                    problems += found
                if not found and source is not None:
                    result.found[(lang, kind, name)] = compare(kind, lang, source, translation)
    for lang in languages:
        for (kind, name), source in sorted(sources.items(), key=lambda item: (item[0][0] != "entry", item[0])):
            if source is None or (lang, kind, name) in attempted:
                continue
            if kind == "entry" and source.data.get("retired"):
                continue
            result.missing.append((lang, kind, name, source.path))
    return result
