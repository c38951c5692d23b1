"""The checkout self-check page in another language: the sentences to show, and its HTML translated.

The page, its rules and its report speak English (theme/helpcenter/self-check.html, page.js, diagnostics/);
`content/self-check.yml` lists those sentences and `self-check.<lang>.yml` translates them. The page gets the
pairs (`context.texts`) and shows the translation of every sentence it finds (self-check/translate.js); the
build translates the page's static text the same way here, so the fallback for old browsers is translated too.
The rules and the report sent to support stay English: support reads English, and the page adds the
translated report before it.
"""

from __future__ import annotations

import html
import re

from generator.content.entries import Entry, HelpCenter

_NAME = re.compile(r"\{(\w+)\}")
# A text node between tags, or an aria-label's value.
_TEXT = re.compile(r'(>)([^<>]+)(<)|(aria-label=")([^"]*)(")')


def pairs(center: HelpCenter, localized: HelpCenter, code: str) -> list[list[str]]:
    """[english, translated] for every self-check sentence translated into `code`, and the steps' titles."""
    english = center.translations.sources.get("self-check", {})
    found = center.translations.get(code, "self-check", "self-check")
    translated = found.text(("texts",)) if found else None
    result = [
        [text, translated[key]]
        for key, text in english.items()
        if isinstance(translated, dict) and isinstance(translated.get(key), str)
    ]
    entry, local = center.troubleshooting_entry(), localized.troubleshooting_entry()
    if entry is not None and local is not None:
        result += [[s.title, t.title] for s, t in zip(entry.steps, local.steps, strict=True) if s.title != t.title]
    return result


def _translator(items: list[list[str]]) -> dict[str, str]:
    return {english: translated for english, translated in items if not _NAME.search(english)}


def translate_html(fragment: str, items: list[list[str]]) -> str:
    """The fragment with each text node (and aria-label) that is one of the sentences, translated; the rest as it was."""
    exact = _translator(items)
    if not exact:
        return fragment

    def replace(match: re.Match[str]) -> str:
        before, text, after = (
            (match.group(1), match.group(2), match.group(3))
            if match.group(1)
            else (match.group(4), match.group(5), match.group(6))
        )
        plain = html.unescape(text)
        key = " ".join(plain.split())
        if key not in exact:
            return match.group(0)
        lead = plain[: len(plain) - len(plain.lstrip())]
        trail = plain[len(plain.rstrip()) :]
        return f"{before}{html.escape(lead + exact[key] + trail, quote=bool(match.group(4)))}{after}"

    return _TEXT.sub(replace, fragment)


def local_steps(entry: Entry, base: str, prefix: str) -> dict[str, str]:
    """Each step's address on this language's answer page, relative to the self-check page."""
    return {s.id: f"{base}{prefix}{entry.url}#{s.anchor}" for s in entry.steps}
