"""Turn the help center's content into page sources, through templates in `theme/helpcenter/`.

Each page is Markdown made by a Jinja template (so the markup changes without
touching Python) plus the page's metadata (description, search keywords,
JSON-LD) as plain data. Strings from content files are escaped for Markdown
and HTML where they are placed into markup; answers are Markdown by design,
marked in the page so that their HTML is cleaned by an allow-list once
rendered (see sanitize.py).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import jinja2

from generator.content.entries import Category, Entry, HelpCenter
from generator.content.localize import Language
from generator.content.validate import FAQ_LINK

from .sanitize import Marks

HOME = "index.md"
SELF_CHECK = "self-check.md"
PRIVACY = "privacy.md"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_text(value: object) -> str:
    """Text safe to place inside Markdown markup: HTML-escaped, Markdown specials escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


#: A theme icon's name (as categories.schema.json says): anything else is never printed.
ICON = re.compile(r"^(material|octicons|simple|fontawesome/(brands|regular|solid))/[a-z0-9]+(-[a-z0-9]+)*$")


def icon_shortcode(name: object) -> str:
    """The emoji shortcode of a theme icon (`material/truck` -> `:material-truck:`); "" for any other string."""
    text = str(name)
    return f":{text.replace('/', '-')}:" if ICON.match(text) else ""


_PLAIN_TEXT = (
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the words
    (re.compile(r"<([^<>@\s]+@[^<>\s]+)>"), r"\1"),  # <email> autolinks
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"(\*\*|__|`)"), ""),
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s+", re.MULTILINE), ""),
    (re.compile(r"^#+\s*", re.MULTILINE), ""),
    (re.compile(r"\s+"), " "),
)


# An answer's text goes into its page, its category's page and the search index: work it out
# once per build (a pure function of the text; bounded, as `mkdocs serve` rebuilds for hours).
@lru_cache(maxsize=16_384)
def plain_text(markdown: str) -> str:
    """A readable plain-text version of an answer (for descriptions and JSON-LD)."""
    text = markdown
    for pattern, replacement in _PLAIN_TEXT:
        text = pattern.sub(replacement, text)
    return text.strip()


def summary(entry: Entry, limit: int = 155) -> str:
    """The meta description: the editor's summary, or the answer's opening cut at a word."""
    text = entry.summary or plain_text(entry.answer)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def meta_text(value: str) -> str:
    """Text for a `<meta content="...">` attribute: Material's templates print page metadata as it is."""
    return html.escape(value, quote=True)


@lru_cache(maxsize=65536)
def relative(target: str, start: str) -> str:
    """posixpath.relpath between two of the site's sources, kept: a build asks for the same few thousand
    (every page links its category, home and related questions), and relpath reads the working directory."""
    return posixpath.relpath(target, start)


def _url(src_uri: str) -> str:
    """The folder a page's address is (directory URLs): `de/faq/x.md` -> `de/faq/x`, `de/index.md` -> `de`."""
    path = src_uri.removesuffix(".md")
    return (path.removesuffix("index").rstrip("/") or ".") if path == "index" or path.endswith("/index") else path


def fill(text: str, **values: str) -> str:
    """A site word with its {placeholders} filled in; never str.format, which would read an editor's braces as code."""
    for name, value in values.items():
        text = text.replace(f"{{{name}}}", str(value))
    return text


def mail_link(address: str, subject: str, body: str = "") -> str:
    query = f"subject={quote(subject, safe='')}"
    if body:
        query += f"&body={quote(body, safe='')}"
    return f"mailto:{address}?{query}"


def json_ld(data: Any) -> str:
    """JSON safe inside <script type="application/ld+json">: no `</script>` can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def answer_text(entry: Entry) -> str:
    """The whole answer as plain text: the answer, then each step's lead, title and text."""
    parts = [plain_text(entry.answer)]
    parts += [plain_text(f"{s.lead}\n{s.title}: {s.text}") for s in entry.steps]
    return " ".join(p for p in parts if p)


def faq_page_ld(entries: list[Entry]) -> str:
    """schema.org FAQPage data for a page that lists these questions with their answers."""
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {"@type": "Question", "name": e.question, "acceptedAnswer": {"@type": "Answer", "text": answer_text(e)}}
                for e in entries
            ],
        }
    )


def human_date(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class PageSource:
    """One generated page: where it lives, its Markdown, and the metadata MkDocs/Material read."""

    src_uri: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)


class Renderer:
    """Renders pages with templates found through the theme's loader (so `theme/` overrides apply)."""

    def __init__(
        self,
        loader: jinja2.BaseLoader,
        *,
        shop_name: str,
        support_email: str,
        self_check: bool,
        marks: Marks | None = None,
        site_host: str = "",
    ) -> None:
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=jinja2.select_autoescape(["html"], default_for_string=False, default=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            # A Renderer lives for one build (the plugin makes one per build, and `mkdocs serve` rebuilds
            # after a template is edited): no need to look at each template's file again on every page.
            auto_reload=False,
        )
        self.env.filters["md"] = md_text
        self.env.filters["icon"] = icon_shortcode
        self.env.filters["faq_links"] = self.faq_links
        self.marks = marks or Marks()
        self.env.filters["editor"] = lambda markdown, prefix: self.marks.around(self.faq_links(markdown, prefix))
        self.env.filters["fill"] = fill
        self.env.globals.update(mail_link=mail_link, human_date=human_date, support_email=support_email, shop_name=shop_name)
        self.shop_name = shop_name
        self.support_email = support_email
        self.self_check = self_check
        #: The language being rendered, and its words (set by `pages`).
        self.language = Language("en", "English", "")
        self.words: dict[str, str] = {}
        self.site_host = site_host

    @staticmethod
    def faq_links(markdown: str, prefix: str, suffix: str = ".md") -> str:
        """Point `faq:ID` links at the entry's page, relative to the page being written.

        Markdown that MkDocs renders links to the entry's source (`.md`, checked by
        MkDocs); Markdown rendered outside MkDocs links to its address (`/`).
        """
        return FAQ_LINK.sub(lambda m: f"]({prefix}{m.group(1)}{suffix}{m.group(2) or ''})", markdown)

    def _render(self, template: str, here: str = "", **context: Any) -> str:
        """Render a page whose source is `here`: its links are relative to it, its words in its language."""
        lang = self.language

        def href(target: str) -> str:
            return relative(target, posixpath.dirname(here) or ".")

        def entry_src(entry: Entry) -> str:
            return f"{lang.prefix}{entry.src_uri}" if lang.published(entry.id) else entry.src_uri

        def english_mark(entry: Entry) -> str:
            # An answer not (yet) published in this language links to the English page, and says so.
            return "" if lang.published(entry.id) else f" ({md_text(self.words.get('in_english', 'in English'))})"

        faq_folder = f"{lang.prefix}faq/x"
        return self.env.get_template(template).render(
            **{
                "words": self.words,
                "href": href,
                "entry_src": entry_src,
                "english_mark": english_mark,
                "home_src": f"{lang.prefix}{HOME}",
                "self_check_src": f"{lang.prefix}{SELF_CHECK}",
                "faq_prefix": relative(faq_folder, posixpath.dirname(here) or ".").removesuffix("x"),
                "privacy_href": relative(self._privacy_src().removesuffix(".md"), _url(here)) + "/",
                "notes": "",
                **context,
            }
        )

    def ask_link(self, entry: Entry) -> str:
        subject = fill(self.words.get("question_subject", "Question: {question}"), question=entry.question)
        return mail_link(self.support_email, subject)

    def notes(self, entries: list[Entry]) -> str:
        """The notes over translated answers: not reviewed yet; the English answer changed since."""
        lang = self.language
        statuses = [lang.entries.get(e.id) for e in entries if lang.published(e.id)]
        stale = [e for e in entries if (s := lang.entries.get(e.id)) and s.published and s.stale]
        return self._notes(
            unreviewed=any(s and s.unreviewed for s in statuses),
            english=stale[0].src_uri if len(entries) == 1 and stale else "",
        )

    def _notes(self, *, unreviewed: bool, english: str, kind: str = "") -> str:
        """The note over a translated page: not reviewed yet; `english`: the source of the English page that
        changed since (a link to it). `kind` picks the words: "" for an answer, "page_" for another page."""
        here = f"{self.language.prefix}{english}"
        parts = []
        if unreviewed:
            parts.append(md_text(self.words.get(f"unreviewed_{kind}note", "")))
        if english:
            link = relative(english, posixpath.dirname(here))
            parts.append(self.marks.around(fill(self.words.get(f"stale_{kind}note", ""), link=link)).strip())
        if not parts:
            return ""
        body = "\n\n".join(parts)
        return f'<div class="hc-translation-note" role="note" markdown>\n\n{body}\n\n</div>\n'

    def _src(self, src_uri: str) -> str:
        return f"{self.language.prefix}{src_uri}"

    def home(self, center: HelpCenter) -> PageSource:
        entries = [e for c in center.categories for e in c.entries]
        here = self._src(HOME)
        markdown = self._render(
            "helpcenter/home.md",
            here,
            center=center,
            self_check=self.self_check,
            troubleshooting=center.troubleshooting_entry(),
            most_asked=center.most_asked(),
        )
        return PageSource(
            here,
            markdown,
            {
                "title": html.escape(self.words.get("help_center", "Help center"), quote=False),
                "description": meta_text(fill(self.words.get("home_description", ""), shop=self.shop_name)),
                "search": {"exclude": True},
                "hide": ["navigation", "toc"],
                "hc_jsonld": faq_page_ld(entries),
                "hc_kind": "home",
            },
        )

    def category(self, center: HelpCenter, category: Category) -> PageSource:
        here = self._src(category.src_uri)
        markdown = self._render(
            "helpcenter/category.md",
            here,
            center=center,
            category=category,
            ask_link=self.ask_link,
            notes=self.notes(list(category.entries)),
        )
        questions = "; ".join(e.question for e in category.entries[:3])
        return PageSource(
            here,
            markdown,
            {
                "title": html.escape(category.title, quote=False),
                "description": meta_text((category.description or f"{category.title}: {questions}")[:155]),
                "search": {"exclude": True},
                "hc_jsonld": faq_page_ld(list(category.entries)),
                "hc_kind": "category",
            },
        )

    def question(self, center: HelpCenter, entry: Entry) -> PageSource:
        category = center.category(entry.category)
        related = [center.entry(r) for r in entry.related]
        here = self._src(entry.src_uri)
        markdown = self._render(
            "helpcenter/question.md",
            here,
            center=center,
            entry=entry,
            category=category,
            related=related,
            ask_link=self.ask_link(entry),
            self_check=self.self_check,
            notes=self.notes([entry]),
        )
        return PageSource(
            here,
            markdown,
            {
                "title": html.escape(entry.question, quote=False),
                "description": meta_text(summary(entry)),
                # Material's own search index stays empty: the help center's search (search.py) has its own.
                "search": {"exclude": True},
                "hc_jsonld": faq_page_ld([entry]),
                "hc_kind": "question",
                # The side menu marks the question's category as where the shopper is.
                "hc_category": category.src_uri,
                "hc_updated": entry.updated or "",
                "hc_entry": entry.id,
            },
        )

    def moved(self, old_id: str, entry: Entry) -> PageSource:
        """The old address of an entry whose id changed; the browser goes on to the new one."""
        here = self._src(f"faq/{old_id}.md")
        return PageSource(
            here,
            self._render("helpcenter/moved.md", here, entry=entry),
            {
                "title": f"Moved: {html.escape(entry.question, quote=False)}",
                "description": meta_text(summary(entry)),
                "search": {"exclude": True},
                "hc_kind": "redirect",
                "hc_redirect": f"../{entry.id}/",
            },
        )

    def retired(self, center: HelpCenter, entry: Entry) -> PageSource:
        """A retired entry's address: on to its replacement, or a note that it was withdrawn."""
        replacement = center.entries.get(entry.replaced_by or "")
        meta: dict[str, Any] = {
            "title": html.escape(entry.question, quote=False),
            "description": meta_text(self.words.get("withdrawn_description", "")),
            "search": {"exclude": True},
            "hc_kind": "retired",
        }
        if replacement is not None:
            meta["hc_redirect"] = f"../{replacement.id}/"
        here = self._src(entry.src_uri)
        markdown = self._render("helpcenter/retired.md", here, entry=entry, replacement=replacement)
        return PageSource(here, markdown, meta)

    def self_check_page(self, center: HelpCenter) -> PageSource:
        entry = center.troubleshooting_entry()
        here = self._src(SELF_CHECK)
        # The self-check's sentences (content/self-check.<lang>.yml) carry the same note as a translated answer.
        found = center.translations.get(self.language.code, "self-check", "self-check")
        note = md_text(self.words.get("unreviewed_note", "")) if found is not None and not found.reviewed else ""
        notes = f'<div class="hc-translation-note" role="note" markdown>\n\n{note}\n\n</div>\n' if note else ""
        markdown = self._render("helpcenter/self-check.md", here, entry=entry, notes=notes)
        return PageSource(
            here,
            markdown,
            {
                "title": html.escape(self.words.get("self_check_title", ""), quote=False),
                "description": meta_text(fill(self.words.get("self_check_description", ""), shop=self.shop_name)),
                "search": {"exclude": True},
                "hc_kind": "self-check",
            },
        )

    def _privacy_src(self) -> str:
        """The privacy page in this language, or the English one where it is not translated."""
        return self._src(PRIVACY) if self.language.privacy.published else PRIVACY

    def privacy(self) -> PageSource:
        """What the help center records (signals.js) and why, linked from every page's footer."""
        from generator.insights.signals import QUERY_LENGTH, RETENTION_DAYS, TEXT_LENGTH

        here = self._src(PRIVACY)
        status = self.language.privacy
        markdown = self._render(
            "helpcenter/privacy.md",
            here,
            notes=self._notes(unreviewed=status.unreviewed, english=PRIVACY if status.stale else "", kind="page_"),
            site_host=self.site_host or "this site",
            query_length=QUERY_LENGTH,
            text_length=TEXT_LENGTH,
            retention_days=RETENTION_DAYS,
        )
        return PageSource(
            here,
            markdown,
            {
                "title": html.escape(self.words.get("privacy_title", ""), quote=False),
                "description": meta_text(self.words.get("privacy_description", "")),
                "search": {"exclude": True},
                "hide": ["navigation"],
                "hc_kind": "privacy",
            },
        )

    def render_fragment(self, template: str, **context: Any) -> str:
        """An HTML fragment (autoescaped) for parts of pages that are not Markdown."""
        return self._render(template, **context)

    def pages(self, center: HelpCenter, language: Language | None = None) -> list[PageSource]:
        """Every page of one language (English by default); `center` is already in that language (localize.py)."""
        self.language = language or Language("en", "English", "")
        self.words = center.words
        pages = [self.home(center)]
        pages += [self.category(center, c) for c in center.categories]
        pages += [self.question(center, e) for c in center.categories for e in c.entries if self.language.published(e.id)]
        pages += [self.retired(center, e) for e in center.retired()]
        pages += [self.moved(old, e) for old, e in center.redirects().items()]
        if self.self_check and center.troubleshooting_entry():
            pages.append(self.self_check_page(center))
        if self.language.privacy.published:
            pages.append(self.privacy())
        # The footer's link (partials/copyright.html) to what the site records, in this language if translated.
        footer = {"url": _url(self._privacy_src()) + "/", "label": self.words.get("privacy_title", "")}
        for page in pages:
            page.meta["hc_lang"] = self.language.code
            page.meta["hc_privacy"] = footer
        return pages


def navigation(center: HelpCenter, *, self_check: bool, prefix: str = "") -> list[Any]:
    """The site's navigation: home, then each category page, then the self-check.

    Questions are listed on their category's page, not in the navigation: Material
    prints the whole navigation into every page, which would grow the site with
    the square of the number of entries.
    """
    # Material prints navigation titles as HTML: escape the editors' words.
    words = center.words
    nav: list[Any] = [{html.escape(words.get("help_center", "Help center"), quote=False): f"{prefix}{HOME}"}]
    nav += [{html.escape(c.title, quote=False): f"{prefix}{c.src_uri}"} for c in center.categories]
    if self_check and center.troubleshooting_entry():
        nav.append({html.escape(words.get("self_check_title", "Checkout self-check"), quote=False): f"{prefix}{SELF_CHECK}"})
    return nav
