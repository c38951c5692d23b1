"""The translations of FAQ entries as the CMS sees and saves them: `faq/<id>.<lang>.yml`, beside the English.

The CMS lists, per language, every entry's translation with where it stands, the same words as
`helpcenter translate status` (`translate.findings`, from the same `load_help_center`): up to date,
not reviewed, stale (with the fields that changed) or not started. A translation not started opens
with the text `helpcenter translate start` would write. Saving records the English it now matches
with `translate.record_source`, the function `helpcenter translate done` uses, then writes through
the entry store's rules: only this path pattern, never over a file changed on disk since the form
read it, never over a file the checker cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.entries import ENTRIES_DIR, ContentError, load_help_center
from generator.content.history import NOT_PUBLISHED
from generator.content.source import MAX_FILE_BYTES, Problem, SourceError, parse_yaml, read_yaml
from generator.content.translate import TranslateError, record_source, stale_message, start_text
from generator.content.translations import KINDS, Translations, check_translation_file, language_name
from generator.content.validate import check_schema, check_translated_texts

from .entry_store import EntryStore, RefusedError

#: The only translation paths the CMS may read or write, relative to the content folder.
TRANSLATION_PATH = re.compile(r"faq/([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2}(?:-[a-z]{2})?)\.yml")

#: How the list names where a translation stands (the CMS shows them first in each entry's line).
UP_TO_DATE, UNREVIEWED, STALE, NOT_STARTED = "up to date", "not reviewed", "stale", "not started"


@dataclass(frozen=True)
class TranslationFile:
    """One translation as the CMS shows it: its text, the English it translates, where it stands."""

    path: str
    text: str
    english: str
    state: str
    #: `helpcenter check`'s line about it ("" when up to date).
    message: str = ""
    #: Not on disk yet: `text` is what `helpcenter translate start` would write.
    new: bool = False
    #: Why the form cannot open it (the checker's words), as for entries.
    problem: str = ""


def _problems(text: str, shown: str) -> list[Problem]:
    """A translation's text on its own: readable YAML that the translation schema accepts (else the form
    neither opens it for editing nor writes over it)."""
    try:
        source = parse_yaml(text, shown)
    except SourceError as error:
        return [error.problem]
    return check_schema(source, KINDS["entry"].schema)


class TranslationStore:
    """The entry translations of one content folder, for the CMS's local server."""

    def __init__(self, files: EntryStore, languages: tuple[str, ...] = ()) -> None:
        self.files = files
        self.languages = languages

    def _status(self) -> Translations | str:
        """Every translation checked against its English, or the checker's first problem with the content."""
        try:
            center = load_help_center(self.files.content_dir, published_ref=NOT_PUBLISHED, languages=self.languages)
        except ContentError as error:
            return (
                f"helpcenter check finds problems in the content, so where translations stand is not known: {error.problems[0]}"
            )
        return center.translations

    def _path(self, path: str) -> tuple[str, str]:
        """(entry id, language) of a translation path, or RefusedError."""
        self.files.file_of(path, TRANSLATION_PATH)  # refuses any other path, a link, a folder
        match = TRANSLATION_PATH.fullmatch(path)
        if match is None:
            raise RefusedError(f"'{path[:80]}' is not a translation of an entry (faq/<id>.<language>.yml)")
        if match[2] not in self.languages:
            known = ", ".join(self.languages) or "none"
            raise RefusedError(f"'{match[2]}' is not a language of the site (languages: {known}); see mkdocs.yml")
        return match[1], match[2]

    def _english(self, entry_id: str) -> str | None:
        file = self.files.content_dir / ENTRIES_DIR / f"{entry_id}.yml"
        return file.read_text(encoding="utf-8") if file.is_file() else None

    def _describe(self, status: Translations | str, entry_id: str, lang: str, path: str, english: str) -> TranslationFile:
        text = self.files.read_text(self.files.content_dir / path)
        if text is None:
            data = parse_yaml(english, path).data
            return TranslationFile(
                path, start_text("entry", data, f"{entry_id}.yml", lang, entry_id), english, NOT_STARTED, new=True
            )
        problems = _problems(text, self.files.shown(path))
        if isinstance(status, str):
            return TranslationFile(path, text, english, "unknown", status, problem=str(problems[0]) if problems else "")
        found = status.get(lang, "entry", entry_id)
        if found is None:
            return TranslationFile(path, text, english, "unknown", problem=str(problems[0]) if problems else "")
        if found.stale:
            return TranslationFile(path, text, english, STALE, stale_message(found))
        return TranslationFile(path, text, english, UP_TO_DATE if found.reviewed else UNREVIEWED)

    def entries(self, lang: str) -> list[TranslationFile]:
        """Every entry's translation into `lang` (not retired), started or not, with where it stands."""
        if lang not in self.languages:
            raise RefusedError(f"'{lang}' is not a language of the site (languages: {', '.join(self.languages) or 'none'})")
        status = self._status()
        out = []
        for entry in self.files.entries():
            entry_id = entry.path.removeprefix(f"{ENTRIES_DIR}/").removesuffix(".yml")
            if entry.problem:
                continue  # the English cannot be read: nothing to translate until it is fixed
            if (data := parse_yaml(entry.text, entry.path).data) and isinstance(data, dict) and data.get("retired"):
                continue
            out.append(self._describe(status, entry_id, lang, f"{ENTRIES_DIR}/{entry_id}.{lang}.yml", entry.text))
        return out

    def read(self, path: str) -> TranslationFile | None:
        entry_id, lang = self._path(path)
        english = self._english(entry_id)
        return None if english is None else self._describe(self._status(), entry_id, lang, path, english)

    def save(self, path: str, text: str, read: str | None) -> tuple[str, str]:
        """Write the translation with its `source:` block recording today's English (as `translate done`
        does); returns a message for the log and the text written."""
        entry_id, lang = self._path(path)
        shown = self.files.shown(path)
        english_file = self.files.content_dir / ENTRIES_DIR / f"{entry_id}.yml"
        if not isinstance(text, str) or len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise RefusedError(f"{shown}: the translation is larger than {MAX_FILE_BYTES // 1024} KB")
        try:
            english = read_yaml(english_file, self.files.shown(f"{ENTRIES_DIR}/{entry_id}.yml"))
            written, _ = record_source(text, shown, english, kind="entry", lang=lang)
        except (SourceError, TranslateError) as error:
            raise RefusedError(f"not saved: {error}") from None
        translation = parse_yaml(written, shown)
        problems = check_translation_file("entry", english, translation)
        ids = {e.path.removeprefix(f"{ENTRIES_DIR}/").removesuffix(".yml") for e in self.files.entries()}
        problems = problems or check_translated_texts(translation, ids)
        if problems:
            raise RefusedError(f"not saved, the checker would refuse it: {problems[0]}")
        self.files.write_over(self.files.file_of(path, TRANSLATION_PATH), shown, written, read, _problems)
        return f"{shown} saved as the {language_name(lang)} translation of today's English", written
