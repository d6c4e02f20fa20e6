# lib.sh - sourced by every test suite (tests/t-*.sh). Counts results and
# reports them to tests/run.sh through $RESULTS.
# Variables: WK (binary under test), SHARED (the shared/ folder, may be
# absent), TMP (a scratch folder removed afterwards), VERBOSE.
set -u
WK=${WK:-$PWD/build/wijkcontract}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
T_PASS=0
T_FAIL=0
T_SUITE=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wk-$T_SUITE.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() {
  T_PASS=$((T_PASS + 1))
  [ -n "${VERBOSE:-}" ] && echo "ok   $T_SUITE: $1"
  return 0
}

not_ok() {
  T_FAIL=$((T_FAIL + 1))
  echo "FAIL $T_SUITE: $1${2:+ — $2}"
  return 0
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected '$2', got '$3'"; fi
}

# expect_status NAME STATUS CMD... (stdout/stderr kept in $TMP/out, $TMP/err)
expect_status() {
  name=$1 want=$2
  shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else
    not_ok "$name" "exit $got, expected $want; stderr: $(head -c 300 "$TMP/err")"
  fi
}

# expect_grep NAME PATTERN FILE: FILE contains an extended-regex match.
expect_grep() {
  if grep -Eq -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no match for /$2/ in $3"; fi
}

# expect_no_grep NAME PATTERN FILE
expect_no_grep() {
  if grep -Eq -- "$2" "$3"; then not_ok "$1" "unexpected /$2/ in $3: $(grep -Em1 -- "$2" "$3")"; else ok "$1"; fi
}

# expect_same NAME EXPECTED_FILE ACTUAL_FILE: byte equality, diff shown.
expect_same() {
  if cmp -s "$2" "$3"; then ok "$1"; else
    not_ok "$1" "differs from $2:
$(diff -u "$2" "$3" | head -20)"
  fi
}

# have_shared TOOL: the shared validator exists (says so once when not).
have_shared() {
  if [ -x "$SHARED/tools/$1" ]; then return 0; fi
  echo "note $T_SUITE: $SHARED/tools/$1 is absent: schema validation skipped"
  return 1
}

finish() {
  trap - EXIT
  rm -rf "$TMP"
  echo "$T_PASS $T_FAIL" >>"${RESULTS:-/dev/null}"
  [ -n "${RESULTS:-}" ] || echo "$T_PASS passed, $T_FAIL failed"
}
