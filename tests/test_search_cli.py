"""`helpcenter search`: an editor sees how the site ranks the answers for a shopper's words, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ROOT, entry, fixture_site, run


def test_search_prints_the_ranked_questions_with_the_words_that_matched() -> None:
    """'my ring broke': the damaged-item question first, with its matched words in brackets and why each matched."""
    result = run("helpcenter", "search", "my ring broke", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith('"my ring broke" is read as: ring (also: item,')
    assert lines[1].startswith(" 1. What if the [item] I received is [damaged] or [faulty]?   /faq/damaged-or-faulty-item/")
    assert any(line.strip().startswith("break") for line in lines[2:4])


def test_search_json_is_the_engines_answer_and_weak_words_say_so(tmp_path: Path) -> None:
    """--json gives what the page gets; words that match nothing say so instead of failing."""
    result = run("helpcenter", "search", "xylophone", "--json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["results"] == []
    assert answer["weak"] is True
    text = run("helpcenter", "search", "xylophone", cwd=ROOT).stdout
    assert "No answer matches." in text


def test_search_reports_broken_content_without_a_traceback(tmp_path: Path) -> None:
    """Content with mistakes: the same path:line messages as helpcenter check, exit 1."""
    fixture_site(tmp_path, {"track-parcel": "question: [unclosed\n"})
    result = run("helpcenter", "search", "parcel", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/faq/track-parcel.yml:1: YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_reads_the_sites_mkdocs_yml(tmp_path: Path) -> None:
    """Like `diagnose`, `search` ranks the content of the site mkdocs.yml names, self-check setting included."""
    project = fixture_site(
        tmp_path / "site", {"gift-wrap": entry(question="Can you wrap my order as a gift?")}, content_dir="answers"
    )
    (project / "content").rename(project / "answers")
    result = run("helpcenter", "search", "wrap a gift", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert [hit["id"] for hit in answer["results"]][:1] == ["gift-wrap"]
    elsewhere = run("helpcenter", "search", "wrap a gift", "--config-file", str(project / "mkdocs.yml"), cwd=tmp_path)
    assert elsewhere.returncode == 0, elsewhere.stderr
    missing = run("helpcenter", "search", "gift", cwd=tmp_path)
    assert missing.returncode == 1
    assert "mkdocs.yml: cannot read the site's configuration" in missing.stderr
    assert "Traceback" not in missing.stderr
