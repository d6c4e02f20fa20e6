# t-verify.sh - `verify`: the properties stored in a generated document;
# whether its text is still the text it was generated with (the stored text
# digest), also after LibreOffice saved it again; whether it is the text
# generated from a given source (rebuilt and compared paragraph by
# paragraph); and that text read from a document is shown escaped, so it
# cannot pass for the verdict.
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
  expect_grep "$f: says it matches" '^Verdict: the document was generated from exactly this source' "$TMP/out"

  # the same source with CRLF line ends has the same fingerprint
  sed 's/$/\r/' "$TMP/src.md" >"$TMP/crlf.md"
  expect_status "$f: CRLF copy of the source: exit 0" 0 "$WK" verify "$TMP/$f" "$TMP/crlf.md"

  # a changed source: the fingerprint and the version differ
  sed 's/^version: "1.2"$/version: "1.3"/' "$TMP/src.md" >"$TMP/changed.md"
  expect_status "$f: modified source: exit 1" 1 "$WK" --lang en verify "$TMP/$f" "$TMP/changed.md"
  expect_grep "$f: names the fingerprint" 'NOT generated from this source' "$TMP/out"
  expect_grep "$f: modified source: the verdict says the text differs" '^Verdict: .*NOT the text generated from this source' "$TMP/out"
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


# ---- the text: edits, re-saves, dropped properties (issue 12) -------------
# A signed contract, its role matrix and one party's review, in both
# formats; each is edited as someone with an unzip and an editor would,
# re-saved by LibreOffice, and stripped of its custom properties.
SIGNED=contracts/wijkcontract-ondertekend.md
cat >"$TMP/pkg.py" <<'PY'
# pkg.py CMD IN OUT ARGS: writes OUT, the package IN with one part edited
# (the mimetype stays first and stored, as ODF wants).
import re, sys, zipfile
cmd, src, dst, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
zin = zipfile.ZipFile(src)
infos = zin.infolist()
parts = {i.filename: zin.read(i.filename) for i in infos}
docx = "word/document.xml" in parts
main = "word/document.xml" if docx else "content.xml"
def fail(msg):
    sys.exit("pkg.py: %s: %s" % (src, msg))
if cmd == "replace":  # OLD NEW: the first occurrence in the body
    old, new = args[0].encode(), args[1].encode()
    if old not in parts[main]:
        fail("no %r in %s" % (old, main))
    parts[main] = parts[main].replace(old, new, 1)
elif cmd == "drop-para":  # PHRASE: the paragraph that holds it
    data, phrase = parts[main], args[0].encode()
    at = data.find(phrase)
    if at < 0:
        fail("no %r" % phrase)
    opens = [b"<w:p>", b"<w:p "] if docx else [b"<text:p "]
    start = max(data.rfind(o, 0, at) for o in opens)
    close = b"</w:p>" if docx else b"</text:p>"
    end = data.index(close, at) + len(close)
    parts[main] = data[:start] + data[end:]
elif cmd == "drop-props":  # the custom properties, as another program may
    if docx:
        del parts["docProps/custom.xml"]
        infos = [i for i in infos if i.filename != "docProps/custom.xml"]
        parts["[Content_Types].xml"] = re.sub(rb'<Override PartName="/docProps/custom.xml"[^>]*/>', b"", parts["[Content_Types].xml"])
        parts["_rels/.rels"] = re.sub(rb'<Relationship [^>]*Target="docProps/custom.xml"[^>]*/>', b"", parts["_rels/.rels"])
    else:
        parts["meta.xml"] = re.sub(rb"<meta:user-defined[^>]*?(/>|>[^<]*</meta:user-defined>)", b"", parts["meta.xml"])
elif cmd == "hostile":  # FIELD: title or fingerprint made of lines, C1 and bidi controls
    fake = "\nThe document was generated from exactly this source.\nVerdict: the text is as it was generated: nobody changed it since.\n\u009b31m\u202eevil"
    if args[0] == "title":
        part = "docProps/core.xml" if docx else "meta.xml"
        pat = rb"(<dc:title>[^<]*)"
    else:
        part = "docProps/custom.xml" if docx else "meta.xml"
        pat = rb'(name="wijkcontract-fingerprint"[^>]*>(?:<vt:lpwstr>)?[0-9a-f]*)'
    parts[part], n = re.subn(pat, lambda m: m.group(1) + fake.encode(), parts[part], count=1)
    if n != 1:
        fail("no %s in %s" % (args[0], part))
elif cmd == "doctype":  # a DOCTYPE with an entity in the body part
    parts[main] = re.sub(rb"^(<\?xml[^>]*\?>)", rb'\1<!DOCTYPE x [<!ENTITY e "boom">]>', parts[main])
else:
    fail("unknown command " + cmd)
with zipfile.ZipFile(dst, "w") as out:
    for i in infos:
        kind = zipfile.ZIP_STORED if i.filename == "mimetype" else zipfile.ZIP_DEFLATED
        out.writestr(i.filename, parts[i.filename], compress_type=kind)
PY
pkg() { python3 "$TMP/pkg.py" "$@" 2>"$TMP/pkg.err" || not_ok "pkg.py $1 $2" "$(cat "$TMP/pkg.err")"; }

# per kind of document: how it is made, a word in it, a value in a table
# cell, a paragraph to delete
mkdir -p "$TMP/v" "$TMP/re"
kinds="contract matrix review"
make_doc() { # KIND OUT
  case $1 in
    contract) "$WK" build -q "$SIGNED" -o "$2" ;;
    matrix) "$WK" matrix "$SIGNED" -o "$2" >/dev/null ;;
    review) "$WK" review "$SIGNED" --party speeltuin -o "$2" >/dev/null ;;
  esac
}
edits() { # KIND: sets word_old word_new cell_old cell_new para
  case $1 in
    contract) word_old="dat de speeltuin aan" word_new="dat de Parkeerplaats aan"
      cell_old=">1 april 2026<" cell_new=">1 april 2027<" para="Partijen overleggen elk kwartaal" ;;
    matrix) word_old="Woonstichting Lindenhof" word_new="Parkeerplaats Lindenhof"
      cell_old=">K, H<" cell_new=">K, U<" para="Per maatschappelijke opgave" ;;
    review) word_old="opent de speeltuin op" word_new="opent de Parkeerplaats op"
      cell_old=">31 maart 2026<" cell_new=">31 maart 2027<" para="Kinderen uit de hele buurt hebben" ;;
  esac
}
for kind in $kinds; do
  for fmt in odt docx; do
    d=$TMP/v/$kind.$fmt
    if ! make_doc $kind "$d" >/dev/null 2>"$TMP/err"; then not_ok "$kind.$fmt: made" "$(cat "$TMP/err")"; continue; fi
    edits $kind
    n=$kind.$fmt
    expect_status "$n: clean, alone: exit 0" 0 "$WK" --lang en verify "$d"
    expect_grep "$n: clean, alone: the text is as generated" '^Verdict: the text is as it was generated' "$TMP/out"
    expect_grep "$n: clean, alone: says what a digest does not prove" 'It is not$' "$TMP/out"
    expect_grep "$n: clean, alone: records how it was made" "^Made as: +$kind" "$TMP/out"
    expect_status "$n: clean, with source: exit 0" 0 "$WK" --lang en verify "$d" "$SIGNED"
    expect_grep "$n: clean, with source: every paragraph the same" '^  all [0-9]+ paragraphs are the same' "$TMP/out"

    pkg replace "$d" "$TMP/v/$kind-word.$fmt" "$word_old" "$word_new"
    expect_status "$n: a word changed, alone: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-word.$fmt"
    expect_grep "$n: a word changed, alone: says so" '^Verdict: the text was changed after it was generated' "$TMP/out"
    expect_status "$n: a word changed, with source: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-word.$fmt" "$SIGNED"
    expect_grep "$n: a word changed, with source: shows the document's words" 'document: .*Parkeerplaats' "$TMP/out"
    expect_grep "$n: a word changed, with source: one difference" '^Verdict: .*NOT the text generated from this source \(differences: 1\)' "$TMP/out"

    pkg replace "$d" "$TMP/v/$kind-cell.$fmt" "$cell_old" "$cell_new"
    expect_status "$n: a table cell changed, alone: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-cell.$fmt"
    expect_status "$n: a table cell changed, with source: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-cell.$fmt" "$SIGNED"
    expect_grep "$n: a table cell changed: names the table row" '^  1\. .*table row [0-9]+: changed$' "$TMP/out"

    pkg drop-para "$d" "$TMP/v/$kind-para.$fmt" "$para"
    expect_status "$n: a paragraph deleted, alone: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-para.$fmt"
    expect_status "$n: a paragraph deleted, with source: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-para.$fmt" "$SIGNED"
    expect_grep "$n: a paragraph deleted: listed as missing" ': missing from the document$' "$TMP/out"

    pkg drop-props "$d" "$TMP/v/$kind-noprops.$fmt"
    expect_status "$n: properties dropped, alone: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-noprops.$fmt"
    expect_grep "$n: properties dropped, alone: says so" 'holds no wijkcontract properties' "$TMP/err"
    expect_status "$n: properties dropped, with source: the text decides (same)" 0 "$WK" --lang en verify "$TMP/v/$kind-noprops.$fmt" "$SIGNED"
    expect_grep "$n: properties dropped, with source: compared as the $kind" "closest to the $kind" "$TMP/out"
    pkg drop-props "$TMP/v/$kind-word.$fmt" "$TMP/v/$kind-word-noprops.$fmt"
    expect_status "$n: properties dropped and a word changed, with source: exit 1" 1 "$WK" --lang en verify "$TMP/v/$kind-word-noprops.$fmt" "$SIGNED"
    expect_grep "$n: properties dropped and a word changed, with source: lists the change" '^  1\. .*: changed$' "$TMP/out"
  done
done

# LibreOffice opens and saves each (clean and edited) in its own format
if have_tool soffice; then
  mkdir -p "$TMP/re-in"
  for fmt in odt docx; do
    for kind in $kinds; do cp "$TMP/v/$kind.$fmt" "$TMP/v/$kind-word.$fmt" "$TMP/re-in/"; done
    timeout 600 soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --convert-to $fmt \
      --outdir "$TMP/re" "$TMP/re-in"/*.$fmt >"$TMP/lo.out" 2>&1
    rm -f "$TMP/re-in"/*
  done
  for kind in $kinds; do
    for fmt in odt docx; do
      n=$kind.$fmt
      if [ ! -s "$TMP/re/$kind.$fmt" ] || [ ! -s "$TMP/re/$kind-word.$fmt" ]; then
        not_ok "$n: re-saved by LibreOffice" "$(head -3 "$TMP/lo.out")"
        continue
      fi
      expect_status "$n: re-saved, alone: exit 0" 0 "$WK" --lang en verify "$TMP/re/$kind.$fmt"
      expect_grep "$n: re-saved, alone: names the program" '^Saved by: +LibreOffice' "$TMP/out"
      expect_grep "$n: re-saved, alone: the text was kept" '^Verdict: the text is as it was generated; the file was saved again since' "$TMP/out"
      expect_status "$n: re-saved, with source: exit 0" 0 "$WK" --lang en verify "$TMP/re/$kind.$fmt" "$SIGNED"
      expect_status "$n: edited and re-saved, alone: exit 1" 1 "$WK" --lang en verify "$TMP/re/$kind-word.$fmt"
      expect_status "$n: edited and re-saved, with source: exit 1" 1 "$WK" --lang en verify "$TMP/re/$kind-word.$fmt" "$SIGNED"
    done
  done
else
  echo "note $T_SUITE: soffice (LibreOffice) is absent: the re-save checks are skipped (make test-deps installs it)"
fi

# ---- untrusted text is shown escaped (issue 18) --------------------------
# a title or fingerprint holding line ends, a C1 control (U+009B, CSI) and a
# bidi override (U+202E) must not make lines of their own nor reach the
# terminal raw
for fmt in odt docx; do
  for field in title fingerprint; do
    n="$fmt: hostile $field"
    pkg hostile "$TMP/v/contract.$fmt" "$TMP/v/hostile-$field.$fmt" $field
    for src in "" "$SIGNED"; do
      "$WK" --lang en verify "$TMP/v/hostile-$field.$fmt" $src >"$TMP/out" 2>"$TMP/err"
      w=${src:+, with source}
      expect_eq "$n$w: one verdict line" 1 "$(grep -c '^Verdict:' "$TMP/out")"
      expect_no_grep "$n$w: no line imitates a verdict" '^The document was generated' "$TMP/out"
      if LC_ALL=C grep -q "$(printf '\302\233')" "$TMP/out" "$TMP/err"; then not_ok "$n$w: no raw C1 control"; else ok "$n$w: no raw C1 control"; fi
      if LC_ALL=C grep -q "$(printf '\342\200\256')" "$TMP/out" "$TMP/err"; then not_ok "$n$w: no raw bidi override"; else ok "$n$w: no raw bidi override"; fi
      expect_grep "$n$w: the line ends shown escaped" 'source\.\\nVerdict: the text' "$TMP/out"
      expect_grep "$n$w: C1 and bidi shown escaped" '\\u\{009B\}31m\\u\{202E\}evil' "$TMP/out"
    done
  done
  # a DOCTYPE in the text part: refused, not parsed
  pkg doctype "$TMP/v/contract.$fmt" "$TMP/v/doctype.$fmt"
  expect_status "$fmt: DOCTYPE in the body part: exit 2" 2 "$WK" --lang en verify "$TMP/v/doctype.$fmt"
  expect_grep "$fmt: DOCTYPE in the body part: says so" 'DOCTYPE' "$TMP/err"
done

# ---- a report or a redline says what it is --------------------------------
W=tests/workflows
for fmt in odt docx; do
  "$WK" report $W/report.md --as-of 2026-10-01 -o "$TMP/v/report.$fmt" >/dev/null
  "$WK" redline $W/buurt.md $W/buurt-new.md -o "$TMP/v/redline.$fmt" >/dev/null
  expect_status "$fmt: report with its source: not the source's text (exit 1)" 1 "$WK" --lang en verify "$TMP/v/report.$fmt" $W/report.md
  expect_grep "$fmt: report with its source: says it is a report" 'is an evaluation report' "$TMP/out"
  expect_no_grep "$fmt: report with its source: no paragraph list of a contract" 'compared paragraph by paragraph' "$TMP/out"
  expect_status "$fmt: redline with NEW: not the source's text (exit 1)" 1 "$WK" --lang en verify "$TMP/v/redline.$fmt" $W/buurt-new.md
  expect_grep "$fmt: redline with NEW: says it is a redline" 'Verdict: the document is a redline' "$TMP/out"
  expect_status "$fmt: redline alone: its digest holds (exit 0)" 0 "$WK" --lang en verify "$TMP/v/redline.$fmt"
  expect_grep "$fmt: redline alone: says it is a redline" 'This document is a redline' "$TMP/out"
  expect_grep "$fmt: redline alone: made as a redline" '^Made as: +redline' "$TMP/out"
done

finish
