#!/usr/bin/env python3
"""Module borders: a module's tables are read and written only by its own code (issue 12, item 4).

Each module is a folder src/<module>/ (its sub-folders included: src/requests/http is requests).
A module's tables are those its migrations create: every CREATE [VIRTUAL] TABLE [IF NOT EXISTS]
<name> and ALTER TABLE ... RENAME TO <name> found in the string literals of its .cpp/.hpp files.
The check then reads the SQL of every module (the string literals of its .cpp/.hpp files, tests
excluded: *_test.cpp, *_tests.cpp, testing.cpp/.hpp, and the fixtures of tests/) and fails when a
table of another module follows FROM, JOIN, INTO, UPDATE, TABLE, or is the subject of
CREATE INDEX/TRIGGER ... ON. SQL keywords are capitals in this code base, as the check expects
(prose such as "kept apart from requests" is not SQL). FOREIGN KEY `REFERENCES other(id)` clauses are allowed: they keep
integrity and read nothing.

Adjacent literals ("SELECT a FROM " "services") are joined as the compiler joins them, raw
literals (R"sql(...)sql") are read too, and a violation is reported with its file and line.

Usage: scripts/check_module_tables.py [--src DIR]   (default: the src/ folder of this checkout)
Exit status: 0 when every module keeps to its tables, 1 otherwise (one line per violation).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass

SOURCE_SUFFIXES = (".cpp", ".hpp", ".cc", ".h")
TEST_FILE = re.compile(r"(_test|_tests|_fuzz)\.(cpp|hpp|cc|h)$|^testing\.(cpp|hpp)$")

CREATED = re.compile(
    r"\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[\"`]?(\w+)", re.IGNORECASE)
RENAMED = re.compile(r"\bALTER\s+TABLE\s+\w+\s+RENAME\s+TO\s+[\"`]?(\w+)", re.IGNORECASE)
# A table named where a statement reads or writes it.
NAMED = re.compile(
    r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+[\"`]?(\w+)"
    r"|\bCREATE\s+(?:UNIQUE\s+)?(?:INDEX|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?\w+\s+"
    r"(?:(?:BEFORE|AFTER|INSTEAD\s+OF)\s+)?(?:(?:INSERT|DELETE|UPDATE(?:\s+OF\s+[\w\s,]+?)?)\s+)?"
    r"ON\s+[\"`]?(\w+)",
)


@dataclass
class Literal:
    """One logical string: adjacent C++ literals joined, with the line of each character."""

    text: str
    lines: list[int]


def _skip_comment(src: str, i: int) -> int:
    if src.startswith("//", i):
        end = src.find("\n", i)
        return len(src) if end < 0 else end
    if src.startswith("/*", i):
        end = src.find("*/", i + 2)
        return len(src) if end < 0 else end + 2
    return i


def string_literals(src: str) -> list[Literal]:
    """The string literals of a C++ source, adjacent ones joined, comments and chars skipped."""
    out: list[Literal] = []
    current: Literal | None = None
    line = 1
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        j = _skip_comment(src, i)
        if j != i:
            line += src.count("\n", i, j)
            i = j
            continue
        if c == "\n":
            line += 1
            i += 1
            continue
        if c.isspace():
            i += 1
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(', src[i:i + 24])
        if raw or (c == '"' or (c in "uUL" and re.match(r'(?:u8|u|U|L)"', src[i:i + 3]))):
            if current is None:
                current = Literal("", [])
            if raw:
                start = i + raw.end()
                close = ")" + raw.group(1) + '"'
                end = src.find(close, start)
                end = n if end < 0 else end
                body = src[start:end]
                for ch in body:
                    current.text += ch
                    current.lines.append(line)
                    if ch == "\n":
                        line += 1
                i = end + len(close)
                continue
            i = src.index('"', i) + 1
            while i < n and src[i] != '"':
                if src[i] == "\\" and i + 1 < n:
                    current.text += src[i:i + 2]
                    current.lines += [line, line]
                    if src[i + 1] == "\n":
                        line += 1
                    i += 2
                    continue
                if src[i] == "\n":  # Unterminated: give up on this literal.
                    break
                current.text += src[i]
                current.lines.append(line)
                i += 1
            i += 1
            continue
        if c == "'":  # A character literal (or a digit separator: 1'000): skip it.
            m = re.match(r"'(\\.|[^'\\\n])'", src[i:i + 4])
            i += m.end() if m else 1
            if current is not None:
                out.append(current)
                current = None
            continue
        if current is not None:
            out.append(current)
            current = None
        i += 1
    if current is not None:
        out.append(current)
    return out


def module_files(src_root: str) -> dict[str, list[str]]:
    """Module name -> its source files (tests excluded), sorted."""
    modules: dict[str, list[str]] = {}
    for module in sorted(os.listdir(src_root)):
        folder = os.path.join(src_root, module)
        if not os.path.isdir(folder):
            continue
        files = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES) and not TEST_FILE.search(name):
                    files.append(os.path.join(dirpath, name))
        modules[module] = files
    return modules


def read_literals(path: str) -> list[Literal]:
    with open(path, encoding="utf-8", errors="replace") as f:
        return string_literals(f.read())


def check(src_root: str) -> tuple[dict[str, str], list[str]]:
    """(table -> owning module, violations as "file:line: message")."""
    modules = module_files(src_root)
    literals = {path: read_literals(path) for files in modules.values() for path in files}
    shown = {path: os.path.relpath(path) for path in literals}
    owner: dict[str, str] = {}
    problems: list[str] = []
    for module, files in modules.items():
        for path in files:
            for lit in literals[path]:
                for m in list(CREATED.finditer(lit.text)) + list(RENAMED.finditer(lit.text)):
                    table = m.group(1).lower()
                    if table in owner and owner[table] != module:
                        problems.append(f"{shown[path]}:{lit.lines[m.start(1)]}: table {table} is "
                                        f"created by both {owner[table]} and {module}")
                    owner.setdefault(table, module)
    for module, files in modules.items():
        for path in files:
            for lit in literals[path]:
                for m in NAMED.finditer(lit.text):
                    group = 1 if m.group(1) else 2
                    table = m.group(group).lower()
                    other = owner.get(table)
                    if other is None or other == module:
                        continue
                    problems.append(
                        f"{shown[path]}:{lit.lines[m.start(group)]}: module {module} names table "
                        f"{table} of module {other} in its SQL; call {other}'s interface instead")
    return owner, problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    parser.add_argument("--src", default=os.path.normpath(default_src))
    args = parser.parse_args(argv)
    owner, problems = check(args.src)
    if not owner:
        print(f"check_module_tables: no CREATE TABLE found under {args.src}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_module_tables: {len(problems)} use(s) of another module's table "
              "(docs: BRIEF 'Module borders')", file=sys.stderr)
        return 1
    modules = sorted(set(owner.values()))
    print(f"module tables: ok ({len(owner)} tables in {len(modules)} modules: "
          f"{', '.join(modules)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
