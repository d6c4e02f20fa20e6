# t-unit.sh - builds and runs the C unit tests (tests/unit/test_*.c), adding
# their counts to the total.
. tests/lib.sh
BUILD=${BUILD:-build}
if ! make --no-print-directory -s BUILD="$BUILD" unit >"$TMP/make.log" 2>&1; then
  not_ok "unit tests build" "$(tail -20 "$TMP/make.log")"
fi
for t in "$BUILD"/unit/test_*; do
  [ -x "$t" ] || continue
  "$t" >"$TMP/unit.out" 2>&1
  grep '^FAIL' "$TMP/unit.out"
  line=$(tail -n 1 "$TMP/unit.out")
  p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  if [ -z "$p" ]; then not_ok "$(basename "$t")" "crashed or no summary: $(tail -3 "$TMP/unit.out")"; continue; fi
  T_PASS=$((T_PASS + p))
  T_FAIL=$((T_FAIL + f))
done
finish
