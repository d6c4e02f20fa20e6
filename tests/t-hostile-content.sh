# t-hostile-content.sh - contract text that is hostile to the outputs
# (issue 18): control characters written as YAML escapes in variables used
# in a table (a draft once never returned), link targets that are not URIs
# (documents once failed strict validation), and names that a spreadsheet
# reads as formulas in the CSV role matrix.
. tests/lib.sh
LANGUAGE=en
export LANGUAGE
CLEAN=tests/check/clean-nl.md
validate=""
[ -z "${WK_SKIP_VALIDATE:-}" ] && have_shared validate-odt && have_shared validate-docx && validate=1

# valid NAME FILE: the document passes its validator --strict.
valid() {
  [ -n "$validate" ] || return 0
  case $2 in *.odt) v=validate-odt ;; *) v=validate-docx ;; esac
  if "$SHARED/tools/$v" --strict "$2" >"$TMP/valid.out" 2>&1; then ok "$1: $v --strict"
  else not_ok "$1: $v --strict" "$(head -c 400 "$TMP/valid.out")"; fi
}

# in_limits NAME CMD...: CMD ends within the time a hang needs to be told
# from a slow machine (a build takes well under a second; 120 s under
# ASan on a loaded machine is a hang), and exits 0. Output in $TMP/out.
in_limits() {
  name=$1
  shift
  timeout 120 "$@" >"$TMP/out" 2>"$TMP/err"
  st=$?
  if [ "$st" = 124 ]; then not_ok "$name" "still running after 120 s: a hang"
  elif [ "$st" = 0 ]; then ok "$name"
  else not_ok "$name" "exit $st: $(head -c 300 "$TMP/err")"; fi
}

# ---- control characters in variables -----------------------------------------
# The smallest input of the issue: NUL through an escape, in a table cell.
printf -- '---\ntitle: "a\\0b"\n---\n| a |\n|---|\n| {{ title }} |\n' >"$TMP/nul.md"
for fmt in odt docx; do
  in_limits "NUL in a variable in a table: build --draft -o .$fmt returns" \
    "$WK" build -q --draft "$TMP/nul.md" -o "$TMP/nul.$fmt"
  valid "NUL in a table cell ($fmt)" "$TMP/nul.$fmt"
done
# Every control character check reports as invalid-text reaches the
# draft as U+FFFD, the same in the title block, a paragraph and a cell.
sed -e 's/^title: .*/title: "T\\0i\\x01t\\el\\u0085"/' \
    -e 's/^area: .*/area: "W\\x7fi\\x1fjk"/' "$CLEAN" >"$TMP/ctl.md"
cat >>"$TMP/ctl.md" <<'EOF'

In {{ title }} en {{ area }}:

| titel | gebied |
|---|---|
| {{ title }} | {{ area }} |
EOF
"$WK" check -q "$TMP/ctl.md" >"$TMP/ctl.check" 2>&1
expect_grep "check reports the NUL escape" '^.*ctl\.md:2:[0-9]+: error: NUL character .*\[invalid-text\]$' "$TMP/ctl.check"
expect_grep "check reports the DEL escape" '^.*ctl\.md:3:[0-9]+: error: control character U\+007F .*\[invalid-text\]$' "$TMP/ctl.check"
FFFD=$(printf '\357\277\275')
for fmt in odt docx; do
  in_limits "control characters in variables: build --draft -o .$fmt returns" \
    "$WK" build -q --draft "$TMP/ctl.md" -o "$TMP/ctl.$fmt"
  valid "control characters in variables ($fmt)" "$TMP/ctl.$fmt"
  case $fmt in odt) part=content.xml ;; *) part=word/document.xml ;; esac
  unzip -p "$TMP/ctl.$fmt" "$part" >"$TMP/ctl.xml" 2>/dev/null
  n=$(grep -o "T${FFFD}i${FFFD}t${FFFD}l${FFFD}" "$TMP/ctl.xml" | wc -l)
  if [ "$n" -ge 3 ]; then ok "$fmt: the title shows U+FFFD for each control character, $n times"
  else not_ok "$fmt: the title shows U+FFFD for each control character" "$n times in $part"; fi
  n=$(grep -o "W${FFFD}i${FFFD}jk" "$TMP/ctl.xml" | wc -l)
  if [ "$n" -ge 3 ]; then ok "$fmt: the area shows U+FFFD for each control character, $n times"
  else not_ok "$fmt: the area shows U+FFFD for each control character" "$n times in $part"; fi
done

# ---- link targets that are not URIs --------------------------------------------
# Each target of the issue alone in an otherwise clean contract, linked
# from line 57, column 5: check warns there, build succeeds, both formats
# are valid, the link text stays, and the link goes where check said.
n=0
for target in 'https://example.org/a%zz' 'https://a/%' 'https://a/%4' 'https://a/#x#y' \
              'https://a:-1/' 'http://a/[x]' 'http://[::1' 'http://a:99999999999/'; do
  n=$((n + 1))
  sed "s|^Partijen evalueren het contract samen\\.\$|Zie [de wet nummer $n]($target).|" "$CLEAN" >"$TMP/link$n.md"
  "$WK" check -q "$TMP/link$n.md" >"$TMP/check.out" 2>&1
  st=$?
  expect_eq "$target: check exits 0 (a warning)" 0 "$st"
  expect_grep "$target: check warns at line 57, column 5" \
    "link$n\\.md:57:5: warning: link target '$(printf '%s' "$target" | sed 's/[][\\.*^$|+?(){}]/\\&/g')' .*\\[invalid-link\\]\$" "$TMP/check.out"
  expect_eq "$target: one finding" 1 "$(wc -l <"$TMP/check.out")"
  # where check says the document links to ('' when to nowhere)
  said=$(sed -n "s/.* the document links to '\\(.*\\)' instead .*/\\1/p" "$TMP/check.out")
  for fmt in odt docx; do
    in_limits "$target: build -o .$fmt exits 0" "$WK" build "$TMP/link$n.md" -o "$TMP/link$n.$fmt"
    valid "$target ($fmt)" "$TMP/link$n.$fmt"
  done
  if have_tool pandoc; then
    pandoc -f docx -t plain "$TMP/link$n.docx" >"$TMP/plain.txt" 2>/dev/null
    expect_grep "$target: the link text is in the DOCX (pandoc)" "de wet nummer $n" "$TMP/plain.txt"
  fi
  unzip -p "$TMP/link$n.odt" content.xml >"$TMP/content.xml" 2>/dev/null
  expect_grep "$target: the link text is in the ODT" "de wet nummer $n" "$TMP/content.xml"
  unzip -p "$TMP/link$n.docx" word/_rels/document.xml.rels >"$TMP/rels.xml" 2>/dev/null
  odt_href=$(sed -n 's/.*<text:a [^>]*xlink:href="\([^"]*\)".*/\1/p' "$TMP/content.xml")
  docx_href=$(grep -o 'Target="[^"]*" TargetMode="External"' "$TMP/rels.xml" | sed 's/Target="\([^"]*\)".*/\1/')
  expect_eq "$target: the ODT links where check said" "$said" "$odt_href"
  expect_eq "$target: the DOCX links where check said" "$said" "$docx_href"
done

# ---- formulas in CSV cells ----------------------------------------------------------
# Party names and a challenge title starting as OWASP lists: =, +, -, @,
# tab, carriage return.
sed -e 's/^    name: Gemeente Teststad$/    name: =HYPERLINK("http:\/\/evil.example\/";"klik")/' \
    -e 's/^    name: Bewonersinitiatief De Buurt$/    name: "+31 Buurt"/' \
    -e 's/^    title: Meer groen in de wijk$/    title: "@SUM(1+1)"/' "$CLEAN" >"$TMP/formula.md"
"$WK" check -q "$TMP/formula.md" >"$TMP/check.out" 2>&1
expect_eq "formulas: check exits 0 (warnings)" 0 "$?"
expect_grep "formulas: check warns at the first party's name" \
  'formula\.md:12:11: warning: party name .=HYPERLINK.*\[formula-text\]$' "$TMP/check.out"
expect_grep "formulas: check warns at the second party's name" \
  'formula\.md:18:11: warning: party name .\+31 Buurt.*\[formula-text\]$' "$TMP/check.out"
expect_grep "formulas: check warns at the challenge title" \
  'formula\.md:27:12: warning: challenge title .@SUM.*\[formula-text\]$' "$TMP/check.out"
expect_status "formulas: matrix -o x.csv exits 0" 0 "$WK" matrix "$TMP/formula.md" -o "$TMP/f.csv"
expect_grep "formulas: '=' cell neutralised inside its quotes" \
  "^\"'=HYPERLINK\\(\"\"http://evil\\.example/\"\";\"\"klik\"\"\\)\";Kadersteller, Facilitator" "$TMP/f.csv"
expect_grep "formulas: '+' cell neutralised" "^\"'\\+31 Buurt\";Uitvoerder" "$TMP/f.csv"
expect_grep "formulas: '@' title neutralised" "Partij;\"'@SUM\\(1\\+1\\)\"" "$TMP/f.csv"
expect_no_grep "formulas: no cell starts as a formula" '(^|;)[=+@-]' "$TMP/f.csv"
# tab, carriage return and '-' (YAML escapes)
sed -e 's/^    name: Gemeente Teststad$/    name: "\\tGemeente"/' \
    -e 's/^    name: Bewonersinitiatief De Buurt$/    name: "\\rBuurt"/' \
    -e 's/^    title: Meer groen in de wijk$/    title: "-1+2"/' "$CLEAN" >"$TMP/formula2.md"
"$WK" check -q "$TMP/formula2.md" >"$TMP/check.out" 2>&1
expect_eq "tab, CR, '-': three formula-text warnings" 3 "$(grep -c '\[formula-text\]$' "$TMP/check.out")"
expect_status "tab, CR, '-': matrix -o x.csv exits 0" 0 "$WK" matrix "$TMP/formula2.md" -o "$TMP/f2.csv"
expect_grep "formulas: tab cell neutralised" "^\"'$(printf '\t')Gemeente\";" "$TMP/f2.csv"
expect_grep "formulas: CR cell neutralised" "^\"'$(printf '\r')Buurt\";" "$TMP/f2.csv"
expect_grep "formulas: '-' cell neutralised" "Partij;\"'-1\\+2\"" "$TMP/f2.csv"
finish
