#!/bin/sh
# run.sh [SUITE...] - runs the test suites (tests/t-*.sh by default) and the
# unit tests, then prints the closing line "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
RESULTS=$(mktemp)
export RESULTS
trap 'rm -f "$RESULTS"' EXIT
suites=${*:-$(ls tests/t-*.sh 2>/dev/null | LC_ALL=C sort)}
for s in $suites; do
  start=$(date +%s)
  sh "$s" || { echo "FAIL $(basename "$s" .sh): suite ended with status $?"; echo "0 1" >>"$RESULTS"; }
  echo "suite $(basename "$s" .sh): $(($(date +%s) - start)) s" >&2
done
passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done <"$RESULTS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
