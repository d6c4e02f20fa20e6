#!/bin/sh
# regen.sh - rewrites tests/check/*.expected with the findings of the current
# binary ($WK, default build/wijkcontract). For people, after an intended
# change of a message or a check: review `git diff tests/check` line by line
# before committing. The test suite never runs this.
cd "$(dirname "$0")/../.." || exit 2
WK=${WK:-$PWD/build/wijkcontract}
LANGUAGE=en
export LANGUAGE
[ -x "$WK" ] || { echo "regen.sh: no binary $WK (set WK=...)" >&2; exit 2; }
for md in tests/check/*.md; do
  "$WK" check "$md" >"${md%.md}.tmp" 2>/dev/null
  case $? in
  0 | 1) mv "${md%.md}.tmp" "${md%.md}.expected" ;;
  *) rm -f "${md%.md}.tmp"; echo "regen.sh: $WK check $md failed" >&2 ;;
  esac
done
