# t-batch.sh - `build FILE... -d DIR [-j N]`: many contracts in one run.
# Each file's findings are printed whole, one summary line follows; a file
# that cannot be read or has errors is reported and the others are built;
# exit 1 when any failed; every output is whole, the same as a single
# build's, and synced before the run reports it; a progress line only on a
# terminal. The files are built by long-lived worker processes, a few for a
# whole batch, not a process per file; a worker that crashes fails only the
# file it was building.
. tests/lib.sh

export SOURCE_DATE_EPOCH=1767225600
good="contracts/cba-riverside.md contracts/wijkcontract-klaverveld.md tests/golden/cba-signed.md tests/golden/edge-cases.md"
printf -- '---\ntitle: [unterminated\n' >"$TMP/broken.md"
mkdir -p "$TMP/adir.md"

# ---- a batch with unreadable and wrong files among good ones ----
expect_status "batch with bad files: exit 1" 1 "$WK" build "$TMP/missing.md" $good "$TMP/broken.md" "$TMP/adir.md" \
  -d "$TMP/out1" -j 2
expect_grep "summary line counts built and failed" "^4 of 7 files built into .*/out1, 3 failed$" "$TMP/out"
expect_eq "summary is the only line on stdout" 1 "$(wc -l <"$TMP/out")"
expect_grep "a missing file is reported by name" "missing\.md" "$TMP/err"
expect_grep "a broken file is reported by name" "broken\.md:[0-9]+:[0-9]+: error" "$TMP/err"
expect_grep "a directory given as a file is reported" "adir\.md" "$TMP/err"
expect_grep "a good file's findings are reported" "cba-signed\.md:[0-9]+:[0-9]+: warning: .*\[role-conflict\]" "$TMP/err"
for f in $good; do
  nm=$(basename "$f" .md)
  if [ -s "$TMP/out1/$nm.odt" ]; then ok "$nm built despite the bad files"; else not_ok "$nm built despite the bad files"; fi
  "$WK" build -q "$f" -o "$TMP/single-$nm.odt" 2>/dev/null
  expect_same "$nm: the same bytes as a single build" "$TMP/single-$nm.odt" "$TMP/out1/$nm.odt"
done
expect_eq "nothing else in the directory" "cba-riverside.odt cba-signed.odt edge-cases.odt wijkcontract-klaverveld.odt" \
  "$(ls -A "$TMP/out1" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
if [ "$(id -u)" != 0 ]; then
  cp contracts/cba-riverside.md "$TMP/locked.md" && chmod 000 "$TMP/locked.md"
  expect_status "an unreadable file: exit 1" 1 "$WK" build "$TMP/locked.md" contracts/cba-riverside.md -d "$TMP/out5"
  expect_grep "  reported by name" "locked\.md" "$TMP/err"
  expect_grep "  the other is built" "^1 of 2 files built" "$TMP/out"
fi

# ---- findings come whole, one file after the other ----
# edge-cases has several findings: they stand together, not mixed with others'
awk -F: '/^[^ ]*\.md:/ { print $1 }' "$TMP/err" | uniq >"$TMP/order"
expect_eq "each file's findings stand together" "$(sort -u "$TMP/order" | wc -l)" "$(wc -l <"$TMP/order")"

# ---- all good: exit 0, other formats, -j 1 and many at a time ----
expect_status "good batch, -t docx: exit 0" 0 "$WK" build $good -d "$TMP/out2" -t docx -j 3
expect_grep "  summary" "^4 of 4 files built into .*/out2, 0 failed$" "$TMP/out"
if have_shared validate-docx; then
  for f in "$TMP"/out2/*.docx; do
    if "$SHARED/tools/validate-docx" --strict "$f" >"$TMP/v" 2>&1; then ok "$(basename "$f") validates"
    else not_ok "$(basename "$f") validates" "$(head -3 "$TMP/v")"; fi
  done
fi
expect_status "-j 1: exit 0" 0 "$WK" build $good -d "$TMP/out3" -j 1
for f in "$TMP"/out3/*.odt; do expect_same "-j 1 and -j 2 give the same $(basename "$f")" "$f" "$TMP/out1/$(basename "$f")"; done
expect_status "default -j: exit 0" 0 "$WK" build $good -d "$TMP/out3b"
expect_status "a signed document in DIR is kept: exit 1" 1 "$WK" build $good -d "$TMP/out3"
expect_grep "  says so" "cba-signed.odt is a signed document" "$TMP/err"
expect_grep "  the others are rebuilt" "^3 of 4 files built" "$TMP/out"

# ---- two files of one name: the second is refused, not overwritten ----
mkdir -p "$TMP/a" "$TMP/b"
cp contracts/cba-riverside.md "$TMP/a/x.md"
cp contracts/wijkcontract-klaverveld.md "$TMP/b/x.md"
expect_status "two files built as one name: exit 1" 1 "$WK" build "$TMP/a/x.md" "$TMP/b/x.md" -d "$TMP/out4"
expect_grep "  the second is refused by name" "b/x\.md: another file of the batch is also built as" "$TMP/err"
expect_grep "  and counted once" "^1 of 2 files built into .*/out4, 1 failed$" "$TMP/out"
grep -q "Riverside" "$TMP/out4/x.odt" 2>/dev/null || unzip -p "$TMP/out4/x.odt" content.xml | grep -q "Riverside" &&
  ok "  the first one is built" || not_ok "  the first one is built"

# ---- usage ----
expect_status "-j 0 refused" 2 "$WK" build $good -d "$TMP/o" -j 0
expect_status "-j x refused" 2 "$WK" build $good -d "$TMP/o" -j x
expect_status "-o with -d refused" 2 "$WK" build $good -d "$TMP/o" -o x.odt
expect_status "many files without -d refused" 2 "$WK" build $good
expect_grep "  says to use -d" "\-d DIR" "$TMP/err"
: >"$TMP/file"
expect_status "-d naming a file: exit 2" 2 "$WK" build $good -d "$TMP/file"

# ---- a progress line on a terminal only ----
set -- $good $good $good
i=0
mkdir -p "$TMP/many"
for f in "$@"; do i=$((i + 1)); cp "$f" "$TMP/many/c$i.md"; done
"$WK" build "$TMP"/many/*.md -d "$TMP/out6" >/dev/null 2>"$TMP/err6"
if grep -q "of 12 files" "$TMP/err6"; then not_ok "no progress line when stderr is not a terminal"
else ok "no progress line when stderr is not a terminal"; fi
if have_tool script "the progress line on a terminal"; then
  script -qec "'$WK' build '$TMP'/many/*.md -d '$TMP/out7'" /dev/null >"$TMP/tty" 2>&1
  expect_grep "a progress line on a terminal" "$(printf '\r')12 of 12 files, 0 failed" "$TMP/tty"
  expect_grep "  and the summary after it" "12 of 12 files built" "$TMP/tty"
  "$WK" build "$TMP"/many/c1.md "$TMP"/many/c2.md -d "$TMP/out8" >/dev/null 2>&1
  script -qec "'$WK' build '$TMP'/many/c1.md '$TMP'/many/c2.md -d '$TMP/out8'" /dev/null >"$TMP/tty2" 2>&1
  expect_no_grep "no progress line for a few files" "of 2 files, " "$TMP/tty2"
fi

# ---- workers: a few processes for the whole batch ----
if have_tool strace "counting the batch's processes"; then
  # twelve files: one worker per -j, not one process per file
  for j in 1 2; do
    strace -f -o "$TMP/procs$j" -e trace=fork,vfork,clone,clone3 \
      env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$WK" build "$TMP"/many/*.md -d "$TMP/out12-$j" -j $j >/dev/null 2>&1
    n=$(grep -cE '^[0-9]+ +(fork|vfork|clone|clone3)\(' "$TMP/procs$j")
    if [ "$n" -le "$j" ]; then ok "-j $j: twelve files built by $n processes besides the run's own (at most $j)"
    else not_ok "-j $j: twelve files built by $n processes besides the run's own (at most $j)"; fi
  done
  expect_eq "  and all built" 12 "$(ls "$TMP/out12-2" | grep -c '\.odt$')"
fi
# a build that crashes (an LD_PRELOAD shim makes the worker that opens
# crash-me.md die of SIGSEGV) fails that file only; a new worker builds
# the rest
if cc -shared -fPIC -o "$TMP/crashopen.so" tests/faultinject/crashopen.c -ldl 2>"$TMP/cc.err"; then
  cp contracts/cba-riverside.md "$TMP/many/crash-me.md"
  set -- "$TMP"/many/c1.md "$TMP"/many/c2.md "$TMP"/many/crash-me.md "$TMP"/many/c3.md "$TMP"/many/c4.md
  expect_status "a crashing build: exit 1" 1 env LD_PRELOAD="$TMP/crashopen.so" WK_CRASH_PATH=crash-me \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$WK" build "$@" -d "$TMP/out13" -j 1
  expect_grep "  that file is reported as stopped" "crash-me\.md: the build stopped \(signal 11\)" "$TMP/err"
  expect_grep "  the others are built" "^4 of 5 files built into .*/out13, 1 failed$" "$TMP/out"
  expect_eq "  the four files, and nothing else, in DIR" "c1.odt c2.odt c3.odt c4.odt" \
    "$(ls -A "$TMP/out13" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
  rm -f "$TMP/many/crash-me.md"
else
  not_ok "the crash shim builds" "$(head -3 "$TMP/cc.err")"
fi

# ---- what a killed run left behind ----
# the run removes its stale temporary files once, for all its targets,
# and no other file
mkdir -p "$TMP/out11"
: >"$TMP/out11/.c1.odt.wktmp.abcdef"
: >"$TMP/out11/.c7.odt.wktmp.Zz0123"
: >"$TMP/out11/.c1.odt.backup"
"$WK" build "$TMP"/many/*.md -d "$TMP/out11" -q >/dev/null 2>&1
expect_status "stale temporary files of two targets removed" 1 test -e "$TMP/out11/.c1.odt.wktmp.abcdef" -o -e "$TMP/out11/.c7.odt.wktmp.Zz0123"
expect_status "  and a user's file beside them kept" 0 test -e "$TMP/out11/.c1.odt.backup"
expect_status "  and no temporary file of the run left" 0 test -z "$(ls -a "$TMP/out11" | grep wktmp)"

# ---- durable before reported ----
if have_tool strace "the durability check"; then
  # LeakSanitizer cannot run under ptrace: without it when t-asan runs this
  strace -f -o "$TMP/trace" -e trace=fsync,syncfs,openat,linkat,rename,write \
    env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$WK" build $good -d "$TMP/out9" -j 2 >/dev/null 2>&1
  if python3 tests/durability_check.py "$TMP/trace" >"$TMP/dur" 2>&1; then
    ok "every output synced, and its directory synced before it is reported"
  else not_ok "every output synced, and its directory synced before it is reported" "$(head -3 "$TMP/dur")"; fi
  # made durable in groups: one sync of the bytes and one of the names for
  # many files, not one or two per file (a slow machine may make a few
  # groups of the twelve)
  strace -f -o "$TMP/trace2" -e trace=fsync,syncfs,openat,linkat,rename,write \
    env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$WK" build "$TMP"/many/*.md -d "$TMP/out10" -j 2 >/dev/null 2>&1
  if python3 tests/durability_check.py "$TMP/trace2" --max-syncs 8 >"$TMP/dur2" 2>&1; then
    ok "twelve files durable with fewer syncs than files"
  else not_ok "twelve files durable with fewer syncs than files" "$(head -3 "$TMP/dur2")"; fi
fi

finish
