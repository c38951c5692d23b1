"""Files the plugin puts into the built site besides pages, and how the site folder is swapped in.

`Staging` makes `mkdocs build` all-or-nothing: the build writes into a sibling
folder, which replaces the real one only once everything succeeded.
`SelfCheckAssets` serves the self-check's Python runtime (Pyodide and the
wheels it loads) from the site itself: no CDN, nothing fetched at run time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from generator.self_check import runtime
from generator.self_check import stdlib as self_check_stdlib


class Staging:
    """A build folder beside `target` that replaces it in one rename when the build succeeds.

    The site it replaces is kept beside it (`.site.previous`) until the next build, which hands it
    to whoever deletes it (`leftovers`): the build's second process, while this one renders pages,
    rather than this one at the end.
    """

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.folder = self._sibling("building")
        self.previous = self._sibling("previous")
        if self.folder.exists():
            shutil.rmtree(self.folder)

    def _sibling(self, what: str) -> Path:
        return self.target.with_name(f".{self.target.name}.{what}")

    def leftovers(self) -> list[Path]:
        """Earlier builds' sites, moved out of the way now, to delete while this build runs."""
        found = sorted(self.target.parent.glob(f".{self.target.name}.deleting-*"))
        if self.previous.exists():
            doomed = self._sibling(f"deleting-{uuid.uuid4().hex[:8]}")
            try:
                self.previous.rename(doomed)
            except OSError:  # publish deletes it then
                return found
            found.append(doomed)
        return found

    def publish(self) -> None:
        if self.previous.exists():  # not moved out of the way at the start (a folder the build could not rename)
            shutil.rmtree(self.previous)
        if self.target.exists():
            self.target.rename(self.previous)
        self.folder.rename(self.target)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def delete_folders(folders: list[Path]) -> None:
    """Delete earlier builds' sites (Staging.leftovers); one that cannot be is tried again next build."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


class SelfCheckAssets:
    """The self-check page's runtime: Pyodide from npm, the pinned wheels, the project's own wheel.

    `prepare` (at config time) builds the project wheel, stages every wheel with the lock
    file that vouches for them, and derives the trimmed standard library and the wheels with
    their modules compiled (cached; see generator/self_check/stdlib.py); `install` (after the build) copies it all into the
    site's versioned runtime folder.
    """

    def __init__(
        self,
        root: Path,
        *,
        pyodide_dir: str,
        wheels_dir: str,
        browsers: dict[str, Any] | None,
        steps: list[dict[str, str]] | None = None,
    ) -> None:
        self.root = root
        self.node_modules = root / pyodide_dir
        self.wheels_dir = root / wheels_dir
        self.cache = self.wheels_dir.parent
        self.browsers = browsers
        self.steps = steps or []

    def problems(self) -> list[str]:
        """What stops the page from working, each with the command that fixes it."""
        problems = []
        if self.browsers is None:
            problems.append("content/browsers.yml: missing; the self-check needs it to judge browser versions")
        try:
            runtime.fetch_wheels(self.wheels_dir)
        except runtime.RuntimeMissingError as error:
            problems.append(f"{error} (or run scripts/setup)")
        if not (self.node_modules / "pyodide.mjs").is_file():
            problems.append(f"{self.node_modules}: Pyodide is not installed; run `npm ci` (or scripts/setup)")
        return problems

    def stale_data(self, today: date | None = None) -> list[str]:
        """Warnings when content/browsers.yml has not been updated for a long time."""
        from diagnostics import Policy

        return Policy.from_dict(self.browsers).staleness(today or date.today()) if self.browsers else []

    def prepare(self) -> str:
        """Build and stage the wheels, lock file and trimmed stdlib; return the runtime's versioned folder.

        Raises runtime.RuntimeMissingError or self_check_stdlib.StdlibError with a message for the editor.
        """
        pinned = runtime.fetch_wheels(self.wheels_dir)
        own = runtime.build_project_wheel(
            self.root / "diagnostics", self.cache / "project-wheel", requires=tuple(runtime.read_pins())
        )
        self.staged = runtime.stage_packages([*pinned, own], self.cache / "self-check-runtime", self.node_modules, load=[own])
        context = {"steps": self.steps, "policy": self.browsers}
        self.stdlib = self_check_stdlib.build_stdlib(
            pyodide_dir=self.node_modules,
            lock_path=self.staged.lock,
            packages=list(self.staged.packages),
            context=context,
            cache_dir=self.cache / "self-check-stdlib",
        )
        if self.stdlib.wheels:
            # The page loads the wheels with their modules compiled (same names; the lock vouches for these).
            compiled = {wheel.name: wheel for wheel in self.stdlib.wheels}
            own_name = Path(own).name
            self.staged = runtime.stage_packages(
                list(compiled.values()), self.cache / "self-check-runtime-compiled", self.node_modules, load=[compiled[own_name]]
            )
        self.folder = runtime.runtime_folder(self.node_modules, [*self.staged.wheels, self.staged.lock, self.stdlib.path])
        return self.folder

    def page_runtime(self) -> dict[str, Any]:
        """The runtime manifest with the lock file's data (``lock_contents``), for the page to carry inline.

        ``downloads``: the wasm, the stdlib and the wheels, by their names in the runtime folder.

        With them in the page the check asks for the wasm, the stdlib and the wheels at once, instead
        of after two round trips for ``self-check-runtime.json`` and the lock (both stay published).
        """
        manifest = runtime.page_manifest(
            runtime.pyodide_version(self.node_modules), [wheel.name for wheel in self.staged.wheels], self.staged.packages
        )
        # What the check downloads from the runtime folder, for the page's <link rel=prefetch> (see self-check.html).
        downloads = [runtime.page_files(self.node_modules)[2], manifest["stdlib"], *manifest["wheels"]]
        return {**manifest, "lock_contents": json.loads(self.staged.lock.read_text("utf-8")), "downloads": downloads}

    def prefetch_urls(self, assets_url: str, theme_dir: Path | None) -> list[str]:
        """Site-relative addresses a visit of the self-check loads: its scripts, Pyodide, the stdlib and wheels.

        Not the manifest and the lock: the self-check page carries them (page_runtime).
        """
        scripts = sorted(p.name for p in (theme_dir / VersionedAssets.SOURCE / "self-check").glob("*.js")) if theme_dir else []
        names = (*runtime.page_files(self.node_modules), runtime.STDLIB_NAME)
        return (
            [f"{assets_url}self-check/{name}" for name in scripts]
            + [f"{self.folder}{name}" for name in names]
            + [f"{self.folder}wheels/{wheel.name}" for wheel in self.staged.wheels]
        )

    def preloads(self, assets_url: str) -> list[str]:
        """Site-relative addresses of the scripts the self-check page imports, for `<link rel=modulepreload>`.

        Without them each script is found only when the one before it has arrived and run (page.js,
        its imports, runner.js, pyodide.mjs, Pyodide's glue): round trips in a row, with the line
        idle, before Pyodide asks for its wasm. With them the browser asks for all of them at once
        as it reads the page, and the worker takes them from its cache. The wasm, the stdlib and the
        wheels are not preloaded: in a worker they would count as unused (a console warning each),
        and Pyodide asks for them in parallel anyway.
        """
        glue = runtime.page_files(self.node_modules)[:2]
        scripts = ("checker-thread.js", "runner.js", "facts.js", "report.js", "translate.js")
        # signals.js too: page.js imports it, and a module runs only once all its imports are here.
        return (
            [f"{assets_url}self-check/{name}" for name in scripts]
            + [f"{assets_url}signals.js"]
            + [f"{self.folder}{name}" for name in glue]
        )

    def install(self, site_dir: Path) -> dict[str, Any]:
        """Copy Pyodide, the wheels, lock file and trimmed stdlib into the site's runtime folder; return the manifest."""
        return runtime.install_runtime(
            site_dir,
            self.node_modules,
            list(self.staged.wheels),
            self.folder,
            lock=self.staged.lock,
            stdlib=self.stdlib.path,
            packages=self.staged.packages,
        )


class VersionedAssets:
    """The theme's own assets (theme/assets/hc/) published under a folder named by their content.

    `assets/hc/helpcenter.css` becomes `assets/hc-1a2b3c4d5e/helpcenter.css`: a changed file
    gets a new address, so hosts and browsers may keep every copy for a year.
    """

    SOURCE = "assets/hc/"

    def __init__(self, theme_dir: Path | None, extra: dict[str, Path] | None = None) -> None:
        """`extra`: files from elsewhere (npm) published in the same folder, by their name there."""
        digest = hashlib.sha256()
        folder = (theme_dir / self.SOURCE) if theme_dir else None
        files: dict[str, Path] = {}
        if folder and folder.is_dir():
            files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
        self.extra = dict(extra or {})
        for name, file in sorted({**files, **self.extra}.items()):
            digest.update(name.encode() + b"\0" + file.read_bytes())
        self.url = f"assets/hc-{digest.hexdigest()[:10]}/"

    def publish(self, files: Any, config: Any) -> None:
        """Give the theme's assets/hc/ files their versioned address, and add the extra files there."""
        from mkdocs.structure.files import File

        for file in files:
            if file.src_uri.startswith(self.SOURCE):
                file.dest_uri = self.url + file.src_uri[len(self.SOURCE) :]
        for name, path in self.extra.items():
            files.append(File.generated(config, self.url + name, abs_src_path=str(path)))
