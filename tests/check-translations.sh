#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-translations.sh SOURCE_DIR XGETTEXT_ARGUMENT…: prints TAP.
# 1. po/nl.po translates every message xgettext finds in the files of
#    po/POTFILES.in, with no fuzzy entry and sound format strings;
# 2. po/POTFILES.in lists every file with a translatable string.
set -uo pipefail
source_dir=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$source_dir" || exit 1

comment() { sed 's/^/# /'; }

echo "1..2"

# A fresh template, merged into nl.po as msgmerge would for a translator:
# what is new comes out untranslated or fuzzy.
if xgettext --files-from=po/POTFILES.in --directory=. --output="$tmp/peil.pot" "$@" 2>"$tmp/log" &&
   msgmerge --quiet --no-wrap --output-file="$tmp/nl.po" po/nl.po "$tmp/peil.pot" 2>>"$tmp/log"; then
  statistics=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$tmp/nl.po" 2>&1)
  checked=$?
  echo "$statistics" | comment
  if [ $checked -eq 0 ] && ! grep -qE '[0-9]+ (fuzzy|untranslated)' <<<"$statistics"; then
    echo "ok 1 po/nl.po translates every message"
  else
    msgattrib --no-wrap --untranslated "$tmp/nl.po" | grep '^msgid "[^"]' | comment
    msgattrib --no-wrap --only-fuzzy "$tmp/nl.po" | grep '^msgid "[^"]' | comment
    echo "not ok 1 po/nl.po translates every message"
  fi
else
  comment <"$tmp/log"
  echo "not ok 1 po/nl.po translates every message"
fi

# Files that mark strings for translation (C's _(), N_(), C_(), NC_(),
# GtkBuilder's translatable="yes") and the data files that are
# translatable as a whole.
missing=$( { grep -rlE '(^|[^[:alnum:]_])(N|C|NC)?_\(|translatable="yes"' src plugins data bench
             find data plugins -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml'
           } | sort -u | comm -23 - <(grep -v '^#' po/POTFILES.in | sort -u))
if [ -z "$missing" ]; then
  echo "ok 2 po/POTFILES.in lists every file with translatable strings"
else
  echo "$missing" | comment
  echo "not ok 2 po/POTFILES.in lists every file with translatable strings"
fi
