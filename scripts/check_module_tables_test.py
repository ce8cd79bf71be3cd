#!/usr/bin/env python3
"""Tests of check_module_tables.py on tiny fixture trees: the violations it must catch (with file
and line) and the SQL it must let pass (own tables, REFERENCES, prose, tests).

Run: python3 scripts/check_module_tables_test.py   (make test runs it before the checker)
"""

import contextlib
import io
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_module_tables as checker  # noqa: E402

TENANCY = '''\
const char* kMigration = R"sql(
CREATE TABLE tenants (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS services (id TEXT PRIMARY KEY, tenant_id TEXT REFERENCES tenants(id));
)sql";
auto q = "SELECT id FROM services WHERE id = $1";
'''

REQUESTS_OK = '''\
const char* kMigration = R"sql(
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  service_id TEXT REFERENCES services(id)
);
)sql";
// SELECT name FROM services in a comment is not SQL.
auto a = "SELECT id FROM requests WHERE service_id = $1";
auto why = "requests kept apart from services";  // Prose, not SQL.
'''


class CheckModuleTables(unittest.TestCase):
    def tree(self, files):
        root = tempfile.mkdtemp(prefix="module-tables-")
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))
        return root

    def test_owned_tables_references_comments_and_prose_pass(self):
        root = self.tree({"tenancy/tenancy.cpp": TENANCY, "requests/schema.cpp": REQUESTS_OK})
        owner, problems = checker.check(root)
        self.assertEqual(owner, {"tenants": "tenancy", "services": "tenancy",
                                 "requests": "requests"})
        self.assertEqual(problems, [])

    def test_a_join_on_another_modules_table_is_caught_with_its_line(self):
        bad = REQUESTS_OK + 'auto b = "SELECT r.id, s.name FROM requests r "\n' \
                            '         "LEFT JOIN services s ON s.id = r.service_id";\n'
        root = self.tree({"tenancy/tenancy.cpp": TENANCY, "requests/http/routes.cpp": bad})
        _, problems = checker.check(root)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn(os.path.join("requests", "http", "routes.cpp") + ":11:", problems[0])
        self.assertIn("module requests names table services of module tenancy", problems[0])

    def test_writes_raw_literals_and_indexes_are_caught(self):
        bad = textwrap.dedent('''\
            auto w = "UPDATE services SET name = $1";
            auto i = R"sql(INSERT INTO
              tenants (id) VALUES ($1))sql";
            auto x = "CREATE INDEX requests_by_service ON services(id)";
            auto d = "DELETE FROM tenants";
            ''')
        root = self.tree({"tenancy/tenancy.cpp": TENANCY, "requests/schema.cpp": REQUESTS_OK,
                          "requests/store.cpp": bad})
        _, problems = checker.check(root)
        lines = sorted(p.split(":")[1] for p in problems)
        self.assertEqual(lines, ["1", "3", "4", "5"], problems)

    def test_test_files_are_not_read(self):
        test = 'auto t = "SELECT * FROM services";\n'
        root = self.tree({"tenancy/tenancy.cpp": TENANCY, "requests/schema.cpp": REQUESTS_OK,
                          "requests/request_test.cpp": test, "requests/testing.hpp": test})
        self.assertEqual(checker.check(root)[1], [])

    def test_the_command_fails_on_a_violation(self):
        root = self.tree({"tenancy/tenancy.cpp": TENANCY,
                          "requests/schema.cpp": REQUESTS_OK + 'auto b = "SELECT 1 FROM tenants";\n'})
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            self.assertEqual(checker.main(["--src", root]), 1)
            self.assertEqual(checker.main(["--src", self.tree({"tenancy/t.cpp": TENANCY})]), 0)
        self.assertIn("requests/schema.cpp:10: module requests names table tenants", out.getvalue())


if __name__ == "__main__":
    unittest.main(verbosity=1)
