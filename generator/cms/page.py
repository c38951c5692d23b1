"""admin/index.html, the page that starts Decap CMS with our entry format and preview."""

from __future__ import annotations

import base64
import html
import json
import mimetypes
from pathlib import Path

import material

from .form import format_options

#: The picture of the login screen (admin/login.svg): the shop's logo and name.
LOGIN_LOGO = "login.svg"
_ICONS = Path(material.__file__).parent / "templates" / ".icons"


def login_logo(shop_name: str, logo: Path | None, icon: str) -> str:
    """An SVG of the shop's logo (a file, else the theme's icon) above "<name> Help Center".

    Decap shows its login picture as an <img>, which loads nothing else: the logo goes inside as data.
    """
    if logo is not None:
        kind = mimetypes.guess_type(logo.name)[0] or "image/png"
        picture = f"data:{kind};base64,{base64.b64encode(logo.read_bytes()).decode()}"
    else:
        file = _ICONS / f"{icon}.svg"
        svg = file.read_text(encoding="utf-8") if file.is_file() else "<svg xmlns='http://www.w3.org/2000/svg'/>"
        svg = svg.replace("<svg ", "<svg fill='#4a2c6b' ", 1)
        picture = f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"
    title = f"{shop_name} Help Center"
    name = html.escape(title)
    size = min(22, 460 // max(len(title), 1))  # a long name gets smaller letters, not cut at the edges (bold: ~0.6 em a letter)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="300" height="130" viewBox="0 0 300 130">
<title>{name}</title>
<image href="{picture}" x="118" y="0" width="64" height="64"/>
<text x="150" y="98" text-anchor="middle" font-family="system-ui, sans-serif" font-size="{size}" font-weight="600" fill="#222">{name}</text>
<text x="150" y="124" text-anchor="middle" font-family="system-ui, sans-serif" font-size="15" fill="#555">Editor</text>
</svg>
"""


def admin_page(
    *,
    site_name: str,
    decap_url: str,
    yaml_url: str,
    preview_styles: list[str],
    favicon: str,
    server_url: str = "",
    server_key: str = "",
) -> str:
    """admin/index.html: Decap CMS, our entry format and preview, no inline script.

    `server_url`, `server_key`: under `mkdocs serve`, the local server's API and its secret for this run;
    only this page has the secret.
    """
    styles = html.escape(" ".join(preview_styles))
    entry_format = html.escape(json.dumps(format_options()))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Edit · {html.escape(site_name)}</title>
<link rel="icon" href="{html.escape(favicon)}">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link rel="stylesheet" href="admin.css">
<meta name="hc-preview-styles" content="{styles}">
<meta name="hc-yaml" content="{html.escape(yaml_url)}">
<meta name="hc-entry-format" content="{entry_format}">
<meta name="hc-server" content="{html.escape(server_url)}">
<meta name="hc-server-key" content="{html.escape(server_key)}">
<script src="manual-init.js"></script>
<script src="{html.escape(decap_url)}"></script>
<script type="module" src="admin.mjs"></script>
</head>
<body>
</body>
</html>
<!-- mkdocs serve puts its live-reload script before a page's last closing body tag, which is the
     one at the end of this comment, so it never runs: the editor must not reload while someone
     types. </body> -->
"""
