#!/usr/bin/env python3
"""Regenerate tests/data/uap-core/cases.jsonl.gz from a checkout of ua-parser's uap-core.

    .venv/bin/python scripts/uap_fixture.py PATH/TO/uap-core            # must be at COMMIT below
    .venv/bin/python scripts/uap_fixture.py PATH/TO/uap-core --commit NEW  # move to another commit

uap-core's test files (88,000 lines of YAML) label real user agents with the browser family and
version ua-parser should find. The tests and benches need only the user agent, the family and the
major version, once per distinct triple: that is the fixture, one JSON array a line, gzip'd, after
a first line naming the commit and the files it came from. Written byte for byte the same from the
same commit, so `git diff` shows when it really changed. With `--commit NEW`, also change COMMIT
here and the commit in tests/data/uap-core/README.md, and copy uap-core's LICENSE if it changed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

#: The uap-core commit the fixture comes from (2026-08-11).
COMMIT = "e3c5e634bee0b14f1a129c991483910739ad9f6c"
#: uap-core's files of labelled user agents, at their paths in that repository.
FILES = (
    "tests/test_ua.yaml",
    "test_resources/firefox_user_agent_strings.yaml",
    "test_resources/opera_mini_user_agent_strings.yaml",
    "test_resources/pgts_browser_list.yaml",
    "test_resources/podcasting_user_agent_strings.yaml",
)
FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "uap-core" / "cases.jsonl.gz"

Case = tuple[str, str, str | None]
"""(user agent, expected family, expected major version as uap-core writes it, or None)."""


def read_cases(checkout: Path) -> Iterator[Case]:
    """Every labelled user agent of the files, in file order (those without a user agent string skipped)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for name in FILES:
        data = yaml.load((checkout / name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
        for item in data["test_cases"]:
            user_agent, major = item.get("user_agent_string"), item.get("major")
            if isinstance(user_agent, str):
                yield user_agent, str(item.get("family")), None if major is None else str(major)


def fixture_bytes(cases: Iterator[Case], commit: str) -> bytes:
    """The fixture: a header line, then each distinct case once, in first-seen order; gzip without a timestamp."""
    header = {"uap_core": commit, "files": list(FILES), "fields": ["user_agent", "family", "major"]}
    lines = [json.dumps(header), *(json.dumps(list(case), ensure_ascii=False) for case in dict.fromkeys(cases))]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def checkout_commit(checkout: Path) -> str:
    """The commit a git checkout is at; ``ValueError`` when it is no checkout."""
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValueError(
            f"{checkout}: not a git checkout of uap-core ({done.stderr.strip() or 'git failed'}); "
            "clone https://github.com/ua-parser/uap-core there first"
        )
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("checkout", type=Path, help="a git checkout of https://github.com/ua-parser/uap-core")
    parser.add_argument("--commit", default=COMMIT, help=f"the commit it must be at (default: {COMMIT})")
    parser.add_argument("--out", type=Path, default=FIXTURE, help="where to write (default: the tests' fixture)")
    args = parser.parse_args(argv)
    try:
        found = checkout_commit(args.checkout)
    except ValueError as error:
        print(f"uap_fixture: {error}", file=sys.stderr)
        return 1
    if found != args.commit:
        print(
            f"uap_fixture: {args.checkout}: at commit {found}, not {args.commit}; "
            f"run `git -C {args.checkout} checkout {args.commit}` (or pass --commit)",
            file=sys.stderr,
        )
        return 1
    try:
        data = fixture_bytes(read_cases(args.checkout), found)
    except (OSError, KeyError, TypeError, yaml.YAMLError) as error:
        print(f"uap_fixture: {args.checkout}: cannot read uap-core's test cases: {error}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    count = gzip.decompress(data).count(b"\n") - 1
    print(f"{args.out}: {count} distinct labelled user agents from uap-core {found[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
