#!/bin/sh
# valgrind.sh BINARY - `make valgrind`: runs check, build (ODT and DOCX),
# matrix and review on every contracts/*.md, and redline on two pairs of
# versions, under valgrind's memcheck with
# full leak checking; prints one line per run and "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
WK=${1:-build/wijkcontract}
command -v valgrind >/dev/null || sh tests/install-debs.sh valgrind || exit 2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wk-valgrind.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
vg() { # NAME ARGS...
  name=$1
  shift
  valgrind -q --error-exitcode=99 --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes \
    --log-file="$TMP/vg.log" "$WK" "$@" >/dev/null 2>"$TMP/err"
  st=$?
  if [ "$st" = 99 ] || [ "$st" -ge 128 ] || [ -s "$TMP/vg.log" ]; then
    fail=$((fail + 1))
    echo "FAIL valgrind: $name (exit $st)"
    head -40 "$TMP/vg.log"
  else
    pass=$((pass + 1))
    echo "ok   valgrind: $name (exit $st)"
  fi
}
for f in contracts/*.md; do
  b=$(basename "$f" .md)
  vg "check $b" check "$f"
  vg "check --format json $b" check --format json "$f"
  vg "build $b.odt" build "$f" --draft -o "$TMP/$b.odt"
  vg "build $b.docx" build "$f" --draft -o "$TMP/$b.docx"
  vg "matrix $b" matrix "$f"
  party=$(sed -n 's/^  - id: *//p' "$f" | head -n 1)
  vg "review $b --party $party" review "$f" --party "$party"
  vg "review $b .ics" review "$f" --party "$party" -o "$TMP/$b.ics"
done
# redline: two versions composed and compared (every key and mark read)
for fmt in odt docx; do
  vg "redline buurt .$fmt" redline tests/workflows/buurt.md tests/workflows/buurt-new.md -o "$TMP/redline.$fmt"
  vg "redline buurt-v2 .$fmt" redline tests/workflows/buurt-v2.md tests/workflows/report.md -o "$TMP/redline2.$fmt"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
