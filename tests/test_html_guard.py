"""The page guard's reader: what it must stop in a whole page, and the site's own markup it must let through."""

from __future__ import annotations

import pytest

from generator.pages.html_guard import foreign, unsafe_markup

OWN = "https://help.example.test"

UNSAFE = {
    "handler": '<a href="#x" onmouseover="alert(1)">x</a>',
    "handler upper case": "<IMG SRC=x ONERROR=alert(1)>",
    "handler after a slash": '<svg/onload="alert(1)"></svg>',
    "javascript entity and tab": '<a href="jav&#x09;ascript&colon;alert(1)">x</a>',
    "javascript leading control": '<a href="\x01 javascript:alert(1)">x</a>',
    "vbscript": '<a href="VBScript:msgbox(1)">x</a>',
    "data html": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "meta refresh elsewhere": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "meta refresh in body": '<body><meta http-equiv=Refresh content="0; URL=../faq/x/"></body>',
    "base": '<base href="https://evil.example/">',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "inline script": "<script>alert(1)</script>",
    "script from elsewhere": '<script src="https://cdn.example/x.js"></script>',
    "script protocol-relative": '<script src="//cdn.example/x.js"></script>',
    "image from elsewhere": '<img src="https://tracker.example/p.png" alt="">',
    "image protocol-relative": '<img src="//tracker.example/p.png" alt="">',
    "image backslashes": '<img src="\\\\tracker.example/p.png" alt="">',
    "srcset": '<img src="a.png" srcset="a.png 1x, https://tracker.example/b.png 2x" alt="">',
    "stylesheet": '<link rel="stylesheet" href="https://fonts.example/css">',
    "icon": '<link rel="icon" href="//cdn.example/favicon.ico">',
    "preload": '<link rel="preload" as="script" href="https://cdn.example/x.js">',
    "modulepreload": '<link rel="modulepreload" href="https://cdn.example/x.mjs">',
    "manifest": '<link rel="manifest" href="https://cdn.example/m.json">',
    "source": '<video><source src="https://cdn.example/v.mp4"></video>',
    "poster": '<video poster="https://cdn.example/p.jpg"></video>',
    "track": '<video><track src="https://cdn.example/t.vtt"></video>',
    "style url": '<p style="background:url(//tracker.example/p.png)">x</p>',
    "comment ended early": "<!--><img src=x onerror=alert(1)>-->",
    "svg use from elsewhere": '<svg><use href="https://evil.example/s.svg#x"></use></svg>',
}

SAFE = {
    "canonical": f'<link rel="canonical" href="{OWN}/faq/x/">',
    "own stylesheet": '<link rel="stylesheet" href="../assets/stylesheets/main.css">',
    "own absolute image": f'<img src="{OWN}/images/a.png" alt="">',
    "own script": '<script src="../assets/javascripts/bundle.js"></script>',
    "json data": '<script id="__config" type="application/json">{"a": 1}</script>',
    "json-ld": '<script type="application/ld+json">{"@type": "FAQPage"}</script>',
    "link elsewhere": '<a href="https://www.example.com/">shop</a>',
    "mail": '<a href="mailto:support@example.test?subject=Hi">mail</a>',
    "inline svg icon": '<span class="twemoji"><svg viewBox="0 0 24 24"><path d="M0 0h24"/></svg></span>',
    "redirect in head": '<html><head><meta http-equiv="refresh" content="0; url=../new-id/"></head></html>',
}


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_the_guard_stops_it(name: str) -> None:
    assert unsafe_markup(UNSAFE[name], own_origin=OWN), name


@pytest.mark.parametrize("name", sorted(SAFE))
def test_the_sites_own_markup_passes(name: str) -> None:
    assert unsafe_markup(SAFE[name], own_origin=OWN) == []


def test_a_refresh_is_allowed_only_to_the_pages_own_redirect() -> None:
    page = '<html><head><meta http-equiv="refresh" content="0; url=../new-id/"></head></html>'
    assert unsafe_markup(page, redirect="../new-id/") == []
    assert unsafe_markup(page, redirect="") != []
    assert unsafe_markup(page, redirect="../other/") != []


def test_foreign_reads_addresses_as_browsers_do() -> None:
    for address in ("//x.example/a", " \t//x.example/a", "https://x.example/a", "/\\x.example/a"):
        assert foreign(address, OWN), address
    for address in ("../a.png", "/a.png", f"{OWN}/a.png"):
        assert not foreign(address, OWN), address
