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
#: Given as the published branch: this copy is not the published site's history (the project's own
#: test suite, a scratch copy); deleted entries are not checked, without a note.
NOT_PUBLISHED = "none"


def published_ref(ref: str | None = None) -> str:
    """The published branch: the one given, else $HELPCENTER_PUBLISHED_REF, else origin/main."""
    return ref or os.environ.get("HELPCENTER_PUBLISHED_REF", "").strip() or DEFAULT_PUBLISHED_REF


def in_ci() -> bool:
    """Under CI (CI=true, as GitHub Actions, GitLab and most services set it) an unchecked history is an error."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@dataclass(frozen=True)
class Published:
    """Ids of every entry ever published, and why they may be incomplete and what to do.

    `note` is for an editor's machine (said once); `error` is set instead under CI, where a check
    that silently saw less than the whole history would let a deleted entry through.
    """

    ids: frozenset[str] = frozenset()
    note: str = ""
    error: str = ""


def _incomplete(message: str, ids: frozenset[str] = frozenset()) -> Published:
    if in_ci():
        return Published(ids, error=f"{message} (CI=true: this is an error, not a note)")
    return Published(ids, note=message)


def published(folder: Path, ref: str) -> Published:
    """Every entry id that was ever in `folder` on the published branch `ref` (at any of its commits).

    Not only the branch's last commit: an entry deleted in an earlier commit had an address too, and
    links to it still circulate. `--full-history` keeps the commits of branches merged into `ref`
    (git's default simplification drops a side branch whose merge left the folder unchanged, such as
    one that added an entry and removed it again), and `--no-renames` names a renamed file's old name.
    """
    if ref == NOT_PUBLISHED:
        return Published()
    if _git(folder, "rev-parse", "--show-toplevel") is None:
        return Published(note=f"{folder}: not in a git checkout, so entries deleted since publishing cannot be checked")
    fix = (
        "name the branch the live site is built from with `helpcenter check --published-ref BRANCH` "
        "(or HELPCENTER_PUBLISHED_REF=BRANCH)"
    )
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
        remote, _, branch = ref.partition("/")
        fetch = f"git fetch {remote} {branch}:refs/remotes/{ref}" if branch else f"git fetch origin {ref}"
        return _incomplete(
            f"there is no published branch '{ref}' here, so entries deleted since publishing cannot "
            f"be checked; run `{fetch}`, or {fix}"
        )
    out = _git(folder, "log", ref, "--full-history", "--no-renames", "--format=", "--name-only", "--relative", "--", ".") or ""
    ids = frozenset(Path(line).stem for line in out.splitlines() if line.endswith(".yml"))
    if (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return _incomplete(
            "this clone is shallow, so entries published and deleted before its first commit cannot "
            "be checked; run `git fetch --unshallow origin` (GitHub Actions: actions/checkout with "
            "`fetch-depth: 0`)",
            ids,
        )
    return Published(ids)
