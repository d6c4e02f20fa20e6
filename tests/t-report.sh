# t-report.sh - `report`: the evaluation report at a date (progress per
# party and commitment, overdue commitments, open conditions, coming
# dates), as text, Markdown, ODT and DOCX from one composed tree; refused
# on errors like build unless --draft.
. tests/lib.sh

SRC=tests/workflows/report.md

# ---- text, at three dates ------------------------------------------------------
# the section of the report between two headings (text output)
# (wrapped lines joined to their item), one item per line
section() { # FILE HEADING [NEXT_HEADING]
  awk -v a="$2" -v b="${3:-}" '$0 == a {on = 1; next} b != "" && $0 == b {on = 0} on' "$1" |
    awk '/^    [^ ]/ {sub(/^ +/, ""); line = line " " $0; next} {if (line != "") print line; line = $0} END {if (line != "") print line}'
}

COLUMNS=100 expect_status "at 2026-10-15: exit 0" 0 "$WK" report "$SRC" --as-of 2026-10-15
cp "$TMP/out" "$TMP/oct.txt"
expect_grep "states its date" '^Stand op: 15 oktober 2026$' "$TMP/oct.txt"
expect_grep "states the contract version" '^Versie: 1\.3$' "$TMP/oct.txt"
expect_grep "latest status with its date" '^  Stand +vertraagd \(1 september 2026\)$' "$TMP/oct.txt"
expect_grep "the latest note" 'De opening van de speeltuin schoof op' "$TMP/oct.txt"
expect_grep "a target with baseline and target" 'sporten: 40% → 70%' "$TMP/oct.txt"
expect_grep "the last measured value up to the date" '^  Laatst gemeten +40% \(1 september 2026\)$' "$TMP/oct.txt"
section "$TMP/oct.txt" "Afspraken over de termijn" "Open voorwaarden" >"$TMP/oct.overdue"
expect_grep "overdue: the delayed speeldag (No. 3)" '^  - 3 · de Bewonersgroep: .*13 juni 2026 · vertraagd' "$TMP/oct.overdue"
expect_grep "overdue: the gymzaal, nothing recorded yet (No. 5)" '^  - 5 · de Gemeente: ' "$TMP/oct.overdue"
expect_no_grep "overdue: not the hek, done" '^  - 1 · ' "$TMP/oct.overdue"
expect_no_grep "overdue: not a recurring commitment" '^  - (2|4|6) · ' "$TMP/oct.overdue"
section "$TMP/oct.txt" "Open voorwaarden" "Komende data" >"$TMP/oct.cond"
expect_grep "open conditions: the subsidie" 'De provincie kent de subsidie voor het hek toe\. · 1 mei 2026' "$TMP/oct.cond"
section "$TMP/oct.txt" "Komende data" >"$TMP/oct.dates"
expect_grep "coming dates: the next evaluation" '^  - 15 januari 2027 · Evaluatiemoment$' "$TMP/oct.dates"
expect_no_grep "coming dates: not a past evaluation" '1 september 2026' "$TMP/oct.dates"
expect_grep "coming dates: the end of the contract" '^  - 28 februari 2027 · Einde contract$' "$TMP/oct.dates"

# earlier: the speeldag is not due yet, only planned; the later records
# are not known yet
COLUMNS=100 expect_status "at 2026-06-01: exit 0" 0 "$WK" report "$SRC" --as-of=2026-06-01
cp "$TMP/out" "$TMP/jun.txt"
section "$TMP/jun.txt" "Afspraken over de termijn" "Open voorwaarden" >"$TMP/jun.overdue"
expect_no_grep "earlier: the speeldag is not overdue" 'speeldag' "$TMP/jun.overdue"
expect_grep "earlier: the hek, done only later, was overdue then" '^  - 1 · de Gemeente: .* · 1 mei 2026 · nog niets vastgelegd$' "$TMP/jun.overdue"
expect_grep "earlier: the record of that time" '^  Stand +gepland \(20 mei 2026\)$' "$TMP/jun.txt"
expect_no_grep "earlier: no record from after the date" 'vertraagd|58%' "$TMP/jun.txt"
expect_grep "earlier: the speeldag is a coming date" '^  - 13 juni 2026 · Nr\. 3, de Bewonersgroep' "$TMP/jun.txt"

# later: the gymzaal was done in January, the speeldag is still overdue
COLUMNS=100 expect_status "at 2027-02-01: exit 0" 0 "$WK" report "$SRC" --as-of 2027-02-01
section "$TMP/out" "Afspraken over de termijn" "Open voorwaarden" >"$TMP/feb.overdue"
expect_no_grep "later: the gymzaal is done, not overdue" '^  - 5 · ' "$TMP/feb.overdue"
expect_grep "later: the speeldag still overdue" '^  - 3 · ' "$TMP/feb.overdue"
expect_grep "later: the last measured value" '^  Laatst gemeten +58% \(15 januari 2027\)$' "$TMP/out"

# ---- Markdown ------------------------------------------------------------------
expect_status "md: exit 0" 0 "$WK" report "$SRC" --as-of 2026-10-15 -o "$TMP/r.md"
expect_eq "md: on stdout only the line naming the file" "Wrote $TMP/r.md (Markdown)" "$(cat "$TMP/out")"
expect_grep "md: the title a heading" '^# Wijkcontract De Horst$' "$TMP/r.md"
expect_grep "md: a section heading" '^## Afspraken over de termijn$' "$TMP/r.md"
expect_grep "md: a label/value row" '^- Stand: vertraagd \(1 september 2026\)$' "$TMP/r.md"
expect_grep "md: a pipe table" '^\| 15 januari 2027 \| \*\*Evaluatiemoment\*\* \|$' "$TMP/r.md"
if have_tool pandoc; then
  if pandoc -f gfm -t plain "$TMP/r.md" >"$TMP/md.plain" 2>"$TMP/pd.err" && grep -q 'Afspraken over de termijn' "$TMP/md.plain"; then
    ok "md: pandoc reads it"; else not_ok "md: pandoc reads it" "$(cat "$TMP/pd.err")"; fi
fi

# ---- ODT and DOCX: the same tree ------------------------------------------------
for fmt in odt docx; do
  expect_status "$fmt: exit 0" 0 "$WK" report "$SRC" --as-of 2026-10-15 -o "$TMP/r.$fmt"
  if have_shared "validate-$fmt"; then
    expect_status "$fmt: valid (strict)" 0 "$SHARED/tools/validate-$fmt" --strict "$TMP/r.$fmt"
  fi
  if have_tool pandoc "reading the report back"; then
    pandoc -f "$fmt" -t plain --wrap=none "$TMP/r.$fmt" >"$TMP/r.$fmt.plain" 2>/dev/null
    expect_grep "$fmt: pandoc reads the date" '15 oktober 2026' "$TMP/r.$fmt.plain"
    expect_grep "$fmt: pandoc reads the version" 'versie 1\.3 van het contract' "$TMP/r.$fmt.plain"
    expect_grep "$fmt: pandoc reads the overdue heading" 'Afspraken over de termijn' "$TMP/r.$fmt.plain"
    expect_grep "$fmt: pandoc reads a status" 'vertraagd \(1 september 2026\)' "$TMP/r.$fmt.plain"
    expect_grep "$fmt: pandoc reads a measured value" '40% \(1 september 2026\)' "$TMP/r.$fmt.plain"
  fi
done

# ---- refusals ---------------------------------------------------------------------
sed 's/^    status: gedaan$/    status: klaar/' "$SRC" >"$TMP/bad.md"
expect_status "errors: refused like build" 1 "$WK" report "$TMP/bad.md" --as-of 2026-10-15 -o "$TMP/bad.odt"
expect_grep "errors: the finding" 'invalid-value' "$TMP/err"
if [ -e "$TMP/bad.odt" ]; then not_ok "errors: nothing written"; else ok "errors: nothing written"; fi
expect_status "errors, --draft: written" 0 "$WK" report --draft "$TMP/bad.md" --as-of 2026-10-15 -o "$TMP/bad.txt"
expect_grep "errors, --draft: marked draft" '^CONCEPT MET FOUTEN$' "$TMP/bad.txt"
expect_status "not a date: usage error" 2 "$WK" report "$SRC" --as-of 2026-02-30
expect_grep "not a date: says which" "'2026-02-30' is no date" "$TMP/err"
expect_status "unknown extension: usage error" 2 "$WK" report "$SRC" --as-of 2026-10-15 -o "$TMP/r.csv"
cp "$SRC" "$TMP/in.md"
expect_status "onto its input: refused" 1 "$WK" report "$TMP/in.md" --as-of 2026-10-15 -o "$TMP/in.md"
expect_same "onto its input: input untouched" "$SRC" "$TMP/in.md"
expect_status "no such folder: I/O error" 2 "$WK" report "$SRC" --as-of 2026-10-15 -o "$TMP/nope/r.odt"
expect_status "without --as-of: today" 0 "$WK" report "$SRC"

finish
