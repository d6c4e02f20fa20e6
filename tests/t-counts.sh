# t-counts.sh - what a single build of a large contract spends, counted in
# instructions (callgrind), never timed: the text digest that goes into the
# document's properties comes from the writer as it writes, so a build
# spends next to nothing in libxml2's parser (reading its main part back
# took a third of a 200-party build); and the role matrix costs a bounded
# number of instructions per cell, its empty cells copied rather than
# written element by element (xmlw_stamp). Skipped under the sanitizers
# and with WK_SKIP_VALGRIND=1.
. tests/lib.sh
if [ -n "${WK_IN_ASAN:-}" ] || [ -n "${WK_SKIP_VALGRIND:-}" ]; then
  echo "note $T_SUITE: skipped"
  finish
  exit 0
fi
if ! have_tool valgrind || ! have_tool callgrind_annotate || ! have_tool python3; then
  not_ok "valgrind (callgrind_annotate) and python3 are installed (make test installs them)"
  finish
  exit 0
fi

# A valid contract of N parties and N/4 challenges (a role matrix of
# N x N/4 cells, most of them empty), two commitments a party, no notes.
python3 - "$TMP" <<'PY'
import sys
def contract(n):
    nch = max(1, n // 4)
    out = ["---", "kind: wijkcontract", "language: nl", "title: Telling %d" % n, "area: Testwijk",
           'version: "1.0"', "status: concept", "date: 2026-01-05",
           "period:", "  start: 2026-01-01", "  end: 2027-12-31", "evaluations:", "  - 2026-06-30",
           "parties:"]
    pid = lambda i: "gemeente" if i == 0 else "partij-%d" % i
    for i in range(n):
        out += ["  - id: " + pid(i), "    name: Organisatie %d" % i, "    short: de Partij %d" % i,
                "    type: " + ("overheid" if i == 0 else "initiatief" if i % 2 else "maatschappelijke-organisatie"),
                '    registration: "%08d"' % (10000000 + i), "    address: Straat %d, 1234 AB Testwijk" % (i + 1),
                "    signatory:", "      name: Persoon %d" % i, "      function: voorzitter"]
    out.append("challenges:")
    for j in range(nch):
        holders = [pid(i) for i in range(1, n) if i % nch == j]
        out += ["  - id: opgave-%d" % j, "    title: Opgave %d" % j, "    description: Een opgave.",
                "    roles:", "      kadersteller: gemeente", "      facilitator: gemeente"]
        if holders:
            out.append("      uitvoerder: [%s]" % ", ".join(holders))
    out.append("commitments:")
    for i in range(n):
        for k in range(2):
            out += ["  - id: t-%d-%d" % (i, k), "    party: " + pid(i), "    challenge: opgave-%d" % (0 if i == 0 else i % nch),
                    "    text: Inzet %d van partij %d" % (k, i), "    obligation: inspanning",
                    "    impact: Bewoners kennen elkaar", "    measure: Een enquete", "    due: 2026-03-15"]
    out += ["schuurpapier:", "  legitimiteit: Voor alle bewoners.", "  representativiteit: Na overleg.",
            "  verantwoording: Een jaarverslag.", "---", ""]
    for s in ("Doel", "Samenwerking", "Evaluatie", "Geschillen", "Beëindiging"):
        out += ["# " + s, "", "De partijen werken samen aan de opgaven van de wijk.", ""]
    return "\n".join(out) + "\n"
for n in (40, 80):
    with open("%s/c%d.md" % (sys.argv[1], n), "w", encoding="utf-8") as f:
        f.write(contract(n))
PY

# counts FILE OUT: "total parser starts" of `build FILE -o OUT`: its
# instructions, those inclusive in xmlParseChunk (libxml2's push parser)
# and the calls of xmlTextWriterStartElement (elements libxml2's writer
# started)
counts() {
  rm -f "$2"
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "$WK" build "$1" -o "$2" >/dev/null 2>"$TMP/vg.err" ||
    { echo "- - -"; return; }
  callgrind_annotate --inclusive=yes --tree=caller "$TMP/cg.out" 2>/dev/null | python3 -c '
import re, sys
total = parse = starts = 0
callers = []  # the callers listed above a function, with their call counts
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) .*?(PROGRAM TOTALS|:xmlParseChunk )", line)
    if m and "<" not in line:
        v = int(m.group(1).replace(",", ""))
        if m.group(2) == "PROGRAM TOTALS":
            total = v
        elif not parse:
            parse = v
    c = re.search(r" < .*\(([\d,]+)x\)", line)
    if c:
        callers.append(int(c.group(1).replace(",", "")))
    elif re.search(r" \*\s+\S*:xmlTextWriterStartElement ", line):
        starts = sum(callers)
    elif not line.strip():
        callers = []
print(total, parse, starts)'
}

for ext in docx odt; do
  set -- $(counts "$TMP/c80.md" "$TMP/c80.$ext")
  total80=$1 parse80=$2 starts80=$3
  if [ "$total80" = "-" ] || [ "$total80" = 0 ]; then
    not_ok "$ext: build under callgrind" "$(tail -3 "$TMP/vg.err")"
    continue
  fi
  # reading the main part back was about a third; headers, footers and
  # the relationships are all the parser still reads
  if [ $((parse80 * 50)) -lt "$total80" ]; then ok "$ext: the parser's share of a build is under 2%"; else
    not_ok "$ext: the parser's share of a build is under 2%" "$parse80 of $total80 instructions"
  fi
  # the matrix: 80 x 20 = 1600 cells against 40 x 10 = 400, and twice
  # the rest; what a build costs beyond the smaller one, per cell added
  # (with the parse of the main part: some 108,000 and 88,000; without,
  # 86,000 and 71,000; with empty cells copied, 62,000 and 63,000)
  set -- $(counts "$TMP/c40.md" "$TMP/c40.$ext")
  total40=$1 starts40=$3
  per_cell=$(( (total80 - total40) / 1200 ))
  bound=$([ "$ext" = docx ] && echo 70000 || echo 67000)
  if [ "$per_cell" -lt "$bound" ]; then ok "$ext: under $bound instructions per matrix cell added ($per_cell)"; else
    not_ok "$ext: under $bound instructions per matrix cell added" "$per_cell"
  fi
  # elements libxml2's writer starts per cell added, in tenths: an empty
  # cell is written once and copied after, so only the cells that say
  # something and the rest that grows with the parties count (written
  # element by element: 179 and 58; copied: 59 and 36)
  per_cell=$(( (starts80 - starts40) * 10 / 1200 ))
  bound=$([ "$ext" = docx ] && echo 80 || echo 45)
  if [ "$starts80" -gt 0 ] && [ "$per_cell" -lt "$bound" ]; then
    ok "$ext: under $bound tenths of an element written per matrix cell added ($per_cell)"
  else
    not_ok "$ext: under $bound tenths of an element written per matrix cell added" "$per_cell ($starts40, $starts80)"
  fi
done
finish
