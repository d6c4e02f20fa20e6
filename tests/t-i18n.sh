# t-i18n.sh - messages and help follow LANGUAGE/LC_ALL/LC_MESSAGES/LANG and
# --lang; Dutch and English reports differ only in the message text; the
# Dutch catalog translates every message of the sources.
. tests/lib.sh

# wk_env VARS... -- ARGS: runs $WK with a clean locale environment plus VARS;
# output in $TMP/out and $TMP/err, exit status in $st.
wk_env() {
  vars=""
  while [ "$1" != "--" ]; do vars="$vars $1"; shift; done
  shift
  # shellcheck disable=SC2086
  env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG $vars "$WK" "$@" >"$TMP/out" 2>"$TMP/err"
  st=$?
}

# ---- help texts ---------------------------------------------------------
wk_env LANG=nl_NL.UTF-8 -- --help
expect_grep "LANG=nl: --help is Dutch" '^Gebruik: wijkcontract' "$TMP/out"
expect_grep "LANG=nl: command list heading is Dutch" '^Opdrachten:' "$TMP/out"
expect_no_grep "LANG=nl: no English help left" '^Usage:|^Commands:' "$TMP/out"

wk_env LANG=C LC_MESSAGES=nl_NL.UTF-8 -- --help
expect_grep "LC_MESSAGES=nl beats LANG=C" '^Gebruik: wijkcontract' "$TMP/out"

wk_env LANG=C -- --lang nl --help
expect_grep "--lang nl beats LANG=C" '^Gebruik: wijkcontract' "$TMP/out"

wk_env LANG=C -- --lang=nl help build
expect_grep "--lang=nl: help build is Dutch" 'Maakt het contract op als ODT' "$TMP/out"
expect_grep "help build keeps option names" '--reference-doc REF' "$TMP/out"

wk_env LANG=nl_NL.UTF-8 -- help check
expect_grep "LANG=nl: help check is Dutch" '^Controleert contractdefinities' "$TMP/out"
expect_grep "help check: Dutch exit status text" 'Afsluitstatus: 0 geen fouten' "$TMP/out"

wk_env LANG=C -- --help
expect_grep "LANG=C: --help is English" '^Usage: wijkcontract' "$TMP/out"
expect_grep "LANG=C: command list heading is English" '^Commands:' "$TMP/out"

wk_env -- --help
expect_grep "no locale variables: English" '^Usage: wijkcontract' "$TMP/out"

wk_env LANG=nl_NL.UTF-8 -- --lang en --help
expect_grep "--lang en beats LANG=nl" '^Usage: wijkcontract' "$TMP/out"

wk_env LANG=nl_NL.UTF-8 LC_ALL=C -- --help
expect_grep "LC_ALL=C beats LANG=nl" '^Usage: wijkcontract' "$TMP/out"

wk_env LANG=de_DE.UTF-8 -- --help
expect_grep "a language without catalog falls back to English" '^Usage: wijkcontract' "$TMP/out"

wk_env LANG=nl_NL.UTF-8 -- no-such-command
expect_eq "unknown command: exit 2 in Dutch" 2 "$st"
expect_grep "unknown command: Dutch message" "onbekende opdracht 'no-such-command'" "$TMP/err"

# ---- check reports --------------------------------------------------------
# A contract without a title: one known finding, missing-field.
cat >"$TMP/notitle.md" <<'EOF'
---
kind: wijkcontract
area: Teststraat
version: "0.1"
period: {start: 2026-01-01, end: 2026-12-31}
evaluations: [2026-06-30]
parties:
  - id: gemeente
    name: Gemeente Testdorp
    short: de Gemeente
    type: overheid
    signatory: {name: A. de Vries, function: wethouder}
  - id: buurt
    name: Buurtinitiatief Testplein
    short: het Initiatief
    type: initiatief
    mission: Samen het plein levendig houden.
    signatory: {name: B. Jansen, function: voorzitter}
challenges:
  - id: plein
    title: Een levendig plein
    roles:
      kadersteller: gemeente
      facilitator: gemeente
      uitvoerder: buurt
      initiatiefnemer: buurt
commitments:
  - id: plein-beheer
    party: buurt
    challenge: plein
    text: Het Initiatief beheert het plein.
    impact: Buren ontmoeten elkaar op het plein.
    recurrence: wekelijks
  - id: plein-kader
    party: gemeente
    challenge: plein
    text: De Gemeente stelt de regels voor het plein vast.
    impact: Iedereen weet wat er op het plein mag.
    due: 2026-03-01
---

# Doel

Een levendig plein.

# Evaluatie

Halfjaarlijks.

# Geschillen

In overleg.

# Beëindiging

Aan het einde van de looptijd.
EOF

wk_env LANG=C -- check "$TMP/notitle.md"
st_en=$st
cp "$TMP/out" "$TMP/en.txt"
wk_env LANG=nl_NL.UTF-8 -- check "$TMP/notitle.md"
st_nl=$st
cp "$TMP/out" "$TMP/nl.txt"

expect_eq "check (en): errors give exit 1" 1 "$st_en"
expect_eq "check (nl): same exit status" "$st_en" "$st_nl"
expect_grep "check (en): English message" "error: required field 'title' is missing.*\[missing-field\]$" "$TMP/en.txt"
expect_grep "check (nl): Dutch message" "error: vereist veld 'title' ontbreekt.*\[missing-field\]$" "$TMP/nl.txt"
expect_no_grep "check (nl): no English message left" "required field" "$TMP/nl.txt"

# Same positions, severities and check ids in the same order.
sed -E 's/^([^:]*:[0-9]+:[0-9]+: [a-z]+): .* (\[[a-z-]+\])$/\1 \2/' "$TMP/en.txt" >"$TMP/en.ids"
sed -E 's/^([^:]*:[0-9]+:[0-9]+: [a-z]+): .* (\[[a-z-]+\])$/\1 \2/' "$TMP/nl.txt" >"$TMP/nl.ids"
expect_same "check: positions, severities and ids identical in nl and en" "$TMP/en.ids" "$TMP/nl.ids"
[ -s "$TMP/en.ids" ] && ok "check: report is not empty" || not_ok "check: report is not empty"

wk_env LC_MESSAGES=nl_NL.UTF-8 -- check "$TMP/notitle.md"
expect_grep "check with LC_MESSAGES=nl: Dutch" "vereist veld 'title' ontbreekt.*\[missing-field\]$" "$TMP/out"
wk_env LANG=C -- --lang nl check "$TMP/notitle.md"
expect_grep "check with --lang nl: Dutch" "vereist veld 'title' ontbreekt.*\[missing-field\]$" "$TMP/out"
wk_env LANG=nl_NL.UTF-8 -- --lang en check "$TMP/notitle.md"
expect_grep "check with --lang en: English" "required field 'title' is missing.*\[missing-field\]$" "$TMP/out"

wk_env LANG=nl_NL.UTF-8 -- check --format json "$TMP/notitle.md"
expect_grep "json (nl): check id untranslated" '"check": *"missing-field"' "$TMP/out"
expect_grep "json (nl): severity untranslated" '"severity": *"error"' "$TMP/out"
expect_grep "json (nl): Dutch message" '"message": *"vereist veld' "$TMP/out"

# ---- the catalog ----------------------------------------------------------
if command -v msgfmt >/dev/null 2>&1; then
  if msgfmt --check -o /dev/null po/nl.po 2>"$TMP/msgfmt.err"; then ok "msgfmt --check po/nl.po"
  else not_ok "msgfmt --check po/nl.po" "$(head -5 "$TMP/msgfmt.err")"; fi
else
  not_ok "msgfmt is installed" "install gettext"
fi

# count_entries MSGATTRIB-OPTIONS... PO: entries selected, header excluded.
count_entries() { # entries other than the header
  msgattrib "$@" 2>/dev/null | grep -c '^msgid ' | awk '{print ($1 > 0 ? $1 - 1 : 0)}'
}

if command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1; then
  # The committed template is complete against nl.po ...
  if [ -f po/wijkcontract.pot ]; then
    msgmerge -q --no-fuzzy-matching -o "$TMP/pot.po" po/nl.po po/wijkcontract.pot 2>"$TMP/mm.err"
    expect_eq "every msgid of po/wijkcontract.pot is translated" 0 \
      "$(count_entries --untranslated --no-obsolete "$TMP/pot.po")"
  else
    not_ok "po/wijkcontract.pot exists" "run make pot"
  fi
  # ... and so are the sources as they are now (strings added since the
  # last `make pot` show up here).
  xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
    --add-comments=TRANSLATORS -o "$TMP/now.pot" generator/*.c generator/diag.def 2>"$TMP/xg.err"
  msgmerge -q --no-fuzzy-matching -o "$TMP/now.po" po/nl.po "$TMP/now.pot" 2>>"$TMP/mm.err"
  n=$(count_entries --untranslated --no-obsolete "$TMP/now.po")
  if [ "$n" = 0 ]; then ok "every _() and N_() string of generator/ has a Dutch translation"; else
    not_ok "every _() and N_() string of generator/ has a Dutch translation" \
      "$n untranslated: $(msgattrib --untranslated --no-obsolete "$TMP/now.po" | grep -A1 '^msgid' | grep -v '^msgid ""' | head -6)"
  fi
  expect_eq "no fuzzy translations in po/nl.po" 0 "$(count_entries --only-fuzzy --no-obsolete po/nl.po)"
  total=$(count_entries --no-obsolete "$TMP/now.po")
  [ "$total" -ge 60 ] && ok "the sources have $total messages (xgettext found them)" ||
    not_ok "xgettext found the messages" "only $total"
else
  not_ok "xgettext and msgmerge are installed" "install gettext"
fi

finish
