"""What git knows about the content: when each entry last changed, and which entries were published.

Used only where git is there (an editor's checkout, CI); without git, or outside a
repository, every function answers "nothing known" rather than failing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(cwd: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], check=False, cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def last_changed(folder: Path) -> dict[str, str]:
    """File name -> date (YYYY-MM-DD) of the last commit that changed it, for files in `folder`.

    One `git log` over the folder, newest first, so the first date seen for a file is its last.
    """
    out = _git(folder, "log", "--format=%x00%cs", "--name-only", "--relative", "--", ".")
    dates: dict[str, str] = {}
    if not out:
        return dates
    for chunk in out.split("\0")[1:]:
        day, *names = chunk.strip().splitlines()
        for name in names:
            dates.setdefault(Path(name).name, day)
    return dates


def published_ids(folder: Path) -> set[str]:
    """Ids of the entries in the last commit (HEAD), i.e. addresses shoppers may have saved."""
    out = _git(folder, "ls-tree", "--name-only", "HEAD", "--", ".")
    if not out:
        return set()
    return {Path(line).stem for line in out.splitlines() if line.endswith(".yml")}
