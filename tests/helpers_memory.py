"""Run a command and measure its peak memory (resident set size), for tests and bench/cli_memory.py.

The peak is the child's own ``VmHWM`` (/proc/self/status), read by the child itself as it exits:
the high-water mark of the memory of the program it runs. Not ``ru_maxrss`` from ``wait4``: Linux
carries the parent's peak into a child started by vfork or fork when it execs, so a test process that
had grown to 115 MB made a 51 MB command look like 115 MB.
"""

from __future__ import annotations

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


#: Runs a console script's entry point as the command would, then writes the process's VmHWM (KiB)
#: to the file named by its first argument, however the command ends.
_WRAPPER = """
import atexit, sys
from importlib.metadata import entry_points
report, name = sys.argv[1], sys.argv[2]
def _peak():
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
(point,) = entry_points(group="console_scripts", name=name)
sys.argv = [name, *sys.argv[3:]]
sys.exit(point.load()())
"""


def run_measured(args: list[str], *, cwd: Path = ROOT, stdin: int | None = None) -> Measured:
    """Run ``args`` (a console script of the project's venv, e.g. ``helpcenter``) and measure its peak RSS."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".peak") as peak,
    ):
        command = [sys.executable, "-c", _WRAPPER, peak.name, *args]
        process = subprocess.run(command, cwd=cwd, stdin=stdin, stdout=out, stderr=err, check=False)
        out.seek(0)
        err.seek(0)
        kib = peak.read().strip()
        return Measured(
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            int(kib) / 1024 if kib else float("nan"),
        )


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
