"""Run Lighthouse (npm, pinned) with Debian's Chromium; plain data out."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from helpers_browser import CHROMIUM, CHROMIUM_ARGS

ROOT_CLI = "node_modules/lighthouse/cli/index.js"


def lighthouse(url: str, categories: list[str], *, cwd: str, preset: str | None = None) -> dict[str, Any]:
    """Lighthouse's report for `url` (phone emulation unless preset="desktop")."""
    flags = " ".join(["--headless=new", "--no-sandbox", *CHROMIUM_ARGS])
    command = [
        "node",
        ROOT_CLI,
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(categories)}",
        f"--chrome-flags={flags}",
    ]
    if preset:
        command.append(f"--preset={preset}")
    for _attempt in range(3):
        result = subprocess.run(
            command,
            check=False,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        # Lighthouse itself sometimes loses the page-load trace on a busy machine and says to
        # run again (NO_NAVSTART); that is a measuring failure, not a finding about the page.
        if result.returncode == 0 or "run Lighthouse again" not in result.stderr:
            break
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def scores(report: dict[str, Any]) -> dict[str, float]:
    return {key: category["score"] for key, category in report["categories"].items()}


def failed_audits(report: dict[str, Any]) -> list[str]:
    """Audits that cost points: category, id, score and title."""
    failed = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failed.append(f"{category['id']}: {audit['id']} ({audit['score']}) {audit['title']}")
    return failed
