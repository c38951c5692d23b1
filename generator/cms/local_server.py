"""decap-server, the CMS's local file server under `mkdocs serve`."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from pathlib import Path

from .packages import SCRIPTS_DIR, Packages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer:
    """decap-server on 127.0.0.1, serving the content folder to the CMS under `mkdocs serve`.

    Started once per `mkdocs serve` and stopped with it; its launcher also ends when the pipe to
    this process closes, so a killed preview leaves no server behind.
    """

    def __init__(self, packages: Packages, content_dir: Path) -> None:
        self.packages = packages
        self.content_dir = content_dir
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def start(self, timeout: float = 15) -> None:
        env = {**os.environ, "PORT": str(self.port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(self.content_dir), "LOG_LEVEL": "warn"}
        self.process = subprocess.Popen(
            ["node", str(SCRIPTS_DIR / "local-server.cjs"), str(self.packages.server)],
            cwd=self.content_dir, env=env, stdin=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"decap-server stopped at start (exit {self.process.returncode})")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"decap-server did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.stdin:
            with contextlib.suppress(OSError):
                process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

