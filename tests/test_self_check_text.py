"""The page's facts-only report (report.js) cleans strings exactly as Python's report does.

`cleanText` in theme/assets/hc/self-check/report.js and `clean_text` in diagnostics/plain_text.py
are run, in Node and in CPython, on every character of the Basic Multilingual Plane and a few
beyond, alone and between letters, and on cut-off cases; their results must be identical.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from helpers import ROOT

from diagnostics.plain_text import clean_text

REPORT_JS = ROOT / "theme" / "assets" / "hc" / "self-check" / "report.js"
NODE = shutil.which("node") or "node"

SCRIPT = """
const { cleanText } = await import(process.argv[1]);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
process.stdout.write(JSON.stringify(cases.map(([text, limit]) => cleanText(text, limit))));
"""


def test_report_js_cleans_every_character_as_python_does() -> None:
    """Each character alone, between letters, in runs, and texts cut at a limit (astral characters count once)."""
    characters = [chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF]
    characters += ["\U0001f48d", "\U000e0001", "\U0010fffd"]
    cases = [(c, 100) for c in characters] + [(f"a{c}b", 100) for c in characters]
    cases += [
        ("Mozilla/5.0 \x1b[31mEvil\u202e \u200b\u2066x\u2069 ", 1000),
        (" \x00\x1b\u202e ", 10),
        ("\U0001f48d" * 5 + "\x1b", 5),
        ("ab\u202ecd", 3),
        ("", 10),
        ("x" * 2000, 1000),
    ]
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", SCRIPT, REPORT_JS.as_uri()],
        check=False,
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    from_js = json.loads(done.stdout)
    mismatches = [
        (text, js, clean_text(text, limit))
        for (text, limit), js in zip(cases, from_js, strict=True)
        if js != clean_text(text, limit)
    ]
    assert mismatches == []
