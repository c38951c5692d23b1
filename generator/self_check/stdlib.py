"""A standard library made for the self-check: only the modules it imports, precompiled, stored for brotli.

Pyodide's ``python_stdlib.zip`` holds the whole standard library (about 600 files, 2.5 MB,
already deflated so brotli gains nothing on it). The self-check needs the modules Pyodide
imports while it starts and those the rules import: about a sixth. :func:`build_stdlib`
finds them by running the real checks under the real Pyodide in Node.js
(``stdlib_trace.mjs``: the same lock file and wheels the page loads, taken by the page's
own loader in ``runner.js``, the cases of :func:`trace_cases`, plus every module the packages import
inside functions), and writes a zip of just those, stored uncompressed so that brotli and
gzip on the wire do the work.

The wheels' modules are compiled the same way (:attr:`Stdlib.wheels`, always bytecode), so the
page's Python compiles nothing while it starts.

Each file is compiled at build time by the very Python the page runs, docstrings left out,
and published in one of two forms (:func:`choose_form`): bytecode (no column tables, as
``-X no_debug_ranges``, and line numbers kept per function only: a traceback through the
standard library names each function's first line), so the page's Python need not compile
it while it starts; or, where that is much smaller on the wire, the same code as source
without comments (``ast.unparse``; only when it parses back to the very same syntax tree).
``form="source"`` keeps the files as they are.

Two kinds of module are left out although something imports them:

- *optional* ones: those every loaded module imports only inside ``try: ... except ImportError``
  (asyncio's ``ssl``). The trace runs again without them and keeps them out only if every case
  still gives the same report; the page does not fetch the full stdlib for them.
- what only Pyodide's package loader needs: Pyodide imports the loader while it starts, and
  with it zipfile, shutil and tempfile, though the page never installs a package through it
  (it imports from each integrity-checked wheel as it is). The zip carries a stand-in for it
  (``package_loader.py``) with what Pyodide's start-up reads.

Nothing here lists modules by hand: the list follows the code. It is cached in
``.cache/self-check-stdlib/`` under a key made of everything it depends on (Pyodide's
files, the wheels with their hashes, i.e. the rules' own source, the cases, the page's
loader and this code), so rebuilds under ``mkdocs serve`` reuse it and only a change to the
rules, the wheels, the loader or Pyodide runs Node again (a few seconds).

The zip also carries ``sitecustomize.py`` (``sitecustomize.py`` of this folder plus the list
of left-out modules), which notes any import of a left-out module, so the page can add the
full standard library (still published) and finish its report anyway.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import brotli

from diagnostics.facts import FEATURES

from .lock import WHEELS_FOLDER, write_stored_zip

HERE = Path(__file__).resolve().parent
TRACER = HERE / "stdlib_trace.mjs"
#: The page's loader, which the tracer runs to take the packages exactly as the page does.
LOADER = HERE.parents[1] / "theme" / "assets" / "hc" / "self-check" / "runner.js"
GUARD = HERE / "sitecustomize.py"
#: Modules of Pyodide's standard library the page gets in another form: member path -> our file.
STAND_INS = {
    "pyodide/_package_loader.py": HERE / "package_loader.py",
    "importlib/resources/__init__.py": HERE / "resources_init.py",
}
#: Bump when the zip's layout changes in a way the inputs do not show.
FORMAT = 3
#: A module is published as its source (without comments and docstrings), which the page's Python
#: compiles while it starts, instead of as bytecode when that saves at least this many bytes on the
#: wire (brotli) per character of source. Bytecode is larger (every code object carries its names,
#: constants and tables), source costs the phone CPU: compiling was a quarter of the page's Python
#: time on bench/phone.py's phone (Chromium's profiler: Py_CompileStringObject 4.7 s of 18 s at CPU
#: 4x, stdlib and wheels together). With Pyodide 0.29's smaller wasm the bytes have room (0.53x the
#: bare boot's, target 0.65x), so no real module qualifies any more: all bytecode, 30 kB more on the
#: wire than 0.22 gave (52 modules as source; 386 -> 416 kB with brotli).
SOURCE_SAVES_PER_CHARACTER = 1.0
#: The trace's sitecustomize: makes the modules the tracer names unimportable from the start.
TRACE_BLOCKER = """import os, sys


class _Blocked:
    names = frozenset(filter(None, os.environ.get("SELF_CHECK_TRACE_BLOCKED", "").split(",")))

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in cls.names:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, _Blocked)
"""
#: The rules' entry point, as the page calls it.
ENTRY_MODULE = "diagnostics.web"
#: Zips kept in the cache (one per version of the rules, wheels and Pyodide met lately).
KEEP = 6


class StdlibError(RuntimeError):
    """The trimmed standard library could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Stdlib:
    """The built zip, the modules it holds, and whether this build made it (False: from the cache).

    ``for_rules`` are the modules first imported by the rules, after Python started and
    loaded the packages (the rest are Pyodide's own start-up). ``optional`` are left out
    although imported, where a failed import is expected (the page does not fetch the full
    stdlib for them); ``left_out`` are the others the full stdlib has.
    """

    path: Path
    modules: tuple[str, ...]
    for_rules: tuple[str, ...]
    left_out: tuple[str, ...]
    made_now: bool
    seconds: float
    optional: tuple[str, ...] = ()
    wheels: tuple[Path, ...] = ()
    """The lock's wheels with each module compiled (form "bytecode"; empty for "source"), same file names."""


# A few browsers, as the page's facts.js reports them: a current one with client hints and
# nothing blocked, phones, an in-app browser, very old ones, and everything turned off. Only
# which code runs matters here, not the verdicts (the tests check those).
_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/26.1 Mobile/15E148 Safari/604.1"
    ),
    "Mozilla/5.0 (Android 15; Mobile; rv:160.0) Gecko/160.0 Firefox/160.0",
    (
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 "
        "Chrome/130.0.0.0 Mobile Safari/537.36"
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Mobile/15E148 Instagram 330.0.0.0.0"
    ),
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Safari/605.1.15",
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 "
        "Safari/537.36 Edge/18.19045"
    ),
    "curl/8.5.0",
    "",
)


def trace_cases(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(facts JSON, context JSON) pairs for the trace: every agent, all open and all blocked, and garbage."""
    everything = dict.fromkeys(FEATURES, True)
    hints = {
        "brands": [{"brand": "Chromium", "version": "156"}, {"brand": "Google Chrome", "version": "156"}],
        "mobile": False,
        "platform": "Windows",
        "platform_version": "15.0.0",
        "model": "",
        "full_version_list": [{"brand": "Google Chrome", "version": "156.0.8078.73"}],
    }
    open_facts = {
        "cookies": {"navigator_enabled": True, "test_cookie": "ok"},
        "storage": {"local": "ok", "session": "ok"},
        "scripts": {"payment_probe": "loaded", "ad_probe": "loaded", "ad_bait": "visible", "paypal_sdk": "loaded"},
        "popup": "allowed",
        "features": everything,
        "java": {"navigator_java_enabled": False},
        "screen": {"width": 1920, "height": 1080, "touch": False},
        "language": "en-GB",
    }
    blocked_facts = {
        "cookies": {"navigator_enabled": False, "test_cookie": "blocked"},
        "storage": {"local": "error", "session": "blocked"},
        "scripts": {"payment_probe": "blocked", "ad_probe": "blocked", "ad_bait": "hidden", "paypal_sdk": "blocked"},
        "popup": "blocked",
        "features": dict.fromkeys(everything, False),
        "java": {"navigator_java_enabled": True},
        "screen": {"width": 360, "height": 780, "touch": True},
        "language": "de-CH",
    }
    facts: list[Any] = []
    for agent in _AGENTS:
        facts.append({**open_facts, "user_agent": agent})
        facts.append({**blocked_facts, "user_agent": agent})
    facts.append({**open_facts, "user_agent": _AGENTS[0], "client_hints": hints})
    facts.append(
        {
            **open_facts,
            "user_agent": _AGENTS[3],
            "client_hints": {
                **hints,
                "mobile": True,
                "platform": "Android",
                "brands": [{"brand": "Samsung Internet", "version": "28"}],
            },
        }
    )
    facts += [{}, {"user_agent": 42, "cookies": "yes", "features": [1, 2], "popup": {"x": None}}, None, "not facts"]
    contexts = [context, {**context, "policy": None, "today": "2031-01-01"}, {"policy": "garbage", "steps": "nope"}]
    cases = [(json.dumps(f), json.dumps(contexts[0])) for f in facts]
    cases += [(json.dumps(facts[0]), json.dumps(c)) for c in contexts[1:]]
    cases.append(("{not json", "[]"))
    return cases


def module_name(member: str) -> str | None:
    """``asyncio/events.py`` -> ``asyncio.events``; ``email/__init__.py`` -> ``email``; other files: None."""
    path = PurePosixPath(member)
    if path.suffix not in (".py", ".pyc"):
        return None
    parts = [*path.parent.parts, path.stem] if path.stem != "__init__" else list(path.parent.parts)
    return ".".join(parts) or None


def lazy_imports(wheels: list[Path]) -> dict[str, list[str]]:
    """For every module in the wheels, the absolute module names its code imports anywhere (functions too).

    Imports under ``if TYPE_CHECKING:`` do not count: they never run.
    """
    found: dict[str, list[str]] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                name = module_name(member)
                if name is None or ".dist-info" in member:
                    continue
                try:
                    tree = ast.parse(archive.read(member), member)
                except (SyntaxError, ValueError):
                    continue  # newer syntax than the build's Python reads; the trace still imports it
                package = name if member.endswith("__init__.py") else name.rpartition(".")[0]
                names: set[str] = set()
                for node in _runs(tree):
                    if isinstance(node, ast.Import):
                        names.update(alias.name for alias in node.names)
                    elif isinstance(node, ast.ImportFrom):
                        base = _absolute(node.module, node.level, package)
                        if base:
                            names.add(base)
                            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
                found[name] = sorted(names)
    return found


def _runs(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:`` (read by type checkers, never run)."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: str | None, level: int, package: str) -> str | None:
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base) or None


def _stdlib_modules(zip_path: Path) -> set[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return {name for member in archive.namelist() if (name := module_name(member))}


def cache_key(*, pyodide_dir: Path, lock: dict[str, Any], cases: list[tuple[str, str]], form: str) -> str:
    """What the zip depends on: Pyodide's version and stdlib, the locked wheels (with hashes), the cases, the loader, this code.

    The context's data (content/browsers.yml, edited by editors under ``mkdocs serve``) is left
    out on purpose: it changes which verdicts come out, hardly which modules run, and the
    page's guard covers a module it might newly need.
    """
    digest = hashlib.sha256()
    digest.update(
        json.dumps({"format": FORMAT, "form": form, "lock": lock, "cases": [f for f, _ in cases]}, sort_keys=True).encode()
    )
    for file in (
        pyodide_dir / "package.json",
        pyodide_dir / "python_stdlib.zip",
        TRACER,
        LOADER,
        GUARD,
        Path(__file__),
        *STAND_INS.values(),
    ):
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:20]


def write_trace_stdlib(full: Path, target: Path) -> None:
    """Pyodide's standard library as the trace runs it: the page's stand-ins in place, and the blocker."""
    with zipfile.ZipFile(full) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    names = {name for name, _ in entries}
    if "sitecustomize.py" in names:
        raise StdlibError("Pyodide's standard library has its own sitecustomize; the self-check's guard cannot be added")
    missing = sorted(set(STAND_INS) - names)
    if missing:
        raise StdlibError(f"{full}: no {', '.join(missing)}; the self-check's stand-in for it does not fit this Pyodide")
    entries = [(name, STAND_INS[name].read_bytes() if name in STAND_INS else data) for name, data in entries]
    entries.append(("sitecustomize.py", TRACE_BLOCKER.encode()))
    write_stored_zip(target, entries)


def choose_form(member: str, forms: dict[str, str | None]) -> tuple[str, bytes]:
    """(zip member, bytes) to publish for ``member``: its bytecode, or its compact source where that pays.

    ``forms`` are base64: "pyc" and "py" (None when the source does not parse back to the same
    syntax tree), or "as_is". See :data:`SOURCE_SAVES_PER_CHARACTER`.
    """
    decoded = {form: base64.b64decode(data) for form, data in forms.items() if data is not None}
    if "as_is" in decoded:
        return member, decoded["as_is"]
    pyc, source = decoded["pyc"], decoded.get("py")
    if source is not None:
        saved = len(brotli.compress(pyc, quality=11)) - len(brotli.compress(source, quality=11))
        if saved >= SOURCE_SAVES_PER_CHARACTER * len(source):
            return member, source
    return member.removesuffix(".py") + ".pyc", pyc


def _run_tracer(job: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        raise StdlibError(
            "node: not found. The self-check's standard library is derived by running Pyodide in "
            "Node.js; install Node.js 20 or newer (scripts/setup does)"
        )
    try:
        done = subprocess.run(
            [node, str(TRACER)], input=json.dumps(job), capture_output=True, text=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        raise StdlibError(f"{TRACER.name}: Pyodide did not finish tracing the self-check within 300 s") from None
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise StdlibError(f"{TRACER.name}: running the self-check under Pyodide failed (exit {done.returncode}):\n{tail}")
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        raise StdlibError(f"{TRACER.name}: printed no result; stderr:\n{done.stderr[-2000:]}") from None
    return result


def build_stdlib(
    *, pyodide_dir: Path, lock_path: Path, packages: list[str], context: dict[str, Any], cache_dir: Path, form: str = "bytecode"
) -> Stdlib:
    """The trimmed standard library for the page, from the cache or made now (see the module docstring).

    ``lock_path`` is the self-check's lock file with the wheels in ``wheels/`` beside it, as
    published; ``packages`` are the names the page loads through it; ``context`` is the
    context the page passes to the rules (steps and browser policy). ``form`` is
    "bytecode" (see the module docstring) or "source" (the files as they are).
    """
    started = time.perf_counter()
    lock = json.loads(Path(lock_path).read_text("utf-8"))
    cases = trace_cases(context)
    if form not in ("bytecode", "source"):
        raise ValueError(f"form must be 'bytecode' or 'source', not {form!r}")
    key = cache_key(pyodide_dir=pyodide_dir, lock=lock, cases=cases, form=form)
    target = Path(cache_dir) / f"{key}.zip"
    report = target.with_suffix(".json")
    wheels_dir = Path(lock_path).parent / WHEELS_FOLDER
    wheels = [wheels_dir / entry["file_name"] for entry in lock["packages"].values()]
    compiled_dir = target.with_suffix(".wheels")
    compiled = tuple(compiled_dir / wheel.name for wheel in wheels) if form == "bytecode" else ()
    if target.is_file() and report.is_file() and all(wheel.is_file() for wheel in compiled):
        known = json.loads(report.read_text("utf-8"))
        return Stdlib(
            target,
            tuple(known["modules"]),
            tuple(known["for_rules"]),
            tuple(known["left_out"]),
            False,
            time.perf_counter() - started,
            tuple(known.get("optional", ())),
            compiled,
        )

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        trace_stdlib = Path(work) / "trace-stdlib.zip"
        write_trace_stdlib(Path(pyodide_dir) / "python_stdlib.zip", trace_stdlib)
        result = _run_tracer(
            {
                "pyodide_dir": str(pyodide_dir),
                "stdlib": str(trace_stdlib),
                "loader": str(LOADER),
                "lock": str(lock_path),
                "wheels_dir": str(wheels_dir),
                "packages": packages,
                "module": ENTRY_MODULE,
                "cases": cases,
                "lazy_imports": lazy_imports(wheels),
                "format": form,
            }
        )
    files = dict(choose_form(member, forms) for member, forms in result["stdlib"].items())
    kept = {name for member in files if (name := module_name(member))}
    optional = sorted(result["optional"])
    left_out = sorted(_stdlib_modules(pyodide_dir / "python_stdlib.zip") - kept - set(optional))
    guard = GUARD.read_text("utf-8") + f"\nLEFT_OUT = frozenset({left_out!r})\n"
    files["sitecustomize.py"] = guard.encode()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_stored_zip(target, sorted(files.items()))
    if compiled:
        write_compiled_wheels(wheels, result["wheels"], compiled_dir)
    modules = sorted(kept)
    for_rules = sorted({name for member in result["after_startup"] if (name := module_name(member))})
    report.write_text(
        json.dumps(
            {
                "modules": modules,
                "for_rules": for_rules,
                "left_out": left_out,
                "optional": optional,
                "optional_note": result["optional_note"],
                "python": result["python"],
                "timings": result["timings"],
                "compile_ms": result["compile_ms"],
            },
            indent=1,
        )
        + "\n",
        "utf-8",
    )
    _prune(target.parent)
    return Stdlib(
        target, tuple(modules), tuple(for_rules), tuple(left_out), True, time.perf_counter() - started, tuple(optional), compiled
    )


def write_compiled_wheels(wheels: list[Path], compiled: dict[str, dict[str, str]], folder: Path) -> None:
    """Each wheel again in ``folder``, same name and member order, each module's ``.py`` replaced by its ``.pyc``.

    ``compiled``: per wheel file name, base64 bytecode per ``.py`` member (the tracer's "wheels").
    zipimport imports a ``.pyc`` without its source; the dist-info files stay as they are.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for wheel in wheels:
        modules = compiled.get(wheel.name)
        if modules is None:
            raise StdlibError(f"{TRACER.name}: no bytecode for {wheel.name}")
        entries = []
        with zipfile.ZipFile(wheel) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.filename in modules:
                    entries.append((info.filename.removesuffix(".py") + ".pyc", base64.b64decode(modules[info.filename])))
                else:
                    entries.append((info.filename, archive.read(info)))
        write_stored_zip(folder / wheel.name, entries)


def _prune(cache_dir: Path) -> None:
    """Keep the :data:`KEEP` most recent zips (and their reports and compiled wheels) of the cache."""
    zips = sorted(cache_dir.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in zips[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)
        shutil.rmtree(old.with_suffix(".wheels"), ignore_errors=True)


__all__ = ["ENTRY_MODULE", "Stdlib", "StdlibError", "build_stdlib", "cache_key", "lazy_imports", "module_name", "trace_cases"]
