# t-nothing-lost.sh - `build` over an existing document never loses it and
# leaves no temporary file: I/O failures injected with an LD_PRELOAD shim
# (tests/faultinject/failio.c: open with O_TMPFILE, linkat, mkstemp, write,
# fsync, close, rename), and SIGKILL at random moments, also while the shim
# stretches fsync so that kills land in the write. After each run the target
# is its previous version byte for byte (or, when the run succeeded, exactly
# the new one) and no ".doc.*" is left beside it. Both ways of output.c are
# covered: the unnamed O_TMPFILE file, and (the shim's WK_NO_TMPFILE, as on
# a file system without it) the locked named temporary file, whose leftovers
# after a kill the next build must remove. Then the clean-up itself: only
# stale temporary files of the same target go, nothing else.
. tests/lib.sh

SRC=contracts/wijkcontract-klaverveld.md
[ -f "$SRC" ] || SRC=$(ls contracts/*.md | head -n 1)
if ! cc -shared -fPIC -o "$TMP/failio.so" tests/faultinject/failio.c -ldl 2>"$TMP/cc.err"; then
  not_ok "fault-injection shim builds" "$(head -5 "$TMP/cc.err")"
  finish
  exit 0
fi
SHIM=$TMP/failio.so
mkdir -p "$TMP/killed-logs"
# an ASan binary insists on coming first in the library list
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0"
# under the sanitizers (t-asan.sh) the error paths matter, not the count
errnos="ENOSPC EIO" n_kills=20 n_slow_kills=24 slow_ms=300
[ -n "${WK_IN_ASAN:-}" ] && errnos=ENOSPC n_kills=5 n_slow_kills=10

mkdir -p "$TMP/dest"
# equal input, equal bytes: documents record the build time otherwise
export SOURCE_DATE_EPOCH=1767225600
# the previous version: same contract with another version label
sed 's/^version: .*/version: "0.0-previous"/' "$SRC" >"$TMP/old.md"
cp "$SRC" "$TMP/new.md"

# only the target may be in the output folder afterwards ($left: the rest)
dir_clean() {
  left=$(ls -A "$TMP/dest" | grep -v -x -e "$1" | tr '\n' ' ')
  [ -z "$left" ]
}

# milliseconds a build over an existing target takes (env assignments
# allowed first): the replacing path, which is the one the kills hit
build_ms() {
  "$WK" build "$TMP/new.md" --draft -o "$TMP/dest/timing.$fmt" >/dev/null 2>&1
  start=$(date +%s%N)
  env "$@" "$WK" build "$TMP/new.md" --draft -o "$TMP/dest/timing.$fmt" >/dev/null 2>&1
  echo $((($(date +%s%N) - start) / 1000000 + 5))
  rm -f "$TMP/dest/timing.$fmt"
}

# faults LABEL FUNCS ENV...: fails each call of each function in turn, with
# each errno, once or for good (and writes half-done), over the previous
# version; the shim counts the calls of a successful build first.
faults() {
  label=$1 funcs=$2
  shift 2
  rm -f "$TMP/counts"
  env "$@" WK_FAIL_COUNT="$TMP/counts" LD_PRELOAD="$SHIM" "$WK" build "$TMP/new.md" --draft -o "$T" >/dev/null 2>&1
  expect_same "$fmt, $label: build under the shim without failures" "$TMP/expected.$fmt" "$T"
  runs=0 bad=0
  for func in $funcs; do
    count=$(awk -v f="$func" '$1 == f { print $2; exit }' "$TMP/counts")
    [ "${count:-0}" -gt 0 ] || { bad=$((bad + 1)); not_ok "$fmt, $label: a build calls $func"; continue; }
    [ "$count" -gt 12 ] && count=12
    for mode in plain sticky partial; do
      [ "$mode" = partial ] && [ "$func" != write ] && continue
      n=1
      while [ "$n" -le "$count" ]; do
        for e in $errnos; do
          cp "$TMP/prev.$fmt" "$T"
          runs=$((runs + 1))
          env "$@" WK_FAIL_FUNC=$func WK_FAIL_NTH=$n WK_FAIL_ERRNO=$e \
            ${mode:+WK_FAIL_$(echo "$mode" | tr a-z A-Z)=1} LD_PRELOAD="$SHIM" \
            "$WK" build "$TMP/new.md" --draft -o "$T" >"$TMP/o" 2>"$TMP/e"
          st=$?
          what="$fmt, $label: $func call $n fails ($e, $mode): exit $st"
          if [ "$st" = 0 ]; then
            # a failure the tool may get round (a link falling back to a
            # named file) or ignore (the directory fsync): then the result
            # must be the complete new document
            cmp -s "$TMP/expected.$fmt" "$T" || { bad=$((bad + 1)); not_ok "$what" "exit 0 but the target is not the new document"; }
          elif [ "$st" -ge 128 ]; then
            bad=$((bad + 1)); not_ok "$what" "crashed: $(head -c 300 "$TMP/e")"
          else
            cmp -s "$TMP/prev.$fmt" "$T" || { bad=$((bad + 1)); not_ok "$what" "the previous version was changed or removed"; }
            grep -q "doc.$fmt" "$TMP/e" || { bad=$((bad + 1)); not_ok "$what" "message does not name the file: $(head -c 200 "$TMP/e")"; }
          fi
          dir_clean "doc.$fmt" || { bad=$((bad + 1)); not_ok "$what" "left behind: $left"; }
          rm -f "$TMP/dest/".doc.* 2>/dev/null
        done
        n=$((n + 1))
      done
    done
  done
  [ "$bad" = 0 ] && ok "$fmt, $label: $runs injected I/O failures, previous version kept each time"
}

# kill_runs LABEL N MS ENV...: N builds over the previous version, each killed
# (SIGKILL) after a random time of up to MS ms. Counts into $kills (killed
# mid-build) and, through judge_kill, $torn (target neither version),
# $stale (runs after which a temporary file was there) and $partial
# (temporary files seen that were not the whole new document); leftovers
# are kept when KEEP_TEMPS=1.
kill_runs() {
  label=$1 n=$2 ms=$3
  shift 3
  kills=0 torn=0 stale=0 partial=0 i=0
  while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    cp "$TMP/prev.$fmt" "$T"
    delay=$(awk -v s="$i$$$n" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms / 1000 }')
    # under the sanitizers, a run killed at a random moment may leave a
    # partial log (killed while its leak check ran): kept apart, and only
    # a real error report in it counts (below)
    env "$@" ${WK_IN_ASAN:+ASAN_OPTIONS=${ASAN_OPTIONS:-}:log_path=$TMP/killed-logs/asan} \
      ${WK_IN_ASAN:+LSAN_OPTIONS=log_path=$TMP/killed-logs/lsan} \
      timeout -s KILL "$delay" "$WK" build "$TMP/new.md" --draft -o "$T" >/dev/null 2>&1
    [ $? = 137 ] && kills=$((kills + 1))
    judge_kill
  done
}

# judge_kill: what a killed run left: the target a whole version (else
# torn), a temporary file (stale) that is the whole new version (else
# partial)
judge_kill() {
  if ! cmp -s "$TMP/prev.$fmt" "$T" && ! cmp -s "$TMP/expected.$fmt" "$T"; then
    torn=$((torn + 1))
  fi
  dir_clean "doc.$fmt" || stale=$((stale + 1))
  for t in "$TMP/dest/".doc.*; do
    [ -f "$t" ] && ! cmp -s "$TMP/expected.$fmt" "$t" && partial=$((partial + 1))
  done
  [ "${KEEP_TEMPS:-0}" = 1 ] || rm -f "$TMP/dest/".doc.* 2>/dev/null
}

# after_kills LABEL ENV...: the next build over the target writes the new
# version and removes every temporary file the killed runs left.
after_kills() {
  label=$1
  shift
  env "$@" "$WK" build "$TMP/new.md" --draft -o "$T" >/dev/null 2>&1
  expect_same "$fmt, $label: a build after the kills writes the new version" "$TMP/expected.$fmt" "$T"
  dir_clean "doc.$fmt"
  expect_eq "$fmt, $label: temporary files left by kills ($stale of $i runs) are removed by the next build" "" "$left"
  rm -f "$TMP/dest/".doc.* 2>/dev/null
}

for fmt in odt docx; do
  rm -rf "$TMP/dest" && mkdir -p "$TMP/dest"
  T="$TMP/dest/doc.$fmt"
  "$WK" build "$TMP/old.md" --draft -o "$T" >/dev/null 2>&1 || { not_ok "$fmt: previous version builds"; continue; }
  cp "$T" "$TMP/prev.$fmt"
  "$WK" build "$TMP/new.md" --draft -o "$TMP/expected.$fmt" >/dev/null 2>&1
  if cmp -s "$TMP/prev.$fmt" "$TMP/expected.$fmt"; then
    not_ok "$fmt: new version differs from the previous one"
    continue
  fi

  # ---- injected I/O failures, both ways of writing ----
  cp "$TMP/prev.$fmt" "$T"
  faults "O_TMPFILE" "tmpfile write fsync linkat rename close"
  cp "$TMP/prev.$fmt" "$T"
  faults "no O_TMPFILE" "mkstemp write fsync rename close" WK_NO_TMPFILE=1

  # ---- SIGKILL at random moments of the whole build ----
  # With O_TMPFILE the document has no name until it is whole and synced.
  # Replacing a target takes two steps, since no call links an unnamed file
  # over an existing name: linkat to a temporary name, then rename over the
  # target. A kill between the two leaves that name, holding the whole new
  # document, and the next build over the target removes it. So: a kill may
  # leave a temporary file only when it is the complete new version, and
  # never one the next build keeps.
  ms=$(build_ms)
  KEEP_TEMPS=1
  kill_runs "random kills" "$n_kills" "$ms"
  expect_eq "$fmt: after $i SIGKILLs ($kills mid-build) the target is always a whole version" 0 "$torn"
  expect_eq "$fmt: after $i SIGKILLs ($kills mid-build) a temporary file left ($stale runs) is only ever the whole new version" 0 "$partial"
  after_kills "random kills"

  # ---- SIGKILL while writing: fsync stretched by slow_ms, so that most
  # kills land while the output file is being written ----
  ms_slow=$(build_ms WK_SLOW_FSYNC_MS=$slow_ms LD_PRELOAD="$SHIM")
  kill_runs "kills in the write" "$n_slow_kills" "$ms_slow" WK_SLOW_FSYNC_MS=$slow_ms LD_PRELOAD="$SHIM"
  expect_eq "$fmt: after $i SIGKILLs in a slowed write ($kills mid-build) the target is always a whole version" 0 "$torn"
  expect_eq "$fmt: after $i SIGKILLs in a slowed write ($kills mid-build) a temporary file left ($stale runs) is only ever the whole new version" 0 "$partial"
  after_kills "kills in the write"

  # ---- SIGKILL between the link and the rename: the shim stretches
  # rename and marks the moment its pause begins, and each run is killed
  # then: every kill lands where the finished file has its temporary
  # name, so the clean-up of what it leaves is exercised every time (a
  # kill at a random moment of a stretched rename missed the pause now
  # and then on a loaded machine) ----
  kills=0 torn=0 stale=0 partial=0 i=0
  while [ "$i" -lt "$n_kills" ]; do
    i=$((i + 1))
    cp "$TMP/prev.$fmt" "$T"
    rm -f "$TMP/mark"
    env WK_SLOW_RENAME_MS=60000 WK_RENAME_MARK="$TMP/mark" LD_PRELOAD="$SHIM" \
      ${WK_IN_ASAN:+ASAN_OPTIONS=${ASAN_OPTIONS:-}:log_path=$TMP/killed-logs/asan} \
      ${WK_IN_ASAN:+LSAN_OPTIONS=log_path=$TMP/killed-logs/lsan} \
      "$WK" build "$TMP/new.md" --draft -o "$T" >/dev/null 2>&1 &
    pid=$!
    waited=0 # at most 60 s for the build to reach its rename
    while [ ! -e "$TMP/mark" ] && [ "$waited" -lt 6000 ] && kill -0 "$pid" 2>/dev/null; do
      sleep 0.01
      waited=$((waited + 1))
    done
    [ -e "$TMP/mark" ] && kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    [ $? = 137 ] && kills=$((kills + 1))
    judge_kill
  done
  expect_eq "$fmt: $i SIGKILLs, each in the pause before the rename" "$i" "$kills"
  expect_eq "$fmt: after $i SIGKILLs before the rename the target is always a whole version" 0 "$torn"
  expect_eq "$fmt: after $i SIGKILLs before the rename each left the linked temporary file" "$i" "$stale"
  expect_eq "$fmt: after $i SIGKILLs before the rename a temporary file left is only ever the whole new version" 0 "$partial"
  after_kills "kills before the rename"
  KEEP_TEMPS=0

  # ---- the same without O_TMPFILE: a killed build may leave its named
  # temporary file; the next build over the same target removes it ----
  KEEP_TEMPS=1
  kill_runs "kills, no O_TMPFILE" "$n_slow_kills" "$ms_slow" WK_SLOW_FSYNC_MS=$slow_ms WK_NO_TMPFILE=1 LD_PRELOAD="$SHIM"
  KEEP_TEMPS=0
  expect_eq "$fmt, no O_TMPFILE: after $i SIGKILLs in a slowed write ($kills mid-build) the target is always a whole version" 0 "$torn"
  # each build that gets as far as writing removes what the one before
  # left: $stale counts the runs after which a temporary file was there
  [ "$stale" -gt 0 ] || echo "note $T_SUITE: $fmt, no O_TMPFILE: no kill left a temporary file: the clean-up after kills was not exercised"
  after_kills "no O_TMPFILE" WK_NO_TMPFILE=1 LD_PRELOAD="$SHIM"
done

# ---- the clean-up of stale temporary files: those of the same target whose
# lock can be taken, and nothing else ----
O=$TMP/clean
mkdir -p "$O"
"$WK" build "$TMP/old.md" --draft -o "$O/doc.odt" >/dev/null 2>&1
echo stale >"$O/.doc.odt.wktmp.Ab12Cd"
echo stale >"$O/.doc.odt.wktmp.zzzzzz"
# not ours to remove: another target's, other names, a symlink, a FIFO
echo other >"$O/.other.odt.wktmp.Ab12Cd"
echo other >"$O/.doc.docx.wktmp.Ab12Cd"
echo user >"$O/.doc.odt.backup"
echo user >"$O/.doc.odt.wktmp.Ab12C"
echo user >"$O/.doc.odt.wktmp.Ab12Cde"
echo user >"$O/.doc.odt.wktmp.Ab-2Cd"
echo user >"$O/.doc.odt.XyZ123"
echo user >"$O/doc.odt.wktmp.Ab12Cd"
echo user >"$O/notes.txt"
echo victim >"$TMP/victim"
ln -s "$TMP/victim" "$O/.doc.odt.wktmp.Sym123"
mkfifo "$O/.doc.odt.wktmp.Fifo12" 2>/dev/null
keep=".doc.docx.wktmp.Ab12Cd .doc.odt.XyZ123 .doc.odt.backup .doc.odt.wktmp.Ab-2Cd .doc.odt.wktmp.Ab12C .doc.odt.wktmp.Ab12Cde .doc.odt.wktmp.Sym123 .other.odt.wktmp.Ab12Cd doc.odt doc.odt.wktmp.Ab12Cd notes.txt"
[ -p "$O/.doc.odt.wktmp.Fifo12" ] && keep=".doc.odt.wktmp.Fifo12 $keep"
# a live writer's temporary file: its lock is held
holder=
if have_tool python3 "the live (locked) temporary file"; then
  python3 -c '
import fcntl, os, sys, time
f = open(sys.argv[1], "w"); f.write("live"); f.flush()
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$O/.doc.odt.wktmp.Live12" "$TMP/locked" &
  holder=$!
  w=0
  while [ ! -e "$TMP/locked" ] && [ "$w" -lt 100 ]; do sleep 0.1; w=$((w + 1)); done
  keep=".doc.odt.wktmp.Live12 $keep"
fi
keep=$(for f in $keep; do echo "$f"; done | LC_ALL=C sort | tr '\n' ' ')
expect_status "clean-up: build over the target" 0 timeout 60 "$WK" build "$TMP/new.md" --draft -o "$O/doc.odt"
expect_same "clean-up: the target is the new version" "$TMP/expected.odt" "$O/doc.odt"
expect_eq "clean-up: stale temporary files of the target removed, all else kept" "$keep" \
  "$(ls -A "$O" | LC_ALL=C sort | tr '\n' ' ')"
expect_eq "clean-up: a symlink's target untouched" victim "$(cat "$TMP/victim")"
if [ -n "$holder" ]; then
  expect_eq "clean-up: the live temporary file untouched" live "$(cat "$O/.doc.odt.wktmp.Live12")"
  kill "$holder" 2>/dev/null
  wait "$holder" 2>/dev/null
  "$WK" build "$TMP/new.md" --draft -o "$O/doc.odt" >/dev/null 2>&1
  if [ -e "$O/.doc.odt.wktmp.Live12" ]; then
    not_ok "clean-up: once its writer is gone, its temporary file goes at the next build"
  else
    ok "clean-up: once its writer is gone, its temporary file goes at the next build"
  fi
fi

if [ -n "${WK_IN_ASAN:-}" ]; then
  errs=$(cat "$TMP/killed-logs/"* 2>/dev/null | grep -E 'ERROR: AddressSanitizer|runtime error' | head -3)
  expect_eq "killed runs: no sanitizer error report" "" "$errs"
  other=$(ls "$TMP/killed-logs" 2>/dev/null | wc -l)
  [ "$other" = 0 ] || echo "note $T_SUITE: $other partial sanitizer log(s) of killed runs: $(cat "$TMP/killed-logs/"* | head -3 | tr '\n' ' ')"
fi

# ---- `new` creates, never replaces: through the unnamed file and through
# the named-temporary fallback; a failed write leaves nothing ----
for mode in "" WK_NO_TMPFILE=1; do
  label=${mode:+, no O_TMPFILE}
  d=$TMP/new$([ -n "$mode" ] && echo -fallback)
  mkdir -p "$d"
  expect_status "new$label: writes the skeleton" 0 env $mode LD_PRELOAD="$SHIM" "$WK" new "$d/c.md"
  cp "$d/c.md" "$d/c.before"
  echo "edited" >>"$d/c.md"
  cp "$d/c.md" "$d/c.edited"
  expect_status "new$label: refuses an existing file" 1 env $mode LD_PRELOAD="$SHIM" "$WK" new "$d/c.md"
  expect_same "new$label: the existing file is untouched" "$d/c.edited" "$d/c.md"
  expect_status "new$label: a full disk is an I/O failure" 2 \
    env $mode WK_FAIL_FUNC=write WK_FAIL_NTH=1 WK_FAIL_ERRNO=ENOSPC WK_FAIL_STICKY=1 LD_PRELOAD="$SHIM" "$WK" new "$d/d.md"
  expect_eq "new$label: nothing left after the failure" "c.before c.edited c.md " "$(ls -A "$d" | tr '\n' ' ')"
done

# ---- a real file system without O_TMPFILE (vfat, minix), where this
# machine can make and mount one: root, the module and mkfs present ----
nofs=
if [ "$(id -u)" = 0 ] && [ -z "${WK_IN_ASAN:-}" ]; then
  for fs in vfat minix; do
    grep -qw "$fs" /proc/filesystems 2>/dev/null || continue
    case $fs in vfat) mk=mkfs.vfat ;; minix) mk=mkfs.minix ;; esac
    command -v "$mk" >/dev/null 2>&1 || continue
    truncate -s 8M "$TMP/fs.img" && "$mk" "$TMP/fs.img" >/dev/null 2>&1 || continue
    mkdir -p "$TMP/mnt"
    mount -o loop -t "$fs" "$TMP/fs.img" "$TMP/mnt" 2>/dev/null || continue
    nofs=$fs
    break
  done
fi
if [ -n "$nofs" ]; then
  ok=1
  "$WK" build "$TMP/old.md" --draft -o "$TMP/mnt/doc.odt" >/dev/null 2>&1 || ok=0
  cmp -s "$TMP/prev.odt" "$TMP/mnt/doc.odt" || ok=0
  "$WK" build "$TMP/new.md" --draft -o "$TMP/mnt/doc.odt" >/dev/null 2>&1 || ok=0
  cmp -s "$TMP/expected.odt" "$TMP/mnt/doc.odt" || ok=0
  left=$(ls -A "$TMP/mnt" | grep -v -x -e doc.odt -e lost+found | tr '\n' ' ')
  umount "$TMP/mnt"
  expect_eq "on $nofs (no O_TMPFILE): new and replaced document written, nothing left" "1 " "$ok $left"
else
  echo "note $T_SUITE: no file system without O_TMPFILE can be mounted here: the fallback ran under the shim's WK_NO_TMPFILE only"
fi
finish
