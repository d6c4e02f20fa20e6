#!/bin/sh
# regen.sh - rewrites the DOCX golden parts (tests/golden/docx/NAME/) from
# tests/golden/NAME.md after a deliberate change of the output. Run from
# anywhere; WK defaults to build/wijkcontract. Review `git diff
# tests/golden/docx` before committing: every change there is a change
# users will see.
cd "$(dirname "$0")/../../.." || exit 2
WK=${WK:-$PWD/build/wijkcontract}
[ -x "$WK" ] || { echo "regen.sh: $WK does not exist; run make first" >&2; exit 2; }
st=0
for src in tests/golden/*.md; do
  name=$(basename "$src" .md)
  if sh tests/golden/docx/unpack.sh "$WK" "$src" "tests/golden/docx/$name"; then
    echo "regenerated tests/golden/docx/$name"
  else
    st=1
  fi
done
exit $st
