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
# the v2 checks as JSON (tests/t-check.sh compares tests/check/v2-findings.json)
V2_JSON="invalid-number invalid-currency open-condition open-condition-signed reporting-burden
  amendment-order citizen-result acknowledge joint-general wrong-type-v2 unknown-reference-v2
  undefined-variable-v2"
set --
for name in $V2_JSON; do set -- "$@" "tests/check/$name.md"; done
"$WK" check --format json "$@" >tests/check/v2-findings.json 2>/dev/null
