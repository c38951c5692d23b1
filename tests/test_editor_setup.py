"""An editor's laptop: `make check` and `make serve` need Python and Node.js only, no root, no browsers, no nginx.

A copy of the project gets a fresh .venv from requirements.lock through the README's commands, with
apt-get, sudo, the browsers and nginx replaced on PATH by stand-ins that record any call and fail.
The npm packages are linked from this checkout (`npm ci --omit=dev` of 400 MB is not worth the
minute it takes here); which of them editors get is checked on package-lock.json itself.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import ROOT, free_port, wait_until_serving

#: What an editor's machine may lack: the test suite's tools and anything needing root.
UNAVAILABLE = ("apt-get", "apt", "sudo", "dpkg", "chromium", "firefox-esr", "WebKitWebDriver", "Xvfb", "nginx")
#: What `make check` and `make serve` need from npm.
EDITORS_NPM = ("pyodide", "decap-cms", "yaml")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _project_copy(folder: Path) -> Path:
    """The project's files as a clone has them (tracked and new, not ignored), npm packages and wheels linked."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    project = folder / "project"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "bench/")):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    # A folder of links, not a link to the folder: if `make check` ever reinstalls (a stamp that does not
    # match), npm empties this folder of links, never this checkout's node_modules.
    modules = project / "node_modules"
    modules.mkdir()
    for package in (ROOT / "node_modules").iterdir():
        if package.name == ".installed":
            shutil.copy2(package, modules / package.name)  # setup's stamp: what is installed here
        else:
            (modules / package.name).symlink_to(package)
    (project / ".cache").mkdir()
    (project / ".cache" / "wheels").symlink_to(ROOT / ".cache" / "wheels")
    return project


def _stand_ins(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose PATH puts failing stand-ins first; and the file where they note their calls."""
    bin_dir, log = folder / "unavailable", folder / "called.txt"
    bin_dir.mkdir()
    for name in UNAVAILABLE:
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\necho "{name}: not available" >&2\nexit 127\n')
        script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "HELPCENTER_SKIP_APT")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return env, log


def test_make_check_and_make_serve_work_without_root_browsers_or_nginx(tmp_path: Path) -> None:
    """The README's commands on a machine without apt, sudo, browsers or nginx: content checked, preview and /admin/ served."""
    project = _project_copy(tmp_path)
    env, log = _stand_ins(tmp_path)
    check = subprocess.run(["make", "check"], cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Installing Python packages (requirements.lock)" in check.stderr
    assert "OK: 13 entries in 5 categories, no problems." in check.stdout
    installed = subprocess.run(
        [str(project / ".venv" / "bin" / "python"), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = {p["name"].lower() for p in json.loads(installed)}
    assert {"mkdocs", "mkdocs-material"} <= names
    assert not names & {"pytest", "playwright", "selenium", "ruff", "mypy"}  # the test tools stay out

    port = free_port()
    serve = subprocess.Popen(
        ["make", "serve", f"HOST=127.0.0.1:{port}"],
        cwd=project,
        env=env,
        start_new_session=True,
        # As in an editor's terminal: Ctrl-C interrupts. A suite started in the background by a
        # non-interactive shell inherits SIGINT ignored, and Python then never turns it into
        # KeyboardInterrupt, so make serve would not stop (seen in CI-like runs).
        preexec_fn=_default_sigint,  # noqa: PLW1509 - it only resets one signal, async-signal-safe
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/admin/config.yml", serve, timeout=120)
        wait_until_serving(f"http://127.0.0.1:{port}/faq/cannot-pay/", serve, timeout=10)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/config.yml", timeout=5) as response:
            cms_server = urlsplit(json.load(response)["backend"]["proxy_url"])
        with socket.create_connection((cms_server.hostname, cms_server.port), timeout=5):
            pass  # the CMS's local server runs beside the preview
    finally:
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C in the editor's terminal
        try:
            output, _ = serve.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)  # leave nothing running for the tests after this one
            output, _ = serve.communicate()
            pytest.fail(f"make serve did not stop on Ctrl-C within 90 s:\n{output[-3000:]}")
    assert "Traceback" not in output, output[-3000:]
    with pytest.raises(ConnectionRefusedError), socket.create_connection((cms_server.hostname, cms_server.port), timeout=5):
        pass  # and stopped with it
    assert not log.exists(), log.read_text()


def test_editors_npm_packages_are_not_test_tools() -> None:
    """`npm ci --omit=dev` (editors' set-up) installs the self-check runtime and the CMS; the test tools are dev-only."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert all(not lock[f"node_modules/{name}"].get("dev") for name in EDITORS_NPM)
    assert all(lock[f"node_modules/{name}"].get("dev") for name in ("lighthouse", "puppeteer-core", "axe-core"))
