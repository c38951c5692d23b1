"""generator.self_check.runtime: the project wheel, the wheel cache and the runtime copied into a site."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from generator.self_check.runtime import (
    MANIFEST_NAME,
    PYODIDE_FILES,
    RuntimeMissingError,
    build_project_wheel,
    fetch_wheels,
    install_runtime,
    read_pins,
)


def make_package(folder: Path, text: str = "VALUE = 1\n") -> Path:
    package = folder / "diagnostics"
    (package / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text('"""Pkg."""\n')
    (package / "web.py").write_text(text)
    (package / "__pycache__" / "web.cpython-313.pyc").write_bytes(b"junk")
    return package


def make_pyodide(folder: Path) -> Path:
    source = folder / "node_modules" / "pyodide"
    source.mkdir(parents=True)
    for name in PYODIDE_FILES:
        (source / name).write_bytes(name.encode() * 10)
    (source / "package.json").write_text(json.dumps({"version": "314.0.7"}))
    (source / "console.html").write_text("not needed by the page")
    return folder / "node_modules"


def test_project_wheel_is_reproducible_and_valid(tmp_path: Path) -> None:
    """Same package, same bytes; RECORD hashes match; caches stay out."""
    package = make_package(tmp_path / "src")
    first = build_project_wheel(package, tmp_path / "a")
    second = build_project_wheel(package, tmp_path / "b")
    assert first.name == second.name
    assert first.read_bytes() == second.read_bytes()
    assert first.name.startswith("helpcenter_diagnostics-0+")
    assert first.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(first) as wheel:
        names = wheel.namelist()
        assert "diagnostics/web.py" in names
        assert not any("__pycache__" in name for name in names)
        record = next(name for name in names if name.endswith("RECORD"))
        for line in wheel.read(record).decode().splitlines():
            path, digest, size = line.split(",")
            if path == record:
                continue
            data = wheel.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}"
            assert int(size) == len(data)
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in wheel.infolist())


def test_changed_package_gets_a_new_wheel_name(tmp_path: Path) -> None:
    """Browsers never keep a stale copy: new content, new file name; the old one goes."""
    package = make_package(tmp_path / "src")
    old = build_project_wheel(package, tmp_path / "out")
    (package / "web.py").write_text("VALUE = 2\n")
    new = build_project_wheel(package, tmp_path / "out")
    assert new.name != old.name
    assert not old.exists()


def test_fetch_wheels_names_the_command_when_missing(tmp_path: Path) -> None:
    """No download at build time: a missing wheel is an error that says how to get it."""
    with pytest.raises(RuntimeMissingError, match=r"pip download --no-deps .*ua-parser==1\.0\.2"):
        fetch_wheels(tmp_path)
    for name in ("ua_parser-1.0.2-py3-none-any.whl", "ua_parser_builtins-202610-py3-none-any.whl"):
        (tmp_path / name).write_bytes(b"wheel")
    # Pinned hashes are checked by their own test (test_runtime_lock.py); these stand-ins have none.
    assert [p.name for p in fetch_wheels(tmp_path, hashes={})] == [
        "ua_parser-1.0.2-py3-none-any.whl",
        "ua_parser_builtins-202610-py3-none-any.whl",
    ]


def test_install_runtime_copies_only_what_the_page_needs(tmp_path: Path) -> None:
    """The five runtime files and the wheels; URLs relative to the site root; reruns copy nothing."""
    node_modules = make_pyodide(tmp_path)
    wheel = build_project_wheel(make_package(tmp_path / "src"), tmp_path / "build")
    site = tmp_path / "site"
    manifest = install_runtime(site, node_modules, [wheel])
    assert sorted(p.name for p in (site / "pyodide").iterdir()) == sorted([*PYODIDE_FILES, MANIFEST_NAME, "wheels"])
    assert manifest["wheels"] == [{"url": f"pyodide/wheels/{wheel.name}", "size": wheel.stat().st_size}]
    assert {"url": "pyodide/pyodide.mjs", "size": len(b"pyodide.mjs" * 10)} in manifest["files"]
    assert manifest["pyodide_version"] == "314.0.7"
    assert json.loads((site / "pyodide" / MANIFEST_NAME).read_text())["wheels"] == [f"wheels/{wheel.name}"]
    assert manifest["copied"] == len(PYODIDE_FILES) + 1
    assert install_runtime(site, node_modules, [wheel])["copied"] == 0


def test_install_runtime_replaces_changed_files_and_stale_wheels(tmp_path: Path) -> None:
    """A changed source file is copied again; a wheel no longer listed is removed."""
    node_modules = make_pyodide(tmp_path)
    site = tmp_path / "site"
    stale = tmp_path / "old-1.0-py3-none-any.whl"
    stale.write_bytes(b"old")
    install_runtime(site, node_modules, [stale])
    (node_modules / "pyodide" / "pyodide.mjs").write_bytes(b"changed")
    os.utime(node_modules / "pyodide" / "pyodide.mjs", ns=(1, 1))
    manifest = install_runtime(site, node_modules, [])
    assert manifest["copied"] == 1
    assert (site / "pyodide" / "pyodide.mjs").read_bytes() == b"changed"
    assert not (site / "pyodide" / "wheels" / stale.name).exists()


def test_install_runtime_without_npm_ci_says_so(tmp_path: Path) -> None:
    with pytest.raises(RuntimeMissingError, match="npm ci"):
        install_runtime(tmp_path / "site", tmp_path / "node_modules", [])


def test_pins_come_from_requirements_pyodide(tmp_path: Path) -> None:
    """One place pins the wheels: the file scripts/setup downloads from."""
    requirements = tmp_path / "requirements-pyodide.txt"
    requirements.write_text("# comment\nua-parser==1.0.2  # rules engine\n\nua-parser-builtins==202610\n")
    assert read_pins(requirements) == {"ua-parser": "1.0.2", "ua-parser-builtins": "202610"}
    requirements.write_text("ua-parser>=1\n")
    with pytest.raises(RuntimeMissingError, match=r"requirements-pyodide\.txt:1: expected name==version"):
        read_pins(requirements)
