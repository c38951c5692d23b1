"""Published as ``pyodide/_package_loader.py`` in the self-check's trimmed standard library.

Pyodide imports its package loader while it starts, whether or not anything is ever
installed: it reads the install folders and lists the packages already there. The loader
itself unpacks wheels with Python's ``zipfile``, ``shutil``, ``tempfile`` (and through them
``bz2``, ``lzma``, ``random``...), which the self-check never needs: its page fetches each
wheel with the browser's integrity check and imports from it as it is (zipimport). This
stand-in gives Pyodide's start-up what it reads, in the same form, and nothing else; asking
it for anything more (``pyodide.loadPackage``, ``unpackArchive``) fails with a message that
says why. The full standard library, still published, has Pyodide's own loader.

Plain Python with no imports beyond what Python has loaded when Pyodide starts.
"""

import os
import sys
from site import getsitepackages


class InstallFolder:
    """A folder as Pyodide's start-up reads it (``str()``, ``os.fspath()``); the real loader uses a Path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __str__(self) -> str:
        return self.path

    def __fspath__(self) -> str:
        return self.path

    def __repr__(self) -> str:
        return f"InstallFolder({self.path!r})"


SITE_PACKAGES = InstallFolder(getsitepackages()[0])
# As Pyodide's loader: shared libraries go to /usr/lib, or beside site-packages in a virtual env.
DSO_DIR = InstallFolder("/usr/lib" if sys.base_prefix == sys.prefix else os.path.dirname(os.path.dirname(SITE_PACKAGES.path)))
TARGETS = {"site": SITE_PACKAGES, "dynlib": DSO_DIR}


def get_install_dir(target: str | None = None) -> str:
    """The folder for an install target ("site" or "dynlib"), as a string."""
    return str(TARGETS.get(target or "site", SITE_PACKAGES))


def init_loaded_packages() -> None:
    """Tell ``pyodide.loadedPackages`` about distributions already in site-packages (none, on the page)."""
    try:
        from pyodide_js import loadedPackages
    except ImportError:
        return
    try:
        entries = sorted(os.listdir(SITE_PACKAGES.path))
    except OSError:
        return
    for entry in entries:
        if not entry.endswith(".dist-info"):
            continue
        name = entry.removesuffix(".dist-info").rsplit("-", 1)[0]
        try:
            with open(os.path.join(SITE_PACKAGES.path, entry, "METADATA"), encoding="utf-8") as metadata:
                name = next((line[5:].strip() for line in metadata if line.startswith("Name:")), name)
        except OSError:
            pass
        setattr(loadedPackages, name, "Unknown")


def __getattr__(name: str) -> object:
    raise AttributeError(
        f"pyodide._package_loader.{name}: the self-check's standard library carries only what Pyodide "
        "reads while it starts; its page installs wheels itself (zipimport), not with loadPackage"
    )
