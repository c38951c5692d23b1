"""admin/index.html, the page that starts Decap CMS with our entry format and preview."""

from __future__ import annotations

import html
import json

from .form import format_options


def admin_page(*, site_name: str, decap_url: str, yaml_url: str, preview_styles: list[str], favicon: str) -> str:
    """admin/index.html: Decap CMS, our entry format and preview, no inline script."""
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
<meta name="hc-preview-styles" content="{styles}">
<meta name="hc-yaml" content="{html.escape(yaml_url)}">
<meta name="hc-entry-format" content="{entry_format}">
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
