#!/usr/bin/env bash
# tests/package/test-package.sh: builds the Debian packages with
# ./build-aux/package, installs them with apt-get (their dependencies come
# from Debian), runs what was installed as a user would — peil-cli new, the
# plugins, the window under Xvfb, the manual page, the desktop file and
# metainfo, the MIME type — and purges them again. TAP on standard output.
# It changes the system, so it runs only as root; ./build-aux/test runs it
# in CI or when PEIL_TEST_PACKAGE=1.
set -uo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "1..1"
  echo "ok 1 # SKIP not root"
  exit 0
fi

number=0
failures=0
ok() { number=$((number + 1)); echo "ok $number - $1"; }
not_ok() {
  number=$((number + 1)); failures=$((failures + 1))
  echo "not ok $number - $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | tail -n 30 | sed 's/^/# /'
  return 0
}
skip() { number=$((number + 1)); echo "ok $number - $1 # SKIP $2"; }
# check DESCRIPTION COMMAND…: ok when COMMAND succeeds; its output otherwise.
check() {
  local description=$1 output
  shift
  if output=$("$@" 2>&1); then ok "$description"; else not_ok "$description" "$output"; fi
}
finish() { echo "1..$number"; [ "$failures" -eq 0 ]; exit $?; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/peil-package-test.XXXXXX")
installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq peil peil-dev >/dev/null 2>&1
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# A copy of Peil installed by hand or left by an earlier run would hide
# what the package does.
if dpkg-query -W -f='${Status}' peil 2>/dev/null | grep -q "ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq peil peil-dev >/dev/null 2>&1
fi

started=$(date +%s)
if output=$("$source_dir/build-aux/package" 2>&1); then
  ok "the packages build, and lintian finds no error ($(( $(date +%s) - started )) s)"
  printf '%s\n' "$output" | sed -n '/^lintian:/,$p' | sed 's/^/# /'
else
  not_ok "the packages build, and lintian finds no error" "$output"
  finish
fi

debs=("$source_dir"/_package/peil_*.deb "$source_dir"/_package/peil-dev_*.deb)
if output=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${debs[@]}" 2>&1); then
  installed=1
  ok "apt-get installs peil and peil-dev with their dependencies"
else
  not_ok "apt-get installs peil and peil-dev with their dependencies" "$output"
  finish
fi

# As a user runs it: nothing of the build tree in the environment.
home="$scratch/home"
mkdir -p "$home"
as_user() {
  env -i HOME="$home" PATH=/usr/bin:/bin LC_ALL=C.UTF-8 TZ=UTC GSETTINGS_BACKEND=memory \
      XDG_RUNTIME_DIR="$scratch" "$@"
}

check "peil-cli is on the PATH" test "$(as_user sh -c 'command -v peil-cli')" = /usr/bin/peil-cli
incident="$scratch/x.peil"
if output=$(as_user peil-cli new "$incident" --title T 2>&1) && [ -f "$incident" ] \
   && as_user peil-cli info "$incident" --json | grep -q '"title" : "T"'; then
  ok "peil-cli new makes an incident file that info reads back"
else
  not_ok "peil-cli new makes an incident file that info reads back" "$output"
fi

# Every installed plugin is listed, loaded, and none failed.
plugin_dir=$(ls -d /usr/lib/*/peil/plugins)
plugins_json=$(as_user peil-cli plugins --json 2>&1)
if output=$(python3 - "$plugin_dir" "$plugins_json" <<'PY' 2>&1
import configparser, glob, json, sys
folder, listed = sys.argv[1], json.loads(sys.argv[2])["plugins"]
installed = set()
for path in glob.glob(folder + "/*.plugin"):
    plugin = configparser.ConfigParser(interpolation=None)
    plugin.read(path)
    installed.add(plugin["Plugin"]["Module"])
names = {p["module"] for p in listed}
failed = [f'{p["module"]}: {p["error"]}' for p in listed if not p["loaded"] or p["error"]]
assert installed and names == installed, f"listed {sorted(names)}, installed {sorted(installed)}"
assert not failed, "failed: " + "; ".join(failed)
print(len(names))
PY
); then
  ok "peil-cli plugins lists the $output installed plugins, none failing"
else
  not_ok "peil-cli plugins lists the installed plugins, none failing" "$output"$'\n'"$plugins_json"
fi

# A Python plugin, once Peil ships one: loaded through libpeas's python3 loader.
python_plugins=$(grep -l '^Loader=python3' "$plugin_dir"/*.plugin 2>/dev/null | xargs -r sed -n 's/^Module=//p')
if [ -n "$python_plugins" ]; then
  if output=$(python3 -c '
import json, sys
listed = {p["module"]: p for p in json.loads(sys.argv[1])["plugins"]}
for name in sys.argv[2].split():
    assert listed.get(name, {}).get("loaded"), f"{name} is not loaded: {listed.get(name)}"
' "$plugins_json" "$python_plugins" 2>&1); then
    ok "the Python plugins load: $(echo $python_plugins)"
  else
    not_ok "the Python plugins load" "$output"
  fi
else
  skip "a Python plugin loads" "the package has no Python plugin yet"
fi

check "the installed incident file is recognised by its type" \
  sh -c "gio info -a standard::content-type '$incident' | grep -q application/x-peil-incident"
check "the settings schema is compiled and found" as_user gsettings list-keys nl.peil.Peil
check "peil-cli has its manual page" sh -c 'test -f /usr/share/man/man1/peil-cli.1.gz && zcat /usr/share/man/man1/peil-cli.1.gz | grep -q "^.SH EXIT STATUS"'
check "the installed desktop file is valid" desktop-file-validate /usr/share/applications/nl.peil.Peil.desktop
if command -v appstreamcli >/dev/null; then
  check "the installed metainfo is valid" appstreamcli validate --no-net /usr/share/metainfo/nl.peil.Peil.metainfo.xml
else
  skip "the installed metainfo is valid" "appstreamcli is not installed"
fi
version=$(dpkg-query -W -f='${Version}' peil)
check "peil --version answers without a display" test "$(as_user peil --version 2>&1)" = "peil $version"

# The window: started on the incident under Xvfb, it must still be up
# after a few seconds (timeout's 124: it was stopped, not ended) and say
# nothing critical.
if command -v xvfb-run >/dev/null && command -v dbus-run-session >/dev/null; then
  status=0
  as_user xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    timeout -s TERM 8 peil "$incident" >"$scratch/window.log" 2>&1 || status=$?
  if [ "$status" -eq 124 ] && ! grep -Eq 'CRITICAL|ERROR|-WARNING|Segmentation' "$scratch/window.log"; then
    ok "the window starts on the incident under Xvfb and stays up"
  else
    not_ok "the window starts on the incident under Xvfb and stays up" \
      "exit status $status"$'\n'"$(cat "$scratch/window.log")"
  fi
else
  skip "the window starts under Xvfb" "xvfb-run or dbus-run-session is not installed"
fi

if output=$(DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq peil peil-dev 2>&1) \
   && [ ! -e /usr/bin/peil-cli ] && ! ls /usr/lib/*/peil >/dev/null 2>&1; then
  installed=0
  ok "apt-get purge removes Peil again"
else
  not_ok "apt-get purge removes Peil again" "$output"
fi
finish
