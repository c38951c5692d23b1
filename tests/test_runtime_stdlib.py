"""The self-check's trimmed standard library: derived from the code, sufficient for it, cached.

The Node.js tests load the built site's runtime folder the way the page does (trimmed stdlib,
packages by name through the lock file) and run every user agent of the rules' test corpus:
the reports must be exactly CPython's, and no left-out module may have been asked for.
"""

from __future__ import annotations

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

from generator.runtime import build_project_wheel, fetch_wheels, read_pins, stage_packages
from generator.self_check_stdlib import StdlibError, build_stdlib, lazy_imports, module_name

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
    """Imports inside functions count, and `from .x import y` names the package's own module."""
    wheel = tmp_path / "pkg-1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("pkg/__init__.py", "def f():\n    import difflib\n    from .core import thing\n")
        archive.writestr("pkg/core.py", "from . import helpers\nfrom xml.dom import minidom\n")
        archive.writestr("pkg-1.dist-info/METADATA", "Name: pkg\n")
    found = lazy_imports([wheel])
    assert found["pkg"] == ["difflib", "pkg.core", "pkg.core.thing"]
    assert found["pkg.core"] == ["pkg", "pkg.helpers", "xml.dom", "xml.dom.minidom"]


def corpus_cases() -> dict[str, dict[str, Any]]:
    """Every user agent of the rules' test corpus, with everything allowed and with everything blocked."""
    agents = {name: value for name, value in vars(diag_user_agents).items() if name.isupper() and isinstance(value, str)}
    blocked = {"cookies": {"navigator_enabled": False, "test_cookie": "blocked"},
               "storage": {"local": "blocked", "session": "error"},
               "scripts": {"payment_probe": "blocked", "ad_probe": "blocked", "ad_bait": "hidden", "paypal_sdk": "blocked"},
               "popup": "blocked", "features": dict.fromkeys(FEATURES_ALL, False)}
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
    done = subprocess.run(["node", str(RUN_SITE), str(runtime_folder(built_site))], input=json.dumps(job),
                          capture_output=True, text=True, timeout=180, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["stdlib"] == "self-check-stdlib.zip"
    assert result["missing"] == [], "the trimmed stdlib left out modules the rules import"
    assert {"alsgem_diagnostics", "ua-parser", "ua-parser-builtins"} <= set(result["loaded"]), result["errors"]
    assert len(result["results"]) == len(cases) > 60
    for name, facts in cases.items():
        assert json.loads(result["results"][name]) == json.loads(web.run(json.dumps(facts), context)), name


def test_the_module_list_follows_the_code(tmp_path: Path) -> None:
    """Rules that start importing other modules (at the top, or inside a function no case reaches) get them."""
    package = tmp_path / "src" / "diagnostics"
    shutil.copytree(DIAGNOSTICS_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    web = package / "web.py"
    web.write_text(web.read_text("utf-8") + "\nimport colorsys\n\n\ndef _never_called() -> None:\n    import wave\n", "utf-8")
    pinned = fetch_wheels(ROOT / ".cache" / "wheels")
    own = build_project_wheel(package, tmp_path / "own", requires=tuple(read_pins()))
    staged = stage_packages([*pinned, own], tmp_path / "runtime", PYODIDE, load=[own])
    first = build_stdlib(pyodide_dir=PYODIDE, lock_path=staged.lock, packages=list(staged.packages),
                         context=self_check_context(), cache_dir=tmp_path / "cache")
    assert first.made_now
    assert {"colorsys", "wave"} <= set(first.modules)
    assert "colorsys" in first.for_rules
    assert "wave" not in first.left_out
    with zipfile.ZipFile(first.path) as archive:
        assert {"colorsys.pyc", "wave.pyc", "sitecustomize.py"} <= set(archive.namelist())
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
    again = build_stdlib(pyodide_dir=PYODIDE, lock_path=staged.lock, packages=list(staged.packages),
                         context=self_check_context(), cache_dir=tmp_path / "cache")
    assert not again.made_now
    assert again.path == first.path
    assert again.seconds < 1
    print(f"\ntrimmed stdlib: {len(first.modules)} modules, made in {first.seconds:.1f} s; from the cache in "
          f"{again.seconds * 1000:.0f} ms")


def test_without_node_the_build_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache miss on a machine without Node.js is a one-line message, not a traceback."""
    pinned = fetch_wheels(ROOT / ".cache" / "wheels")
    own = build_project_wheel(DIAGNOSTICS_DIR, tmp_path / "own", requires=tuple(read_pins()))
    staged = stage_packages([*pinned, own], tmp_path / "runtime", PYODIDE, load=[own])
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(StdlibError, match=r"node: not found.*install Node\.js 20"):
        build_stdlib(pyodide_dir=PYODIDE, lock_path=staged.lock, packages=list(staged.packages),
                     context=self_check_context(), cache_dir=tmp_path / "cache")
