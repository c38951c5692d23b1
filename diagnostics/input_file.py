"""Support's input files (user agents, access logs), read line by line in bounded memory.

Files come from anywhere: a log copied while nginx wrote it, a gzip that is not one, a line of a
gigabyte, a device. ``lines`` reads a fixed-size chunk at a time, so a line longer than
``MAX_LINE`` is skipped (as ``None``) while it streams past, never held whole; a gzip bomb is
inflated a chunk at a time. Every way reading can fail becomes an ``InputError`` whose message
names the file and says what to do.
"""

from __future__ import annotations

import gzip
import io
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


def _split(chunks: Iterator[bytes]) -> Iterator[bytes | None]:
    pending = bytearray()
    too_long = False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            if too_long or len(pending) + end - start > MAX_LINE:
                yield None
            else:
                yield bytes(pending + chunk[start:end])
            pending.clear()
            too_long = False
            start = end + 1
        if not too_long:
            pending += chunk[start:]
            if len(pending) > MAX_LINE:
                pending.clear()
                too_long = True
    if too_long:
        yield None
    elif pending:
        yield bytes(pending)


def lines(path: Path) -> Iterator[str | None]:
    """Each line of ``path`` (gzip or not) without its line break, undecodable bytes as U+FFFD;
    None for a line longer than ``MAX_LINE``. Raises ``InputError`` when reading fails."""
    raw = _open(path)
    number = 0
    try:
        with raw:
            for line in _split(_chunks(raw)):
                number += 1
                yield None if line is None else line.rstrip(b"\r").decode("utf-8", errors="replace")
    except EOFError:
        raise InputError(path, f"the gzip data ends early{_after(number)}: the file was cut short "
                               "(copied while it was written?); copy it again") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise InputError(path, f"not valid gzip data{_after(number)} ({error}); "
                               "give the log as it was written, or unzipped") from None
    except OSError as error:
        raise InputError(path, f"cannot read{_after(number)}: {error.strerror or error}") from None


def _after(number: int) -> str:
    return f" after line {number:,}" if number else ""


def describe_skipped(bad: int, long: int) -> str:
    """'3 empty or unreadable lines and 1 line over 64 KiB skipped' (or '')."""
    parts = []
    if bad:
        parts.append(f"{bad:,} empty or unreadable line{'s' if bad != 1 else ''}")
    if long:
        parts.append(f"{long:,} line{'s' if long != 1 else ''} over {MAX_LINE // 1024} KiB")
    return f"{' and '.join(parts)} skipped" if parts else ""

