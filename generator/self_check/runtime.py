"""Put the Pyodide runtime and the self-check page's wheels into a built site.

The checkout self-check page runs the ``diagnostics`` package in the shopper's
browser under Pyodide. This module prepares everything that page loads, as plain
functions the MkDocs plugin calls (no MkDocs imports here):

- :func:`build_project_wheel` packs ``diagnostics/`` into a pure-Python wheel,
  byte-for-byte reproducible (sorted entries, fixed timestamps, stored so that the
  host's brotli compresses across files), whose version carries a hash of the
  content so browsers never keep a stale copy.
- :func:`fetch_wheels` finds the third-party wheels (ua-parser and its rules) in
  a local cache and checks them against the sha256 pinned for them. They are
  pinned in ``requirements-pyodide.txt`` and downloaded once at SET-UP time
  (scripts/setup), never while building::

      pip download --no-deps --only-binary=:all: \\
          -r requirements-pyodide.txt -d .cache/wheels
      # = ua-parser==1.0.2 ua-parser-builtins==202610, each with --hash=sha256:...

- :func:`stage_packages` stores every wheel uncompressed and writes the page's lock
  file (``lock``): the page loads the packages *by name* through it, and the
  browser checks each download against its sha256.
- :func:`install_runtime` copies the few Pyodide files the page needs from the
  npm package (``npm ci`` installs ``pyodide`` into ``node_modules/``), the
  wheels, the lock file and the trimmed standard library (``stdlib``)
  into the site's runtime folder, and writes ``self-check-runtime.json``, which
  tells the page's worker what to load.

Pyodide's full ``python_stdlib.zip`` stays published: the page falls back to it if
a module the trimmed one left out is ever imported. ``pyodide-lock.json`` stays too
(a bare ``loadPyodide()`` of the same folder uses it, e.g. as a benchmark baseline).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .lock import WHEELS_FOLDER, LockError, canonical_name, sha256_of, store_wheel, write_lock, write_stored_zip

#: Where the third-party wheels are pinned (scripts/setup downloads exactly these).
REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements-pyodide.txt"

#: The rules' own wheel (``diagnostics/``), by the name the page asks the lock file for.
PROJECT_WHEEL = "helpcenter_diagnostics"

#: Files of the npm ``pyodide`` package published with the site. The page loads the first
#: three; ``python_stdlib.zip`` is its fallback, ``pyodide-lock.json`` serves bare boots.
PYODIDE_FILES: tuple[str, ...] = (
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Emscripten's glue script, as Pyodide names it: ``pyodide.asm.js`` up to 0.29, ``pyodide.asm.mjs``
#: from 314 on. :func:`pyodide_files` takes the one the installed release has.
GLUE_SCRIPTS: tuple[str, ...] = ("pyodide.asm.js", "pyodide.asm.mjs")
#: How many of the files (from the first) the page downloads on every visit.
PAGE_FILE_COUNT = 3
FULL_STDLIB = "python_stdlib.zip"

#: Name of the manifest the page's worker fetches from the runtime folder.
MANIFEST_NAME = "self-check-runtime.json"
#: The self-check's lock file: its wheels with their sha256, in Pyodide's lock format.
LOCK_NAME = "self-check-lock.json"
#: The trimmed standard library (generator.self_check.stdlib).
STDLIB_NAME = "self-check-stdlib.zip"

_HASH_OPTION = re.compile(r"--hash[=\s]+sha256:([0-9a-fA-F]{64})")


class RuntimeMissingError(RuntimeError):
    """A file the self-check page needs is not on disk; the message says how to get it."""


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _package_files(package_dir: Path) -> list[tuple[str, bytes]]:
    """Every file of the package, as (archive path, bytes), sorted, without caches."""
    files = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir.parent)
        if path.is_dir() or "__pycache__" in rel.parts or path.suffix in {".pyc", ".pyo"}:
            continue
        files.append((rel.as_posix(), path.read_bytes()))
    return files


def build_project_wheel(
    package_dir: Path,
    out_dir: Path,
    name: str = PROJECT_WHEEL,
    version: str = "0",
    requires: tuple[str, ...] = (),
) -> Path:
    """Pack ``package_dir`` (e.g. ``diagnostics/``) into a pure-Python wheel in ``out_dir``.

    The version gets a local label with a hash of the content (``0+3f2a…``), so a
    changed package gets a new file name and browsers never use a stale cached
    wheel. Same input, same bytes. ``requires`` become ``Requires-Dist`` lines (what
    the page loads with it through the lock file). Older wheels of the same name in
    ``out_dir`` are removed. Returns the wheel's path.
    """
    package_dir = Path(package_dir)
    if not (package_dir / "__init__.py").is_file():
        raise RuntimeMissingError(f"{package_dir}: not a Python package (no __init__.py)")
    files = _package_files(package_dir)
    content_hash = hashlib.sha256()
    for arcname, data in files:
        content_hash.update(arcname.encode() + b"\0" + data + b"\0")
    content_hash.update("\0".join(requires).encode())
    full_version = f"{version}+{content_hash.hexdigest()[:12]}"

    dist_info = f"{name}-{full_version}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {full_version}\n"
        "Summary: The help center's browser diagnostics (self-check page)\n"
        + "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    ).encode()
    wheel_meta = (
        b"Wheel-Version: 1.0\nGenerator: helpcenter generator.self_check.runtime\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries = [*files, (f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel_meta)]
    record = "".join(f"{arc},{_record_hash(data)},{len(data)}\n" for arc, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{name}-{full_version}-py3-none-any.whl"
    for old in out_dir.glob(f"{name}-*-py3-none-any.whl"):
        if old != wheel:
            old.unlink()
    if not wheel.exists():  # same name means same content
        write_stored_zip(wheel, entries)
    return wheel


def _wheel_prefix(project: str, version: str) -> str:
    return f"{project.replace('-', '_').lower()}-{version}-"


def _requirement_lines(requirements: Path) -> list[tuple[int, str]]:
    """Logical lines (backslash continuations joined, comments dropped) with their first line number."""
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(requirements.read_text("utf-8").splitlines(), start=1):
        text = raw.split("#", 1)[0].rstrip()
        if not pending:
            start = number
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        line = (pending + text).strip()
        pending = ""
        if line:
            lines.append((start, line))
    return lines


def read_pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """``name==version`` lines of a requirements file (comments, blanks and ``--hash`` options skipped)."""
    pins = {}
    for number, line in _requirement_lines(requirements):
        spec = line.split(" --", 1)[0].strip()
        name, sep, version = spec.partition("==")
        if not sep or not name.strip() or not version.strip():
            raise RuntimeMissingError(f"{requirements}:{number}: expected name==version, got {line!r}")
        pins[name.strip()] = version.strip()
    return pins


def read_hashes(requirements: Path = REQUIREMENTS) -> dict[str, set[str]]:
    """The ``--hash=sha256:...`` values pinned for each name (empty when a line has none)."""
    hashes: dict[str, set[str]] = {}
    for _, line in _requirement_lines(requirements):
        name = line.split("==", 1)[0].strip()
        hashes[name] = {value.lower() for value in _HASH_OPTION.findall(line)}
    return hashes


def fetch_wheels(cache_dir: Path, pins: dict[str, str] | None = None, hashes: dict[str, set[str]] | None = None) -> list[Path]:
    """Return the cached third-party wheels the page needs, in load order.

    ``pins`` and ``hashes`` default to requirements-pyodide.txt, the one place they are
    pinned (tests/test_runtime_lock.py checks CPython's locks against it). Nothing is downloaded here: the wheels come
    from PyPI at set-up time (see the module docstring). Raises
    :class:`RuntimeMissingError` naming the command to run when one is missing, or
    when a cached wheel is not the one whose sha256 is pinned.
    """
    if pins is None:
        if not REQUIREMENTS.is_file():
            raise RuntimeMissingError(f"{REQUIREMENTS}: missing; it pins the self-check's wheels (restore it from git)")
        pins = read_pins()
        if hashes is None:
            hashes = read_hashes()
    hashes = hashes or {}
    cache_dir = Path(cache_dir)
    found, missing = [], []
    for project, version in pins.items():
        prefix = _wheel_prefix(project, version)
        candidates = (
            sorted(
                p for p in cache_dir.glob("*.whl") if p.name.lower().startswith(prefix) and p.name.endswith("-py3-none-any.whl")
            )
            if cache_dir.is_dir()
            else []
        )
        if not candidates:
            missing.append(f"{project}=={version}")
            continue
        wheel = candidates[0]
        if hashes.get(project) and sha256_of(wheel) not in hashes[project]:
            raise RuntimeMissingError(
                f"{wheel}: its sha256 is not the one pinned in requirements-pyodide.txt; "
                f"delete it and run scripts/setup (or: pip download --no-deps --require-hashes "
                f"-r requirements-pyodide.txt -d {cache_dir})"
            )
        found.append(wheel)
    if missing:
        raise RuntimeMissingError(
            f"{cache_dir}: missing wheel(s) {', '.join(missing)} for the self-check page; "
            f"run: pip download --no-deps --only-binary=:all: {' '.join(missing)} -d {cache_dir}"
        )
    return found


@dataclass(frozen=True)
class Staged:
    """The page's packages ready to publish: the lock file, with the stored wheels in ``wheels/`` beside it."""

    lock: Path
    wheels: tuple[Path, ...]
    packages: tuple[str, ...]


def stage_packages(wheels: list[Path], folder: Path, node_modules: Path, load: list[Path]) -> Staged:
    """Store ``wheels`` uncompressed in ``folder/wheels/`` and write ``folder/self-check-lock.json``.

    ``load`` are the wheels the page asks for by name (their dependencies come through
    the lock). Wheels left in the folder by an earlier build are removed.
    """
    folder = Path(folder)
    source = _pyodide_source(node_modules)
    if not (source / "pyodide-lock.json").is_file():
        raise RuntimeMissingError(f"{source}: missing pyodide-lock.json; run `npm ci` in the project root")
    stored = [store_wheel(wheel, folder / WHEELS_FOLDER) for wheel in wheels]
    keep = {wheel.name for wheel in stored}
    for stale in (folder / WHEELS_FOLDER).glob("*.whl"):
        if stale.name not in keep:
            stale.unlink()
    try:
        data = write_lock(folder / LOCK_NAME, stored, source / "pyodide-lock.json")
    except LockError as error:
        raise RuntimeMissingError(str(error)) from None
    by_file = {entry["file_name"]: key for key, entry in data["packages"].items()}
    packages = tuple(by_file[Path(wheel).name] for wheel in load)
    return Staged(folder / LOCK_NAME, tuple(stored), packages)


def _copy_if_changed(src: Path, dst: Path) -> bool:
    """Copy ``src`` to ``dst`` unless ``dst`` has the same size and mtime. True if copied."""
    st = src.stat()
    try:
        dt = dst.stat()
        if dt.st_size == st.st_size and dt.st_mtime_ns == st.st_mtime_ns:
            return False
    except FileNotFoundError:
        pass
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)  # copy2 keeps the mtime, so the next build can skip it
    return True


def _pyodide_source(node_modules: Path) -> Path:
    """``node_modules/`` or the ``pyodide`` package folder inside it, whichever holds pyodide.mjs."""
    node_modules = Path(node_modules)
    return node_modules if (node_modules / "pyodide.mjs").is_file() else node_modules / "pyodide"


def pyodide_files(node_modules: Path) -> tuple[str, ...]:
    """:data:`PYODIDE_FILES` with the glue script named as the installed Pyodide names it."""
    source = _pyodide_source(node_modules)
    glue = next((name for name in GLUE_SCRIPTS if (source / name).is_file()), GLUE_SCRIPTS[0])
    return tuple(glue if name == GLUE_SCRIPTS[0] else name for name in PYODIDE_FILES)


def page_files(node_modules: Path) -> tuple[str, ...]:
    """The files of the npm package the page downloads on every visit: Pyodide's module, its glue and its wasm."""
    return pyodide_files(node_modules)[:PAGE_FILE_COUNT]


def pyodide_version(node_modules: Path) -> str | None:
    try:
        version = json.loads((_pyodide_source(node_modules) / "package.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    return str(version)


def runtime_folder(node_modules: Path, files: list[Path]) -> str:
    """``pyodide/<version>-<hash>/``: one folder per Pyodide release and set of published files.

    ``files`` are the wheels (named by version and content) and the other files the
    build makes (lock, trimmed stdlib), hashed by content. Nothing inside the folder
    ever changes under the same name, so hosts may cache it for a year.
    """
    digest = hashlib.sha256()
    for file in sorted(map(Path, files), key=lambda f: f.name):
        digest.update(file.name.encode() + b"\0")
        if file.suffix != ".whl":
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return f"pyodide/{pyodide_version(node_modules) or 'unknown'}-{digest.hexdigest()[:10]}/"


def page_manifest(
    version: str | None, wheels: list[str], packages: tuple[str, ...], *, lock: bool = True, stdlib: bool = True
) -> dict[str, Any]:
    """What the page loads from the runtime folder (``self-check-runtime.json``; the page also carries it inline).

    The page resolves these names against the runtime folder; ``wheels`` are the wheels' file names.
    """
    return {
        "pyodide_version": version,
        "stdlib": STDLIB_NAME if stdlib else FULL_STDLIB,
        "full_stdlib": FULL_STDLIB,
        "lock": LOCK_NAME if lock else None,
        "wheels_folder": WHEELS_FOLDER,
        "packages": [canonical_name(p) for p in packages],
        "wheels": [f"{WHEELS_FOLDER}{name}" for name in wheels],
    }


def install_runtime(
    site_dir: Path,
    node_modules: Path,
    wheels: list[Path],
    folder: str = "pyodide/",
    *,
    lock: Path | None = None,
    stdlib: Path | None = None,
    packages: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Copy Pyodide, ``wheels``, the lock file and the trimmed stdlib into ``site_dir/folder``; return the manifest.

    ``node_modules`` is the project's ``node_modules/`` or the ``pyodide`` package
    folder inside it; ``folder`` comes from :func:`runtime_folder`.

    The returned manifest lists each file with its URL relative to the site root and
    its size::

        {"pyodide_version": "0.29.5", "index_url": "pyodide/0.29.5-ab12/",
         "files": [{"url": ".../pyodide.mjs", "size": 17931}, ...],
         "wheels": [{"url": ".../wheels/ua_parser-1.0.2-py3-none-any.whl", "size": ...}],
         "copied": 2}

    ``self-check-runtime.json``, written beside them, is what the page reads: the
    names of the trimmed and the full stdlib, of the lock file and of the wheels'
    folder (the lock's file names are relative to it), and the packages to load by name. Unchanged files (same size and mtime) are not copied again, so
    rebuilds under ``mkdocs serve`` stay fast. Wheels left from an earlier build are
    removed.
    """
    site_dir = Path(site_dir)
    source = _pyodide_source(node_modules)
    target = site_dir / folder
    names = pyodide_files(source)
    missing = [name for name in names if not (source / name).is_file()]
    if missing:
        raise RuntimeMissingError(
            f"{source}: missing {', '.join(missing)}; run `npm ci` in the project root (package.json pins pyodide)"
        )

    copied = 0
    files = []
    for name in names:
        copied += _copy_if_changed(source / name, target / name)
        files.append({"url": f"{folder}{name}", "size": (source / name).stat().st_size})
    for path, name in ((lock, LOCK_NAME), (stdlib, STDLIB_NAME)):
        if path is not None:
            copied += _copy_if_changed(Path(path), target / name)
            files.append({"url": f"{folder}{name}", "size": Path(path).stat().st_size})

    wheel_entries: list[dict[str, Any]] = []
    keep = set()
    for wheel in map(Path, wheels):
        if not wheel.is_file():
            raise RuntimeMissingError(f"{wheel}: wheel not found")
        copied += _copy_if_changed(wheel, target / WHEELS_FOLDER / wheel.name)
        keep.add(wheel.name)
        wheel_entries.append({"url": f"{folder}{WHEELS_FOLDER}{wheel.name}", "size": wheel.stat().st_size})
    for stale in (target / WHEELS_FOLDER).glob("*.whl"):
        if stale.name not in keep:
            stale.unlink()

    version = pyodide_version(node_modules)
    manifest = page_manifest(version, [Path(w).name for w in wheels], packages, lock=lock is not None, stdlib=stdlib is not None)
    manifest_path = target / MANIFEST_NAME
    text = json.dumps(manifest, indent=1) + "\n"
    if not manifest_path.is_file() or manifest_path.read_text("utf-8") != text:
        manifest_path.write_text(text, "utf-8")
    files.append({"url": f"{folder}{MANIFEST_NAME}", "size": len(text.encode())})
    return {"pyodide_version": version, "index_url": folder, "files": files, "wheels": wheel_entries, "copied": copied}


__all__ = [
    "FULL_STDLIB",
    "GLUE_SCRIPTS",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "PROJECT_WHEEL",
    "PYODIDE_FILES",
    "STDLIB_NAME",
    "RuntimeMissingError",
    "Staged",
    "build_project_wheel",
    "fetch_wheels",
    "install_runtime",
    "page_files",
    "page_manifest",
    "pyodide_files",
    "pyodide_version",
    "read_hashes",
    "read_pins",
    "runtime_folder",
    "stage_packages",
]
