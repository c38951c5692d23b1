"""What may stand in a built page, read as a browser reads it: nothing that runs code or loads from elsewhere.

`unsafe_markup(html)` lists every element or attribute of a whole page that could run script, send
the shopper elsewhere by itself, or load something from another host: script elements other than
the site's own files and data blocks, event handlers, frames, objects, forms with an action,
`<base>`, a meta refresh other than the page's own redirect, SVG animation, `srcdoc`, `formaction`,
styles with `url()`, links or sources whose scheme is not http(s), mailto or tel (after the entity
decoding and whitespace folding a browser does), and resources (images, scripts, style sheets,
icons, media, preloads) from another host, protocol-relative `//host/...` included.

The build runs it on every page's final HTML (`generator/pages/page_guard.py`), the checker on each
answer's rendered HTML, and the tests on built sites: one reader, so all three agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "background",
        "cite",
        "srcset",
        "imagesrcset",
        "ping",
        "manifest",
        "codebase",
        "dynsrc",
        "lowsrc",
        "longdesc",
        "usemap",
        "icon",
    }
)
NEVER = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "animate",
        "set",
        "animatemotion",
        "animatetransform",
        "foreignobject",
        "math",
        "portal",
        "fencedframe",
    }
)
DATA_SCRIPTS = frozenset({"application/ld+json", "application/json"})
#: `<link rel=...>` values that make the browser fetch the address (a canonical or alternate link does not).
FETCHING_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "prerender",
        "preconnect",
        "dns-prefetch",
        "manifest",
    }
)
#: Attributes that load what they name as soon as the page is shown (or clicked, for `ping`), per tag.
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "link": ("imagesrcset",),
    "a": ("ping",),
    "area": ("ping",),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII tab and newlines anywhere in a URL, C0 controls and spaces at its ends, and
# read a backslash as a slash in web addresses.
_URL_NOISE = re.compile(r"[\t\n\r]")
_EDGE_NOISE = "".join(chr(c) for c in range(0x21))
_STYLE_LOADS = re.compile(r"url\s*\(|expression\s*\(|@import|image-set\s*\(", re.IGNORECASE)


def _browser_url(url: str) -> str:
    return _URL_NOISE.sub("", url).strip(_EDGE_NOISE)


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see in `url`, lower case; None for a relative address."""
    match = _SCHEME.match(_browser_url(url).lower())
    return match.group(1) if match else None


def foreign(url: str, own_origin: str = "") -> bool:
    """Whether loading `url` asks a host other than the site's own (`own_origin`, like https://help.example)."""
    address = _browser_url(url).replace("\\", "/")
    scheme = scheme_of(address)
    if scheme is None:
        return address.startswith("//")  # protocol-relative: another host whatever the page's scheme
    if not own_origin or scheme not in ("http", "https"):
        return True
    parts, own = urlsplit(address), urlsplit(own_origin)
    return (parts.scheme.lower(), (parts.netloc or "").lower()) != (own.scheme.lower(), own.netloc.lower())


def _addresses(name: str, value: str) -> list[str]:
    if name.endswith("srcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


class _Reader(HTMLParser):
    def __init__(self, own_origin: str, redirect: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.own_origin = own_origin
        self.redirect = redirect
        self.problems: list[str] = []
        #: Where each problem starts in the page: (line, column) of the tag, as HTMLParser counts them.
        self.spots: list[tuple[int, int]] = []
        self.in_script = False
        self.script_is_data = False
        self.in_head = False

    def _found(self, problem: str) -> None:
        self.problems.append(problem)
        self.spots.append(self.getpos())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The tag as written, for the message: built only when something is wrong (most tags are fine,
        # and every page of a build goes through here).
        def where() -> str:
            return f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"[:200]

        self.in_head = tag == "head" or (self.in_head and tag != "body")
        if tag in NEVER:
            self._found(f"element <{tag}>: {where()}")
        for name, value in attrs:
            if name.startswith("on"):
                self._found(f"event handler {name}=: {where()}")
            if name in ("srcdoc", "formaction"):
                self._found(f"attribute {name}=: {where()}")
            if name == "style" and value and _STYLE_LOADS.search(value):
                self._found(f"style that loads or runs something: {where()}")
            if value and (name in URL_ATTRIBUTES or name.endswith("srcset")):
                for address in _addresses(name, value):
                    scheme = scheme_of(address)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        self._found(f"{scheme}: address in {name}=: {where()}")
        seen = dict(attrs)
        self._resources(tag, attrs, seen, where)
        if tag == "form" and seen.get("action"):
            self._found(f"form that sends somewhere: {where()}")
        if tag == "meta" and (seen.get("http-equiv") or "").strip().lower() == "refresh":
            self._refresh(seen.get("content") or "", where())
        if tag == "script":
            kind = (seen.get("type") or "").strip().lower()
            self.in_script, self.script_is_data = True, kind in DATA_SCRIPTS
            # An inline script is reported by handle_data; one with src= must be one of the site's files.
            if not self.script_is_data and "src" in seen and scheme_of(seen.get("src") or "") is not None:
                self._found(f"script that is not one of the site's own files: {where()}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def _resources(
        self, tag: str, attrs: list[tuple[str, str | None]], seen: dict[str, str | None], where: Callable[[], str]
    ) -> None:
        names = RESOURCE_ATTRIBUTES.get(tag, ())
        if tag == "link" and FETCHING_RELS & set((seen.get("rel") or "").lower().split()):
            names = (*names, "href")
        if not names:
            return
        for name, value in attrs:
            if name in names:
                for address in _addresses(name, value or ""):
                    if foreign(address, self.own_origin):
                        self._found(f"{name}= loads {address!r} from another host: {where()}")

    def _refresh(self, content: str, where: str) -> None:
        target = re.split(r"url\s*=\s*", content, maxsplit=1, flags=re.IGNORECASE)[1:]
        address = target[0].strip().strip("'\"") if target else ""
        if self.redirect is not None:
            allowed = bool(self.redirect) and address == self.redirect
        else:  # unknown page: only a redirect in <head> within the site (moved answers)
            allowed = self.in_head and bool(address) and scheme_of(address) is None and not foreign(address)
        if not allowed:
            self._found(f"meta refresh to {address!r}: {where}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if tag == "head":
            self.in_head = False

    def handle_data(self, data: str) -> None:
        if self.in_script and not self.script_is_data and data.strip():
            self._found(f"inline script: {data.strip()[:120]!r}")

    def handle_comment(self, data: str) -> None:
        if "hc-editor:" in data:
            self._found("an answer's sanitizer mark was left in the page")
        # Browsers end a comment at `<!-->`, `<!--->` and `--!>`, where this reader would read on.
        if data.startswith((">", "->")) or "--!>" in data:
            self._found(f"a comment that browsers end early: <!--{data[:80]}")

    def handle_pi(self, data: str) -> None:
        self._found(f"a processing instruction browsers read as a comment: <?{data[:80]}")


def unsafe_spots(html: str, *, own_origin: str = "", redirect: str | None = None) -> list[tuple[int, str]]:
    """Every unsafe element or attribute of a page with where it starts (an offset into `html`).

    `own_origin` (like `https://help.example`) is the site's own host, from which resources may load;
    `redirect` is the one address the page may refresh to ("" for none; None: any address of the
    site, from the head).
    """
    reader = _Reader(own_origin, redirect)
    reader.feed(html)
    reader.close()
    if not reader.problems:
        return []
    line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
    return [
        (line_starts[line - 1] + column, problem) for (line, column), problem in zip(reader.spots, reader.problems, strict=True)
    ]


def unsafe_markup(html: str, *, own_origin: str = "", redirect: str | None = None) -> list[str]:
    """Every unsafe element or attribute of a page; an empty list when it is safe (see unsafe_spots)."""
    return [problem for _, problem in unsafe_spots(html, own_origin=own_origin, redirect=redirect)]
