# t-docx.sh - DOCX output. Every example contract and golden input builds;
# the result is valid ECMA-376 without extension markup (validate-docx
# --strict), passes the structural checks of the known-failure list
# (tests/docx_check.py, itself proven on deliberately broken copies), reads
# back with pandoc showing every party, challenge, commitment and body
# paragraph, and renders in LibreOffice with the footer's page fields
# filled in. Reference documents from LibreOffice and pandoc restyle it and
# stay valid; unusable ones are refused by name. The golden inputs match
# tests/golden/docx/ part by part (regenerate with
# tests/golden/docx/regen.sh).
. tests/lib.sh

CHK=tests/docx_check.py
SAMPLES=$SHARED/tools/samples
DEMO=contracts/wijkcontract-klaverveld.md
[ -f "$DEMO" ] || DEMO=$(ls contracts/*.md | head -n 1)


# struct NAME FILE...: docx_check.py finds no structural problem
struct() {
  s_what=$1
  shift
  if python3 "$CHK" struct "$@" >"$TMP/struct" 2>&1; then ok "$s_what: structure"; else
    not_ok "$s_what: structure" "$(head -5 "$TMP/struct")"
  fi
}

# validate NAME FILE [--strict]
validate() {
  [ -z "${WK_SKIP_VALIDATE:-}" ] || return 0 # t-asan: the plain run validates these bytes
  have_shared validate-docx || return 0
  if "$SHARED/tools/validate-docx" ${3:-} "$2" >"$TMP/val" 2>&1; then ok "$1: validate-docx ${3:-}"; else
    not_ok "$1: validate-docx ${3:-}" "$(head -5 "$TMP/val")"
  fi
}

# ---- the structural oracle catches each known defect ----
if [ -f "$DEMO" ] && "$WK" build "$DEMO" -o "$TMP/demo.docx" >/dev/null 2>&1; then
  for m in $(python3 "$CHK" mutations); do
    python3 "$CHK" mutate "$m" "$TMP/demo.docx" "$TMP/broken.docx"
    if python3 "$CHK" struct "$TMP/broken.docx" >/dev/null 2>&1; then
      not_ok "docx_check.py notices $m"
    else
      ok "docx_check.py notices $m"
    fi
  done
else
  not_ok "demo contract builds to DOCX" "$DEMO"
fi

# ---- two tables one after the other in the body ----
# (a blank line between two GFM tables): Word and LibreOffice would show
# tables that touch as one, so a thin paragraph parts them; the ODT gets
# the same line
if [ -f "$DEMO" ]; then
  awk 'BEGIN { done = 0 } /^---$/ { n++ } { print } n == 2 && !done {
         print ""; print "# Tabellen"; print ""
         print "| a | b |"; print "|---|---|"; print "| 1 | 2 |"; print ""
         print "| c | d |"; print "|---|---|"; print "| 3 | 4 |"; print ""; done = 1 }' "$DEMO" >"$TMP/twotables.md"
  expect_status "two tables: build" 0 "$WK" build --draft "$TMP/twotables.md" -o "$TMP/twotables.docx"
  struct "two tables" "$TMP/twotables.docx"
  expect_status "two tables: ODT build" 0 "$WK" build --draft "$TMP/twotables.md" -o "$TMP/twotables.odt"
  if unzip -p "$TMP/twotables.odt" content.xml | grep -q '</table:table><table:table '; then
    not_ok "two tables: a line parts them in the ODT too"
  else ok "two tables: a line parts them in the ODT too"; fi
fi

# ---- every example contract and golden input ----
for src in contracts/*.md tests/golden/*.md; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .md)
  out="$TMP/$name.docx"
  expect_status "$name: build" 0 "$WK" build "$src" -o "$out"
  [ -s "$out" ] || continue
  validate "$name" "$out" --strict
  struct "$name" "$out"
  if have_tool pandoc "reading the documents back"; then
    # plain text without ~~strikeout~~ marks; long lines keep table cells whole
    pandoc -f docx -t plain-strikeout --columns=10000 "$out" >"$TMP/$name.txt" 2>"$TMP/pandoc.err"
    if python3 "$CHK" contains "$src" "$TMP/$name.txt" >"$TMP/missing" 2>&1; then
      ok "$name: pandoc reads every party, challenge, commitment, paragraph"
    else
      not_ok "$name: pandoc reads every party, challenge, commitment, paragraph" "$(head -5 "$TMP/missing")"
    fi
  fi
done

# Widows and orphans controlled as in the ODT (fo:widows/fo:orphans 2 in Standard).
if [ -s "$TMP/edge-cases.docx" ]; then
  unzip -p "$TMP/edge-cases.docx" word/styles.xml | tr -d '\n' >"$TMP/defaults.xml"
  expect_grep "widow and orphan control by default" '<w:pPrDefault> *<w:pPr> *<w:widowControl/>' "$TMP/defaults.xml"
fi

# ---- LibreOffice renders each contract; the footer's fields work ----
if [ -n "${WK_SKIP_RENDER:-}" ]; then
  echo "note $T_SUITE: rendering skipped (WK_SKIP_RENDER)"
elif have_shared render-pdf && have_tool soffice "the rendering checks" &&
  have_tool pdftotext "the rendering checks" && have_tool pdfinfo "the rendering checks"; then
  for src in contracts/*.md; do
    name=$(basename "$src" .md)
    [ -s "$TMP/$name.docx" ] || continue
    fp=$(unzip -p "$TMP/$name.docx" docProps/custom.xml | grep -o '[0-9a-f]\{64\}')
    render_checks "$name" "$TMP/$name.docx" "$src" "$fp"
  done
fi

# ---- drafts are marked on every page ----
"$WK" build "$DEMO" --draft -o "$TMP/draft.docx" >/dev/null 2>&1
unzip -p "$TMP/draft.docx" word/header1.xml >"$TMP/header.xml" 2>/dev/null
expect_grep "draft: header carries the draft marking" "CONCEPT|DRAFT" "$TMP/header.xml"
unzip -p "$TMP/draft.docx" word/document.xml >"$TMP/doc.xml"
expect_grep "draft: the section refers to the header" "<w:headerReference w:type=\"default\"" "$TMP/doc.xml"

# ---- reference documents ----
for ref in libreoffice-7.4 pandoc-2.17 pandoc-3.10; do
  [ -f "$SAMPLES/$ref.docx" ] || continue
  out="$TMP/ref-$ref.docx"
  expect_status "reference $ref: build" 0 "$WK" build "$DEMO" -o "$out" --reference-doc "$SAMPLES/$ref.docx"
  [ -s "$out" ] || continue
  validate "reference $ref" "$out"
  struct "reference $ref" "$out"
  unzip -p "$out" word/styles.xml >"$TMP/styles.xml"
  expect_no_grep "reference $ref: no outline numbering on styles" "<w:numPr" "$TMP/styles.xml"
  expect_grep "reference $ref: our styles completed" 'w:styleId="SignatureLine"' "$TMP/styles.xml"
done
if [ -f "$SAMPLES/pandoc-3.10.docx" ]; then
  expect_grep "reference pandoc-3.10: its own styles are taken" 'w:styleId="FirstParagraph"' "$TMP/styles.xml"
  unzip -l "$TMP/ref-pandoc-3.10.docx" >"$TMP/list"
  expect_grep "reference pandoc-3.10: its theme comes along" "word/theme/theme1.xml" "$TMP/list"
fi
printf 'not a zip' >"$TMP/fake.docx"
expect_status "reference: not a zip is refused" 2 "$WK" build "$DEMO" -o "$TMP/x.docx" --reference-doc "$TMP/fake.docx"
expect_grep "reference: the message names the file" "fake.docx" "$TMP/err"
(cd "$TMP" && mkdir -p nostyles/word && printf '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' >"nostyles/[Content_Types].xml" &&
  printf '<x/>' >nostyles/word/document.xml && cd nostyles && zip -q -r ../nostyles.docx .)
expect_status "reference: a .docx without styles is refused" 2 "$WK" build "$DEMO" -o "$TMP/x.docx" --reference-doc "$TMP/nostyles.docx"
expect_grep "reference: the message names the file and the part" "nostyles.docx.*styles.xml" "$TMP/err"
if [ -f "$SAMPLES/pandoc-3.10.odt" ]; then
  expect_status "reference: an .odt cannot style a .docx" 2 "$WK" build "$DEMO" -o "$TMP/x.docx" --reference-doc "$SAMPLES/pandoc-3.10.odt"
  expect_grep "reference: the .odt is named" "pandoc-3.10.odt" "$TMP/err"
fi
[ -e "$TMP/x.docx" ] && not_ok "reference: nothing written on refusal" || ok "reference: nothing written on refusal"

# ---- the check inputs, built as drafts: none may break the structure ----
set --
for src in tests/check/*.md; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .md)
  "$WK" build "$src" --draft -o "$TMP/check-$name.docx" >/dev/null 2>&1 && set -- "$@" "$TMP/check-$name.docx"
done
[ $# -gt 0 ] && struct "tests/check inputs as drafts ($# documents)" "$@"

# ---- golden parts ----
for src in tests/golden/*.md; do
  name=$(basename "$src" .md)
  gold=tests/golden/docx/$name
  if [ ! -d "$gold" ]; then
    not_ok "golden $name" "$gold missing: run tests/golden/docx/regen.sh"
    continue
  fi
  if ! sh tests/golden/docx/unpack.sh "$WK" "$src" "$TMP/golden-$name" 2>"$TMP/unpack.err"; then
    not_ok "golden $name: unpack" "$(head -3 "$TMP/unpack.err")"
    continue
  fi
  expect_same "golden $name: part list" "$gold/PARTS" "$TMP/golden-$name/PARTS"
  while IFS= read -r part; do
    expect_same "golden $name: $part" "$gold/$part" "$TMP/golden-$name/$part"
  done <"$gold/PARTS"
done

# ---- reproducible: equal input, equal bytes ----
SOURCE_DATE_EPOCH=1700000000 "$WK" build "$DEMO" -o "$TMP/r1.docx" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1700000000 "$WK" build "$DEMO" -o "$TMP/r2.docx" >/dev/null 2>&1
expect_same "same input, same bytes" "$TMP/r1.docx" "$TMP/r2.docx"

finish
