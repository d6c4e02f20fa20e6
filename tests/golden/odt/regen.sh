#!/bin/sh
# regen.sh - rewrites the golden ODT parts (tests/golden/odt/NAME/*.xml) from
# tests/golden/NAME.md, for a human who has checked that a change in the
# output is intended. Run from the top of the tree:
#   sh tests/golden/odt/regen.sh [path/to/wijkcontract]
# The parts are normalised with `xmllint --format`; the build time is fixed
# (SOURCE_DATE_EPOCH), as tests/t-odt.sh does when it compares.
set -eu
WK=${1:-${WK:-build/wijkcontract}}
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in tests/golden/*.md; do
  name=$(basename "$src" .md)
  "$WK" build "$src" -o "$tmp/$name.odt" 2>/dev/null
  mkdir -p "tests/golden/odt/$name"
  for part in content.xml styles.xml meta.xml settings.xml META-INF/manifest.xml; do
    unzip -p "$tmp/$name.odt" "$part" | xmllint --format - >"tests/golden/odt/$name/$(basename "$part")"
  done
  unzip -Z1 "$tmp/$name.odt" >"tests/golden/odt/$name/parts.txt"
  echo "regenerated tests/golden/odt/$name"
done
