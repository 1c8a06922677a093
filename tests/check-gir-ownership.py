#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-gir-ownership.py PEIL-1.GIR

Fails, listing them, when a function that bindings can call hands over
an array of plain records (structs without a GType): the array frees its
records when Python lets go of it, while Python still holds them, so a
Python plugin would read freed memory. Such a function needs its records
boxed, or (skip)."""
import sys
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
C = '{http://www.gtk.org/introspection/c/1.0}'
GLIB = '{http://www.gtk.org/introspection/glib/1.0}'

namespace = ET.parse(sys.argv[1]).getroot().find(CORE + 'namespace')
plain = {record.get('name') for record in namespace.findall(CORE + 'record')
         if not record.get(GLIB + 'get-type') and not record.get(GLIB + 'is-gtype-struct-for')}

unsafe = []
for element in namespace.iter():
    if element.tag.split('}')[1] not in ('function', 'method', 'constructor') or \
            element.get('introspectable') == '0':
        continue
    returns = element.find(CORE + 'return-value')
    if returns is None or returns.get('transfer-ownership') not in ('container', 'full'):
        continue
    records = [t.get('name') for t in returns.iter(CORE + 'type') if t.get('name') in plain]
    if records and (returns.find(CORE + 'array') is not None or returns.get('transfer-ownership') == 'full'):
        unsafe.append('%s returns %s' % (element.get(C + 'identifier'), ', '.join(records)))

if unsafe:
    print('Functions that hand bindings plain records they will free:', file=sys.stderr)
    print('\n'.join('  ' + line for line in unsafe), file=sys.stderr)
    sys.exit(1)
