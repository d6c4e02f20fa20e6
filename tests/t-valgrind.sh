# t-valgrind.sh - memcheck finds nothing on the example contracts: runs
# tests/valgrind.sh (check, build to both formats, matrix, review on every
# contracts/*.md, full leak checking) and counts its runs as tests. Skipped
# under the sanitizers (t-asan.sh) and with WK_SKIP_VALGRIND=1.
. tests/lib.sh
if [ -n "${WK_IN_ASAN:-}" ] || [ -n "${WK_SKIP_VALGRIND:-}" ]; then
  echo "note $T_SUITE: skipped"
  finish
  exit 0
fi
if ! have_tool valgrind; then
  not_ok "valgrind is installed (make test installs it)"
  finish
  exit 0
fi
sh tests/valgrind.sh "$WK" >"$TMP/vg.out" 2>&1
# the failing runs, with memcheck's report under each
grep -q '^FAIL' "$TMP/vg.out" && sed -n '/^FAIL/,/^ok /p' "$TMP/vg.out" | grep -v '^ok ' | head -80
summary=$(tail -n 1 "$TMP/vg.out")
case $summary in
  *" passed, "*" failed")
    p=${summary%% passed*}
    f=${summary#*, }
    f=${f%% failed}
    T_PASS=$((T_PASS + p))
    T_FAIL=$((T_FAIL + f))
    [ "$p" -gt 0 ] || not_ok "valgrind ran at least one command" ;;
  *) not_ok "valgrind.sh finished" "$(tail -5 "$TMP/vg.out")" ;;
esac
finish
