#!/bin/sh
# run.sh SECONDS - `make fuzz`: runs each libFuzzer target of build/fuzz for
# SECONDS (default 60) on its seed corpora, with nice -n 19, then appends a
# line per target to tests/fuzz/RUNS.md. Crashes land in
# build/fuzz/findings/TARGET/ (see README.md for minimising them).
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
B=build/fuzz
status=0
for t in contract refdoc zipin; do
  mkdir -p "$B/corpus-$t" "$B/findings/$t"
  case $t in
    contract) seeds="tests/fuzz/corpus-contract contracts $(for d in tests/check tests/golden tests/workflows; do [ -d $d ] && echo $d; done)"
              opts="-max_len=65536 -dict=tests/fuzz/contract.dict" ;;
    refdoc) seeds="tests/fuzz/corpus-refdoc $( [ -d ../shared/tools/samples ] && echo ../shared/tools/samples)"
            opts="-max_len=262144" ;;
    zipin) seeds="tests/fuzz/corpus-refdoc"
           opts="-max_len=65536" ;;
  esac
  log="$B/fuzz-$t.log"
  echo "fuzz_$t: $secs s (log $log)"
  # shellcheck disable=SC2086
  nice -n 19 "$B/fuzz_$t" $opts -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$B/findings/$t/" "$B/corpus-$t" $seeds >"$log" 2>&1
  st=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  found=$(ls "$B/findings/$t" | wc -l)
  echo "fuzz_$t: exit $st, ${execs:-?} executions, $found finding(s) in $B/findings/$t"
  echo "| $(date -u +%Y-%m-%d) | fuzz_$t | $secs | ${execs:-?} | $found | make fuzz |" >>tests/fuzz/RUNS.md
  [ "$st" = 0 ] || status=1
done
exit $status
