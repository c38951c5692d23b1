"""Options of the `helpcenter` MkDocs plugin, as set under `plugins:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ShopConfig(base.Config):
    """The shop the help center belongs to: every page, text and file names it from here, never from code."""

    name = c.Type(str)
    """The shop's name as shoppers know it (the help center is "<name> Help Center")."""

    url = c.URL()
    """The shop's own site: the "Back to the shop" link; its host is the domain the self-check's advice names."""

    support_email = c.Type(str)
    """Where "Still need help?" and the self-check report send shoppers."""

    logo = c.Type(str, default="")
    """The shop's logo, a file of the theme (e.g. assets/logo.svg) shown in the header; empty: the theme's icon."""


class LanguageConfig(base.Config):
    """One language of the site besides English (see content/README.md, "Translations")."""

    stale = c.Choice(("note", "hold"), default="note")
    """A translation that fell behind its English source: `note` publishes it with a note linking to the
    current English answer; `hold` leaves it out of this language's site (its lists link to the English answer)."""


class HelpCenterConfig(base.Config):
    languages = c.DictOfItems(c.SubConfig(LanguageConfig), default={})
    """The site's other languages by code (`de: {stale: note}`): their pages are at /<code>/, from content/*.<code>.yml."""

    shop = c.SubConfig(ShopConfig)
    """The shop: name, address, support address, logo (one block; see README)."""

    content_dir = c.Type(str, default="content")
    """Folder with categories.yml, browsers.yml and faq/<id>.yml, relative to mkdocs.yml."""

    self_check = c.Type(bool, default=True)
    """Generate the checkout self-check page (needs Pyodide from npm and the wheels cache)."""

    paypal_sdk_url = c.Type(str, default="")
    """The real PayPal SDK address the self-check probes on the live site; empty: not probed."""

    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """The npm `pyodide` package whose runtime the site serves itself."""

    wheels_dir = c.Type(str, default=".cache/wheels")
    """Pure-Python wheels (ua-parser, ua-parser-builtins) downloaded at set-up time."""

    load_timeout = c.Type((int, float), default=60)
    """Seconds the self-check waits for Python to start before it gives up and says so.

    Blocked WebAssembly is noticed at once, a stopped download after `stall_timeout`, a worker that
    never says a word after `run_timeout`; this ends a start-up that goes on too long.
    Generous, since an old phone may need 20-40 s (WebKitGTK on this machine: about 17 s)."""

    stall_timeout = c.Type((int, float), default=15)
    """Seconds the self-check waits for the next byte of a download of its runtime before it says the
    download stopped (a dead connection), rather than waiting for the whole `load_timeout`."""

    published_ref = c.Type(str, default="")
    """The branch the live site is built from; entries ever published there must keep their address.

    Empty: $HELPCENTER_PUBLISHED_REF, else origin/main."""

    run_timeout = c.Type((int, float), default=20)
    """Seconds one run of the self-check may take once Python has started (it takes well under one);
    a worker the browser killed never answers, and the page then says so instead of waiting forever."""

    precompress = c.Type(bool, default=True)
    """`mkdocs build` writes .br and .gz copies of text files for servers that send them as they are."""

    cms_backend = c.Type(dict, default={})
    """The Decap CMS backend /admin/ writes through on the built site, e.g. `{name: github, repo: shop/help-center,
    branch: main}` (see README). Empty: `mkdocs build` leaves /admin/ out; `mkdocs serve` always has it, writing
    straight into the content folder."""

    cms_content_path = c.Type(str, default="content/")
    """Where the content folder is in the backend's repository (for `cms_backend`)."""

    headers = c.Type(str, default="deploy/headers.yml")
    """The site's HTTP headers and cache lifetimes (written as site/_headers; the preview's policy).
    A site without this file gets the help center's own."""

    node_modules = c.Type(str, default="node_modules")
    """The npm packages of package-lock.json: Decap CMS and yaml for /admin/."""
