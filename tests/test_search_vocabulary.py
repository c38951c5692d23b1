"""`helpcenter check` on the search vocabulary: the synonyms file and entries' phrasings, as path:line messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import ROOT, entry, run, write_content


def check(tmp_path: Path, entries: dict[str, Any], synonyms: str | None = None) -> list[str]:
    content = write_content(tmp_path / "content", entries)
    if synonyms is not None:
        (content / "synonyms.yml").write_text(synonyms, encoding="utf-8")
    result = run("helpcenter", "check", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    # Notes (such as "not in a git checkout") are not problems.
    return [line for line in result.stderr.splitlines() if not line.startswith("note:")] if result.returncode else []


def test_the_shops_vocabulary_passes() -> None:
    """content/synonyms.yml and every entry's phrasings have no problems."""
    result = run("helpcenter", "check", cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_synonym_mistakes_are_reported_with_their_line(tmp_path: Path) -> None:
    """A word in two groups or twice in one, a lone word, an empty or letterless value, a misspelt key."""
    synonyms = (
        "synonyms:\n"
        "  - [parcel, package]\n"  # line 2
        "  - [zip code, postcode, Zip  Code]\n"  # line 3: the same phrase twice
        "  - [coupon, PARCEL]\n"  # line 4: parcel is already in line 2's group
        "  - [refund]\n"  # line 5: nothing to be the same as
        "  - [voucher, '']\n"  # line 6: empty
        "  - [email, '?!']\n"  # line 7: no letters
    )
    lines = check(tmp_path, {"track-parcel": entry()}, synonyms)
    assert any(line.startswith("content/synonyms.yml:5: 'synonyms[4]' must list at least 2 items") for line in lines), lines
    assert any(line.startswith("content/synonyms.yml:6: 'synonyms[5][2]' is too short or empty") for line in lines), lines
    # The schema's problems come first; once the file's shape is right, the duplicate and letterless checks run.
    fixed = synonyms.replace("  - [refund]\n", "  - [refund, money back]\n").replace("'']", "promo]")
    lines = check(tmp_path / "fixed", {"track-parcel": entry()}, fixed)
    assert (
        "content/synonyms.yml:3: 'Zip  Code' is already in this group (line 3); a word or phrase belongs to one group only: keep one"
        in lines
    )
    assert (
        "content/synonyms.yml:4: 'PARCEL' is already in the group on line 2 (line 2); a word or phrase belongs to one group only: keep one"
        in lines
    )
    assert "content/synonyms.yml:7: '?!' has no letters or digits; write a word or phrase" in lines
    misspelt = check(tmp_path / "key", {"track-parcel": entry()}, "synonym:\n  - [parcel, package]\n")
    assert "content/synonyms.yml:1: unknown field 'synonym'; did you mean 'synonyms'?" in misspelt


def test_phrasing_mistakes_are_reported_with_their_line(tmp_path: Path) -> None:
    """A phrasing that repeats its question, is listed twice, is shared with another entry, or is empty."""
    entries = {
        "lost-parcel": entry("My parcel never came, what now?", phrasings=["Is my parcel lost?", "is my parcel LOST"]),
        "track-parcel": entry(phrasings=["Is my parcel lost?", "How do I track my parcel?", ""]),
    }
    lines = check(tmp_path, entries)
    assert lines == [
        "content/faq/lost-parcel.yml:8: the phrasing 'is my parcel LOST' is listed twice; remove it",
        (
            "content/faq/track-parcel.yml:7: the phrasing 'Is my parcel lost?' is also in content/faq/lost-parcel.yml:7; "
            "a phrasing leads to one answer: keep it in one entry"
        ),
        "content/faq/track-parcel.yml:8: the phrasing 'How do I track my parcel?' repeats the question; remove it",
        "content/faq/track-parcel.yml:9: 'phrasings[3]' is too short or empty (at least 3 characters)",
        "4 problems in the help center content.",
    ]
