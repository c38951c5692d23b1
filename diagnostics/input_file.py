"""Support's input files (user agents, access logs), read line by line in bounded memory.

Files come from anywhere: a log copied while nginx wrote it, a gzip that is not one, a line of a
gigabyte, a device. ``InputLines`` reads a fixed-size chunk at a time, so a line longer than
``MAX_LINE`` is skipped (and counted) while it streams past, never held whole; a gzip bomb is
inflated a chunk at a time. Every way reading can fail becomes an ``InputError`` whose message
names the file and says what to do.
"""

from __future__ import annotations

import gzip
import io
import itertools
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

MAX_LINE = 64 * 1024
"""Longest line read, in bytes (a combined log line with a long address is a few KiB)."""

CHUNK = 256 * 1024
"""Bytes read (or inflated) at a time."""

_GZIP = b"\x1f\x8b"


class InputError(Exception):
    """An input file that cannot be read; ``str()`` is ``FILE: what happened; what to do``."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")


def _open(path: Path) -> io.BufferedReader:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a folder; give a file of it")
    # A pipe (`--log <(zcat ...)`) is read like a file; a device such as /dev/zero never ends.
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise InputError(path, "is a device, not a file; give a log or list file")
    try:
        return path.open("rb")
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def _chunks(raw: io.BufferedReader) -> Iterator[bytes]:
    # peek, not read: a pipe cannot seek back to the gzip header.
    source: gzip.GzipFile | io.BufferedReader = gzip.GzipFile(fileobj=raw, mode="rb") if raw.peek(2)[:2] == _GZIP else raw
    while chunk := source.read(CHUNK):
        yield chunk


class InputLines:
    """The lines of ``path`` (gzip or not) that hold something, without their line break, undecodable
    bytes as U+FFFD. Empty lines and lines over ``MAX_LINE`` are skipped and counted in ``blank`` and
    ``long``. Iterating raises ``InputError`` when reading fails.

    Empty lines are split off and counted in C a chunk at a time: a file of 200 million line breaks
    is read in seconds, not minutes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blank = 0
        self.long = 0
        self._read = 0

    def __iter__(self) -> Iterator[str]:
        raw = _open(self.path)
        try:
            with raw:
                for line in self._split(_chunks(raw)):
                    self._read += 1
                    yield line.rstrip(b"\r").decode("utf-8", errors="replace")
        except EOFError:
            raise InputError(
                self.path,
                f"the gzip data ends early{self._after()}: the file was cut short (copied while it was written?); copy it again",
            ) from None
        except (gzip.BadGzipFile, zlib.error) as error:
            raise InputError(
                self.path, f"not valid gzip data{self._after()} ({error}); give the log as it was written, or unzipped"
            ) from None
        except OSError as error:
            raise InputError(self.path, f"cannot read{self._after()}: {error.strerror or error}") from None

    def _after(self) -> str:
        lines = self._read + self.blank + self.long
        return f" after {lines:,} line{'s' if lines != 1 else ''}" if lines else ""

    def _split(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        pending = bytearray()  # the start of a line whose end is in a later chunk
        too_long = False  # the line being read is already over MAX_LINE: its bytes are dropped
        for chunk in chunks:
            parts = chunk.split(b"\n")
            tail = parts.pop()
            if parts:
                head = parts[0]
                if too_long or len(pending) + len(head) > MAX_LINE:
                    self.long += 1
                elif pending or head:
                    yield bytes(pending + head)
                else:
                    self.blank += 1
                pending.clear()
                too_long = False
                filled = list(filter(None, itertools.islice(parts, 1, None)))
                self.blank += len(parts) - 1 - len(filled)
                for line in filled:
                    if len(line) > MAX_LINE:
                        self.long += 1
                    else:
                        yield line
            if not too_long:
                pending += tail
                if len(pending) > MAX_LINE:
                    pending.clear()
                    too_long = True
        if too_long:
            self.long += 1
        elif pending:
            yield bytes(pending)


def describe_skipped(bad: int, long: int) -> str:
    """'3 empty or unreadable lines and 1 line over 64 KiB skipped' (or '')."""
    parts = []
    if bad:
        parts.append(f"{bad:,} empty or unreadable line{'s' if bad != 1 else ''}")
    if long:
        parts.append(f"{long:,} line{'s' if long != 1 else ''} over {MAX_LINE // 1024} KiB")
    return f"{' and '.join(parts)} skipped" if parts else ""
