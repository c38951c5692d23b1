"""A stale translation, as each language's policy in mkdocs.yml says: published with a note, or held back."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import build, entry, fixture_site

ENTRIES = {"track-parcel": entry(), "wrong-address": entry("What if I put in the wrong address?", "shipping")}
# Translated from an English text that has changed since (the recorded hash is another's).
STALE = 'source:\n  question: "0000000000"\n  answer: "0000000000"\nquestion: {question}\nanswer: {answer}\n'


def test_stale_translation_is_noted_in_one_language_and_held_in_another(tmp_path: Path) -> None:
    project = fixture_site(tmp_path, ENTRIES, languages={"de": {"stale": "note"}, "fr": {"stale": "hold"}})
    faq = project / "content" / "faq"
    (faq / "track-parcel.de.yml").write_text(
        STALE.format(question="Wie verfolge ich mein Paket?", answer="Mit der E-Mail."), "utf-8"
    )
    (faq / "track-parcel.fr.yml").write_text(
        STALE.format(question="Comment suivre mon colis ?", answer="Avec l'e-mail."), "utf-8"
    )
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    german = (site / "de" / "faq" / "track-parcel" / "index.html").read_text("utf-8")
    assert "Wie verfolge ich mein Paket?" in german
    assert "The English answer has changed since this translation was made" in german  # the fixture has no site.de.yml
    assert 'href="../../../faq/track-parcel/"' in german
    # Search engines learn the German page from every language's page, never a French one (held back).
    for page in (german, (site / "faq" / "track-parcel" / "index.html").read_text("utf-8")):
        assert re.findall(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)">', page) == [
            ("en", "https://help.example.test/faq/track-parcel/"),
            ("x-default", "https://help.example.test/faq/track-parcel/"),
            ("de", "https://help.example.test/de/faq/track-parcel/"),
        ]
    # A page in one language only names no alternates.
    assert "hreflang" not in (site / "faq" / "wrong-address" / "index.html").read_text("utf-8").split("</head>")[0]
    # Held back in French: no French page; the French lists lead to the English answer, and say so.
    assert not (site / "fr" / "faq" / "track-parcel").exists()
    french_home = (site / "fr" / "index.html").read_text("utf-8")
    assert 'href="../faq/track-parcel/"' in french_home
    assert "How do I track my parcel?</a> (in English)" in french_home
    # Never translated: English in both, linked from each language's lists.
    assert not (site / "de" / "faq" / "wrong-address").exists()
    assert 'href="../faq/wrong-address/"' in (site / "de" / "index.html").read_text("utf-8")
