"""A standard library made for the self-check: only the modules it imports, precompiled, stored for brotli.

Pyodide's ``python_stdlib.zip`` holds the whole standard library (about 600 files, 2.5 MB,
already deflated so brotli gains nothing on it). The self-check needs the modules Pyodide
imports while it starts and loads packages, and those the rules import: about a quarter.
:func:`build_stdlib` finds them by running the real checks under the real Pyodide in
Node.js (``self_check_stdlib.mjs``: the same lock file and wheels the page loads, the cases
of :func:`trace_cases`, plus every module the packages import inside functions), and writes
a zip of just those, stored uncompressed so that brotli and gzip on the wire do the work.

Each file is published as bytecode, compiled at build time by the very Python the page runs
(docstrings and column tables left out, as ``-OO -X no_debug_ranges`` would). On a phone the
page's start-up is otherwise mostly Python compiling these ~130 modules: measured in
bench/phone.py (4 Mbps, CPU 4x), bytecode brings the report from 0.93x to 0.66x the time of a
bare Pyodide boot, for 317 kB more on the wire than the same files as source (0.69x instead
of 0.63x the bytes). ``form="source"`` keeps the files as they are.

Nothing here lists modules by hand: the list follows the code. It is cached in
``.cache/self-check-stdlib/`` under a key made of everything it depends on (Pyodide's
files, the wheels with their hashes, i.e. the rules' own source, the cases and this
code), so rebuilds under ``mkdocs serve`` reuse it and only a change to the rules, the
wheels or Pyodide runs Node again (a few seconds).

The zip also carries ``sitecustomize.py`` (``self_check_sitecustomize.py`` plus the list
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
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .self_check_lock import WHEELS_FOLDER, write_stored_zip

HERE = Path(__file__).resolve().parent
TRACER = HERE / "self_check_stdlib.mjs"
GUARD = HERE / "self_check_sitecustomize.py"
#: Bump when the zip's layout changes in a way the inputs do not show.
FORMAT = 1
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
    loaded the packages (the rest are Pyodide's own start-up and package loader).
    """

    path: Path
    modules: tuple[str, ...]
    for_rules: tuple[str, ...]
    left_out: tuple[str, ...]
    made_now: bool
    seconds: float


# A few browsers, as the page's facts.js reports them: a current one with client hints and
# nothing blocked, phones, an in-app browser, very old ones, and everything turned off. Only
# which code runs matters here, not the verdicts (the tests check those).
_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/26.1 Mobile/15E148 Safari/604.1"),
    "Mozilla/5.0 (Android 15; Mobile; rv:160.0) Gecko/160.0 Firefox/160.0",
    ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 "
     "Chrome/130.0.0.0 Mobile Safari/537.36"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Mobile/15E148 Instagram 330.0.0.0.0"),
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Safari/605.1.15",
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 "
     "Safari/537.36 Edge/18.19045"),
    "curl/8.5.0",
    "",
)


def trace_cases(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(facts JSON, context JSON) pairs for the trace: every agent, all open and all blocked, and garbage."""
    everything = {"webassembly": True, "fetch": True, "promise": True, "module_worker": True,
                  "es_modules": True, "crypto": True, "intl": True}
    hints = {"brands": [{"brand": "Chromium", "version": "156"}, {"brand": "Google Chrome", "version": "156"}],
             "mobile": False, "platform": "Windows", "platform_version": "15.0.0", "model": "",
             "full_version_list": [{"brand": "Google Chrome", "version": "156.0.8078.73"}]}
    open_facts = {"cookies": {"navigator_enabled": True, "test_cookie": "ok"},
                  "storage": {"local": "ok", "session": "ok"},
                  "scripts": {"payment_probe": "loaded", "ad_probe": "loaded", "ad_bait": "visible", "paypal_sdk": "loaded"},
                  "popup": "allowed", "features": everything, "java": {"navigator_java_enabled": False},
                  "screen": {"width": 1920, "height": 1080, "touch": False}, "language": "en-GB"}
    blocked_facts = {"cookies": {"navigator_enabled": False, "test_cookie": "blocked"},
                     "storage": {"local": "error", "session": "blocked"},
                     "scripts": {"payment_probe": "blocked", "ad_probe": "blocked", "ad_bait": "hidden", "paypal_sdk": "blocked"},
                     "popup": "blocked", "features": dict.fromkeys(everything, False),
                     "java": {"navigator_java_enabled": True}, "screen": {"width": 360, "height": 780, "touch": True},
                     "language": "de-CH"}
    facts: list[Any] = []
    for agent in _AGENTS:
        facts.append({**open_facts, "user_agent": agent})
        facts.append({**blocked_facts, "user_agent": agent})
    facts.append({**open_facts, "user_agent": _AGENTS[0], "client_hints": hints})
    facts.append({**open_facts, "user_agent": _AGENTS[3], "client_hints": {**hints, "mobile": True, "platform": "Android",
                                                                           "brands": [{"brand": "Samsung Internet", "version": "28"}]}})
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
    """For every module in the wheels, the absolute module names its code imports anywhere (functions too)."""
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
                for node in ast.walk(tree):
                    if isinstance(node, ast.Import):
                        names.update(alias.name for alias in node.names)
                    elif isinstance(node, ast.ImportFrom):
                        base = _absolute(node.module, node.level, package)
                        if base:
                            names.add(base)
                            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
                found[name] = sorted(names)
    return found


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
    """What the zip depends on: Pyodide's version and stdlib, the locked wheels (with hashes), the cases, this code.

    The context's data (content/browsers.yml, edited by editors under ``mkdocs serve``) is left
    out on purpose: it changes which verdicts come out, hardly which modules run, and the
    page's guard covers a module it might newly need.
    """
    digest = hashlib.sha256()
    digest.update(json.dumps({"format": FORMAT, "form": form, "lock": lock,
                              "cases": [f for f, _ in cases]}, sort_keys=True).encode())
    for file in (pyodide_dir / "package.json", pyodide_dir / "python_stdlib.zip", TRACER, GUARD, Path(__file__)):
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:20]


def _run_tracer(job: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        raise StdlibError("node: not found. The self-check's standard library is derived by running Pyodide in "
                          "Node.js; install Node.js 20 or newer (scripts/setup does)")
    try:
        done = subprocess.run([node, str(TRACER)], input=json.dumps(job), capture_output=True, text=True,
                              timeout=300, check=False)
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


def build_stdlib(*, pyodide_dir: Path, lock_path: Path, packages: list[str], context: dict[str, Any],
                 cache_dir: Path, form: str = "bytecode") -> Stdlib:
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
    if target.is_file() and report.is_file():
        known = json.loads(report.read_text("utf-8"))
        return Stdlib(target, tuple(known["modules"]), tuple(known["for_rules"]), tuple(known["left_out"]), False,
                      time.perf_counter() - started)

    wheels_dir = Path(lock_path).parent / WHEELS_FOLDER
    wheels = [wheels_dir / entry["file_name"] for entry in lock["packages"].values()]
    result = _run_tracer({
        "pyodide_dir": str(pyodide_dir), "lock": str(lock_path), "wheels_dir": str(wheels_dir),
        "packages": packages, "module": ENTRY_MODULE,
        "cases": cases, "lazy_imports": lazy_imports(wheels), "format": form,
    })
    files = {name: base64.b64decode(data) for name, data in result["stdlib"].items()}
    kept = {name for member in files if (name := module_name(member))}
    left_out = sorted(_stdlib_modules(pyodide_dir / "python_stdlib.zip") - kept)
    guard = GUARD.read_text("utf-8") + f"\nLEFT_OUT = frozenset({left_out!r})\n"
    if "sitecustomize.py" in files or "sitecustomize.pyc" in files:
        raise StdlibError("Pyodide's standard library has its own sitecustomize; the self-check's guard cannot be added")
    files["sitecustomize.py"] = guard.encode()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_stored_zip(target, sorted(files.items()))
    modules = sorted(kept)
    for_rules = sorted({name for member in result["after_startup"] if (name := module_name(member))})
    report.write_text(json.dumps({"modules": modules, "for_rules": for_rules, "left_out": left_out,
                                  "python": result["python"],
                                  "timings": result["timings"], "compile_ms": result["compile_ms"]}, indent=1) + "\n", "utf-8")
    _prune(target.parent)
    return Stdlib(target, tuple(modules), tuple(for_rules), tuple(left_out), True, time.perf_counter() - started)


def _prune(cache_dir: Path) -> None:
    """Keep the :data:`KEEP` most recent zips (and their reports) of the cache."""
    zips = sorted(cache_dir.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in zips[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


__all__ = ["ENTRY_MODULE", "Stdlib", "StdlibError", "build_stdlib", "cache_key", "lazy_imports", "module_name",
           "trace_cases"]
