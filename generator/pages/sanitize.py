"""The HTML of editors' answers, cleaned by an allow-list before it reaches any page.

`helpcenter check` refuses raw scripts, handlers and `javascript:` links early, in words an
editor understands; but Markdown has many ways to write a link (reference definitions, angle
brackets, entities, attributes from `attr_list`, SVG animations...), and a regex over the input
cannot know them all. So the rendered HTML of every answer, step lead and step text is cleaned
again on the way out, by nh3 (the Rust `ammonia` sanitizer, which parses HTML as browsers do):
only the tags and attributes Markdown produces for prose survive, and links may only lead to
http(s), mailto, tel or relative addresses. Whatever host serves the site, with or without a
Content-Security-Policy, an answer cannot run code.

Answers are rendered by MkDocs together with the page around them (so headings, permalinks and
`faq:` links behave as everywhere else). The templates mark where each editor-written text begins
and ends with HTML comments carrying a secret made for this build, which an editor cannot forge;
`clean_marked` cleans what lies between the marks and removes them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import nh3

from .html_guard import foreign

#: What Markdown (with the site's extensions) makes of prose: text, lists, links, code, tables,
#: admonitions and details. No scripts, frames, forms, styles, SVG or MathML.
TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
#: Attributes kept, per tag ("*": on every tag). `class` lets attr_list and admonitions style
#: text; `id` only on headings, for their permalinks. No `style` (it can load URLs), no handlers.
ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
#: Where links and images may point, besides relative addresses on the site itself.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def own_files_only(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an image may only come from the site's own files (a relative address)."""
    if tag == "img" and attribute == "src" and (foreign(value) or value.strip().lower().startswith("data:")):
        return None
    return value


def clean(html: str) -> str:
    """An HTML fragment with everything outside the allow-list removed."""
    return _cleaner(own_files_only).clean(html)


@cache
def _cleaner(attribute_filter: Callable[[str, str, str], str | None]) -> nh3.Cleaner:
    """The allow-list, handed to nh3 once (per call, converting it costs three times the cleaning)."""
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # internal links stay as they are; no target= is allowed, so no opener to guard
        strip_comments=True,
        attribute_filter=attribute_filter,
    )


class UnbalancedMarksError(ValueError):
    """An editor's text swallowed the mark that ends it (an unclosed HTML comment or code fence)."""


@dataclass(frozen=True)
class Marks:
    """The begin and end marks of editor-written text, unique to one build."""

    secret: str = field(default_factory=lambda: secrets.token_hex(12))

    @property
    def begin(self) -> str:
        return f"<!--hc-editor:{self.secret}-->"

    @property
    def end(self) -> str:
        return f"<!--/hc-editor:{self.secret}-->"

    def around(self, markdown: str) -> str:
        """Markdown wrapped in the marks, as blocks of their own (so Markdown keeps them as they are)."""
        return f"\n\n{self.begin}\n\n{markdown.strip(chr(10))}\n\n{self.end}\n\n"

    def clean_marked(self, html: str) -> str:
        """The page's HTML with every marked part cleaned and the marks removed."""
        parts: list[str] = []
        position = 0
        while (start := html.find(self.begin, position)) >= 0:
            stop = html.find(self.end, start)
            inner_start = start + len(self.begin)
            if stop < 0 or html.find(self.begin, inner_start, stop) >= 0:
                raise UnbalancedMarksError("an answer does not end where it should")
            parts += [html[position:start], clean(html[inner_start:stop].strip("\n"))]
            position = stop + len(self.end)
        if html.find(self.end, position) >= 0:
            raise UnbalancedMarksError("an answer does not begin where it should")
        parts.append(html[position:])
        return "".join(parts)
