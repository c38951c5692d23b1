"""The signals under `mkdocs serve`: answered 204 and written to `.cache/signals.log` in the
production log's format (deploy/nginx/signals.conf), so an editor sees the whole loop on a laptop:
vote or search in the preview, then `helpcenter insights .cache/signals.log`.

MkDocs' live-reload server is a wsgiref server; the plugin's `on_serve` wraps its application
with `with_signals`, which answers /signals/ itself and passes every other request on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .signals import KINDS

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
#: The longest line written, as nginx's request line limit would cut it.
MAX_LINE = 8192
_lock = threading.Lock()


def log_line(when: datetime, uri: str) -> str:
    """One line as nginx's `helpcenter_signals` format writes it: `"`, `\\` and bytes outside printable ASCII as \\xHH."""
    escaped = "".join(
        f"\\x{byte:02X}" if byte < 0x20 or byte > 0x7E or byte in b'"\\' else chr(byte)
        for byte in uri.encode("utf-8", "surrogateescape")
    )
    return f'{when.isoformat(timespec="seconds")} "{escaped}"\n'


def with_signals(app: WSGIApp, log: Path, mount: str = "/") -> WSGIApp:
    """`app`, with POST {mount}signals/<kind> answered 204 and written to `log`."""
    prefix = f"{mount.rstrip('/')}/signals/"

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(prefix):
            return app(environ, start_response)
        kind = path[len(prefix) :]
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [("Allow", "POST"), ("Content-Length", "0")])
            return [b""]
        if kind not in KINDS or environ.get("HTTP_SEC_FETCH_SITE") in ("cross-site", "same-site"):
            start_response("403 Forbidden", [("Content-Length", "0")])
            return [b""]
        query = environ.get("QUERY_STRING", "")
        # wsgiref gives the path decoded; the kind is one of KINDS, so the address is rebuilt as sent.
        line = log_line(datetime.now().astimezone(), f"{prefix}{kind}" + (f"?{query}" if query else ""))
        if len(line) <= MAX_LINE:
            with _lock:
                log.parent.mkdir(parents=True, exist_ok=True)
                with log.open("a", encoding="ascii") as file:
                    file.write(line)
        start_response("204 No Content", [])
        return [b""]

    return serve
