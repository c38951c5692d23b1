"""Small factories for tests: content folders, fixture sites and builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The shop's FAQ as it was before the help center (its text, kept as it was given to us): every
#: entry of it must stay on the site, word for word.
SEED = ROOT / "tests" / "data" / "shop-faq-2026-11.txt"

CATEGORIES = {
    "categories": [
        {"id": "payment", "title": "Payment"},
        {"id": "shipping", "title": "Shipping and tracking"},
    ]
}


def english_entry_files() -> list[Path]:
    """The shop's entry files, without their translations (<id>.<lang>.yml)."""
    return sorted(p for p in (ROOT / "content" / "faq").glob("*.yml") if "." not in p.stem)


def troubleshooting_steps() -> list[str]:
    """Ids of the steps of the entry the self-check follows (`self_check: true`), read from content/."""
    from diag_helpers import STEP_IDS

    return list(STEP_IDS)


def entry(question: str = "How do I track my parcel?", category: str = "shipping", **fields: Any) -> dict[str, Any]:
    """A valid entry's fields; keyword arguments add or replace fields."""
    data: dict[str, Any] = {"question": question, "category": category, "answer": "You get an email with the tracking number.\n"}
    data.update(fields)
    return data


def write_content(folder: Path, entries: dict[str, Any], categories: Any = CATEGORIES) -> Path:
    """A content folder: categories.yml and faq/<id>.yml for each entry (dicts are dumped, strings written as they are)."""
    (folder / "faq").mkdir(parents=True, exist_ok=True)
    (folder / "categories.yml").write_text(
        categories if isinstance(categories, str) else yaml.safe_dump(categories, sort_keys=False), encoding="utf-8"
    )
    for entry_id, data in entries.items():
        text = data if isinstance(data, (str, bytes)) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path = folder / "faq" / f"{entry_id}.yml" if "." not in entry_id else folder / "faq" / entry_id
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


#: The fixture sites' shop: a name and addresses of no real shop, so a test sees where each comes from.
FIXTURE_SHOP = {"name": "Fixture Shop", "url": "https://www.shop.example.test/", "support_email": "help@shop.example.test"}


def fixture_site(folder: Path, entries: dict[str, Any], **plugin: Any) -> Path:
    """A small MkDocs project using the repo's theme and the helpcenter plugin."""
    write_content(folder / "content", entries)
    (folder / "static").mkdir(parents=True, exist_ok=True)
    options = {"shop": FIXTURE_SHOP, "content_dir": "content", "self_check": False, **plugin}
    config = {
        "site_name": "Fixture help center",
        "site_url": "https://help.example.test/",
        "docs_dir": "static",
        "site_dir": "site",
        "theme": {"name": "material", "custom_dir": str(ROOT / "theme"), "font": False},
        "plugins": ["search", {"helpcenter": options}],
        "markdown_extensions": ["attr_list", "md_in_html", "admonition", "toc"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV` and `!!python/name:` tags read as plain values: only the shop block matters here."""


def _ignored(*_: Any) -> None:
    return None


_AnyTagLoader.add_multi_constructor("", _ignored)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored)


def site_plugin_options() -> dict[str, Any]:
    """The repo's options of the helpcenter plugin in mkdocs.yml: what the real site is built with."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_AnyTagLoader)  # noqa: S506 - the loader above is SafeLoader's
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "helpcenter" in plugin:
            return dict(plugin["helpcenter"])
    raise AssertionError("mkdocs.yml: no helpcenter plugin")


def site_shop() -> dict[str, str]:
    """The repo's shop block of mkdocs.yml (name, url, support_email, logo): what the real site is built with."""
    return dict(site_plugin_options()["shop"])


def run(
    *args: str, cwd: Path = ROOT, timeout: int = 300, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command of the project's venv (mkdocs, helpcenter) and capture its output.

    `env`: variables to set for the command, or to remove (None)."""
    merged = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    command_env = {k: v for k, v in merged.items() if v is not None}
    bin_dir = Path(sys.executable).parent
    command = [str(bin_dir / args[0]), *args[1:]]
    return subprocess.run(command, check=False, cwd=cwd, env=command_env, capture_output=True, text=True, timeout=timeout)


def build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder."""
    return run("mkdocs", "build", "--strict", *extra, cwd=project)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes] | subprocess.Popen[str] | None = None, timeout: float = 30
) -> None:
    """Return once `url` answers; raise if `process` (the server) stops or time runs out."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the server for {url} stopped (exit {process.returncode})") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(0.05)
        else:
            return


def query_scores(listed: list[dict[str, Any]], ranked: list[list[str]]) -> tuple[float, float, list[str]]:
    """Top-1 and top-3 shares of a query set (each query's `id` is its right answer) and the queries not first."""
    misses = [
        f"{q['q']!r} ({q['kind']}): wanted {q['id']}, got {ids}"
        for q, ids in zip(listed, ranked, strict=True)
        if ids[:1] != [q["id"]]
    ]
    top3 = sum(q["id"] in ids for q, ids in zip(listed, ranked, strict=True)) / len(listed)
    return 1 - len(misses) / len(listed), top3, misses
