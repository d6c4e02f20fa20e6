# t-bench.sh - `make bench` does not rot: tests/bench.sh in its quick mode
# prints its table and its floor, and tests/bench_floor.c measures what it
# says it measures (counts checked against libxml2's and PyYAML's own).
# Timings are never asserted.
. tests/lib.sh

CC=${CC:-cc}

expect_status "bench, quick mode: exit 0" 0 env BENCH_QUICK=1 WK="$WK" sh tests/bench.sh
cp "$TMP/out" "$TMP/bench.txt"
num='[0-9]+\.[0-9]+'
expect_grep "bench: table header" '^contract +bytes +command +ours s +ours MB' "$TMP/bench.txt"
expect_grep "bench: typical check row" "^typical \\(6 parties\\) +[0-9]+ +check +$num +$num" "$TMP/bench.txt"
expect_grep "bench: typical DOCX row" "^typical \\(6 parties\\) +[0-9]+ +docx +$num +$num" "$TMP/bench.txt"
expect_grep "bench: typical ODT row" "^typical \\(6 parties\\) +[0-9]+ +odt +$num +$num" "$TMP/bench.txt"
if have_tool pandoc "the pandoc columns"; then
  expect_grep "bench: pandoc's time and the ratio" "^typical \\(6 parties\\) +[0-9]+ +docx( +$num){6}\$" "$TMP/bench.txt"
fi
expect_grep "bench: check in one run, exit 0" '^check of 20 typical contracts in one run: .* exit 0$' "$TMP/bench.txt"
expect_grep "bench: the batch, -j 1, all built" "^  ours, -j 1: +$num s, +$num ms per document, 20 documents, exit 0, peak $num MB" "$TMP/bench.txt"
expect_grep "bench: the batch's memory, all its processes together" "^  ours, -j 1: .*, $num MB \\(all 2 processes together\\)\$" "$TMP/bench.txt"
if have_tool pandoc "the pandoc columns"; then
  expect_grep "bench: the batch against pandoc, per document" "^  per document, pandoc's time / ours: $num""x \\(-j 1\\)" "$TMP/bench.txt"
fi
if grep -q "^  typical (6 parties), DOCX, median of" "$TMP/bench.txt"; then
  for row in "an empty C program" "start-up linked to the tool.s [0-9]+ shared libraries" "fsync, rename, fsync of the folder" \
    "libyaml, the front matter: [0-9]+ events" "xmlTextWriter, document.xml: [0-9]+ elements" \
    "sum: the least a build can take" "wijkcontract --version" "wijkcontract build" \
    "its [0-9]+ page faults"; do
    expect_grep "bench floor: $row" "$row.* $num ms\$" "$TMP/bench.txt"
  done
  if have_tool pandoc; then
    expect_grep "bench floor: pandoc/20" "20x faster than pandoc +$num ms\$" "$TMP/bench.txt"
  fi
else
  not_ok "bench: the floor was measured" "$(grep -A1 'the floor' "$TMP/bench.txt" | tail -1)"
fi

# ---- bench_floor.c itself ----
F="$TMP/floor"
if ! $CC -std=c11 -Wall -Wextra -Werror -O2 -o "$F" tests/bench_floor.c \
  $(pkg-config --cflags --libs libxml-2.0 yaml-0.1) 2>"$TMP/cc.err"; then
  not_ok "bench_floor.c compiles" "$(head -c 300 "$TMP/cc.err")"
else
  ok "bench_floor.c compiles"
  "$WK" build -q contracts/wijkcontract-klaverveld.md -o "$TMP/k.docx" 2>/dev/null
  unzip -p "$TMP/k.docx" word/document.xml >"$TMP/document.xml"
  expect_status "xmlwriter mode: exit 0" 0 "$F" xmlwriter "$TMP/document.xml" 2
  want=$(xmllint --xpath 'count(//*)' "$TMP/document.xml")
  expect_eq "xmlwriter mode: writes every element of document.xml" "$want" "$(cut -d' ' -f1 "$TMP/out")"
  bytes=$(cut -d' ' -f2 "$TMP/out")
  [ "${bytes:-0}" -gt "$(($(wc -c <"$TMP/document.xml") / 2))" ] && ok "xmlwriter mode: writes the bytes" ||
    not_ok "xmlwriter mode: writes the bytes" "$bytes bytes"

  expect_status "yaml mode: exit 0" 0 "$F" yaml contracts/wijkcontract-klaverveld.md 2
  want=$(python3 -c '
import sys, yaml
text = open(sys.argv[1], encoding="utf-8").read().split("\n---\n")[0][4:] + "\n"
print(sum(1 for _ in yaml.parse(text)))' contracts/wijkcontract-klaverveld.md)
  expect_eq "yaml mode: as many events as PyYAML finds in the front matter" "$want" "$(cut -d' ' -f1 "$TMP/out")"

  expect_status "touch mode: exit 0" 0 "$F" touch 16 3
  expect_grep "touch mode: prints the cost of a fault" "^$num\$" "$TMP/out"
  expect_status "usage: exit 2" 2 "$F" nothing 1 1
fi
if $CC -std=c11 -Wall -Wextra -Werror -O2 -DFLOOR_START -o "$F.start" tests/bench_floor.c 2>"$TMP/cc.err"; then
  mkdir "$TMP/sync"
  expect_status "sync mode: exit 0" 0 "$F.start" sync "$TMP/sync"
  expect_eq "sync mode: the 12 KB file renamed into place, nothing else" "floor.out 12000" \
    "$(ls "$TMP/sync") $(wc -c <"$TMP/sync/floor.out" 2>/dev/null)"
else
  not_ok "bench_floor.c compiles (start-up variant)" "$(head -c 300 "$TMP/cc.err")"
fi

finish
