# t-nothing-lost.sh - `build` over an existing document never loses it:
# write/fsync/close/rename/mkstemp failures injected with an LD_PRELOAD
# shim (tests/faultinject/failio.c), and SIGKILL at random moments. After
# each run the target is its previous version byte for byte (or, when the
# run succeeded, exactly the new one), and output.c's temporary file
# (".NAME.XXXXXX" beside the target) is gone after every failure.
. tests/lib.sh

SRC=contracts/wijkcontract-klaverveld.md
[ -f "$SRC" ] || SRC=$(ls contracts/*.md | head -n 1)
if ! cc -shared -fPIC -o "$TMP/failio.so" tests/faultinject/failio.c -ldl 2>"$TMP/cc.err"; then
  not_ok "fault-injection shim builds" "$(head -5 "$TMP/cc.err")"
  finish
  exit 0
fi
# an ASan binary insists on coming first in the library list
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0"
# under the sanitizers (t-asan.sh) the error paths matter, not the count
errnos="ENOSPC EIO" n_kills=20
[ -n "${WK_IN_ASAN:-}" ] && errnos=ENOSPC n_kills=5

mkdir -p "$TMP/out"
# equal input, equal bytes: documents record the build time otherwise
export SOURCE_DATE_EPOCH=1767225600
# the previous version: same contract with another version label
sed 's/^version: .*/version: "0.0-previous"/' "$SRC" >"$TMP/old.md"
cp "$SRC" "$TMP/new.md"

# only the target may be in the output folder afterwards
dir_clean() {
  left=$(ls -A "$TMP/out" | grep -v -x -e "$1" | tr '\n' ' ')
  [ -z "$left" ]
}

for fmt in odt docx; do
  rm -rf "$TMP/out" && mkdir -p "$TMP/out"
  T="$TMP/out/doc.$fmt"
  "$WK" build "$TMP/old.md" --draft -o "$T" >/dev/null 2>&1 || { not_ok "$fmt: previous version builds"; continue; }
  cp "$T" "$TMP/prev.$fmt"
  "$WK" build "$TMP/new.md" --draft -o "$TMP/expected.$fmt" >/dev/null 2>&1
  if cmp -s "$TMP/prev.$fmt" "$TMP/expected.$fmt"; then
    not_ok "$fmt: new version differs from the previous one"
    continue
  fi
  # how often does a successful build call each function?
  rm -f "$TMP/counts"
  WK_FAIL_COUNT="$TMP/counts" LD_PRELOAD="$TMP/failio.so" "$WK" build "$TMP/new.md" --draft -o "$T" >/dev/null 2>&1
  expect_same "$fmt: build under the shim without failures" "$TMP/expected.$fmt" "$T"
  cp "$TMP/prev.$fmt" "$T"

  runs=0 bad=0
  for func in mkstemp write fsync close rename; do
    count=$(awk -v f="$func" '$1 == f { print $2; exit }' "$TMP/counts")
    [ "${count:-0}" -gt 0 ] || count=1
    [ "$count" -gt 12 ] && count=12
    for mode in plain sticky partial; do
      [ "$mode" = partial ] && [ "$func" != write ] && continue
      n=1
      while [ "$n" -le "$count" ]; do
        for e in $errnos; do
          cp "$TMP/prev.$fmt" "$T"
          runs=$((runs + 1))
          env WK_FAIL_FUNC=$func WK_FAIL_NTH=$n WK_FAIL_ERRNO=$e \
            ${mode:+WK_FAIL_$(echo "$mode" | tr a-z A-Z)=1} LD_PRELOAD="$TMP/failio.so" \
            "$WK" build "$TMP/new.md" --draft -o "$T" >"$TMP/o" 2>"$TMP/e"
          st=$?
          what="$fmt: $func call $n fails ($e, $mode): exit $st"
          if [ "$st" = 0 ]; then
            # a failure the tool may ignore (the directory fsync): then the
            # result must be the complete new document
            cmp -s "$TMP/expected.$fmt" "$T" || { bad=$((bad + 1)); not_ok "$what" "exit 0 but the target is not the new document"; }
          elif [ "$st" -ge 128 ]; then
            bad=$((bad + 1)); not_ok "$what" "crashed: $(head -c 300 "$TMP/e")"
          else
            cmp -s "$TMP/prev.$fmt" "$T" || { bad=$((bad + 1)); not_ok "$what" "the previous version was changed or removed"; }
            grep -q "doc.$fmt" "$TMP/e" || { bad=$((bad + 1)); not_ok "$what" "message does not name the file: $(head -c 200 "$TMP/e")"; }
          fi
          dir_clean "doc.$fmt" || { bad=$((bad + 1)); not_ok "$what" "left behind: $left"; }
          rm -f "$TMP/out/".doc.* 2>/dev/null
        done
        n=$((n + 1))
      done
    done
  done
  [ "$bad" = 0 ] && ok "$fmt: $runs injected I/O failures, previous version kept each time"

  # SIGKILL at random moments of a build over the previous version
  cp "$TMP/prev.$fmt" "$T"
  start=$(date +%s%N)
  "$WK" build "$TMP/new.md" --draft -o "$TMP/out/timing.$fmt" >/dev/null 2>&1
  ms=$((($(date +%s%N) - start) / 1000000 + 5))
  rm -f "$TMP/out/timing.$fmt"
  kills=0 torn=0 stale=0 i=0
  while [ "$i" -lt "$n_kills" ]; do
    i=$((i + 1))
    cp "$TMP/prev.$fmt" "$T"
    delay=$(awk -v s="$i$$" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms / 1000 }')
    timeout -s KILL "$delay" "$WK" build "$TMP/new.md" --draft -o "$T" >/dev/null 2>&1
    [ $? = 137 ] && kills=$((kills + 1))
    if ! cmp -s "$TMP/prev.$fmt" "$T" && ! cmp -s "$TMP/expected.$fmt" "$T"; then
      torn=$((torn + 1))
    fi
    dir_clean "doc.$fmt" || stale=$((stale + 1))
    rm -f "$TMP/out/".doc.* 2>/dev/null
  done
  expect_eq "$fmt: after $i SIGKILLs ($kills mid-build) the target is always a whole version" 0 "$torn"
  # a killed process cannot remove its temporary file: reported, not failed
  [ "$stale" -gt 0 ] && echo "note $T_SUITE: $fmt: $stale of $kills killed builds left a temporary .doc.$fmt.XXXXXX"
done
finish
