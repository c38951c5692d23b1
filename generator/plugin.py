"""The `helpcenter` MkDocs plugin: events only; the work is in content/, pages/, search/, self_check/ and cms/.

Each event hands plain values (the shop, the site's settings) to the module that does the work.

Content is loaded and checked in `on_config`, before MkDocs cleans the site
folder, so bad content fails the build with `path:line` messages and nothing
written. `mkdocs build` also writes into a sibling folder and swaps it in only
when the whole build (strict warnings included) succeeded: the last good
`site/` stays as it was whatever goes wrong.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import cms
from .config import HelpCenterConfig
from .content.deferred import all_pass, checks_deferred
from .content.entries import (
    CATEGORIES_FILE,
    ContentError,
    HelpCenter,
    empty_help_center,
    load_help_center,
    published_note,
    shown_path,
)
from .content.localize import ENGLISH, Language, english, localize
from .insights.local import with_signals
from .pages import languages as site_languages
from .pages import live_reload, site_files
from .pages import self_check as self_check_page
from .pages.headers import PROJECT_HEADERS, Headers, HeadersError, load_headers
from .pages.markdown_safety import SafeMarkdown
from .pages.page_guard import GuardStoppedError, PageGuard, PageGuardPool, blocked_page
from .pages.precompress import precompress
from .pages.preview_cache import TemplateCache
from .pages.renderer import PageSource, Renderer, navigation
from .pages.sanitize import Marks, UnbalancedMarksError
from .pages.shop_texts import apply_shop, robots_txt
from .search import index as search
from .self_check.runtime import RuntimeMissingError
from .self_check.stdlib import StdlibError

log = get_plugin_logger(__name__)
# Outside MkDocs' loggers, so `--strict` does not turn these into a failed build.
_data_log = logging.getLogger("helpcenter.data")
_preview_log = logging.getLogger("helpcenter.preview")


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = ""
        self.center: HelpCenter | None = None
        self.pages: dict[str, PageSource] = {}
        self.renderer: Renderer | None = None
        self.marks = Marks()
        self.staging: site_files.Staging | None = None
        self.self_check: site_files.SelfCheckAssets | None = None
        self.warnings = _WarningCounter()
        #: Under `mkdocs serve`: the last content that loaded without problems, and today's problems.
        self.last_good: HelpCenter | None = None
        self.problems: list[str] = []
        #: /admin/ (Decap CMS); kept across `mkdocs serve` rebuilds with its local server.
        self.admin: cms.Admin | None = None
        self.admin_checked = False
        self.guard = PageGuard(HelpCenter(categories=()), categories_path="", site_url="")
        self.guard_pool: PageGuardPool | None = None
        self.history_noted = False
        #: Compiled templates of the theme's and of the page renderer's environments, between rebuilds.
        self.theme_templates = TemplateCache()
        self.page_templates = TemplateCache()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: Any) -> Any:
        # Everything that belongs to one build is reset here, so `mkdocs serve`
        # rebuilds never see the previous build's entries.
        self.pages = {}
        apply_shop(config, self._shop())
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = root / self.config.content_dir
        self.cache_dir = (root / self.config.wheels_dir).parent
        self.problems = []
        self._note_history()
        self.stale_policy = {code: options.stale for code, options in self.config.languages.items()}
        if self.command == "build" and PageGuardPool.worth_it():
            # The checker renders every answer and the guard reads every page in a second process,
            # while this one renders the pages; on_post_build reads their verdicts before publishing.
            try:
                self.guard_pool = PageGuardPool(config.site_url or "")
            except (OSError, ImportError) as error:  # no second process here (a sandbox without semaphores)
                log.info("The page guard runs in this process: %s", error)
        try:
            self.center = self._load_checked()
        except ContentError as error:
            if self.command != "serve":
                raise PluginError(str(error)) from None
            # The preview never stops: it keeps the last good content and says on every page
            # (and in the terminal) what to fix. Outside MkDocs' loggers, so --strict cannot stop it.
            self.problems = [str(p) for p in error.problems]
            for problem in self.problems:
                _preview_log.error(problem)
            self.center = self.last_good or empty_help_center()
        else:
            self.last_good = self.center
        self.marks = Marks()
        self._guard(config, self.center)
        self.renderer = Renderer(
            config.theme.get_env().loader,
            shop_name=self.config.shop.name,
            support_email=self.config.shop.support_email,
            self_check=self.config.self_check,
            marks=self.marks,
            site_host=urlsplit(config.site_url or "").netloc,
        )
        self.renderer.env.bytecode_cache = self.page_templates
        # A mistake in an edited template is the editor's to fix: a message, not a traceback.
        self._render_pages(config, self.center, self.renderer)
        self.self_check = self._self_check_assets(root, self.center)
        custom_dir = config.theme.custom_dir
        self.theme_dir = Path(custom_dir) if custom_dir else None
        self.search = search.SiteSearch.for_site(
            root, self.localized, self_check=self.config.self_check, support_email=self.config.shop.support_email
        )
        if problems := self.search.problems():
            raise PluginError("The search cannot be built:\n" + "\n".join(problems))
        self.assets = site_files.VersionedAssets(self.theme_dir, extra=self.search.stemmers())
        self.headers = self._headers(root)
        self._admin(root, Path(config.docs_dir))
        if self.command == "build":
            self.staging = site_files.Staging(Path(config.site_dir))
            config.site_dir = str(self.staging.folder)
            if leftovers := self.staging.leftovers():
                if self.guard_pool is not None:
                    self.guard_pool.aside(site_files.delete_folders, leftovers)
                else:
                    site_files.delete_folders(leftovers)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.warnings.count = 0
        if self.command == "build":
            # The content, its pages and MkDocs' settings live as long as the build does: out of the
            # collector's way until it ends (on_post_build, on_build_error), so it only walks the
            # pages being rendered. A tenth of the build's time with a thousand entries.
            gc.freeze()
        return config

    def _load_checked(self) -> HelpCenter:
        """The content, with every file checked: here, or (the second process running) partly there."""
        if self.guard_pool is None:
            return self._load_content()
        try:
            with checks_deferred() as jobs:
                center = self._load_content()
        except Exception:  # noqa: BLE001 - content not checked yet may fail anywhere: check it all here, for the messages
            return self._load_content()
        try:
            self.guard_pool.check(jobs)  # the process starts with its first job
        except (OSError, RuntimeError) as error:
            log.info("The page guard runs in this process: %s", error)
            self.guard_pool.close()
            self.guard_pool = None
            if not all_pass(jobs):
                self._content_problems()
        return center

    def _load_content(self) -> HelpCenter:
        return load_help_center(
            self.content_dir,
            dates_from_git=True,
            published_ref=self.config.published_ref or None,
            languages=tuple(self.stale_policy),
        )

    def _guard(self, config: Any, center: HelpCenter) -> None:
        """Safe ids in every page's Markdown (markdown_safety.py), and the guard of every page's whole HTML."""
        if not any(isinstance(e, SafeMarkdown) for e in config.markdown_extensions):
            config.markdown_extensions.append(SafeMarkdown())
        self.guard = PageGuard(
            center, categories_path=shown_path(self.content_dir / CATEGORIES_FILE), site_url=config.site_url or ""
        )

    def _render_pages(self, config: Any, center: HelpCenter, renderer: Renderer) -> None:
        """Every page of every language, their alternates, and the navigation (one list; on_nav splits it)."""
        #: The help center in each language (English first), as shoppers of that language see it.
        self.localized: dict[str, tuple[HelpCenter, Language]] = {ENGLISH: (center, english(center))}
        for code, stale in self.stale_policy.items():
            self.localized[code] = localize(center, code, stale=stale)
        # A mistake in an edited template is the editor's to fix: a message, not a traceback.
        try:
            for localized, language in self.localized.values():
                self.pages.update((p.src_uri, p) for p in renderer.pages(localized, language))
        except Exception as error:  # noqa: BLE001 - any jinja2 error of an edited template becomes a message
            if self.guard_pool is not None and not self.guard_pool.checks_passed():
                self._content_problems()  # content the second process is still checking: its messages first
            raise PluginError(f"theme/helpcenter: cannot render a page: {error}") from None
        site_languages.add_alternates(self.pages, [language for _, language in self.localized.values()])
        if not config.nav:
            config.nav = [
                item
                for localized, language in self.localized.values()
                for item in navigation(localized, self_check=self.config.self_check, prefix=language.prefix)
            ]
        if len(self.localized) > 1:
            # Material shows its language menu (partials/alternate.html, overridden) when `extra.alternate` is
            # set; a plain True, not a list, keeps its site-wide <link rel="alternate"> out: each page has its own.
            config.extra["alternate"] = True

    def _self_check_assets(self, root: Path, center: HelpCenter) -> site_files.SelfCheckAssets | None:
        entry = center.troubleshooting_entry()
        if not self.config.self_check or entry is None:
            return None
        assets = site_files.SelfCheckAssets(
            root,
            pyodide_dir=self.config.pyodide_dir,
            wheels_dir=self.config.wheels_dir,
            browsers=center.browsers,
            steps=[{"id": s.id, "title": s.title, "url": f"{entry.url}#{s.anchor}"} for s in entry.steps],
        )
        if problems := assets.problems():
            raise PluginError("The checkout self-check page cannot be built:\n" + "\n".join(problems))
        try:
            assets.prepare()
        except (RuntimeMissingError, StdlibError) as error:
            raise PluginError(f"The checkout self-check page cannot be built:\n{error}") from None
        # Stale browser data is worth knowing but must not fail a strict build: the
        # self-check projects newer versions from the release cadence meanwhile.
        for warning in assets.stale_data():
            _data_log.warning(warning)
        return assets

    def _headers(self, root: Path) -> Headers:
        path = root / self.config.headers
        try:
            return load_headers(path if path.is_file() else PROJECT_HEADERS)
        except HeadersError as error:
            raise PluginError(str(error)) from None

    def _note_history(self) -> None:
        """Say once per run why deleted entries could not be checked whole: `mkdocs serve` rebuilds after
        every save, and the note would not change."""
        if not self.history_noted and (note := published_note(self.content_dir, self.config.published_ref or None)):
            _data_log.warning(note)
        self.history_noted = True

    def _admin(self, root: Path, docs_dir: Path) -> None:
        """Set up /admin/ once: always under `mkdocs serve`, in a build only with a configured backend."""
        if self.admin_checked:
            return
        self.admin_checked = True
        admin = cms.Admin(
            node_modules=root / self.config.node_modules,
            content_dir=self.content_dir,
            backend=self.config.cms_backend,
            content_path=self.config.cms_content_path,
            serving=self.command == "serve",
            shop_name=self.config.shop.name,
            logo=self._shop_logo(docs_dir),
        )
        if problems := admin.problems():
            if self.command != "serve":
                raise PluginError("The editor at /admin/ (cms_backend) cannot be built:\n" + "\n".join(problems))
            # The preview goes on without the editor; the terminal says why.
            for problem in problems:
                _preview_log.warning("/admin/ is off: %s", problem)
            return
        self.admin = admin if admin.wanted else None

    def _shop_logo(self, docs_dir: Path) -> Path | None:
        """The shop's logo file (in the theme or the docs folder), or None for the theme's icon."""
        if not self.config.shop.logo:
            return None
        folders = [f for f in (self.theme_dir, docs_dir) if f is not None]
        return next((f / self.config.shop.logo for f in folders if (f / self.config.shop.logo).is_file()), None)

    def on_shutdown(self) -> None:
        if self.admin is not None:
            self.admin.stop()
        if self.guard_pool is not None:
            self.guard_pool.close()

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self.content_dir))
        if not live_reload.link_instead_of_inline(server, getattr(server, "mount_path", "/")):
            _preview_log.warning("live reload is off: this MkDocs version's preview server has no known hook")
        # The signals (theme/assets/hc/signals.js) are answered as production's nginx does, into .cache/.
        signals_log = Path(config.config_file_path or ".").resolve().parent / ".cache" / "signals.log"
        server.set_app(with_signals(server.get_app(), signals_log, getattr(server, "mount_path", "/")))
        _preview_log.info("Signals of this preview (votes, searches): %s; see `helpcenter insights`", signals_log)
        return server

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.navs = site_languages.navigations(nav, list(self.localized))
        return nav

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        # Each language's pages show that language's navigation, home link and search.
        code = site_languages.language_of(page.file.src_uri, list(self.localized))
        context["nav"] = self.navs.get(code, nav)
        context["hc_search"] = self.search.page_settings(code)
        # The frame's own words (the header's "Back to the shop") in the page's language: site.<lang>.yml.
        localized = self.localized.get(code)
        context["hc_words"] = localized[0].words if localized else (self.center.words if self.center else {})
        return context

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # Under `mkdocs serve`, pages carry the production policy as a <meta> tag (main.html), so an
        # entry's script cannot run in the preview either; its live reload is a file, not inline.
        env.globals["hc_preview_policy"] = self.headers.preview_policy() if self.command == "serve" else ""
        env.globals["hc_assets"] = self.assets.url
        env.globals["hc_search"] = self.search.page_settings()
        env.globals["hc_shop"] = self._shop()
        env.globals["hc_frame"] = self._frame()
        env.bytecode_cache = self.theme_templates
        return env

    def _frame(self) -> dict[str, Any]:
        """What the page-not-found page lists: the most asked questions and the categories (addresses from the root)."""
        center = self.center or HelpCenter(categories=())
        return {
            "most_asked": [{"question": e.question, "url": e.url} for e in center.most_asked()],
            "categories": [{"title": c.title, "url": c.url, "description": c.description} for c in center.categories],
        }

    def on_files(self, files: Files, *, config: Any) -> Files:
        self.assets.publish(files, config)
        if self.command == "serve":
            files.append(File.generated(config, live_reload.SCRIPT_PATH, content=live_reload.script()))
        self.search.publish(files, config)
        if files.get_file_from_path("robots.txt") is None:  # a robots.txt in docs_dir is published as it is
            files.append(File.generated(config, "robots.txt", content=robots_txt(config.site_url or "")))
        for page in self.pages.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(f"{config.docs_dir}/{page.src_uri}: this page is generated from content/; remove the file")
            # Questions are reached from their category page, not the navigation.
            listed = page.meta.get("hc_kind") in ("home", "category", "self-check")
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        if self.admin is not None and self.center is not None:
            try:
                self.admin.publish(config, files, self.center, assets_url=self.assets.url)
            except RuntimeError as error:  # the local server would not start: preview on, editor off
                _preview_log.warning("/admin/ is off: %s", error)
                self.admin = None
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        source = self.pages.get(page.file.src_uri)
        if source is not None:
            page.meta.update(source.meta)
            page.meta.setdefault("hc_jsonld", "")
        if self.problems:
            page.meta["hc_problems"] = self.problems
        entry = self.center.troubleshooting_entry() if self.center else None
        # The troubleshooting answer in every language fetches the self-check's runtime ahead.
        if (
            self.self_check is not None
            and entry is not None
            and page.file.src_uri in {f"{language.prefix}{entry.src_uri}" for _, language in self.localized.values()}
        ):
            page.meta["hc_prefetch"] = self.self_check.prefetch_urls(self.assets.url, self.theme_dir)
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        toc = [item for top in page.toc for item in (top.children if top.level == 1 else [top])]
        if len(toc) <= 1 and page.file.src_uri in self.pages:
            # A table of contents holding one heading ("Related questions") is no help: the page shows it anyway.
            page.meta["hide"] = [*page.meta.get("hide", []), "toc"]
        if page.file.src_uri in self.pages:
            try:
                html = self.marks.clean_marked(html)
            except UnbalancedMarksError as problem:
                raise PluginError(
                    f"{page.file.src_uri}: {problem}; look for an unclosed HTML comment (<!--) in the answers on this page"
                ) from None
        if page.meta.get("hc_kind") == "self-check" and self.center and self.renderer:
            try:
                fragment = self._self_check_html(config, page)
            except Exception as error:  # noqa: BLE001 - a mistake in an edited template: name it, no traceback
                raise PluginError(f"theme/helpcenter/self-check.html: cannot render the self-check: {error}") from None
            return html.replace(self_check_page.SLOT, fragment)
        return html

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """The last word on every page: its whole HTML, as published, through the guard (page_guard.py)."""
        redirect = str(page.meta.get("hc_redirect") or "")
        if self.guard_pool is not None:
            # A build publishes nothing before on_post_build has every verdict: the guard reads this
            # page in its own process while MkDocs renders the next one.
            self.guard_pool.submit(output, page.file.src_uri, redirect=redirect)
            return output
        return self._guarded(output, page.file.src_uri, redirect=redirect)

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self._guarded(output_content, template_name)

    def _guarded(self, output: str, src_uri: str, *, redirect: str = "") -> str:
        verdict = self.guard.check(output, src_uri, redirect=redirect)
        if verdict is None:
            return output
        if self.command != "serve":
            raise PluginError(verdict.message())
        # The preview goes on: the page says what is wrong instead of running it, and so does the terminal.
        _preview_log.error(verdict.message())
        return blocked_page(verdict)

    def _self_check_html(self, config: Any, page: Any) -> str:
        if self.center is None or self.renderer is None:
            raise ValueError("the self-check page needs the content")
        # The page in its language (/de/self-check/): that language's steps and sentences.
        code = site_languages.language_of(page.file.src_uri, list(self.localized))
        localized, language = self.localized.get(code, (self.center, english(self.center)))
        settings = self_check_page.SelfCheckPage(
            shop=self._shop(),
            site_url=config.site_url or "",
            base_url="../" * page.url.count("/") if config.use_directory_urls else "",
            assets_url=self.assets.url,
            runtime_url=self.self_check.folder if self.self_check else "",
            preloads=tuple(self.self_check.preloads(self.assets.url)) if self.self_check else (),
            runtime=self.self_check.page_runtime() if self.self_check else None,
            paypal_sdk_url=self.config.paypal_sdk_url,
            load_timeout=self.config.load_timeout,
            run_timeout=self.config.run_timeout,
            stall_timeout=self.config.stall_timeout,
        )
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return self_check_page.fragment(self.renderer, self.center, settings, md, localized=localized, language=language)

    def _shop(self) -> dict[str, str]:
        shop = self.config.shop
        return {"name": shop.name, "url": shop.url, "support_email": shop.support_email, "logo": shop.logo}

    def on_post_build(self, *, config: Any) -> None:
        gc.unfreeze()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.guard_pool is not None:
            pool, self.guard_pool = self.guard_pool, None
            try:
                clean = pool.checks_passed()
                unsafe = pool.verdicts(self.guard)
            except GuardStoppedError as error:
                raise PluginError(f"{error}; nothing was published, run the build again") from None
            if not clean:
                self._content_problems()
            if unsafe:
                more = f"\n... and {len(unsafe) - 5} more pages" if len(unsafe) > 5 else ""
                raise PluginError("\n".join(verdict.message() for verdict in unsafe[:5]) + more)
        if self.self_check is not None:
            self.self_check.install(Path(config.site_dir))
        site = Path(config.site_dir)
        (site / "_headers").write_text(self.headers.headers_file(site), encoding="utf-8")
        if self.staging is not None:
            if self.config.precompress:
                stats = precompress(Path(config.site_dir), self.cache_dir / "precompressed")
                log.info(
                    "Precompressed %d files: %.1f MB, brotli %.1f MB, gzip %.1f MB (%d new)",
                    stats.files,
                    stats.raw / 1e6,
                    stats.brotli / 1e6,
                    stats.gzip / 1e6,
                    stats.compressed_now,
                )
            if config.strict and self.warnings.count:
                raise PluginError(
                    f"Aborted with {self.warnings.count} warning(s) in strict mode; {self.staging.target} was left as it was."
                )
            self.staging.publish()
            config.site_dir = str(self.staging.target)
            self.staging = None

    def _content_problems(self) -> None:
        """Some check did not pass in the second process: check the content here, for the messages."""
        try:
            self._load_content()
        except ContentError as error:
            raise PluginError(str(error)) from None
        # Clean here, not there (a render past its time budget on a busy machine): nothing unchecked is published.
        raise PluginError(
            f"{self.content_dir}: an answer could not be checked in time; nothing was published, run the build again"
        )

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.guard_pool is not None:
            self.guard_pool.close()
            self.guard_pool = None
        if self.staging is not None:
            self.staging.discard()
            log.error("The build failed; %s was left as it was.", self.staging.target)
            self.staging = None
