"""Reading signal logs: plain or gzip files, one line at a time, each line at most `MAX_LINE` bytes.

Memory stays bounded whatever the file holds: a line longer than `MAX_LINE` (a hostile request,
a binary file) is skipped in chunks and counted, never read whole. A file that cannot be read
(missing, unreadable, a broken gzip) raises `LogError` with the file's name and what is wrong.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: The longest line read; signals.js's longest request is about 1 KB, nginx logs up to 8 KB of address.
MAX_LINE = 16 * 1024
_CHUNK = 64 * 1024
#: A line too long to read, in place of the line.
TOO_LONG = None


class LogError(Exception):
    """A log that cannot be read; the message is `FILE: what is wrong`."""


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as file:
        magic = file.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def lines(path: Path) -> Iterator[str | None]:
    """Each line of `path` as text without its newline, or None for a line over MAX_LINE bytes or not UTF-8."""
    try:
        with _open(path) as file:
            while True:
                line = file.readline(MAX_LINE + 1)
                if not line:
                    return
                if len(line) > MAX_LINE:
                    # The rest of the line, in chunks, without keeping it.
                    while line and not line.endswith(b"\n"):
                        line = file.readline(_CHUNK)
                    yield TOO_LONG
                    continue
                try:
                    yield line.rstrip(b"\r\n").decode("utf-8")
                except UnicodeDecodeError:
                    yield TOO_LONG
    except FileNotFoundError:
        raise LogError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LogError(f"{path}: a folder, not a log file") from None
    except PermissionError:
        raise LogError(f"{path}: not allowed to read it") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise LogError(f"{path}: a broken gzip file ({error or 'it ends too early'})") from None
    except OSError as error:
        raise LogError(f"{path}: cannot read it ({error.strerror or error})") from None
