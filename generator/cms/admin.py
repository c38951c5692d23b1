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
from .local_server import LocalServer
from .packages import ADMIN, LinkedFile, Packages
from .page import admin_page

log = logging.getLogger("mkdocs.plugins.helpcenter.cms")


class Admin:
    """/admin/ of one site: the backend it writes through, the local server, the files it publishes.

    Under `mkdocs serve` it always exists and writes into the content folder through `LocalServer`;
    in `mkdocs build` only when `backend` (a Decap backend: GitHub, GitLab...) is configured.
    """

    def __init__(self, *, node_modules: Path, content_dir: Path, backend: dict[str, Any], content_path: str,
                 serving: bool) -> None:
        self.packages = Packages(node_modules)
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

    def start(self) -> str:
        """Start the local server once (under `mkdocs serve`); return its address."""
        if self.server is None:
            self.server = LocalServer(self.packages, self.content_dir)
            self.server.start()
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def publish(self, config: Any, files: Files, center: HelpCenter, *, assets_url: str) -> None:
        """Add admin/ (page, configuration, Decap, yaml, our scripts) to the site's files."""
        if self.serving:
            if self.server is None:
                log.info("Editor (Decap CMS): %sadmin/ saves into %s/", config.site_url or "/", self.content_dir / ENTRIES_DIR)
            backend, prefix = {"name": "proxy", "proxy_url": self.start()}, ""
        else:
            backend, prefix = self.backend, self.content_path
        styles = sorted(f.url for f in files if re.fullmatch(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css", f.src_uri))
        styles.append(f"{assets_url}helpcenter.css")
        sources = self.packages.files()
        decap = next(uri for uri, path in sources if path.name == "decap-cms.js")
        yaml_index = next(uri for uri, path in sources if uri.endswith("/index.js") and path.parent == self.packages.yaml)
        page = admin_page(site_name=config.site_name, decap_url=decap.removeprefix(ADMIN),
                          yaml_url=yaml_index.removeprefix(ADMIN), preview_styles=[f"../{s}" for s in styles],
                          favicon=f"../{config.theme.get('favicon') or 'assets/images/favicon.png'}")
        settings = cms_config(center, category_choices(center, self.content_dir), backend=backend, site_url=config.site_url or "", content_prefix=prefix)
        hidden = InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, f"{ADMIN}index.html", content=page, inclusion=hidden))
        files.append(File.generated(config, f"{ADMIN}config.yml", content=json.dumps(settings, indent=1), inclusion=hidden))
        kind = LinkedFile if self.serving else File
        for uri, path in sources:
            files.append(kind.generated(config, uri, abs_src_path=str(path), inclusion=hidden))
