#!/usr/bin/env python3
"""Tests of test_summary.py on small reports: skips are found with their reasons in ctest's JUnit
and node's TAP; under CI a skip for a missing tool fails and one for missing shared data does not.

Run: python3 scripts/test_summary_test.py   (make test runs it with the module check)
"""

import contextlib
import io
import os
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_summary  # noqa: E402

JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux" tests="3" failures="0" disabled="0" skipped="2">
  <testcase name="Letter.IsAPdf" classname="Letter.IsAPdf" time="0.1" status="notrun">
    <skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/>
    <system-out>[ RUN      ] Letter.IsAPdf
../src/requests/letter_test.cpp:83: Skipped
pdftotext (poppler-utils) is not installed
[  SKIPPED ] Letter.IsAPdf (3 ms)</system-out>
  </testcase>
  <testcase name="Holidays.Etalab" classname="Holidays.Etalab" time="0.1" status="notrun">
    <skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/>
    <system-out>../src/calendar/holidays_test.cpp:274: Skipped
../shared/data not found: GUICHET_SHARED_DATA=x has no holidays/ folder
</system-out>
  </testcase>
  <testcase name="Core.Works" classname="Core.Works" time="0.1" status="run"/>
</testsuite>
"""

TAP = """TAP version 13
# Subtest: tests/api/map.test.mjs
    ok 1 - draws # SKIP shared data absent (geo/paris.geojson): not imported
    ok 2 - runs
ok 1 - tests/api/map.test.mjs
ok 2 - mailboxes: create # SKIP Dovecot is not installed (apt-get install dovecot-imapd)
# skipped 2
"""


class TestSummary(unittest.TestCase):
    def reports(self):
        folder = tempfile.mkdtemp(prefix="test-summary-")
        junit, tap = os.path.join(folder, "c.xml"), os.path.join(folder, "n.tap")
        with open(junit, "w", encoding="utf-8") as f:
            f.write(JUNIT)
        with open(tap, "w", encoding="utf-8") as f:
            f.write(TAP)
        return ["--ctest-junit", junit, "--node-tap", tap]

    def run_summary(self, ci):
        out = io.StringIO()
        with mock.patch.dict(os.environ, {"CI": "true" if ci else ""}), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = test_summary.main(self.reports())
        return code, out.getvalue()

    def test_skips_are_listed_with_their_reasons_and_counted(self):
        code, out = self.run_summary(ci=False)
        self.assertEqual(code, 0)
        self.assertIn("[C++] Letter.IsAPdf: pdftotext (poppler-utils) is not installed", out)
        self.assertIn("[C++] Holidays.Etalab: ../shared/data not found", out)
        self.assertIn("[Node] draws: shared data absent", out)
        self.assertIn("[Node] mailboxes: create: Dovecot is not installed", out)
        self.assertIn("Tests skipped: 4 (C++ 2, Node 2)", out)

    def test_ci_fails_on_a_missing_tool_but_not_on_missing_shared_data(self):
        code, out = self.run_summary(ci=True)
        self.assertEqual(code, 1)
        self.assertIn("CI: 2 test(s) skipped because a tool is missing", out)
        refused = out.split("CI: ")[1]
        self.assertIn("pdftotext", refused)
        self.assertIn("Dovecot", refused)
        self.assertNotIn("shared data absent", refused)


if __name__ == "__main__":
    unittest.main(verbosity=1)
