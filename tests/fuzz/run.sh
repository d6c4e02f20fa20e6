#!/bin/sh
# run.sh SECONDS - `make fuzz` (and CI): runs each libFuzzer target of
# build/fuzz for SECONDS (default 60) on its seed corpora, with nice -n 19,
# and prints per target the executions and the findings. Exits 1 when any
# target found something (crash, leak, timeout, out of memory) or did not
# run, 0 otherwise. Findings land in build/fuzz/findings/TARGET/ (see
# README.md for minimising them); the working corpus grows in
# build/fuzz/corpus-TARGET/. Nothing tracked is written unless
# FUZZ_RECORD=1, which appends a line per target to tests/fuzz/RUNS.md.
# FUZZ_TIMEOUT (s per input) and FUZZ_RSS_MB override the limits below;
# FUZZ_BUILD another folder of fuzz_* binaries (to test this script).
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
B=${FUZZ_BUILD:-build/fuzz}
# Wall-clock limits for one input: the slowest legitimate input takes
# well under a second (0.02 s typical; the pathological suite bounds whole
# builds at 5 s of CPU), so 60 s is a hang even on a loaded 2-core machine
# running this niced; memory: the harnesses stay under a few hundred MB
# with ASan, 4 GB is a leak or a blow-up.
timeout=${FUZZ_TIMEOUT:-60}
rss=${FUZZ_RSS_MB:-4096}
status=0
for t in contract refdoc zipin verify; do
  mkdir -p "$B/corpus-$t" "$B/findings/$t"
  case $t in
    contract) seeds="tests/fuzz/corpus-contract contracts $(for d in tests/check tests/golden tests/workflows; do [ -d $d ] && echo $d; done)"
              opts="-max_len=65536 -dict=tests/fuzz/contract.dict" ;;
    refdoc) seeds="tests/fuzz/corpus-refdoc $( [ -d ../shared/tools/samples ] && echo ../shared/tools/samples)"
            opts="-max_len=262144" ;;
    zipin) seeds="tests/fuzz/corpus-refdoc"
           opts="-max_len=65536" ;;
    verify) seeds="tests/fuzz/corpus-verify tests/fuzz/corpus-refdoc tests/fuzz/regressions/verify"
            opts="-max_len=131072" ;;
  esac
  log="$B/fuzz-$t.log"
  if [ ! -x "$B/fuzz_$t" ]; then
    echo "fuzz_$t: FAIL: $B/fuzz_$t is not built (run make fuzz)"
    status=1
    continue
  fi
  # findings are the artifacts this run adds (older ones may be kept there)
  stamp="$B/findings/.start-$t"
  touch "$stamp"
  echo "fuzz_$t: $secs s (log $log)"
  # the first directory receives the new inputs; the seeds are only read
  # shellcheck disable=SC2086
  nice -n 19 "$B/fuzz_$t" $opts -max_total_time="$secs" -rss_limit_mb=$rss -timeout=$timeout \
    -print_final_stats=1 -artifact_prefix="$B/findings/$t/" "$B/corpus-$t" $seeds >"$log" 2>&1
  st=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  new=$(find "$B/findings/$t" -type f -newer "$stamp" | sed 's|.*/||' | LC_ALL=C sort)
  rm -f "$stamp"
  found=$(echo "$new" | grep -c -E '^(crash|leak|timeout|oom)-' || true)
  slow=$(echo "$new" | grep -c '^slow-unit-' || true)
  slowest=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" | tail -n 1)
  peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
  line="fuzz_$t: exit $st, ${execs:-?} executions, $found finding(s); slowest input ${slowest:-?} s (limit $timeout), peak ${peak:-?} MB (limit $rss)"
  [ "$slow" -gt 0 ] && line="$line; $slow slow input(s) over 10 s kept, not failures"
  if [ "$st" != 0 ] || [ "$found" -gt 0 ] || [ -z "$execs" ]; then
    status=1
    line="$line: FAIL"
    for f in $(echo "$new" | grep -E '^(crash|leak|timeout|oom)-'); do line="$line
  $B/findings/$t/$f"; done
    # what libFuzzer said about it
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 | sed 's/^/  /' >"$B/fuzz-$t.why"
    [ -s "$B/fuzz-$t.why" ] && line="$line
$(cat "$B/fuzz-$t.why")"
  fi
  echo "$line"
  if [ "${FUZZ_RECORD:-}" = 1 ]; then
    echo "| $(date -u +%Y-%m-%d) | fuzz_$t | $secs | ${execs:-?} | $found | make fuzz |" >>tests/fuzz/RUNS.md
  fi
done
if [ "$status" = 0 ]; then echo "fuzzing: no findings"; else echo "fuzzing: FAILED (see above)"; fi
exit $status
