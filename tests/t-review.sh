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
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$V2" --party gemeente -o "$TMP/v2.ics" >/dev/null
expect_grep "v2 ics: the end of a commitment has its own UID" '^UID:.*-gemeente-until-zaal@wijkcontract' "$TMP/v2.ics"
expect_grep "v2 ics: and its due date another" '^UID:.*-gemeente-due-zaal@wijkcontract' "$TMP/v2.ics"

# ---- unknown party ---------------------------------------------------------
expect_status "unknown party: exit 2" 2 "$WK" review "$IN" --party nobody
expect_grep "unknown party: names it and lists the ids" "no party 'nobody'.*gemeente( \\([^)]*\\))?, horst( \\([^)]*\\))?, sportclub" "$TMP/err"
expect_status "no --party: usage error" 2 "$WK" review "$IN"
expect_status "review as .csv: usage error" 2 "$WK" review "$IN" --party horst -o "$TMP/x.csv"

# ---- iCalendar -------------------------------------------------------------
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$IN" --party horst -o "$TMP/a.ics" >/dev/null 2>"$TMP/err"
expect_eq "ics: written" 0 "$?"
SOURCE_DATE_EPOCH=1800000000 "$WK" review "$IN" --party horst -o "$TMP/b.ics" >/dev/null 2>"$TMP/err"
env -u SOURCE_DATE_EPOCH "$WK" review "$IN" --party horst -o "$TMP/c.ics" >/dev/null 2>"$TMP/err"
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
    evs, cur, alarm = [], None, False
    for l in lines:
        if l == "BEGIN:VEVENT":
            cur = {}
        elif l == "END:VEVENT":
            evs.append(cur)
            cur = None
        elif l in ("BEGIN:VALARM", "END:VALARM"):
            alarm = l == "BEGIN:VALARM"  # the reminder's lines are its own
        elif cur is not None and not alarm:
            k, v = l.split(":", 1)
            cur[k] = v
    return evs

a, b, c = (parse(p) for p in sys.argv[1:4])
assert a[0] == "BEGIN:VCALENDAR" and a[-1] == "END:VCALENDAR", (a[0], a[-1])
assert "VERSION:2.0" in a and any(l.startswith("PRODID:") for l in a)
ea, eb, ec = events(a), events(b), events(c)
want = ["20260301", "20260501", "20260613", "20260901", "20270115", "20270228"]
dated = [e["DTSTART;VALUE=DATE"] for e in ea if "-recurring-" not in e["UID"]]
assert dated == want, dated
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
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$IN" --party horst -o "$TMP/a2.ics" >/dev/null
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

# ---- v2 in the documents: what the text review shows --------------------------
# Read back with pandoc (tests/pandoc_rows.py: a table row as "| a | b |"),
# both formats, for the example CBA and the Dutch example. pandoc's ODT
# reader leaves header rows empty, so only body rows are looked for.
CBA=contracts/cba-la-sports-district.md
KV=contracts/wijkcontract-klaverveld.md
if have_tool pandoc "reading the v2 review documents back"; then
  for fmt in docx odt; do
    for who in developer coalition; do
      expect_status "v2 $fmt: review of $who, exit 0" 0 "$WK" review "$CBA" --party $who -o "$TMP/$who.$fmt"
      python3 tests/pandoc_rows.py "$TMP/$who.$fmt" >"$TMP/$who.$fmt.rows"
    done
    for who in moestuin gemeente buurthuis; do
      expect_status "v2 $fmt: review of $who, exit 0" 0 "$WK" review "$KV" --party $who -o "$TMP/$who.$fmt"
      python3 tests/pandoc_rows.py "$TMP/$who.$fmt" >"$TMP/$who.$fmt.rows"
    done
    R=$TMP/developer.$fmt.rows
    expect_grep "v2 $fmt: a joint commitment names both parties" '^\| Party \| the Developer and the Coalition \|$' "$R"
    expect_grep "v2 $fmt: a target as the document writes it" '^\| Target \| share of jobs in the project that pay at least a living wage: 70%, by 1 June 2006 \|$' "$R"
    expect_grep "v2 $fmt: a term with after and until" '^\| When \| once hiring for the first tenant or operator begins; until 31 May 2011 \|$' "$R"
    expect_grep "v2 $fmt: the recipient of a commitment" '^\| Recipient \| the Coalition \|$' "$R"
    expect_grep "v2 $fmt: an amount in the commitment" '^\| Amount \| \$1,000,000; for parks within one mile of the project \|$' "$R"
    expect_grep "v2 $fmt: a remedy in the commitment" '^\| If not kept \| Any part of the contribution not committed' "$R"
    expect_grep "v2 $fmt: what it pays" '^# What we contribute$' "$R"
    expect_grep "v2 $fmt: a payment per year, times, total" '^\| 7 \| The Developer pays the costs of the residential permit parking district .* \| \$25,000 a year, 5 times \(total \$125,000\); an estimate' "$R"
    expect_grep "v2 $fmt: the total it pays" '^\|  \| Total \| \$1,875,000 \|$' "$R"
    expect_grep "v2 $fmt: a report it makes" '^\| the City \| every six months \| the first-source programme and the permit parking district \|$' "$R"
    expect_grep "v2 $fmt: a report made to it" '^\| the Coalition \| at each evaluation \| what residents say about the parks and the jobs \|$' "$R"
    expect_grep "v2 $fmt: its remedies" '^\| 2 \| The Developer works towards living-wage jobs .* \| When the share stays below the goal' "$R"
    order=$(grep -E '^# ' "$R" | grep -E '^# (What others promise|What we contribute|What we receive|Reports we make|Reports made to us|If commitments are not kept|Key dates)$' | tr '\n' '/')
    expect_eq "v2 $fmt: sections in the order of the text review" \
      "# What others promise/# What we contribute/# What we receive/# Reports we make/# Reports made to us/# If commitments are not kept/# Key dates/" "$order"
    expect_grep "v2 $fmt: the end of a commitment is a key date" '^\| 31 May 2006 \| End of commitment 7 \(the Developer\): ' "$R"
    R=$TMP/coalition.$fmt.rows
    expect_grep "v2 $fmt: general commitments apart" '^## General commitments$' "$R"
    expect_grep "v2 $fmt: a general commitment, numbered" '^\| No\. \| 11 \|$' "$R"
    expect_grep "v2 $fmt: what it receives" '^\| 4 \| the Developer \| The Developer provides seed money .* \| \$100,000; seed money for the first-source referral system \|$' "$R"
    expect_grep "v2 $fmt: the total it receives" '^\|  \|  \| Total \| \$100,000 \|$' "$R"
    R=$TMP/moestuin.$fmt.rows
    expect_grep "v2 $fmt (nl): a receipt shared with another party" '^\| 1 \| de Gemeente \| .* \| € 45\.000 per jaar, 2 keer \(totaal € 90\.000\); uit het programma Wijkgericht Werken / \(samen met het Buurthuis\) \|$' "$R"
    expect_grep "v2 $fmt (nl): a receipt without an amount" '^\| 2 \| de Gemeente \| De Gemeente regelt de vergunningen .* \| – \|$' "$R"
    expect_grep "v2 $fmt (nl): its own total received" '^\|  \|  \| Totaal \| € 18\.000 \|$' "$R"
    expect_grep "v2 $fmt (nl): shared receipts totalled apart" '^\|  \|  \| Samen met anderen \| € 90\.000 \|$' "$R"
    R=$TMP/gemeente.$fmt.rows
    expect_grep "v2 $fmt (nl): the total it pays" '^\|  \| Totaal \| € 90\.000 \|$' "$R"
    expect_grep "v2 $fmt (nl): reports made to it" '^\| de Welzijnsorganisatie \| elk jaar \| de besteding van het wijkbudget' "$R"
    expect_grep "v2 $fmt (nl): its remedy" '^\| 1 \| De Gemeente stelt .* \| Staat het budget op 1 februari niet open' "$R"
    expect_grep "v2 $fmt (nl): a report it makes" '^\| de Gemeente \| bij elke evaluatie \| wat de open tafel' "$TMP/buurthuis.$fmt.rows"
  done
  if have_shared validate-odt; then
    for f in "$TMP"/*.odt; do
      expect_status "v2 odt $(basename "$f"): valid (strict)" 0 "$SHARED/tools/validate-odt" --strict "$f"
    done
  fi
  if have_shared validate-docx; then
    for f in "$TMP"/*.docx; do
      expect_status "v2 docx $(basename "$f"): valid (strict)" 0 "$SHARED/tools/validate-docx" --strict "$f"
    done
  fi
fi

finish
