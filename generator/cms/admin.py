"""/admin/ of one site: which backend it writes through, and the files it adds to the site."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from generator.content.entries import ENTRIES_DIR, HelpCenter

from .form import category_choices, cms_config
from .local_server import LocalServer, preview_origins
from .packages import ADMIN, LinkedFile, Packages
from .page import LOGIN_LOGO, admin_page, login_logo

log = logging.getLogger("mkdocs.plugins.helpcenter.cms")


class Admin:
    """/admin/ of one site: the backend it writes through, the local server, the files it publishes.

    Under `mkdocs serve` it always exists and writes into the content folder through `LocalServer`;
    in `mkdocs build` only when `backend` (a Decap backend: GitHub, GitLab...) is configured.
    """

    def __init__(
        self,
        *,
        node_modules: Path,
        content_dir: Path,
        backend: dict[str, Any],
        content_path: str,
        serving: bool,
        shop_name: str,
        logo: Path | None = None,
    ) -> None:
        self.packages = Packages(node_modules)
        self.shop_name = shop_name
        #: The shop's logo file, or None for the theme's icon (see `page.login_logo`).
        self.logo = logo
        self.content_dir = content_dir
        self.backend = backend
        self.content_path = content_path.rstrip("/") + "/" if content_path else ""
        self.serving = serving
        self.server: LocalServer | None = None

    @property
    def wanted(self) -> bool:
        return self.serving or bool(self.backend)

    def problems(self) -> list[str]:
        return self.packages.problems() if self.wanted else []

    def start(self, preview_host: str, preview_port: int) -> LocalServer:
        """Start the local server once (under `mkdocs serve`), for the preview at host:port."""
        if self.server is None:
            self.server = LocalServer(self.content_dir, preview_origins(preview_host, preview_port))
            self.server.start()
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def publish(self, config: Any, files: Files, center: HelpCenter, *, assets_url: str) -> None:
        """Add admin/ (page, configuration, Decap, yaml, our scripts) to the site's files."""
        key = url = ""
        if self.serving:
            if self.server is None:
                log.info("Editor (Decap CMS): %sadmin/ saves into %s/", config.site_url or "/", self.content_dir / ENTRIES_DIR)
            server = self.start(config.dev_addr.host, config.dev_addr.port)
            server.translations.languages = center.translations.languages
            backend, prefix, key, url = {"name": "proxy", "proxy_url": server.url}, "", server.secret, server.url
        else:
            backend, prefix = self.backend, self.content_path
        styles = sorted(
            f.url for f in files if re.fullmatch(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css", f.src_uri)
        )
        styles.append(f"{assets_url}helpcenter.css")
        sources = self.packages.files()
        decap = next(uri for uri, path in sources if path.name == "decap-cms.js")
        yaml_index = next(uri for uri, path in sources if uri.endswith("/index.js") and path.parent == self.packages.yaml)
        page = admin_page(
            site_name=config.site_name,
            decap_url=decap.removeprefix(ADMIN),
            yaml_url=yaml_index.removeprefix(ADMIN),
            preview_styles=[f"../{s}" for s in styles],
            favicon=f"../{config.theme.get('favicon') or 'assets/images/favicon.png'}",
            server_url=url,
            server_key=key,
        )
        settings = cms_config(
            center,
            category_choices(center, self.content_dir),
            backend=backend,
            site_url=config.site_url or "",
            content_prefix=prefix,
        )
        settings["logo"] = {"src": LOGIN_LOGO, "show_in_header": False}
        hidden = InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, f"{ADMIN}index.html", content=page, inclusion=hidden))
        files.append(File.generated(config, f"{ADMIN}config.yml", content=json.dumps(settings, indent=1), inclusion=hidden))
        icon = (config.theme.get("icon") or {}).get("logo") or "material/library"
        files.append(
            File.generated(config, f"{ADMIN}{LOGIN_LOGO}", content=login_logo(self.shop_name, self.logo, icon), inclusion=hidden)
        )
        kind = LinkedFile if self.serving else File
        for uri, path in sources:
            files.append(kind.generated(config, uri, abs_src_path=str(path), inclusion=hidden))
