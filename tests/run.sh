#!/bin/sh
# run.sh [SUITE...] - runs the test suites (tests/t-*.sh by default; the
# unit tests are the suite t-unit), several at a time, then prints the
# closing line "N passed, N failed".
#
# Suites are independent (each works in its own temporary folder, and none
# asserts a time), so they run side by side: as many at once as the machine
# has processors, or WK_TEST_JOBS. The longest start first, so that the
# short ones fill in around them. Each suite's output is printed whole when
# it ends, followed by its wall-clock time on stderr (for the reader, never
# judged).
cd "$(dirname "$0")/.." || exit 2
RESULTS=$(mktemp)
LOGS=$(mktemp -d)
export RESULTS LOGS
trap 'rm -rf "$RESULTS" "$LOGS"' EXIT

suites=${*:-$(ls tests/t-*.sh 2>/dev/null | LC_ALL=C sort)}
# the suites that take minutes, longest first (measured on 2 cores)
long="t-asan t-pathological t-typeset t-valgrind t-memory t-docx t-refdoc-hostile t-nothing-lost t-odt"
ordered=
for l in $long; do
  case " $(echo $suites) " in *" tests/$l.sh "*) ordered="$ordered tests/$l.sh" ;; esac
done
for s in $suites; do
  case " $ordered " in *" $s "*) ;; *) ordered="$ordered $s" ;; esac
done

jobs=${WK_TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs in '' | *[!0-9]* | 0) jobs=1 ;; esac

# run one suite into its log, then print the log in one piece
run_one='
  s=$1 name=$(basename "$1" .sh)
  start=$(date +%s)
  if ! sh "$s" >"$LOGS/$name" 2>&1; then
    echo "FAIL $name: suite ended with status $?" >>"$LOGS/$name"
    echo "0 1" >>"$RESULTS"
  fi
  cat "$LOGS/$name"
  echo "suite $name: $(($(date +%s) - start)) s" >&2
'
printf '%s\n' $ordered | xargs -P "$jobs" -n 1 sh -c "$run_one" sh

passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done <"$RESULTS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
