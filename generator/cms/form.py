"""The /admin/ form: Decap CMS's configuration, generated from the entry schema and the content.

The form is generated at build time from `generator/schema/entry.schema.json` (the checker's own
rules: required fields, lengths, patterns) and from the content (the categories of categories.yml,
the ids of existing entries), so it cannot drift from `helpcenter check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.content.entries import CATEGORIES_FILE, ENTRIES_DIR, HelpCenter
from generator.content.source import SourceError, read_yaml
from generator.content.validate import SCHEMA_DIR, SLUG

#: The fields in the order editors know (the guide, `helpcenter new` and the entries written so far).
KEY_ORDER = (
    "question",
    "category",
    "order",
    "featured",
    "updated",
    "summary",
    "keywords",
    "phrasings",
    "related",
    "self_check",
    "answer",
    "steps",
    "former_ids",
    "retired",
    "replaced_by",
)
#: The form in an editor's order: what every entry needs first, then groups of the rest. The file
#: keeps KEY_ORDER: entry-format.mjs moves grouped fields into their group when it reads a file and
#: back when it writes one.
FORM_TOP = ("question", "category", "answer")
GROUPS = {
    "more": ("keywords", "phrasings", "related", "summary", "updated", "order", "steps"),
    "advanced": ("self_check", "former_ids", "retired", "replaced_by"),
}
GROUP_LABELS = {"more": "More about this entry", "advanced": "Advanced"}
GROUP_HINTS = {
    "more": "Optional: words shoppers search with, related entries, dates, troubleshooting steps.",
    "advanced": "The checkout self-check's entry, old addresses, retiring an entry.",
}
#: Hints in the form's own words where the schema's description speaks of the file.
HINTS = {
    "category": "Where shoppers find this entry: one of the listed categories, as titled on the home page.",
    "answer": "The answer, in Markdown. To link to another entry, write `[text](faq:ENTRY-ID)`, where ENTRY-ID is "
    "the end of its address (/faq/ENTRY-ID/).",
    "updated": "When the answer last changed, written YYYY-MM-DD like 2026-11-27, as in the file. "
    "Empty: the date of the file's last commit.",
    "related": "Other entries to suggest under the answer.",
    "replaced_by": "With Retired: the entry that answers this question now; its old address leads there.",
}
#: The form's own fields (not in the file): the checker's words about the entry being edited.
PROBLEMS_FIELD = "hc_problems"

#: Fields written in Markdown (a `|` block in the file, the Markdown editor in the form).
MARKDOWN = ("answer", "lead", "text")
#: Fields whose values are ids of existing entries: a choice, not free text.
ENTRY_CHOICES = ("related", "replaced_by")
MODELINE = "# yaml-language-server: $schema=../../generator/schema/entry.schema.json"
LABELS = {
    "question": "Question",
    "category": "Category",
    "order": "Position in the category",
    "updated": "Last updated",
    "summary": "Summary for search engines",
    "keywords": "Keywords (shoppers' own words)",
    "phrasings": "Other ways shoppers ask (searched, never shown)",
    "phrasing": "Phrasing",
    "related": "Related entries",
    "self_check": "Linked to the checkout self-check",
    "answer": "Answer",
    "steps": "Troubleshooting steps",
    "former_ids": "Former ids (old addresses that lead here)",
    "retired": "Retired",
    "replaced_by": "Replaced by",
    "id": "Step id",
    "title": "Title",
    "lead": "Text before the step",
    "text": "What to do",
    "keyword": "Keyword",
    "former_id": "Former id",
}
#: Plain words for the schema's patterns, shown when a value does not match.
PATTERN_WORDS = {
    SLUG.pattern: "lowercase words joined by hyphens, like wrong-address",
    "^[^\\n<>]*$": "one line, without < or >",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
}


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / "entry.schema.json").read_text(encoding="utf-8"))
    return schema


def _rule(name: str, prop: dict[str, Any]) -> list[str] | None:
    """The schema's pattern and lengths as one JavaScript pattern with a message in words, or None."""
    low, high = prop.get("minLength"), prop.get("maxLength")
    pattern = prop.get("pattern")
    if low is None and high is None and pattern is None:
        return None
    words = []
    if low is not None or high is not None:
        length = "{%d,%s}" % (low or 0, "" if high is None else high)  # noqa: UP031 - regex braces in an f-string
        words.append(
            f"{low} to {high} characters"
            if low and high
            else f"at most {high} characters"
            if high
            else f"at least {low} characters"
        )
    if pattern is not None:
        words.append(PATTERN_WORDS.get(pattern, f"matching {pattern}"))
    regex = (f"^(?=[\\s\\S]{length}$)" if low is not None or high is not None else "") + (pattern or "")
    return [regex, f"{LABELS.get(name, name)}: {', '.join(words)}"]


def _field(name: str, prop: dict[str, Any], *, required: bool, choices: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """One Decap field for one schema property."""
    field: dict[str, Any] = {"name": name, "label": LABELS.get(name, name.replace("_", " ").capitalize()), "required": required}
    if HINTS.get(name) or prop.get("description"):
        field["hint"] = HINTS.get(name) or prop["description"]
    kind = prop.get("type")
    if name in choices:
        field.update(widget="select", options=choices[name], multiple=kind == "array")
        if name == "category":
            ids = "|".join(re.escape(o["value"]) for o in choices[name])
            field["pattern"] = [f"^(?:{ids})$", "Category: choose one of the listed categories"]
    elif name in MARKDOWN and kind == "string":
        # Markdown as typed: the rich-text mode would rewrite the whole answer (lists become '*').
        field.update(widget="markdown", modes=["raw"], editor_components=[], sanitize_preview=True)
    elif kind == "string":
        # Dates too: a date picker shows the browser's locale (mm/dd/yyyy), not YYYY-MM-DD as the file
        # and the hint write it; the schema's pattern checks the text.
        field["widget"] = "string"
    elif kind == "integer":
        field.update(widget="number", value_type="int", min=prop.get("minimum", 0), step=1)
    elif kind == "boolean":
        field.update(widget="boolean", default=False)
    elif kind == "array" and prop.get("items", {}).get("type") == "object":
        items = prop["items"]
        field.update(
            widget="list",
            collapsed=False,
            summary="{{fields.title}}",
            fields=[
                _field(key, sub, required=key in items.get("required", ()), choices={})
                for key, sub in items["properties"].items()
            ],
        )
    elif kind == "array":
        # One box per item, so each is checked as the checker does (lengths, pattern).
        item = name.removesuffix("s") if name.endswith("s") else "item"
        field.update(
            widget="list", collapsed=False, allow_add=True, field=_field(item, prop.get("items", {}), required=True, choices={})
        )
        field["field"].pop("hint", None)
    if field.get("widget") == "string" and (rule := _rule(name, prop)):
        field["pattern"] = rule
    return field


def category_choices(center: HelpCenter, content_dir: Path) -> list[dict[str, str]]:
    """The categories to choose from; read from categories.yml itself if the content did not load
    (an editor may open the CMS to fix the very file that broke it)."""
    if center.categories:
        return [{"label": c.title, "value": c.id} for c in center.categories]
    try:
        rows = read_yaml(content_dir / CATEGORIES_FILE).data["categories"]
        return [{"label": str(row.get("title") or row["id"]), "value": str(row["id"])} for row in rows]
    except (SourceError, KeyError, TypeError, AttributeError):
        return []


def entry_fields(center: HelpCenter, categories: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Decap's fields for an FAQ entry: the checker's words first, then every property of the entry
    schema in the form's order (FORM_TOP, then GROUPS; a property in neither joins "more")."""
    schema = _schema()
    properties: dict[str, Any] = schema["properties"]
    live = sorted((e for e in center.entries.values() if not e.retired), key=lambda e: e.question.lower())
    entries = [{"label": f"{e.question} ({e.id})", "value": e.id} for e in live]
    choices = {"category": categories, **dict.fromkeys(ENTRY_CHOICES, entries)}

    def field(name: str) -> dict[str, Any]:
        return _field(name, properties[name], required=name in schema.get("required", ()), choices=choices)

    grouped = {k for keys in GROUPS.values() for k in keys}
    others = [k for k in properties if k not in FORM_TOP and k not in grouped]
    problems = {"name": PROBLEMS_FIELD, "label": "What helpcenter check says", "widget": "hc-problems", "required": False}
    groups = [
        {
            "name": group,
            "label": GROUP_LABELS[group],
            "hint": GROUP_HINTS[group],
            "required": False,
            # Advanced is a group of its own widget: hidden on a new entry, folded on others.
            "widget": "hc-advanced" if group == "advanced" else "object",
            "collapsed": group == "advanced",
            "fields": [field(k) for k in (*keys, *(others if group == "more" else ())) if k in properties],
        }
        for group, keys in GROUPS.items()
    ]
    return [problems, *(field(k) for k in FORM_TOP), *groups]


#: The English beside each translated field: a read-only field (widget hc-english) the translation format
#: fills from the English file and never writes (entry-format.mjs `translationFormat`).
ENGLISH_PREFIX = "hc_en_"
TRANSLATION_STATE = "hc_state"


def _schema_of(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


def _english(name: str, label: str) -> dict[str, Any]:
    return {"name": f"{ENGLISH_PREFIX}{name}", "label": f"English: {label}", "widget": "hc-english", "required": False}


def translation_fields() -> list[dict[str, Any]]:
    """Decap's fields for an entry's translation: each translated text after its English (read-only), limits
    from entry.translation.schema.json; steps as a list in the English order, each with its English."""
    schema = _schema_of("entry.translation.schema.json")
    properties: dict[str, Any] = schema["properties"]
    step = properties["steps"]["additionalProperties"]

    def field(name: str, prop: dict[str, Any], required: bool) -> dict[str, Any]:
        return _field(name, prop, required=required, choices={})

    fields: list[dict[str, Any]] = [
        {
            "name": TRANSLATION_STATE,
            "label": "Where this translation stands",
            "widget": "hc-translation-state",
            "required": False,
        },
        field("reviewed", properties["reviewed"], False)
        | {
            "label": "Reviewed by the shop",
            "hint": "Set once someone of the shop has read this translation: its page stops saying it is not checked yet.",
        },
    ]
    for name in ("question", "summary", "answer"):
        fields += [_english(name, LABELS[name]), field(name, properties[name], name in schema["required"])]
    fields += [field(name, properties[name], False) for name in ("keywords", "phrasings")]
    # The step's id is shown as the English is, but is no text to translate: it stands across both columns.
    step_fields: list[dict[str, Any]] = [{"name": "id", "label": "Step id", "widget": "hc-step-id", "required": True}]
    for name in ("lead", "title", "text"):
        step_fields += [_english(name, LABELS[name]), field(name, step["properties"][name], name in step["required"])]
    fields.append(
        {
            "name": "steps",
            "label": LABELS["steps"],
            "widget": "list",
            "required": False,
            "collapsed": False,
            "allow_add": False,  # the steps are the English entry's: translated, never added or removed here
            "allow_remove": False,
            "allow_reorder": False,
            "summary": "{{fields.title}}",
            "fields": step_fields,
        }
    )
    return fields


def translation_collections(languages: tuple[str, ...], content_prefix: str) -> list[dict[str, Any]]:
    """One collection per language: every entry's translation into it (started or not) beside the English,
    listed with where it stands (the local server computes it as `helpcenter translate status` does)."""
    from generator.content.translations import ENGLISH_NAMES, NATIVE_NAMES

    return [
        {
            "name": f"translations-{lang}",
            "label": f"{ENGLISH_NAMES.get(lang, lang)} translations",
            "label_singular": f"{ENGLISH_NAMES.get(lang, lang)} translation",
            "description": f"Each FAQ entry in {NATIVE_NAMES.get(lang, lang)} ({lang}), in faq/<id>.{lang}.yml beside the English. "
            "The list says which are not started, stale (the English changed since) or not reviewed. Saving records "
            "the English the translation now matches, as `helpcenter translate done` does.",
            "folder": f"{content_prefix}{ENTRIES_DIR}",
            "extension": f"{lang}.yml",
            "format": "helpcenter-translation",
            "create": False,
            "delete": False,
            "identifier_field": "question",
            "summary": "{{hc_state}} · {{question}}",
            "sortable_fields": [TRANSLATION_STATE, "question"],
            "editor": {"preview": False},
            "fields": translation_fields(),
        }
        for lang in languages
    ]


def cms_config(
    center: HelpCenter, categories: list[dict[str, str]], *, backend: dict[str, Any], site_url: str, content_prefix: str
) -> dict[str, Any]:
    """The whole Decap configuration (admin/config.yml). `content_prefix` is content/'s path in the backend's repo."""
    return {
        "backend": backend,
        "publish_mode": "simple",
        "site_url": site_url,
        "display_url": site_url,
        "locale": "en",
        # Decap wants a media folder; answers carry no pictures, so nothing is ever put there.
        "media_folder": f"{content_prefix}media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "faq",
                "label": "FAQ entries",
                "label_singular": "FAQ entry",
                "description": "One question and its answer. The file name is the entry's id and address, /faq/<id>/: "
                "it is made from the question when the entry is created, and never changes after.",
                "folder": f"{content_prefix}{ENTRIES_DIR}",
                "extension": "yml",
                "format": "helpcenter-entry",
                "create": True,
                "delete": False,  # a deleted entry breaks saved links: retire it instead
                "slug": "{{question}}",
                "identifier_field": "question",
                "summary": "{{question}}",
                "sortable_fields": ["question", "category"],
                "view_groups": [{"label": "Category", "field": "category"}],
                "preview_path": "faq/{{slug}}/",
                "editor": {"preview": True},
                "fields": entry_fields(center, categories),
            },
            *translation_collections(center.translations.languages, content_prefix),
        ],
    }


def format_options() -> dict[str, Any]:
    """What entry-format.mjs needs to know: the key order, the Markdown fields, the first line, the form's groups."""
    return {
        "keyOrder": list(KEY_ORDER),
        "markdown": list(MARKDOWN),
        "modeline": MODELINE,
        "groups": {group: list(keys) for group, keys in GROUPS.items()},
        "englishPrefix": ENGLISH_PREFIX,
        "state": TRANSLATION_STATE,
        "translationKeyOrder": ["reviewed", "question", "summary", "keywords", "phrasings", "answer", "steps"],
    }
