"""`helpcenter translate`: start a translation, mark it done, and see where every language stands.

    helpcenter translate status           a table: per language, up to date / stale / missing
    helpcenter translate start de ID      write content/faq/ID.de.yml with the English text to translate
    helpcenter translate done de ID       record that the translation matches today's English text

`done` is the only writer of a translation's `source:` block (the hashes of the English texts it
translates, see translations.py): it rewrites that block and nothing else of the file, and only
after reading the whole file, so the translator's wording, comments and layout stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .entries import ENTRIES_DIR, HelpCenter
from .source import Source, SourceError, parse_yaml, read_yaml
from .translations import (
    KINDS,
    SITE_WORDS_FILE,
    Translation,
    Translations,
    compare,
    entry_fields,
    language_name,
    text_hash,
)

SINGLE_FILES = {"categories": "categories.yml", "site": SITE_WORDS_FILE, "self-check": "self-check.yml"}


class TranslateError(Exception):
    """A translate command cannot do what was asked; the message says why and what to do."""


def _fields_text(keys: list[str], source_path: str, lines: dict[str, int]) -> str:
    return ", ".join(f"'{key}' ({source_path}:{lines[key]})" for key in keys)


def _name(translation: Translation) -> str:
    return Path(translation.source_path).stem


def stale_message(t: Translation) -> str:
    """`path:line: ...` for a translation that fell behind its English source."""
    what = []
    lines = dict(t.changed + t.untranslated + t.unconfirmed)
    if t.unconfirmed:
        what.append(
            f"{_fields_text([k for k, _ in t.unconfirmed], t.source_path, lines)} "
            f"{'is' if len(t.unconfirmed) == 1 else 'are'} not marked as translated"
        )
    if t.changed:
        what.append(
            f"the English {_fields_text([k for k, _ in t.changed], t.source_path, lines)} changed since it was translated"
        )
    if t.untranslated:
        what.append(
            f"{_fields_text([k for k, _ in t.untranslated], t.source_path, lines)} "
            f"{'is' if len(t.untranslated) == 1 else 'are'} not translated yet"
        )
    if t.removed:
        what.append(
            f"{', '.join(repr(k) for k in t.removed)} {'is' if len(t.removed) == 1 else 'are'} no longer in the English file"
        )
    return (
        f"{t.path}:{t.line}: stale {language_name(t.lang)} translation: {'; '.join(what)}; "
        f"update it, then run: helpcenter translate done {t.lang} {_name(t)}"
    )


def findings(translations: Translations) -> list[str]:
    """What `helpcenter check` lists: every missing translation per language, then every stale one."""
    lines = []
    for lang in translations.languages:
        for code, kind, name, source_path in translations.missing:
            if code == lang:
                what = f"{name}" if kind == "entry" else kind
                lines.append(
                    f"{source_path}:1: no {language_name(lang)} translation yet; run: helpcenter translate start {lang} {what}"
                )
        lines += [stale_message(t) for t in translations.of_language(lang) if t.stale]
    return lines


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    up_to_date: int
    stale: int
    missing: int
    unreviewed: int


def status(translations: Translations) -> list[LanguageStatus]:
    rows = []
    for lang in translations.languages:
        found = translations.of_language(lang)
        rows.append(
            LanguageStatus(
                lang,
                up_to_date=sum(1 for t in found if not t.stale),
                stale=sum(1 for t in found if t.stale),
                missing=sum(1 for m in translations.missing if m[0] == lang),
                unreviewed=sum(1 for t in found if not t.reviewed),
            )
        )
    return rows


def status_table(translations: Translations) -> str:
    """The table `helpcenter translate status` prints, then what to do for each file behind."""
    header = ("language", "up to date", "stale", "missing", "not reviewed")
    rows = [
        (language_name(s.lang), str(s.up_to_date), str(s.stale), str(s.missing), str(s.unreviewed)) for s in status(translations)
    ]
    if not rows:
        return "No languages besides English (add them under 'languages:' of the helpcenter plugin in mkdocs.yml)."
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))

    table = [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]
    details = findings(translations)
    return "\n".join(table + (["", *details] if details else []))


def _source_file(content_dir: Path, name: str) -> tuple[str, Path]:
    """(kind, English file) for what a translate command names: an entry id, `categories` or `site`."""
    if name in SINGLE_FILES:
        return name, content_dir / SINGLE_FILES[name]
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise TranslateError(f"'{name}' is not an entry id, 'categories' or 'site'")
    return "entry", content_dir / ENTRIES_DIR / f"{name}.yml"


def translation_path(content_dir: Path, lang: str, name: str) -> Path:
    _, source = _source_file(content_dir, name)
    return source.with_name(f"{source.stem}.{lang}.yml")


def _check_language(center: HelpCenter, lang: str) -> None:
    if lang not in center.translations.languages:
        known = ", ".join(center.translations.languages) or "none"
        raise TranslateError(
            f"'{lang}' is not a language of the site (languages: {known}); "
            "add it under 'languages:' of the helpcenter plugin in mkdocs.yml"
        )


def _yaml_block(text: str, indent: str = "  ") -> str:
    """A Markdown text as a YAML block scalar, kept exactly."""
    return "|\n" + "\n".join(f"{indent}{line}" if line else "" for line in text.rstrip("\n").split("\n"))


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def start(content_dir: Path, center: HelpCenter, lang: str, name: str) -> Path:
    """Write a new translation file holding the English texts to translate; never over an existing one."""
    _check_language(center, lang)
    kind, source_file = _source_file(content_dir, name)
    if not source_file.is_file():
        raise TranslateError(f"{source_file}: no such file to translate")
    target = source_file.with_name(f"{source_file.stem}.{lang}.yml")
    if target.exists():
        raise TranslateError(f"{target} already exists; translate it there, then run: helpcenter translate done {lang} {name}")
    target.write_text(start_text(kind, read_yaml(source_file).data, source_file.name, lang, name), encoding="utf-8")
    return target


def start_text(kind: str, data: Any, source_name: str, lang: str, name: str) -> str:
    """A new translation file holding the English texts to translate (what `translate start` writes, and
    what the CMS opens for a translation not started yet)."""
    schema = f"{'../../' if kind == 'entry' else '../'}generator/schema/{KINDS[kind].schema}"
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {language_name(lang)} translation of {source_name}: replace the English texts below with",
        f"# the translation, then run: helpcenter translate done {lang} {name}",
        "reviewed: false",
    ]
    if kind == "entry":
        lines += [f"question: {_quoted(data['question'])}"]
        if data.get("summary"):
            lines.append(f"summary: {_quoted(data['summary'])}")
        lines.append("phrasings: []  # how shoppers ask this question in this language")
        lines.append(f"answer: {_yaml_block(data['answer'])}")
        if data.get("steps"):
            lines.append("steps:")
            for step in data["steps"]:
                lines.append(f"  {step['id']}:")
                lines.append(f"    title: {_quoted(step['title'])}")
                if step.get("lead"):
                    lines.append(f"    lead: {_yaml_block(step['lead'], '      ')}")
                lines.append(f"    text: {_yaml_block(step['text'], '      ')}")
    elif kind == "categories":
        lines.append("categories:")
        for row in data["categories"]:
            lines.append(f"  {row['id']}:")
            lines += [f"    {part}: {_quoted(row[part])}" for part in ("title", "description") if row.get(part)]
    else:
        section = "words" if kind == "site" else "texts"
        lines.append(f"{section}:")
        lines += [f"  {key}: {_quoted(text)}" for key, text in data[section].items()]
    return "\n".join(lines) + "\n"


def _source_block(hashes: dict[str, str]) -> list[str]:
    # Hashes are quoted: YAML would read 1234e56789 as a number.
    return ["source:  # written by `helpcenter translate done`: the English texts this translates; never edit"] + [
        f'  {_quoted(key) if not re.fullmatch(r"[A-Za-z0-9_.-]+", key) else key}: "{value}"' for key, value in hashes.items()
    ]


def replace_source_block(text: str, hashes: dict[str, str]) -> str:
    """The file's text with its top-level `source:` block replaced (or added before the first field)."""
    lines = text.split("\n")
    start_at = next((i for i, line in enumerate(lines) if re.match(r"source\s*:", line)), None)
    if start_at is None:
        first = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), len(lines))
        return "\n".join(lines[:first] + _source_block(hashes) + lines[first:])
    end = start_at + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    # Blank lines that followed the block stay after it.
    while end > start_at + 1 and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[:start_at] + _source_block(hashes) + lines[end:])


def done(content_dir: Path, center: HelpCenter, lang: str, name: str) -> tuple[Path, list[str]]:
    """Record the hashes of today's English texts in the translation; returns the file and the fields recorded."""
    _check_language(center, lang)
    kind, source_file = _source_file(content_dir, name)
    target = source_file.with_name(f"{source_file.stem}.{lang}.yml")
    if not target.is_file():
        raise TranslateError(f"{target}: no such translation; start one with: helpcenter translate start {lang} {name}")
    text = target.read_text(encoding="utf-8")
    updated, fields = record_source(text, str(target), read_yaml(source_file), kind=kind, lang=lang)
    target.write_text(updated, encoding="utf-8")
    return target, fields


def record_source(text: str, shown: str, source: Source, *, kind: str, lang: str) -> tuple[str, list[str]]:
    """The translation `text` with its `source:` block recording today's English texts (what `translate done`
    writes, and the CMS when a translation is saved), and the fields recorded. Refused when a field of the
    English is not translated, or when anything but `source:` would change."""
    try:
        before = parse_yaml(text, shown)
    except SourceError as error:
        raise TranslateError(str(error)) from None
    if not isinstance(before.data, dict):
        raise TranslateError(f"{shown}: cannot be read as a translation; run helpcenter check and fix what it says first")
    found = compare(kind, lang, source, before)
    if found.untranslated:
        keys = ", ".join(f"'{k}'" for k, _ in found.untranslated)
        raise TranslateError(
            f"{shown}: {keys} of {Path(source.path).name} {'is' if len(found.untranslated) == 1 else 'are'} "
            "not translated; add the translation, then run this again"
        )
    hashes = {f.key: text_hash(f.text) for f in KINDS[kind].fields(source.data)}
    updated = replace_source_block(text, hashes)
    after = parse_yaml(updated, shown).data
    # Nothing but `source:` may change: refuse rather than write a file the translator did not write.
    if {k: v for k, v in after.items() if k != "source"} != {k: v for k, v in before.data.items() if k != "source"} or after.get(
        "source"
    ) != hashes:
        raise TranslateError(f"{shown}: its 'source:' block could not be rewritten safely; delete the block and run this again")
    return updated, list(hashes)


__all__ = ["TranslateError", "done", "entry_fields", "findings", "record_source", "start", "start_text", "status", "status_table"]
