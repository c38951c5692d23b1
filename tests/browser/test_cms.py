"""The editors' CMS at /admin/ under `mkdocs serve`, end to end in Chromium, on a copy of the real content.

An editor opens /admin/, creates an entry through the form and saves: the file appears in
content/faq/ written as by hand, `helpcenter check` passes and the preview serves its page. An edit
of an existing entry changes only the lines the editor changed. A form without a question, or with
a category that does not exist, is refused in the form and nothing is written. No request leaves
the machine.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, fixture_site, free_port, run, site_plugin_options, wait_until_serving
from playwright.sync_api import expect
from shopper import is_local

MODELINE = "# yaml-language-server: $schema=../../generator/schema/entry.schema.json"


@pytest.fixture(scope="module")
def cms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """`mkdocs serve` of a project holding a copy of the repo's content; yields (content folder, base URL)."""
    # The repo's content comes with its translations: the fixture has the repo's languages.
    project = fixture_site(
        tmp_path_factory.mktemp("cms"), {}, node_modules=str(ROOT / "node_modules"), languages=site_plugin_options()["languages"]
    )
    shutil.rmtree(project / "content")
    shutil.copytree(ROOT / "content", project / "content")
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(base + "admin/", server, timeout=60)
        yield project / "content", base
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
        print(output[-3000:])


@pytest.fixture
def editor(browser: Any, cms: tuple[Path, str]) -> Iterator[tuple[Any, list[str]]]:
    """A signed-in /admin/ page, and the list of requests that tried to leave the machine."""
    _, base = cms
    foreign: list[str] = []
    context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)

    def block(route: Any) -> None:
        foreign.append(route.request.url)
        route.abort()

    context.route(lambda url: not is_local(url, base) and "127.0.0.1" not in url, block)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page with unsaved changes?": yes
    page.goto("admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("FAQ entries").first.wait_for()
    yield page, foreign
    context.close()


def _type_markdown(page: Any, label: str, text: str) -> None:
    """Type into a Markdown field (Decap's editor is a contenteditable box after the field's label)."""
    field = page.locator(f"xpath=//label[normalize-space()='{label}']/following::*[@contenteditable='true'][1]")
    field.click()
    page.keyboard.insert_text(text)


def _choose(page: Any, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def _wait_for(page: Any, condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    """Wait for something outside the browser; the page's own waits let Playwright route its requests meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(100)


def _get(url: str) -> str:
    """The page at `url` under the preview, or "" while it is not there."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def test_a_new_entry_made_in_the_form_is_written_as_by_hand_checked_and_served(
    editor: tuple[Any, list[str]], cms: tuple[Path, str]
) -> None:
    """Question, category, keyword and answer typed in /admin/ become content/faq/<id>.yml, valid and served."""
    page, foreign = editor
    content, base = cms
    page.goto("admin/#/collections/faq/new")
    page.get_by_label("Question", exact=True).fill("Can you engrave a ring for me?")
    _choose(page, "Category", "Orders and emails")
    page.get_by_role("button", name="Add keywords (shoppers' own words)").click()
    page.locator("xpath=//label[normalize-space()='Keyword']/following::input[1]").first.fill("engraving")
    _type_markdown(page, "Answer", "Yes: up to 20 letters, free of charge.\n\n- Write them in the order note.")
    _publish(page)
    path = content / "faq" / "can-you-engrave-a-ring-for-me.yml"
    _wait_for(page, path.exists, f"{path} to be written")
    assert path.read_text(encoding="utf-8") == (
        f"{MODELINE}\n"
        "question: Can you engrave a ring for me?\n"
        "category: orders\n"
        "keywords: [engraving]\n"
        "answer: |\n"
        "  Yes: up to 20 letters, free of charge.\n"
        "\n"
        "  - Write them in the order note.\n"
    )
    check = run("helpcenter", "check", "--content", str(content))
    assert check.returncode == 0, check.stdout + check.stderr

    _wait_for(
        page,
        lambda: "up to 20 letters" in _get(base + "faq/can-you-engrave-a-ring-for-me/"),
        "the new entry's page in the preview",
        timeout=30,
    )
    assert foreign == []


def test_editing_an_entry_changes_only_what_the_editor_changed(editor: tuple[Any, list[str]], cms: tuple[Path, str]) -> None:
    """A new question and one step's title change exactly those two lines; comments, modeline and style stay.

    The preview rebuilds after the save, and the editor's page is not reloaded under the editor's hands."""
    page, foreign = editor
    content, base = cms
    path = content / "faq" / "cannot-pay.yml"
    before = path.read_text(encoding="utf-8")
    page.goto("admin/#/collections/faq/entries/cannot-pay")
    question = page.get_by_label("Question", exact=True)
    question.fill("I cannot pay for my order, what can I do?")
    title = page.locator("input[value='Update Java']")
    title.fill("Update Java, if you use it")
    page.evaluate("window.hcStillHere = true")
    _publish(page)
    _wait_for(page, lambda: path.read_text(encoding="utf-8") != before, f"{path} to be saved")
    after = path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-question: I cannot pay my order successfully, what can I do?",
        "+question: I cannot pay for my order, what can I do?",
        "-    title: Update Java",
        "+    title: Update Java, if you use it",
    ]
    _wait_for(page, lambda: "Update Java, if you use it" in _get(base + "faq/cannot-pay/"), "the preview to rebuild", timeout=30)
    page.wait_for_timeout(1000)  # a live reload would have started by now
    assert page.evaluate("window.hcStillHere") is True
    assert foreign == []


def test_a_form_without_a_question_is_refused(editor: tuple[Any, list[str]], cms: tuple[Path, str]) -> None:
    """Saving a new entry without a question is refused in the form, the field named, and nothing is written."""
    page, foreign = editor
    content, _ = cms
    files = sorted(p.name for p in (content / "faq").iterdir())
    page.goto("admin/#/collections/faq/new")
    _choose(page, "Category", "Payment")
    _type_markdown(page, "Answer", "With a card.")
    _publish(page)
    page.get_by_text("Question is required.").wait_for()
    page.wait_for_timeout(500)
    assert sorted(p.name for p in (content / "faq").iterdir()) == files
    assert foreign == []


def test_an_entry_with_an_unknown_category_shows_the_checkers_words_and_is_refused(
    editor: tuple[Any, list[str]], cms: tuple[Path, str]
) -> None:
    """A file naming a category categories.yml lacks (a typo made by hand) opens with `helpcenter check`'s own
    message at the top of the form, and cannot be saved until a listed category is chosen."""
    page, foreign = editor
    content, _ = cms
    typo = content / "faq" / "gift-box-packing.yml"
    text = typo.read_text(encoding="utf-8")
    typo.write_text(text.replace("category: orders", "category: oders"), encoding="utf-8")
    try:
        page.goto("admin/#/collections/faq/entries/gift-box-packing")
        page.get_by_text(
            "content/faq/gift-box-packing.yml:3: unknown category 'oders'; did you mean 'orders'? "
            "(categories are listed in content/categories.yml)"
        ).wait_for()
        page.get_by_label("Question", exact=True).fill("How will you pack my order?")
        _publish(page)
        page.get_by_text("Category: choose one of the listed categories").wait_for()
        page.wait_for_timeout(500)
        assert typo.read_text(encoding="utf-8") == text.replace("category: orders", "category: oders")
    finally:
        typo.write_text(text, encoding="utf-8")
    assert foreign == []


def test_the_preview_records_a_search_and_the_report_opens_its_entry_prefilled(
    editor: tuple[Any, list[str]], cms: tuple[Path, str]
) -> None:
    """The loop on a laptop: a search in the preview lands in .cache/signals.log, `helpcenter insights`
    reports it as unanswered, and its link opens a new entry in /admin/ with the question filled in."""
    from shopper import open_search, search

    page, foreign = editor
    content, base = cms
    log = content.parent / ".cache" / "signals.log"
    page.goto(base)
    open_search(page)
    search(page, "zebra hologram")
    page.keyboard.press("Escape")
    _wait_for(page, lambda: log.exists() and "zebra+hologram" in log.read_text(encoding="utf-8"), f"{log}")
    result = run(
        "helpcenter",
        "insights",
        str(log),
        "--json",
        "--config-file",
        str(content.parent / "mkdocs.yml"),
        "--admin",
        f"{base}admin/",
    )
    assert result.returncode == 0, result.stderr
    [gap] = json.loads(result.stdout)["searches"]["no_answer"]
    assert gap["query"] == "zebra hologram"
    page.goto(gap["new_entry"]["admin"])
    assert page.get_by_label("Question", exact=True).input_value() == "Zebra hologram?"
    assert foreign == []


def _labels(page: Any) -> list[str]:
    """The form's field labels from top to bottom, as shown (without "(optional)")."""
    labels: list[str] = page.locator("label").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.firstChild ? e.firstChild.textContent.trim() : '')"
    )
    return labels


def test_the_form_is_in_an_editors_order(editor: tuple[Any, list[str]]) -> None:
    """Question, Category, Answer first; optional fields grouped below; Advanced only on an existing entry;
    hints that match their widgets; no "saved" state on a new entry; a New button drawn in plain letters."""
    page, foreign = editor
    page.goto("admin/#/collections/faq")
    page.get_by_text("New FAQ entry", exact=True).wait_for()
    page.goto("admin/#/collections/faq/new")
    page.get_by_label("Question", exact=True).wait_for()
    labels = _labels(page)
    assert labels[:4] == ["What helpcenter check says", "Question", "Category", "Answer"]
    assert labels[4] == "More about this entry"
    assert labels.index("Keywords (shoppers' own words)") > labels.index("Answer")
    assert "Advanced" not in labels
    assert "Linked to the checkout self-check" not in labels
    assert page.get_by_text("Changes saved", exact=True).count() == 0
    hint = page.get_by_text("To link to another entry, write [text](faq:ENTRY-ID)")
    assert hint.locator("a").count() == 0
    page.get_by_text("one of the listed categories, as titled on the home page").wait_for()
    updated = page.get_by_label("Last updated (optional)", exact=True)
    assert updated.get_attribute("type") in (None, "text")
    page.get_by_text("written YYYY-MM-DD like 2026-11-27").wait_for()

    page.goto("admin/#/collections/faq/entries/track-my-package")
    page.reload()  # Decap keeps the new entry's form on a same-page jump from /new to an entry
    page.get_by_label("Question", exact=True).wait_for()
    expect(updated).to_have_value("2026-11-27")  # as the file writes it
    labels = _labels(page)
    assert labels[:4] == ["What helpcenter check says", "Question", "Category", "Answer"]
    assert "Advanced" in labels
    assert labels.index("Advanced") > labels.index("More about this entry")
    assert foreign == []


def test_the_login_screen_shows_the_shops_name(cms: tuple[Path, str]) -> None:
    """Decap's login picture is replaced by the shop's logo and name (from the shop block of mkdocs.yml)."""
    _, base = cms
    logo = _get(base + "admin/login.svg")
    assert "Fixture Shop Help Center" in logo
    assert "data:image/svg+xml;base64," in logo
    assert '"src": "login.svg"' in _get(base + "admin/config.yml")


def test_a_file_with_a_yaml_mistake_is_listed_with_its_problem_and_cannot_be_saved_over(
    editor: tuple[Any, list[str]], cms: tuple[Path, str]
) -> None:
    """An unclosed quote on line 2: the list shows the checker's message, the entry opens locked with it, and
    "Publish now" writes nothing."""
    page, foreign = editor
    content, _ = cms
    path = content / "faq" / "track-my-package.yml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("question: How do I track my package?", 'question: "How do I track my package?')
    path.write_text(broken, encoding="utf-8")
    message = (
        "content/faq/track-my-package.yml:2: YAML syntax error: a quote opened on this line is never closed; "
        "close it at the end of the value, or remove it"
    )
    try:
        page.goto("admin/#/collections/faq")
        page.reload()  # as an editor would after changing a file: the CMS lists the folder as it loads
        page.get_by_text(f"Cannot be opened in the form: {message}").first.wait_for()
        page.goto("admin/#/collections/faq/entries/track-my-package")
        page.get_by_text("This file cannot be opened in the form, and the form will not save over it.").wait_for()
        page.get_by_text(message, exact=True).wait_for()
        page.get_by_label("Question", exact=True).fill("How do I track my package?")
        _choose(page, "Category", "Shipping and tracking")
        _type_markdown(page, "Answer", "Replaced.")
        _publish(page)
        page.get_by_text("This file cannot be opened in the form, so it is not saved").first.wait_for()
        page.wait_for_timeout(1000)
        assert path.read_text(encoding="utf-8") == broken
    finally:
        path.write_text(text, encoding="utf-8")
    assert foreign == []


def test_a_change_on_disk_while_the_form_is_open_is_not_lost(editor: tuple[Any, list[str]], cms: tuple[Path, str]) -> None:
    """The file changes in a text editor after the form opened it: publishing refuses, says what changed on disk,
    and the disk's text stays; nothing of the form's change is written."""
    page, foreign = editor
    content, _ = cms
    path = content / "faq" / "wrong-address.yml"
    text = path.read_text(encoding="utf-8")
    page.goto("admin/#/collections/faq/entries/wrong-address")
    question = page.get_by_label("Question", exact=True)
    question.wait_for()
    on_disk = text.replace("answer: |\n", "answer: |\n  Written in a text editor meanwhile.\n\n", 1)
    assert on_disk != text
    path.write_text(on_disk, encoding="utf-8")
    try:
        question.fill("I entered the wrong address, what now?")
        _publish(page)
        page.get_by_text(
            "changed on disk since you opened it (answer changed there), and saving would lose that change"
        ).first.wait_for()
        page.wait_for_timeout(500)
        assert path.read_text(encoding="utf-8") == on_disk
    finally:
        path.write_text(text, encoding="utf-8")
    assert foreign == []


def test_a_translation_opens_beside_its_english_and_saves_with_the_english_it_matches(
    editor: tuple[Any, list[str]], cms: tuple[Path, str]
) -> None:
    """The English answer changes: the German translations list shows that translation as stale. Opened, it shows
    the English beside each translated text (side by side on a wide screen, above it on a phone, never marked
    "optional") and the checker's words on what changed; a new German question is saved from a phone as that
    one line, and the `source:` block records today's English (as `helpcenter translate done`): comments and
    layout stay, `helpcenter check` no longer lists it, and the form's status line says so without a reload."""
    from generator.content.translations import text_hash

    page, foreign = editor
    content, _ = cms
    english_file, german_file = content / "faq" / "track-my-package.yml", content / "faq" / "track-my-package.de.yml"
    english, german = english_file.read_text(encoding="utf-8"), german_file.read_text(encoding="utf-8")
    changed = english.replace("at least 24 hours", "at least 48 hours", 1)
    assert changed != english
    english_file.write_text(changed, encoding="utf-8")
    try:
        page.goto("admin/#/collections/translations-de")
        page.reload()  # the list is read as the CMS loads
        page.get_by_text("stale · Wie kann ich mein Paket verfolgen?").wait_for()
        page.get_by_text("not reviewed · Was, wenn ich vergessen habe, meinen Rabattcode einzugeben?").wait_for()
        page.goto("admin/#/collections/translations-de/entries/track-my-package")
        page.get_by_text("How do I track my package?", exact=True).wait_for()  # the English question, beside the German
        stale_words = "the English 'answer' (content/faq/track-my-package.yml:14) changed since it was translated"
        page.get_by_text(stale_words).wait_for()
        english_labels = [label.casefold() for label in page.locator('[aria-label="hc-english field"] label').all_inner_texts()]
        assert english_labels == ["english: question", "english: summary for search engines", "english: answer"]
        english_box = page.locator('[aria-label="hc-english field"] .hc-english').first.bounding_box()
        question = page.get_by_label("Question", exact=True)
        german_box = question.bounding_box()
        assert english_box["x"] + english_box["width"] <= german_box["x"], "the English stands left of its translation"
        assert english_box["y"] < german_box["y"] + german_box["height"], "side by side: on the same line"
        assert german_box["y"] < english_box["y"] + english_box["height"], "side by side: on the same line"
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: one above the other, all within the screen
        english_box, german_box = page.locator(".hc-english").first.bounding_box(), question.bounding_box()
        assert english_box["y"] + english_box["height"] <= german_box["y"]
        assert german_box["x"] + german_box["width"] <= 390
        question.fill("Wie verfolge ich mein Paket?")
        publish = page.get_by_role("button", name="Publish").first.bounding_box()
        assert publish["x"] + publish["width"] <= 390
        _publish(page)
        _wait_for(page, lambda: german_file.read_text(encoding="utf-8") != german, f"{german_file} to be saved")
        expect(page.locator(".hc-translation-state strong")).to_have_text("not reviewed")
        expect(page.get_by_text(stale_words)).to_have_count(0)
        after = german_file.read_text(encoding="utf-8")
        removed_added = [
            line
            for line in difflib.unified_diff(german.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        answer = yaml.safe_load(changed)["answer"]
        old_answer = next(line for line in german.splitlines() if line.startswith("  answer: "))
        assert removed_added == [
            f"-{old_answer}",
            f'+  answer: "{text_hash(answer)}"',
            '-question: "Wie kann ich mein Paket verfolgen?"',
            "+question: Wie verfolge ich mein Paket?",
        ]
        check = run("helpcenter", "check", "--content", str(content))
        assert check.returncode == 0, check.stdout + check.stderr
        assert "track-my-package.de.yml" not in check.stdout
    finally:
        english_file.write_text(english, encoding="utf-8")
        german_file.write_text(german, encoding="utf-8")
    assert foreign == []
