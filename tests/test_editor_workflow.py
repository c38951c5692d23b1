"""Editors' workflow: new entries, moving and retiring without breaking saved links, dates from git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import build, entry, fixture_site, run, write_content

from generator.content.entries import check_content, load_help_center


def test_new_writes_a_valid_entry_that_waits_for_its_answer(tmp_path: Path) -> None:
    """`helpcenter new` makes <slug>.yml in the category; check refuses it until the TODO answer is written."""
    write_content(tmp_path / "content", {"track-parcel": entry()})
    result = run("helpcenter", "new", "Can you wrap my order as a gift — with a ribbon?", "--category", "shipping", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "content" / "faq" / "can-you-wrap-my-order-as-a-gift-with-a-ribbon.yml"
    assert f"Created {path.relative_to(tmp_path)}" in result.stdout
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["question"] == "Can you wrap my order as a gift — with a ribbon?"
    assert data["category"] == "shipping"
    assert data["order"] == 101
    problems = [str(p) for p in check_content(tmp_path / "content")]
    assert problems == [f"{path}:9: 'answer' is not written yet; replace the TODO line"]
    text = path.read_text(encoding="utf-8").replace("TODO: write the answer here, in Markdown.", "Yes, with a ribbon.")
    path.write_text(text, encoding="utf-8")
    assert check_content(tmp_path / "content") == []


def test_new_refuses_a_taken_address_and_an_unknown_category(tmp_path: Path) -> None:
    """The same question twice, or a category that does not exist, is refused with a clear message."""
    write_content(tmp_path / "content", {"how-do-i-track-my-parcel": entry(former_ids=["where-is-my-parcel"])})
    taken = run("helpcenter", "new", "How do I track my parcel?", "--category", "shipping", cwd=tmp_path)
    assert taken.returncode == 1
    assert "the address /faq/how-do-i-track-my-parcel/ is taken" in taken.stderr
    former = run("helpcenter", "new", "Where is my parcel?", "--category", "shipping", cwd=tmp_path)
    assert former.returncode == 1
    assert "is taken" in former.stderr
    unknown = run("helpcenter", "new", "Do you ship to Mars?", "--category", "space", cwd=tmp_path)
    assert unknown.returncode == 1
    assert "unknown category 'space'; choose one of: payment, shipping" in unknown.stderr
    assert "Traceback" not in taken.stderr + former.stderr + unknown.stderr


def test_a_renamed_entry_keeps_its_old_address(tmp_path: Path) -> None:
    """After renaming track-parcel.yml to parcel-tracking.yml with former_ids, /faq/track-parcel/ leads on."""
    project = fixture_site(tmp_path, {"parcel-tracking": entry(former_ids=["track-parcel"])})
    result = build(project)
    assert result.returncode == 0, result.stderr
    old = (project / "site" / "faq" / "track-parcel" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../parcel-tracking/">' in old
    assert '<meta name="robots" content="noindex">' in old
    assert 'href="../parcel-tracking/"' in old
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "faq/parcel-tracking/" in sitemap
    assert "faq/track-parcel/" not in sitemap


def test_a_retired_entry_leaves_the_lists_and_leads_to_its_replacement(tmp_path: Path) -> None:
    """A retired entry is not listed any more; its address forwards to replaced_by."""
    project = fixture_site(
        tmp_path,
        {
            "track-parcel": entry(),
            "old-tracking": entry(question="How did tracking work before?", retired=True, replaced_by="track-parcel"),
            "gone": entry(question="Do you still sell watches?", category="payment", retired=True),
        },
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert "How did tracking work before?" not in (site / "shipping" / "index.html").read_text(encoding="utf-8")
    assert "How did tracking work before?" not in (site / "index.html").read_text(encoding="utf-8")
    forwarded = (site / "faq" / "old-tracking" / "index.html").read_text(encoding="utf-8")
    assert "url=../track-parcel/" in forwarded
    withdrawn = (site / "faq" / "gone" / "index.html").read_text(encoding="utf-8")
    assert "This answer is no longer available" in withdrawn
    assert "http-equiv" not in withdrawn
    assert "faq/gone/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_check_reports_links_that_would_break(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Links to retired or renamed entries, bad replacements and claimed addresses are reported with lines."""
    write_content(
        tmp_path,
        {
            "parcel-tracking": entry(former_ids=["track-parcel"]),
            "old-tracking": entry(question="How did tracking work before?", retired=True, replaced_by="parcel-tracking"),
            "links": entry(
                question="Where are my links?",
                related=["old-tracking", "track-parcel"],
                answer="See [tracking](faq:old-tracking).\n",
            ),
            "twice": entry(question="Twice?", former_ids=["track-parcel", "links"]),
            "lonely": entry(question="Lonely?", replaced_by="links"),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in check_content(".")] == [
        "faq/links.yml:3: link to entry 'faq:old-tracking' that is retired; link to 'parcel-tracking' instead",
        "faq/links.yml:7: related entry 'old-tracking' is retired; link to 'parcel-tracking' instead",
        "faq/links.yml:8: related entry 'track-parcel' does not exist (it is now 'parcel-tracking')",
        "faq/lonely.yml:6: replaced_by goes with 'retired: true'; add it or remove replaced_by",
        "faq/twice.yml:7: former id 'track-parcel' is also claimed by faq/parcel-tracking.yml",
        "faq/twice.yml:8: former id 'links' is the id of faq/links.yml; an address can lead to one entry only",
    ]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.test", *args], cwd=cwd, check=True, capture_output=True
    )


def test_deleting_a_published_entry_is_reported_and_dates_come_from_git(tmp_path: Path) -> None:
    """An entry ever published and then deleted, even in a commit, would break saved links; an undated entry
    takes its commit date."""
    write_content(tmp_path, {"track-parcel": entry(), "dated": entry(question="Dated?", updated="2026-01-02")})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "content", "--date", "2026-03-04T10:00:00")
    center = load_help_center(tmp_path, dates_from_git=True)
    committed = subprocess.run(["git", "log", "-1", "--format=%cs"], check=True, cwd=tmp_path, capture_output=True, text=True)
    assert center.entry("track-parcel").updated == committed.stdout.strip()
    assert center.entry("dated").updated == "2026-01-02"
    _git(tmp_path, "branch", "-q", "live")
    (tmp_path / "faq" / "track-parcel.yml").unlink()
    _git(tmp_path, "commit", "-qam", "delete an entry")  # what CI sees: the deletion is committed
    problems = [str(p) for p in check_content(tmp_path, published_ref="live")]
    assert len(problems) == 1
    expected = "track-parcel.yml:1: deleted, but it was published (live), so links shoppers saved to /faq/track-parcel/"
    assert expected in problems[0]
    # Published on the branch, then deleted there too: still an address shoppers have.
    _git(tmp_path, "branch", "-qf", "live", "HEAD")
    assert len(check_content(tmp_path, published_ref="live")) == 1
    write_content(tmp_path, {"parcel-tracking": entry(former_ids=["track-parcel"])})
    assert check_content(tmp_path, published_ref="live") == []
