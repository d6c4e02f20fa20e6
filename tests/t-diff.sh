# t-diff.sh - `diff`: changes by meaning (parties, challenges and roles,
# commitments, top-level fields, articles), text and JSON, exit 0/1/2.
. tests/lib.sh

OLD=tests/workflows/buurt.md
NEW=tests/workflows/buurt-new.md

# a known change: version, a party added, a role removed, a holder added,
# a commitment's impact changed, a commitment added, an article's text
# and another's heading changed
COLUMNS=80 expect_status "changes: exit 1" 1 "$WK" --lang en diff "$OLD" "$NEW"
expect_same "changes: text as expected" tests/workflows/diff-expected.txt "$TMP/out"

# identical files, and a copy with CRLF line ends and re-wrapped text
expect_status "identical: exit 0" 0 "$WK" --lang en diff "$OLD" "$OLD"
expect_grep "identical: says so" '^No changes in meaning between ' "$TMP/out"
sed 's/$/\r/' "$OLD" >"$TMP/crlf.md"
expect_status "CRLF copy: no change in meaning" 0 "$WK" diff "$OLD" "$TMP/crlf.md"
# a folded text re-wrapped over two lines means the same
python3 - "$OLD" "$TMP/rewrap.md" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("    impact: Kinderen spelen in een schone speeltuin die van de buurt is.",
              "    impact: >-\n      Kinderen spelen in een schone speeltuin\n      die van de buurt is.")
s = s.replace("Partijen lossen geschillen eerst samen op. Lukt dat niet, dan vragen zij een\nmediator.",
              "Partijen lossen geschillen eerst samen op.\nLukt dat niet, dan vragen zij een mediator.")
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
expect_status "re-wrapped text: no change in meaning" 0 "$WK" diff "$OLD" "$TMP/rewrap.md"

# ---- JSON ------------------------------------------------------------------
expect_status "json: exit 1" 1 "$WK" diff --format json "$OLD" "$NEW"
if python3 - "$TMP/out" <<'EOF' >"$TMP/py.out" 2>&1; then ok "json: parses, holds each change"; else not_ok "json: parses, holds each change" "$(cat "$TMP/py.out")"; fi
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["old"] == "tests/workflows/buurt.md" and d["new"] == "tests/workflows/buurt-new.md"
ch = d["changes"]
def find(**kw):
    m = [c for c in ch if all(c.get(k) == v for k, v in kw.items())]
    assert len(m) == 1, (kw, m)
    return m[0]
find(section="contract", field="version", change="changed", old="1.2", new="1.3")
assert find(section="party", id="bakker", change="added")["name"] == "Bakkerij Van Dam"
find(section="challenge", id="speeltuin", field="roles.handhaver", old=["gemeente"], new=None)
find(section="challenge", id="sport", field="roles.uitvoerder", old=["sportclub"], new=["sportclub", "bakker"])
c = find(section="commitment", id="beheer", field="impact")
assert c["old"] == "Kinderen spelen in een schone speeltuin die van de buurt is."
assert c["new"] == "Kinderen spelen veilig in een schone speeltuin die van de buurt is."
find(section="commitment", id="traktatie", change="added")
a = find(section="article", id="Geschillen", field="text")
assert a["removed"] == ["Partijen lossen geschillen eerst samen op."], a
assert a["added"] == ["Partijen lossen geschillen eerst samen op in het wijkoverleg."], a
assert a["old_number"] == 3 and a["new_number"] == 3
find(section="article", field="heading", old="Beëindiging", new="Einde van het contract")
assert len(ch) == 8, len(ch)
assert not any(c["section"] == "party" and c["change"] == "removed" for c in ch)
EOF
expect_status "json identical: exit 0" 0 "$WK" diff --format=json "$OLD" "$OLD"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changes"] == []' "$TMP/out" 2>"$TMP/py.out"; then
  ok "json identical: empty list"; else not_ok "json identical: empty list" "$(cat "$TMP/py.out")"; fi

# removals the other way round
expect_status "reverse: exit 1" 1 "$WK" diff --format json "$NEW" "$OLD"
if python3 - "$TMP/out" <<'EOF' >"$TMP/py.out" 2>&1; then ok "reverse: removals reported"; else not_ok "reverse: removals reported" "$(cat "$TMP/py.out")"; fi
import json, sys
ch = json.load(open(sys.argv[1], encoding="utf-8"))["changes"]
assert {"section": "party", "id": "bakker", "change": "removed", "name": "Bakkerij Van Dam"} in ch, ch
assert any(c["section"] == "commitment" and c["id"] == "traktatie" and c["change"] == "removed" for c in ch)
assert any(c.get("field") == "roles.handhaver" and c["old"] is None and c["new"] == ["gemeente"] for c in ch)
EOF

# ---- more fields -------------------------------------------------------------
python3 - "$OLD" "$TMP/fields.md" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("  - 2027-01-15\n", "  - 2027-01-15\n  - 2027-02-01\n")
s = s.replace("  end: 2027-02-28", "  end: 2027-03-31")
s = s.replace("name: Sportclub Horst | Noord", "name: Sportclub Horst-Noord")
s = s.replace("verantwoording: Verantwoording gaat met een kort verslag bij de evaluatie.",
              "verantwoording: Verantwoording gaat met een kort verhaal bij de evaluatie.")
s = s.replace("\n# Beëindiging\n", "\n# Nieuwe afspraken\n\nNieuw artikel.\n\n# Beëindiging\n")
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
COLUMNS=100 expect_status "fields: exit 1" 1 "$WK" --lang en diff "$OLD" "$TMP/fields.md"
# dates as the (Dutch) document writes them
expect_grep "fields: period end" '^  End date: 28 februari 2027 -> 31 maart 2027$' "$TMP/out"
expect_grep "fields: evaluations, old" '^    was: 1 september 2026, 15 januari 2027$' "$TMP/out"
expect_grep "fields: evaluations, new" '^    now: 1 september 2026, 15 januari 2027, 1 februari 2027$' "$TMP/out"
expect_grep "fields: party name" '^      Name: Sportclub Horst \| Noord -> Sportclub Horst-Noord$' "$TMP/out"
expect_grep "fields: schuurpapier axis" '^  Friction points \(sandpaper\), Accountability:$' "$TMP/out"
expect_grep "fields: schuurpapier old text" '^    was: Verantwoording gaat met een kort verslag bij de evaluatie\.$' "$TMP/out"
expect_grep "fields: added article" '^  \+ article 4 "Nieuwe afspraken": added$' "$TMP/out"
expect_no_grep "fields: renumbered article is not a change" 'Beëindiging' "$TMP/out"

# the interface language: Dutch messages and labels
expect_status "Dutch interface: exit 1" 1 "$WK" --lang nl diff "$OLD" "$NEW"
expect_grep "Dutch interface: Dutch field label" 'Beoogd effect' "$TMP/out"

# ---- v2 fields ---------------------------------------------------------------
V2OLD=tests/workflows/buurt-v2.md
V2NEW=tests/workflows/buurt-v2-new.md
COLUMNS=100 expect_status "v2: exit 1" 1 "$WK" --lang en diff "$V2OLD" "$V2NEW"
cp "$TMP/out" "$TMP/v2.txt"
expect_grep "v2: a commitment with its citation number" '^  ~ hek \(No\. 1, gemeente\): changed$' "$TMP/v2.txt"
expect_grep "v2: amounts as the document writes them" '^      Amount: € 12\.500; hek en plaatsing -> € 14\.000; hek en plaatsing$' "$TMP/v2.txt"
expect_grep "v2: a joint commitment's parties" '^      Party: horst; sportclub -> horst$' "$TMP/v2.txt"
expect_grep "v2: until as a date of the document" '^      Ends on: 31 januari 2027 -> 15 februari 2027$' "$TMP/v2.txt"
expect_grep "v2: a target" 'now: kinderen uit De Horst die in de winter wekelijks sporten: 40% → 70%' "$TMP/v2.txt"
expect_grep "v2: a condition's status" '^      Status: vervuld -> open$' "$TMP/v2.txt"
expect_grep "v2: a condition's due date" '^      Due by: 1 april 2026 -> 1 mei 2026$' "$TMP/v2.txt"
expect_grep "v2: a report's frequency" '^  ~ sportclub>gemeente: changed$' "$TMP/v2.txt"
expect_grep "v2: a frequency as the document writes it" '^      How often: elk kwartaal -> elk halfjaar$' "$TMP/v2.txt"
expect_grep "v2: an amendment added" '^  \+ 1\.3 \(Hek duurder, gymzaal langer open\.\): added$' "$TMP/v2.txt"
expect_grep "v2: a progress record added" '^  \+ hek@2026-09-01: added$' "$TMP/v2.txt"
expect_status "v2 json: exit 1" 1 "$WK" diff --format json "$V2OLD" "$V2NEW"
if python3 - "$TMP/out" <<'EOF' >"$TMP/py.out" 2>&1; then ok "v2 json: the new fields and sections"; else not_ok "v2 json: the new fields and sections" "$(cat "$TMP/py.out")"; fi
import json, sys
ch = json.load(open(sys.argv[1], encoding="utf-8"))["changes"]
def find(**kw):
    m = [c for c in ch if all(c.get(k) == v for k, v in kw.items())]
    assert len(m) == 1, (kw, m)
    return m[0]
find(section="commitment", id="hek", field="amount", number=1, old="€ 12.500; hek en plaatsing", new="€ 14.000; hek en plaatsing")
find(section="commitment", id="speeldag", field="party", old=["horst", "sportclub"], new="horst")
find(section="commitment", id="zaal", field="until", old="2027-01-31", new="2027-02-15")
find(section="condition", id="subsidie", field="status", old="vervuld", new="open")
find(section="report", id="sportclub>gemeente", field="every", old="kwartaal", new="halfjaar")
find(section="amendment", id="1.3", change="added")
find(section="progress", id="hek@2026-09-01", change="added")
assert len(ch) == 10, len(ch)
EOF

# every other v2 field of a commitment, and words of the profile in the
# contract's language (an English wijkcontract writes vervuld as "met")
sed -e '69s/to: horst/to: [horst, sportclub]/' \
    -e '71s/tijdelijke hekken/binnen een week tijdelijke hekken/' \
    -e '87s/"250.50"/"0.10", times: "3"/' \
    -e '104s/per: maand, times: "5"/per: kwartaal, times: "2"/' \
    -e '123s/zodra de aanvraag is ingediend/zodra de subsidie is toegekend/' \
    -e '150s/2026-01-15/2026-01-20/' "$V2OLD" >"$TMP/v2-fields.md"
COLUMNS=120 expect_status "v2 fields: exit 1" 1 "$WK" --lang en diff "$V2OLD" "$TMP/v2-fields.md"
cp "$TMP/out" "$TMP/v2f.txt"
expect_grep "v2 fields: a recipient added" '^      Recipient: horst -> horst; sportclub$' "$TMP/v2f.txt"
expect_grep "v2 fields: a remedy" '^        now: Staat het hek er op 1 mei niet, dan zet de Gemeente binnen een week tijdelijke hekken\.$' "$TMP/v2f.txt"
expect_grep "v2 fields: an amount times, summed exactly" '^      Amount: € 250,50 -> € 0,10, 3 keer \(totaal € 0,30\)$' "$TMP/v2f.txt"
expect_grep "v2 fields: period and times of an amount" '^      Amount: € 1\.500 per maand, 5 keer \(totaal € 7\.500\) -> € 1\.500 per kwartaal, 2 keer \(totaal € 3\.000\)$' "$TMP/v2f.txt"
expect_grep "v2 fields: the event a commitment starts on" '^      Starts when: zodra de aanvraag is ingediend -> zodra de subsidie is toegekend$' "$TMP/v2f.txt"
expect_grep "v2 fields: an amendment's date as the document writes it" '^      Date: 15 januari 2026 -> 20 januari 2026$' "$TMP/v2f.txt"
expect_grep "v2 fields: six changes" '^6 changes\.$' "$TMP/v2f.txt"
sed 's/^language: nl$/language: en/' "$V2OLD" >"$TMP/v2-en.md"
sed 's/^language: nl$/language: en/' "$V2NEW" >"$TMP/v2-en-new.md"
COLUMNS=120 expect_status "v2 en: exit 1" 1 "$WK" --lang en diff "$TMP/v2-en.md" "$TMP/v2-en-new.md"
expect_grep "v2 en: a condition's status in the contract's language" '^      Status: met -> open$' "$TMP/out"
expect_grep "v2 en: a frequency in the contract's language" '^      How often: every quarter -> every six months$' "$TMP/out"
expect_grep "v2 en: dates in the contract's language" '^      Due by: 1 April 2026 -> 1 May 2026$' "$TMP/out"
expect_status "v2 en json: exit 1" 1 "$WK" diff --format json "$TMP/v2-en.md" "$TMP/v2-en-new.md"
expect_grep "v2 en json: words as written" '"field": "every", "old": "kwartaal", "new": "halfjaar"' "$TMP/out"

# ---- -o: a file, its format from the extension ---------------------------
COLUMNS=80 "$WK" --lang en diff "$V2OLD" "$V2NEW" >"$TMP/v2-80.txt"
COLUMNS=80 expect_status "-o x.txt: exit 1 (changes)" 1 "$WK" --lang en diff "$V2OLD" "$V2NEW" -o "$TMP/d.txt"
expect_same "-o x.txt: the text output" "$TMP/v2-80.txt" "$TMP/d.txt"
expect_eq "-o x.txt: nothing on standard output" "" "$(cat "$TMP/out")"
"$WK" diff --format json "$V2OLD" "$V2NEW" >"$TMP/v2.json"
expect_status "-o x.json: exit 1" 1 "$WK" diff "$V2OLD" "$V2NEW" --output "$TMP/d.json"
expect_same "-o x.json: the JSON output" "$TMP/v2.json" "$TMP/d.json"
expect_status "--format json -o x.json: exit 1" 1 "$WK" diff --format json -o "$TMP/d2.json" "$V2OLD" "$V2NEW"
expect_same "--format json -o x.json: the same" "$TMP/v2.json" "$TMP/d2.json"
expect_status "-o x.md: exit 1" 1 "$WK" --lang en diff "$V2OLD" "$V2NEW" --output="$TMP/d.md"
expect_grep "md: a heading" '^# Changes from tests/workflows/buurt-v2\.md to tests/workflows/buurt-v2-new\.md$' "$TMP/d.md"
expect_grep "md: a section" '^## Commitments$' "$TMP/d.md"
expect_grep "md: a changed item" '^- hek \(No\. 1, gemeente\): changed$' "$TMP/d.md"
expect_grep "md: an amount as the document writes it" '^  - \*\*Amount:\*\* € 12\.500; hek en plaatsing → € 14\.000; hek en plaatsing$' "$TMP/d.md"
expect_grep "md: a date as the document writes it" '^  - \*\*Ends on:\*\* 31 januari 2027 → 15 februari 2027$' "$TMP/d.md"
expect_grep "md: a target, whose own arrow keeps was and now apart" '^    - now: kinderen uit De Horst die in de winter wekelijks sporten: 40% → 70%' "$TMP/d.md"
expect_grep "md: a report's id escaped" '^- sportclub\\>gemeente: changed$' "$TMP/d.md"
expect_grep "md: the count" '^10 changes\.$' "$TMP/d.md"
"$WK" --lang en diff "$OLD" "$NEW" -o "$TMP/v1.md"
expect_grep "md: a sentence that went, struck through" '^  - ~~Partijen lossen geschillen eerst samen op\.~~$' "$TMP/v1.md"
expect_grep "md: a sentence that came" '^  - Partijen lossen geschillen eerst samen op in het wijkoverleg\.$' "$TMP/v1.md"
if have_tool pandoc "reading the Markdown diff"; then
  pandoc -f gfm -t plain "$TMP/d.md" >"$TMP/d.plain" 2>"$TMP/pandoc.err"
  expect_grep "md: reads as Markdown, the report id as written" 'sportclub>gemeente: changed' "$TMP/d.plain"
fi
expect_status "-o, no changes: exit 0" 0 "$WK" --lang en diff "$V2OLD" "$V2OLD" -o "$TMP/none.md"
expect_grep "-o, no changes: says so" '^No changes in meaning between ' "$TMP/none.md"
cp "$V2OLD" "$TMP/old.md"
cp "$V2OLD" "$TMP/old.keep"
expect_status "-o onto an input: refused, exit 2" 2 "$WK" diff "$TMP/old.md" "$V2NEW" -o "$TMP/old.md"
expect_same "-o onto an input: the input unchanged" "$TMP/old.keep" "$TMP/old.md"
expect_status "-o onto the new input: refused, exit 2" 2 "$WK" diff "$V2NEW" "$TMP/old.md" -o "$TMP/old.md"
expect_same "-o onto the new input: unchanged" "$TMP/old.keep" "$TMP/old.md"
expect_status "-o x.csv: usage error" 2 "$WK" diff "$V2OLD" "$V2NEW" -o "$TMP/d.csv"
if [ -e "$TMP/d.csv" ]; then not_ok "-o x.csv: nothing written"; else ok "-o x.csv: nothing written"; fi
expect_status "--format json -o x.txt: usage error" 2 "$WK" diff --format json "$V2OLD" "$V2NEW" -o "$TMP/e.txt"
if [ -e "$TMP/e.txt" ]; then not_ok "--format json -o x.txt: nothing written"; else ok "--format json -o x.txt: nothing written"; fi
expect_status "-o into a missing folder: exit 2" 2 "$WK" diff "$V2OLD" "$V2NEW" -o "$TMP/absent/d.txt"
expect_grep "-o into a missing folder: names it" 'absent/d\.txt' "$TMP/err"
expect_status "-o without a value: usage error" 2 "$WK" diff "$V2OLD" "$V2NEW" -o
expect_status "Dutch interface, -o x.md: exit 1" 1 "$WK" --lang nl diff "$V2OLD" "$V2NEW" -o "$TMP/nl.md"
expect_grep "Dutch interface, -o x.md: Dutch heading" '^# Wijzigingen van ' "$TMP/nl.md"

# ---- errors ----------------------------------------------------------------
printf 'no front matter here\n' >"$TMP/plain.md"
expect_status "no front matter: exit 2" 2 "$WK" diff "$OLD" "$TMP/plain.md"
expect_grep "no front matter: says which file" 'plain\.md' "$TMP/err"
expect_status "unreadable: exit 2" 2 "$WK" diff "$TMP/absent.md" "$OLD"
expect_status "one file: usage error" 2 "$WK" diff "$OLD"
expect_status "unknown format: usage error" 2 "$WK" diff --format xml "$OLD" "$NEW"

finish
