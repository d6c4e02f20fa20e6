# t-asan.sh - builds build/asan/wijkcontract with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer (`make asan`) and re-runs
# the other suites with it. A suite passes here when all its checks pass
# and no sanitizer wrote a report. Under ASan the suites get
# WK_SKIP_RENDER=1 (no LibreOffice rendering), WK_SKIP_VALIDATE=1 (no
# schema validation: the output is the same as without ASan) and
# WK_IN_ASAN=1 (e.g. no `ulimit -v`: ASan reserves terabytes of address
# space; no valgrind, which cannot run a sanitized binary; smaller inputs).
# WK_SKIP_ASAN=1 skips this suite; every suite but itself and t-valgrind
# runs.
. tests/lib.sh
if [ -n "${WK_IN_ASAN:-}" ] || [ -n "${WK_SKIP_ASAN:-}" ]; then
  [ -n "${WK_SKIP_ASAN:-}" ] && echo "note $T_SUITE: skipped (WK_SKIP_ASAN)"
  finish
  exit 0
fi
# the flags of the Makefile's asan target; exported so that suites which
# run make themselves (t-unit, t-fuzz) build with the same ones
SAN_FLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all'
if ! make --no-print-directory -s -j2 asan >"$TMP/make.log" 2>&1; then
  not_ok "make asan" "$(tail -20 "$TMP/make.log")"
  finish
  exit 0
fi
ok "make asan"
ulimit -c 0
mkdir -p "$TMP/logs"
export WK="$PWD/build/asan/wijkcontract" BUILD=build/asan CFLAGS="$SAN_FLAGS"
export WK_SKIP_RENDER=1 WK_SKIP_VALIDATE=1 WK_IN_ASAN=1
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$TMP/logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$TMP/logs/ubsan"
export LSAN_OPTIONS="log_path=$TMP/logs/lsan"

# Every suite runs, the format suites without schema validation and
# LibreOffice rendering (they judge the same bytes in the plain run, and
# their time is not spent in our code). Not run here: t-valgrind checks the
# plain build with another tool; t-package builds its own binary through
# dpkg-buildpackage, with Debian's flags, so the sanitized one is never
# used; t-bench times the binary, and a sanitized binary's times say
# nothing (its rows are checked in the plain run); t-counts counts the
# plain build's instructions under valgrind.
skip=" t-asan t-valgrind t-package t-bench t-counts "
for s in tests/t-*.sh; do
  name=$(basename "$s" .sh)
  case $skip in *" $name "*) continue ;; esac
  rm -f "$TMP"/logs/*
  : >"$TMP/res"
  start=$(date +%s)
  RESULTS="$TMP/res" sh "$s" >"$TMP/suite.out" 2>&1
  secs=$(($(date +%s) - start))
  p=0 f=0
  while read -r a b; do p=$((p + a)); f=$((f + b)); done <"$TMP/res"
  reports=$(ls "$TMP"/logs 2>/dev/null | wc -l)
  if [ "$reports" -gt 0 ]; then
    not_ok "$name under ASan/UBSan: $reports sanitizer report(s)" \
      "$(for l in "$TMP"/logs/*; do
           if grep -q -E 'ERROR|runtime error' "$l"; then
             grep -m1 -E 'ERROR|runtime error' "$l"; grep -m6 -E '^ +#[0-9]' "$l"
           else head -5 "$l"; fi
         done | head -40)"
  elif [ "$f" -gt 0 ] || [ "$p" = 0 ]; then
    not_ok "$name under ASan/UBSan: $f of $((p + f)) checks failed" "$(grep -E '^FAIL' "$TMP/suite.out" | head -10)"
  else
    ok "$name under ASan/UBSan ($p checks, $secs s)"
  fi
  echo "asan $name: $p passed, $f failed, $reports reports, $secs s" >&2
done
finish
