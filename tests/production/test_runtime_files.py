"""The self-check's own runtime files behind the production nginx: type, brotli, a year of caching."""

from __future__ import annotations

from pathlib import Path

import pytest
from production.test_nginx import YEAR, fetch, max_age


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("self-check-stdlib.zip", "application/zip"),
        ("self-check-lock.json", "application/json"),
        ("self-check-runtime.json", "application/json"),
    ],
)
def test_new_runtime_files_are_compressed_and_cached_for_a_year(
    production_url: str, built_site: Path, name: str, content_type: str
) -> None:
    """The trimmed stdlib and the lock file live in the versioned runtime folder: brotli, gzip, one year."""
    on_disk = next(built_site.glob(f"pyodide/*/{name}"))
    path = "/" + on_disk.relative_to(built_site).as_posix()
    br = fetch(production_url, path, "br, gzip")
    assert br.status == 200
    assert (br.getheader("Content-Type") or "").startswith(content_type), br.getheader("Content-Type")
    assert max_age(br) >= YEAR
    if on_disk.with_name(name + ".br").is_file():  # files under 1 kB are not worth compressing
        assert br.getheader("Content-Encoding") == "br"
        assert br.body == on_disk.with_name(name + ".br").read_bytes()
        assert fetch(production_url, path, "gzip").getheader("Content-Encoding") == "gzip"
    assert fetch(production_url, path).body == on_disk.read_bytes()


def test_the_trimmed_stdlib_shrinks_on_the_wire(built_site: Path) -> None:
    """Stored uncompressed inside, it leaves the compression to brotli: a fraction of the full stdlib's brotli copy."""
    folder = next(built_site.glob("pyodide/*/self-check-stdlib.zip")).parent
    trimmed = (folder / "self-check-stdlib.zip.br").stat().st_size
    full = (folder / "python_stdlib.zip.br").stat().st_size
    assert trimmed < full / 3, (trimmed, full)
