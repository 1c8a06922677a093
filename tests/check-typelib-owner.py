#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-typelib-owner.py PEIL-CLI PEIL-1.GIR LIBRARY G-IR-COMPILER

A Peil typelib that names another copy of the core (the Debian package
beside a build tree, a /usr/local install beside the package) would load
that copy into the process, whose types clash with the running one's: it
hung or aborted. Peil turns Python plugins off instead and says why; a
typelib that names this very library by its full path still works."""
import os
import shutil
import subprocess
import sys
import tempfile

cli, gir, library, compiler = sys.argv[1:5]
results = []


def plugins_with_typelib(folder, named_library):
    typelib = os.path.join(folder, 'Peil-1.typelib')
    subprocess.run([compiler, '--shared-library=' + named_library, gir, '-o', typelib], check=True)
    env = dict(os.environ, GI_TYPELIB_PATH=folder, G_DEBUG='')
    return subprocess.run([cli, 'plugins'], env=env, capture_output=True, text=True, timeout=60)


with tempfile.TemporaryDirectory(prefix='peil-typelib-') as folder:
    other = os.path.join(folder, 'other', 'libpeil-core.so.1')
    os.makedirs(os.path.dirname(other))
    shutil.copy(library, other)
    try:
        run = plugins_with_typelib(folder, other)
        listed = run.stdout
        results.append((run.returncode == 0 and 'another installation of Peil' in listed
                        and 'import_telegram' in listed,
                        'a typelib of another copy of the core turns Python plugins off, with why',
                        listed + run.stderr))
    except subprocess.TimeoutExpired:
        results.append((False, 'a typelib of another copy of the core turns Python plugins off, with why',
                        'peil-cli plugins hung'))

    run = plugins_with_typelib(folder, os.path.realpath(library))
    lines = [line for line in run.stdout.splitlines() if line.startswith('import_telegram')]
    results.append((run.returncode == 0 and lines and ' on ' in lines[0],
                    'a typelib that names this library by its full path loads the Python plugins',
                    run.stdout + run.stderr))

print('1..%d' % len(results))
for number, (ok, what, detail) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', number, what))
    if not ok:
        print('# ' + detail.replace('\n', '\n# '))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
