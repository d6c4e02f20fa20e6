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
  echo "note $T_SUITE: $SHARED/tools/$1 is absent: the checks that need it are skipped"
  return 1
}

# have_tool CMD [CHECKS]: CMD is on the PATH. When it is not, says once
# which checks are skipped (`make test` installs every tool the suites use).
have_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  case " ${T_NOTED:-} " in
    *" $1 "*) ;;
    *) T_NOTED="${T_NOTED:-} $1"
       echo "note $T_SUITE: $1 is not installed (make test installs it): ${2:-the checks that need it} skipped" ;;
  esac
  return 1
}

# render_checks NAME DOC SRC FINGERPRINT: LibreOffice renders DOC (built
# from SRC) as a person would see it: the footer counts the pages and shows
# the short fingerprint, no word is cut in two without a hyphen
# (tests/typeset_check.py; words are hyphenated where a column is narrow)
# and no signature block is split over two pages (tests/sigblock_check.py).
# The caller has checked that render-pdf, pdftotext and pdfinfo exist.
render_checks() {
  rc_name=$1 rc_doc=$2 rc_src=$3 rc_fp=$4
  rc_pdf=$TMP/pdf/$(basename "$rc_doc" | sed 's/\.[^.]*$//').pdf
  mkdir -p "$TMP/pdf"
  if ! "$SHARED/tools/render-pdf" -o "$TMP/pdf" "$rc_doc" >"$TMP/render.out" 2>&1 || [ ! -s "$rc_pdf" ]; then
    not_ok "$rc_name: renders" "$(head -3 "$TMP/render.out")"
    return 0
  fi
  ok "$rc_name: renders"
  rc_pages=$(pdfinfo "$rc_pdf" | awk '/^Pages:/ { print $2 }')
  pdftotext -layout "$rc_pdf" "$TMP/render.txt"
  expect_grep "$rc_name: footer on the last page counts the pages" \
    "(Pagina|Page) $rc_pages (van|of) $rc_pages" "$TMP/render.txt"
  case $rc_fp in
    [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*)
      expect_grep "$rc_name: footer shows the short fingerprint" "$(echo "$rc_fp" | cut -c1-8)" "$TMP/render.txt" ;;
    *) not_ok "$rc_name: footer shows the short fingerprint" "no fingerprint stored in $rc_doc" ;;
  esac
  pdftotext -bbox-layout "$rc_pdf" "$TMP/render.html"
  if python3 tests/typeset_check.py cuts "$rc_doc" "$TMP/render.html" >"$TMP/words" 2>&1; then
    ok "$rc_name: no word cut in the rendering"
  else not_ok "$rc_name: no word cut in the rendering" "$(head -3 "$TMP/words")"; fi
  if python3 tests/sigblock_check.py "$rc_pdf" >"$TMP/sig" 2>&1; then
    ok "$rc_name: no signature block split over two pages"
  else not_ok "$rc_name: no signature block split over two pages" "$(head -3 "$TMP/sig")"; fi
}

finish() {
  trap - EXIT
  rm -rf "$TMP"
  echo "$T_PASS $T_FAIL" >>"${RESULTS:-/dev/null}"
  [ -n "${RESULTS:-}" ] || echo "$T_PASS passed, $T_FAIL failed"
}
