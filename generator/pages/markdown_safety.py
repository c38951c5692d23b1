"""What the site's Markdown may produce, enforced inside Python-Markdown itself.

- **Ids.** `attr_list` lets Markdown give any element an id (`{: #x }`, `{: id='...' }`), and the
  `toc` extension copies a heading's id as it is into the page's table of contents, which Material
  prints unescaped into the sidebar's `<a href>`. `SafeIds` runs between the two and drops every
  id that is not a plain slug, so `toc` makes one from the heading's words instead. (The checker
  refuses ids in editors' texts outright, with the line; this is what holds if one gets through.)
- **Emoji.** A shortcode (`:smile:`) would otherwise become an `<img>` from a CDN; `icon_or_character`
  inlines the theme's own icons (`:material-truck-outline:`) as SVG and writes every emoji as its
  Unicode character: nothing is loaded from another host.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: An id that is safe anywhere it is printed: letters, digits, hyphens and underscores.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,120}$")


class SafeIds(Treeprocessor):
    """Drops every id that is not a plain slug (after attr_list has set them, before toc reads them)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if "id" in element.attrib and not SAFE_ID.match(element.attrib["id"]):
                del element.attrib["id"]


class SafeMarkdown(Extension):
    """The site's Markdown rules; the plugin adds it to every page's Markdown."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # attr_list runs at priority 8, toc at 5.
        md.treeprocessors.register(SafeIds(md), "helpcenter-safe-ids", 6)


def icon_or_character(  # noqa: PLR0917 - the signature pymdownx.emoji calls
    index: str,
    shortname: str,
    alias: str,
    uc: str | None,
    alt: str,
    title: str,
    category: str,
    options: dict[str, Any],
    md: Markdown,
) -> Any:
    """pymdownx.emoji's generator: the theme's icons as inline SVG, every emoji as its own character."""
    from material.extensions import emoji as material_emoji
    from pymdownx import emoji

    if not uc:  # one of the theme's bundled icons: inline SVG from the theme's files
        return material_emoji.to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return emoji.to_alt(index, shortname, alias, uc, alt, title, category, options, md)
