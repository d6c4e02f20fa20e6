# t-contracts.sh - the example contracts in contracts/ are clean models: each
# checks with exit 0 and without errors or warnings (also with --strict),
# and covers what the examples promise (profiles, parties, sections).
. tests/lib.sh

n=0
for f in contracts/*.md; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  name=$(basename "$f")
  expect_status "$name: check exits 0" 0 "$WK" check "$f"
  expect_no_grep "$name: no error" ': error: ' "$TMP/out"
  expect_no_grep "$name: no warning" ': warning: ' "$TMP/out"
  expect_status "$name: check --strict exits 0" 0 "$WK" check --strict "$f"
  expect_status "$name: check --format json exits 0" 0 "$WK" check --format json "$f"
  expect_no_grep "$name: json has no error" '"severity": *"error"' "$TMP/out"
done
[ "$n" -ge 2 ] && ok "there are example contracts ($n)" || not_ok "there are example contracts" "found $n"

# All examples at once: one run, exit 0.
expect_status "all examples in one check run" 0 "$WK" check contracts/*.md

# What the examples are meant to show (so that editing them cannot quietly
# drop it): a Dutch draft with all four party types and three challenges,
# an English CBA, and a signed contract with signatures.
nl=contracts/wijkcontract-klaverveld.md
en=contracts/cba-riverside.md
signed=contracts/wijkcontract-ondertekend.md

front() { sed -n '2,/^---$/p' "$1"; }

if [ -f "$nl" ]; then
  front "$nl" >"$TMP/nl.yaml"
  expect_grep "nl example: kind wijkcontract" '^kind: wijkcontract$' "$TMP/nl.yaml"
  expect_grep "nl example: language nl" '^language: nl$' "$TMP/nl.yaml"
  expect_grep "nl example: status concept" '^status: concept$' "$TMP/nl.yaml"
  for t in overheid initiatief maatschappelijke-organisatie bedrijf; do
    expect_grep "nl example: a party of type $t" "^    type: $t\$" "$TMP/nl.yaml"
  done
  [ "$(sed -n '/^parties:/,/^challenges:/p' "$TMP/nl.yaml" | grep -c '^  - id: ')" -ge 5 ] &&
    ok "nl example: at least five parties" || not_ok "nl example: at least five parties"
  nc=$(sed -n '/^commitments:/,/^schuurpapier:/p' "$TMP/nl.yaml" | grep -c '^  - id: ')
  [ "$nc" -ge 8 ] && [ "$nc" -le 14 ] && ok "nl example: 8-14 commitments ($nc)" ||
    not_ok "nl example: 8-14 commitments" "$nc"
  for axis in legitimiteit representativiteit verantwoording; do
    expect_grep "nl example: schuurpapier $axis" "^  $axis: " "$TMP/nl.yaml"
  done
  for h in 'Doel' 'Uitgangspunten' 'Samenwerking' 'Ondersteuning en "klusjes"' 'Continuïteit' \
    'Evaluatie' 'Geschillen' 'Wijziging' 'Beëindiging'; do
    expect_grep "nl example: article '$h'" "^# $h" "$nl"
  done
  expect_grep "nl example: a GFM table" '^\|---' "$nl"
  expect_grep "nl example: a footnote" '^\[\^[a-z]+\]:' "$nl"
  expect_grep "nl example: a variable" '\{\{ parties\.[a-z]+\.short \}\}' "$nl"
fi

if [ -f "$en" ]; then
  front "$en" >"$TMP/en.yaml"
  expect_grep "cba example: kind cba" '^kind: cba$' "$TMP/en.yaml"
  expect_grep "cba example: language en" '^language: en$' "$TMP/en.yaml"
  for h in Purpose Evaluation Disputes Termination; do
    expect_grep "cba example: section $h" "^# $h" "$en"
  done
fi

if [ -f "$signed" ]; then
  front "$signed" >"$TMP/signed.yaml"
  expect_grep "signed example: status ondertekend" '^status: ondertekend$' "$TMP/signed.yaml"
  expect_grep "signed example: signatures recorded" '^signatures:' "$TMP/signed.yaml"
fi

# A broken copy of the Dutch example is caught: the examples pass because
# the checks run, not because check passes everything.
if [ -f "$nl" ]; then
  sed 's/^title: .*//' "$nl" >"$TMP/broken.md"
  expect_status "example without title: check exits 1" 1 "$WK" check "$TMP/broken.md"
  expect_grep "example without title: missing-field" '\[missing-field\]$' "$TMP/out"
  sed 's/^      handhaver: corporatie$/      handhaver: gemeente/' "$nl" >"$TMP/conflict.md"
  expect_status "example with handhaver+facilitator: still no error" 0 "$WK" check "$TMP/conflict.md"
  expect_grep "example with handhaver+facilitator: role-conflict" 'warning: .*\[role-conflict\]$' "$TMP/out"
fi

# ---- the documentation that describes the examples and the checks --------
# README's check table lists exactly the check ids of generator/diag.def.
sed -n 's/^DIAG([A-Z_0-9]*, *"\([a-z-]*\)".*/\1/p' generator/diag.def | LC_ALL=C sort -u >"$TMP/ids.def"
sed -n 's/^| `\([a-z-]*\)` | \(error\|warning\|note\).*/\1/p' README.md | LC_ALL=C sort -u >"$TMP/ids.readme"
[ -s "$TMP/ids.def" ] && ok "diag.def has check ids" || not_ok "diag.def has check ids"
expect_same "README.md lists every check id of diag.def" "$TMP/ids.def" "$TMP/ids.readme"
for f in contracts/*.md; do
  expect_grep "README.md mentions $f" "$f" README.md
done
if command -v groff >/dev/null 2>&1; then
  groff -man -Tutf8 -ww -z doc/wijkcontract.1 >"$TMP/groff.err" 2>&1
  expect_eq "doc/wijkcontract.1 renders without groff warnings" "" "$(cat "$TMP/groff.err")"
  groff -man -Tutf8 doc/wijkcontract.1 2>/dev/null | sed 's/.\x08//g' >"$TMP/man.txt"
  for sec in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do
    expect_grep "man page has section $sec" "^$sec\$" "$TMP/man.txt"
  done
fi

finish
