"""Run the repo's production nginx configuration on loopback, for tests and benchmarks.

nginx runs as this user on a free port, with pid, logs and temp files in a temporary folder;
deploy/nginx/helpcenter.conf is used as it is, with only `listen` and `root` changed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from helpers import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]
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


@contextlib.contextmanager
def nginx(site: Path) -> Iterator[str]:
    """Serve `site` with deploy/nginx/helpcenter.conf; yield ``http://127.0.0.1:PORT/``."""
    tmp = Path(tempfile.mkdtemp(prefix="hc-nginx-"))
    port = free_port()
    site_conf = (ROOT / "deploy" / "nginx" / "helpcenter.conf").read_text(encoding="utf-8")
    site_conf = re.sub(r"(?m)^\s*listen \[::\]:80;\n", "", site_conf)
    site_conf = re.sub(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};", site_conf)
    site_conf = re.sub(r"(?m)^(\s*)root [^;]+;", rf"\1root {site.resolve()};", site_conf)
    (tmp / "helpcenter.conf").write_text(site_conf, encoding="utf-8")
    # Included by name from nginx's configuration folder, here tmp/.
    shutil.copy(ROOT / "deploy" / "nginx" / "languages.conf", tmp / "helpcenter-languages.conf")
    # As root, nginx's workers would become "nobody", who cannot read private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user), encoding="utf-8")
    command = [NGINX, "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    test = subprocess.run([*command, "-t"], check=False, capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(f"nginx refuses the configuration:\n{test.stderr}")
    server = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        try:
            wait_until_serving(url, server, timeout=10)
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {(tmp / 'error.log').read_text(errors='replace')}") from None
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
