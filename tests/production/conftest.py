"""The built site behind a real nginx (Debian's) with the repo's production configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_nginx import nginx


@pytest.fixture(scope="session")
def production_url(built_site: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT/``: the built site served by nginx with deploy/nginx/helpcenter.conf."""
    with nginx(built_site) as url:
        yield url
