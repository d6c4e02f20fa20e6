# t-check.sh - the `check` command: golden findings for every check id
# (tests/check/NAME.md against NAME.expected, mandoc style), exit statuses,
# --format json, --strict, several files, I/O and usage errors, and speed.
. tests/lib.sh
LANGUAGE=en
export LANGUAGE
G=tests/check

# ---- golden files: findings and exit status ---------------------------------
for md in $G/*.md; do
  name=$(basename "$md" .md)
  exp=$G/$name.expected
  if [ ! -f "$exp" ]; then
    not_ok "$name: golden file" "$exp is missing (tests/check/regen.sh writes it)"
    continue
  fi
  "$WK" check "$md" >"$TMP/$name.out" 2>"$TMP/$name.err"
  status=$?
  expect_same "$name: findings" "$exp" "$TMP/$name.out"
  if grep -q ': error: ' "$exp"; then want=1; else want=0; fi
  expect_eq "$name: exit status" "$want" "$status"
  # stderr holds nothing but the closing count, which agrees with the findings
  n_err=$(grep -c ': error: ' "$exp") n_warn=$(grep -c ': warning: ' "$exp")
  case $n_err in 0) e="no errors" ;; 1) e="1 error" ;; *) e="$n_err errors" ;; esac
  case $n_warn in 0) w="no warnings" ;; 1) w="1 warning" ;; *) w="$n_warn warnings" ;; esac
  expect_eq "$name: stderr is the closing count" "1 file: $e, $w" "$(sed 's/, [0-9]* notes\{0,1\}$//' "$TMP/$name.err")"
done

# The clean contracts have no findings at all; the shipped examples no
# errors or warnings (notes are allowed: an example shows how a warning the
# parties have weighed is acknowledged, which makes it a note).
for f in $G/clean-nl.md $G/clean-en.md contracts/*.md; do
  [ -f "$f" ] || continue
  "$WK" check -q "$f" >"$TMP/clean.out" 2>&1
  case $f in
  contracts/*) expect_eq "$f: no errors or warnings" "" "$(grep -v ': note: ' "$TMP/clean.out")" ;;
  *) expect_eq "$f: no findings" "" "$(cat "$TMP/clean.out")" ;;
  esac
done

# Every check id of diag.def has a golden test that shows it.
cat $G/*.expected >"$TMP/all.expected"
for id in $(sed -n 's/^DIAG([A-Z0-9_]*, *"\([a-z-]*\)".*/\1/p' generator/diag.def | sort -u); do
  expect_grep "check id $id appears in a golden file" "\\[$id\\]\$" "$TMP/all.expected"
done
# Both severities of placeholder are shown (warning in draft, error when final).
expect_grep "placeholder is a warning in a draft" ': warning: .*\[placeholder\]$' $G/placeholder.expected
expect_grep "placeholder is an error when final" ': error: .*\[placeholder\]$' $G/placeholder-final.expected
# open-condition: nothing in a draft, a warning when final, an error when signed.
expect_eq "open-condition is silent in a draft" "" "$(grep '\[open-condition\]' $G/open-condition-draft.expected)"
expect_grep "open-condition is a warning when final" ': warning: .*\[open-condition\]$' $G/open-condition.expected
expect_grep "open-condition is an error when signed" ': error: .*\[open-condition\]$' $G/open-condition-signed.expected
# acknowledge turns the matching warning into a note quoting the reason.
expect_grep "acknowledged warning is a note with the reason" \
  ': note: .*\(acknowledged: "Geveltuinen worden aangelegd zodra bewoners erom vragen\."\) \[missing-term\]$' \
  $G/acknowledge.expected
expect_grep "an error cannot be acknowledged" ': error: .*\[missing-impact\]$' $G/acknowledge.expected

# ---- several files ------------------------------------------------------------
expect_status "two files without errors: exit 0" 0 "$WK" check $G/clean-nl.md $G/missing-term.md
cat $G/clean-nl.expected $G/missing-term.expected >"$TMP/two.expected"
expect_same "two files: findings of both, in order" "$TMP/two.expected" "$TMP/out"
expect_status "an error in the last file: exit 1" 1 "$WK" check $G/missing-term.md $G/missing-role.md
cat $G/missing-term.expected $G/missing-role.expected >"$TMP/two.expected"
expect_same "an error in the last file: findings of both" "$TMP/two.expected" "$TMP/out"

# ---- --strict -----------------------------------------------------------------
expect_status "warnings only: exit 0" 0 "$WK" check $G/missing-term.md
expect_status "--strict: warnings are errors, exit 1" 1 "$WK" check --strict $G/missing-term.md
expect_grep "--strict prints the warning as an error" \
  "^$G/missing-term.md:[0-9]+:[0-9]+: error: .*\\[missing-term\\]\$" "$TMP/out"
expect_status "--strict on a clean file: exit 0" 0 "$WK" check --strict $G/clean-nl.md

# ---- --format json ----------------------------------------------------------------
if have_tool python3 "the --format json checks"; then
  expect_status "--format json: exit 1 with errors" 1 \
    "$WK" check --format json $G/placeholder.md $G/missing-role.md $G/clean-nl.md \
    $G/invalid-number.md $G/acknowledge.md $G/wrong-type-v2.md
  cp "$TMP/out" "$TMP/json"
  cat $G/placeholder.expected $G/missing-role.expected $G/invalid-number.expected \
    $G/acknowledge.expected $G/wrong-type-v2.expected >"$TMP/text"
  python3 - "$TMP/json" "$TMP/text" >"$TMP/py.out" 2>&1 <<'PY'
import json, re, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert isinstance(items, list), "not a list"
assert len(items) == len(lines), "%d items, %d text lines" % (len(items), len(lines))
for d, line in zip(items, lines):
    assert set(d) == {"file", "line", "column", "severity", "check", "message"}, sorted(d)
    assert isinstance(d["line"], int) and isinstance(d["column"], int)
    text = "%s:%d:%d: %s: %s [%s]" % (d["file"], d["line"], d["column"], d["severity"],
                                      d["message"], d["check"])
    assert text == line, "%r != %r" % (text, line)
print("ok")
PY
  expect_eq "--format json: same findings as text, all fields" "ok" "$(tail -n 1 "$TMP/py.out")"
  # every v2 check as JSON, against a golden file (tests/check/regen.sh):
  # each finding at its line and column, acknowledged warnings as notes
  set --
  for name in invalid-number invalid-currency open-condition open-condition-signed reporting-burden \
      amendment-order citizen-result acknowledge joint-general wrong-type-v2 unknown-reference-v2 \
      undefined-variable-v2; do
    set -- "$@" "$G/$name.md"
  done
  expect_status "--format json, v2 checks: exit 1" 1 "$WK" check --format json "$@"
  expect_same "--format json, v2 checks: golden" $G/v2-findings.json "$TMP/out"
  python3 - "$TMP/out" >"$TMP/py.out" 2>&1 <<'PY'
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))
for d in items:
    assert d["line"] >= 1 and d["column"] >= 1, d
def has(check, severity, name, text=""):
    m = [d for d in items if d["check"] == check and d["severity"] == severity
         and d["file"].endswith("/" + name + ".md") and text in d["message"]]
    assert m, (check, severity, name, text)
has("invalid-number", "error", "invalid-number", "write 1000.50")
has("invalid-currency", "error", "invalid-currency", "'EURO'")
has("open-condition", "warning", "open-condition", "'vergunning'")
has("open-condition", "error", "open-condition-signed", "'vergunning'")
has("reporting-burden", "warning", "reporting-burden", "'buurt'")
has("amendment-order", "error", "amendment-order", "oldest first")
has("citizen-result", "note", "citizen-result", "'tuin'")
has("missing-term", "note", "acknowledge", '(acknowledged: "Geveltuinen worden aangelegd zodra bewoners erom vragen.")')
has("role-conflict", "note", "acknowledge", "(acknowledged: ")
has("missing-impact", "error", "acknowledge")
print("ok")
PY
  expect_eq "--format json, v2 checks: ids, severities, positions" "ok" "$(tail -n 1 "$TMP/py.out")"
  expect_status "--format=json, no findings: exit 0" 0 "$WK" check --format=json $G/clean-nl.md
  expect_eq "--format json without findings is an empty array" "[]" "$(tr -d ' \n' <"$TMP/out")"
  expect_status "--format json --strict: exit 1" 1 "$WK" check --format json --strict $G/missing-term.md
  expect_grep "--format json --strict: severity error" '"severity": "error", "check": "missing-term"' "$TMP/out"
else
  echo "note t-check: python3 is absent: JSON output not parsed"
fi

# ---- I/O and usage errors --------------------------------------------------------------
expect_status "a missing file: exit 2" 2 "$WK" check $G/clean-nl.md "$TMP/absent.md" $G/missing-role.md
expect_grep "a missing file is named on stderr" "absent\\.md" "$TMP/err"
expect_grep "the other files are still checked" "\\[missing-role\\]\$" "$TMP/out"
expect_status "unknown option: exit 2" 2 "$WK" check --bogus $G/clean-nl.md
expect_grep "unknown option is named" "bogus" "$TMP/err"
expect_status "unknown format: exit 2" 2 "$WK" check --format xml $G/clean-nl.md
expect_status "--format without a value: exit 2" 2 "$WK" check --format
expect_status "no file: exit 2" 2 "$WK" check

# ---- many parties, many files: every finding, in every file -----------------------------
# (how the work grows with them is t-pathological's parties-20000 and
# files-1000). Sanitizer builds (WK_IN_ASAN) run a tenth of the size.
n=20000
[ -n "${WK_IN_ASAN:-}" ] && n=2000
awk -v n=$n 'BEGIN {
  print "---\ntitle: Groot\narea: Stad\nversion: \"1\""
  print "period: {start: 2026-01-01, end: 2026-12-31}\nevaluations: [2026-06-01]\nparties:"
  for (i = 0; i < n; i++) {
    printf "  - id: p%d\n    name: Partij %d\n    type: %s\n", i, i, (i % 2 ? "initiatief" : "overheid")
    printf "    mission: Iets doen voor de buurt\n    signatory: {name: Naam %d, function: voorzitter}\n", i
  }
  printf "challenges:\n  - id: c0\n    title: Opgave\n    roles:\n      kadersteller: p0\n      facilitator: p1\n      uitvoerder: [p0"
  for (i = 1; i < n; i++) printf ", p%d", i
  print "]\ncommitments:"
  for (i = 0; i < n; i++) {
    printf "  - id: k%d\n    party: %s%d\n    challenge: c0\n    text: Wij doen iets zo mogelijk TODO\n", i, (i % 7 ? "p" : "q"), i
    printf "    obligation: resultaat\n    impact: Het aantal bezoekers stijgt\n    measure: Gesprekken\n    due: 2026-05-01\n"
  }
  print "---\n\n# Doel\n\n# Evaluatie\n\n# Geschillen\n\n# Beëindiging"
}' >"$TMP/big.md"
"$WK" check "$TMP/big.md" >"$TMP/big.out" 2>&1
unknown=$(((n + 6) / 7))
for id in unknown-reference party-without-commitment; do
  expect_eq "$n parties: every $id reported" $unknown "$(grep -c "\[$id\]\$" "$TMP/big.out")"
done
for id in placeholder vague-result output-indicator; do
  expect_eq "$n commitments: every $id reported" $n "$(grep -c "\[$id\]\$" "$TMP/big.out")"
done
expect_grep "$n parties: the list of known parties is cut" \
  "known parties are p0, p1, .*, p11, \\.\\.\\. \\($((n - 12)) more\\)" "$TMP/big.out"

mkdir "$TMP/many"
i=0
while [ $i -lt $((n / 20)) ]; do cp $G/clean-nl.md "$TMP/many/c$i.md"; i=$((i + 1)); done
"$WK" check --quiet "$TMP"/many/*.md >"$TMP/many.out" 2>&1
status=$?
expect_eq "$((n / 20)) files: exit 0, no findings" "0:" "$status:$(cat "$TMP/many.out")"


# ---- values quoted in findings are shown escaped (issue 18) ---------------
# a reference holding a bidi override (U+202E) and a C1 control (U+009B)
# through YAML escapes: the finding quotes the override escaped, on its own
# line (the C1 control became U+FFFD when the value was loaded: invalid-text)
sed 's/^    party: gemeente$/    party: "ge\\u202Emeente\\u009B"/' contracts/wijkcontract-ondertekend.md >"$TMP/bidi.md"
expect_status "bidi reference: exit 1" 1 "$WK" --lang en check "$TMP/bidi.md"
expect_grep "bidi reference: quoted escaped" "party 'ge\\\\u\\{202E\\}meente�' is not defined" "$TMP/out"
if LC_ALL=C grep -q "$(printf '\342\200\256')" "$TMP/out"; then not_ok "bidi reference: no raw bidi override"
else ok "bidi reference: no raw bidi override"; fi

finish
