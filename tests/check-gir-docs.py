#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-gir-docs.py PEIL-1.GIR

Fails, listing them, when a function, method, constructor,
signal, property, class, interface, record, enum, bitfield, callback,
constant or enum member of the built Peil-1.gir has no <doc>: every
symbol of the installed headers is documented (issue 15). A function's
Returns: line is not its <doc>: it needs a description of its own."""
import sys
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
C = '{http://www.gtk.org/introspection/c/1.0}'
GLIB = '{http://www.gtk.org/introspection/glib/1.0}'

# What a reader looks up. Parameters are g-ir-scanner --warn-all's to
# check, which the build runs; virtual methods are documented in their
# interface struct's comment (@peek:), which the GIR does not carry over,
# and through their invokers, which are checked.
DOCUMENTED = {'function', 'method', 'constructor', 'property', 'class', 'interface',
              'record', 'enumeration', 'bitfield', 'callback', 'constant', 'member', 'alias'}


def name_of(element, parents):
    name = element.get(C + 'identifier') or element.get(C + 'type') or element.get('name')
    if element.tag in (CORE + 'virtual-method', CORE + 'property', GLIB + 'signal'):
        separator = '::' if element.tag == GLIB + 'signal' else ':' if element.tag == CORE + 'property' else '.'
        return parents[-1] + separator + element.get('name')
    return name


def walk(element, parents, missing):
    kind = element.tag.split('}')[1]
    # Records that only hold a class's or an interface's vfuncs are
    # documented by their type; GLib's boilerplate get_type() needs none.
    if kind == 'record' and element.get(GLIB + 'is-gtype-struct-for'):
        kind = 'vtable'
    if kind == 'function' and (element.get('name') or '').endswith('get_type') and \
            element.find(CORE + 'return-value/' + CORE + 'type').get('name') == 'GType':
        return
    # A function-pointer field is documented as the field (@add_post:).
    if kind == 'callback' and parents and parents[-1] == 'field':
        return
    if kind in DOCUMENTED or element.tag == GLIB + 'signal':
        # Its own description: a Returns: line alone leaves gi-docgen's
        # page saying "No description available".
        if element.find(CORE + 'doc') is None:
            missing.append('%s %s' % ('signal' if element.tag == GLIB + 'signal' else kind,
                                      name_of(element, parents)))
    name = 'field' if kind == 'field' else element.get(C + 'type') or element.get('name') or ''
    for child in element:
        walk(child, parents + [name], missing)


def main():
    namespace = ET.parse(sys.argv[1]).getroot().find(CORE + 'namespace')
    missing = []
    for child in namespace:
        walk(child, [], missing)
    for line in missing:
        print(line)
    print('%d symbols without a doc comment' % len(missing))
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
