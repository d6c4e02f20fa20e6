#!/bin/sh
# unpack.sh WK SRC.md OUTDIR - builds SRC.md to DOCX with a fixed
# SOURCE_DATE_EPOCH and unpacks it into OUTDIR for golden comparison: every
# XML part formatted by `xmllint --format` (so a diff shows the element that
# changed) and PARTS, the part names in zip order. Used by tests/t-docx.sh
# and regen.sh.
WK=$1 SRC=$2 OUT=$3
[ -n "$OUT" ] || { echo "usage: unpack.sh WK SRC.md OUTDIR" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wk-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=1700000000 "$WK" build "$SRC" -o "$tmp/out.docx" >"$tmp/log" 2>&1 || {
  echo "unpack.sh: build of $SRC failed:" >&2
  cat "$tmp/log" >&2
  exit 1
}
rm -rf "$OUT"
mkdir -p "$OUT" || exit 2
unzip -Z1 "$tmp/out.docx" >"$OUT/PARTS" || exit 1
mkdir "$tmp/x" && (cd "$tmp/x" && unzip -q "$tmp/out.docx") || exit 1
while IFS= read -r part; do
  mkdir -p "$OUT/$(dirname "$part")"
  xmllint --format "$tmp/x/$part" >"$OUT/$part" || exit 1
done <"$OUT/PARTS"
