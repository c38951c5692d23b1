"""Editors' Markdown read as the site will render it, within limits that keep rendering quick.

The checker's friendly refusals (validate.UNSAFE_HTML) read the Markdown's text; some things only
show once it is rendered (an id `attr_list` gives a heading, an image's real address, raw HTML
that a backslash or a code span hid from a pattern). So every answer, step lead and step text is
also rendered here, with the site's Markdown extensions, and what comes out is read by the same
reader the build's page guard uses (pages/html_guard.py).

Python-Markdown's link and inline-HTML parsing is quadratic in unclosed brackets and `<`, and its
list parsing recurses per level of indentation: a few hundred brackets make a build run for
minutes. So the text is measured first (LIMITS, stated in content/README.md) and refused above
them without rendering; rendering then runs under a time budget (budget.py) as a second line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .budget import OverBudget, time_budget
from .deferred import defer
from .source import Problem, Source


@dataclass(frozen=True)
class Limits:
    """What one Markdown text may hold; measured in bench/guard.py (worst case well under a second)."""

    #: Brackets `[` and `(` open at once (nested or never closed), outside fenced code.
    open_brackets: int = 16
    #: `<` not closed by a `>` in the same line, outside fenced code.
    open_angles: int = 32
    #: Leading spaces of a line (a list nested eight deep), outside fenced code.
    indent: int = 32
    #: `>` quote marks at the start of a line.
    quote_depth: int = 8
    #: Seconds to render one text (the second line behind the limits above).
    render_seconds: float = 2.0


LIMITS = Limits()
#: The Markdown extensions of the site (MkDocs' own three, then mkdocs.yml's), for editors' texts.
#: Not pymdownx.emoji: indexing the theme's 10,000 icons costs most of a second, and a shortcode
#: becomes a character or an icon of the theme (markdown_safety.py), never markup to check.
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "pymdownx.details"]
IMAGE_HELP = (
    "put the image file in the repository's static/images/ folder so the site serves it "
    "itself, and write ![what it shows](../images/FILE-NAME)"
)


class _GivenIds(Treeprocessor):
    """Records the ids Markdown itself was given (attr_list, md_in_html), before toc adds its own."""

    def run(self, root: Element) -> None:
        self.ids = [
            (element.attrib["id"], "".join(element.itertext()).strip()) for element in root.iter() if "id" in element.attrib
        ]


class _Probe(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.given = _GivenIds(md)
        md.treeprocessors.register(self.given, "helpcenter-given-ids", 7)  # after attr_list (8), before toc (5)


@cache
def _renderer() -> tuple[markdown.Markdown, _Probe]:
    probe = _Probe()
    return markdown.Markdown(extensions=[*EXTENSIONS, probe]), probe


def _outside(text: str, fences: list[tuple[int, int]]) -> str:
    """The text with fenced code blanked out (same length, so offsets still point at lines)."""
    chars = list(text)
    for start, end in fences:
        chars[start:end] = re.sub(r"[^\n]", "x", text[start:end])
    return "".join(chars)


#: A line that may pass the indent or quote limits (tabs count as four spaces): only such texts are read closely.
#: A tab is at most four columns, so passing the indent limit takes indent // 4 + 1 characters at least.
_DEEP_LINE = re.compile(rf"^[ \t>]{{{min(LIMITS.indent // 4, LIMITS.quote_depth) + 1},}}", re.MULTILINE)


def within_limits(text: str) -> bool:
    """Whether `text` cannot pass any limit, told by counting characters: most texts, in microseconds."""
    return (
        text.count("[") + text.count("(") <= LIMITS.open_brackets
        and text.count("<") <= LIMITS.open_angles
        and _DEEP_LINE.search(text) is None
    )


def _over_limits(text: str) -> tuple[int, str] | None:
    """(offset, words) of the first place a limit is passed, or None (callers ask within_limits first)."""
    stack: list[str] = []
    escaped = False
    for offset, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "[(":
            stack.append(char)
            if len(stack) > LIMITS.open_brackets:
                return offset, (
                    f"has more than {LIMITS.open_brackets} brackets '[' or '(' open at once; "
                    "close each one, or write a bracket that is only text as \\[ or \\("
                )
        elif char in "])" and stack and stack[-1] == {"]": "[", ")": "("}[char]:
            stack.pop()
    position = 0
    for line in text.split("\n"):
        stripped = line.expandtabs(4)
        if stripped.strip() and len(stripped) - len(stripped.lstrip(" ")) > LIMITS.indent:
            return position, f"has a line indented more than {LIMITS.indent} spaces; lists nest at most eight deep"
        if len(re.match(r"[ >]*", line).group().replace(" ", "")) > LIMITS.quote_depth:  # type: ignore[union-attr]
            return position, f"quotes ('>') more than {LIMITS.quote_depth} deep; use fewer '>'"
        angles = re.findall(r"<(?![^<>]*>)", line)
        if len(angles) > LIMITS.open_angles:
            return position, f"has more than {LIMITS.open_angles} '<' without a '>' on one line; write them as &lt;"
        position += len(line) + 1
    return None


def _line(source: Source, where: tuple[Any, ...], text: str, *needles: str) -> int:
    """The line of the first needle found in the text (the text's first line if none is)."""
    for needle in needles:
        if needle and (offset := text.find(needle)) >= 0:
            return source.line_in_text(where, offset)
    return source.line_in_text(where, 0)


def _shown(value: str) -> str:
    """Rendered text as an editor wrote it, shortened: raw HTML stands as '…', controls as '?'."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", _STASHED.sub("…", value))[:40]


#: Where Python-Markdown keeps raw HTML aside while it renders (its "stash" placeholders).
_STASHED = re.compile("\x02wzxhzdk:\\d+\x03")


def _id_problem(source: Source, where: tuple[Any, ...], text: str, given: str, words: str) -> Problem:
    # Found by rendering; placed by looking for what the editor wrote: the id, the heading, the braces.
    written = _STASHED.split(given)[0]
    line = _line(source, where, text, written if len(written) > 2 else "", _STASHED.split(words)[0], "{:", "{#", " id=")
    return Problem(
        source.path,
        line,
        f"an id given in Markdown ('{_shown(given)}') is not allowed in answers; "
        "remove the {: #...} or id=: headings get their link from their words",
    )


@lru_cache(maxsize=8192)
def _rendered(text: str, seconds: float) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None:
    """The ids given in `text` and the unsafe spots of its HTML, or None when it takes too long to render.

    Kept by text: a build reads each answer more than once (the entry, its translations' checks),
    and `mkdocs serve` re-reads every unchanged answer on each save."""
    from generator.pages.html_guard import unsafe_spots  # the pages' reader; pages import content, not back

    md, probe = _renderer()
    try:
        with time_budget(seconds):
            html = md.reset().convert(text)
    except (OverBudget, RecursionError):
        return None
    return tuple((given, words) for given, words in probe.given.ids), tuple(problem for _, problem in unsafe_spots(html))


def rendered_problems(
    source: Source,
    where: tuple[Any, ...],
    text: str,
    fences: list[tuple[int, int]],
    *,
    field: str,
    reported: bool,
    seconds: float | None = None,
) -> list[Problem]:
    """Problems of one Markdown text of an entry as it will render; `reported`: the text already has some.

    The limits are checked at once; the rendering may be deferred (deferred.py), with the time budget
    as this process has it (`seconds`, LIMITS.render_seconds when not given)."""
    if not within_limits(text) and (over := _over_limits(_outside(text, fences))) is not None:
        offset, words = over
        return [Problem(source.path, source.line_in_text(where, offset), f"'{field}' {words}")]
    seconds = LIMITS.render_seconds if seconds is None else seconds
    if defer(rendered_problems, source, where, text, fences, field=field, reported=reported, seconds=seconds):
        return []
    rendered = _rendered(text, seconds)
    if rendered is None:
        return [
            Problem(
                source.path,
                source.line_in_text(where, 0),
                f"'{field}' takes more than {seconds:g} s to turn into a page; "
                "look for unusual runs of brackets, '<', '*' or indentation and simplify them",
            )
        ]
    ids, spots = rendered
    problems = [_id_problem(source, where, text, given, words) for given, words in ids]
    for problem in spots:
        address = re.match(r"\w+= loads '(.*)' from another host", problem)
        if address and address.group(1):
            problems.append(
                Problem(
                    source.path,
                    _line(source, where, text, address.group(1)),
                    f"an image from another site ({address.group(1)[:60]}) is not allowed: the shopper's "
                    f"browser would ask that site for it; {IMAGE_HELP}",
                )
            )
        elif not reported and not problems:
            problems.append(
                Problem(
                    source.path,
                    source.line_in_text(where, 0),
                    f"'{field}' would put unsafe markup into the page ({problem[:80]}); write it in plain Markdown",
                )
            )
    return problems
