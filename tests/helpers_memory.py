"""Run a command and measure its peak memory (resident set size), for tests and bench/cli_memory.py.

The kernel keeps each process's peak; ``os.wait4`` returns it for exactly the child waited for
(``ru_maxrss``, KiB on Linux), so nothing else the test run started is counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


class Measured(NamedTuple):
    """How a command ended, what it printed and its peak resident memory in MiB."""

    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


def run_measured(args: list[str], *, cwd: Path = ROOT, stdin: int | None = None) -> Measured:
    """Run ``args`` (a command of the project's venv, e.g. ``helpcenter``) and measure its peak RSS."""
    command = [str(Path(sys.executable).parent / args[0]), *args[1:]]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, stdin=stdin, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(process.returncode, out.read().decode(errors="replace"),
                        err.read().decode(errors="replace"), usage.ru_maxrss / 1024)


def gzip_bomb(path: Path, size: int, fill: bytes) -> Path:
    """A gzip of ``size`` bytes of ``fill`` (one byte): b"A" makes one line, b"\\n" as many empty lines.

    Deflate's run-length strategy at its best ratio, about 1:1000 (1 GiB in a 1 MiB file), fast to make."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31, 9, zlib.Z_RLE)  # wbits 31: gzip's header and trailer
    block = fill * MB
    with path.open("wb") as out:
        for start in range(0, size, MB):
            out.write(compressor.compress(block[: min(MB, size - start)]))
        out.write(compressor.flush())
    return path
