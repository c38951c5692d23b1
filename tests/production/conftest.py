"""The built site behind a real nginx (Debian's) with the repo's production configuration.

nginx runs as this user on a free loopback port, with its pid, logs and temp files in a
temporary folder; deploy/nginx/helpcenter.conf is used as it is, with only `listen` and
`root` pointed at the test's port and built site.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

MAIN_CONF = """
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/helpcenter.conf;
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def production_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``http://127.0.0.1:PORT/``: the built site served by nginx with deploy/nginx/helpcenter.conf."""
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    site_conf = (ROOT / "deploy" / "nginx" / "helpcenter.conf").read_text(encoding="utf-8")
    site_conf = re.sub(r"(?m)^(\s*)listen \[::\]:80;\n", "", site_conf)
    site_conf = re.sub(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};", site_conf)
    site_conf = re.sub(r"(?m)^(\s*)root [^;]+;", rf"\1root {built_site};", site_conf)
    (tmp / "helpcenter.conf").write_text(site_conf, encoding="utf-8")
    # As root, nginx's workers would become "nobody", who cannot read pytest's private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user), encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    server = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log"),
                               "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"nginx stopped: {(tmp / 'error.log').read_text(errors='replace')}")
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
