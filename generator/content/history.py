"""What git knows about the content: when each entry last changed, and which entries were ever published.

Used only where git is there (an editor's checkout, CI); without git, or outside a
repository, every function answers "nothing known" rather than failing.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
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


#: The branch the live site is built from: what shoppers may have saved addresses of.
DEFAULT_PUBLISHED_REF = "origin/main"


def published_ref(ref: str | None = None) -> str:
    """The published branch: the one given, else $HELPCENTER_PUBLISHED_REF, else origin/main."""
    return ref or os.environ.get("HELPCENTER_PUBLISHED_REF", "").strip() or DEFAULT_PUBLISHED_REF


@dataclass(frozen=True)
class Published:
    """Ids of every entry ever published, or a note saying why they are unknown and what to do."""

    ids: frozenset[str] = frozenset()
    note: str = ""


def published(folder: Path, ref: str) -> Published:
    """Every entry id that was ever in `folder` on the published branch `ref` (at any of its commits).

    Not only the branch's last commit: an entry deleted in an earlier commit had an address too,
    and links to it still circulate.
    """
    if _git(folder, "rev-parse", "--show-toplevel") is None:
        return Published(note=f"{folder}: not in a git checkout, so entries deleted since publishing cannot be checked")
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        return Published(note=(
            f"there is no published branch '{ref}' here, so entries deleted since publishing cannot be checked; "
            f"run `git fetch origin`, or name the branch the live site is built from with "
            f"`helpcenter check --published-ref BRANCH` (or HELPCENTER_PUBLISHED_REF=BRANCH)"))
    out = _git(folder, "log", ref, "--format=", "--name-only", "--relative", "--", ".") or ""
    return Published(frozenset(Path(line).stem for line in out.splitlines() if line.endswith(".yml")))
