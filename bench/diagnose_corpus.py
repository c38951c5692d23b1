"""The self-check's rules over real-world user agents (uap-core's labelled cases, tests/data/uap-core/cases.jsonl.gz).

Prints, per class of user agent (from uap-core's own labels, see tests/diag_corpus.py): how many
got each verdict of the browser check and of the report as a whole; crashes; checks that
themselves failed; outputs carrying markup or control characters; and the throughput of
``diagnose`` + ``to_dict`` + ``to_text`` on distinct user agents (first-call cost included).

    .venv/bin/python bench/diagnose_corpus.py [--date 2026-11-27]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from diag_corpus import UNSAFE_OUTPUT, absurd_versions, cases, hostile_user_agents, strings_in

from diagnostics import diagnose, load_policy_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", default="2026-11-27")
    parser.add_argument("--smoke", action="store_true", help="smallest size, one run: the suite's check that it still works")
    args = parser.parse_args()
    today = date.fromisoformat(args.date)
    policy = load_policy_file(ROOT / "content" / "browsers.yml")
    corpus = list(cases())[: 200 if args.smoke else None]
    rows = [(case.kind, case.user_agent, case.family) for case in corpus]
    rows += [("absurd-version", user_agent, "") for user_agent in absurd_versions(corpus)]
    rows += [("hostile", user_agent, "") for user_agent in hostile_user_agents()]
    browser_counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    overall_counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    crashes = failed_checks = unsafe = named_in_app = 0
    started = time.perf_counter()
    for kind, user_agent, _family in rows:
        try:
            report = diagnose({"user_agent": user_agent}, policy=policy, today=today)
            data = report.to_dict()
            text = report.to_text()
        except Exception:  # noqa: BLE001 - counted, the run goes on
            crashes += 1
            continue
        checks = {check["id"]: check for check in data["checks"]}
        browser_counts[kind][checks["browser"]["status"]] += 1
        overall_counts[kind][data["status"]] += 1
        failed_checks += sum("check itself failed" in check["message"] for check in data["checks"])
        if any(UNSAFE_OUTPUT.search(item) for item in [text.replace("\n", " "), *strings_in(data)]):
            unsafe += 1
        if kind == "in-app" and data["browser"].get("in_app"):
            named_in_app += 1
    elapsed = time.perf_counter() - started
    statuses = ("pass", "warn", "fail", "unknown", "info")
    print(
        f"uap-core corpus: {len(corpus)} labelled user agents + {len(rows) - len(corpus)} with impossible versions, "
        f"judged on {today}"
    )
    print(
        f"{'class':<18} {'count':>6}  browser check: "
        + " ".join(f"{s:>7}" for s in statuses[:4])
        + "   overall: "
        + " ".join(f"{s:>7}" for s in statuses[:4])
    )
    for kind in sorted(browser_counts):
        total = sum(browser_counts[kind].values())
        print(
            f"{kind:<18} {total:>6}                 "
            + " ".join(f"{browser_counts[kind][s]:>7}" for s in statuses[:4])
            + "            "
            + " ".join(f"{overall_counts[kind][s]:>7}" for s in statuses[:4])
        )
    in_app_total = sum(browser_counts["in-app"].values())
    print(
        f"crashes: {crashes}; 'check itself failed' findings: {failed_checks}; outputs with markup/control "
        f"characters: {unsafe}; in-app browsers reported as in-app: {named_in_app}/{in_app_total}"
    )
    print(f"throughput: {len(rows) / elapsed:,.0f} user agents/s ({len(rows)} distinct, {elapsed:.1f} s, one process)")
    print(json.dumps({"crashes": crashes, "unsafe": unsafe, "ua_per_s": round(len(rows) / elapsed)}))


if __name__ == "__main__":
    main()
