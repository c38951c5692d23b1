"""Put the Pyodide runtime and the self-check page's wheels into a built site.

The checkout self-check page runs the ``diagnostics`` package in the shopper's
browser under Pyodide. This module prepares everything that page loads, as plain
functions the MkDocs plugin calls (no MkDocs imports here):

- :func:`build_project_wheel` packs ``diagnostics/`` into a pure-Python wheel,
  byte-for-byte reproducible (sorted entries, fixed timestamps), whose version
  carries a hash of the content so browsers never keep a stale copy.
- :func:`fetch_wheels` finds the third-party wheels (ua-parser and its rules) in
  a local cache. They are pinned in ``requirements-pyodide.txt`` and downloaded
  once at SET-UP time (scripts/setup), never while building::

      pip download --no-deps --only-binary=:all: \\
          -r requirements-pyodide.txt -d .cache/wheels
      # = ua-parser==1.0.2 ua-parser-builtins==202610

- :func:`install_runtime` copies the few Pyodide files the page needs from the
  npm package (``npm ci`` installs ``pyodide`` into ``node_modules/``) into
  ``site/pyodide/``, the wheels into ``site/pyodide/wheels/``, and writes
  ``site/pyodide/self-check-runtime.json``, which the page's worker reads to
  know which wheels to load.

The page loads the wheels by URL (``pyodide.loadPackage([url, ...])``), so the
``pyodide-lock.json`` shipped by npm is used unchanged: none of our wheels is
in it, and no integrity hash is checked for wheels loaded by URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

#: Where the third-party wheels are pinned (scripts/setup downloads exactly these).
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements-pyodide.txt"

#: The pins used when requirements-pyodide.txt is absent; keep in step with it.
RUNTIME_WHEELS: dict[str, str] = {"ua-parser": "1.0.2", "ua-parser-builtins": "202610"}

#: Files of the npm ``pyodide`` package that ``loadPyodide`` fetches in a browser.
#: (pyodide.mjs imports pyodide.asm.mjs, which fetches the .wasm; the stdlib zip
#: and the lock file are fetched during boot.) Seen in the browser spike test.
PYODIDE_FILES: tuple[str, ...] = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

#: Name of the manifest the page's worker fetches from ``site/pyodide/``.
MANIFEST_NAME = "self-check-runtime.json"

# 1980-01-01 is the earliest date a zip file can hold; any fixed date makes the
# wheel reproducible.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
    name: str = "alsgem_diagnostics",
    version: str = "0",
) -> Path:
    """Pack ``package_dir`` (e.g. ``diagnostics/``) into a pure-Python wheel in ``out_dir``.

    The version gets a local label with a hash of the content (``0+3f2a…``), so a
    changed package gets a new file name and browsers never use a stale cached
    wheel. Same input, same bytes. Older wheels of the same name in ``out_dir``
    are removed. Returns the wheel's path.
    """
    package_dir = Path(package_dir)
    if not (package_dir / "__init__.py").is_file():
        raise RuntimeMissingError(f"{package_dir}: not a Python package (no __init__.py)")
    files = _package_files(package_dir)
    content_hash = hashlib.sha256()
    for arcname, data in files:
        content_hash.update(arcname.encode() + b"\0" + data + b"\0")
    full_version = f"{version}+{content_hash.hexdigest()[:12]}"

    dist_info = f"{name}-{full_version}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {full_version}\n"
        "Summary: Alsgem help center browser diagnostics (self-check page)\n"
    ).encode()
    wheel_meta = (
        b"Wheel-Version: 1.0\nGenerator: alsgem generator.runtime\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n"
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
    if wheel.exists():
        return wheel  # same name means same content
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for arcname, data in entries:
            info = zipfile.ZipInfo(arcname, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the build machine is
            zf.writestr(info, data)
    tmp.replace(wheel)
    return wheel


def _wheel_prefix(project: str, version: str) -> str:
    return f"{project.replace('-', '_').lower()}-{version}-"


def read_pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """``name==version`` lines of a requirements file (comments and blanks skipped)."""
    pins = {}
    for number, raw in enumerate(requirements.read_text("utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        if not sep or not name.strip() or not version.strip():
            raise RuntimeMissingError(f"{requirements}:{number}: expected name==version, got {line!r}")
        pins[name.strip()] = version.strip()
    return pins


def fetch_wheels(cache_dir: Path, pins: dict[str, str] | None = None) -> list[Path]:
    """Return the cached third-party wheels the page needs, in load order.

    ``pins`` defaults to requirements-pyodide.txt (else :data:`RUNTIME_WHEELS`).
    Nothing is downloaded here: the wheels come from PyPI at set-up time (see the
    module docstring). Raises :class:`RuntimeMissingError` naming the command to
    run when one is missing.
    """
    if pins is None:
        pins = read_pins() if REQUIREMENTS.is_file() else RUNTIME_WHEELS
    cache_dir = Path(cache_dir)
    found, missing = [], []
    for project, version in pins.items():
        prefix = _wheel_prefix(project, version)
        candidates = sorted(
            p for p in cache_dir.glob("*.whl") if p.name.lower().startswith(prefix)
            and p.name.endswith("-py3-none-any.whl")
        ) if cache_dir.is_dir() else []
        if candidates:
            found.append(candidates[0])
        else:
            missing.append(f"{project}=={version}")
    if missing:
        raise RuntimeMissingError(
            f"{cache_dir}: missing wheel(s) {', '.join(missing)} for the self-check page; "
            f"run: pip download --no-deps --only-binary=:all: {' '.join(missing)} -d {cache_dir}"
        )
    return found


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


def runtime_folder(node_modules: Path, wheels: list[Path]) -> str:
    """``pyodide/<version>-<hash>/``: one folder per Pyodide release and set of wheels.

    Nothing inside it ever changes under the same name, so hosts may cache it for a
    year; a new release or a changed wheel gets a new folder.
    """
    source = node_modules if (node_modules / "pyodide.mjs").is_file() else node_modules / "pyodide"
    try:
        version = json.loads((source / "package.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        version = "unknown"
    digest = hashlib.sha256("\n".join(sorted(Path(w).name for w in wheels)).encode()).hexdigest()[:10]
    return f"pyodide/{version}-{digest}/"


def install_runtime(site_dir: Path, node_modules: Path, wheels: list[Path], folder: str = "pyodide/") -> dict[str, Any]:
    """Copy Pyodide and ``wheels`` into ``site_dir/folder`` (see runtime_folder); return the manifest.

    ``node_modules`` is the project's ``node_modules/`` or the ``pyodide`` package
    folder inside it.

    The manifest (also written as ``pyodide/self-check-runtime.json``) lists each
    file with its URL relative to the site root and its size::

        {"pyodide_version": "314.0.7", "index_url": "pyodide/",
         "files": [{"url": "pyodide/pyodide.mjs", "size": 17931}, ...],
         "wheels": [{"url": "pyodide/wheels/ua_parser-1.0.2-py3-none-any.whl", "size": ...}],
         "copied": 2}

    Unchanged files (same size and mtime) are not copied again, so rebuilds under
    ``mkdocs serve`` stay fast. Wheels left from an earlier build are removed.
    """
    site_dir, node_modules = Path(site_dir), Path(node_modules)
    # Either node_modules/ or node_modules/pyodide/ itself.
    source = node_modules if (node_modules / "pyodide.mjs").is_file() else node_modules / "pyodide"
    target = site_dir / folder
    missing = [name for name in PYODIDE_FILES if not (source / name).is_file()]
    if missing:
        raise RuntimeMissingError(
            f"{source}: missing {', '.join(missing)}; run `npm ci` in the project root "
            "(package.json pins pyodide)"
        )
    try:
        pyodide_version = json.loads((source / "package.json").read_text("utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        pyodide_version = None

    copied = 0
    files = []
    for name in PYODIDE_FILES:
        copied += _copy_if_changed(source / name, target / name)
        files.append({"url": f"{folder}{name}", "size": (source / name).stat().st_size})

    wheel_entries: list[dict[str, Any]] = []
    keep = set()
    for wheel in map(Path, wheels):
        if not wheel.is_file():
            raise RuntimeMissingError(f"{wheel}: wheel not found")
        copied += _copy_if_changed(wheel, target / "wheels" / wheel.name)
        keep.add(wheel.name)
        wheel_entries.append({"url": f"{folder}wheels/{wheel.name}", "size": wheel.stat().st_size})
    for stale in (target / "wheels").glob("*.whl"):
        if stale.name not in keep:
            stale.unlink()

    manifest = {
        "pyodide_version": pyodide_version,
        "index_url": folder,
        "files": files,
        "wheels": wheel_entries,
    }
    # The page resolves wheel URLs against the manifest's own URL (site/pyodide/).
    page_manifest = {
        "pyodide_version": pyodide_version,
        "wheels": [entry["url"].removeprefix(folder) for entry in wheel_entries],
    }
    manifest_path = target / MANIFEST_NAME
    text = json.dumps(page_manifest, indent=1) + "\n"
    if not manifest_path.is_file() or manifest_path.read_text("utf-8") != text:
        manifest_path.write_text(text, "utf-8")
    manifest["files"].append({"url": f"{folder}{MANIFEST_NAME}", "size": len(text.encode())})
    manifest["copied"] = copied
    return manifest


def total_size(manifest: dict[str, Any]) -> int:
    """Bytes the page may download: the runtime files plus the wheels."""
    return sum(entry["size"] for entry in (*manifest["files"], *manifest["wheels"]))


__all__ = [
    "MANIFEST_NAME",
    "PYODIDE_FILES",
    "RUNTIME_WHEELS",
    "RuntimeMissingError",
    "build_project_wheel",
    "fetch_wheels",
    "install_runtime",
    "read_pins",
    "total_size",
]
