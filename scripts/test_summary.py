#!/usr/bin/env python3
"""The end of `make test`: how many tests skipped, which, and why (issue 12, item 8).

Reads the two reports `make test` writes:
  - ctest's JUnit report (ctest --output-junit): a GoogleTest that called GTEST_SKIP() is a test
    ctest did not run ("[  SKIPPED ]" in its output); the reason is the line after "Skipped";
  - the TAP report of `node --test` (a second reporter besides the readable one on the console):
    "ok N - name # SKIP reason" lines, at any depth, and the summary's "# skipped N".

Prints every skipped test with its reason, then the count. Under CI (CI=true) it fails when a test
skipped for any reason but the absence of ../shared/data (GUICHET_SHARED_DATA): every tool the
tests need (Dovecot, aiosmtpd, curl, pdftotext, Chromium) is installed by scripts/setup.sh, so a
skip there means the CI machine is not set up and the test passed without checking.

Usage: scripts/test_summary.py [--ctest-junit FILE] [--node-tap FILE]   (missing files: skipped)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

# The one reason a skip is allowed on CI: the shared data set is not part of the repository.
ALLOWED_ON_CI = re.compile(r"shared[ /_-]?data|GUICHET_SHARED_DATA", re.IGNORECASE)


def ctest_skips(path: str) -> tuple[int, list[tuple[str, str]]]:
    """(tests run, [(name, reason)]) from ctest's JUnit report."""
    root = ET.parse(path).getroot()
    skips = []
    total = 0
    for case in root.iter("testcase"):
        total += 1
        status = case.get("status", "")
        skipped = case.find("skipped")
        if status not in ("notrun", "disabled") and skipped is None:
            continue
        out = case.findtext("system-out") or ""
        reason = ""
        lines = out.splitlines()
        for i, line in enumerate(lines):
            if re.search(r": Skipped\s*$", line) and i + 1 < len(lines):
                reason = lines[i + 1].strip()
                break
        if not reason and skipped is not None:
            reason = skipped.get("message", "")
        skips.append((case.get("name", "?"), reason or "(no reason given)"))
    return total, skips


TAP_SKIP = re.compile(r"^\s*ok \d+ - (.*?)\s+# SKIP\b\s*(.*)$", re.IGNORECASE)


def node_skips(path: str) -> tuple[int | None, list[tuple[str, str]]]:
    """(the summary's skipped count, [(name, reason)]) from a TAP report of node --test."""
    summary = None
    skips = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = TAP_SKIP.match(line)
            if m:
                skips.append((m.group(1), m.group(2).strip() or "(no reason given)"))
            m = re.match(r"^# skipped (\d+)\s*$", line)
            if m:
                summary = int(m.group(1))
    return summary, skips


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ctest-junit")
    parser.add_argument("--node-tap")
    args = parser.parse_args(argv)
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")

    found: list[tuple[str, str, str]] = []  # (suite, name, reason)
    counts = []
    if args.ctest_junit and os.path.exists(args.ctest_junit):
        _, skips = ctest_skips(args.ctest_junit)
        found += [("C++", n, r) for n, r in skips]
        counts.append(f"C++ {len(skips)}")
    if args.node_tap and os.path.exists(args.node_tap):
        summary, skips = node_skips(args.node_tap)
        found += [("Node", n, r) for n, r in skips]
        counts.append(f"Node {summary if summary is not None else len(skips)}")

    if found:
        print("Skipped tests:")
        for suite, name, reason in found:
            print(f"  [{suite}] {name}: {reason}")
    print(f"Tests skipped: {len(found)} ({', '.join(counts) or 'no report found'})")

    refused = [f for f in found if not ALLOWED_ON_CI.search(f[2])]
    if ci and refused:
        print(f"CI: {len(refused)} test(s) skipped because a tool is missing; scripts/setup.sh "
              "installs them (only a missing ../shared/data may skip):", file=sys.stderr)
        for suite, name, reason in refused:
            print(f"  [{suite}] {name}: {reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
