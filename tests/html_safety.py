"""What may stand in a built page, read as a browser reads it: nothing that runs code or loads from elsewhere.

`unsafe_markup(html)` lists every element or attribute of a page that could run script, send the
shopper elsewhere by itself, or load something from another host: script elements other than the
site's own files and data blocks, event handlers, frames, objects, forms with an action, `<base>`,
SVG animation, `srcdoc`, `formaction`, styles with `url()`, and links or sources whose scheme is not
http(s), mailto or tel (after the entity decoding and whitespace folding a browser does).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite",
    "srcset", "ping", "manifest", "codebase", "dynsrc", "lowsrc", "longdesc", "usemap", "icon",
})
NEVER = frozenset({
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "animate", "set",
    "animatemotion", "animatetransform", "foreignobject", "math", "portal", "fencedframe",
})
DATA_SCRIPTS = frozenset({"application/ld+json", "application/json"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII tab and newlines anywhere in a URL and C0 controls and spaces at its ends.
_URL_NOISE = re.compile(r"[\t\n\r]")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in `url`, lower case; None for a relative address."""
    cleaned = _URL_NOISE.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                             "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = _SCHEME.match(cleaned.lower())
    return match.group(1) if match else None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.script_is_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        seen = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"[:200]
        if tag in NEVER:
            self.problems.append(f"element <{tag}>: {where}")
        for name, value in attrs:
            text = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}=: {where}")
            if name in ("srcdoc", "formaction"):
                self.problems.append(f"attribute {name}=: {where}")
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", text, re.IGNORECASE):
                self.problems.append(f"style that loads or runs something: {where}")
            if name in URL_ATTRIBUTES:
                addresses = [part.strip().split(" ")[0] for part in text.split(",")] if name == "srcset" else [text]
                for address in addresses:
                    scheme = scheme_of(address)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        self.problems.append(f"{scheme}: address in {name}=: {where}")
        if tag == "form" and seen.get("action"):
            self.problems.append(f"form that sends somewhere: {where}")
        if tag == "meta" and (seen.get("http-equiv") or "").lower() == "refresh":
            target = (seen.get("content") or "").partition("url=")[2]
            if scheme_of(target) is not None:  # moved answers lead on within the site only
                self.problems.append(f"refresh to {target!r}: {where}")
        if tag == "script":
            kind = (seen.get("type") or "").lower()
            self.in_script, self.script_is_data = True, kind in DATA_SCRIPTS
            if not self.script_is_data and scheme_of(seen.get("src") or "javascript:") is not None:
                self.problems.append(f"script that is not one of the site's own files: {where}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and not self.script_is_data and data.strip():
            self.problems.append(f"inline script: {data.strip()[:120]!r}")

    def handle_comment(self, data: str) -> None:
        if "hc-editor:" in data:
            self.problems.append("an answer's sanitizer mark was left in the page")


def unsafe_markup(html: str) -> list[str]:
    """Every unsafe element or attribute of a page; an empty list when it is safe."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.problems
