#!/usr/bin/env python3
"""check-install.py MESON BUILDDIR SOURCEDIR: runs `meson install` of the
build into a temporary folder and checks, as TAP, that everything a GNOME
application installs is there: programs, the library, its headers and .pc
(a program that includes <peil.h> compiles against them), each plugin with
its .plugin file, the desktop file, metainfo, GSettings schema, MIME type,
icons (the ones the desktop file and the MIME type name), translations and
the manual pages."""
import configparser, glob, json, os, re, shutil, subprocess, sys, tempfile

meson, build, source = sys.argv[1:4]
results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))


def introspect(what):
    return json.loads(subprocess.run([meson, "introspect", build, what], check=True,
                                     capture_output=True, text=True).stdout)


options = {o["name"]: o["value"] for o in introspect("--buildoptions")}
# As meson.build decides: a sanitized build makes no typelib, and so
# installs no Python plugins.
introspection = options.get("introspection", True) and options.get("b_sanitize", "none") == "none"
version = introspect("--projectinfo")["version"]
changelog = open(os.path.join(source, "debian", "changelog")).readline()
check(re.match(r"peil \(%s\) " % re.escape(version), changelog) is not None,
      "debian/changelog's version is meson.build's", f"{changelog.strip()} / {version}")
prefix = options["prefix"]
dirs = {name: os.path.join(prefix, options[name])
        for name in ("bindir", "libdir", "datadir", "mandir", "includedir", "localedir")}

with tempfile.TemporaryDirectory(prefix="peil-install-") as dest:
    run = subprocess.run([meson, "install", "-C", build, "--no-rebuild", "--quiet", "--destdir", dest],
                         capture_output=True, text=True)
    check(run.returncode == 0, "meson install --destdir succeeds", run.stdout + run.stderr)
    root = lambda path: dest + path
    installed = sorted(os.path.relpath(os.path.join(d, f), dest)
                       for d, _, files in os.walk(dest) for f in files)

    outside = [p for p in installed if not ("/" + p).startswith(prefix.rstrip("/") + "/")]
    check(not outside, "nothing is installed outside the prefix", "\n".join(outside))

    def expect(what, *paths):
        missing = [p for p in paths if not glob.glob(root(p))]
        check(not missing, what, "missing: " + ", ".join(missing))

    D = dirs
    expect("peil-cli is installed", f"{D['bindir']}/peil-cli")
    if options.get("app", True):
        expect("the window's program is installed", f"{D['bindir']}/peil")
        expect("the window has a manual page", f"{D['mandir']}/man1/peil.1")
    expect("peil-cli has a manual page", f"{D['mandir']}/man1/peil-cli.1")
    expect("the core library is installed in Peil's own folder", f"{D['libdir']}/peil/libpeil-core.so*")

    # Each folder of plugins/ with a .plugin.desktop.in is a plugin: its
    # .plugin file, and its module: lib<Module>.so for a C plugin (no
    # Loader, or Loader=c), <Module>.py for one in Python.
    plugin_dir = f"{D['libdir']}/peil/plugins"
    missing = []
    for desc in sorted(glob.glob(os.path.join(source, "plugins", "*", "*.plugin.desktop.in"))):
        name = os.path.basename(desc)[: -len(".plugin.desktop.in")]
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(desc)
        plugin = parser["Plugin"]
        loader = plugin.get("Loader", "c").lower()
        if loader != "c" and not introspection:
            continue   # plugins in Python need the typelib, which this build leaves out
        paths = [f"{plugin_dir}/{name}.plugin"]
        if loader == "c":
            paths.append(f"{plugin_dir}/lib{plugin['Module']}.so")
        elif loader == "python3":
            paths.append(f"{plugin_dir}/{plugin['Module']}.py")
        missing += [p for p in paths if not os.path.exists(root(p))]
    check(not missing and glob.glob(root(plugin_dir + "/*.plugin")),
          "every plugin is installed with its .plugin file", "missing: " + ", ".join(missing))

    if introspection:
        expect("the introspection data is installed: the typelib for Python, the .gir for bindings",
               f"{D['libdir']}/girepository-1.0/Peil-1.typelib", f"{D['datadir']}/gir-1.0/Peil-1.gir")
    if options.get("documentation", False):
        expect("the API reference is installed", f"{D['datadir']}/doc/peil-1/index.html")

    expect("the GSettings schema is installed", f"{D['datadir']}/glib-2.0/schemas/nl.peil.Peil.gschema.xml")
    expect("the metainfo is installed", f"{D['datadir']}/metainfo/nl.peil.Peil.metainfo.xml")
    expect("the scenario template and the demo exercise are installed",
           f"{D['datadir']}/peil/exercise/scenario-template.csv",
           f"{D['datadir']}/peil/exercise/demo/*.csv")
    expect("Peil's own MIME database is installed", f"{D['datadir']}/peil/mime/mime.cache")

    # The desktop file's icon, scalable and symbolic.
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(root(f"{D['datadir']}/applications/nl.peil.Peil.desktop"))
    entry = desktop["Desktop Entry"] if desktop.has_section("Desktop Entry") else {}
    icon = entry.get("Icon", "")
    check(icon == "nl.peil.Peil", "the desktop file is installed and names the application's icon", icon)
    expect("the application icon is installed, scalable and symbolic",
           f"{D['datadir']}/icons/hicolor/scalable/apps/{icon}.svg",
           f"{D['datadir']}/icons/hicolor/symbolic/apps/{icon}-symbolic.svg")

    # The MIME type the desktop file opens is defined, with its icon.
    mime_xml = root(f"{D['datadir']}/mime/packages/nl.peil.Peil.mime.xml")
    text = open(mime_xml).read() if os.path.exists(mime_xml) else ""
    mime_types = [t for t in entry.get("MimeType", "").split(";") if t]
    defined = re.findall(r'<mime-type type="([^"]+)"', text)
    check(mime_types and all(t in defined for t in mime_types),
          "the MIME type the desktop file opens is installed", f"{mime_types} of {defined}")
    icons = re.findall(r'<icon name="([^"]+)"', text)
    check(icons, "the MIME type names its icon", text[:200])
    expect("the MIME type's icon is installed",
           *[f"{D['datadir']}/icons/hicolor/scalable/mimetypes/{i}.svg" for i in icons])

    languages = open(os.path.join(source, "po", "LINGUAS")).read().split()
    expect("every translation is installed",
           *[f"{D['localedir']}/{lang}/LC_MESSAGES/peil.mo" for lang in languages])

    # The headers and .pc a plugin author builds against: a program that
    # includes the umbrella header compiles with the installed .pc alone.
    pc = root(f"{D['libdir']}/pkgconfig/peil-plugin.pc")
    check(os.path.exists(pc) and os.path.exists(root(f"{D['includedir']}/peil/peil.h")),
          "the headers and peil-plugin.pc are installed")
    cc = shutil.which("cc")
    if cc and os.path.exists(pc):
        # The .pc as it would be at its prefix, moved under the temporary
        # folder; the packages it requires stay the system's.
        pc_dir = os.path.join(dest, "pkgconfig-moved")
        os.makedirs(pc_dir)
        with open(os.path.join(pc_dir, "peil-plugin.pc"), "w") as moved:
            moved.write(re.sub(r"^prefix=(.*)$", lambda m: "prefix=" + root(m.group(1)),
                               open(pc).read(), flags=re.M))
        env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "peil-plugin"],
                               env=env, capture_output=True, text=True)
        program = os.path.join(dest, "plugin-author")
        compiled = subprocess.run([cc, "-x", "c", "-", "-o", program] + flags.stdout.split(),
                                  input="#include <peil.h>\nint main (void) { peil_init (); return 0; }\n",
                                  capture_output=True, text=True)
        check(flags.returncode == 0 and compiled.returncode == 0,
              "a program that includes <peil.h> builds and links against the installed headers, .pc and library",
              flags.stderr + compiled.stderr)
    else:
        results.append((None, "a plugin builds against the installed headers", "no C compiler"))

print(f"1..{len(results)}")
for number, (ok, what, detail) in enumerate(results, 1):
    if ok is None:
        print(f"ok {number} - {what} # SKIP {detail}")
        continue
    print(f"{'ok' if ok else 'not ok'} {number} - {what}")
    if not ok and detail:
        print("\n".join("# " + line for line in detail.strip().splitlines()[:40]))
sys.exit(0 if all(ok is not False for ok, _, _ in results) else 1)
