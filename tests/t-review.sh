# t-review.sh - `review`: one party's roles, promises, the promises made
# around it and its dates, as text, iCalendar (RFC 5545) and ODT/DOCX.
. tests/lib.sh

IN=tests/workflows/buurt.md

# ---- text ----------------------------------------------------------------
COLUMNS=100 expect_status "text: exit 0" 0 "$WK" review "$IN" --party horst
cp "$TMP/out" "$TMP/horst.txt"
expect_grep "text: heading names the party" '^Overzicht voor Bewonersgroep "De Horst", Noord$' "$TMP/horst.txt"
expect_grep "text: version and status" '^Versie: 1\.2; Status: Concept$' "$TMP/horst.txt"
expect_grep "text: the term written out" '^Looptijd: 1 maart 2026 tot en met 28 februari 2027$' "$TMP/horst.txt"
expect_grep "text: its roles" '^  - Uitvoerder: ' "$TMP/horst.txt"
expect_grep "text: its initiator role" '^  - Initiatiefnemer: ' "$TMP/horst.txt"
expect_grep "text: its own promise, numbered" '^- 2\. De Bewonersgroep houdt de speeltuin schoon, elke zaterdag\.$' "$TMP/horst.txt"
expect_grep "text: its second promise" '^- 3\. De Bewonersgroep organiseert bij de opening een speeldag' "$TMP/horst.txt"
expect_grep "text: obligation kind of its promise" '^  Soort verplichting: +Inspanningsverplichting\. De partij belooft' "$TMP/horst.txt"
expect_grep "text: the term of its promise" '^  Wanneer: +wekelijks op zaterdag$' "$TMP/horst.txt"
expect_grep "text: beneficiaries" '^  Ten behoeve van: +kinderen uit De Horst; hun ouders$' "$TMP/horst.txt"
expect_grep "text: what the municipality promises it" '^    - 1\. De Gemeente plaatst een hek rond de speeltuin\.$' "$TMP/horst.txt"
expect_grep "text: with the municipality's roles" '^  Gemeente Veldhoven-Noord \(Kadersteller, Handhaver\)$' "$TMP/horst.txt"
expect_grep "text: result obligation of the other" '^      Soort verplichting: +Resultaatverplichting\. De partij staat' "$TMP/horst.txt"
expect_grep "text: what the sports club promises it" 'De Sportclub houdt op trainingsavonden een oogje in het zeil' "$TMP/horst.txt"
expect_no_grep "text: not the promises of a challenge where it has no role" 'gymzaal' "$TMP/horst.txt"

# the key dates, in date order, and nothing else
sed -n '/^Belangrijke data$/,$p' "$TMP/horst.txt" | tail -n +3 >"$TMP/dates.txt"
cat >"$TMP/dates.want" <<'EOF'
1 maart 2026      Ingang contract
1 mei 2026        Afspraak 1 (de Gemeente): De Gemeente plaatst een hek rond de speeltuin.
13 juni 2026      Afspraak 3 (de Bewonersgroep): De Bewonersgroep organiseert bij de opening een
                  speeldag, met springkussen en limonade; voor alle kinderen.
1 september 2026  Evaluatiemoment
15 januari 2027   Evaluatiemoment
28 februari 2027  Einde contract
EOF
expect_same "text: key dates in order" "$TMP/dates.want" "$TMP/dates.txt"

# sections in the order of the spec
order=$(grep -nE '^(Onze rollen|Wat wij beloven|Wat anderen beloven|Belangrijke data)$' "$TMP/horst.txt" | cut -d: -f2 | tr '\n' '/')
expect_eq "text: sections in order" "Onze rollen/Wat wij beloven/Wat anderen beloven/Belangrijke data/" "$order"

# a narrow terminal: nothing wider than it
COLUMNS=50 "$WK" review "$IN" --party horst >"$TMP/narrow.txt"
widest=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/narrow.txt")
if [ "$widest" -le 50 ]; then ok "COLUMNS=50: lines fit ($widest)"; else not_ok "COLUMNS=50: lines fit" "widest $widest"; fi

# -o x.txt: the same text
COLUMNS=100 expect_status "-o x.txt: exit 0" 0 "$WK" review "$IN" --party horst -o "$TMP/r.txt"
expect_same "-o x.txt equals standard output" "$TMP/horst.txt" "$TMP/r.txt"

# a party with a role everywhere sees the other challenge too
COLUMNS=100 "$WK" review "$IN" --party=sportclub >"$TMP/sport.txt"
expect_grep "sportclub: promises in both challenges" 'gymzaal' "$TMP/sport.txt"
expect_grep "sportclub: its facilitator role" '^  - Facilitator: ' "$TMP/sport.txt"

# English for an English contract
if [ -f contracts/cba-riverside.md ]; then
  party=$(sed -n 's/^  - id: \(.*\)$/\1/p' contracts/cba-riverside.md | sed -n 2p)
  expect_status "cba: exit 0" 0 "$WK" review contracts/cba-riverside.md --party "$party"
  for h in '^Overview for ' '^Our roles$' '^What we promise$' '^What others promise$' '^Key dates$' 'Contract starts|Agreement starts'; do
    expect_grep "cba: English: $h" "$h" "$TMP/out"
  done
  expect_no_grep "cba: no Dutch labels" 'Wat wij beloven|Belangrijke data|Overzicht voor' "$TMP/out"
fi

# ---- v2: joint and general commitments, money, reports, remedies -----------
V2=tests/workflows/buurt-v2.md
COLUMNS=100 expect_status "v2: exit 0" 0 "$WK" review "$V2" --party horst
cp "$TMP/out" "$TMP/v2-horst.txt"
expect_grep "v2: a joint commitment is its own, with both parties" '^  Partij: +de Bewonersgroep en de Sportclub$' "$TMP/v2-horst.txt"
expect_grep "v2: general commitments apart" '^Algemene afspraken$' "$TMP/v2-horst.txt"
expect_grep "v2: a general commitment's term (after)" '^  Wanneer: +zodra de aanvraag is ingediend$' "$TMP/v2-horst.txt"
expect_grep "v2: what it receives" '^1\. van de Gemeente: € 12\.500; hek en plaatsing — De Gemeente plaatst' "$TMP/v2-horst.txt"
expect_grep "v2: the total received" '^Totaal: € 12\.500$' "$TMP/v2-horst.txt"
expect_grep "v2: what it pays, jointly" '^3\. € 250,50 \(samen met de Sportclub\) — ' "$TMP/v2-horst.txt"
expect_grep "v2: a report it makes" '^- aan de Gemeente, bij elke evaluatie: het beheer van de speeltuin$' "$TMP/v2-horst.txt"
expect_grep "v2: a report made to it" '^- van de Gemeente, elk jaar: de staat van de speeltuin$' "$TMP/v2-horst.txt"
order=$(grep -nE '^(Wat anderen beloven|Wat wij bijdragen|Wat wij ontvangen|Rapportages die wij leveren|Rapportages aan ons|Bij niet nakomen|Belangrijke data)$' "$TMP/v2-horst.txt" | cut -d: -f2 | tr '\n' '/')
expect_eq "v2: sections in order" "Wat anderen beloven/Wat wij bijdragen/Wat wij ontvangen/Rapportages die wij leveren/Rapportages aan ons/Bij niet nakomen/Belangrijke data/" "$order"
COLUMNS=100 "$WK" review "$V2" --party gemeente >"$TMP/v2-gem.txt"
expect_grep "v2: an amount per period, times, total" 'Bedrag: +€ 1\.500 per maand, 5 keer \(totaal € 7\.500\)$' "$TMP/v2-gem.txt"
expect_grep "v2: the total it pays" '^Totaal: € 20\.000$' "$TMP/v2-gem.txt"
expect_grep "v2: its remedy" '^   Staat het hek er op 1 mei niet, dan zet de Gemeente tijdelijke hekken\.$' "$TMP/v2-gem.txt"
expect_grep "v2: a target" 'Streefwaarde: +kinderen uit De Horst die in de winter wekelijks sporten: 40% → 60%' "$TMP/v2-gem.txt"
expect_grep "v2: the end of its commitment is a key date" '^31 januari 2027 +Einde afspraak 5 \(de Gemeente\): ' "$TMP/v2-gem.txt"
COLUMNS=100 "$WK" review "$V2" --party sportclub >"$TMP/v2-sport.txt"
expect_grep "v2: received per period" '^5\. van de Gemeente: € 1\.500 per maand, 5 keer \(totaal € 7\.500\) — ' "$TMP/v2-sport.txt"
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$V2" --party gemeente -o "$TMP/v2.ics"
expect_grep "v2 ics: the end of a commitment has its own UID" '^UID:.*-gemeente-until-zaal@wijkcontract' "$TMP/v2.ics"
expect_grep "v2 ics: and its due date another" '^UID:.*-gemeente-due-zaal@wijkcontract' "$TMP/v2.ics"

# ---- unknown party ---------------------------------------------------------
expect_status "unknown party: exit 2" 2 "$WK" review "$IN" --party nobody
expect_grep "unknown party: names it and lists the ids" "no party 'nobody'.*gemeente( \\([^)]*\\))?, horst( \\([^)]*\\))?, sportclub" "$TMP/err"
expect_status "no --party: usage error" 2 "$WK" review "$IN"
expect_status "review as .csv: usage error" 2 "$WK" review "$IN" --party horst -o "$TMP/x.csv"

# ---- iCalendar -------------------------------------------------------------
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$IN" --party horst -o "$TMP/a.ics" 2>"$TMP/err"
expect_eq "ics: written" 0 "$?"
SOURCE_DATE_EPOCH=1800000000 "$WK" review "$IN" --party horst -o "$TMP/b.ics" 2>"$TMP/err"
env -u SOURCE_DATE_EPOCH "$WK" review "$IN" --party horst -o "$TMP/c.ics" 2>"$TMP/err"
if python3 - "$TMP/a.ics" "$TMP/b.ics" "$TMP/c.ics" <<'EOF' >"$TMP/py.out" 2>&1; then ok "ics: RFC 5545 shape, events, UIDs, DTSTAMP"; else not_ok "ics: RFC 5545 shape, events, UIDs, DTSTAMP" "$(cat "$TMP/py.out")"; fi
import sys, datetime
def parse(path):
    raw = open(path, "rb").read()
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    for l in physical:
        assert b"\n" not in l and b"\r" not in l, ("bare line end", l)
        assert len(l) <= 75, ("line longer than 75 octets", len(l), l)
        l.decode("utf-8")  # folding never splits a UTF-8 sequence
    lines = []
    for l in physical:
        if l.startswith(b" "):
            lines[-1] += l[1:]
        else:
            lines.append(l)
    return [l.decode("utf-8") for l in lines]

def events(lines):
    evs, cur = [], None
    for l in lines:
        if l == "BEGIN:VEVENT":
            cur = {}
        elif l == "END:VEVENT":
            evs.append(cur)
            cur = None
        elif cur is not None:
            k, v = l.split(":", 1)
            cur[k] = v
    return evs

a, b, c = (parse(p) for p in sys.argv[1:4])
assert a[0] == "BEGIN:VCALENDAR" and a[-1] == "END:VCALENDAR", (a[0], a[-1])
assert "VERSION:2.0" in a and any(l.startswith("PRODID:") for l in a)
ea, eb, ec = events(a), events(b), events(c)
want = ["20260301", "20260501", "20260613", "20260901", "20270115", "20270228"]
assert [e["DTSTART;VALUE=DATE"] for e in ea] == want, [e["DTSTART;VALUE=DATE"] for e in ea]
for e in ea:
    d = datetime.datetime.strptime(e["DTSTART;VALUE=DATE"], "%Y%m%d") + datetime.timedelta(days=1)
    assert e["DTEND;VALUE=DATE"] == d.strftime("%Y%m%d"), e
    assert e["UID"].endswith("@wijkcontract"), e["UID"]
    assert e["DTSTAMP"] == "20231114T221320Z", e["DTSTAMP"]
uids = [e["UID"] for e in ea]
assert len(set(uids)) == len(uids), uids
assert uids == [e["UID"] for e in eb] == [e["UID"] for e in ec], "UIDs change between runs"
assert all(e["DTSTAMP"] == "20270115T080000Z" for e in eb), [e["DTSTAMP"] for e in eb]
# without SOURCE_DATE_EPOCH: the contract's date
assert all(e["DTSTAMP"] == "20260115T000000Z" for e in ec), [e["DTSTAMP"] for e in ec]
# TEXT escaping: comma and semicolon of the speeldag commitment
sp = next(e for e in ea if e["DTSTART;VALUE=DATE"] == "20260613")
assert "speeldag\\, met springkussen en limonade\\; voor alle kinderen." in sp["DESCRIPTION"], sp["DESCRIPTION"]
assert "\\n" in sp["DESCRIPTION"]
assert sp["SUMMARY"].startswith("Afspraak 3 (de Bewonersgroep): "), sp["SUMMARY"]
EOF
expect_grep "ics: all-day events" '^DTSTART;VALUE=DATE:20260301' "$TMP/a.ics"
if cmp -s "$TMP/a.ics" "$TMP/c.ics"; then not_ok "ics: DTSTAMP follows SOURCE_DATE_EPOCH"; else ok "ics: DTSTAMP follows SOURCE_DATE_EPOCH"; fi
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$IN" --party horst -o "$TMP/a2.ics"
expect_same "ics: reproducible" "$TMP/a.ics" "$TMP/a2.ics"

# ---- documents -------------------------------------------------------------
expect_status "odt: exit 0" 0 "$WK" review "$IN" --party horst -o "$TMP/r.odt"
expect_status "docx: exit 0" 0 "$WK" review "$IN" --party horst -o "$TMP/r.docx"
if have_shared validate-odt; then
  expect_status "odt: valid (strict)" 0 "$SHARED/tools/validate-odt" --strict "$TMP/r.odt"
fi
if have_shared validate-docx; then
  expect_status "docx: valid (strict)" 0 "$SHARED/tools/validate-docx" --strict "$TMP/r.docx"
fi
if have_tool pandoc "reading the review back"; then
  pandoc -f docx -t plain "$TMP/r.docx" >"$TMP/r.plain" 2>/dev/null
  for t in 'Onze rollen' 'Uitvoerder' 'Wat wij beloven' 'houdt de speeltuin schoon' 'Wat anderen beloven' \
           'plaatst een hek' 'Belangrijke data' '13 juni 2026'; do
    expect_grep "docx: holds '$t'" "$t" "$TMP/r.plain"
  done
  expect_no_grep "docx: not the promises of a challenge where it has no role" 'gymzaal' "$TMP/r.plain"
fi

finish
