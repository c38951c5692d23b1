"""The self-check's lock file and wheels: what Pyodide checks before it runs a downloaded wheel."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers_browser import ROOT

from generator.self_check.lock import canonical_name, store_wheel, wheel_metadata
from generator.self_check.runtime import (
    REQUIREMENTS,
    RuntimeMissingError,
    build_project_wheel,
    fetch_wheels,
    read_hashes,
    read_pins,
    stage_packages,
)

PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], Path]:
    """The real wheels (cached by scripts/setup) and the project's, staged as the build stages them."""
    folder = tmp_path_factory.mktemp("staged")
    pinned = fetch_wheels(ROOT / ".cache" / "wheels")
    own = build_project_wheel(ROOT / "diagnostics", folder / "own", requires=tuple(read_pins()))
    result = stage_packages([*pinned, own], folder / "runtime", PYODIDE, load=[own])
    assert result.packages == ("helpcenter-diagnostics",)
    return result.lock, [*pinned, own], folder / "runtime" / "wheels"


def test_lock_lists_every_served_wheel_with_its_sha256(staged: tuple[Path, list[Path], Path]) -> None:
    """Each package names a file that exists beside the lock and whose sha256 is the one listed."""
    lock_path, _, served = staged
    lock = json.loads(lock_path.read_text("utf-8"))
    assert set(lock["packages"]) == {"helpcenter-diagnostics", "ua-parser", "ua-parser-builtins"}
    for entry in lock["packages"].values():
        wheel = served / entry["file_name"]
        assert wheel.is_file()
        assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
        assert entry["install_dir"] == "site"
        assert entry["package_type"] == "package"


def test_lock_matches_the_runtime_and_resolves_dependencies(staged: tuple[Path, list[Path], Path]) -> None:
    """The ABI info is Pyodide's own (it refuses others); asking for the rules brings ua-parser with them."""
    lock = json.loads(staged[0].read_text("utf-8"))
    assert lock["info"] == json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8"))["info"]
    packages = lock["packages"]
    assert packages["helpcenter-diagnostics"]["depends"] == ["ua-parser", "ua-parser-builtins"]
    assert packages["ua-parser"]["depends"] == ["ua-parser-builtins"]
    assert packages["helpcenter-diagnostics"]["imports"] == ["diagnostics"]
    assert packages["ua-parser-builtins"]["imports"] == ["ua_parser_builtins"]


def test_served_wheels_hold_the_same_files_stored(staged: tuple[Path, list[Path], Path], tmp_path: Path) -> None:
    """Only the container changes: same names, same bytes, stored for the host's brotli; reproducible."""
    _, originals, served = staged
    for original in originals:
        stored = served / original.name
        with zipfile.ZipFile(original) as a, zipfile.ZipFile(stored) as b:
            assert [i.filename for i in a.infolist() if not i.is_dir()] == b.namelist()
            assert all(a.read(name) == b.read(name) for name in b.namelist())
            assert {i.compress_type for i in b.infolist()} == {zipfile.ZIP_STORED}
        again = store_wheel(original, tmp_path / original.stem)
        assert again.read_bytes() == stored.read_bytes()


def test_a_cached_wheel_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    """A wheel in .cache/wheels whose sha256 differs from requirements-pyodide.txt stops the build, with the fix."""
    for wheel in fetch_wheels(ROOT / ".cache" / "wheels"):
        (tmp_path / wheel.name).write_bytes(wheel.read_bytes() + b"\0")
    with pytest.raises(RuntimeMissingError, match=r"sha256 is not the one pinned .*scripts/setup"):
        fetch_wheels(tmp_path)


def test_pins_with_hashes_read_as_pip_reads_them(tmp_path: Path) -> None:
    """Continuation lines and --hash options, as `pip download --require-hashes` takes them."""
    requirements = tmp_path / "requirements-pyodide.txt"
    digest = "ab" * 32
    requirements.write_text(f"# wheels\nua-parser==1.0.2 \\\n    --hash=sha256:{digest}  # rules\nother==2\n")
    assert read_pins(requirements) == {"ua-parser": "1.0.2", "other": "2"}
    assert read_hashes(requirements) == {"ua-parser": {digest}, "other": set()}


@pytest.mark.parametrize("lock_file", ["requirements.lock", "requirements-dev.lock"])
def test_pyodide_pins_agree_with_the_python_locks(lock_file: str) -> None:
    """The page's ua-parser wheels are the very files CPython's locks pin (same versions, same hashes):
    requirements-pyodide.txt is the one pin, and `make lock` must not drift from it."""
    locked = (ROOT / lock_file).read_text("utf-8")
    for name, version in read_pins(REQUIREMENTS).items():
        block = re.search(rf"(?m)^{re.escape(name)}=={re.escape(version)}((?:\s*\\\n\s*--hash=sha256:\w+)+)", locked)
        assert block, f"{lock_file} does not pin {name}=={version} as requirements-pyodide.txt does"
        assert read_hashes(REQUIREMENTS)[name] <= set(re.findall(r"sha256:(\w+)", block.group(1))), name


def test_cpython_and_pyodide_run_the_same_ua_parser(staged: tuple[Path, list[Path], Path]) -> None:
    """The rules identify browsers with the same ua-parser and rule tables in the page (Pyodide, through the
    lock file) as in the tests and `helpcenter diagnose` (CPython's installed packages)."""
    from importlib.metadata import version

    lock = json.loads(staged[0].read_text("utf-8"))
    in_pyodide = {name: lock["packages"][name]["version"] for name in ("ua-parser", "ua-parser-builtins")}
    in_cpython = {name: version(name) for name in in_pyodide}
    assert in_cpython == in_pyodide
    assert {canonical_name(name): pinned for name, pinned in read_pins(REQUIREMENTS).items()} == in_pyodide


def test_project_wheel_declares_what_it_needs(tmp_path: Path) -> None:
    """Requires-Dist lines let the lock bring ua-parser along when the page asks for the rules."""
    wheel = build_project_wheel(ROOT / "diagnostics", tmp_path, requires=("ua-parser", "ua-parser-builtins"))
    meta = wheel_metadata(wheel)
    assert meta["requires"] == ["ua-parser", "ua-parser-builtins"]
    assert meta["imports"] == ["diagnostics"]


def test_lock_passes_pyodide_locks_own_checks(staged: tuple[Path, list[Path], Path]) -> None:
    """The reference reader of the format (pyodide-lock, from pyodide-build) accepts the file and its wheel names."""
    from pyodide_lock import PyodideLockSpec

    spec = PyodideLockSpec.from_json(staged[0])
    spec.check_wheel_filenames()
    assert sorted(spec.packages) == ["helpcenter-diagnostics", "ua-parser", "ua-parser-builtins"]


RESOLVE = """
import { readFileSync } from "node:fs";
const runner = readFileSync(process.argv[1]);
const { integrity, resolvePackages } = await import(`data:text/javascript;base64,${runner.toString("base64")}`);
const lock = JSON.parse(readFileSync(0, "utf-8"));
const order = resolvePackages(lock, ["helpcenter-diagnostics"]).map((entry) => [entry.name, integrity(entry.sha256)]);
let broken = null;
try {
  delete lock.packages["ua-parser-builtins"];
  resolvePackages(lock, ["helpcenter_diagnostics"]);
} catch (error) {
  broken = `${error.reason}: ${error.detail}`;
}
process.stdout.write(JSON.stringify({ order, broken }));
"""


def test_the_page_resolves_packages_through_the_lock_and_checks_their_sha256(staged: tuple[Path, list[Path], Path]) -> None:
    """runner.js asks for the rules by name and gets ua-parser first, each with the lock's sha256 as the
    browser's integrity value; a lock that lacks a dependency is a clear error, not a half-loaded page."""
    lock_path, _, served = staged
    lock = json.loads(lock_path.read_text("utf-8"))
    done = subprocess.run(
        ["node", "--input-type=module", "-e", RESOLVE, str(ROOT / "theme/assets/hc/self-check/runner.js")],
        input=json.dumps(lock),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    assert [name for name, _ in result["order"]] == ["ua-parser-builtins", "ua-parser", "helpcenter_diagnostics"]
    for name, value in result["order"]:
        entry = lock["packages"][canonical_name(name)]
        digest = hashlib.sha256((served / entry["file_name"]).read_bytes()).digest()
        assert value == "sha256-" + base64.b64encode(digest).decode()
    assert result["broken"] == ("load-error: ua-parser-builtins (needed by ua-parser): not in the self-check's lock file")
