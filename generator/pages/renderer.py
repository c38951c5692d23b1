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
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

import jinja2

from generator.content.entries import Category, Entry, HelpCenter
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


def plain_text(markdown: str) -> str:
    """A readable plain-text version of an answer (for descriptions and JSON-LD)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)  # links: keep the words
    text = re.sub(r"<([^<>@\s]+@[^<>\s]+)>", r"\1", text)  # <email> autolinks
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"\s+", " ", text).strip()


def summary(entry: Entry, limit: int = 155) -> str:
    """The meta description: the editor's summary, or the answer's opening cut at a word."""
    text = entry.summary or plain_text(entry.answer)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def meta_text(value: str) -> str:
    """Text for a `<meta content="...">` attribute: Material's templates print page metadata as it is."""
    return html.escape(value, quote=True)


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
    return json_ld({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": e.question,
             "acceptedAnswer": {"@type": "Answer", "text": answer_text(e)}}
            for e in entries
        ],
    })


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

    def __init__(self, loader: jinja2.BaseLoader, *, shop_name: str, support_email: str, self_check: bool,
                 marks: Marks | None = None, site_host: str = "") -> None:
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=jinja2.select_autoescape(["html"], default_for_string=False, default=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["md"] = md_text
        self.env.filters["icon"] = icon_shortcode
        self.env.filters["faq_links"] = self.faq_links
        self.marks = marks or Marks()
        self.env.filters["editor"] = lambda markdown, prefix: self.marks.around(self.faq_links(markdown, prefix))
        self.env.globals.update(mail_link=mail_link, human_date=human_date, support_email=support_email,
                                shop_name=shop_name)
        self.shop_name = shop_name
        self.support_email = support_email
        self.self_check = self_check
        self.site_host = site_host

    @staticmethod
    def faq_links(markdown: str, prefix: str, suffix: str = ".md") -> str:
        """Point `faq:ID` links at the entry's page, relative to the page being written.

        Markdown that MkDocs renders links to the entry's source (`.md`, checked by
        MkDocs); Markdown rendered outside MkDocs links to its address (`/`).
        """
        return FAQ_LINK.sub(lambda m: f"]({prefix}{m.group(1)}{suffix}{m.group(2) or ''})", markdown)

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def ask_link(self, entry: Entry) -> str:
        return mail_link(self.support_email, f"Question: {entry.question}")

    def home(self, center: HelpCenter) -> PageSource:
        entries = [e for c in center.categories for e in c.entries]
        markdown = self._render("helpcenter/home.md", center=center, self_check=self.self_check,
                                troubleshooting=center.troubleshooting_entry(),
                                most_asked=center.most_asked())
        return PageSource(HOME, markdown, {
            "title": "Help center",
            "description": meta_text("Answers about paying, discount codes, orders, shipping, tracking, returns and damaged "
                                     f"items at {self.shop_name}, and how to reach support."),
            "search": {"exclude": True},
            "hide": ["navigation", "toc"],
            "hc_jsonld": faq_page_ld(entries),
            "hc_kind": "home",
        })

    def category(self, center: HelpCenter, category: Category) -> PageSource:
        markdown = self._render("helpcenter/category.md", center=center, category=category, ask_link=self.ask_link)
        questions = "; ".join(e.question for e in category.entries[:3])
        return PageSource(category.src_uri, markdown, {
            "title": html.escape(category.title, quote=False),
            "description": meta_text((category.description or f"{category.title}: {questions}")[:155]),
            "search": {"exclude": True},
            "hc_jsonld": faq_page_ld(list(category.entries)),
            "hc_kind": "category",
        })

    def question(self, center: HelpCenter, entry: Entry) -> PageSource:
        category = center.category(entry.category)
        related = [center.entry(r) for r in entry.related]
        markdown = self._render("helpcenter/question.md", center=center, entry=entry, category=category,
                                related=related, ask_link=self.ask_link(entry), self_check=self.self_check)
        return PageSource(entry.src_uri, markdown, {
            "title": html.escape(entry.question, quote=False),
            "description": meta_text(summary(entry)),
            # Material's own search index stays empty: the help center's search (search.py) has its own.
            "search": {"exclude": True},
            "hc_jsonld": faq_page_ld([entry]),
            "hc_kind": "question",
            # The side menu marks the question's category as where the shopper is.
            "hc_category": category.src_uri,
            "hc_updated": entry.updated or "",
        })

    def moved(self, old_id: str, entry: Entry) -> PageSource:
        """The old address of an entry whose id changed; the browser goes on to the new one."""
        return PageSource(f"faq/{old_id}.md", self._render("helpcenter/moved.md", entry=entry), {
            "title": f"Moved: {html.escape(entry.question, quote=False)}",
            "description": meta_text(summary(entry)),
            "search": {"exclude": True},
            "hc_kind": "redirect",
            "hc_redirect": f"../{entry.id}/",
        })

    def retired(self, center: HelpCenter, entry: Entry) -> PageSource:
        """A retired entry's address: on to its replacement, or a note that it was withdrawn."""
        replacement = center.entries.get(entry.replaced_by or "")
        meta: dict[str, Any] = {
            "title": html.escape(entry.question, quote=False),
            "description": "This answer is no longer available.",
            "search": {"exclude": True},
            "hc_kind": "retired",
        }
        if replacement is not None:
            meta["hc_redirect"] = f"../{replacement.id}/"
        markdown = self._render("helpcenter/retired.md", entry=entry, replacement=replacement)
        return PageSource(entry.src_uri, markdown, meta)

    def self_check_page(self, center: HelpCenter) -> PageSource:
        entry = center.troubleshooting_entry()
        markdown = self._render("helpcenter/self-check.md", entry=entry)
        return PageSource(SELF_CHECK, markdown, {
            "title": "Checkout self-check",
            "description": meta_text(f"Check in a few seconds whether your browser can pay at {self.shop_name}, step by "
                                     "step, with a report you can send to support. The report reaches us only "
                                     "if you send it."),
            "search": {"exclude": True},
            "hc_kind": "self-check",
        })

    def privacy(self) -> PageSource:
        """What the help center records (signals.js) and why, linked from every page's footer."""
        from generator.insights.signals import QUERY_LENGTH, RETENTION_DAYS, TEXT_LENGTH

        markdown = self._render("helpcenter/privacy.md", site_host=self.site_host or "this site", query_length=QUERY_LENGTH,
                                text_length=TEXT_LENGTH, retention_days=RETENTION_DAYS)
        return PageSource(PRIVACY, markdown, {
            "title": "What this help center records",
            "description": "The anonymous signals this help center records (no cookie, no address, no other company), when, and why.",
            "search": {"exclude": True},
            "hide": ["navigation"],
            "hc_kind": "privacy",
        })

    def render_fragment(self, template: str, **context: Any) -> str:
        """An HTML fragment (autoescaped) for parts of pages that are not Markdown."""
        return self._render(template, **context)

    def pages(self, center: HelpCenter) -> list[PageSource]:
        pages = [self.home(center)]
        pages += [self.category(center, c) for c in center.categories]
        pages += [self.question(center, e) for c in center.categories for e in c.entries]
        pages += [self.retired(center, e) for e in center.retired()]
        pages += [self.moved(old, e) for old, e in center.redirects().items()]
        if self.self_check and center.troubleshooting_entry():
            pages.append(self.self_check_page(center))
        pages.append(self.privacy())
        return pages


def navigation(center: HelpCenter, *, self_check: bool) -> list[Any]:
    """The site's navigation: home, then each category page, then the self-check.

    Questions are listed on their category's page, not in the navigation: Material
    prints the whole navigation into every page, which would grow the site with
    the square of the number of entries.
    """
    # Material prints navigation titles as HTML: escape the editors' words.
    nav: list[Any] = [{"Help center": HOME}]
    nav += [{html.escape(c.title, quote=False): c.src_uri} for c in center.categories]
    if self_check and center.troubleshooting_entry():
        nav.append({"Checkout self-check": SELF_CHECK})
    return nav
