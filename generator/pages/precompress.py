"""Brotli and gzip copies of the built site's text files, for web servers that serve them as they are.

nginx's `gzip_static` and `brotli_static` (deploy/nginx/) and most CDNs pick `page.html.br` or
`page.html.gz` when the browser accepts it, so nothing is compressed per request. Brotli at
its best level takes about a minute for Pyodide's 9 MB WebAssembly, so every compressed copy
is kept in a cache keyed by the file's content: only changed files cost time.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

#: Files worth compressing (already-compressed formats such as images and zips are left alone,
#: except Pyodide's standard library zip, which is stored uncompressed).
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map", ".zip", ".whl"})
#: Below this, the compressed copy saves nothing worth a request header (nginx's default too).
MIN_BYTES = 1024


@dataclass
class Stats:
    """What precompression did: files seen, their bytes raw and compressed, and cache misses."""

    files: int = 0
    raw: int = 0
    brotli: int = 0
    gzip: int = 0
    compressed_now: int = 0


def _compress(data: bytes, kind: str) -> bytes:
    if kind == "br":
        return bytes(brotli.compress(data, quality=11))
    return gzip.compress(data, compresslevel=9, mtime=0)


def _cached(data: bytes, kind: str, cache: Path) -> tuple[bytes, bool]:
    """The compressed bytes, and whether they had to be made now."""
    key = cache / f"{hashlib.sha256(data).hexdigest()}.{kind}"
    try:
        return key.read_bytes(), False
    except FileNotFoundError:
        pass
    packed = _compress(data, kind)
    cache.mkdir(parents=True, exist_ok=True)
    temporary = key.with_name(f"{key.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(packed)
    temporary.replace(key)
    return packed, True


def _one(path: Path, cache: Path) -> Stats:
    data = path.read_bytes()
    stats = Stats(files=1, raw=len(data))
    for kind in ("br", "gz"):
        packed, made = _cached(data, kind, cache)
        stats.compressed_now += made
        if len(packed) < len(data):
            path.with_name(f"{path.name}.{kind}").write_bytes(packed)
        size = min(len(packed), len(data))
        if kind == "br":
            stats.brotli += size
        else:
            stats.gzip += size
    return stats


def precompress(site_dir: Path, cache: Path) -> Stats:
    """Write NAME.br and NAME.gz beside every compressible file of `site_dir` (when smaller)."""
    files = [p for p in site_dir.rglob("*") if p.suffix in SUFFIXES and p.is_file() and p.stat().st_size >= MIN_BYTES]
    total = Stats()
    # brotli and zlib release the GIL while compressing; the largest files go first.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for stats in pool.map(lambda p: _one(p, cache), sorted(files, key=lambda p: -p.stat().st_size)):
            for name in ("files", "raw", "brotli", "gzip", "compressed_now"):
                setattr(total, name, getattr(total, name) + getattr(stats, name))
    return total
