"""The shop is named in one place: mkdocs.yml's `shop:` block (and the editors' content/).

Another shop, or a renamed one, is a change of that block. So the shop's name (which its
domain contains) appears in no code: not in the generator, the rules, the theme, the files
published as they are, the server's configuration, the benchmarks or the scripts.

Not scanned, on purpose: content/ (the editors' words may name the shop), tests/ (they need
concrete values and check where each comes from), the documentation (README.md, ARCHITECTURE.md,
content/README.md describe this shop's help center), and the packaging metadata
(pyproject.toml, package.json and their locks: the repository's name, never shown to a shopper).
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import FIXTURE_SHOP, build, entry, fixture_site, site_shop

ROOT = Path(__file__).resolve().parents[1]
#: Where code lives; every text file under them is read.
CODE = ("generator", "diagnostics", "theme", "static", "deploy", "bench", "scripts", ".ci", ".githooks", "Makefile")
BINARY = {".png", ".ico", ".woff", ".woff2", ".zip", ".whl", ".br", ".gz"}


def _code_files() -> list[Path]:
    files: list[Path] = []
    for name in CODE:
        path = ROOT / name
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return [file for file in files if file.suffix not in BINARY]


def test_no_code_names_thesite_shop() -> None:
    """Neither the shop's name nor its domain appears in any code file; they live in mkdocs.yml's shop block."""
    shop = site_shop()
    name = re.compile(re.escape(shop["name"]), re.IGNORECASE)
    files = _code_files()
    assert len(files) > 50, "the scan found hardly any code: did the folders move?"
    found = [
        f"{file.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for file in files
        for number, line in enumerate(file.read_text("utf-8", errors="replace").splitlines(), 1)
        if name.search(line)
    ]
    assert not found, "the shop is named in code; read it from the shop block (config.shop) instead:\n" + "\n".join(found)


def test_mkdocs_yml_names_the_shop_only_in_its_block() -> None:
    """In mkdocs.yml, the shop's name appears in the shop block, and in site_url (the help center's own
    address, a setting of its own that HELPCENTER_SITE_URL overrides) and nowhere else."""
    shop = site_shop()
    lines = (ROOT / "mkdocs.yml").read_text("utf-8").splitlines()
    start = next(number for number, line in enumerate(lines) if line.strip() == "shop:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(
        (
            number
            for number in range(start + 1, len(lines))
            if lines[number].strip() and len(lines[number]) - len(lines[number].lstrip()) <= indent
        ),
        len(lines),
    )
    outside = [
        line
        for number, line in enumerate(lines)
        if not start <= number < end and shop["name"].lower() in line.lower() and not line.startswith("site_url:")
    ]
    assert outside == []


def test_another_shop_is_a_change_of_configuration(tmp_path: Path) -> None:
    """A site built with another shop names that shop: title, footer, home page, robots.txt; never the real one."""
    project = fixture_site(tmp_path, {"track-parcel": entry()})
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    home = (site / "index.html").read_text("utf-8")
    assert f"<title>Help center - {FIXTURE_SHOP['name']} Fixture help center</title>" in home
    assert f'{FIXTURE_SHOP["name"]} · <a href="mailto:{FIXTURE_SHOP["support_email"]}">' in home  # the footer
    assert f"at {FIXTURE_SHOP['name']}, and how to reach support" in home  # the description
    assert (site / "robots.txt").read_text("utf-8") == (
        "User-agent: *\nAllow: /\nSitemap: https://help.example.test/sitemap.xml\n"
    )
    real = site_shop()["name"].lower()
    assert not [page for page in site.rglob("*.html") if real in page.read_text("utf-8").lower()]
