"""Translations: what `helpcenter check` says about missing, stale and broken ones, and `helpcenter translate`.

Each case of tests/corpus/translations/ sits beside one English entry; its exact messages are in expected.yml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, entry, run, write_content

from generator.content.entries import ContentError, load_help_center
from generator.content.translate import findings

CORPUS = ROOT / "tests" / "corpus" / "translations"
EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
ENGLISH = entry(
    answer="You get an email with the tracking number.\n",
    steps=[{"id": "open", "title": "Open the email", "text": "Click the link in it.\n"}],
)


def content(folder: Path) -> Path:
    return write_content(folder, {"track-parcel": ENGLISH})


def test_corpus_is_complete() -> None:
    """Every case has its expectation."""
    assert sorted(p.name for p in CORPUS.glob("*.yml") if p.name != "expected.yml") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_translation_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The case gives exactly its problems, or exactly its translations to do."""
    content(tmp_path)
    case = EXPECTED[name]
    shutil.copy(CORPUS / name, tmp_path / "faq" / case["as"])
    monkeypatch.chdir(tmp_path)
    if case["problems"]:
        with pytest.raises(ContentError) as raised:
            load_help_center(".", languages=("de", "fr"))
        assert [str(p) for p in raised.value.problems] == case["problems"]
        return
    center = load_help_center(".", languages=("de", "fr"))
    # The fixture has no translated categories: only the entry's lines are this case's.
    assert [line for line in findings(center.translations) if line.startswith("faq/")] == case["todo"]


def test_a_category_named_like_a_language_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A category `de` would have its page at /de/, the German home page's address: refused with its line."""
    write_content(
        tmp_path,
        {"track-parcel": ENGLISH},
        categories={"categories": [{"id": "shipping", "title": "Shipping"}, {"id": "de", "title": "Deliveries in Germany"}]},
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as raised:
        load_help_center(".", languages=("de", "fr"))
    assert [str(p) for p in raised.value.problems] == [
        (
            "categories.yml:4: 'de' is the code of one of the site's languages (its pages are at /de/), and this "
            "category's page would take that address; pick another category id"
        )
    ]
    assert load_help_center(".", languages=("fr",)).categories[1].id == "de"  # not a language of this site: fine


def test_a_changed_english_answer_makes_its_translation_stale_with_the_field(tmp_path: Path) -> None:
    """translate start, translate done: up to date; then the English answer changes: stale, naming 'answer' and its line."""
    folder = content(tmp_path / "content")
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - helpcenter:\n      languages: {de: {stale: note}}\n", "utf-8")
    started = run("helpcenter", "translate", "start", "de", "track-parcel", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    translation = folder / "faq" / "track-parcel.de.yml"
    text = translation.read_text("utf-8")
    assert "You get an email with the tracking number." in text  # the English text, to translate in place
    translation.write_text(
        text.replace("You get an email with the tracking number.", "Sie bekommen eine E-Mail.").replace(
            "Click the link in it.", "Klicken Sie auf den Link."
        ),
        "utf-8",
    )
    before = translation.read_text("utf-8")
    done = run("helpcenter", "translate", "done", "de", "track-parcel", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = translation.read_text("utf-8")
    # Only the source block was written: every line the translator wrote is still there, in order.
    assert [
        line for line in after.split("\n") if not line.startswith(("source:", "  question:", "  answer:", "  steps."))
    ] == before.split("\n")
    status = run("helpcenter", "translate", "status", cwd=tmp_path)
    assert "German (de)           1      0        1             1" in status.stdout, status.stdout
    english = folder / "faq" / "track-parcel.yml"
    english.write_text(english.read_text("utf-8").replace("tracking number.", "tracking number within a day."), "utf-8")
    check = run("helpcenter", "check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr  # a stale translation does not fail the check
    assert (
        "content/faq/track-parcel.de.yml:4: stale German (de) translation: the English 'answer' "
        "(content/faq/track-parcel.yml:3) changed since it was translated; update it, then run: "
        "helpcenter translate done de track-parcel"
    ) in check.stdout
    status = run("helpcenter", "translate", "status", cwd=tmp_path)
    assert "German (de)           0      1        1             1" in status.stdout, status.stdout


def test_translate_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    """An unknown language, an existing file, an untranslated step: a message, no traceback, no file written."""
    folder = content(tmp_path / "content")
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - helpcenter:\n      languages: {de: {}}\n", "utf-8")
    unknown = run("helpcenter", "translate", "start", "it", "track-parcel", cwd=tmp_path)
    assert unknown.returncode == 1
    assert "'it' is not a language of the site (languages: de)" in unknown.stderr
    (folder / "faq" / "track-parcel.de.yml").write_text(
        "question: Wie verfolge ich mein Paket?\nanswer: Mit der E-Mail.\n", "utf-8"
    )
    again = run("helpcenter", "translate", "start", "de", "track-parcel", cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    done = run("helpcenter", "translate", "done", "de", "track-parcel", cwd=tmp_path)
    assert done.returncode == 1
    assert "'steps.open.title', 'steps.open.text' of track-parcel.yml are not translated" in done.stderr
    assert "source" not in (folder / "faq" / "track-parcel.de.yml").read_text("utf-8")
    assert "Traceback" not in unknown.stderr + again.stderr + done.stderr


def test_the_shops_translations_are_complete() -> None:
    """German and French: every entry, the categories and the site's words translated and up to date."""
    center = load_help_center(ROOT / "content", languages=("de", "fr"))
    assert findings(center.translations) == []
    for lang in ("de", "fr"):
        assert len([t for t in center.translations.of_language(lang) if t.kind == "entry"]) == len(center.entries)


def test_the_self_check_translator_reads_sentences_names_and_report_lines(tmp_path: Path) -> None:
    """translate.js (the page's): whole texts, {names} filled and translated, sentence by sentence, English kept."""
    import json
    import subprocess

    pairs = [
        [
            "{browser} is {age} old; the newest is about version {newest}.",
            "{browser} ist {age} alt; die neueste ist etwa Version {newest}.",
        ],
        ["about {n} years", "etwa {n} Jahre"],
        ["Versions this old often fail at checkout.", "So alte Versionen scheitern oft an der Kasse."],
        ["What to do: {advice}", "Was zu tun ist: {advice}"],
        ["{number}. {step}: {status}", "{number}. {step}: {status}"],
        ["Check this", "Bitte prüfen"],
        ["Update Java", "Java aktualisieren"],
    ]
    texts = [
        "Chrome 120 is about 2 years old; the newest is about version 159. Versions this old often fail at checkout.",
        "     What to do: Versions this old often fail at checkout. Ask us.",
        "5. Update Java: Check this",
        "Nothing we know.",
        "",
    ]
    script = tmp_path / "run.mjs"
    module = ROOT / "theme" / "assets" / "hc" / "self-check" / "translate.js"
    script.write_text(
        f"import {{ translator }} from {json.dumps(module.as_uri())};\n"
        f"const t = translator({json.dumps(pairs)});\n"
        f"console.log(JSON.stringify({json.dumps(texts)}.map(t)));\n",
        "utf-8",
    )
    result = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(result.stdout) == [
        "Chrome 120 ist etwa 2 Jahre alt; die neueste ist etwa Version 159. So alte Versionen scheitern oft an der Kasse.",
        "     Was zu tun ist: So alte Versionen scheitern oft an der Kasse. Ask us.",
        "5. Java aktualisieren: Bitte prüfen",
        "Nothing we know.",
        "",
    ]
