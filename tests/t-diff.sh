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

# ---- the articles as the document writes them ----------------------------
# a changed sentence that names variables: filled in as each version's
# document fills them (dates, amounts); a placeholder that names nothing
# stays whole on one line, however narrow the terminal
python3 - "$V2OLD" "$TMP/vars.md" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("Partijen lossen geschillen eerst samen op.",
              "Partijen lossen geschillen vanaf {{ period.start }} eerst samen op, met {{ commitments.hek.amount }} als {{ parties.nobody.name }} helpt.")
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
COLUMNS=30 expect_status "variables: exit 1" 1 "$WK" --lang en diff "$V2OLD" "$TMP/vars.md"
cp "$TMP/out" "$TMP/vars.txt"
tr -s ' \n' '  ' <"$TMP/vars.txt" >"$TMP/vars.joined"
expect_grep "variables: a date as the document writes it" 'vanaf 1 maart 2026 eerst' "$TMP/vars.joined"
expect_grep "variables: an amount as the document writes it" 'met € 12\.500 als' "$TMP/vars.joined"
expect_no_grep "variables: no known placeholder left" '\{\{ (period|commitments)' "$TMP/vars.txt"
expect_grep "variables: an unknown placeholder whole on one line" '\{\{ parties\.nobody\.name \}\}' "$TMP/vars.txt"
expect_no_grep "variables: no placeholder broken across lines" '\{\{[^}]*$' "$TMP/vars.txt"
expect_status "variables json: exit 1" 1 "$WK" diff --format json "$V2OLD" "$TMP/vars.md"
expect_grep "variables json: filled in" 'vanaf 1 maart 2026 eerst samen op, met € 12\.500' "$TMP/out"
# JSON keeps ISO dates for tools, and gives the document's writing beside them
expect_status "json dates: exit 1" 1 "$WK" diff --format json "$V2OLD" "$V2NEW"
if python3 - "$TMP/out" <<'EOF' >"$TMP/py.out" 2>&1; then ok "json dates: ISO and as written"; else not_ok "json dates: ISO and as written" "$(cat "$TMP/py.out")"; fi
import json, sys
ch = json.load(open(sys.argv[1], encoding="utf-8"))["changes"]
c = [c for c in ch if c.get("id") == "zaal" and c.get("field") == "until"][0]
assert c["old"] == "2027-01-31" and c["old_text"] == "31 januari 2027", c
assert c["new_text"] == "15 februari 2027", c
EOF

# ---- -o: a file, named by its extension, written whole -----------------------
expect_status "-o json: exit 1" 1 "$WK" diff -o "$TMP/d.json" "$V2OLD" "$V2NEW"
expect_eq "-o json: on stdout only the line naming the file" "Wrote $TMP/d.json" "$(cat "$TMP/out")"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["changes"]) == 10' "$TMP/d.json" 2>"$TMP/py.out"; then
  ok "-o json: the changes"; else not_ok "-o json: the changes" "$(cat "$TMP/py.out")"; fi
expect_status "-o txt: exit 1" 1 "$WK" --lang en diff "$V2OLD" "$V2NEW" -o "$TMP/d.txt"
expect_grep "-o txt: the text" '^  \+ 1\.3 \(Hek duurder, gymzaal langer open\.\): added$' "$TMP/d.txt"
expect_status "-o md: exit 1" 1 "$WK" --lang en diff --output "$TMP/d.md" "$V2OLD" "$V2NEW"
expect_grep "-o md: a section heading" '^## Commitments$' "$TMP/d.md"
expect_grep "-o md: a changed date struck through" '^  - Ends on: ~~31 januari 2027~~ → \*\*15 februari 2027\*\*$' "$TMP/d.md"
expect_grep "-o md: an added amendment" '^- \+ 1\.3 \(Hek duurder, gymzaal langer open\.\): added$' "$TMP/d.md"
if have_tool pandoc; then
  if pandoc -f markdown -t plain "$TMP/d.md" >"$TMP/md.txt" 2>"$TMP/pd.err" && grep -q '31 januari 2027' "$TMP/md.txt"; then
    ok "-o md: pandoc reads it"; else not_ok "-o md: pandoc reads it" "$(cat "$TMP/pd.err")"; fi
fi
expect_status "-o md identical: exit 0" 0 "$WK" diff -o "$TMP/same.md" "$V2OLD" "$V2OLD"
expect_grep "-o md identical: says so" '^# No changes in meaning' "$TMP/same.md"
cp "$V2NEW" "$TMP/new-copy.md"
expect_status "-o onto an input: refused" 2 "$WK" diff -o "$TMP/new-copy.md" "$V2OLD" "$TMP/new-copy.md"
expect_same "-o onto an input: input untouched" "$V2NEW" "$TMP/new-copy.md"
expect_status "-o unknown extension: usage error" 2 "$WK" diff -o "$TMP/d.pdf" "$V2OLD" "$V2NEW"
expect_grep "-o unknown extension: names the kinds" '\.txt, \.md or \.json' "$TMP/err"
if [ -e "$TMP/d.pdf" ]; then not_ok "-o unknown extension: nothing written"; else ok "-o unknown extension: nothing written"; fi
expect_status "-o and --format disagree: usage error" 2 "$WK" diff --format json -o "$TMP/x.md" "$V2OLD" "$V2NEW"
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

# ---- errors ----------------------------------------------------------------
printf 'no front matter here\n' >"$TMP/plain.md"
expect_status "no front matter: exit 2" 2 "$WK" diff "$OLD" "$TMP/plain.md"
expect_grep "no front matter: says which file" 'plain\.md' "$TMP/err"
expect_status "unreadable: exit 2" 2 "$WK" diff "$TMP/absent.md" "$OLD"
expect_status "one file: usage error" 2 "$WK" diff "$OLD"
expect_status "unknown format: usage error" 2 "$WK" diff --format xml "$OLD" "$NEW"

finish
