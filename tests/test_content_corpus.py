"""Every broken entry of tests/corpus/ is rejected with `path:line: message` (or accepted where legitimate)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import entry, write_content

from generator.content.entries import check_content, load_help_center

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))


def test_corpus_is_complete() -> None:
    """Every corpus file has an expectation and the corpus is at least 30 broken entries."""
    files = sorted(p.name for p in (CORPUS / "entries").iterdir())
    assert files == sorted(EXPECTED)
    assert sum(1 for v in EXPECTED.values() if v != "ok") >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_entry(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file alone beside a good entry gives exactly the expected problems, without a traceback.

    How fast the checker reads it is bench/check_time.py's to measure, not a test's."""
    write_content(tmp_path, {"track-parcel": entry(featured=1)})
    shutil.copy(CORPUS / "entries" / name, tmp_path / "faq" / name)
    monkeypatch.chdir(tmp_path)
    problems = check_content(".")
    mine = [p for p in problems if p.path == str(Path("faq") / name)]
    expected = EXPECTED[name]
    if expected == "ok":
        assert problems == []
        center = load_help_center(".")
        assert Path(name).stem in center.entries
    else:
        assert [(p.line, any(words in p.message for _, words in expected)) for p in mine] == [
            (line, True) for line, _ in expected
        ], [str(p) for p in problems]
        for problem in mine:
            assert str(problem).startswith(f"faq/{name}:{problem.line}: ")
            assert "Traceback" not in problem.message


def test_featured_tie_names_both_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two live entries with the same `featured` number: each is reported at its line, naming the other's
    file and line; a retired entry keeping its old number is no tie."""
    write_content(
        tmp_path,
        {
            "track-parcel": entry(featured=2),
            "change-address": entry("Can I change the delivery address?", featured=2),
            "old-tracking": entry("Where was my parcel tracked?", featured=2, retired=True),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in check_content(".")] == [
        f"faq/{here}.yml:6: 'featured: 2' is also given to faq/{there}.yml:6; the most asked questions are shown in "
        "this order, so give each entry its own number"
        for here, there in (("change-address", "track-parcel"), ("track-parcel", "change-address"))
    ]
