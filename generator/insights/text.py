"""The report for a terminal. Every string from a log goes through `shown`, which escapes
anything a terminal would act on (control, bidi and other invisible characters)."""

from __future__ import annotations

import unicodedata
from typing import Any

from .report import REASON_WORDS


def shown(value: object) -> str:
    """`value` as text a terminal only prints: invisible and control characters as \\u escapes."""
    out = []
    for char in str(value):
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def _period(report: dict[str, Any]) -> str:
    period = report["period"]
    since = period["since"] or period["first"] or "the start"
    until = period["until"] or period["last"] or "the end"
    return f"{since} to {until}"


def render(report: dict[str, Any]) -> str:
    lines = [f"Help center insights, {_period(report)}"]
    counts = report["lines"]
    lines.append(
        f"{counts['read']} log lines read; {counts['bad']} malformed (skipped), {counts['not_signals']} other "
        f"requests, {counts['outside_period']} outside the dates, {counts['unknown_answers']} about unknown answers."
    )
    for reason, number in counts["bad_reasons"].items():
        lines.append(f"  malformed: {number} {shown(reason)}")
    searches = report["searches"]
    lines += [
        "",
        f"SEARCHES WITH NO ANSWER ({searches['total']} searches in all"
        + ("; counts of rare searches are approximate" if searches["approximate"] else "")
        + ")",
    ]
    if not searches["no_answer"]:
        lines.append("  none")
    for row in searches["no_answer"]:
        also = f" (also: {', '.join(shown(a) for a in row['also'])})" if row["also"] else ""
        lines.append(f"  {row['no_answer']:6}  {shown(row['query'])}{also}")
        lines.append(f"          write it: {shown(row['new_entry']['command'])}")
        lines.append(f"                or: {shown(row['new_entry']['admin'])}")
    lines += ["", "SEARCHES WITH ANSWERS BUT NO CLICK"]
    if not searches["no_click"]:
        lines.append("  none")
    for row in searches["no_click"]:
        lines.append(f"  {row['no_click']:6}  {shown(row['query'])}   (of {row['searches']} searches)")
    lines += ["", "ANSWERS BY HELPFUL RATE (least helpful first)"]
    if not report["answers"]:
        lines.append("  no votes")
    for answer in report["answers"]:
        lines.append(f"  {answer['helpful']:4.0%}  {answer['yes']:5} yes {answer['no']:5} no   {shown(answer['question'])}")
        reasons = ", ".join(f"{REASON_WORDS[r]}: {n}" for r, n in answer["reasons"].items())
        if reasons:
            lines.append(f"        why not: {reasons}")
        for comment in answer["comments"]:
            lines.append(f"        \u201c{shown(comment)}\u201d")
    check = report["self_check"]
    status = ", ".join(f"{n} {shown(s)}" for s, n in check["by_status"].items())
    lines += ["", f"SELF-CHECK PROBLEMS ({check['runs']} runs{': ' + status if status else ''})"]
    if not check["problems"]:
        lines.append("  none")
    for row in check["problems"]:
        lines.append(f"  {row['fail']:5} fail {row['warn']:5} warn {row['unknown']:5} unknown   {shown(row['title'])}")
        if row["browsers"]:
            lines.append("        in: " + ", ".join(f"{shown(b['browser'])} ({b['runs']})" for b in row["browsers"]))
    reads = report["reads"]
    lines += ["", "MOST READ ANSWERS"]
    lines += [f"  {row['reads']:6}  {shown(row['question'])}" for row in reads["most"]] or ["  none"]
    lines += ["", f"ANSWERS NOBODY OPENED ({len(reads['never'])})"]
    lines += [f"          {shown(row['question'])}   /{shown(row['url'])}" for row in reads["never"]] or ["  none"]
    return "\n".join(lines)
