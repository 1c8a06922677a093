#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""typelib-for-install.py GIR TYPELIB LIBDIR G-IR-COMPILER

Compiles GIR into TYPELIB with its shared libraries named by their full
path in LIBDIR: Peil's library is installed in a private folder that the
dynamic linker does not search."""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

gir, typelib, libdir, compiler = sys.argv[1:5]
namespace = ET.parse(gir).getroot().find('{http://www.gtk.org/introspection/core/1.0}namespace')
libraries = [os.path.join(libdir, os.path.basename(name))
             for name in namespace.get('shared-library').split(',')]
subprocess.run([compiler, '--shared-library=' + ','.join(libraries), '-o', typelib, gir], check=True)
