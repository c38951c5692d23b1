"""The self-check's trimmed standard library: derived from the code, sufficient for it, cached.

The Node.js tests load the built site's runtime folder the way the page does (trimmed stdlib,
packages by name through the lock file, each wheel imported from as it is) and run every user
agent of the rules' test corpus: the reports must be exactly CPython's, and no left-out module
may have been asked for.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import diag_user_agents
import pytest
from helpers_browser import DIAGNOSTICS_DIR, ROOT, context_json, self_check_context
from test_pyodide_node import FEATURES_ALL, chrome_facts

from generator.self_check import stdlib
from generator.self_check.runtime import build_project_wheel, fetch_wheels, read_pins, stage_packages
from generator.self_check.stdlib import StdlibError, build_stdlib, choose_form, lazy_imports, module_name

PYODIDE = ROOT / "node_modules" / "pyodide"
RUN_SITE = ROOT / "tests" / "pyodide" / "run_site.mjs"


def runtime_folder(site: Path) -> Path:
    return next(site.glob("pyodide/*/self-check-runtime.json")).parent


def test_module_names_come_from_zip_paths() -> None:
    """Files become the module names Python imports them by; other files are not modules."""
    assert module_name("asyncio/events.py") == "asyncio.events"
    assert module_name("email/__init__.py") == "email"
    assert module_name("json/decoder.pyc") == "json.decoder"
    assert module_name("site-packages/README.txt") is None


def test_lazy_imports_resolve_relative_and_function_level_imports(tmp_path: Path) -> None:
    """Imports inside functions count, `from .x import y` names the package's own module, and imports
    only type checkers read do not count."""
    wheel = tmp_path / "pkg-1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("pkg/__init__.py", "def f():\n    import difflib\n    from .core import thing\n")
        archive.writestr(
            "pkg/core.py",
            "from . import helpers\nfrom xml.dom import minidom\nif TYPE_CHECKING:\n"
            "    import pathlib\nif typing.TYPE_CHECKING:\n    import shutil\nelse:\n    import zlib\n",
        )
        archive.writestr("pkg-1.dist-info/METADATA", "Name: pkg\n")
    found = lazy_imports([wheel])
    assert found["pkg"] == ["difflib", "pkg.core", "pkg.core.thing"]
    assert found["pkg.core"] == ["pkg", "pkg.helpers", "xml.dom", "xml.dom.minidom", "zlib"]  # TYPE_CHECKING: never run


def corpus_cases() -> dict[str, dict[str, Any]]:
    """Every user agent of the rules' test corpus, with everything allowed and with everything blocked."""
    agents = {name: value for name, value in vars(diag_user_agents).items() if name.isupper() and isinstance(value, str)}
    blocked = {
        "cookies": {"navigator_enabled": False, "test_cookie": "blocked"},
        "storage": {"local": "blocked", "session": "error"},
        "scripts": {"payment_probe": "blocked", "ad_probe": "blocked", "ad_bait": "hidden", "paypal_sdk": "blocked"},
        "popup": "blocked",
        "features": dict.fromkeys(FEATURES_ALL, False),
    }
    cases: dict[str, dict[str, Any]] = {}
    for name, agent in agents.items():
        cases[name] = chrome_facts(user_agent=agent, client_hints=None)
        cases[f"{name} blocked"] = chrome_facts(user_agent=agent, client_hints=None, **blocked)
    cases["chrome with hints"] = chrome_facts()
    cases["garbage"] = {"user_agent": 42, "cookies": "yes", "features": [1, 2], "popup": {"x": None}}
    return cases


def test_trimmed_stdlib_runs_the_whole_corpus_like_cpython(built_site: Path) -> None:
    """Pyodide with only the trimmed stdlib gives CPython's report for every corpus case and misses nothing."""
    from diagnostics import web

    context = context_json(self_check_context())
    cases = corpus_cases()
    job = {"cases": [{"name": name, "facts": json.dumps(facts), "context": context} for name, facts in cases.items()]}
    done = subprocess.run(
        ["node", str(RUN_SITE), str(runtime_folder(built_site))],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["stdlib"] == "self-check-stdlib.zip"
    assert result["missing"] == [], "the trimmed stdlib left out modules the rules import"
    assert {"helpcenter_diagnostics", "ua-parser", "ua-parser-builtins"} <= set(result["loaded"]), result["errors"]
    assert len(result["results"]) == len(cases) > 60
    for name, facts in cases.items():
        assert json.loads(result["results"][name]) == json.loads(web.run(json.dumps(facts), context)), name


def published(archive: zipfile.ZipFile, module: str) -> bytes | None:
    """The bytes the zip holds for ``module``, as bytecode or as source, or None."""
    base = module.replace(".", "/")
    names = set(archive.namelist())
    found = next((n for n in (f"{base}.pyc", f"{base}.py", f"{base}/__init__.pyc", f"{base}/__init__.py") if n in names), None)
    return archive.read(found) if found else None


def test_the_module_list_follows_the_code(tmp_path: Path) -> None:
    """Rules that start importing other modules (at the top, or inside a function no case reaches) get them;
    one they import only where its absence is expected is left out, and the page would not fetch it."""
    package = tmp_path / "src" / "diagnostics"
    shutil.copytree(DIAGNOSTICS_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    web = package / "web.py"
    web.write_text(
        web.read_text("utf-8") + "\nimport colorsys\n\ntry:\n    import tomllib\nexcept ImportError:\n"
        "    tomllib = None\n\n\ndef _never_called() -> None:\n    import wave\n",
        "utf-8",
    )
    pinned = fetch_wheels(ROOT / ".cache" / "wheels")
    own = build_project_wheel(package, tmp_path / "own", requires=tuple(read_pins()))
    staged = stage_packages([*pinned, own], tmp_path / "runtime", PYODIDE, load=[own])
    first = build_stdlib(
        pyodide_dir=PYODIDE,
        lock_path=staged.lock,
        packages=list(staged.packages),
        context=self_check_context(),
        cache_dir=tmp_path / "cache",
    )
    assert first.made_now
    assert {"colorsys", "wave"} <= set(first.modules)
    assert "colorsys" in first.for_rules
    assert "wave" not in first.left_out
    assert "tomllib" in first.optional
    assert "tomllib" not in first.modules
    assert "tomllib" not in first.left_out  # the guard does not call for the full stdlib when it is missing
    with zipfile.ZipFile(first.path) as archive:
        assert published(archive, "colorsys") is not None
        assert published(archive, "wave") is not None
        assert published(archive, "tomllib") is None
        assert "sitecustomize.py" in archive.namelist()
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    again = build_stdlib(
        pyodide_dir=PYODIDE,
        lock_path=staged.lock,
        packages=list(staged.packages),
        context=self_check_context(),
        cache_dir=tmp_path / "cache",
    )
    assert not again.made_now
    assert again.path == first.path


def test_the_page_s_stdlib_carries_no_package_installer(built_site: Path) -> None:
    """What only Pyodide's wheel unpacker needs (zipfile, shutil, tempfile, tarfile, importlib.metadata) and
    what is imported only where it may be missing (ssl) are not downloaded; the stand-in loader is."""
    with zipfile.ZipFile(runtime_folder(built_site) / "self-check-stdlib.zip") as archive:
        # (pathlib stays on Python 3.13: importlib.abc imports importlib.resources.abc, which imports it.)
        for module in (
            "zipfile",
            "shutil",
            "tempfile",
            "tarfile",
            "importlib.metadata",
            "bz2",
            "lzma",
            "ssl",
            "calendar",
            "random",
            "importlib.resources._common",
        ):
            assert published(archive, module) is None, module
        loader = published(archive, "pyodide._package_loader")
        guard = archive.read("sitecustomize.py").decode()
    assert loader is not None
    assert b"init_loaded_packages" in loader
    assert b"unpack_buffer" not in loader  # the real one unpacks wheels
    assert "'zipfile'" in guard  # left out: the page would fetch the full stdlib if imported
    assert "'ssl'" not in guard  # optional: asyncio does without it


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_a_module_is_published_as_source_only_where_that_saves_much(tmp_path: Path) -> None:
    """Bytecode unless the source is much smaller on the wire; never a source that is not the same code."""
    many_small = "".join(f"def f{i}(a, b):\n    return a + b * {i}\n" for i in range(40)).encode()
    pyc_like = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(200))  # incompressible: much larger
    assert choose_form("m.py", {"pyc": encode(pyc_like), "py": encode(many_small)}) == ("m.py", many_small)
    assert choose_form("m.py", {"pyc": encode(b"x"), "py": encode(many_small)}) == ("m.pyc", b"x")
    assert choose_form("m.py", {"pyc": encode(pyc_like), "py": None}) == ("m.pyc", pyc_like)
    assert choose_form("data.txt", {"as_is": encode(b"text")}) == ("data.txt", b"text")


def test_without_node_the_build_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache miss on a machine without Node.js is a one-line message, not a traceback."""
    pinned = fetch_wheels(ROOT / ".cache" / "wheels")
    own = build_project_wheel(DIAGNOSTICS_DIR, tmp_path / "own", requires=tuple(read_pins()))
    staged = stage_packages([*pinned, own], tmp_path / "runtime", PYODIDE, load=[own])
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(StdlibError, match=r"node: not found.*install Node\.js 20"):
        build_stdlib(
            pyodide_dir=PYODIDE,
            lock_path=staged.lock,
            packages=list(staged.packages),
            context=self_check_context(),
            cache_dir=tmp_path / "cache",
        )


def test_the_tracer_takes_the_packages_with_the_page_s_own_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build traces what the page loads because it runs the page's loader, not a copy of it: the tracer
    hands the lock and the page's package names to the runner.js that the page's worker imports, puts no
    wheel into Pyodide by itself, and a change to that loader makes a new trace."""
    page = ROOT / "theme" / "assets" / "hc" / "self-check"
    assert page / "runner.js" == stdlib.LOADER
    for module in ("worker.js", "checker-thread.js"):
        assert 'from "./runner.js";' in (page / module).read_text("utf-8"), module
    # A loader that says what it was given, in place of the page's: the tracer's run ends in its words.
    stand_in = tmp_path / "runner.js"
    stand_in.write_text(
        "export async function readWheels(lock, names, readWheel) {\n"
        "  throw new Error(`page loader: ${names} from ${Object.keys(lock.packages)}, ${typeof readWheel}`);\n"
        "}\nexport function installWheels() {}\n",
        "utf-8",
    )
    lock = tmp_path / "lock.json"
    lock.write_text(json.dumps({"packages": {"helpcenter-diagnostics": {}, "ua-parser": {}}}), "utf-8")
    job = {
        "pyodide_dir": str(PYODIDE),
        "loader": str(stand_in),
        "lock": str(lock),
        "wheels_dir": str(tmp_path),
        "packages": ["helpcenter-diagnostics"],
    }
    done = subprocess.run(
        ["node", str(stdlib.TRACER)], input=json.dumps(job), capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0
    assert "page loader: helpcenter-diagnostics from helpcenter-diagnostics,ua-parser, function" in done.stderr
    tracer = stdlib.TRACER.read_text("utf-8")
    assert "FS." not in tracer, "the tracer writes into Pyodide's file system itself; runner.js's installWheels does"
    assert "sys.path.extend" not in tracer
    assert "sys.path.append" not in tracer
    before = stdlib.cache_key(pyodide_dir=PYODIDE, lock={}, cases=[], form="bytecode")
    stand_in.write_text(stdlib.LOADER.read_text("utf-8") + "\n// changed\n", "utf-8")
    monkeypatch.setattr(stdlib, "LOADER", stand_in)
    assert stdlib.cache_key(pyodide_dir=PYODIDE, lock={}, cases=[], form="bytecode") != before
