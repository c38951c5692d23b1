"""Editors' answers cannot run code or load anything from elsewhere, whatever host serves the site.

Two layers, each tested on its own over tests/corpus/hostile.yml: `helpcenter check` refuses
unsafe HTML early with a message an editor understands (and accepts harmless text about HTML);
and, with those refusals switched off, the allow-list sanitizer alone leaves every built page safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from helpers import ROOT, entry, fixture_site, write_content
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.content import validate
from generator.content.entries import check_content
from generator.pages.html_guard import unsafe_markup
from generator.pages.sanitize import Marks, UnbalancedMarksError, clean

HOSTILE: dict[str, dict[str, str]] = yaml.safe_load((ROOT / "tests" / "corpus" / "hostile.yml").read_text("utf-8"))


def _question(name: str) -> str:
    return f"What about the {name.replace('-', ' ')} case?"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_checker_refuses_early_and_accepts_harmless_text(name: str, tmp_path: Path) -> None:
    """Each unsafe answer gets the editor's message with its line; harmless text about HTML is accepted."""
    case = HOSTILE[name]
    write_content(tmp_path, {name: entry(_question(name), "payment", answer=case["answer"])})
    problems = check_content(tmp_path)
    if case["check"] == "ok":
        assert problems == []
        return
    assert any(case["check"] in problem.message for problem in problems), [str(p) for p in problems]
    answer_lines = range(1, 4 + case["answer"].count("\n") + 1)
    assert all(problem.line in answer_lines for problem in problems), [str(p) for p in problems]


def _hostile_site(tmp_path: Path) -> Path:
    """A fixture site whose entries carry every hostile answer, and one whose steps' leads and texts do."""
    entries: dict[str, Any] = {name: entry(_question(name), "payment", answer=case["answer"]) for name, case in HOSTILE.items()}
    entries["cannot-pay"] = entry(
        "I cannot pay, what can I do?",
        "payment",
        answer="Try these steps.\n",
        steps=[
            {"id": name, "title": f"Step {number}", "lead": case["answer"], "text": case["answer"]}
            for number, (name, case) in enumerate(sorted(HOSTILE.items()), 1)
        ],
    )
    return fixture_site(tmp_path, entries)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_sanitizer_cleans_each_answer_alone(name: str) -> None:
    """The self-check page shows steps' texts rendered outside the page's Markdown: cleaned the same way."""
    rendered = markdown.markdown(HOSTILE[name]["answer"], extensions=["attr_list", "md_in_html", "fenced_code", "toc"])
    assert unsafe_markup(clean(rendered)) == []


def test_the_sanitizer_alone_keeps_every_page_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the checker's HTML refusals off (early and rendered), every hostile answer is built, and no page carries unsafe markup."""
    monkeypatch.setattr(validate, "UNSAFE_HTML", [])
    monkeypatch.setattr(validate, "rendered_problems", lambda *_, **__: [])
    project = _hostile_site(tmp_path)
    monkeypatch.chdir(project)
    build(load_config(str(project / "mkdocs.yml")))
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > len(HOSTILE)
    for page in pages:
        assert unsafe_markup(page.read_text("utf-8")) == [], page.relative_to(project)
    # The words around the hostile markup are still there for shoppers.
    paid = (project / "site" / "faq" / "breakout-of-answer" / "index.html").read_text("utf-8")
    assert "Log in" in paid
    code = (project / "site" / "faq" / "code-mentions-script" / "index.html").read_text("utf-8")
    assert "<code>&lt;script&gt;</code>" in code


@pytest.mark.parametrize("answer", ["Paid.\n\n<!-- the rest is hidden\n", "<div>\nAn unclosed block\n", "<pre>\nunclosed\n"])
def test_an_unclosed_answer_cannot_swallow_the_page(answer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer that opens a comment or a block and never closes it leaves the rest of the page in place, and safe."""
    write_content(tmp_path / "check", {"hidden": entry(answer=answer)})
    if answer.startswith("Paid."):
        assert [p.message for p in check_content(tmp_path / "check")] == [
            "an HTML comment (<!--) is not closed; add --> or remove it"
        ]
    monkeypatch.setattr(validate, "UNSAFE_HTML", [])
    monkeypatch.setattr(validate, "rendered_problems", lambda *_, **__: [])
    project = fixture_site(tmp_path / "site", {"hidden": entry(answer=answer)})
    monkeypatch.chdir(project)
    build(load_config(str(project / "mkdocs.yml")))
    html = (project / "site" / "faq" / "hidden" / "index.html").read_text("utf-8")
    assert unsafe_markup(html) == []
    assert "Still need help?" in html
    assert html.count("<aside") == html.count("</aside>")


def test_marks_that_do_not_pair_are_refused() -> None:
    """If an answer ever swallowed the mark that ends it, nothing would be published unchecked."""
    marks = Marks()
    page = f"<h1>Q</h1>{marks.begin}<p>answer</p><script>x()</script>"
    with pytest.raises(UnbalancedMarksError):
        marks.clean_marked(page)
    with pytest.raises(UnbalancedMarksError):
        marks.clean_marked(f"<p>answer</p>{marks.end}")
    assert marks.clean_marked(f"<h1>Q</h1>{marks.begin}<p>a<script>x()</script></p>{marks.end}") == "<h1>Q</h1><p>a</p>"
