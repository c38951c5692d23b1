"""How the search reads a shopper's words, on small made-up help centers (engine.js run by Node).

Each test builds an index as the plugin does (generator.search.index.index_data) and ranks with the same
engine file the page loads, so what passes here is what shoppers get.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import entry, write_content

from generator.content.entries import load_help_center
from generator.search.index import index_data, run_engine

CATEGORIES = {
    "categories": [
        {"id": "payment", "title": "Payment"},
        {"id": "shipping", "title": "Shipping and tracking"},
        {"id": "returns", "title": "Returns"},
    ]
}


def center(tmp_path: Path, entries: dict[str, Any], synonyms: str = "") -> dict[str, Any]:
    content = write_content(tmp_path / "content", entries, CATEGORIES)
    if synonyms:
        (content / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    return index_data(load_help_center(content), self_check=True)


def first(index: dict[str, Any], *queries: str) -> list[str | None]:
    """The id of the first answer for each query (None when nothing is found)."""
    return [a["results"][0]["id"] if a["results"] else None for a in run_engine(index, list(queries))]


SHOP = {
    "track-parcel": entry("How do I track my parcel?", "shipping", answer="We email the tracking number once it has shipped.\n"),
    "wrong-address": entry("What if I gave the wrong address?", "shipping", answer="Email us at once and we change it.\n"),
    "refund": entry("Can I get a refund?", "returns", answer="Yes, within 30 days of delivery.\n"),
    "card-declined": entry(
        "My card was declined at checkout, what can I do?",
        "payment",
        answer="Try another browser, then clear your cookies.\n",
        self_check=True,
        steps=[{"id": "browser", "title": "Use another browser", "text": "Chrome or Firefox."}],
    ),
    "pay": entry("How can I pay?", "payment", answer="By card or PayPal.\n"),
}


def test_stop_words_never_match_on_their_own(tmp_path: Path) -> None:
    """'how can i' finds nothing; 'how can i get a refund' finds the refund, not the question that starts alike."""
    index = center(tmp_path, SHOP)
    [alone, question] = run_engine(index, ["how can i", "how can i get a refund"])
    assert alone["results"] == []
    assert alone["words"] == []
    assert question["results"][0]["id"] == "refund"
    assert [w["typed"] for w in question["words"]] == ["refund"]


def test_word_forms_match_both_ways(tmp_path: Path) -> None:
    """'ships' finds 'shipped', 'tracking' finds 'track', 'refunds' finds 'refund', 'addresses' finds 'address'."""
    index = center(tmp_path, SHOP)
    assert first(index, "ships", "tracking", "refunds", "addresses") == [
        "track-parcel",
        "track-parcel",
        "refund",
        "wrong-address",
    ]


def test_one_typo_is_forgiven_from_five_letters_and_never_beats_the_word_itself(tmp_path: Path) -> None:
    """'parcle' and 'refnud' find their answers; 'rfund' (one edit, five letters) too; a typo of a
    short word ('adres' is fine, 'crd' is not); a word the site knows is never read as another one."""
    entries = {
        **SHOP,
        "cable": entry("Do you sell a charging cable?", "shipping", answer="No.\n"),
        "table": entry("Do you sell a display table?", "shipping", answer="No.\n"),
    }
    index = center(tmp_path, entries)
    assert first(index, "parcle", "refnud", "rfund") == ["track-parcel", "refund", "refund"]
    [short] = run_engine(index, ["crd"])
    assert short["results"] == []
    [table] = run_engine(index, ["table"])
    assert [r["id"] for r in table["results"]] == ["table"], "a known word must not also match its one-edit neighbour"


def test_the_entry_that_answers_the_whole_question_wins(tmp_path: Path) -> None:
    """'my card was declined' finds the declined card first, then the question that shares only 'card'
    in its title, although that one says 'card' twice."""
    entries = {**SHOP, "cards": entry("Which card brands do you accept?", "payment", answer="Every card: Visa, Mastercard.\n")}
    index = center(tmp_path, entries)
    [answer] = run_engine(index, ["why was my card declined"])
    assert [r["id"] for r in answer["results"]][:2] == ["card-declined", "cards"]
    assert [r["coverage"] for r in answer["results"]][:2] == [1, 0.5]


def test_synonyms_and_british_spelling(tmp_path: Path) -> None:
    """The synonyms file's phrases ('zip code' = address) and British spellings find the shop's words."""
    synonyms = "synonyms:\n  - [address, zip code, postcode]\n  - [parcel, package]\n"
    entries = {**SHOP, "colour": entry("Why does the colour look different?", "returns", answer="Handmade.\n")}
    index = center(tmp_path, entries, synonyms)
    assert first(index, "i typed the wrong zip code", "wrong postcode", "where is my package", "color") == [
        "wrong-address",
        "wrong-address",
        "track-parcel",
        "colour",
    ]
    [code] = run_engine(index, ["code"])
    assert code["results"] == [], "'code' alone is not 'zip code'"


def test_phrasings_are_searched_but_never_shown(tmp_path: Path) -> None:
    """An entry is found by one of its phrasings; the results show its question and answer, never the phrasing."""
    entries = {
        **SHOP,
        "refund": entry("Can I get a refund?", "returns", answer="Yes, within 30 days.\n", phrasings=["I want my money back"]),
    }
    index = center(tmp_path, entries)
    [answer] = run_engine(index, ["want money back"])
    top = answer["results"][0]
    assert top["id"] == "refund"
    shown = "".join(p["text"] for p in top["question_parts"] + top["snippet"])
    assert "money" not in shown
    assert shown == "Can I get a refund?Yes, within 30 days."


def test_snippet_marks_the_matched_words(tmp_path: Path) -> None:
    """The snippet is the part of the answer with the shopper's words, marked, cut with an ellipsis."""
    long_answer = " ".join(
        ["Our parcels leave the workshop every weekday."] * 3
        + ["Lost parcels are replaced for free."]
        + ["Thank you for your patience."] * 4
    )
    index = center(tmp_path, {**SHOP, "lost": entry("What if my order never comes?", "shipping", answer=long_answer)})
    [answer] = run_engine(index, ["replaced for free"])
    top = answer["results"][0]
    assert top["id"] == "lost"
    marked = [p["text"] for p in top["snippet"] if p["mark"]]
    assert marked == ["replaced", "free"]
    assert top["snippet"][0]["text"] == "…"
    assert len("".join(p["text"] for p in top["snippet"])) < len(long_answer)


def test_weak_results_and_payment_words(tmp_path: Path) -> None:
    """No or partial matches are flagged weak (the page then offers the contact path); payment words
    flag the self-check; a strong match is neither."""
    index = center(tmp_path, SHOP)
    nothing, partial, payment, strong = run_engine(
        index, ["xylophone", "refund for a xylophone lesson course", "checkout keeps spinning forever aaargh", "refund"]
    )
    assert nothing["weak"]
    assert nothing["results"] == []
    assert not nothing["payment"]
    assert partial["weak"]
    assert partial["results"][0]["id"] == "refund"
    assert not partial["payment"]
    assert payment["weak"]
    assert payment["payment"]
    assert not strong["weak"]
    assert not strong["payment"]
