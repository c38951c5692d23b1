"""Batch mode of ``helpcenter diagnose``: many user agents, or a web server's access log."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import diag_user_agents as ua
import pytest
from diag_helpers import STEPS, validate_report

from diagnostics import Policy
from diagnostics.cli import main
from generator.cli import main as helpcenter

ARGS = ["--date", "2026-11-27"]


def log_line(address: str, user_agent: str, path: str = "/checkout") -> str:
    """One line of nginx's combined log format (nginx writes a double quote as \\x22)."""
    agent = user_agent.replace('"', "\\x22")
    return f'{address} - - [27/Nov/2026:10:00:00 +0000] "GET {path} HTTP/1.1" 200 512 "-" "{agent}"\n'


def test_user_agents_json_one_report_a_line_in_input_order(
    tmp_path: Path, policy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    """--user-agents FILE --json: one report a line, in input order, the single report's shape; bad lines skipped."""
    agents = tmp_path / "agents.txt"
    agents.write_bytes(f"{ua.IE11}\n\n{ua.CHROME_158_WIN}\n{ua.INSTAGRAM_IOS}".encode() + b"\n\xff\xfe broken\n")
    assert main(["--user-agents", str(agents), "--json", *ARGS], steps=STEPS, policy=policy) == 0
    captured = capsys.readouterr()
    reports = [json.loads(line) for line in captured.out.splitlines()]
    assert [report["browser"]["family"] for report in reports] == ["Internet Explorer", "Chrome", "Instagram"]
    assert [report["status"] for report in reports] == ["fail", "pass", "fail"]
    for report in reports:
        validate_report(report)
    assert main(["--user-agent", ua.CHROME_158_WIN, "--json", *ARGS], steps=STEPS, policy=policy) == 0
    assert json.loads(capsys.readouterr().out) == reports[1]  # the same shape and content as one at a time
    assert "2 empty or unreadable lines skipped" in captured.err


def test_log_summary_counts_visitors_per_verdict(tmp_path: Path, policy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    """--log FILE.gz: visitors (address + user agent) per verdict, top failing browsers, in-app browsers; bad lines counted."""
    lines = [log_line("10.0.0.1", ua.CHROME_158_WIN)] * 5  # one visitor, five requests
    lines += [log_line("10.0.0.2", ua.IE11), log_line("10.0.0.3", ua.IE11), log_line("10.0.0.4", ua.INSTAGRAM_IOS)]
    lines += [log_line("10.0.0.5", 'Mozilla/5.0 "quoted" Frobnicator/1'), log_line("10.0.0.6", "Googlebot/2.1")]
    lines += ["this is not a log line\n", "\n"]
    log = tmp_path / "access.log.gz"
    with gzip.open(log, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    assert main(["--log", str(log), "--json", *ARGS], steps=STEPS, policy=policy) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["lines"], summary["bad_lines"], summary["requests"]) == (12, 2, 10)
    assert (summary["visitors"], summary["robots"]) == (5, 1)
    assert summary["verdicts"] == {"pass": 1, "fail": 3, "unknown": 1}
    assert summary["failing"] == {"Internet Explorer 11": 2, "Instagram's built-in browser": 1}
    assert summary["in_app"] == {"Instagram": 1}
    assert main(["--log", str(log), *ARGS], steps=STEPS, policy=policy) == 0
    text = capsys.readouterr().out
    assert "5 visitors" in text
    assert "Problem found" in text
    assert "60.0%" in text  # three of five visitors fail step 1


def test_log_path_filter_and_unreadable_file(tmp_path: Path, policy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    """--path keeps only checkout requests; a missing file is a message and exit code 2, no traceback."""
    log = tmp_path / "access.log"
    log.write_text(log_line("10.0.0.1", ua.IE11, "/checkout/pay") + log_line("10.0.0.2", ua.IE11, "/faq/"), "utf-8")
    assert main(["--log", str(log), "--path", "/checkout", "--json", *ARGS], steps=STEPS, policy=policy) == 0
    assert json.loads(capsys.readouterr().out)["visitors"] == 1
    assert main(["--log", str(tmp_path / "missing.log"), *ARGS], steps=STEPS, policy=policy) == 2
    err = capsys.readouterr().err
    assert f"diagnose: {tmp_path / 'missing.log'}: no such file" in err
    assert "Traceback" not in err


def test_helpcenter_diagnose_takes_addresses_from_mkdocs_yml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """helpcenter diagnose: site_url and the shop (name, site, support address) come from the site's mkdocs.yml."""
    from diag_helpers import ROOT

    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = text.replace("support_email: support@alsgem.com", "support_email: help@shop.example")
    text = text.replace("name: Alsgem", "name: Shop Example").replace(
        "url: https://www.alsgem.com/", "url: https://www.shop.example/"
    )
    text = text.replace('site_url: !ENV [HELPCENTER_SITE_URL, "https://help.alsgem.com/"]', "site_url: https://faq.shop.example/")
    text = text.replace("content_dir: content", f"content_dir: {ROOT / 'content'}")
    text = text.replace("docs_dir: static", f"docs_dir: {ROOT / 'static'}")
    config.write_text(text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}"), "utf-8")
    assert helpcenter(["diagnose", "--config-file", str(config), "--user-agent", ua.IE11, *ARGS]) == 0
    out = capsys.readouterr().out
    assert "https://faq.shop.example/faq/cannot-pay/#step-browser" in out
    assert out.rstrip().endswith("email this report to help@shop.example.")
    assert out.startswith("Shop Example checkout self-check\n")
    assert "then open shop.example there" in out


# Bounded memory: the command's own start-up is about 50 MB; a reader that held a line or a list
# of line numbers would take hundreds more on these inputs (bench/cli_memory.py: 1 GiB, 200 MiB).
MEMORY_MB = 100


def test_gzip_bombs_are_read_in_bounded_memory(tmp_path: Path) -> None:
    """One 64 MiB line in a 64 KiB gzip, and 8 million empty lines: counted and skipped, the rest judged, memory bounded."""
    from helpers_memory import MB, gzip_bomb, run_measured

    line = gzip_bomb(tmp_path / "one-line.gz", 64 * MB, b"A")
    with line.open("ab") as out:  # a second gzip member: the lines after the long one are still read
        out.write(gzip.compress(f"\n{ua.IE11}\n{ua.CHROME_158_WIN}\n".encode()))
    result = run_measured(["helpcenter", "diagnose", "--user-agents", str(line), "--json", *ARGS])
    assert result.returncode == 0, result.stderr
    assert [json.loads(report)["status"] for report in result.stdout.splitlines()] == ["fail", "pass"]
    assert result.stderr == f"diagnose: {line}: 1 line over 64 KiB skipped\n"
    assert result.peak_mb < MEMORY_MB
    breaks = gzip_bomb(tmp_path / "newlines.gz", 8 * MB, b"\n")
    summary = run_measured(["helpcenter", "diagnose", "--log", str(breaks), "--json", *ARGS])
    assert summary.returncode == 0, summary.stderr
    counts = json.loads(summary.stdout)
    assert (counts["lines"], counts["bad_lines"], counts["long_lines"], counts["visitors"]) == (8 * MB, 8 * MB, 0, 0)
    assert summary.peak_mb < MEMORY_MB


def _cut_gzip(path: Path) -> None:
    path.write_bytes(gzip.compress("".join(f"{n}\n" for n in range(99_999)).encode())[:50_000])


def _fake_gzip(path: Path) -> None:
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 100)


READ_ERRORS: dict[str, tuple[Callable[[Path], object], str]] = {
    "cut.log.gz": (_cut_gzip, "the gzip data ends early"),
    "fake.log.gz": (_fake_gzip, "not valid gzip data"),
    "folder.log": (Path.mkdir, "is a folder; give a file of it"),
    "missing.log": (Path.exists, "no such file"),  # nothing made
}


@pytest.mark.parametrize("name", READ_ERRORS)
def test_every_read_error_is_one_message_and_exit_2(
    tmp_path: Path, policy: Policy, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A truncated or fake gzip, a folder, a missing file: `diagnose: FILE: message`, exit 2, never a traceback."""
    make, message = READ_ERRORS[name]
    path = tmp_path / name
    make(path)
    for option in ("--log", "--user-agents"):
        assert main([option, str(path), *ARGS], steps=STEPS, policy=policy) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"diagnose: {path}: {message}"), err
        assert err.count("\n") == 1
        assert "None" not in err


def test_a_device_is_refused_not_read(policy: Policy, capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/zero would never end: refused before reading."""
    assert main(["--log", "/dev/zero", *ARGS], steps=STEPS, policy=policy) == 2
    assert capsys.readouterr().err == "diagnose: /dev/zero: is a device, not a file; give a log or list file\n"


def test_a_pipe_is_read_like_a_file(policy: Policy, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--log <(zcat access.log.gz)`: a pipe (here a FIFO) is read, gzip or not."""
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(gzip.compress(log_line("10.0.0.1", ua.IE11).encode())))
    writer.start()
    assert main(["--log", str(fifo), "--json", *ARGS], steps=STEPS, policy=policy) == 0
    writer.join()
    assert json.loads(capsys.readouterr().out)["verdicts"] == {"fail": 1}
