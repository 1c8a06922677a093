#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that libpeil-core exports exactly what its installed headers declare.

Usage: check-exports.py LIBRARY SONAME HEADER... [--private HEADER...]

Every file-scope declaration of an installed header must carry a
PEIL_AVAILABLE_IN_* (or PEIL_DEPRECATED_IN_*) macro, every such symbol must
be exported, and nothing else may be, except what a private header marks
PEIL_PRIVATE_IN_ALL (listed on every run, so the list stays in sight).
The library's soname must be SONAME: a versioned one, so an incompatible
release can be installed beside this one.
"""
import re
import subprocess
import sys

MARK = re.compile(r'^(PEIL_AVAILABLE_IN_\w+|PEIL_DEPRECATED_IN_\w+(\s*\([^)]*\))?|PEIL_PRIVATE_IN_ALL)$')
NOT_DECLARATIONS = re.compile(r'^(typedef|struct|enum|union|G_DEFINE_AUTOPTR\w*|G_BEGIN_DECLS|G_END_DECLS)\b')


def statements(path):
    """Yields (marked, text) for the file-scope statements of a header."""
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    lines = [l for l in text.split('\n') if not l.strip().startswith('#')]
    depth = 0
    current = []
    marked = False
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if depth == 0 and not current and MARK.match(s):
            marked = True
            continue
        current.append(s)
        depth += s.count('{') - s.count('}')
        joined = ' '.join(current)
        if depth == 0 and (joined.endswith(';') or re.match(r'^(G_DECLARE_\w+|G_DEFINE_AUTOPTR\w*)\s*\(.*\)$', joined)
                           or joined in ('G_BEGIN_DECLS', 'G_END_DECLS')):
            yield marked, joined
            current = []
            marked = False


def declared_name(statement):
    m = re.match(r'^G_DECLARE_\w+\s*\(\s*\w+\s*,\s*(\w+)', statement)
    if m:
        return m.group(1) + '_get_type'
    m = re.search(r'(\w+)\s*\(', statement)
    return m.group(1) if m else None


def main(argv):
    library, soname = argv[1], argv[2]
    rest = argv[3:]
    private_at = rest.index('--private') if '--private' in rest else len(rest)
    public_headers, private_headers = rest[:private_at], rest[private_at + 1:]
    problems = []

    public = set()
    for header in public_headers:
        for marked, statement in statements(header):
            if NOT_DECLARATIONS.match(statement) or '(' not in statement:
                continue
            name = declared_name(statement)
            if not marked:
                problems.append(f'{header}: {name} is declared without a PEIL_AVAILABLE_IN_* macro')
            public.add(name)

    private = set()
    for header in private_headers:
        for marked, statement in statements(header):
            if marked:
                private.add(declared_name(statement))

    nm = subprocess.run(['nm', '-D', '--defined-only', library], check=True, capture_output=True, text=True).stdout
    exported = {fields[2] for fields in (l.split() for l in nm.splitlines())
                if len(fields) == 3 and fields[1] in 'TDBR'}

    for name in sorted(exported - public - private):
        problems.append(f'{name} is exported but not declared in an installed header')
    for name in sorted(public - exported):
        problems.append(f'{name} is declared in an installed header but not exported')
    for name in sorted(private):
        print(f'exported for the tests only (PEIL_PRIVATE_IN_ALL): {name}')

    dynamic = subprocess.run(['objdump', '-p', library], check=True, capture_output=True, text=True).stdout
    m = re.search(r'^\s*SONAME\s+(\S+)$', dynamic, re.M)
    if not m or m.group(1) != soname:
        problems.append(f'the soname is {m.group(1) if m else "missing"}, expected {soname}')

    print(f'{len(exported)} symbols exported, {len(public)} declared public, {len(private)} private')
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
