"""Files the plugin puts into the built site besides pages, and how the site folder is swapped in.

`Staging` makes `mkdocs build` all-or-nothing: the build writes into a sibling
folder, which replaces the real one only once everything succeeded.
`SelfCheckAssets` serves the self-check's Python runtime (Pyodide and the
wheels it loads) from the site itself: no CDN, nothing fetched at run time.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from .source import SourceError, read_yaml


class Staging:
    """A build folder beside `target` that replaces it in one rename when the build succeeds."""

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.folder = self.target.with_name(f".{self.target.name}.building")
        if self.folder.exists():
            shutil.rmtree(self.folder)

    def publish(self) -> None:
        old = self.target.with_name(f".{self.target.name}.old-{uuid.uuid4().hex[:8]}")
        if self.target.exists():
            self.target.rename(old)
        self.folder.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
