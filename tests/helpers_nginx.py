"""Run the repo's production nginx configuration on loopback, for tests and benchmarks.

nginx runs as this user on a free port, with pid, logs and temp files in a temporary folder;
deploy/nginx/helpcenter.conf is used as it is, with only `listen`, `root` and the certificate changed:
the HTTP server redirects, the HTTPS server serves the site with a throw-away self-signed
certificate made by openssl at start (with one key per process, which Chromium is told to trust:
certificate_pin).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import functools
import hashlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from helpers import free_port

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


class Servers(NamedTuple):
    """The two servers of the recipe: ``http`` only redirects, ``https`` serves the site."""

    http: str
    https: str


@functools.cache
def _key() -> Path:
    """This process's throw-away private key (P-256), in a temporary folder removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="hc-tls-"))
    atexit.register(shutil.rmtree, folder, True)
    key = folder / "key.pem"
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(key)],
        check=True,
        capture_output=True,
    )
    return key


def certificate_pin() -> str:
    """The sha256 of the throw-away key's public key (base64), for Chromium's --ignore-certificate-errors-spki-list.

    Chromium takes a certificate with this key as valid, where --ignore-certificate-errors alone
    only lets the page load: with a certificate error it caches nothing, so a worker, a second
    visit or a prefetch would download everything again (bench/phone.py's worker rows, the
    answer's prefetch in bench/production.py).
    """
    public = subprocess.run(
        ["openssl", "pkey", "-in", str(_key()), "-pubout", "-outform", "DER"], check=True, capture_output=True
    ).stdout
    return base64.b64encode(hashlib.sha256(public).digest()).decode("ascii")


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1 (openssl, a day, never leaves ``folder``; the process's key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    shutil.copy(_key(), key)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-key",
            str(key),
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _site_conf(site: Path, tmp: Path, http_port: int, https_port: int, *, tls: bool) -> str:
    conf = (ROOT / "deploy" / "nginx" / "helpcenter.conf").read_text(encoding="utf-8")
    conf = re.sub(r"(?m)^\s*listen \[::\]:\d+[^;]*;\n", "", conf)  # loopback only
    conf = re.sub(r"(?m)^(\s*)root [^;]+;", rf"\1root {site.resolve()};", conf)
    conf = re.sub(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{http_port};", conf)
    if tls:
        cert, key = _certificate(tmp)
        conf = re.sub(r"(?m)^(\s*)listen 443 ssl", rf"\1listen 127.0.0.1:{https_port} ssl", conf)
        conf = re.sub(r"(?m)^(\s*)ssl_certificate [^;]+;", rf"\1ssl_certificate {cert};", conf)
        return re.sub(r"(?m)^(\s*)ssl_certificate_key [^;]+;", rf"\1ssl_certificate_key {key};", conf)
    # The HTTPS server's site without TLS, for browsers that cannot be told to accept the certificate.
    conf = re.sub(r"(?m)^(\s*)listen 443 ssl[^;]*;", rf"\1listen 127.0.0.1:{https_port};", conf)
    return re.sub(r"(?m)^\s*ssl_[a-z_]+ [^;]+;\n", "", conf)


def _wait_for(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    # nginx opens every listening socket before it serves: one accepting connections is enough.
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {log.read_text(errors='replace')}") from None
            time.sleep(0.05)
        else:
            return


@contextlib.contextmanager
def nginx_servers(site: Path, *, tls: bool = True, signals_log: Path | None = None) -> Iterator[Servers]:
    """Serve ``site`` with deploy/helpcenter.conf on loopback; yield both servers' ``scheme://127.0.0.1:PORT/``.

    With ``tls`` the HTTPS server has a throw-away self-signed certificate (Chromium takes it with
    ``--ignore-certificate-errors``, see helpers_browser); without, it serves the same site over HTTP.
    The signals' log (deploy/nginx/signals.conf) goes to ``signals_log`` (default: the temporary folder)."""
    tmp = Path(tempfile.mkdtemp(prefix="hc-nginx-"))
    http_port, https_port = free_port(), free_port()
    signals_conf = (ROOT / "deploy" / "nginx" / "signals.conf").read_text(encoding="utf-8")
    signals_conf = signals_conf.replace("/var/log/nginx/helpcenter-signals.log", str(signals_log or tmp / "signals.log"))
    (tmp / "signals.conf").write_text(signals_conf, encoding="utf-8")
    site_conf = _site_conf(site, tmp, http_port, https_port, tls=tls)
    site_conf = site_conf.replace("include snippets/helpcenter-signals.conf;", f"include {tmp}/signals.conf;")
    (tmp / "helpcenter.conf").write_text(site_conf, encoding="utf-8")
    # Included by name from nginx's configuration folder, here tmp/.
    shutil.copy(ROOT / "deploy" / "nginx" / "languages.conf", tmp / "helpcenter-languages.conf")
    # As root, nginx's workers would become "nobody", who cannot read private temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user), encoding="utf-8")
    command = [NGINX, "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    test = subprocess.run([*command, "-t"], check=False, capture_output=True, text=True)
    if test.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RuntimeError(f"nginx refuses the configuration:\n{test.stderr}")
    server = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    servers = Servers(f"http://127.0.0.1:{http_port}/", f"{'https' if tls else 'http'}://127.0.0.1:{https_port}/")
    try:
        _wait_for(https_port, server, tmp / "error.log")
        yield servers
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def nginx(site: Path, *, tls: bool = True, signals_log: Path | None = None) -> Iterator[str]:
    """Serve ``site`` as production does; yield the site's address, ``https://127.0.0.1:PORT/``."""
    with nginx_servers(site, tls=tls, signals_log=signals_log) as servers:
        yield servers.https
