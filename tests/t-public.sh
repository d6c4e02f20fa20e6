# t-public.sh - `build --public`: the public version a municipality
# publishes under the Woo. The profile's rules decide whose name and
# function are personal data (a wethouder stays named; a chairperson, a
# civil servant, a contact person do not) and which addresses; e-mail
# addresses, phone numbers, IBANs and BSNs (checksums checked) are replaced
# in any text. No part of the package holds a redacted value; the document
# says it is the public version; verify recognises it; a profile without
# rules is refused.
. tests/lib.sh

SRC=tests/public/woo.md
# every value that must be gone, one a line
cat >"$TMP/gone" <<'V'
Aylin Demir
voorzitter bewonersvereniging
Sanne Visser
beleidsmedewerker wijkzaken
Ben Smit
contactpersoon sportclub
Horstlaan 12
aylin.demir@example.nl
06-12345678
+31 6 1234 5678
horst@example.org
NL91 ABNA 0417 1643 00
111222333
V
# values that stay: public office, organisations, a registered address,
# numbers that fail their checksum
cat >"$TMP/kept" <<'V'
P. de Boer
wethouder
Gemeente Veldhoven-Noord
Sportlaan 3, 5502 CD Veldhoven
40123456
NL91 ABNA 0417 1643 01
123456789
2026-09-01
V

# no_value_in NAME DIR: no file under DIR holds a line of $TMP/gone
no_value_in() {
  found=$(grep -rlF -f "$TMP/gone" "$2" 2>/dev/null | sed "s#^$2/##" | tr '\n' ' ')
  if [ -z "$found" ]; then ok "$1: no part holds a redacted value"
  else not_ok "$1: no part holds a redacted value" "in: $found($(grep -rhoF -f "$TMP/gone" "$2" | sort -u | tr '\n' ';'))"; fi
}

for ext in odt docx; do
  doc=$TMP/woo.$ext
  expect_status "$ext: build --public" 0 "$WK" build --public "$SRC" -o "$doc"
  rm -rf "$TMP/x-$ext" && mkdir "$TMP/x-$ext" && (cd "$TMP/x-$ext" && unzip -q "$doc")
  expect_eq "$ext: the package unzips into parts" yes "$([ -n "$(ls -A "$TMP/x-$ext")" ] && echo yes)"
  no_value_in "$ext" "$TMP/x-$ext"
  while IFS= read -r v; do
    if grep -rqF -- "$v" "$TMP/x-$ext"; then ok "$ext: keeps '$v'"; else not_ok "$ext: keeps '$v'"; fi
  done <"$TMP/kept"
  expect_eq "$ext: the mark stands in their place" yes "$(grep -rqF '5.1.2e' "$TMP/x-$ext" && echo yes)"
  expect_eq "$ext: the document says it is the public version" yes \
    "$(grep -rqF 'Openbare versie (Wet open overheid)' "$TMP/x-$ext" && echo yes)"
  if [ "$ext" = odt ]; then footer=$TMP/x-$ext/styles.xml props=$TMP/x-$ext/meta.xml
  else footer=$(ls "$TMP/x-$ext"/word/footer*.xml | tr '\n' ' ') props=$TMP/x-$ext/docProps/custom.xml; fi
  if cat $footer | grep -qF "Openbare versie"; then ok "$ext: the footer says so"; else not_ok "$ext: the footer says so"; fi
  expect_grep "$ext: a property says so" "wijkcontract-public" "$props"
  if have_shared "validate-$ext"; then
    if "$SHARED/tools/validate-$ext" --strict "$doc" >"$TMP/v" 2>&1; then ok "$ext: validates (strict)"
    else not_ok "$ext: validates (strict)" "$(head -3 "$TMP/v")"; fi
  fi
  expect_status "$ext: verify against the source: exit 0" 0 "$WK" --lang en verify "$doc" "$SRC"
  expect_grep "$ext: verify recognises the public version" \
    "^Verdict: the document is the public version generated from exactly this source" "$TMP/out"
  expect_grep "$ext: verify names how it was made" "^Made as: +contract, public version$" "$TMP/out"
  expect_status "$ext: verify alone: exit 0" 0 "$WK" --lang en verify "$doc"
  expect_status "$ext: the full version does not pass for the public one" 1 \
    "$WK" --lang en verify "$doc" tests/workflows/buurt.md
done

# the full version keeps them all, and says nothing of a public version
"$WK" build -q "$SRC" -o "$TMP/full.odt" 2>/dev/null
mkdir -p "$TMP/x-full" && (cd "$TMP/x-full" && unzip -q "$TMP/full.odt")
if grep -rqF "Aylin Demir" "$TMP/x-full" && grep -rqF "111222333" "$TMP/x-full"; then ok "the full version holds the values"
else not_ok "the full version holds the values"; fi
expect_no_grep "the full version is not marked public" "Openbare versie" "$TMP/x-full/content.xml"
expect_status "verify: the full document is not the public version" 0 "$WK" --lang en verify "$TMP/full.odt" "$SRC"
expect_no_grep "  and verify does not call it so" "public version" "$TMP/out"

# signatures: the wethouder's stays, the chairperson's and a manager's go
SIGNED=contracts/wijkcontract-ondertekend.md
expect_status "signed contract: build --public" 0 "$WK" build --public "$SIGNED" -o "$TMP/signed.docx"
mkdir -p "$TMP/x-signed" && (cd "$TMP/x-signed" && unzip -q "$TMP/signed.docx")
printf 'Henk Bos\nVerhoeven\nmanager Wonen en Wijken\n' >"$TMP/gone"
no_value_in "signed contract" "$TMP/x-signed"
if grep -rqF "de Wit" "$TMP/x-signed"; then ok "signed contract: the wethouder stays named"
else not_ok "signed contract: the wethouder stays named"; fi

# a profile without public-version rules
mkdir -p "$TMP/none"
expect_status "a profile without rules: refused (exit 1)" 1 "$WK" build --public contracts/cba-riverside.md -o "$TMP/none/x.odt"
expect_grep "  with a message" "has no rules for a public version" "$TMP/err"
expect_eq "  nothing written" "" "$(ls -A "$TMP/none")"

# many at a time
expect_status "build -d --public: exit 0" 0 "$WK" build --public "$SRC" "$SIGNED" -d "$TMP/batch"
printf 'Aylin Demir\nHenk Bos\n' >"$TMP/gone"
mkdir -p "$TMP/x-batch" && for f in "$TMP"/batch/*.odt; do (cd "$TMP/x-batch" && unzip -qo "$f"); done
no_value_in "batch" "$TMP/x-batch"

# the PDF of the public version
if have_tool soffice "the public PDF" && have_tool pdftotext "the public PDF"; then
  expect_status "pdf: build --public -t pdf" 0 "$WK" build --public "$SRC" -o "$TMP/woo.pdf"
  pdftotext "$TMP/woo.pdf" "$TMP/pdf.txt"
  pdfinfo -meta "$TMP/woo.pdf" >"$TMP/pdf.meta"
  printf 'Aylin Demir\nSanne Visser\nHorstlaan 12\naylin.demir@example.nl\n06-12345678\n111222333\nBen Smit\n' >"$TMP/gone"
  mkdir -p "$TMP/x-pdf" && cp "$TMP/pdf.txt" "$TMP/pdf.meta" "$TMP/x-pdf/"
  no_value_in "pdf (text and metadata)" "$TMP/x-pdf"
  expect_grep "pdf: says it is the public version" "Openbare versie" "$TMP/pdf.txt"
  expect_grep "pdf: the wethouder stays" "P. de Boer" "$TMP/pdf.txt"
fi

finish
