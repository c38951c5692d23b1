"""The files /admin/ serves as they are: Decap CMS and `yaml` from npm, and our own scripts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File

#: The folder of the CMS on the site.
ADMIN = "admin/"
#: Our own scripts and styles for the admin page (entry format, start-up, the translation form's layout).
SCRIPTS_DIR = Path(__file__).parent / "admin"


@dataclass(frozen=True)
class Packages:
    """The npm packages the admin page serves: Decap CMS and the `yaml` library."""

    node_modules: Path

    @property
    def decap(self) -> Path:
        return self.node_modules / "decap-cms" / "dist"

    @property
    def yaml(self) -> Path:
        return self.node_modules / "yaml" / "browser" / "dist"

    def version(self, package: str) -> str:
        data = json.loads((self.node_modules / package / "package.json").read_text(encoding="utf-8"))
        return str(data["version"])

    def problems(self) -> list[str]:
        missing = [p for p in (self.decap / "decap-cms.js", self.yaml / "index.js") if not p.is_file()]
        return [f"{p}: missing; run scripts/setup (it installs the npm packages)" for p in missing]

    def files(self) -> list[tuple[str, Path]]:
        """(address under admin/, file) for every file the page loads, in folders named by version."""
        decap = f"{ADMIN}decap-cms-{self.version('decap-cms')}/"
        yaml = f"{ADMIN}yaml-{self.version('yaml')}/"
        out = [
            (decap + p.name, p)
            for p in sorted(self.decap.iterdir())
            if p.name.startswith("decap-cms.js") or p.name.endswith((".decap-cms.js", ".wasm"))
        ]
        out += [(yaml + p.relative_to(self.yaml).as_posix(), p) for p in sorted(self.yaml.rglob("*.js"))]
        ours = sorted(SCRIPTS_DIR.glob("*.mjs")) + sorted(SCRIPTS_DIR.glob("*.js")) + sorted(SCRIPTS_DIR.glob("*.css"))
        out += [(ADMIN + p.name, p) for p in ours]
        return out


class LinkedFile(File):
    """A file the CMS loads as it is (Decap, yaml): linked into the temporary site of `mkdocs serve`,
    which is rebuilt after every save, instead of copied (about 140 files, 6 MB)."""

    def copy_file(self, dirty: bool = False) -> None:
        target = Path(self.abs_dest_path)
        if target.is_symlink() or target.exists():
            target.unlink()  # never copy through an old link into node_modules
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(str(self.abs_src_path))
        except OSError:  # a file system without links
            super().copy_file(dirty)
