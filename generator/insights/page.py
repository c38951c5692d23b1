"""The report as one static HTML page an editor opens from disk (`helpcenter insights --html DIR`).

Tables and plain inline SVG bars; no script at all, no file from another host. Every string is
escaped where it enters the page, and the page's own Content-Security-Policy allows nothing but
its inline styles, so even a mistake here could not run what a log holds.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from .report import REASON_WORDS
from .text import shown

MARK = '<meta name="generator" content="helpcenter insights">'
STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d1b20; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; vertical-align: top; }
tr:nth-child(even) { background: #f6f4f8; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: .85rem; background: #eee; padding: 0 .2rem; word-break: break-all; }
.bar rect { fill: #6b3fa0; } .bar text { font-size: 12px; fill: #1d1b20; } .note { color: #555; }
blockquote { margin: .2rem 0 .2rem 1rem; color: #444; }
"""


class PageError(Exception):
    """The report cannot be written there; the message says why."""


def _e(value: object) -> str:
    return escape(shown(value), quote=True)


def _bars(rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart: one labelled bar per row, as plain SVG."""
    if not rows:
        return ""
    top = max(n for _, n in rows) or 1
    height = 22 * len(rows)
    parts = [
        (
            f'<svg class="bar" role="img" aria-label="Bar chart of the table below" width="100%" height="{height}" '
            f'viewBox="0 0 600 {height}" preserveAspectRatio="xMinYMin meet">'
        )
    ]
    for i, (label, number) in enumerate(rows):
        width = max(1, round(300 * number / top))
        parts.append(
            f'<text x="0" y="{22 * i + 15}">{_e(label[:40])}</text>'
            f'<rect x="290" y="{22 * i + 4}" width="{width}" height="14"></rect>'
            f'<text x="{296 + width}" y="{22 * i + 15}">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return '<p class="note">None.</p>'
    cells = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(rows_cell for rows_cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _n(number: int) -> str:
    return f'<td class="n">{number}</td>'


def render(report: dict[str, Any]) -> str:
    period = report["period"]
    since = period["since"] or period["first"] or "the start"
    until = period["until"] or period["last"] or "the end"
    lines = report["lines"]
    searches = report["searches"]
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        MARK,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Help center insights, {_e(since)} to {_e(until)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Help center insights, {_e(since)} to {_e(until)}</h1>",
        (
            f'<p class="note">{lines["read"]} log lines read; {lines["bad"]} malformed (skipped), {lines["not_signals"]} '
            f"other requests, {lines['outside_period']} outside the dates. {searches['total']} searches."
            + (" Counts of rare searches are approximate." if searches["approximate"] else "")
            + "</p>"
        ),
        "<h2>Searches with no answer</h2>",
        (
            '<p class="note">Each is a question shoppers ask that no answer covers: "New entry" opens the editor with '
            "the question filled in (under <code>make serve</code>, or on the live site when it has a CMS backend).</p>"
        ),
        _bars([(r["query"], r["no_answer"]) for r in searches["no_answer"][:10]]),
        _table(
            ["Searches", "Search", "Write the answer"],
            [
                [
                    _n(r["no_answer"]),
                    f"<td>{_e(r['query'])}"
                    + (f'<br><span class="note">also: {_e(", ".join(r["also"]))}</span>' if r["also"] else "")
                    + "</td>",
                    f'<td><a href="{_e(r["new_entry"]["admin"])}">New entry</a><br><code>{_e(r["new_entry"]["command"])}</code></td>',
                ]
                for r in searches["no_answer"]
            ],
        ),
        "<h2>Searches with answers but no click</h2>",
        _table(
            ["No click", "Of searches", "Search", "Write the answer"],
            [
                [
                    _n(r["no_click"]),
                    _n(r["searches"]),
                    f"<td>{_e(r['query'])}</td>",
                    f'<td><a href="{_e(r["new_entry"]["admin"])}">New entry</a><br><code>{_e(r["new_entry"]["command"])}</code></td>',
                ]
                for r in searches["no_click"]
            ],
        ),
        "<h2>Answers by helpful rate</h2>",
        _bars([(a["question"], round(100 * a["helpful"])) for a in report["answers"][:10]]),
        _table(
            ["Helpful", "Yes", "No", "Answer", "Why not, and what shoppers wrote"],
            [
                [
                    f'<td class="n">{round(100 * a["helpful"])}%</td>',
                    _n(a["yes"]),
                    _n(a["no"]),
                    f"<td>{_e(a['question'])}</td>",
                    "<td>"
                    + _e(", ".join(f"{REASON_WORDS[r]}: {n}" for r, n in a["reasons"].items()))
                    + "".join(f"<blockquote>{_e(c)}</blockquote>" for c in a["comments"])
                    + "</td>",
                ]
                for a in report["answers"]
            ],
        ),
    ]
    check = report["self_check"]
    status = ", ".join(f"{n} {s}" for s, n in check["by_status"].items())
    out += [
        f'<h2>Self-check problems</h2><p class="note">{check["runs"]} runs{": " + _e(status) if status else ""}.</p>',
        _table(
            ["Fail", "Warn", "Unknown", "Check", "Browsers where it failed or warned"],
            [
                [
                    _n(r["fail"]),
                    _n(r["warn"]),
                    _n(r["unknown"]),
                    f"<td>{_e(r['title'])}</td>",
                    "<td>" + _e(", ".join(f"{b['browser']} ({b['runs']})" for b in r["browsers"])) + "</td>",
                ]
                for r in check["problems"]
            ],
        ),
        "<h2>Most read answers</h2>",
        _bars([(r["question"], r["reads"]) for r in report["reads"]["most"][:10]]),
        _table(["Reads", "Answer"], [[_n(r["reads"]), f"<td>{_e(r['question'])}</td>"] for r in report["reads"]["most"]]),
        f"<h2>Answers nobody opened ({len(report['reads']['never'])})</h2>",
        _table(
            ["Answer", "Address"],
            [[f"<td>{_e(r['question'])}</td>", f"<td><code>/{_e(r['url'])}</code></td>"] for r in report["reads"]["never"]],
        ),
        "</body></html>",
        "",
    ]
    return "\n".join(out)


def write(report: dict[str, Any], folder: Path) -> Path:
    """Write FOLDER/index.html; refuse to replace an index.html that is not an earlier report."""
    page = folder / "index.html"
    try:
        if page.exists() and MARK not in page.read_text(encoding="utf-8", errors="replace"):
            raise PageError(f"{page}: exists and is not an earlier insights report; choose another folder")
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / ".index.html.tmp"
        temporary.write_text(render(report), encoding="utf-8")
        temporary.replace(page)
    except OSError as error:
        raise PageError(f"{page}: cannot write it ({error.strerror or error})") from None
    return page
