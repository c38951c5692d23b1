"""Queries in a language of the shop's markets that the site has no answers in (content/markets.yml).

Run in Node by the page's own engine on the indexes built from content/ (as `helpcenter search` builds them),
all of the site's languages at once: the search says which language it read and that the answers are in
English, and payment words lead to "I cannot pay" and the self-check. The file is checked like synonyms.yml.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT

from generator.cli import _languages
from generator.content.entries import ContentError, load_help_center
from generator.content.localize import ENGLISH, english, localize
from generator.search.index import index_data, run_engines


@cache
def indexes() -> dict[str, dict[str, Any]]:
    center = load_help_center(ROOT / "content", languages=_languages(str(ROOT / "mkdocs.yml")))
    localized = {ENGLISH: (center, english(center))} | {code: localize(center, code) for code in center.translations.languages}
    return {code: index_data(c, self_check=True, language=lang) for code, (c, lang) in localized.items()}


def ask(queries: list[str], page: str = "en") -> list[dict[str, Any]]:
    return run_engines(indexes(), queries, page=page, limit=3)


PAYING = {
    "es": ["no puedo pagar", "mi tarjeta fue rechazada", "el pago no funciona"],
    "it": ["non riesco a pagare", "pagamento rifiutato", "la carta di credito non funziona"],
    "nl": ["ik kan niet betalen", "betaling mislukt", "mijn kaart wordt geweigerd"],
    "pl": ["nie mogę zapłacić", "płatność odrzucona", "platnosc karta nie dziala"],
}


@pytest.mark.parametrize("page", ["en", "de"])
def test_payment_words_of_each_market_find_i_cannot_pay_and_the_self_check(page: str) -> None:
    """Spanish, Italian, Dutch and Polish payment words (accents typed or not), on the English and the German
    page: the market's language is named, the English "I cannot pay" answer comes first, the self-check is offered."""
    asked = [(code, q) for code, queries in PAYING.items() for q in queries]
    for (code, query), answer in zip(asked, ask([q for _, q in asked], page), strict=True):
        assert answer["market"] == {**answer["market"], "language": code, "payment": True}, query
        assert answer["language"] == "en", query
        assert answer["results"][0]["id"] == "cannot-pay", query
        assert answer["payment"], query
        assert answer["weak"], query


def test_other_words_of_a_market_say_the_answers_are_in_english_without_chance_matches() -> None:
    """A Polish or Spanish question about a parcel: the language's sentence, no payment answer, and no answer
    found only because a foreign word looks like a typo of an English one."""
    for query, code in [("gdzie jest moja paczka", "pl"), ("dónde está mi pedido", "es"), ("waar is mijn bestelling", "nl")]:
        [answer] = ask([query])
        assert answer["market"]["language"] == code
        assert answer["market"]["note"]
        assert answer["market"]["payment"] is False
        assert answer["results"] == []


def test_the_sites_own_languages_are_no_market() -> None:
    """English, German and French queries are answered as before, in their language, with no market note."""
    answers = ask(["my card was declined", "zahlung abgelehnt", "paiement refusé", "no confirmation email"], page="en")
    assert [(a["language"], a["market"], a["results"][0]["id"]) for a in answers] == [
        ("en", None, "cannot-pay"),
        ("de", None, "cannot-pay"),
        ("fr", None, "cannot-pay"),
        ("en", None, "no-confirmation-email"),
    ]


def test_markets_file_problems_name_the_file_and_line(tmp_path: Path) -> None:
    """An empty word, a word listed twice (accents do not count) and a language the site translates."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "markets.yml").write_text(
        "markets:\n"
        "  es:\n"
        "    name: Español\n"
        "    note: Nuestras respuestas están en inglés.\n"
        "    words: [pedido, '...']\n"
        "    payment:\n"
        "      - pagar\n"
        "      - pagár\n"
        "  de:\n"
        "    name: Deutsch\n"
        "    note: Unsere Antworten sind auf Englisch.\n"
        "    words: [bestellung]\n"
        "    payment: [bezahlen]\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        load_help_center(content, languages=("de", "fr"))
    found = [str(p) for p in raised.value.problems if "markets.yml" in p.path]
    assert found == [
        f"{content}/markets.yml:5: '...' has no letters or digits; write a word or remove it",
        f"{content}/markets.yml:8: 'pagár' is already listed for 'es' (line 7; accents do not count); keep one",
        (
            f"{content}/markets.yml:9: 'de' has its own translation of the help center, so its shoppers get answers in it; "
            "remove it from markets.yml"
        ),
    ]
