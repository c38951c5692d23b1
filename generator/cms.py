"""The editors' web editor at /admin/: Decap CMS, configured from the entry schema and the categories.

The form is generated at build time from `generator/schema/entry.schema.json` (the checker's own
rules: required fields, lengths, patterns) and from the content (the categories of categories.yml,
the ids of existing entries), so it cannot drift from `helpcenter check`. Entries are read and
written by `entry-format.mjs`, which keeps the file's text and replaces only what the editor
changed.

Under `mkdocs serve`, `LocalServer` runs Decap's `decap-server` on loopback: the CMS writes straight
into content/faq/ (and nowhere else: the server's root is the content folder). On the built site,
/admin/ exists only when a Git backend (GitHub, GitLab...) is configured.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel

from .entries import CATEGORIES_FILE, ENTRIES_DIR, HelpCenter
from .source import SourceError, read_yaml
from .validate import SCHEMA_DIR, SLUG

log = logging.getLogger("mkdocs.plugins.helpcenter.cms")
#: The folder of the CMS on the site.
ADMIN = "admin/"
#: Our own scripts for the admin page (entry format, start-up, local server launcher).
SCRIPTS_DIR = Path(__file__).parent / "admin"
#: The fields in the order editors know (the guide, `helpcenter new` and the entries written so far).
KEY_ORDER = ("question", "category", "order", "updated", "summary", "keywords", "phrasings", "related", "self_check",
             "answer", "steps", "former_ids", "retired", "replaced_by")
#: Fields written in Markdown (a `|` block in the file, the Markdown editor in the form).
MARKDOWN = ("answer", "lead", "text")
#: Fields whose values are ids of existing entries: a choice, not free text.
ENTRY_CHOICES = ("related", "replaced_by")
MODELINE = "# yaml-language-server: $schema=../../generator/schema/entry.schema.json"
LABELS = {
    "question": "Question", "category": "Category", "order": "Position in the category", "updated": "Last updated",
    "summary": "Summary for search engines", "keywords": "Keywords (shoppers' own words)",
    "phrasings": "Other ways shoppers ask (searched, never shown)", "phrasing": "Phrasing",
    "related": "Related entries", "self_check": "Linked to the checkout self-check", "answer": "Answer",
    "steps": "Troubleshooting steps", "former_ids": "Former ids (old addresses that lead here)",
    "retired": "Retired", "replaced_by": "Replaced by", "id": "Step id", "title": "Title",
    "lead": "Text before the step", "text": "What to do", "keyword": "Keyword", "former_id": "Former id",
}
#: Plain words for the schema's patterns, shown when a value does not match.
PATTERN_WORDS = {
    SLUG.pattern: "lowercase words joined by hyphens, like wrong-address",
    "^[^\\n<>]*$": "one line, without < or >",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
}


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / "entry.schema.json").read_text(encoding="utf-8"))
    return schema


def _rule(name: str, prop: dict[str, Any]) -> list[str] | None:
    """The schema's pattern and lengths as one JavaScript pattern with a message in words, or None."""
    low, high = prop.get("minLength"), prop.get("maxLength")
    pattern = prop.get("pattern")
    if low is None and high is None and pattern is None:
        return None
    words = []
    if low is not None or high is not None:
        length = "{%d,%s}" % (low or 0, "" if high is None else high)  # noqa: UP031 - regex braces in an f-string
        words.append(f"{low} to {high} characters" if low and high else
                     f"at most {high} characters" if high else f"at least {low} characters")
    if pattern is not None:
        words.append(PATTERN_WORDS.get(pattern, f"matching {pattern}"))
    regex = (f"^(?=[\\s\\S]{length}$)" if low is not None or high is not None else "") + (pattern or "")
    return [regex, f"{LABELS.get(name, name)}: {', '.join(words)}"]


def _field(name: str, prop: dict[str, Any], *, required: bool, choices: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """One Decap field for one schema property."""
    field: dict[str, Any] = {"name": name, "label": LABELS.get(name, name.replace("_", " ").capitalize()),
                             "required": required}
    if prop.get("description"):
        field["hint"] = prop["description"]
    kind = prop.get("type")
    if name in choices:
        field.update(widget="select", options=choices[name], multiple=kind == "array")
        if name == "category":
            ids = "|".join(re.escape(o["value"]) for o in choices[name])
            field["pattern"] = [f"^(?:{ids})$", "Category: choose one of the categories of content/categories.yml"]
    elif name in MARKDOWN and kind == "string":
        # Markdown as typed: the rich-text mode would rewrite the whole answer (lists become '*').
        field.update(widget="markdown", modes=["raw"], editor_components=[], sanitize_preview=True)
    elif kind == "string" and prop.get("format") == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False,
                     picker_utc=True, default="")
    elif kind == "string":
        field["widget"] = "string"
    elif kind == "integer":
        field.update(widget="number", value_type="int", min=prop.get("minimum", 0), step=1)
    elif kind == "boolean":
        field.update(widget="boolean", default=False)
    elif kind == "array" and prop.get("items", {}).get("type") == "object":
        items = prop["items"]
        field.update(widget="list", collapsed=False, summary="{{fields.title}}",
                     fields=[_field(key, sub, required=key in items.get("required", ()), choices={})
                             for key, sub in items["properties"].items()])
    elif kind == "array":
        # One box per item, so each is checked as the checker does (lengths, pattern).
        item = name.removesuffix("s") if name.endswith("s") else "item"
        field.update(widget="list", collapsed=False, allow_add=True,
                     field=_field(item, prop.get("items", {}), required=True, choices={}))
        field["field"].pop("hint", None)
    if field.get("widget") == "string" and (rule := _rule(name, prop)):
        field["pattern"] = rule
    return field


def category_choices(center: HelpCenter, content_dir: Path) -> list[dict[str, str]]:
    """The categories to choose from; read from categories.yml itself if the content did not load
    (an editor may open the CMS to fix the very file that broke it)."""
    if center.categories:
        return [{"label": c.title, "value": c.id} for c in center.categories]
    try:
        rows = read_yaml(content_dir / CATEGORIES_FILE).data["categories"]
        return [{"label": str(row.get("title") or row["id"]), "value": str(row["id"])} for row in rows]
    except (SourceError, KeyError, TypeError, AttributeError):
        return []


def entry_fields(center: HelpCenter, categories: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Decap's fields for an FAQ entry: every property of the entry schema, in the order editors know."""
    schema = _schema()
    properties: dict[str, Any] = schema["properties"]
    live = sorted((e for e in center.entries.values() if not e.retired), key=lambda e: e.question.lower())
    entries = [{"label": f"{e.question} ({e.id})", "value": e.id} for e in live]
    choices = {"category": categories, **dict.fromkeys(ENTRY_CHOICES, entries)}
    names = [*(k for k in KEY_ORDER if k in properties), *(k for k in properties if k not in KEY_ORDER)]
    return [_field(name, properties[name], required=name in schema.get("required", ()), choices=choices) for name in names]


def cms_config(center: HelpCenter, categories: list[dict[str, str]], *, backend: dict[str, Any], site_url: str,
               content_prefix: str) -> dict[str, Any]:
    """The whole Decap configuration (admin/config.yml). `content_prefix` is content/'s path in the backend's repo."""
    return {
        "backend": backend,
        "publish_mode": "simple",
        "site_url": site_url,
        "display_url": site_url,
        "locale": "en",
        # Decap wants a media folder; answers carry no pictures, so nothing is ever put there.
        "media_folder": f"{content_prefix}media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": "faq",
            "label": "FAQ entries",
            "label_singular": "FAQ entry",
            "description": "One question and its answer. The file name is the entry's id and address, /faq/<id>/: "
                           "it is made from the question when the entry is created, and never changes after.",
            "folder": f"{content_prefix}{ENTRIES_DIR}",
            "extension": "yml",
            "format": "helpcenter-entry",
            "create": True,
            "delete": False,  # a deleted entry breaks saved links: retire it instead
            "slug": "{{question}}",
            "identifier_field": "question",
            "summary": "{{question}}",
            "sortable_fields": ["question", "category", "order", "updated"],
            "view_groups": [{"label": "Category", "field": "category"}],
            "preview_path": "faq/{{slug}}/",
            "editor": {"preview": True},
            "fields": entry_fields(center, categories),
        }],
    }


def format_options() -> dict[str, Any]:
    """What entry-format.mjs needs to know: the key order, the Markdown fields, the first line."""
    return {"keyOrder": list(KEY_ORDER), "markdown": list(MARKDOWN), "modeline": MODELINE}


@dataclass(frozen=True)
class Packages:
    """The npm packages the admin page serves: Decap CMS and the `yaml` library."""

    node_modules: Path

    @property
    def decap(self) -> Path:
        return self.node_modules / "decap-cms" / "dist"

    @property
    def yaml(self) -> Path:
        return self.node_modules / "yaml" / "browser" / "dist"

    @property
    def server(self) -> Path:
        return self.node_modules / "decap-server" / "dist" / "index.js"

    def version(self, package: str) -> str:
        data = json.loads((self.node_modules / package / "package.json").read_text(encoding="utf-8"))
        return str(data["version"])

    def problems(self) -> list[str]:
        missing = [p for p in (self.decap / "decap-cms.js", self.yaml / "index.js", self.server) if not p.is_file()]
        return [f"{p}: missing; run scripts/setup (it installs the npm packages)" for p in missing]

    def files(self) -> list[tuple[str, Path]]:
        """(address under admin/, file) for every file the page loads, in folders named by version."""
        decap = f"{ADMIN}decap-cms-{self.version('decap-cms')}/"
        yaml = f"{ADMIN}yaml-{self.version('yaml')}/"
        out = [(decap + p.name, p) for p in sorted(self.decap.iterdir())
               if p.name.startswith("decap-cms.js") or p.name.endswith((".decap-cms.js", ".wasm"))]
        out += [(yaml + p.relative_to(self.yaml).as_posix(), p) for p in sorted(self.yaml.rglob("*.js"))]
        out += [(ADMIN + p.name, p) for p in sorted(SCRIPTS_DIR.glob("*.mjs")) + sorted(SCRIPTS_DIR.glob("*.js"))]
        return out


class _LinkedFile(File):
    """A file the CMS loads as it is (Decap, yaml): linked into the temporary site of `mkdocs serve`,
    which is rebuilt after every save, instead of copied (about 140 files, 6 MB)."""

    def copy_file(self, dirty: bool = False) -> None:
        target = Path(self.abs_dest_path)
        if target.is_symlink() or target.exists():
            target.unlink()  # never copy through an old link into node_modules
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(str(self.abs_src_path))
        except OSError:  # a file system without links
            super().copy_file(dirty)


def admin_page(*, site_name: str, decap_url: str, yaml_url: str, preview_styles: list[str], favicon: str) -> str:
    """admin/index.html: Decap CMS, our entry format and preview, no inline script."""
    styles = html.escape(" ".join(preview_styles))
    entry_format = html.escape(json.dumps(format_options()))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Edit · {html.escape(site_name)}</title>
<link rel="icon" href="{html.escape(favicon)}">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<meta name="hc-preview-styles" content="{styles}">
<meta name="hc-yaml" content="{html.escape(yaml_url)}">
<meta name="hc-entry-format" content="{entry_format}">
<script src="manual-init.js"></script>
<script src="{html.escape(decap_url)}"></script>
<script type="module" src="admin.mjs"></script>
</head>
<body>
</body>
</html>
<!-- mkdocs serve puts its live-reload script before a page's last closing body tag, which is the
     one at the end of this comment, so it never runs: the editor must not reload while someone
     types. </body> -->
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer:
    """decap-server on 127.0.0.1, serving the content folder to the CMS under `mkdocs serve`.

    Started once per `mkdocs serve` and stopped with it; its launcher also ends when the pipe to
    this process closes, so a killed preview leaves no server behind.
    """

    def __init__(self, packages: Packages, content_dir: Path) -> None:
        self.packages = packages
        self.content_dir = content_dir
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def start(self, timeout: float = 15) -> None:
        env = {**os.environ, "PORT": str(self.port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(self.content_dir), "LOG_LEVEL": "warn"}
        self.process = subprocess.Popen(
            ["node", str(SCRIPTS_DIR / "local-server.cjs"), str(self.packages.server)],
            cwd=self.content_dir, env=env, stdin=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"decap-server stopped at start (exit {self.process.returncode})")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"decap-server did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.stdin:
            with contextlib.suppress(OSError):
                process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


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
        kind = _LinkedFile if self.serving else File
        for uri, path in sources:
            files.append(kind.generated(config, uri, abs_src_path=str(path), inclusion=hidden))
