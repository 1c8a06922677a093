#!/usr/bin/env python3
"""check-flatpak.py MANIFEST APP_ID SOURCE_ROOT: TAP. The Flatpak manifest
cannot be built here (no network, no GNOME runtime), so this checks what
can be: it is JSON, it is the application's, its command is the program
Peil installs, each module has sources that say where they come from and
what pins them, Peil's own module is this tree with options it has, and —
where flatpak-builder is installed — flatpak-builder reads it without a
warning (an unknown key, such as a misspelt one, warns and is dropped)."""
import json, os, re, shutil, subprocess, sys, tempfile

manifest_path, app_id, source_root = sys.argv[1:4]
results = []


def check(ok, what, detail=""):
    results.append((ok, what, detail))


try:
    manifest = json.load(open(manifest_path))
    check(True, "the manifest is JSON")
except ValueError as error:
    manifest = {}
    check(False, "the manifest is JSON", str(error))

check(manifest.get("id") == app_id and os.path.basename(manifest_path) == app_id + ".json",
      "its id is the application's and names the file", str(manifest.get("id")))
check(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk"
      and re.fullmatch(r"\d+", str(manifest.get("runtime-version", ""))),
      "it builds on a released GNOME runtime and its SDK")

meson_build = open(os.path.join(source_root, "src", "app", "meson.build")).read()
check(manifest.get("command") and f"executable('{manifest.get('command')}'" in meson_build,
      "its command is the window's program", str(manifest.get("command")))

args = manifest.get("finish-args", [])
check("--socket=wayland" in args and "--socket=fallback-x11" in args and "--share=network" in args,
      "it runs on Wayland (X11 as the fallback) with the network the sources need", " ".join(args))
broad = [a for a in args if a in ("--filesystem=host", "--filesystem=home", "--socket=x11")]
check(not broad, "it asks for no whole file system and no X11 beside Wayland", " ".join(broad))

modules = manifest.get("modules", [])
bad = []
for module in modules:
    sources = module.get("sources") or []
    if not module.get("name") or not sources:
        bad.append(f"{module.get('name')}: no name or no sources")
    for source in sources:
        kind = source.get("type")
        if kind == "archive" and not (source.get("url", "").startswith("https://")
                                      and re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", ""))):
            bad.append(f"{module.get('name')}: an archive needs an https url and its sha256")
        elif kind == "git" and not (source.get("url", "").startswith("https://")
                                    and (source.get("tag") or source.get("commit"))):
            bad.append(f"{module.get('name')}: a git source needs an https url and a tag or commit")
        elif kind not in ("archive", "git", "dir"):
            bad.append(f"{module.get('name')}: source type {kind}")
check(modules and not bad, "every module has sources pinned to a release", "\n".join(bad))
names = [m.get("name") for m in modules]
check(len(names) == len(set(names)), "module names are unique", str(names))

peil = modules[-1] if modules else {}
directory = [s for s in peil.get("sources", []) if s.get("type") == "dir"]
here = directory and os.path.realpath(os.path.join(os.path.dirname(manifest_path), directory[0]["path"]))
check(peil.get("name") == "peil" and peil.get("buildsystem") == "meson" and here
      and os.path.samefile(here, source_root),
      "the last module is Peil, built with meson from this tree", str(here))
options = open(os.path.join(source_root, "meson_options.txt")).read()
unknown = [o for o in peil.get("config-opts", [])
           if not re.search(r"option\('%s'" % re.escape(o[2:].split("=")[0]), options)]
check(not unknown, "Peil's module sets only options meson_options.txt has", " ".join(unknown))

builder = shutil.which("flatpak-builder")
if builder:
    # Its state folder (.flatpak-builder) goes where it runs: not the tree.
    with tempfile.TemporaryDirectory(prefix="peil-flatpak-") as scratch:
        run = subprocess.run([builder, "--show-manifest", os.path.abspath(manifest_path)],
                             capture_output=True, text=True, cwd=scratch)
    try:
        same = json.loads(run.stdout) == manifest
    except ValueError:
        same = False
    check(run.returncode == 0 and not run.stderr.strip() and same,
          "flatpak-builder reads it without a warning and drops nothing", run.stderr)
else:
    results.append((None, "flatpak-builder reads it", "flatpak-builder is not installed"))

print(f"1..{len(results)}")
for number, (ok, what, detail) in enumerate(results, 1):
    if ok is None:
        print(f"ok {number} - {what} # SKIP {detail}")
        continue
    print(f"{'ok' if ok else 'not ok'} {number} - {what}")
    if not ok and detail:
        print("\n".join("# " + line for line in detail.strip().splitlines()[:20]))
sys.exit(0 if all(ok is not False for ok, _, _ in results) else 1)
