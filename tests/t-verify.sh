# t-verify.sh - `verify`: the properties stored in a generated document,
# and whether it was generated from exactly a given source.
. tests/lib.sh

IN=tests/workflows/buurt.md
cp "$IN" "$TMP/src.md"

expect_status "build odt" 0 "$WK" build "$TMP/src.md" -o "$TMP/doc.odt"
expect_status "build docx" 0 "$WK" build "$TMP/src.md" -o "$TMP/doc.docx"
fp=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read().replace(b"\r\n", b"\n")).hexdigest())' "$TMP/src.md")

for f in doc.odt doc.docx; do
  expect_status "$f: verify alone: exit 0" 0 "$WK" --lang en verify "$TMP/$f"
  expect_grep "$f: prints the fingerprint" "^Fingerprint: +$fp\$" "$TMP/out"
  expect_grep "$f: prints the version" '^Version: +1\.2$' "$TMP/out"
  expect_grep "$f: prints the status" '^Status: +concept$' "$TMP/out"
  expect_grep "$f: prints the generator" '^Generator: +wijkcontract [0-9]' "$TMP/out"
  expect_grep "$f: prints the title" '^Title: +Wijkcontract De Horst$' "$TMP/out"

  expect_status "$f: against its source: exit 0" 0 "$WK" --lang en verify "$TMP/$f" "$TMP/src.md"
  expect_grep "$f: says it matches" 'generated from exactly this source' "$TMP/out"

  # the same source with CRLF line ends has the same fingerprint
  sed 's/$/\r/' "$TMP/src.md" >"$TMP/crlf.md"
  expect_status "$f: CRLF copy of the source: exit 0" 0 "$WK" verify "$TMP/$f" "$TMP/crlf.md"

  # a changed source: the fingerprint and the version differ
  sed 's/^version: "1.2"$/version: "1.3"/' "$TMP/src.md" >"$TMP/changed.md"
  expect_status "$f: modified source: exit 1" 1 "$WK" --lang en verify "$TMP/$f" "$TMP/changed.md"
  expect_grep "$f: names the fingerprint" 'NOT generated from this source' "$TMP/out"
  expect_grep "$f: the fingerprint differs" 'fingerprint differs' "$TMP/out"
  expect_grep "$f: the version differs" 'version: document 1\.2, source 1\.3' "$TMP/out"
  # one byte of the body changed: only the fingerprint
  printf '\nEen extra zin.\n' | cat "$TMP/src.md" - >"$TMP/body.md"
  expect_status "$f: body changed: exit 1" 1 "$WK" --lang en verify "$TMP/$f" "$TMP/body.md"
  expect_no_grep "$f: body changed: version not blamed" 'version: document' "$TMP/out"
done

# status of a signed contract is read back (build's refusal relies on it)
if [ -f contracts/wijkcontract-ondertekend.md ]; then
  if "$WK" build contracts/wijkcontract-ondertekend.md -o "$TMP/signed.docx" >/dev/null 2>&1; then
    expect_status "signed: verify" 0 "$WK" --lang en verify "$TMP/signed.docx" contracts/wijkcontract-ondertekend.md
    expect_grep "signed: stage" '^Stage: +signed$' "$TMP/out"
  fi
fi

# documents wijkcontract did not make
if [ -f "$SHARED/tools/samples/pandoc-3.10.docx" ]; then
  expect_status "pandoc docx: exit 1" 1 "$WK" --lang en verify "$SHARED/tools/samples/pandoc-3.10.docx"
  expect_grep "pandoc docx: clear message" 'was not made by wijkcontract' "$TMP/err"
fi
# an ODT without our properties: a minimal package made here
mkdir -p "$TMP/odt"
printf 'application/vnd.oasis.opendocument.text' >"$TMP/odt/mimetype"
cat >"$TMP/odt/meta.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta><dc:title>Iets anders</dc:title><meta:user-defined meta:name="other">x</meta:user-defined></office:meta></office:document-meta>
EOF
printf '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' >"$TMP/odt/content.xml"
if have_tool zip "the foreign-document checks"; then
  (cd "$TMP/odt" && zip -q -X -0 ../foreign.odt mimetype && zip -q -X ../foreign.odt meta.xml content.xml)
  expect_status "foreign odt: exit 1" 1 "$WK" --lang en verify "$TMP/foreign.odt"
  expect_grep "foreign odt: clear message" 'was not made by wijkcontract' "$TMP/err"
  # a DOCTYPE in meta.xml is refused, not parsed
  sed 's/^<?xml version="1.0" encoding="UTF-8"?>$/&<!DOCTYPE x [<!ENTITY e "boom">]>/' "$TMP/odt/meta.xml" >"$TMP/m2" && mv "$TMP/m2" "$TMP/odt/meta.xml"
  rm -f "$TMP/doctype.odt"
  (cd "$TMP/odt" && zip -q -X -0 ../doctype.odt mimetype && zip -q -X ../doctype.odt meta.xml content.xml)
  expect_status "DOCTYPE in meta.xml: exit 2" 2 "$WK" --lang en verify "$TMP/doctype.odt"
  expect_grep "DOCTYPE in meta.xml: says so" 'DOCTYPE' "$TMP/err"
  # a zip that is no document
  (cd "$TMP" && zip -q -X plain.zip src.md)
  expect_status "plain zip: exit 2" 2 "$WK" --lang en verify "$TMP/plain.zip"
  expect_grep "plain zip: clear message" 'not an ODT or DOCX document' "$TMP/err"
fi

# not a zip at all, and no file
expect_status "non-zip: exit 2" 2 "$WK" --lang en verify "$TMP/src.md"
expect_grep "non-zip: clear message" 'not an ODT or DOCX document' "$TMP/err"
expect_status "absent: exit 2" 2 "$WK" verify "$TMP/absent.odt"
expect_status "unreadable source: exit 2" 2 "$WK" verify "$TMP/doc.odt" "$TMP/absent.md"
expect_status "no argument: usage error" 2 "$WK" verify

finish
