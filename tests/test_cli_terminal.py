"""What reaches the terminal: control and bidi characters from content or input are shown as escapes.

Every command line (`helpcenter check`, `new`, `search`, `diagnose`) prints through
`diagnostics.plain_text.say`: an ESC from a category, an answer, browsers.yml, a user agent or a
log line shows as `\\x1b`, a right-to-left override as `\\u202e`, and never acts on the terminal.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import diag_user_agents as ua
import pytest
from helpers import ROOT, entry, fixture_site, run, write_content

from diagnostics.plain_text import HIDDEN, clean_text, visible

ESC = "\x1b[2J\x1b]0;owned\x07"  # clear the screen, set the window's title
RLO = "\u202e"  # shows the rest of the line backwards
SHOWN_ESC = "\\x1b[2J\\x1b]0;owned\\x07"
SHOWN_RLO = "\\u202e"
YAML_ESC, YAML_RLO = "\\e[2J\\e]0;owned\\a", "\\u202e"  # YAML's escapes: a file cannot hold them raw


def raw_free(text: str) -> None:
    """No hidden character but the line break is in ``text``."""
    assert visible(text) == text, [char for char in text if visible(char) != char]


def test_visible_escapes_each_hidden_character_and_keeps_line_breaks() -> None:
    """C0, DEL, C1, bidi, zero-width and separators become escapes; plain text, accents and line breaks stay."""
    assert (
        visible("a\x1b[31mb\u202ec\n\td\x7f\x9b\u2066\ufeff\u2028")
        == "a\\x1b[31mb\\u202ec\n\\x09d\\x7f\\u009b\\u2066\\ufeff\\u2028"
    )
    assert visible("Bague en or – 18 carats, 💍 ×2") == "Bague en or – 18 carats, 💍 ×2"
    assert clean_text("Chrome\x1b[31m\u202e 120\u200b", 100) == "Chrome [31m  120"
    assert HIDDEN.startswith("\x00-\x1f")
    # JSON with visible() applied is still the same JSON: \uXXXX is JSON's own escape.
    value = {"why": f"old{ESC}{RLO}\x9b"}
    assert json.loads(visible(json.dumps(value, ensure_ascii=False))) == value


def test_check_shows_hidden_characters_in_categories_and_answers(tmp_path: Path) -> None:
    """A category's field and an answer's category with ESC and U+202E: the messages show them as escapes."""
    categories = f'categories:\n  - id: shipping\n    title: "Ship{YAML_ESC}ping{YAML_RLO}"\n    "ti{YAML_ESC}tle2": x\n'
    write_content(tmp_path / "content", {"track-parcel": entry(category=f"ship{RLO}ping{ESC}")}, categories)
    result = run("helpcenter", "check", cwd=tmp_path)
    assert result.returncode == 1
    raw_free(result.stdout + result.stderr)
    assert f"content/categories.yml:4: unknown field 'ti{SHOWN_ESC}tle2'; known fields:" in result.stderr
    assert f"not 'ship{SHOWN_RLO}ping{SHOWN_ESC}'" in result.stderr


def test_search_shows_hidden_characters_of_answers_and_of_the_words(tmp_path: Path) -> None:
    """An entry's question and the typed words with ESC and U+202E are shown as escapes, in text and JSON."""
    fixture_site(
        tmp_path,
        {
            "track-parcel": entry(
                question=f"How do I track my parcel{RLO}?", answer=f"You get an email{ESC} with the tracking number.\n"
            )
        },
    )
    result = run("helpcenter", "search", f"parcel{ESC}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    raw_free(result.stdout + result.stderr)
    assert f'"parcel{SHOWN_ESC}" is read as:' in result.stdout
    assert f"[parcel]{SHOWN_RLO}?" in result.stdout
    as_json = run("helpcenter", "search", f"parcel{RLO}", "--json", cwd=tmp_path)
    raw_free(as_json.stdout)
    assert json.loads(as_json.stdout)["query"] == f"parcel{RLO}"  # still JSON, with the same strings


def test_new_shows_hidden_characters_of_its_arguments(tmp_path: Path) -> None:
    """A category id with ESC given to `helpcenter new`: the message shows it as an escape."""
    write_content(tmp_path / "content", {"track-parcel": entry()})
    result = run("helpcenter", "new", f"Can you gift{RLO} wrap?", "--category", f"ship{ESC}", cwd=tmp_path)
    assert result.returncode == 1
    raw_free(result.stdout + result.stderr)
    assert f"ship{SHOWN_ESC}" in result.stderr


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop's content and mkdocs.yml, with ESC and U+202E in an unsupported browser's reason (browsers.yml)."""
    site = tmp_path_factory.mktemp("hostile-site")
    shutil.copytree(ROOT / "content", site / "content")
    browsers = site / "content" / "browsers.yml"
    text = (
        browsers.read_text("utf-8")
        .replace(
            "why: its engine stopped getting updates in 2013",
            f'why: "its engine{YAML_ESC} stopped{YAML_RLO} getting updates in 2013',
        )
        .replace(
            "cannot run today's payment pages\n    families: [Opera, Opera Mobile]",
            "cannot run today's payment pages\"\n    families: [Opera, Opera Mobile]",
        )
    )
    browsers.write_text(text, "utf-8")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("docs_dir: static", f"docs_dir: {ROOT / 'static'}")
    (site / "mkdocs.yml").write_text(config.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}"), "utf-8")
    return site


OPERA_12 = "Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18"


def test_diagnose_shows_browsers_yml_and_user_agents_hidden_characters(hostile_site: Path) -> None:
    """browsers.yml's reason in the JSON report shows as escapes (still JSON); the text report has them removed."""
    as_json = run("helpcenter", "diagnose", "--user-agent", OPERA_12, "--json", cwd=hostile_site)
    assert as_json.returncode == 0, as_json.stderr
    raw_free(as_json.stdout)
    assert "its engine\\u001b[2J\\u001b]0;owned\\u0007 stopped\\u202e getting updates" in as_json.stdout
    messages = [finding["message"] for finding in json.loads(as_json.stdout)["checks"]]
    assert any(f"its engine{ESC} stopped{RLO} getting" in message for message in messages)  # the same JSON
    text = run("helpcenter", "diagnose", "--user-agent", OPERA_12, cwd=hostile_site)
    raw_free(text.stdout)
    assert "It cannot run our checkout: its engine [2J ]0;owned  stopped  getting updates in 2013" in text.stdout


def test_diagnose_batch_shows_hostile_user_agents_and_log_lines_as_escapes(hostile_site: Path) -> None:
    """A user agent list and a log whose names, agents and paths carry ESC and U+202E: nothing raw is printed."""
    agents = hostile_site / f"agents{ESC}{RLO}.txt"
    agents.write_text(f"Mozilla/5.0 {ESC}Frob{RLO}nicator/1\n{ua.IE11}\n\x1b\n", "utf-8")
    result = run("helpcenter", "diagnose", "--user-agents", str(agents), "--json", cwd=hostile_site)
    assert result.returncode == 0, result.stderr
    raw_free(result.stdout + result.stderr)
    assert len(result.stdout.splitlines()) == 3  # the line of just ESC is a user agent too, judged "not recognised"
    log = hostile_site / f"access{RLO}.log.gz"
    with gzip.open(log, "wt", encoding="utf-8") as out:
        out.write(f'10.0.0.1 - - [27/Nov/2026:10:00:00 +0000] "GET /checkout{ESC} HTTP/1.1" 200 5 "-" "Evil{RLO}/1 \\x1b[2J"\n')
        out.write(f"not a log line {ESC}\n")
    summary = run("helpcenter", "diagnose", "--log", str(log), cwd=hostile_site)
    assert summary.returncode == 0, summary.stderr
    raw_free(summary.stdout + summary.stderr)
    assert f"access{SHOWN_RLO}.log.gz, browsers judged on" in summary.stdout
    assert "2 lines, 1 not in combined log format (skipped)" in summary.stdout
    missing = run("helpcenter", "diagnose", "--log", str(hostile_site / f"gone{ESC}.log"), cwd=hostile_site)
    assert missing.returncode == 2
    assert missing.stderr == f"diagnose: {hostile_site}/gone{SHOWN_ESC}.log: no such file\n"
