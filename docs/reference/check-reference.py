#!/usr/bin/env python3
# The API reference has a page for every class, interface, record, enum
# and function of Peil-1.gir, and none of them is empty: a doc comment
# that gi-docgen could not read leaves a page without a description.
import os
import sys
import xml.etree.ElementTree as ET

CORE = "{http://www.gtk.org/introspection/core/1.0}"
GLIB = "{http://www.gtk.org/introspection/glib/1.0}"
PAGES = {"class": "class", "interface": "iface", "record": "struct",
         "enumeration": "enum", "bitfield": "flags", "function": "func"}

gir, reference = sys.argv[1], sys.argv[2]
namespace = ET.parse(gir).getroot().find(CORE + "namespace")
expected = {}
for kind, prefix in PAGES.items():
    for node in namespace.findall(CORE + kind):
        # gi-docgen shows a function moved to a type on that type's page,
        # and an enumeration that is an error domain as an error.
        if node.get("introspectable") == "0" or node.get("moved-to") or node.get(
                GLIB + "is-gtype-struct-for"):
            continue
        page = f"{'error' if node.get(GLIB + 'error-domain') else prefix}.{node.get('name')}.html"
        expected.setdefault(kind, []).append(page)


def problem(page):
    path = os.path.join(reference, page)
    if not os.path.exists(path):
        return f"{page} is missing"
    if 'class="docblock"' not in open(path, encoding="utf-8").read():
        return f"{page} has no description"
    return None


print(f"1..{len(expected) + 1}")
failed = not os.path.exists(os.path.join(reference, "index.html"))
print(("not ok" if failed else "ok") + " 1 - the reference has its index")
for number, (kind, pages) in enumerate(expected.items(), start=2):
    problems = [p for p in map(problem, pages) if p]
    if problems:
        failed = True
        print(f"not ok {number} - {kind}: " + "; ".join(problems))
    else:
        print(f"ok {number} - every {kind} ({len(pages)}) has a page with its description")
sys.exit(1 if failed else 0)
