# Sourced by run, test and bench: installs the Debian 12 packages Peil
# needs that are missing (only those, so a second run installs nothing),
# and offers helpers to build and to run from the build tree.

PEIL_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

PEIL_PACKAGES=(
  gcc libc6-dev pkg-config meson ninja-build gettext desktop-file-utils
  libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libsqlite3-dev
  libpeas-dev libcsv-dev libgtk-4-dev libadwaita-1-dev librsvg2-common
  libsoup-3.0-dev libxml2-dev libsecret-1-dev libcairo2-dev libpango1.0-dev
  libxlsxwriter-dev libpoppler-glib-dev shared-mime-info libpq-dev libzip-dev
  libstemmer-dev libxxhash-dev libyajl-dev
  gobject-introspection libgirepository1.0-dev gir1.2-json-1.0 gir1.2-peas-1.0
  gir1.2-soup-3.0
)

# The window's tests run in a private X server and D-Bus session.
# Team tests start a private PostgreSQL server of their own. The
# benchmark's floor is a load by the sqlite3 shell. The data tests
# validate the metainfo, format the manual pages and read the Flatpak
# manifest as flatpak-builder would. The Python plugins and their tests:
# libpeas's python3 loader imports Peil through python3-gi.
PEIL_TEST_PACKAGES=(xvfb xauth dbus libyaml-dev gnome-keyring poppler-utils unzip postgresql-15 sqlite3
                    appstream groff-base flatpak-builder python3-gi gi-docgen)

# Only ./build-aux/fuzz needs clang and its libFuzzer runtime.
PEIL_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

peil_install_missing() {
  local missing=() package sudo=""

  for package in "${PEIL_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Peil needs these packages; install them as root: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  echo "Installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# peil_build DIR [MESON OPTION…]: configures DIR once, then builds it.
peil_build() {
  local dir="$PEIL_SOURCE_DIR/$1"
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$PEIL_SOURCE_DIR" "$@" >/dev/null
  fi
  ninja -C "$dir" >/dev/null
}

# The environment that lets the programs of build DIR find their plugins,
# settings schema and translations without installing.
peil_use_build() {
  local dir="$PEIL_SOURCE_DIR/$1"
  export PEIL_PLUGIN_PATH="$dir/plugins"
  export GSETTINGS_SCHEMA_DIR="$dir/data"
  export PEIL_DATA_DIR="$dir/data"
  export PEIL_LOCALEDIR="$dir/po"
  # Python plugins import Peil through the build tree's typelib.
  export GI_TYPELIB_PATH="$dir/src/core${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
}
