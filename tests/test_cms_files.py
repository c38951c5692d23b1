"""The CMS's files: the entry format keeps hand-written entries as they are, the form agrees with the checker,
and /admin/ is published only where it should be.

The entry format (generator/cms/admin/entry-format.mjs) runs under Node on every real entry and the valid
files of the test corpus: read and written back untouched, a file is byte for byte the same; a
changed, added or removed field changes that field's lines and nothing else, and the result passes
the checker.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, build, english_entry_files, entry, fixture_site

from generator import cms
from generator.content.entries import load_help_center
from generator.content.source import SourceError, parse_yaml
from generator.content.validate import SLUG, check_entry_file

ADDED: dict[str, Any] = {
    "order": 7,
    "updated": "2027-01-02",
    "summary": "A new summary.",
    "keywords": ["new word"],
    "related": ["track-my-package"],
    "self_check": True,
    "former_ids": ["old-id"],
    "retired": True,
    "replaced_by": "track-my-package",
    "steps": [{"id": "one", "title": "Step one", "text": "Do it.\n"}],
}


def _entries(*, valid: bool = False) -> dict[str, str]:
    """Every real entry, and each corpus file that is a mapping with a question (`valid`: that passes the checker alone)."""
    files = {f"content/faq/{p.name}": p.read_text(encoding="utf-8") for p in english_entry_files()}
    for path in sorted((ROOT / "tests" / "corpus" / "entries").glob("*.yml")):
        try:
            text = path.read_bytes().decode("utf-8")
            source = parse_yaml(text, path.name)
        except (SourceError, UnicodeDecodeError):
            continue
        well_formed = isinstance(source.data, dict) and "question" in source.data and not text.startswith("\ufeff")
        if well_formed and (not valid or not check_entry_file(source)):
            files[f"corpus/{path.name}"] = text
    return files


def _run_format(jobs: list[dict[str, Any]]) -> list[str]:
    payload = json.dumps({"options": cms.format_options(), "jobs": jobs})
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "cms_format.mjs")], input=payload, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    texts: list[str] = json.loads(result.stdout)
    return texts


def _without(text: str, key: str) -> str:
    """The text without the lines of top-level field `key` (from its line to the next top-level field)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return text
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[A-Za-z_#]", lines[i])), len(lines))
    return "".join(lines[:start] + lines[end:])


def _changed(key: str, value: Any) -> Any:
    if key in cms.MARKDOWN:
        return f"{value}\nOne more paragraph.\n"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if key == "updated":
        return "2027-01-02"
    if isinstance(value, str):
        return f"{value}-changed" if SLUG.match(value) else f"{value} Changed"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [*value[:-1], {**value[-1], "title": f"{value[-1]['title']} changed"}]
    if isinstance(value, list):
        return [*value, "added-word"]
    raise AssertionError(f"no change for {key}: {value!r}")


def _meaning(data: dict[str, Any]) -> dict[str, Any]:
    """Fields as the site reads them: empty or false values are no value."""
    return {k: v for k, v in data.items() if v not in (None, "", [], False)}


def test_entries_read_and_written_back_untouched_are_byte_for_byte_the_same() -> None:
    """The modeline, comments, quoting and one-line lists of every real entry survive a save without changes."""
    files = _entries()
    assert len(files) > 20
    jobs = [{"text": text, "decap": decap} for text in files.values() for decap in (False, True)]
    outputs = iter(_run_format(jobs))
    for name, text in files.items():
        assert next(outputs) == text, name
        assert next(outputs) == text, f"{name}, Markdown without its last newline as Decap gives it"


def test_a_changed_added_or_removed_field_changes_only_its_own_lines() -> None:
    """Each field of each entry changed, removed and (when absent) added: that field's lines and nothing else move."""
    cases: list[tuple[str, str, str, dict[str, Any]]] = []  # (file, field, what, expected data)
    jobs: list[dict[str, Any]] = []
    files = _entries(valid=True)
    for name, text in files.items():
        data = parse_yaml(text, name).data
        for key in cms.KEY_ORDER:
            if key in data:
                new = _changed(key, data[key])
                jobs.append({"text": text, "set": {key: new}})
                cases.append((name, key, "changed", {**data, key: new}))
                if key not in ("question", "category", "answer"):
                    jobs.append({"text": text, "unset": [key]})
                    cases.append((name, key, "removed", {k: v for k, v in data.items() if k != key}))
            elif key in ADDED:
                jobs.append({"text": text, "set": {key: ADDED[key]}})
                cases.append((name, key, "added", {**data, key: ADDED[key]}))
    for (name, key, what, expected), output in zip(cases, _run_format(jobs), strict=True):
        source = parse_yaml(output, name)
        assert _meaning(source.data) == _meaning(expected), f"{name}: {key} {what}"
        text = files[name]
        assert _without(output, key) == _without(text, key), f"{name}: {key} {what} moved other lines"
        if what == "removed":
            assert output == _without(text, key), f"{name}: {key} removed"
        if what == "added" and list(data := parse_yaml(text, name).data) == sorted(data, key=cms.KEY_ORDER.index):
            keys = list(source.data)
            assert keys == sorted(keys, key=cms.KEY_ORDER.index), f"{name}: {key} added out of order: {keys}"
        assert [str(p) for p in check_entry_file(source)] == [], f"{name}: {key} {what}"


def test_a_new_entry_is_written_as_by_hand() -> None:
    """Fields in the guide's order, the modeline first, Markdown as a | block, lists on one line, empty fields left out."""
    [text] = _run_format(
        [
            {
                "text": None,
                "set": {
                    "answer": "Yes.\n\n- In a box\n- With a ribbon",
                    "keywords": ["gift wrap", "present"],
                    "related": [],
                    "category": "orders",
                    "question": "Can you wrap my order as a gift?",
                    "summary": "",
                    "retired": False,
                    "steps": [{"id": "box", "title": "Choose a box", "text": "Pick one."}],
                },
            }
        ]
    )
    assert text == (
        f"{cms.MODELINE}\n"
        "question: Can you wrap my order as a gift?\n"
        "category: orders\n"
        "keywords: [gift wrap, present]\n"
        "answer: |\n  Yes.\n\n  - In a box\n  - With a ribbon\n"
        "steps:\n  - id: box\n    title: Choose a box\n    text: |\n      Pick one.\n"
    )


def _form() -> list[dict[str, Any]]:
    center = load_help_center(ROOT / "content")
    return cms.entry_fields(center, cms.category_choices(center, ROOT / "content"))


def _form_fields() -> dict[str, dict[str, Any]]:
    """The form's fields of the entry file by name, out of their groups."""
    fields = {}
    for field in _form():
        for inner in field.get("fields", [field]) if field["name"] in cms.GROUPS else [field]:
            fields[inner["name"]] = inner
    fields.pop(cms.PROBLEMS_FIELD)
    return fields


def test_the_form_has_every_field_of_the_schema_and_its_choices_come_from_the_content() -> None:
    """Every property of entry.schema.json is in the form, in an editor's order, required as the schema says;
    choices are the real ones."""
    schema = json.loads((ROOT / "generator" / "schema" / "entry.schema.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in _form()] == [cms.PROBLEMS_FIELD, "question", "category", "answer", "more", "advanced"]
    fields = _form_fields()
    assert set(fields) == set(schema["properties"])
    assert [f["name"] for f in _form()[5]["fields"]] == ["self_check", "former_ids", "retired", "replaced_by"]
    assert {name for name, f in fields.items() if f["required"]} == set(schema["required"])
    assert [o["value"] for o in fields["category"]["options"]] == ["payment", "discounts", "orders", "shipping", "returns"]
    related = [o["value"] for o in fields["related"]["options"]]
    assert "cannot-pay" in related
    assert len(related) == 13
    assert [f["name"] for f in fields["steps"]["fields"]] == ["id", "title", "lead", "text"]


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("question", ["Why?", "Where is my parcel?", "x" * 160, "x" * 161, "Is <b> allowed?", "Two\nlines?"]),
        ("summary", ["", "One sentence.", "y" * 200, "y" * 201]),
    ],
)
def test_the_form_refuses_what_the_checker_refuses(field: str, values: list[str]) -> None:
    """The form's pattern for a field accepts exactly the values `helpcenter check` accepts."""
    pattern, message = _form_fields()[field]["pattern"]
    for value in values:
        source = parse_yaml(json.dumps(entry(**{field: value})), "faq/x.yml")
        checker_ok = not [p for p in check_entry_file(source) if field in p.message]
        form_ok = value == "" or re.search(pattern, value) is not None  # Decap checks patterns of non-empty values
        assert form_ok == checker_ok, f"{field}={value!r}: form {form_ok}, checker {checker_ok} ({message})"


def test_keyword_and_step_title_limits_are_the_checkers() -> None:
    """Keywords (2 to 40 characters) and step titles (3 to 80, one line) are checked in the form as by the checker."""
    fields = _form_fields()
    keyword = re.compile(fields["keywords"]["field"]["pattern"][0])
    title = re.compile(next(f for f in fields["steps"]["fields"] if f["name"] == "title")["pattern"][0])
    assert [bool(keyword.search(v)) for v in ("a", "ab", "k" * 40, "k" * 41)] == [False, True, True, False]
    assert [bool(title.search(v)) for v in ("ab", "abc", "t" * 80, "t" * 81, "a\nb")] == [False, True, True, False, False]


def test_admin_is_left_out_of_a_build_unless_a_backend_is_configured(tmp_path: Path) -> None:
    """No /admin/ on the built site by default; with a GitHub backend it is there, writing to content/faq in the repo."""
    plain = fixture_site(
        tmp_path / "plain", {"track-parcel": entry()}, node_modules=str(ROOT / "node_modules"), precompress=False
    )
    assert build(plain).returncode == 0
    assert not (plain / "site" / "admin").exists()
    backend = {"name": "github", "repo": "alsgem/help-center", "branch": "main"}
    project = fixture_site(
        tmp_path / "github",
        {"track-parcel": entry()},
        node_modules=str(ROOT / "node_modules"),
        cms_backend=backend,
        precompress=False,
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    admin = project / "site" / "admin"
    config = json.loads((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == backend
    assert config["collections"][0]["folder"] == "content/faq"
    page = (admin / "index.html").read_text(encoding="utf-8")
    for src in re.findall(r'src="([^"]+)"', page):
        assert (admin / src).is_file(), src
    assert "<script>" not in page
