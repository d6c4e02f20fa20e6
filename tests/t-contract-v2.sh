# t-contract-v2.sh - the v2 fields in the contract document (spec section
# 6, issue #13): the commitments annex shows recipient, amount, target, the
# term's event and end, resources, beneficiaries and the remedy; a joint
# commitment stands under each party it binds, marked; general commitments
# have their own table; the conditions are an article after the body's; the
# financial annex totals per party and per challenge, per currency, in exact
# cents; the reporting duties and the amendment history are annexes, in the
# order of the spec. Read back from DOCX with pandoc and from the ODT's
# paragraphs (tests/odt_check.py: pandoc's ODT reader drops header rows),
# in English (the LA example) and Dutch (the Klaverveld example), both
# valid in the strict schemas. A currency stays on the line of its amount.
# A v1 contract shows none of it.
. tests/lib.sh
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

LA=contracts/cba-la-sports-district.md
KV=contracts/wijkcontract-klaverveld.md
V1=contracts/cba-riverside.md

have_tool pandoc "the text read-back" || { finish; exit 0; }

# text FILE OUT: the document's text on one line: table rules and cell bars
# dropped, every run of white space one blank, so a row reads "a b c".
text() {
  case $1 in
    *.docx) pandoc -f docx -t plain-strikeout --columns=10000 "$1" ;;
    *.odt) python3 tests/odt_check.py paragraphs "$1" ;;
  esac | sed 's/\xc2\xa0/ /g' | grep -v '^[-+=| ]*$' | tr -d '|' | tr '\n' ' ' | sed 's/[[:space:]][[:space:]]*/ /g' >"$2"
}

# build NAME SRC FMT [OPTION]: builds SRC, validates it (strict), reads it
# back into $TMP/NAME.FMT.txt
build() {
  b_out=$TMP/$1.$3
  expect_status "$1 $3: builds" 0 "$WK" build "$2" -o "$b_out" ${4:-}
  [ -s "$b_out" ] || return 1
  if [ -z "${WK_SKIP_VALIDATE:-}" ] && have_shared "validate-$3"; then
    if "$SHARED/tools/validate-$3" --strict "$b_out" >"$TMP/val" 2>&1; then ok "$1 $3: validate-$3 --strict"
    else not_ok "$1 $3: validate-$3 --strict" "$(head -5 "$TMP/val")"; fi
  fi
  text "$b_out" "$TMP/$1.$3.txt"
}

# shows NAME FILE WHAT PATTERN
shows() { expect_grep "$1: $3" "$4" "$2"; }

for fmt in docx odt; do
  # ---- English: every v2 field ----
  if build la "$LA" $fmt; then
    t=$TMP/la.$fmt.txt
    n="la $fmt"
    shows "$n" "$t" "annexes in the order of the spec" \
      'Annex 1 Challenges and roles .*Annex 2 Commitments .*Annex 3 Financial contributions .*Annex 4 Reporting duties .*Annex 5 Role matrix .*Annex 6 Evaluation and term .*Annex 7 Amendment history '
    shows "$n" "$t" "the signature page declares the new annexes" \
      'Annex 3: Financial contributions .*Annex 4: Reporting duties .*Annex 7: Amendment history'
    shows "$n" "$t" "conditions: an article after the body's, with their state" \
      'Article 5 Termination .*Article 6 Conditions Condition Status Due by The City approves the development agreement .* met 30 September 2001 The hotel of the project is financed before construction starts\. waived'
    shows "$n" "$t" "recipient" 'Recipient: City of Los Angeles'
    shows "$n" "$t" "amount per period, times, total" 'Amount: \$25,000 a year, 5 times \(total \$125,000\); an estimate'
    shows "$n" "$t" "amount once, with its note" 'Amount: \$1,000,000; for parks within one mile of the project'
    shows "$n" "$t" "target: baseline, value, unit, date" \
      'Target: share of entry-level jobs filled through the first-source programme: 0% → 50%, by 1 June 2006'
    shows "$n" "$t" "target without a baseline" 'Target: share of jobs in the project that pay at least a living wage: 70%, by 1 June 2006'
    shows "$n" "$t" "term: the event that starts it and the date it ends" \
      'once hiring for the first tenant or operator begins; until 31 May 2011'
    shows "$n" "$t" "term: recurrence and end" 'every year, for five years; until 31 May 2006'
    shows "$n" "$t" "remedy" 'If not kept: Any part of the contribution not committed to a park project'
    shows "$n" "$t" "joint: under the Coalition, naming the Developer" \
      'Figueroa Corridor Coalition for Economic Justice No\. Commitment .* 9 The Developer and the Coalition set up an advisory committee .*Joint commitment, together with L\.A\. Arena Land Company .*L\.A\. Arena Land Company No\. Commitment'
    shows "$n" "$t" "joint: under the Developer, naming the Coalition" \
      'Joint commitment, together with Figueroa Corridor Coalition for Economic Justice .*City of Los Angeles No\. Commitment'
    shows "$n" "$t" "general commitments apart, with who commits" \
      'General commitments No\. Commitment Party Intended impact How it is assessed Term 11 The Coalition supports the project .*Figueroa Corridor Coalition for Economic Justice .*once this agreement is signed'
    expect_no_grep "$n: the general commitment is not in a party's table" \
      'Coalition for Economic Justice No\. Commitment Challenge [^A]*11 The Coalition supports' "$t"
    shows "$n" "$t" "financial annex: the Developer's contributions and total" \
      'Annex 3 Financial contributions L\.A\. Arena Land Company No\. Challenge Recipient Amount 1 Parks and recreation within a mile of the district – \$1,000,000; .* 4 Good jobs for the people who live here Figueroa Corridor Coalition for Economic Justice \$100,000; .* 7 Parking for residents on event nights City of Los Angeles \$25,000 a year, 5 times \(total \$125,000\); .* Total \$1,875,000 '
    shows "$n" "$t" "financial annex: totals per challenge and in all" \
      'Totals per challenge Challenge Amount Parks and recreation within a mile of the district \$1,000,000 Good jobs for the people who live here \$100,000 Homes that residents can afford \$650,000 Parking for residents on event nights \$125,000 Total \$1,875,000 Annex 4'
    shows "$n" "$t" "reporting duties: who, to whom, how often, about" \
      'Annex 4 Reporting duties Party Recipient How often About L\.A\. Arena Land Company Figueroa Corridor Coalition for Economic Justice every year living-wage jobs.* L\.A\. Arena Land Company City of Los Angeles every six months the first-source programme .*Figueroa Corridor Coalition for Economic Justice L\.A\. Arena Land Company at each evaluation what residents say'
    shows "$n" "$t" "amendment history, oldest first" \
      'Annex 7 Amendment history Version Date Change 0\.9 15 May 2001 Text agreed by the member organisations of the Coalition\. 1\.0 31 May 2001 Agreement signed\.'
  fi

  # ---- Dutch ----
  if build kv "$KV" $fmt; then
    t=$TMP/kv.$fmt.txt
    n="kv $fmt"
    shows "$n" "$t" "bijlagen in de volgorde van de spec" \
      'Bijlage 2 Afspraken .*Bijlage 3 Financiële bijdragen .*Bijlage 4 Rapportages .*Bijlage 5 Rollenmatrix .*Bijlage 6 Evaluatie en looptijd .*Bijlage 7 Schuurpapier .*Bijlage 8 Wijzigingsgeschiedenis '
    shows "$n" "$t" "voorwaarden als artikel" \
      'Artikel 9 Beëindiging .*Artikel 10 Voorwaarden Voorwaarde Status Uiterlijk op De gemeenteraad stelt het programma Wijkgericht Werken 2026-2027 en het budget daarvoor vast\. open 18 december 2025'
    shows "$n" "$t" "ontvanger" 'Ontvanger: Stichting Buurthuis De Klaver, Bewonersvereniging Moestuin Klaverhof'
    shows "$n" "$t" "bedrag" 'Bedrag: € 45\.000 per jaar, 2 keer \(totaal € 90\.000\); uit het programma Wijkgericht Werken'
    shows "$n" "$t" "streefwaarde" 'Streefwaarde: signalen die binnen twee weken met een gesprek zijn opgevolgd: 55% → 90%, uiterlijk 30 november 2027'
    shows "$n" "$t" "termijn met gebeurtenis" 'het hele tuinseizoen, van maart tot en met oktober; zodra de Corporatie het binnenterrein heeft opgeleverd'
    shows "$n" "$t" "termijn met einddatum" '15 februari 2026; dagelijks tijdens openingstijden; tot en met 31 december 2026'
    shows "$n" "$t" "middelen" 'Middelen: 0,6 fte opbouwwerk'
    shows "$n" "$t" "ten behoeve van" 'Ten behoeve van: Stichting Buurthuis De Klaver, bewonersinitiatieven in Klaverveld'
    shows "$n" "$t" "bij niet nakomen" 'Bij niet nakomen: Staat het budget op 1 februari niet open'
    shows "$n" "$t" "financiële bijlage: per partij en per opgave" \
      'Bijlage 3 Financiële bijdragen Gemeente Lindenhaven Nr\. Opgave Ontvanger Bedrag 1 Minder eenzaamheid onder ouderen en nieuwkomers .* Totaal € 90\.000 Woonstichting Lindenhof .* 10 Groen en ontmoeten op de Klaverhof Bewonersvereniging Moestuin Klaverhof € 18\.000; ontstraten en tuinaarde Totaal € 18\.000 Totalen per opgave Opgave Bedrag Minder eenzaamheid onder ouderen en nieuwkomers € 90\.000 Groen en ontmoeten op de Klaverhof € 18\.000 Totaal € 108\.000 '
    shows "$n" "$t" "rapportages" \
      'Bijlage 4 Rapportages Partij Ontvanger Hoe vaak Over Stichting Welzijn Lindenhaven Gemeente Lindenhaven elk jaar de besteding van het wijkbudget .*Stichting Buurthuis De Klaver Gemeente Lindenhaven bij elke evaluatie'
    case $fmt in docx) part=word/document.xml ;; *) part=content.xml ;; esac
    unzip -p "$TMP/kv.$fmt" $part | tr "<" "\n" >"$TMP/kv.$fmt.xml" # an element a line
    nbsp=$(printf '\302\240')
    expect_grep "$n: a no-break space binds an amount to its currency" "€${nbsp}45\.000 per jaar" "$TMP/kv.$fmt.xml"
    expect_grep "$n: also in the body's text" "EUR${nbsp}45\.000" "$TMP/kv.$fmt.xml"
    expect_no_grep "$n: no amount can be parted from its currency" "(€|EUR) [0-9]" "$TMP/kv.$fmt.xml"
    shows "$n" "$t" "wijzigingsgeschiedenis" \
      'Bijlage 8 Wijzigingsgeschiedenis Versie Datum Wijziging 0\.1 15 september 2025 Eerste opzet .* 0\.3 20 november 2025 Bedragen, een streefwaarde'
  fi
done

# ---- two currencies, cents, a joint contribution ----
# The loan fund in euros with ten cents; the joint advisory committee
# costs EUR 0.10 a quarter, three times: 0.30 exactly, in full for each of
# its two parties, once in the totals per challenge.
sed -e '/value: 650000/{s/650000/"650000.10"/;n;s/USD/EUR/;}' \
  -e 's/^    recurrence: every quarter$/&\
    amount:\
      value: "0.10"\
      currency: EUR\
      per: quarter\
      times: 3/' "$LA" >"$TMP/la-money.md"
Z='0\.30'
for fmt in docx odt; do
  build la-money "$TMP/la-money.md" $fmt || continue
  t=$TMP/la-money.$fmt.txt
  n="la-money $fmt"
  shows "$n" "$t" "the joint contribution, marked, under the Coalition with its total" \
    "Figueroa Corridor Coalition for Economic Justice No\. Challenge Recipient Amount 9 Parks and recreation within a mile of the district – €0\.10 a quarter, 3 times \(total €$Z\) Joint commitment Total €$Z "
  shows "$n" "$t" "the Developer's total per currency, the joint one in full" \
    "L\.A\. Arena Land Company No\. Challenge .* Total \\\$1,225,000 and €650,000\.40 "
  shows "$n" "$t" "the legend says how a joint contribution counts" \
    "A joint commitment counts in full in the total of each party it binds; the totals per challenge count it once\."
  shows "$n" "$t" "totals per challenge per currency, the joint one once" \
    "Totals per challenge Challenge Amount Parks and recreation within a mile of the district \\\$1,000,000 and €$Z .*Homes that residents can afford €650,000\.10 .*Total \\\$1,225,000 and €650,000\.40 Annex 4"
done

# ---- Dutch: a joint and a general commitment ----
sed -e 's/^    party: buurtsuper$/    party: [buurtsuper, buurthuis]/' \
  -e '/^  - id: bijbaan$/,/^    challenge: jeugd$/{/^    challenge: jeugd$/d;}' "$KV" >"$TMP/kv-joint.md"
for fmt in docx odt; do
  build kv-joint "$TMP/kv-joint.md" $fmt || continue
  t=$TMP/kv-joint.$fmt.txt
  n="kv-joint $fmt"
  shows "$n" "$t" "gezamenlijk, onder het Buurthuis" \
    "Stichting Buurthuis De Klaver Nr\. Afspraak .*De Buurtsuper richt bij de ingang een koffiehoek in .*Gezamenlijke afspraak, samen met Buurtsuper Klaverveld B\.V\. .*Bewonersvereniging Moestuin Klaverhof Nr\. Afspraak"
  shows "$n" "$t" "algemene afspraken apart" \
    "Algemene afspraken Nr\. Afspraak Partij .* 13 De Buurtsuper biedt jongeren uit Klaverveld .* Buurtsuper Klaverveld B\.V\."
done

# ---- a v1 contract: none of the v2 parts ----
for fmt in docx odt; do
  build v1 "$V1" $fmt || continue
  t=$TMP/v1.$fmt.txt
  expect_no_grep "v1 $fmt: no v2 article or annex" \
    "Conditions|Financial contributions|Reporting duties|Amendment history|General commitments|Recipient:|Amount:|Joint commitment" "$t"
  shows "v1 $fmt" "$t" "the v1 annexes as before" \
    'Annex 1 Challenges and roles .*Annex 2 Commitments .*Annex 3 Role matrix .*Annex 4 Evaluation and term '
done

finish
