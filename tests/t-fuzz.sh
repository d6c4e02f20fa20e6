# t-fuzz.sh - replays the fuzz targets' inputs without libFuzzer: every
# regression input found by fuzzing (tests/fuzz/regressions/TARGET/), the
# seed corpora and the example contracts go through tests/fuzz/fuzz_*.c and
# the output oracle (tests/fuzz/oracle.c) with the ordinary compiler, so a
# fixed crash stays fixed. Under t-asan.sh the runners are sanitized too.
. tests/lib.sh
BUILD=${BUILD:-build}
if ! make --no-print-directory -s BUILD="$BUILD" fuzz-regress >"$TMP/make.log" 2>&1; then
  not_ok "fuzz regression runners build" "$(tail -20 "$TMP/make.log")"
  finish
  exit 0
fi
# An input that hangs (regressions/contract/hang-*) fails instead of
# stopping the suite: a run that takes minutes where all take seconds
# (under ASan too) is a hang, not a slow machine.
replay() { # TARGET INPUT...: all in one run; one by one only when it fails
  target=$1
  shift
  files=""
  for f in "$@"; do [ -f "$f" ] && files="$files $f"; done
  [ -n "$files" ] || return 0
  # shellcheck disable=SC2086
  if timeout 900 "$BUILD/regress_$target" $files >"$TMP/out" 2>"$TMP/err"; then
    for f in $files; do ok "$target: $f"; done
    return 0
  fi
  for f in $files; do
    timeout 120 "$BUILD/regress_$target" "$f" >"$TMP/out" 2>"$TMP/err"
    st=$?
    if [ "$st" = 0 ]; then ok "$target: $f"
    elif [ "$st" = 124 ]; then not_ok "$target: $f" "still running after 120 s: a hang"
    else
      not_ok "$target: $f" "exit $st: $(grep -m3 -E 'oracle|ERROR|runtime error|failed' "$TMP/err" | head -c 400)"
    fi
  done
}
replay contract tests/fuzz/regressions/contract/* tests/fuzz/corpus-contract/* contracts/*.md \
  $(ls tests/check/*.md tests/golden/*.md tests/workflows/*.md 2>/dev/null)
replay refdoc tests/fuzz/regressions/refdoc/* tests/fuzz/corpus-refdoc/*
replay zipin tests/fuzz/regressions/zipin/* tests/fuzz/corpus-refdoc/*
replay verify tests/fuzz/regressions/verify/* tests/fuzz/corpus-verify/* tests/fuzz/corpus-refdoc/*

# zipio's archive cap, which no reference document reaches through the
# writers (they read at most four parts of at most 32 MiB): five entries of
# 31 MiB each; the fifth must be refused, counting inflated bytes.
if have_tool python3 "the archive cap check"; then
  python3 - "$TMP/big.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    for i in range(5):
        z.writestr("part%d.xml" % i, b" " * (31 * 1024 * 1024))
PY
  WK_ZIPIN_REPORT=1 "$BUILD/regress_zipin" "$TMP/big.zip" >"$TMP/out" 2>"$TMP/err"
  expect_grep "zipio: the 128 MiB archive cap refuses the fifth 31 MiB entry" \
    "^opened: 4 entries read, 130023424 bytes, 1 refused" "$TMP/out"
fi
finish
