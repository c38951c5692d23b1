"""`helpcenter insights`: the formats it reads, what it refuses, and that a log's words never reach a
terminal or the HTML report raw. The scripted visit in Chromium is tests/production/test_signals.py."""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from helpers import ROOT

from generator.cli import main as helpcenter
from generator.insights import signals, tally
from generator.insights.local import log_line, with_signals
from generator.insights.words import SIGNALS_JS, read_words

CONFIG = str(ROOT / "mkdocs.yml")
ANSWER = "track-my-package"


def line(query: str, day: str = "2026-12-01", **fields: str) -> str:
    from urllib.parse import urlencode

    kind = fields.pop("kind", "search")
    values = {"v": "1", "q": query, "results": "0", "weak": "0", "opened": "", "rank": "0"} if kind == "search" else {"v": "1"}
    values.update(fields)
    return f'{day}T10:00:00+00:00 "/signals/{kind}?{urlencode(values)}"'


def insights(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = helpcenter(["insights", *args, "--config-file", CONFIG])
    out, err = capsys.readouterr()
    return code, out, err


def test_refund_and_refunds_are_one_search_and_lead_to_a_new_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Searches group by the engine's reading; each gap links to /admin/ and `helpcenter new` with the question."""
    log = tmp_path / "signals.log"
    log.write_text("\n".join([line("refunds"), line("refund"), line("my refund"), line("gift wrap")]) + "\n")
    code, out, _ = insights(capsys, str(log), "--json")
    assert code == 0
    rows = json.loads(out)["searches"]["no_answer"]
    top = rows[0]
    assert top["no_answer"] == 3
    assert sorted([top["query"], *top["also"]]) == ["my refund", "refund", "refunds"]
    assert top["new_entry"]["admin"].startswith("http://127.0.0.1:8000/admin/#/collections/faq/new?question=")
    assert re.fullmatch(r"helpcenter new '[A-Z][a-z ]+\?' --category [a-z-]+", top["new_entry"]["command"])


def test_the_formats_gzip_and_a_cdns_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """nginx lines in a .gz, Cloudflare Logpush lines (nanoseconds, RFC 3339), other requests counted apart."""
    plain = tmp_path / "signals.log.gz"
    with gzip.open(plain, "wt", encoding="utf-8") as file:
        file.write(line("", kind="read", entry=ANSWER) + "\n")
    cdn = tmp_path / "cloudflare.json"
    uri = f"/signals/helpful?v=1&entry={ANSWER}&vote=yes"
    cdn.write_text(
        "\n".join(
            [
                json.dumps({"EdgeStartTimestamp": 1764583200_000000000, "ClientRequestURI": uri, "ClientRequestMethod": "POST"}),
                json.dumps(
                    {"EdgeStartTimestamp": "2026-12-02T08:00:00Z", "ClientRequestURI": uri, "ClientRequestMethod": "POST"}
                ),
                json.dumps(
                    {"EdgeStartTimestamp": "2026-12-02T08:00:00Z", "ClientRequestURI": "/faq/", "ClientRequestMethod": "GET"}
                ),
            ]
        )
        + "\n"
    )
    code, out, _ = insights(capsys, str(plain), str(cdn), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["lines"]["not_signals"] == 1
    assert report["lines"]["bad"] == 0
    assert [(a["id"], a["yes"], a["reads"]) for a in report["answers"]] == [(ANSWER, 2, 1)]
    assert report["period"]["first"] == "2025-12-01"


def test_since_and_until_count_only_those_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "signals.log"
    log.write_text("\n".join(line("gift wrap", day=f"2026-11-{d:02}") for d in range(1, 31)) + "\n")
    code, out, _ = insights(capsys, str(log), "--since", "2026-11-10", "--until", "2026-11-19", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["lines"]["outside_period"] == 20
    assert report["searches"]["total"] == 10


HOSTILE = [
    line("<script>alert(1)</script> ring"),  # markup: read as words
    line("x", q="\x1b[2J\x1b[31mred"),  # terminal escapes: refused
    line("x", q="ring \u202egnp.exe"),  # a bidi override: refused
    line("x", q="r" * 500),  # longer than signals.js sends
    '2026-12-01T10:00:00+00:00 "/signals/helpful?v=1&entry=../../etc&vote=yes"',
    '2026-12-01T10:00:00+00:00 "/signals/helpful?v=1&entry=a&vote=maybe"',
    '2026-12-01T10:00:00+00:00 "/signals/evil?v=1"',
    '<img src=x onerror=alert(1)> "/signals/read?v=1&entry=a"',
    "\x1b]0;pwned\x07",
    '{"EdgeStartTimestamp": "2026-12-01", "ClientRequestURI": "/signals/read?v=1&entry=a&v=2"}',
    '{"not": "closed"',
    "[" * 100_000,
]


def test_hostile_lines_are_counted_and_never_shown_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Markup, control characters and huge lines: counted as malformed or escaped, in the terminal and the page."""
    log = tmp_path / "signals.log"
    comment = "<b>bold</b> \u201cquoted\u201d & more"
    body = "\n".join([*HOSTILE, line("", kind="helpful", entry=ANSWER, vote="no", reason="wrong", text=comment)])
    log.write_bytes(body.encode() + b"\n\xff\xfe not utf-8\n" + b"y" * (3 * 1024 * 1024) + b"\n")
    code, out, err = insights(capsys, str(log), "--html", str(tmp_path / "report"))
    assert code == 0, err
    assert "2 log lines read" not in out
    assert "15 log lines read; 13 malformed (skipped)" in out
    for raw in ("\x1b", "\u202e", "\x07", "<img", "r" * 100):
        assert raw not in out
    assert "script alert 1 script ring" in out  # the search's own reading of the words, as a search
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "script alert 1 script ring" in page
    assert "&lt;b&gt;bold&lt;/b&gt; \u201cquoted\u201d &amp; more" in page
    assert "<b>" not in page
    assert "default-src 'none'" in page


def test_a_log_that_cannot_be_read_is_named_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file, a folder, a broken gzip: `insights: FILE: message`, exit 2, nothing written."""
    broken = tmp_path / "cut.log.gz"
    broken.write_bytes(gzip.compress((line("ring") + "\n").encode() * 1000)[:200])
    for path, words in (
        (tmp_path / "none.log", "no such file"),
        (tmp_path, "a folder, not a log file"),
        (broken, "a broken gzip file"),
    ):
        code, out, err = insights(capsys, str(path), "--html", str(tmp_path / "report"))
        assert code == 2
        assert err.startswith(f"insights: {path}: {words}"), err
        assert out == ""
    assert not (tmp_path / "report").exists()


def test_the_report_never_replaces_a_page_it_did_not_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "signals.log"
    log.write_text(line("ring") + "\n")
    (tmp_path / "index.html").write_text("<p>an editor's page</p>")
    code, _, err = insights(capsys, str(log), "--html", str(tmp_path))
    assert code == 2
    assert "is not an earlier insights report" in err
    assert (tmp_path / "index.html").read_text() == "<p>an editor's page</p>"
    assert insights(capsys, str(log), "--html", str(tmp_path / "report"))[0] == 0
    assert insights(capsys, str(log), "--html", str(tmp_path / "report"))[0] == 0  # its own: replaced


def test_the_page_rules_scrub_personal_data_once_more() -> None:
    """signals.js's scrub, run in Node: e-mail, phone, order and card numbers go; sizes and carats stay."""
    read = read_words(
        ["Order #A1234 jane@example.com", "size 7 ring 925 silver"],
        ["call +44 20 7946 0958 or visit https://evil.example/x", "card 4111 1111 1111 1111 declined"],
    )
    assert read.queries["Order #A1234 jane@example.com"] == ("order", "order")
    assert read.queries["size 7 ring 925 silver"] == ("size 7 ring 925 silver", "size 7 ring 925 silver")
    assert read.texts == {
        "call +44 20 7946 0958 or visit https://evil.example/x": "call or visit",
        "card 4111 1111 1111 1111 declined": "card declined",
    }


def test_searches_past_the_cap_keep_the_top_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory is bounded: past MAX_QUERIES different searches the rarest go, the frequent stay exact."""
    monkeypatch.setattr(tally, "MAX_QUERIES", 100)
    counts = tally.Tally(known={})
    for n in range(1000):
        counts.line(line("ring broke"))
        counts.line(line(f"rare {n}x"))
    assert len(counts.searches) <= 100
    assert counts.searches["ring broke"].searches == 1000
    assert counts.dropped_searches > 0


def test_the_preview_answers_signals_in_the_production_format(tmp_path: Path) -> None:
    """mkdocs serve's route: 204 and a line `helpcenter insights` reads; other requests pass on."""
    log = tmp_path / ".cache" / "signals.log"
    passed: list[str] = []

    def site(environ: dict[str, object], start_response: object) -> list[bytes]:
        passed.append(str(environ["PATH_INFO"]))
        return [b"page"]

    app = with_signals(site, log)
    statuses: list[str] = []
    for method, path, query in (
        ("POST", "/signals/search", "v=1&q=ring+%22broke%22&results=0&weak=0&opened=&rank=0"),
        ("GET", "/signals/search", ""),
        ("POST", "/signals/other", ""),
        ("GET", "/faq/", ""),
    ):
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": io.BytesIO()}
        app(environ, lambda status, _headers: statuses.append(status))
    assert statuses == ["204 No Content", "405 Method Not Allowed", "403 Forbidden"]
    assert passed == ["/faq/"]
    [written] = log.read_text().splitlines()
    read = signals.read_line(written)
    assert read is not None
    assert read.fields["q"] == 'ring "broke"'
    assert log_line(datetime(2026, 12, 1, 10, 0).astimezone(), '/x"\\\u00e9').endswith('"/x\\x22\\x5C\\xC3\\xA9"\n')


def test_python_knows_what_signals_js_sends() -> None:
    """The limits and reasons are signals.js's, and the logs are rotated as the privacy page says."""
    source = SIGNALS_JS.read_text(encoding="utf-8")
    assert f"export const QUERY_LENGTH = {signals.QUERY_LENGTH};" in source
    assert f"export const TEXT_LENGTH = {signals.TEXT_LENGTH};" in source
    assert "export const REASONS = " + json.dumps(list(signals.REASONS)) + ";" in source
    rotate = (ROOT / "deploy" / "nginx" / "helpcenter-signals.logrotate").read_text(encoding="utf-8")
    assert f"rotate {signals.RETENTION_DAYS}\n" in rotate
