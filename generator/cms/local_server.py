"""The CMS's local server under `mkdocs serve`: Decap's file API, usable only by the preview's /admin/.

It speaks the API of Decap's `proxy` backend (what npm's `decap-server` serves), in this process,
so that saving goes through the same Python as `helpcenter check`. Any page on the machine can send
requests to a port on 127.0.0.1, and a site can rebind its own name to 127.0.0.1; so a request is
carried out only when all of these hold, and refused with a message otherwise:

- the Host header is this server's own address (a rebound name is refused);
- the Origin is the preview's (`mkdocs serve`'s address; `localhost` and `127.0.0.1` name the same
  preview), and the browser is told so in CORS headers only for that origin;
- it carries the secret made for this run, which only the served admin/index.html holds;
- it is one of the actions the form needs: read entries, save one entry, check one entry (no delete,
  no media, no other folder; see `entry_store`).
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .entry_store import EntryStore, RefusedError, sha256
from .translation_store import TRANSLATION_PATH, TranslationFile, TranslationStore

log = logging.getLogger("mkdocs.plugins.helpcenter.cms")

#: The header that carries the per-run secret (a custom header also forces a CORS preflight).
SECRET_HEADER = "X-Helpcenter-Key"  # noqa: S105 - the header's name, not a secret
API_PATH = "/api/v1"
#: A request larger than this is no entry (entries are at most 256 KB; JSON escaping can double it).
MAX_REQUEST_BYTES = 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def preview_origins(host: str, port: int) -> frozenset[str]:
    """The origins of the preview at host:port: itself, and its loopback twin (localhost / 127.0.0.1)."""
    names = LOOPBACK_NAMES if host in LOOPBACK_NAMES else (host,)
    return frozenset(f"http://{name}:{port}" for name in names)


class LocalServer:
    """The CMS's file API on 127.0.0.1, for the preview at `origins`; started once per `mkdocs serve`."""

    def __init__(self, content_dir: Path, origins: frozenset[str]) -> None:
        self.store = EntryStore(content_dir)
        #: The entries' translations; `Admin.publish` gives it the site's languages.
        self.translations = TranslationStore(self.store)
        self.origins = origins
        self.secret = secrets.token_urlsafe(32)
        self.httpd: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self.httpd is None:
            raise RuntimeError("the CMS's local server is not started")
        return int(self.httpd.server_address[1])

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}{API_PATH}"

    def start(self) -> None:
        server = self

        class Handler(_Handler):
            owner = server

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="helpcenter-cms", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop serving; never blocks the preview's Ctrl-C for long (shutdown() waits for a loop that
        may already have ended)."""
        httpd, self.httpd = self.httpd, None
        if httpd is None:
            return
        if self.thread is not None and self.thread.is_alive():
            stopper = threading.Thread(target=httpd.shutdown, name="helpcenter-cms-stop", daemon=True)
            stopper.start()
            stopper.join(5)
        httpd.server_close()

    def answer(self, action: Any, params: Any) -> Any:
        """The answer to one API request (plain data), or RefusedError."""
        store = self.store
        if not isinstance(params, dict):
            raise RefusedError("the request has no parameters")
        if action == "info":
            return {"repo": store.content_dir.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            if str(params.get("folder", "")).strip("/") != "faq":
                raise RefusedError("the editor lists only the FAQ entries (faq/)")
            # A translation collection's extension is its language's: "de.yml".
            if lang := str(params.get("extension", "yml")).removesuffix(".yml").removesuffix("yml"):
                return [_translation(t.path, t) for t in self.translations.entries(lang)]
            return [_entry(e.path, e) for e in store.entries()]
        if action == "entriesByFiles":
            return [self._read(str(f.get("path", "")) if isinstance(f, dict) else "") for f in params.get("files") or []]
        if action == "getEntry":
            return self._read(str(params.get("path", "")))
        if action == "check":
            return {"problems": store.check(str(params.get("path", "")), str(params.get("raw", "")))}
        if action == "persistEntry":
            return self._persist(params)
        if action in ("getMedia", "getDeployPreview"):
            return [] if action == "getMedia" else None
        if action in ("deleteFile", "deleteFiles"):
            raise RefusedError(
                "the editor does not delete entries: a deleted entry breaks links shoppers saved; "
                "retire it instead (Advanced, Retired)"
            )
        raise RefusedError(
            f"the editor does not do '{str(action)[:40]}' here (only reading, checking and saving FAQ entries and their translations)"
        )

    def _persist(self, params: dict[str, Any]) -> dict[str, str]:
        files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
        if params.get("assets"):
            raise RefusedError(
                "the editor saves no pictures or other files; put images in the site's own files (see content/README.md)"
            )
        if len(files) != 1 or not isinstance(files[0], dict) or files[0].get("newPath"):
            raise RefusedError("the editor saves one entry at a time, at its own address (entries are never moved)")
        read = params.get("hcRead")
        path = str(files[0].get("path", ""))
        if not isinstance(read, dict) or path not in read or not isinstance(read[path], (str, type(None))):
            raise RefusedError("not saved: the request does not say what the form read; reload /admin/ and make the change again")
        raw = files[0].get("raw")
        if not isinstance(raw, str):
            raise RefusedError("not saved: the request has no text for the entry")
        if TRANSLATION_PATH.fullmatch(path):
            message, written = self.translations.save(path, raw, read[path])
            log.info("Editor: %s", message)
            # Where the translation stands now, for the form's status line (Decap keeps the form as it was).
            now = self.translations.read(path)
            state = {"hcState": now.state, "hcMessage": now.message} if now is not None else {}
            return {"message": message, "hcWritten": written, **state}
        message = self.store.save(path, raw, read[path])
        log.info("Editor: %s", message)
        return {"message": message}

    def _read(self, path: str) -> dict[str, Any]:
        if TRANSLATION_PATH.fullmatch(path):
            return _translation(path, self.translations.read(path))
        return _entry(path, self.store.read(path))


def _entry(path: str, entry: Any) -> dict[str, Any]:
    """One entry as Decap's proxy API gives it; `problem` (ours) says why the form cannot open it."""
    if entry is None:
        return {"data": None, "file": {"path": path, "id": None}}
    out = {"data": entry.text, "file": {"path": entry.path, "id": sha256(entry.text)}}
    if entry.problem:
        out["problem"] = entry.problem
    return out


def _translation(path: str, found: TranslationFile | None) -> dict[str, Any]:
    """A translation as Decap's proxy API gives an entry, with (ours) the English it translates, where it
    stands (`hcState`, `hcMessage`), and `hcNew` when it is not on disk yet."""
    if found is None:
        return {"data": None, "file": {"path": path, "id": None}}
    out = {
        "data": found.text,
        "file": {"path": found.path, "id": sha256(found.text)},
        "hcEnglish": found.english,
        "hcState": found.state,
        "hcMessage": found.message,
        "hcNew": found.new,
    }
    if found.problem:
        out["problem"] = found.problem
    return out


class _Handler(BaseHTTPRequestHandler):
    owner: LocalServer
    server_version = "helpcenter-cms"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # the preview's terminal is the editor's: only refusals and saves are said there

    def _refuse(self, status: HTTPStatus, message: str, origin: str | None = None) -> None:
        log.warning("Editor's local server refused a request: %s", message)
        self._send(status, {"error": message}, origin)

    def _send(self, status: HTTPStatus, body: Any, origin: str | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", f"Content-Type, {SECRET_HEADER}")
            self.send_header("Access-Control-Max-Age", "600")
        self.end_headers()
        self.wfile.write(data)

    def _caller(self) -> str | None:
        """The preview's origin if the request comes from it to this server by its own name; else refuse."""
        host = self.headers.get("Host", "")
        if host != self.owner.host:
            self._refuse(
                HTTPStatus.MISDIRECTED_REQUEST, f"wrong Host '{host[:80]}': this server answers only as {self.owner.host}"
            )
            return None
        origin = self.headers.get("Origin", "")
        if origin not in self.owner.origins:
            self._refuse(
                HTTPStatus.FORBIDDEN,
                f"requests from '{origin[:80] or 'no origin'}' are refused: only the "
                f"preview's /admin/ ({', '.join(sorted(self.owner.origins))}) may use this server",
            )
            return None
        if urlsplit(self.path).path != API_PATH:
            self._refuse(HTTPStatus.NOT_FOUND, f"nothing at {self.path[:80]}; the API is at {API_PATH}", origin)
            return None
        return origin

    def do_OPTIONS(self) -> None:
        if (origin := self._caller()) is not None:
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", f"Content-Type, {SECRET_HEADER}")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Vary", "Origin")
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_GET(self) -> None:
        if (origin := self._caller()) is not None:
            self._refuse(HTTPStatus.METHOD_NOT_ALLOWED, "the API takes POST requests only", origin)

    do_PUT = do_DELETE = do_PATCH = do_GET  # noqa: N815

    def do_POST(self) -> None:
        if (origin := self._caller()) is None:
            return
        key = self.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(key.encode("utf-8", "replace"), self.owner.secret.encode()):
            self._refuse(
                HTTPStatus.FORBIDDEN,
                "missing or wrong key: reload /admin/ from the preview (the key changes every time `mkdocs serve` starts)",
                origin,
            )
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is empty or too large", origin)
            return
        try:
            request = json.loads(self.rfile.read(length).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            request = None
        if not isinstance(request, dict):
            self._refuse(HTTPStatus.BAD_REQUEST, "the request is not a JSON object", origin)
            return
        try:
            body = self.owner.answer(request.get("action"), request.get("params"))
        except RefusedError as refused:
            self._refuse(HTTPStatus.FORBIDDEN, str(refused), origin)
            return
        self._send(HTTPStatus.OK, body, origin)
