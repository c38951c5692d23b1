"""The built site behind a real nginx (Debian's) with the repo's production configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_nginx import Servers, nginx_servers


@pytest.fixture(scope="session")
def production_servers(built_site: Path) -> Iterator[Servers]:
    """The built site served by nginx with deploy/nginx/helpcenter.conf: HTTP (redirects) and HTTPS."""
    with nginx_servers(built_site) as servers:
        yield servers


@pytest.fixture(scope="session")
def production_url(production_servers: Servers) -> str:
    """``https://127.0.0.1:PORT/``: the site, over HTTPS with a throw-away certificate."""
    return production_servers.https
