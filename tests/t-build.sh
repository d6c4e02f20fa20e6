# t-build.sh - the `build` command: refuses on errors and writes nothing,
# --draft builds anyway (but not when the loader refused the text), never
# overwrites the input, keeps a signed document unless --force,
# reproducible bytes, output name and format rules,
# reference documents (unusable ones refused clearly, real ones from
# LibreOffice and pandoc used and still valid).
. tests/lib.sh
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
EDGE=$PWD/tests/golden/edge-cases.md
SIGNED=$PWD/tests/golden/cba-signed.md

# A contract with an error: a commitment without impact.
sed '/impact: Buren ontmoeten elkaar/d' "$EDGE" >"$TMP/broken.md"
expect_status "errors: refused" 1 "$WK" build "$TMP/broken.md" -o "$TMP/broken.odt"
expect_grep "errors: diagnostics printed" 'error: .*\[missing-impact\]' "$TMP/err"
expect_grep "errors: says nothing was written" 'nothing written' "$TMP/err"
if [ -e "$TMP/broken.odt" ]; then not_ok "errors: no file written"; else ok "errors: no file written"; fi
expect_status "errors + --draft: built" 0 "$WK" build --draft "$TMP/broken.md" -o "$TMP/broken.odt"
if [ -f "$TMP/broken.odt" ]; then
  unzip -p "$TMP/broken.odt" styles.xml >"$TMP/styles.xml"
  expect_grep "--draft: draft marking, with errors" 'text:style-name="wk_Draft">CONCEPT MET FOUTEN<' "$TMP/styles.xml"
else
  not_ok "--draft: file written"
fi
# A text the loader refuses (over a limit of load.c) is not even a draft:
# --draft then refuses too, names the position, and writes nothing; an
# existing document stays as it was.
body_line=$(awk '/^---$/ { n++; if (n == 2) { print NR + 1; exit } }' "$EDGE")
refused_case() { # NAME FILE LINE [CHECK-ID]
  rm -f "$TMP/refused/"* "$TMP/refused/".[!.]* 2>/dev/null
  expect_status "refused text ($1) + --draft: refused" 1 "$WK" build --draft "$2" -o "$TMP/refused/r.odt"
  expect_grep "refused text ($1): the loader's error" "^$2:$3:1: error: .*\[${4:-invalid-text}\]" "$TMP/err"
  expect_grep "refused text ($1): says nothing was written, with the position" "^wijkcontract: $2:$3:1: .*nothing written" "$TMP/err"
  left=$(ls -A "$TMP/refused" | tr '\n' ' ')
  expect_eq "refused text ($1): nothing written, no temporary file" "" "$left"
}
mkdir -p "$TMP/refused"
{ sed -n "1,$((body_line - 1))p" "$EDGE"; echo "Intro."; echo; printf '%0601d\n' 0 | tr 0 '|'; sed -n "$body_line,\$p" "$EDGE"; } >"$TMP/pipes.md"
refused_case "a row of 601 pipes" "$TMP/pipes.md" $((body_line + 2))
{ sed -n "1,$((body_line - 1))p" "$EDGE"; awk 'BEGIN { s = ""; for (i = 0; i < 5100; i++) s = s ">"; print s " x" }'; } >"$TMP/deep.md"
refused_case "nested 5,100 deep" "$TMP/deep.md" "$body_line"
head -c 17000000 /dev/zero | tr '\0' 'x' >"$TMP/huge.md"
refused_case "a file over 16 MiB" "$TMP/huge.md" 1 front-matter
# over an existing document: kept byte for byte
"$WK" build -q --draft "$EDGE" -o "$TMP/refused/r.odt" 2>/dev/null
cp "$TMP/refused/r.odt" "$TMP/r.prev"
expect_status "refused text over an existing document: refused" 1 "$WK" build --draft "$TMP/pipes.md" -o "$TMP/refused/r.odt"
expect_same "refused text: the existing document is kept" "$TMP/r.prev" "$TMP/refused/r.odt"
# the same text within the limit builds (the refusal is the limit's)
sed 's/^|||*$/| a | b |/' "$TMP/pipes.md" >"$TMP/pipes-ok.md"
expect_status "the same text within the limit: --draft builds" 0 "$WK" build --draft "$TMP/pipes-ok.md" -o "$TMP/refused/ok.odt"

# a final-status contract built with --draft is still marked
sed 's/^status: concept$/status: ter-ondertekening/' "$EDGE" >"$TMP/final.md"
expect_status "final status builds" 0 "$WK" build "$TMP/final.md" -o "$TMP/final.odt"
unzip -p "$TMP/final.odt" styles.xml >"$TMP/styles.xml"
expect_no_grep "final status: no draft marking" 'wk_Draft">' "$TMP/styles.xml"
expect_status "final status + --draft" 0 "$WK" build --draft "$TMP/final.md" -o "$TMP/final-draft.odt"
unzip -p "$TMP/final-draft.odt" styles.xml >"$TMP/styles.xml"
expect_grep "final status + --draft: marked" 'wk_Draft">CONCEPT<' "$TMP/styles.xml"

# Never the input.
cp "$EDGE" "$TMP/input.md"
cp "$TMP/input.md" "$TMP/input.orig"
# (-t odt -o X.md is refused for its extension already: a definition
# named without .md shows the input guard itself)
expect_status "input as output refused (.md)" 2 "$WK" build -t odt "$TMP/input.md" -o "$TMP/input.md"
expect_same "input untouched" "$TMP/input.orig" "$TMP/input.md"
cp "$EDGE" "$TMP/input.wk"
expect_status "input as output refused" 1 "$WK" build -t odt "$TMP/input.wk" -o "$TMP/input.wk"
expect_same "input untouched (no extension)" "$EDGE" "$TMP/input.wk"
mkdir -p "$TMP/sub"
expect_status "input by another path refused" 1 "$WK" build -t odt "$TMP/input.wk" -o "$TMP/sub/../input.wk"
ln -s "$TMP/input.md" "$TMP/link.odt"
expect_status "input through a symlink refused" 1 "$WK" build "$TMP/input.md" -o "$TMP/link.odt"
expect_same "input still untouched" "$TMP/input.orig" "$TMP/input.md"

# Signed documents are kept unless --force: in ODT the stage is in
# meta.xml, in DOCX in docProps/custom.xml (the guard reads only that part;
# core.xml, with the title, does not decide anything).
for fmt in odt docx; do
  expect_status "signed $fmt: first build" 0 "$WK" build "$SIGNED" -o "$TMP/signed.$fmt"
  cp "$TMP/signed.$fmt" "$TMP/signed-$fmt.orig"
  expect_status "signed $fmt: not replaced" 1 "$WK" build "$SIGNED" -o "$TMP/signed.$fmt"
  expect_grep "signed $fmt: says why" 'signed.*--force' "$TMP/err"
  expect_same "signed $fmt: file kept" "$TMP/signed-$fmt.orig" "$TMP/signed.$fmt"
  expect_status "signed $fmt: --force replaces" 0 "$WK" build --force "$SIGNED" -o "$TMP/signed.$fmt"
done
expect_status "draft target replaced without --force" 0 "$WK" build "$EDGE" -o "$TMP/broken.odt"

# Reproducible: same input and SOURCE_DATE_EPOCH, same bytes.
"$WK" build -q "$EDGE" -o "$TMP/a.odt" 2>/dev/null
sleep 1
"$WK" build -q "$EDGE" -o "$TMP/b.odt" 2>/dev/null
expect_same "ODT bytes reproducible" "$TMP/a.odt" "$TMP/b.odt"
"$WK" build -q "$EDGE" -o "$TMP/a.docx" 2>/dev/null
sleep 1
"$WK" build -q "$EDGE" -o "$TMP/b.docx" 2>/dev/null
expect_same "DOCX bytes reproducible" "$TMP/a.docx" "$TMP/b.docx"
SOURCE_DATE_EPOCH=1800000000 "$WK" build -q "$EDGE" -o "$TMP/c.odt" 2>/dev/null
if cmp -s "$TMP/a.odt" "$TMP/c.odt"; then not_ok "SOURCE_DATE_EPOCH is honoured"; else ok "SOURCE_DATE_EPOCH is honoured"; fi
leftovers=$(ls -A "$TMP" | grep -c '^\.' || true)
expect_eq "no temporary files left" 0 "$leftovers"

# Output name and format.
mkdir -p "$TMP/cwd"
(cd "$TMP/cwd" && "$WK" build -q "$EDGE" 2>/dev/null)
if [ -f "$TMP/cwd/edge-cases.odt" ]; then ok "default output NAME.odt in the current directory"; else not_ok "default output NAME.odt in the current directory"; fi
(cd "$TMP/cwd" && "$WK" build -q -t docx "$EDGE" 2>/dev/null)
if [ -f "$TMP/cwd/edge-cases.docx" ]; then ok "-t docx without -o: NAME.docx"; else not_ok "-t docx without -o: NAME.docx"; fi
expect_status "-t odt with an unknown extension" 0 "$WK" build -t odt "$EDGE" -o "$TMP/out.bin"
expect_eq "-t odt writes ODT" "application/vnd.oasis.opendocument.text" "$(unzip -p "$TMP/out.bin" mimetype 2>/dev/null)"
expect_status ".docx extension gives DOCX" 0 "$WK" build "$EDGE" -o "$TMP/x.docx"
if unzip -l "$TMP/x.docx" 2>/dev/null | grep -q 'word/document.xml'; then ok ".docx is a Word document"; else not_ok ".docx is a Word document"; fi
expect_status "unknown extension refused" 2 "$WK" build "$EDGE" -o "$TMP/out.rtf"
expect_grep "unknown extension: says how" '\.odt, \.docx or \.pdf' "$TMP/err"
if [ -e "$TMP/out.rtf" ]; then not_ok "unknown extension: nothing written"; else ok "unknown extension: nothing written"; fi
expect_status "-t conflicting with the extension" 2 "$WK" build -t docx "$EDGE" -o "$TMP/y.odt"
expect_status "unknown -t" 2 "$WK" build -t rtf "$EDGE"
expect_status "no file" 2 "$WK" build
expect_status "unknown option" 2 "$WK" build --frobnicate "$EDGE"
expect_status "missing input" 2 "$WK" build "$TMP/nonexistent.md" -o "$TMP/n.odt"

# Reference documents.
expect_status "absent reference refused" 2 "$WK" build "$EDGE" -o "$TMP/r.odt" --reference-doc "$TMP/none.odt"
expect_grep "absent reference: names it" 'none\.odt: not a usable reference document' "$TMP/err"
echo "not a document" >"$TMP/fake.odt"
expect_status "non-zip reference refused" 2 "$WK" build "$EDGE" -o "$TMP/r.odt" --reference-doc "$TMP/fake.odt"
expect_grep "non-zip reference: clear" 'fake\.odt: not a usable reference document' "$TMP/err"
python3 - "$TMP/other.odt" "$TMP/doctype.odt" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("mimetype", "application/zip")
with zipfile.ZipFile(sys.argv[2], "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
    z.writestr("styles.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">&a;</office:document-styles>')
PY
expect_status "zip that is no document refused" 2 "$WK" build "$EDGE" -o "$TMP/r.odt" --reference-doc "$TMP/other.odt"
expect_grep "zip that is no document: clear" 'other\.odt: not a usable reference document' "$TMP/err"
expect_status "reference with DOCTYPE refused" 2 "$WK" build "$EDGE" -o "$TMP/r.odt" --reference-doc "$TMP/doctype.odt"
expect_grep "reference with DOCTYPE: says so" 'doctype\.odt: .*styles\.xml: has a DOCTYPE' "$TMP/err"
if [ -e "$TMP/r.odt" ]; then not_ok "refused references: nothing written"; else ok "refused references: nothing written"; fi
if [ -d "$SHARED/tools/samples" ]; then
  for ref in libreoffice-7.4.odt pandoc-3.10.odt pandoc-2.17.odt; do
    out=$TMP/ref-$ref
    expect_status "reference $ref" 0 "$WK" build "$EDGE" -o "$out" --reference-doc "$SHARED/tools/samples/$ref"
    [ -f "$out" ] || continue
    if have_shared validate-odt; then
      expect_status "reference $ref: valid" 0 "$SHARED/tools/validate-odt" "$out"
    fi
    # the reference's named styles are taken: its paragraph, text and
    # table style names appear in the result (list, graphic and other
    # styles stay ours: odt_ref.c)
    python3 - "$SHARED/tools/samples/$ref" "$out" >"$TMP/refcheck" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
def names(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("styles.xml"))
    st = root.find(O + "styles")
    kept = ("paragraph", "text", "table", "table-column", "table-row", "table-cell")
    return {(e.get(S + "family"), e.get(S + "name")): ET.tostring(e) for e in st
            if e.tag == S + "style" and e.get(S + "family") in kept}
ref, out = names(sys.argv[1]), names(sys.argv[2])
missing = [k for k in ref if k not in out]
print("missing %d of %d" % (len(missing), len(ref)))
PY
    expect_grep "reference $ref: its styles taken" '^missing 0 of [1-9]' "$TMP/refcheck"
  done
  expect_status "docx reference for ODT refused" 2 "$WK" build "$EDGE" -o "$TMP/r.odt" --reference-doc "$SHARED/tools/samples/pandoc-3.10.docx"
else
  echo "note $T_SUITE: $SHARED/tools/samples absent: reference documents skipped"
fi
finish
