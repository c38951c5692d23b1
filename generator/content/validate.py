"""Checks on content files, each problem phrased for an editor with its line.

The JSON Schemas in `generator/schema/` are the single description of the
format (editors' YAML tooling reads them too); this module runs them and turns
each schema error into plain words with the closest known field name. Checks a
schema cannot express (links between entries, unsafe HTML in answers) follow.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Set
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from . import markdown_check
from .deferred import defer
from .markdown_check import rendered_problems, within_limits
from .source import Problem, Source

SCHEMA_DIR = Path(__file__).parents[1] / "schema"
#: Addresses the site itself uses; a category cannot take them.
RESERVED_IDS = frozenset({"faq", "self-check", "search", "assets", "pyodide", "schema", "404"})

# A link to another entry inside an answer: [text](faq:entry-id) or (faq:entry-id#step-x).
FAQ_LINK = re.compile(r"\]\(\s*<?faq:([^)#\s>]*)(#[^)\s>]*)?>?\s*\)")
# Early, friendly refusals of raw HTML and links an answer must not carry. They are for the
# editor's sake (a message with the line, before anything is built); what actually keeps pages
# safe is the allow-list every answer's HTML goes through once rendered (sanitize.py).
_SCHEME = r"(javascript|vbscript|data|file):"
UNSAFE_HTML = [
    (
        re.compile(
            r"<\s*(script|iframe|frame|frameset|object|embed|applet|style|form|input|button|textarea|select|base|meta|link|svg|math)\b",
            re.IGNORECASE,
        ),
        "raw <{0}> is not allowed in answers; write the text in Markdown",
    ),
    (
        re.compile(r"(?:<[^>]*|\{[^}\n]*)\s(on[a-z]+)\s*=", re.IGNORECASE),
        "an inline event handler ({0}=) is not allowed in answers; remove it",
    ),
    (
        re.compile(
            r"(?:\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:\s*<?|(?:href|src|action)\s*=\s*[\"']?)\s*" + _SCHEME, re.IGNORECASE | re.MULTILINE
        ),
        "a {0}: link is not allowed in answers; link to a web page or faq:ENTRY-ID",
    ),
    (
        re.compile(r"(?:\]\(\s*<?|(?:href|src)\s*=\s*[\"']?)[^\s\"'>)]*(&#|%[0-9a-f]{2})", re.IGNORECASE),
        "an address written with character codes ({0}...) is not allowed in answers; write it out plainly",
    ),
    (
        re.compile(r"(?:<[^>]*|\{[^}\n]*)\s(style|srcdoc|formaction)\s*=", re.IGNORECASE),
        "a {0}= attribute is not allowed in answers; the site's own styles and links apply",
    ),
    (re.compile(r"(<!--)(?![\s\S]*?-->)"), "an HTML comment ({0}) is not closed; add --> or remove it"),
]
# An h1 or h2 inside an answer would break the page outline and search sections.
BIG_HEADING = re.compile(r"^ {0,3}(#{1,2})(?:[ \t]|$)", re.MULTILINE)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Where editors find the theme's icon names.
ICONS_PAGE = "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/#search"
# A fenced code block as MkDocs' fenced_code reads it: the closing fence repeats the opening one
# exactly. An unclosed fence is no code block: what follows is rendered (and checked) as Markdown.
FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n(?:[\s\S]*?\n)?\1[ \t]*$", re.MULTILINE)
# An inline code span as Python-Markdown reads it: a run of backticks that no backslash escapes (an
# even run of backslashes before it escapes only itself), then anything up to a run of the same
# length, within a paragraph. `\`` is a literal backtick, and what follows it is Markdown, not code.
CODE_SPAN = re.compile(r"(?<![\\`])(?:\\\\)*(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])+?(?<!`)\1(?!`)")

TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with '- ')",
    "object": "a set of 'name: value' fields",
    "null": "empty",
}


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a set of fields",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


def _field(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in path).replace(".[", "[") or "the file"


def _schema_message(error: jsonschema.ValidationError) -> tuple[tuple[Any, ...], str]:
    """Plain words for one schema error, and the path of the value to point at."""
    where = tuple(error.absolute_path)
    name = _field(where)
    kind = error.validator
    value: Any = error.instance
    rule: Any = error.validator_value
    if kind == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(known), key=str)
        key = extra[0] if extra else ""
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
        return (*where, key), f"unknown field '{key}'; {hint}"
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        field = missing[0] if missing else "?"
        return where, f"missing field '{field}'; every {'step' if 'steps' in where else 'entry'} needs {', '.join(rule)}"
    if kind == "type":
        wanted = rule if isinstance(rule, str) else rule[0]
        if where == () and wanted == "object":
            return where, f"the file should be a set of fields (question:, category:, answer:), not {_type_name(value)}"
        return where, f"'{name}' should be {TYPE_WORDS.get(wanted, wanted)}, not {_type_name(value)}"
    if kind == "maxLength":
        return where, f"'{name}' is too long ({len(value)} characters, at most {rule}); shorten it"
    if kind == "minLength":
        return where, f"'{name}' is too short or empty (at least {rule} characters)"
    if where[:1] == ("source",):
        return where, (
            "'source:' is written by `helpcenter translate done`, never by hand; "
            "remove this line, then run helpcenter translate done"
        )
    if kind == "pattern":
        if name.endswith(".icon"):
            return where, (
                f"'{name}' must be one of the theme's icon names, like material/credit-card-outline, "
                f"not '{value}'; see {ICONS_PAGE}"
            )
        if isinstance(value, str) and "\n" in value:
            return where, f"'{name}' must be one line"
        if isinstance(value, str) and ("<" in value or ">" in value):
            return where, f"'{name}' cannot contain < or >; write the words instead"
        if name.endswith("updated"):
            return where, f"'{name}' must be a date written YYYY-MM-DD, like 2026-11-27"
        return where, f"'{name}' must be lowercase words joined by hyphens (like wrong-address), not '{value}'"
    if kind == "format":
        return where, f"'{name}' is not a real date ('{value}'); write YYYY-MM-DD"
    if kind == "uniqueItems":
        return where, f"'{name}' lists the same item twice; keep one"
    if kind == "minItems":
        return where, f"'{name}' must list at least {rule} item{'s' if rule != 1 else ''}"
    if kind == "minimum":
        return where, f"'{name}' must be at least {rule}"
    return where, f"'{name}': {error.message}"


def _schema_problems(source: Source, schema: str) -> list[Problem]:
    """One problem per value: a date both malformed and unreal is one mistake, not two."""
    problems: dict[tuple[Any, ...], Problem] = {}
    for error in sorted(_validator(schema).iter_errors(source.data), key=lambda e: e.validator != "format"):
        where, message = _schema_message(error)
        problems.setdefault(where, Problem(source.path, source.line_of(where), message))
    return list(problems.values())


def check_schema(source: Source, schema: str) -> list[Problem]:
    """The problems of a content file against one of the schemas in generator/schema/."""
    return _schema_problems(source, schema)


def check_categories_file(source: Source) -> list[Problem]:
    problems = _schema_problems(source, "categories.schema.json")
    if problems:
        return problems
    seen: dict[str, int] = {}
    for index, row in enumerate(source.data["categories"]):
        line = source.line_of(("categories", index, "id"))
        if row["id"] in RESERVED_IDS:
            problems.append(
                Problem(source.path, line, f"'{row['id']}' is an address the site uses itself; pick another category id")
            )
        if row["id"] in seen:
            problems.append(Problem(source.path, line, f"duplicate category id '{row['id']}' (also on line {seen[row['id']]})"))
        seen.setdefault(row["id"], line)
        if "icon" in row and not theme_icon_exists(row["icon"]):
            problems.append(
                Problem(
                    source.path,
                    source.line_of(("categories", index, "icon")),
                    f"'{row['icon']}' is not one of the theme's icons; pick one on {ICONS_PAGE}",
                )
            )
    return problems


def theme_icon_exists(name: str) -> bool:
    """Whether Material for MkDocs bundles the icon `name` (like material/truck-outline)."""
    import material

    icons = Path(material.__file__).parent / "templates" / ".icons"
    return (icons / f"{name}.svg").is_file()


def check_browsers_file(source: Source) -> list[Problem]:
    """The self-check's browser policy: its schema, then the rules' own reading of it."""
    problems = _schema_problems(source, "browsers.schema.json")
    if problems:
        return problems
    from diagnostics import Policy

    try:
        Policy.from_dict(source.data)
    except ValueError as error:
        problems.append(Problem(source.path, 1, str(error).removeprefix("browsers.yml: ")))
    return problems


def _code_regions(text: str) -> list[tuple[int, int]]:
    """Where code stands in Markdown (fenced blocks, then inline spans outside them): shown as text, never run."""
    fences = [match.span() for match in FENCE.finditer(text)]
    spans = [match.span() for match in CODE_SPAN.finditer(text) if not any(start <= match.start() < end for start, end in fences)]
    return fences + spans


def _markdown_problems(source: Source, where: tuple[Any, ...], text: str, seconds: float | None = None) -> list[Problem]:
    problems = []
    regions = _code_regions(text)
    fences = [match.span() for match in FENCE.finditer(text)]

    def in_code(offset: int) -> bool:
        return any(start <= offset < end for start, end in regions)

    for pattern, message in UNSAFE_HTML:
        for match in pattern.finditer(text):
            if not in_code(match.start(1)):
                line = source.line_in_text(where, match.start(1))
                problems.append(Problem(source.path, line, message.format(match.group(1).lower())))
    for match in BIG_HEADING.finditer(text):
        if not in_code(match.start()):
            line = source.line_in_text(where, match.start())
            problems.append(
                Problem(
                    source.path,
                    line,
                    f"a '{match.group(1)}' heading inside an answer breaks the page's outline; use '###' or bold text",
                )
            )
    # Then as it will render: faq: links as the page will have them (same lines).
    rendered = FAQ_LINK.sub(lambda m: f"](../faq/{m.group(1)}/{m.group(2) or ''})", text)
    return problems + rendered_problems(
        source, where, rendered, fences, field=_field(where), reported=bool(problems), seconds=seconds
    )


def check_entry_file(source: Source) -> list[Problem]:
    """Problems inside one entry file (format, unsafe HTML); links are checked later."""
    return _now_or_later(_entry_file_problems, _texts, source)


#: The texts of a file's Markdown, with their paths.
Texts = Callable[[dict[str, Any]], list[tuple[tuple[Any, ...], str]]]


def _now_or_later(problems_of: Callable[..., list[Problem]], texts: Texts, source: Source, *args: Any) -> list[Problem]:
    """`problems_of(source, *args, seconds)`, or, within deferred.checks_deferred, left for later unless a
    text is long or nested enough to need a close look (markdown_check.within_limits): pages must never
    render such a text unchecked. The time budget goes along as this process has it (markdown_check.LIMITS)."""
    seconds = markdown_check.LIMITS.render_seconds
    data = source.data
    if (
        isinstance(data, dict)
        and all(within_limits(text) for _, text in texts(data))
        and defer(problems_of, source, *args, seconds)
    ):
        return []
    return problems_of(source, *args, seconds)


def _entry_file_problems(source: Source, seconds: float | None = None) -> list[Problem]:
    problems = _schema_problems(source, "entry.schema.json")
    if not isinstance(source.data, dict):
        return problems
    for where, text in _texts(source.data):
        problems += _markdown_problems(source, where, text, seconds)
        if text.lstrip().startswith("TODO"):
            problems.append(
                Problem(
                    source.path, source.line_in_text(where, 0), f"'{_field(where)}' is not written yet; replace the TODO line"
                )
            )
    step_ids: dict[str, int] = {}
    for index, step in enumerate(_list(source.data.get("steps"))):
        if not isinstance(step, dict) or not isinstance(step.get("id"), str):
            continue
        line = source.line_of(("steps", index, "id"))
        if step["id"] in step_ids:
            problems.append(Problem(source.path, line, f"duplicate step id '{step['id']}' (also on line {step_ids[step['id']]})"))
        step_ids.setdefault(step["id"], line)
    return problems


def check_translated_texts(source: Source, ids: set[str]) -> list[Problem]:
    """A translation's Markdown: the same refusals as the English answers', and faq: links to entries that exist."""
    return _now_or_later(_translated_text_problems, _translated_texts, source, ids)


def _translated_texts(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    texts: list[tuple[tuple[Any, ...], str]] = [(("answer",), data["answer"])] if isinstance(data.get("answer"), str) else []
    for step_id, step in (data.get("steps") or {}).items():
        texts += [(("steps", step_id, k), step[k]) for k in ("lead", "text") if isinstance(step.get(k), str)]
    return texts


def _translated_text_problems(source: Source, ids: set[str], seconds: float | None = None) -> list[Problem]:
    problems = []
    for where, text in _translated_texts(source.data):
        problems += _markdown_problems(source, where, text, seconds)
        if text.lstrip().startswith("TODO"):
            problems.append(
                Problem(
                    source.path, source.line_in_text(where, 0), f"'{_field(where)}' is not translated yet; replace the TODO line"
                )
            )
        for match in FAQ_LINK.finditer(text):
            if match.group(1) not in ids:
                problems.append(
                    Problem(
                        source.path,
                        source.line_in_text(where, match.start()),
                        f"link to entry 'faq:{match.group(1)}' that does not exist{_closest(match.group(1), sorted(ids))}",
                    )
                )
    return problems


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _texts(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every Markdown text of an entry (answer, steps' leads and texts) with its path."""
    texts: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(data.get("answer"), str):
        texts.append((("answer",), data["answer"]))
    for index, step in enumerate(_list(data.get("steps"))):
        if isinstance(step, dict):
            texts += [(("steps", index, k), step[k]) for k in ("lead", "text") if isinstance(step.get(k), str)]
    return texts


def _closest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _moved(old: str, former: dict[str, str]) -> str:
    return f" (it is now '{former[old]}')" if old in former else ""


def _instead(entry_id: str, retired: dict[str, str]) -> str:
    replacement = retired.get(entry_id)
    return f"; link to '{replacement}' instead" if replacement else "; remove the link"


def _retirement_problems(
    entry_id: str,
    source: Source,
    sources: dict[str, Source],
    retired: dict[str, str],
    former: dict[str, str],
    *,
    unreadable: Set[str],
) -> list[Problem]:
    data = source.data
    replacement = data.get("replaced_by")
    if not isinstance(replacement, str):
        return []
    line = source.line_of(("replaced_by",))
    if data.get("retired") is not True:
        return [Problem(source.path, line, "replaced_by goes with 'retired: true'; add it or remove replaced_by")]
    if replacement == entry_id:
        return [Problem(source.path, line, "an entry cannot be replaced by itself")]
    if replacement in unreadable:
        return []
    if replacement not in sources:
        return [
            Problem(
                source.path,
                line,
                f"replacement entry '{replacement}' does not exist"
                f"{_closest(replacement, sorted(sources))}{_moved(replacement, former)}",
            )
        ]
    if replacement in retired:
        return [Problem(source.path, line, f"replacement entry '{replacement}' is retired too{_instead(replacement, retired)}")]
    return []


def _second_self_check(sources: dict[str, Source]) -> list[Problem]:
    """The checkout self-check follows one entry: every other live entry claiming it is a mistake."""
    claiming = [s for s in sources.values() if s.data.get("self_check") is True and s.data.get("retired") is not True]
    claiming.sort(key=lambda s: s.path)
    if len(claiming) < 2:
        return []
    first = claiming[0]
    where = f"{first.path}:{first.line_of(('self_check',))}"
    return [
        Problem(
            other.path,
            other.line_of(("self_check",)),
            f"'self_check: true' is already set in {where}; the checkout self-check follows one entry, "
            "so remove it here or there",
        )
        for other in claiming[1:]
    ]


def _featured_ties(sources: dict[str, Source]) -> list[Problem]:
    """Live entries sharing a `featured` number: the most asked questions would come in an order no editor chose."""
    by_number: dict[int, list[Source]] = {}
    for source in sorted(sources.values(), key=lambda s: s.path):
        number = source.data.get("featured")
        if isinstance(number, int) and not isinstance(number, bool) and source.data.get("retired") is not True:
            by_number.setdefault(number, []).append(source)
    problems = []
    for number, tied in by_number.items():
        for here in tied if len(tied) > 1 else ():
            others = ", ".join(f"{s.path}:{s.line_of(('featured',))}" for s in tied if s is not here)
            problems.append(
                Problem(
                    here.path,
                    here.line_of(("featured",)),
                    f"'featured: {number}' is also given to {others}; the most asked questions are shown in "
                    "this order, so give each entry its own number",
                )
            )
    return problems


def _normal_question(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def check_language_ids(languages: Iterable[str], categories: Source | None, entries: Mapping[str, Source]) -> list[Problem]:
    """Category and entry ids that are also the code of one of the site's languages.

    A language's pages live under its code (/de/), and a category's page under its id (/<id>/): the
    two would take the same address. An entry's id stands beside a language's code in file names
    (faq/<id>.<lang>.yml) and commands (`helpcenter translate <lang> <id>`), where one named like a
    language reads as that language, so it is refused too."""
    codes = set(languages)
    problems = []
    if categories is not None and isinstance(categories.data, dict) and isinstance(categories.data.get("categories"), list):
        for index, row in enumerate(categories.data["categories"]):
            if isinstance(row, dict) and row.get("id") in codes:
                problems.append(
                    Problem(
                        categories.path,
                        categories.line_of(("categories", index, "id")),
                        f"'{row['id']}' is the code of one of the site's languages (its pages are at /{row['id']}/), "
                        "and this category's page would take that address; pick another category id",
                    )
                )
    problems += [
        Problem(
            source.path,
            1,
            f"the entry id '{entry_id}' is also the code of one of the site's languages; rename the file "
            "(file names, faq/<id>.<language>.yml, and commands, helpcenter translate <language> <id>, name both)",
        )
        for entry_id, source in sorted(entries.items())
        if entry_id in codes
    ]
    return problems


def check_links(
    sources: dict[str, Source], category_ids: list[str], *, categories_path: str, unreadable: Set[str] = frozenset()
) -> list[Problem]:
    """Problems between files: categories, related entries, faq: links, duplicate questions, `featured` ties.

    `unreadable`: ids of entries whose file could not be read; their problem is already reported,
    so links to them are not reported again as links to a missing entry.
    """
    problems: list[Problem] = []
    ids = sorted(sources)
    questions: dict[str, Source] = {}
    problems += _second_self_check(sources)
    problems += _featured_ties(sources)
    # Retired entries (id -> replacement or "") and former ids (old id -> entry that has it now).
    retired = {i: str(s.data.get("replaced_by") or "") for i, s in sources.items() if s.data.get("retired") is True}
    former: dict[str, str] = {}
    for entry_id, source in sources.items():
        for index, old in enumerate(_list(source.data.get("former_ids"))):
            if not isinstance(old, str):
                continue
            line = source.line_of(("former_ids", index))
            if old in sources:
                problems.append(
                    Problem(
                        source.path,
                        line,
                        f"former id '{old}' is the id of {sources[old].path}; an address can lead to one entry only",
                    )
                )
            elif old in former:
                problems.append(Problem(source.path, line, f"former id '{old}' is also claimed by {sources[former[old]].path}"))
            else:
                former[old] = entry_id
    for entry_id, source in sources.items():
        data = source.data
        category = data.get("category")
        if category_ids and isinstance(category, str) and SLUG.match(category) and category not in category_ids:
            problems.append(
                Problem(
                    source.path,
                    source.line_of(("category",)),
                    f"unknown category '{data['category']}'{_closest(data['category'], category_ids)}"
                    f" (categories are listed in {categories_path})",
                )
            )
        for index, other in enumerate(_list(data.get("related"))):
            if not isinstance(other, str):
                continue
            if other == entry_id:
                problems.append(Problem(source.path, source.line_of(("related", index)), "an entry cannot be related to itself"))
            elif other not in sources and other not in unreadable:
                problems.append(
                    Problem(
                        source.path,
                        source.line_of(("related", index)),
                        f"related entry '{other}' does not exist{_closest(other, ids)}{_moved(other, former)}",
                    )
                )
            elif retired.get(other) is not None:
                problems.append(
                    Problem(
                        source.path,
                        source.line_of(("related", index)),
                        f"related entry '{other}' is retired{_instead(other, retired)}",
                    )
                )
        for where, text in _texts(data):
            for match in FAQ_LINK.finditer(text):
                target, anchor = match.group(1), (match.group(2) or "")[1:]
                line = source.line_in_text(where, match.start())
                if target in unreadable:
                    continue
                if target not in sources:
                    problems.append(
                        Problem(
                            source.path,
                            line,
                            f"link to entry 'faq:{target}' that does not exist{_closest(target, ids)}{_moved(target, former)}",
                        )
                    )
                elif retired.get(target) is not None and not data.get("retired"):
                    problems.append(
                        Problem(source.path, line, f"link to entry 'faq:{target}' that is retired{_instead(target, retired)}")
                    )
                elif anchor.startswith("step-"):
                    steps = [s.get("id") for s in _list(sources[target].data.get("steps")) if isinstance(s, dict)]
                    if anchor[5:] not in steps:
                        problems.append(
                            Problem(source.path, line, f"link to step '{anchor}' that entry '{target}' does not have")
                        )
        problems += _retirement_problems(entry_id, source, sources, retired, former, unreadable=unreadable)
        if not isinstance(data.get("question"), str) or data.get("retired"):
            continue
        key = _normal_question(data["question"])
        if key in questions:
            first = questions[key]
            for here, there in ((source, first), (first, source)):
                problems.append(
                    Problem(
                        here.path,
                        here.line_of(("question",)),
                        f"the same question is also asked in {there.path}:{there.line_of(('question',))}; merge the two entries",
                    )
                )
        else:
            questions[key] = source
    return problems
