"""The help center as shoppers of one language see it: the same model, its words translated.

`localize(center, "de", stale="note")` returns a `HelpCenter` whose entries, categories and site
words are German where a German translation is published, and a `Language` that says, per entry,
whether its page exists in German and which notes it carries. Ids, categories, related entries,
dates and steps' ids come from the English source, so every language has the same structure.

What is published in a language: every entry with a translation, unless the translation fell
behind its source and the language's policy (mkdocs.yml) is `hold`; then, as for an entry without
a translation, that language's lists link to the English page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .entries import Category, Entry, HelpCenter, Step
from .translations import NATIVE_NAMES, Translation

ENGLISH = "en"


@dataclass(frozen=True)
class EntryStatus:
    """How one entry is published in a language."""

    #: The entry has a page in this language (else its links lead to the English page).
    published: bool
    #: Not yet reviewed by the shop: the page says so.
    unreviewed: bool = False
    #: The English answer changed since: the page links to it.
    stale: bool = False


@dataclass(frozen=True)
class Language:
    """One language of the site: its code, its name in itself, its address prefix, its entries' status."""

    code: str
    name: str
    #: Where its pages live: "" for English, "de/" for German.
    prefix: str
    entries: dict[str, EntryStatus] = field(default_factory=dict)
    #: The privacy page (site.<lang>.yml's `privacy_*` words): published in this language, and its notes.
    privacy: EntryStatus = EntryStatus(True)

    def published(self, entry_id: str) -> bool:
        return self.code == ENGLISH or self.entries.get(entry_id, EntryStatus(False)).published


def english(center: HelpCenter) -> Language:
    return Language(ENGLISH, NATIVE_NAMES[ENGLISH], "", {i: EntryStatus(True) for i in center.entries})


def _entry(entry: Entry, t: Translation) -> Entry:
    steps = tuple(
        replace(
            s,
            title=str(t.text(("steps", s.id, "title")) or s.title),
            text=str(t.text(("steps", s.id, "text")) or s.text),
            lead=str(t.text(("steps", s.id, "lead")) or (s.lead if not s.lead else "")) or s.lead,
        )
        for s in entry.steps
    )
    return replace(
        entry,
        question=str(t.text(("question",)) or entry.question).strip(),
        answer=str(t.text(("answer",)) or entry.answer),
        # The English summary would describe a German page in English: the answer's opening instead.
        summary=str(t.text(("summary",)) or "").strip(),
        keywords=tuple(t.text(("keywords",)) or ()),
        phrasings=tuple(t.text(("phrasings",)) or ()),
        steps=steps,
    )


def _category(category: Category, t: Translation | None, entries: tuple[Entry, ...]) -> Category:
    title = t.text(("categories", category.id, "title")) if t else None
    description = t.text(("categories", category.id, "description")) if t else None
    return replace(
        category,
        title=str(title or category.title),
        description=str(description if description is not None else category.description),
        entries=entries,
    )


def _words(center: HelpCenter, t: Translation | None) -> dict[str, str]:
    translated = t.text(("words",)) if t else None
    return {**center.words, **(translated if isinstance(translated, dict) else {})}


#: The site words that make the privacy page: it is published in a language only as a whole.
PRIVACY_WORDS = "privacy_"


def _privacy(t: Translation | None, stale: str) -> EntryStatus:
    """The privacy page in a language: as an entry is, with its `privacy_*` words as the fields that count."""
    if t is None:
        return EntryStatus(False)
    behind = any(key.startswith(PRIVACY_WORDS) for key, _ in (*t.changed, *t.untranslated, *t.unconfirmed))
    return EntryStatus(not (behind and stale == "hold"), unreviewed=not t.reviewed, stale=behind)


def localize(center: HelpCenter, code: str, *, stale: str = "note") -> tuple[HelpCenter, Language]:
    """The help center in language `code` (English entries where it has no published translation)."""
    translations = center.translations
    statuses: dict[str, EntryStatus] = {}
    entries: dict[str, Entry] = {}
    for entry_id, entry in center.entries.items():
        t = translations.get(code, "entry", entry_id)
        publish = t is not None and not (t.stale and stale == "hold")
        statuses[entry_id] = EntryStatus(publish, unreviewed=bool(t and not t.reviewed), stale=bool(t and t.stale))
        entries[entry_id] = _entry(entry, t) if (publish and t is not None) else entry
    # Sorted as in English (order, then question) so every language lists the same answers in the same place.
    categories = tuple(
        _category(c, translations.get(code, "categories", "categories"), tuple(entries[e.id] for e in c.entries))
        for c in center.categories
    )
    synonyms = translations.synonyms.get(code, ())
    localized = replace(
        center,
        categories=categories,
        entries=entries,
        synonyms=synonyms,
        words=_words(center, translations.get(code, "site", "site")),
    )
    site = translations.get(code, "site", "site")
    return localized, Language(code, NATIVE_NAMES.get(code, code), f"{code}/", statuses, privacy=_privacy(site, stale))


__all__ = ["ENGLISH", "EntryStatus", "Language", "Step", "english", "localize"]
