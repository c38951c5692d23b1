"""The last check of every page: its whole HTML, as MkDocs and Material wrote it, read as a browser would.

Editors' answers are cleaned where they stand in a page (sanitize.py), and the checker refuses
unsafe content early; but the theme prints some editors' strings elsewhere (the sidebar's table of
contents, the navigation, the home page's icons, the head). So once a page is rendered, the whole of
it goes through the same reader the tests use (`html_guard.unsafe_markup`). A page that fails it is
never published: `mkdocs build` stops naming the page and the content file it comes from; under
`mkdocs serve` the page is replaced by a plain one that says what is wrong (no script of the entry
can run) while the preview goes on.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.content.deferred import Job, all_pass

from .html_guard import unsafe_spots

if TYPE_CHECKING:
    from generator.content.entries import HelpCenter


@dataclass(frozen=True)
class Verdict:
    """What the guard found on one page: its problems and the content files they can come from."""

    page: str
    sources: tuple[str, ...]
    problems: tuple[str, ...]

    def message(self) -> str:
        sources = " or ".join(self.sources) or "the theme"
        listed = "\n".join(f"  - {problem}" for problem in self.problems[:10])
        more = f"\n  ... and {len(self.problems) - 10} more" if len(self.problems) > 10 else ""
        return (
            f"{self.page}: the page would carry markup that runs code or loads from another host "
            f"(from {sources}); it was not published. Run 'helpcenter check' and fix that file:\n{listed}{more}"
        )


class PageGuard:
    """Checks pages of one build against `unsafe_markup`; knows which content file made which page."""

    def __init__(self, center: HelpCenter, *, categories_path: str, site_url: str) -> None:
        self.own_origin = own_origin(site_url)
        self.categories_path = categories_path
        #: Page source (src_uri) -> (entry id shown on it or "", content file), in the order they appear.
        self.sources: dict[str, list[tuple[str, str]]] = {"index.md": [("", categories_path)]}
        #: The home page lists every question as a link to its page: entry id -> content file.
        self.listed = {e.id: e.path for c in center.categories for e in c.entries}
        for category in center.categories:
            self.sources[category.src_uri] = [(e.id, e.path) for e in category.entries]
        for entry in center.entries.values():
            self.sources[entry.src_uri] = [("", entry.path)]
            for old in entry.former_ids:
                self.sources[f"faq/{old}.md"] = [("", entry.path)]
        if (followed := center.troubleshooting_entry()) is not None:
            self.sources["self-check.md"] = [("", followed.path)]

    def check(self, page_html: str, src_uri: str, *, redirect: str = "") -> Verdict | None:
        """None when the page is safe; else what is wrong and where it comes from."""
        return self.verdict(page_html, src_uri, unsafe_spots(page_html, own_origin=self.own_origin, redirect=redirect))

    def verdict(self, page_html: str, src_uri: str, spots: list[tuple[int, str]]) -> Verdict | None:
        """What `unsafe_spots` found on a page, with the content files it can come from; None if nothing."""
        if not spots:
            return None
        return Verdict(
            src_uri, self._culprits(page_html, src_uri, [spot for spot, _ in spots]), tuple(problem for _, problem in spots)
        )

    def _culprits(self, page_html: str, src_uri: str, spots: list[int]) -> tuple[str, ...]:
        if src_uri == "index.md":
            return tuple(dict.fromkeys(self._home_culprit(page_html, spot) for spot in spots))
        candidates = self.sources.get(src_uri, [])
        if len(candidates) <= 1:
            return tuple(path for _, path in candidates)
        # A category page shows many entries, each under a heading with the entry's id (in the page
        # and in the table of contents): an unsafe spot belongs to the last entry named before it.
        found: dict[str, None] = {}
        for spot in spots:
            marks = {
                path: max(page_html.rfind(f'id="{entry_id}"', 0, spot), page_html.rfind(f'href="#{entry_id}"', 0, spot))
                for entry_id, path in candidates
            }
            owner = max(marks, key=lambda path: marks[path])
            found[owner if marks[owner] >= 0 else self.categories_path] = None
        return tuple(found)

    def _home_culprit(self, page_html: str, spot: int) -> str:
        """Inside a question's link: that entry's file; anywhere else on the home page: the categories'."""
        links = list(_QUESTION_LINK.finditer(page_html, 0, spot))
        if links and "</a>" not in page_html[links[-1].end() : spot] and links[-1].group(1) in self.listed:
            return self.listed[links[-1].group(1)]
        return self.categories_path


def own_origin(site_url: str) -> str:
    """https://host of the site's address: the one host its pages may load from ("" when unknown)."""
    parts = urlsplit(site_url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


#: Pages handed to the second process at once: about a dozen pages.
BATCH_BYTES = 256_000


class GuardStoppedError(Exception):
    """The second process that reads the pages stopped before it had read them all."""


class PageGuardPool:
    """The guard in a second process: it reads each page while MkDocs renders the next ones.

    Reading a whole page as a browser would is about a third of what MkDocs spends on it, and MkDocs
    renders on one core; so on a machine with two, `mkdocs build` hands every page here and reads the
    verdicts before it publishes anything (the build writes to a staging folder, site_files.Staging).
    The checks of the content files go there too (`check`, content/deferred.py). The second process
    only runs plain functions (text in, plain data out: nothing to set up in it); the verdict, with
    the files a problem comes from, is made here. A page the guard could not read counts as unsafe:
    a stopped process stops the build.
    """

    def __init__(self, site_url: str) -> None:
        self.own_origin = own_origin(site_url)
        # spawn: the build has threads (time budgets, MkDocs' logging), and fork would copy their locks.
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self.pending: list[tuple[list[str], Future[list[tuple[list[tuple[int, str]], str]]]]] = []
        #: Pages not handed over yet: (src_uri, HTML, redirect), and their size.
        self.batch: list[tuple[str, str, str]] = []
        self.batch_bytes = 0
        self.checks: Future[bool] | None = None

    @staticmethod
    def worth_it() -> bool:
        """Only with a second core to run on; on one, the guard reads each page as it comes."""
        return len(os.sched_getaffinity(0)) > 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) > 1

    def check(self, jobs: list[Job]) -> None:
        """Run the checks the content's loading deferred (content/deferred.py) over there."""
        self.checks = self.pool.submit(all_pass, jobs)

    def checks_passed(self) -> bool:
        """Whether the checks given to `check` all passed; GuardStoppedError if that is unknown."""
        try:
            return self.checks is None or self.checks.result()
        except Exception as error:  # noqa: BLE001 - a dead process or a crash: nothing counts as checked
            self.close()
            raise GuardStoppedError(f"the checker's second process stopped ({type(error).__name__}: {error})") from None

    def aside(self, work: Callable[..., object], *args: object) -> None:
        """Work nobody waits for (deleting earlier builds' sites): done there while pages are rendered here."""
        self.pool.submit(work, *args)

    def submit(self, page_html: str, src_uri: str, *, redirect: str = "") -> None:
        """Hand a page over; pages go in batches (one job per page costs more to hand over than to read)."""
        self.batch.append((src_uri, page_html, redirect))
        self.batch_bytes += len(page_html)
        if self.batch_bytes >= BATCH_BYTES:
            self._send()

    def _send(self) -> None:
        if self.batch:
            pages = [(page_html, redirect) for _, page_html, redirect in self.batch]
            names = [src_uri for src_uri, _, _ in self.batch]
            self.pending.append((names, self.pool.submit(_spots_of_pages, pages, self.own_origin)))
            self.batch, self.batch_bytes = [], 0

    def verdicts(self, guard: PageGuard) -> list[Verdict]:
        """Every unsafe page's verdict, once all are read; GuardStoppedError if some could not be."""
        found = []
        try:
            self._send()
            for names, future in self.pending:
                # strict: a page missing from the answer counts as unread (ValueError below)
                for src_uri, (spots, page_html) in zip(names, future.result(), strict=True):
                    if (verdict := guard.verdict(page_html, src_uri, spots)) is not None:
                        found.append(verdict)
        except Exception as error:  # noqa: BLE001 - a dead process or a reader's crash: nothing is published
            raise GuardStoppedError(f"the guard that reads every page stopped ({type(error).__name__}: {error})") from None
        finally:
            self.close()
        return found

    def close(self) -> None:
        self.pending, self.batch = [], []
        self.pool.shutdown(wait=False, cancel_futures=True)


def _spots_of_pages(pages: list[tuple[str, str]], own_origin: str) -> list[tuple[list[tuple[int, str]], str]]:
    """In the second process: each page's unsafe spots, and the page itself only when it has some."""
    read = []
    for page_html, redirect in pages:
        spots = unsafe_spots(page_html, own_origin=own_origin, redirect=redirect)
        read.append((spots, page_html if spots else ""))
    return read


#: A link from the home page to a question's page (with or without directory URLs).
_QUESTION_LINK = re.compile(r'<a href="(?:\./)?faq/([a-z0-9-]+)[/.]')


def blocked_page(verdict: Verdict) -> str:
    """The plain page the preview shows instead of an unsafe one: no script, no style, nothing loaded."""
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in verdict.problems)
    sources = ", ".join(f"<code>{html.escape(s)}</code>" for s in verdict.sources) or "the theme"
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Not shown: {html.escape(verdict.page)}</title></head><body><main>"
        f"<h1>This page was not shown</h1><p>The page <code>{html.escape(verdict.page)}</code> would carry "
        f"markup that runs code or loads something from another host. It comes from {sources}: run "
        "<code>helpcenter check</code> and fix that file; the preview reloads by itself.</p>"
        f"<ul>{items}</ul></main></body></html>\n"
    )
