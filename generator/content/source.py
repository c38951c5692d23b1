"""Read one YAML content file into plain data, remembering where each value stands.

Editors need `path:line` in every message, and PyYAML forgets positions once it
has built Python objects. So the loader records the line of every mapping key
and sequence item while it constructs them, keyed by the path to the value
(`("steps", 2, "id")`). It also refuses what PyYAML silently accepts: a key
given twice in one mapping (the second one would win without a word).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is about 20x faster at thousands of files; fall back if absent.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

#: A file larger than this is not an FAQ entry (and could exhaust memory).
MAX_FILE_BYTES = 256 * 1024
#: Aliases let a tiny file expand into billions of nodes ("billion laughs").
MAX_ALIASES = 50


@dataclass(frozen=True)
class Problem:
    """Something an editor must fix, with the place to look."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SourceError(Exception):
    """The file cannot be read as YAML; carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Source:
    """A loaded YAML document and the line (1-based) where each value starts."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    text_lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, where: Path_) -> int:
        """The line of the value at `where`, or of its nearest known parent."""
        where = tuple(where)
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return self.lines.get((), 1)

    def line_in_text(self, where: Path_, offset: int) -> int:
        """The line of character `offset` inside the text value at `where`."""
        value = self.data
        for key in where:
            value = value[key]
        first = self.text_lines.get(tuple(where), self.line_of(where))
        return first + str(value)[:offset].count("\n")


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(_BaseLoader):  # type: ignore[misc]
    """A safe loader; `_walk` records lines and rejects duplicate keys and alias bombs."""


# Keep dates as text: the schema speaks of "YYYY-MM-DD" strings, and a
# datetime would make the JSON-Schema check fail with a confusing message.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda _loader, node: str(node.value))


def _make_loader(stream: str) -> Any:
    loader = _Loader(stream)
    loader.hc_lines = {}
    loader.hc_text_lines = {}
    loader.hc_aliases = 0
    return loader


def _walk(loader: Any, node: yaml.Node, where: Path_, seen: set[int]) -> Any:
    """Build plain data from a node tree, recording lines and rejecting duplicate keys."""
    if id(node) in seen:
        loader.hc_aliases += 1
        if loader.hc_aliases > MAX_ALIASES:
            raise yaml.MarkedYAMLError(
                problem=f"too many aliases (more than {MAX_ALIASES}); write the values out",
                problem_mark=node.start_mark,
            )
    seen.add(id(node))
    loader.hc_lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # A block scalar's text starts on the line after its `|` or `>`.
        loader.hc_text_lines[where] = node.start_mark.line + 2
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.MarkedYAMLError(problem="a key must be a plain word", problem_mark=key_node.start_mark)
            # Paths name keys as text (or list positions); YAML also allows numbers and booleans as keys.
            part: str | int = key if isinstance(key, str) else str(key)
            if key in result:
                first = loader.hc_lines.get((*where, part), "?")
                raise _DuplicateKey(
                    problem=f"duplicate key '{key}' (first given on line {first}); keep one",
                    problem_mark=key_node.start_mark,
                )
            loader.hc_lines[(*where, part)] = key_node.start_mark.line + 1
            result[key] = _walk(loader, value_node, (*where, part), seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            loader.hc_lines[(*where, index)] = item.start_mark.line + 1
            items.append(_walk(loader, item, (*where, index), seen))
        return items
    return loader.construct_object(node, deep=True)


def _open_quote(text: str, line: int) -> tuple[int, int] | None:
    """(first, last line) of a quoted value spanning lines that ends at or just before `line`, if any.

    An unclosed quote swallows the lines after it until the next quote, and PyYAML reports the
    mistake where that swallowed text runs out; the editor's mistake is where the quote opened.
    """
    spans: list[tuple[int, int]] = []
    tokens = yaml.scan(text, Loader=_BaseLoader)
    with contextlib.suppress(yaml.YAMLError):  # the tokens up to the error: the scan stops there
        spans.extend(
            (t.start_mark.line + 1, t.end_mark.line + 1)
            for t in tokens
            if isinstance(t, yaml.ScalarToken) and t.style in ('"', "'") and t.end_mark.line > t.start_mark.line
        )
    return next((s for s in reversed(spans) if s[1] <= line <= s[1] + 1), None)


#: Constructs PyYAML names as the context of an error that opened where the mistake is (a quote or
#: bracket never closed), while its problem mark is where the file or the construct ran out.
_OPENED_AT = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a flow")


def _yaml_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    message = f"{context}, {what}" if context else what
    hint = "check the indentation and quoting around this line"
    lines = text.split("\n")
    if context and context.startswith(_OPENED_AT) and context_mark is not None:
        line = context_mark.line + 1
        if "quoted" in context:
            message, hint = "a quote opened on this line is never closed", "close it at the end of the value, or remove it"
        else:
            bracket = "]" if "sequence" in context else "}"
            message, hint = "a list or set of fields in brackets opened on this line is not closed", f"close it with {bracket}"
    elif (quoted := _open_quote(text, line)) is not None:
        message = f"the quote opened on this line runs on to line {quoted[1]}"
        hint = "close it at the end of this line's value, or remove it"
        line = quoted[0]
    # An error found at the end of the file (an unclosed bracket) points past the last line.
    last = max((n for n, content in enumerate(lines, 1) if content.strip()), default=1)
    line = min(line, last)
    if "\t" in (lines[line - 1] if 0 < line <= len(lines) else ""):
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif isinstance(error, _DuplicateKey) or "alias" in message:
        hint = ""
    said = message if isinstance(error, _DuplicateKey) else f"YAML syntax error: {message}"
    return Problem(path, line, f"{said}; {hint}" if hint else said)


def parse_yaml(text: str, path: str) -> Source:
    """Parse YAML text into a Source; raise SourceError with `path:line` on failure."""
    loader = _make_loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SourceError(Problem(path, 1, "the file is empty; see content/README.md for an example entry"))
        data = _walk(loader, node, (), set())
    except yaml.YAMLError as error:
        raise SourceError(_yaml_problem(path, text, error)) from None
    except RecursionError:
        raise SourceError(Problem(path, 1, "the YAML is nested too deeply")) from None
    finally:
        loader.dispose()
    return Source(path, data, loader.hc_lines, loader.hc_text_lines)


def read_yaml(file: Path, shown_as: str | None = None) -> Source:
    """Read a YAML file (UTF-8, optional byte-order mark, any line endings)."""
    path = shown_as or str(file)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise SourceError(Problem(path, 1, f"cannot read the file: {error.strerror}")) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(Problem(path, 1, f"the file is larger than {MAX_FILE_BYTES // 1024} KB; split it"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(Problem(path, line, "the file is not valid UTF-8; save it as UTF-8 in your editor")) from None
    return parse_yaml(text.replace("\r\n", "\n").replace("\r", "\n"), path)
