"""Live reload under `mkdocs serve` without an inline script, so previews keep the site's policy.

MkDocs' preview server puts an inline `<script>` into every page it serves; the preview's
Content-Security-Policy (`script-src 'self'`, as in production) would block it. Here the same
script is published as a file (MkDocs' own code, with its two numbers read from the tag's data
attributes), and the server's page hook is replaced to link it instead of inlining it.
"""

from __future__ import annotations

import html
import time
from typing import Any

SCRIPT_PATH = "assets/hc-live-reload.js"


def script() -> str:
    """MkDocs' live-reload script, reading its epoch and request id from its own tag."""
    from mkdocs.livereload import _SCRIPT_TEMPLATE

    tag = "document.currentScript.dataset"
    return _SCRIPT_TEMPLATE.substitute(epoch=f"Number({tag}.epoch)", request_id=f"Number({tag}.requestId)")


def link_instead_of_inline(server: Any, mount_path: str) -> bool:
    """Make ``server`` (MkDocs' LiveReloadServer) link the script file; False if its hook is not there."""
    if not callable(getattr(server, "_inject_js_into_html", None)):
        return False
    src = html.escape(f"{mount_path.rstrip('/')}/{SCRIPT_PATH}")

    def inject(content: bytes, epoch: int) -> bytes:
        tag = f'<script src="{src}" data-epoch="{int(epoch)}" data-request-id="{time.monotonic_ns()}"></script>'
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag.encode() + content[end:]

    server._inject_js_into_html = inject  # noqa: SLF001 - MkDocs has no public hook for this
    return True
