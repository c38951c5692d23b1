"""The build guard reads every page whole, and each hole it would catch is closed at its source.

tests/corpus/guard.yml holds the cases. Three layers, each tested on its own: the checker refuses
(or the site renders harmlessly) every case with the source-level fixes on; with them switched off,
the guard alone stops the build naming the page and the content file; under `mkdocs serve` a
guarded page is replaced by a plain one that says what is wrong, and the preview goes on.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import CATEGORIES, ROOT, entry, fixture_site, write_content
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from pymdownx import emoji

from generator.content import entries, markdown_check, validate
from generator.content.budget import OverBudget, time_budget
from generator.content.entries import HelpCenter, check_content
from generator.pages import markdown_safety, renderer, sanitize
from generator.pages.html_guard import unsafe_markup
from generator.pages.page_guard import GuardStoppedError, PageGuard, PageGuardPool
from generator.plugin import HelpCenterPlugin

CORPUS = yaml.safe_load((ROOT / "tests" / "corpus" / "guard.yml").read_text("utf-8"))
REFUSED: dict[str, dict[str, Any]] = CORPUS["refused"]
HARMLESS: dict[str, dict[str, Any]] = CORPUS["harmless"]
# The site's own Markdown extensions (mkdocs.yml), emoji included.
EXTENSIONS = """markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:generator.pages.markdown_safety.icon_or_character
"""


def _value(case: dict[str, Any]) -> str:
    if "repeat" in case:
        ((piece, times),) = case["repeat"].items()
        return str(piece) * int(times) + " and some words" * 50 + "\n"
    if "nested_list" in case:
        return "".join("  " * level + "- deeper\n" for level in range(int(case["nested_list"])))
    return str(case["value"])


def _entry_for(case: dict[str, Any], question: str = "Why does my card fail?") -> dict[str, Any]:
    """An entry carrying the case's value in its field (a step's lead or text, the answer, the question)."""
    value, field = _value(case), case["field"]
    if field in ("lead", "text"):
        step = {"id": "one", "title": "Step one", "lead": "Do this first.\n", "text": "Then this.\n", field: value}
        return entry(question, "payment", answer="Try the steps.\n", steps=[step])
    if field == "question":
        return entry(value, "payment")
    if field == "icon":
        return entry(question, "payment")
    return entry(question, "payment", answer=value)


def _categories(case: dict[str, Any]) -> dict[str, Any]:
    if case["field"] != "icon":
        return CATEGORIES
    return {"categories": [{**CATEGORIES["categories"][0], "icon": case["value"]}, CATEGORIES["categories"][1]]}


def _expected(name: str) -> list[tuple[int, str]]:
    return [(line, message) for line, message in REFUSED[name]["problems"]]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_checker_refuses_each_case_with_its_line(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each case gets exactly its messages, at the line of the mistake."""
    case = REFUSED[name]
    write_content(tmp_path, {"card-fails": _entry_for(case)}, categories=_categories(case))
    monkeypatch.chdir(tmp_path)
    problems = check_content(".")  # how long the worst cases take: bench/guard.py
    file = "categories.yml" if case["field"] == "icon" else "faq/card-fails.yml"
    assert [(p.line, p.message) for p in problems if p.path == file] == _expected(name), [str(p) for p in problems]


def test_every_class_has_more_than_one_case() -> None:
    classes = [case["class"] for case in (*REFUSED.values(), *HARMLESS.values())]
    assert {c: classes.count(c) for c in set(classes)} == {c: classes.count(c) for c in set(classes) if classes.count(c) > 1}
    assert set(classes) == {"heading-id", "icon", "remote-image", "blow-up", "emoji"}


def _site(folder: Path, entries_: dict[str, Any], categories: dict[str, Any] = CATEGORIES) -> Path:
    project = fixture_site(folder, entries_)
    write_content(project / "content", {}, categories=categories)
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config[: config.index("markdown_extensions:")] + EXTENSIONS
    (project / "mkdocs.yml").write_text(config, "utf-8")
    (project / "static" / "images").mkdir(parents=True, exist_ok=True)
    (project / "static" / "images" / "ring-box.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>\n', "utf-8"
    )
    return project


def _build(project: Path, *, serve: pytest.MonkeyPatch | None = None) -> None:
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["helpcenter"]
    assert isinstance(plugin, HelpCenterPlugin)
    if serve is not None:  # as `mkdocs serve` starts it, without the editors' CMS server
        # MkDocs keeps plugin instances between loads of a config: set back after the test.
        serve.setattr(plugin, "command", "serve")
        serve.setattr(plugin, "admin_checked", True)
    else:  # as `mkdocs build` starts it: a staging folder, and the guard in its own process
        plugin.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        plugin.command = ""


@pytest.fixture(scope="module")
def harmless_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site with every harmless case, built once with the site's own rendering."""
    project = _site(
        tmp_path_factory.mktemp("harmless"), {f"harmless-{n}": _entry_for(c, f"What about {n}?") for n, c in HARMLESS.items()}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert check_content("content") == []
        _build(project)
    return project / "site"


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_harmless_cases_render_from_the_site_itself(name: str, harmless_site: Path) -> None:
    case = HARMLESS[name]
    page = (harmless_site / case["page"]).read_text("utf-8")
    for words in case["shows"]:
        assert words in page
    for words in case["never"]:
        assert words not in page
    assert unsafe_markup(page, own_origin="https://help.example.test") == []


def _sources_off(patch: pytest.MonkeyPatch) -> None:
    """The checker's refusals off: the content reaches the pages as written."""
    patch.setattr(validate, "UNSAFE_HTML", [])
    patch.setattr(validate, "rendered_problems", lambda *_, **__: [])
    patch.setattr(entries, "check_categories_file", lambda _source: [])
    # Checked here, as patched: not in the build's second process, which has the checker as it is.
    patch.setattr(validate, "defer", lambda *_, **__: False)


#: Per class: a case, the source-level fix switched off, and the page the guard must name.
PROOFS: dict[str, tuple[str, str, str]] = {
    "heading-id handler": ("toc-id-handler-in-step-text", "heading-id", "event handler onmouseover="),
    "heading-id refresh": (
        "toc-id-meta-refresh-behind-escaped-backtick",
        "heading-id",
        "meta refresh to 'https://evil.example/'",
    ),
    "icon": ("icon-markup", "icon", "event handler onerror="),
    "emoji": ("emoji-in-question", "emoji", "loads 'https://cdn.jsdelivr.net/"),
    "remote-image": ("remote-image-markdown", "remote-image", "loads 'https://tracker.example/p.png' from another host"),
}


def _switch_off(fix: str, patch: pytest.MonkeyPatch) -> None:
    _sources_off(patch)
    if fix == "heading-id":
        patch.setattr(markdown_safety, "SAFE_ID", re.compile(r"(?s).*"))
    elif fix == "icon":
        patch.setattr(renderer, "icon_shortcode", lambda name: f":{name}:")
    elif fix == "emoji":
        patch.setattr(markdown_safety, "icon_or_character", emoji.to_svg)
    elif fix == "remote-image":
        patch.setattr(sanitize, "own_files_only", lambda _tag, _attribute, value: value)


@pytest.mark.parametrize("proof", sorted(PROOFS))
def test_with_a_fix_switched_off_the_guard_stops_the_build(
    proof: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Each class gets past every source-level fix switched off; the guard names page, content file and problem."""
    name, fix, words = PROOFS[proof]
    case = {**REFUSED, **HARMLESS}[name]
    project = _site(tmp_path, {"card-fails": _entry_for(case)}, _categories(case))
    monkeypatch.chdir(project)
    _switch_off(fix, monkeypatch)
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        _build(project)
    # MkDocs logs a page's error ("Error building page ...: <message>") and stops with Abort.
    message = next(r.getMessage() for r in caplog.records if "the page would carry" in r.getMessage())
    message = re.sub(r"^Error building page '[^']*': ", "", message)
    source = "content/categories.yml" if fix == "icon" else "content/faq/card-fails.yml"
    page = (
        r"(index|faq/card-fails|payment/index)\.md"
        if fix == "emoji"
        else "index.md"
        if fix == "icon"
        else r"(faq/card-fails|payment/index)\.md"
    )
    assert re.match(
        rf"{page}: the page would carry markup that runs code or loads from another host \(from {source}\)", message
    ), message
    assert words in message
    # Nothing unsafe was written (`mkdocs build` also keeps the last good site/; tests/test_site_build.py).
    for written in (project / "site").rglob("*.html"):
        assert unsafe_markup(written.read_text("utf-8"), own_origin="https://help.example.test") == [], written


def test_under_serve_a_guarded_page_is_replaced_and_the_preview_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The preview shows a plain page naming the problem (no script of the entry), the others as usual."""
    case = REFUSED["toc-id-handler-in-step-text"]
    project = _site(tmp_path, {"card-fails": _entry_for(case), "track-parcel": entry()})
    monkeypatch.chdir(project)
    _switch_off("heading-id", monkeypatch)
    with caplog.at_level(logging.ERROR, logger="helpcenter.preview"):
        _build(project, serve=monkeypatch)
    page = (project / "site" / "faq" / "card-fails" / "index.html").read_text("utf-8")
    assert "<h1>This page was not shown</h1>" in page
    assert "<code>content/faq/card-fails.yml</code>" in page
    assert "onmouseover" in page  # named, as text
    assert unsafe_markup(page) == []
    assert "<script" not in page
    other = (project / "site" / "faq" / "track-parcel" / "index.html").read_text("utf-8")
    assert "How do I track my parcel?" in other
    assert "This page was not shown" not in other
    assert any("faq/card-fails.md: the page would carry markup" in r.getMessage() for r in caplog.records)


def test_rendering_past_its_budget_is_a_message_with_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever passes the limits and still renders too long becomes `path:line: message`, under build too."""
    # Within the limits but slow: the most open brackets allowed before 7,000 characters of words.
    monkeypatch.setattr(markdown_check, "LIMITS", markdown_check.Limits(render_seconds=0.01))
    slow = "[" * markdown_check.LIMITS.open_brackets + " words" * 1200
    project = _site(tmp_path, {"card-fails": entry("Why does my card fail?", "payment", answer=slow)})
    monkeypatch.chdir(project)
    expected = "content/faq/card-fails.yml:3: 'answer' takes more than 0.01 s to turn into a page"
    assert any(str(p).startswith(expected) for p in check_content("content"))
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        _build(project)
    assert any(r.getMessage().startswith(expected) for r in caplog.records)


def test_the_budget_stops_work_in_any_thread() -> None:
    """MkDocs' serve rebuilds run outside the main thread: the budget reaches them there too."""
    import threading

    outcome: list[str] = []

    def spin() -> None:
        try:
            with time_budget(0.05):
                while True:
                    pass
        except OverBudget:
            outcome.append("stopped")

    worker = threading.Thread(target=spin)
    worker.start()
    worker.join(timeout=30)
    assert outcome == ["stopped"]
    with time_budget(5):
        done = sum(range(1000))
    assert done == 499500


def test_the_checker_renders_with_the_sites_extensions() -> None:
    """The checker reads answers as the site renders them: every extension of mkdocs.yml (emoji aside, see markdown_check)."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    listed = re.findall(r"^  - ([a-z_.]+)", text[text.index("markdown_extensions:") :], flags=re.MULTILINE)
    assert "pymdownx.emoji" in listed
    assert set(listed) - {"pymdownx.emoji"} <= set(markdown_check.EXTENSIONS)


def test_a_guard_process_that_dies_stops_the_build_with_a_message() -> None:
    """`mkdocs build` reads pages in a second process (PageGuardPool): if it dies, nothing counts as read."""
    pool = PageGuardPool("https://help.example.test/")
    pool.submit("<p>a safe page</p>", "faq/first.md")
    guard = PageGuard(HelpCenter(categories=()), categories_path="", site_url="https://help.example.test/")
    assert pool.verdicts(guard) == []  # the process started and read a page
    pool = PageGuardPool("https://help.example.test/")
    pool.submit("<p>a safe page</p>", "faq/first.md")
    pool.check([])
    assert pool.checks_passed()  # the process runs (pages go over in batches: this one has not yet)
    for process in list(pool.pool._processes.values()):
        process.kill()
    pool.submit("<script>alert(1)</script>", "faq/second.md")
    with pytest.raises(GuardStoppedError, match="the guard that reads every page stopped"):
        pool.verdicts(guard)


def test_the_guard_process_names_the_page_and_file_like_the_guard_in_line() -> None:
    center = entries.load_help_center(ROOT / "content")
    guard = PageGuard(center, categories_path="content/categories.yml", site_url="https://help.example.test/")
    entry_id = next(iter(center.entries))
    page = '<html><body><h1>x</h1><img src="https://tracker.example/p.png"></body></html>'
    pool = PageGuardPool("https://help.example.test/")
    pool.submit(page, f"faq/{entry_id}.md")
    assert pool.verdicts(guard) == [guard.check(page, f"faq/{entry_id}.md")]


def test_a_build_stops_with_the_checkers_line_for_what_only_rendering_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`mkdocs build` renders answers for the checker in the second process; its messages are the checker's."""
    answer = "Paid.\n\n### Card refused {: #my-own-id }\n"  # harmless as text; only rendering shows the id
    project = _site(tmp_path, {"card-fails": entry("Why does my card fail?", "payment", answer=answer)})
    monkeypatch.chdir(project)
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        _build(project)
    expected = "content/faq/card-fails.yml:5: an id given in Markdown ('my-own-id') is not allowed in answers"
    assert any(expected in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert not (project / "site").exists()  # nothing was published


@pytest.mark.parametrize("where", ["pool", "first job"])
def test_without_a_second_process_the_build_guards_every_page_in_line(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A machine where the second process cannot start (no semaphores, no exec) still guards and checks everything."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("no process for you")

    monkeypatch.setattr(PageGuardPool, "__init__" if where == "pool" else "check", refuse)
    project = _site(tmp_path, {"card-fails": _entry_for(REFUSED["toc-id-handler-in-step-text"])})
    monkeypatch.chdir(project)
    _switch_off("heading-id", monkeypatch)
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        _build(project)
    assert any("the page would carry markup" in r.getMessage() for r in caplog.records)
    assert not (project / "site").exists()
