"""The self-check's wheels as the page downloads them, and the lock file that vouches for them.

The page loads packages *by name* through a lock file (the format of the npm package's
``pyodide-lock.json``, which Pyodide and its tools read): each entry names the wheel file, its
sha256 and what it depends on, and the browser fetches it with that hash as Subresource
Integrity (runner.js), so a wheel changed on the server (or on the way) is refused before
Python sees it. :func:`write_lock` writes such a file for the
self-check's three wheels only (the project's ``helpcenter_diagnostics`` and the pinned
ua-parser wheels), in plain Python: the format is a small JSON object, and the editors'
set-up stays free of pyodide-build and its compilers.

Wheels are served with their files stored uncompressed inside (:func:`store_wheel`): the
host sends them with brotli or gzip, which then compresses across the files of a wheel
(ua-parser-builtins carries three near-identical 130 kB rule tables) instead of each
file on its own. Same files, same RECORD; only the zip container changes, reproducibly.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from email.parser import HeaderParser
from pathlib import Path, PurePosixPath
from typing import Any

#: Where the wheels sit, beside the lock file; the lock's file names are relative to it.
WHEELS_FOLDER = "wheels/"
#: 1980-01-01, the earliest date a zip can hold: any fixed date makes the output reproducible.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")


class LockError(ValueError):
    """A wheel the lock should list is not a usable wheel; the message names the file."""


def canonical_name(name: str) -> str:
    """PEP 503 form (``ua_parser`` -> ``ua-parser``), as Pyodide looks packages up."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def zip_entry(name: str, data: bytes, *, mode: int = 0o644) -> tuple[zipfile.ZipInfo, bytes]:
    """A stored (uncompressed) zip entry with a fixed date, for reproducible zips."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = (mode & 0xFFFF) << 16
    info.create_system = 3  # Unix, whatever the build machine is
    return info, data


def write_stored_zip(path: Path, entries: list[tuple[str, bytes]]) -> None:
    """Write ``entries`` (in the given order) as a stored zip at ``path``, atomically."""
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info, payload = zip_entry(name, data)
            archive.writestr(info, payload)
    temporary.replace(path)


def store_wheel(wheel: Path, out_dir: Path) -> Path:
    """``out_dir/<same name>``: the wheel's files in the same order, stored uncompressed.

    Reproducible (fixed dates and attributes); rewritten only when missing or older than ``wheel``:
    a wheel name is pinned by version and hash, but the compiled copy of a wheel
    (generator/self_check/stdlib.py) keeps its name and is made anew when its bytecode changes.
    """
    wheel, out_dir = Path(wheel), Path(out_dir)
    target = out_dir / wheel.name
    if target.is_file() and target.stat().st_mtime_ns >= wheel.stat().st_mtime_ns:
        return target
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(wheel) as source:
            entries = [(info.filename, source.read(info)) for info in source.infolist() if not info.is_dir()]
    except (OSError, zipfile.BadZipFile) as error:
        raise LockError(f"{wheel}: not a readable wheel ({error})") from None
    write_stored_zip(target, entries)
    return target


def wheel_metadata(wheel: Path) -> dict[str, Any]:
    """Name, version, top-level import names and dependencies of a wheel, read from inside it."""
    match = _WHEEL_NAME.match(Path(wheel).name)
    if not match:
        raise LockError(f"{wheel}: not a wheel file name (name-version-python-abi-platform.whl)")
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            dist_info = next((n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA")), None)
            if dist_info is None:
                raise LockError(f"{wheel}: no *.dist-info/METADATA inside")
            headers = HeaderParser().parsestr(archive.read(f"{dist_info}/METADATA").decode("utf-8"))
    except (OSError, zipfile.BadZipFile) as error:
        raise LockError(f"{wheel}: not a readable wheel ({error})") from None
    # Modules as source or, in the compiled copies the page loads, as bytecode only.
    imports = sorted(
        {
            PurePosixPath(n).parts[0].removesuffix(".pyc").removesuffix(".py")
            for n in names
            if not PurePosixPath(n).parts[0].endswith((".dist-info", ".data"))
            and (
                (n.count("/") == 0 and n.endswith((".py", ".pyc")))
                or (n.count("/") == 1 and n.endswith(("/__init__.py", "/__init__.pyc")))
            )
        }
    )
    requires = []
    for requirement in headers.get_all("Requires-Dist") or []:
        if ";" in requirement:  # extras and environment markers: optional, never for the page
            continue
        found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if found:
            requires.append(canonical_name(found.group(1)))
    return {
        "name": headers["Name"] or match.group("name"),
        "version": headers["Version"] or match.group("version"),
        "imports": imports,
        "requires": requires,
    }


def lock_data(wheels: list[Path], info: dict[str, Any]) -> dict[str, Any]:
    """The lock as data: ``info`` from Pyodide's own lock, one package per wheel.

    File names are bare, as in Pyodide's own lock: relative to the wheels' folder.

    Dependencies are kept only when the depended-on package is itself in the lock (a wheel
    may name optional extras the page never installs).
    """
    metadata = {Path(w).name: wheel_metadata(w) for w in wheels}
    listed = {canonical_name(m["name"]) for m in metadata.values()}
    packages = {}
    for wheel in wheels:
        meta = metadata[Path(wheel).name]
        key = canonical_name(meta["name"])
        packages[key] = {
            "name": meta["name"],
            "version": meta["version"],
            "file_name": Path(wheel).name,
            "install_dir": "site",
            "sha256": sha256_of(wheel),
            "package_type": "package",
            "imports": meta["imports"],
            "depends": [d for d in meta["requires"] if d in listed and d != key],
            "unvendored_tests": False,
            "tool": {},
        }
    return {"info": dict(info), "packages": dict(sorted(packages.items()))}


def write_lock(path: Path, wheels: list[Path], pyodide_lock: Path) -> dict[str, Any]:
    """Write the self-check's lock file at ``path`` (unchanged files are not rewritten); return its data.

    ``pyodide_lock`` is the npm package's ``pyodide-lock.json``: its ``info`` (ABI version,
    platform, Python version) must match the runtime, which refuses a lock for another ABI.
    """
    try:
        info = json.loads(Path(pyodide_lock).read_text("utf-8"))["info"]
    except (OSError, ValueError, KeyError) as error:
        raise LockError(f"{pyodide_lock}: no usable 'info' in Pyodide's lock file ({error})") from None
    data = lock_data(wheels, info)
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    path = Path(path)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return data


__all__ = [
    "WHEELS_FOLDER",
    "LockError",
    "canonical_name",
    "lock_data",
    "sha256_of",
    "store_wheel",
    "wheel_metadata",
    "write_lock",
    "write_stored_zip",
    "zip_entry",
]
