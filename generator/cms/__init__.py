"""The editors' web editor at /admin/: Decap CMS, configured from the entry schema and the categories.

- `form`: the Decap configuration, generated from the entry schema and the content, so the form
  refuses what `helpcenter check` refuses;
- `packages`: the files served as they are (Decap, yaml, our scripts in `admin/`); entries are read
  and written by `admin/entry-format.mjs`, which keeps the file's text and replaces only what the
  editor changed;
- `page`: admin/index.html;
- `local_server`: under `mkdocs serve`, Decap's file API on loopback for the preview's /admin/ only;
- `entry_store`: what that server may read and write (faq/<id>.yml only, never over what the form did not read);
- `translation_store`: the entries' translations (faq/<id>.<lang>.yml) with the English beside them and where
  each stands, saved as `helpcenter translate done` records them;
- `admin`: /admin/ of one site. On the built site it exists only when a Git backend is configured.
"""

from .admin import Admin
from .form import (
    GROUPS,
    KEY_ORDER,
    LABELS,
    MARKDOWN,
    MODELINE,
    PROBLEMS_FIELD,
    category_choices,
    cms_config,
    entry_fields,
    format_options,
)
from .local_server import LocalServer
from .packages import ADMIN, SCRIPTS_DIR, Packages
from .page import admin_page

__all__ = [
    "ADMIN",
    "GROUPS",
    "KEY_ORDER",
    "LABELS",
    "MARKDOWN",
    "MODELINE",
    "PROBLEMS_FIELD",
    "SCRIPTS_DIR",
    "Admin",
    "LocalServer",
    "Packages",
    "admin_page",
    "category_choices",
    "cms_config",
    "entry_fields",
    "format_options",
]
