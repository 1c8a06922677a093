#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test with a throwaway, unlocked keyring of its own: meant to be
# started by dbus-run-session, so the real keyring is never touched.
set -eu
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export XDG_DATA_HOME="$data" XDG_RUNTIME_DIR="$data"
eval "$(printf 'peil-test' | gnome-keyring-daemon --unlock --components=secrets)"
export PEIL_TEST_KEYRING=1
"$@"
