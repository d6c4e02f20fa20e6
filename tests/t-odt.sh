# t-odt.sh - the ODT writer: every example contract and the inputs under
# tests/golden/ build, pass the OpenDocument schema (strict), render to PDF,
# show every party, challenge, commitment and body paragraph (read back with
# pandoc, compared with what tests/odt_check.py extracts from the source),
# avoid the known structural failures, stay shallow for absurdly deep
# Markdown, and match the golden parts (tests/golden/odt/, see regen.sh).
. tests/lib.sh
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

texts=1
if ! have_tool pandoc "the text read-back"; then
  texts=0
elif ! python3 -c 'import yaml' 2>/dev/null; then
  echo "note $T_SUITE: python3-yaml is not installed (make test installs it): the text read-back skipped"
  texts=0
fi
validate=0
[ -z "${WK_SKIP_VALIDATE:-}" ] && have_shared validate-odt && validate=1
render=0  # WK_SKIP_RENDER=1 skips the (slow) PDF rendering
[ -z "${WK_SKIP_RENDER:-}" ] && have_shared render-pdf && have_tool soffice "the rendering checks" &&
  have_tool pdftotext "the rendering checks" && have_tool pdfinfo "the rendering checks" && render=1

for src in contracts/*.md tests/golden/*.md; do
  [ -f "$src" ] || continue
  nm=$(basename "$src" .md)
  out=$TMP/$nm.odt
  expect_status "build $nm" 0 "$WK" build "$src" -o "$out"
  [ -f "$out" ] || continue
  if [ "$validate" = 1 ]; then
    if "$SHARED/tools/validate-odt" --strict "$out" >"$TMP/v.out" 2>&1; then ok "valid $nm"
    else not_ok "valid $nm" "$(head -5 "$TMP/v.out")"; fi
  fi
  if python3 tests/odt_check.py struct "$out" >"$TMP/s.out" 2>&1; then ok "structure $nm"
  else not_ok "structure $nm" "$(head -5 "$TMP/s.out")"; fi
  if [ "$texts" = 1 ]; then
    pandoc -f odt -t plain-strikeout --wrap=none "$out" >"$TMP/$nm.txt" 2>/dev/null
    if python3 tests/odt_check.py contains "$src" "$TMP/$nm.txt" >"$TMP/c.out" 2>&1; then ok "texts $nm"
    else not_ok "texts $nm" "$(head -5 "$TMP/c.out")"; fi
  fi
  if [ "$render" = 1 ]; then
    fp=$(unzip -p "$out" meta.xml | sed -n 's/.*wijkcontract-fingerprint[^>]*>\([0-9a-f]\{64\}\).*/\1/p')
    render_checks "$nm" "$out" "$src" "$fp"
  fi
done

# Specific constructs of tests/golden/edge-cases.md.
e=$TMP/edge-cases.odt
if [ -f "$e" ]; then
  unzip -p "$e" content.xml >"$TMP/content.xml"
  unzip -p "$e" styles.xml | tr -d '\n' >"$TMP/styles.xml"
  expect_grep "leading and trailing spaces kept" '<text:p text:style-name="Subtitle"><text:s/>De Buurt<text:s/></text:p>' "$TMP/content.xml"
  expect_grep "abbreviation label kept in a sentence" ', KvK-nummer 12345678, adres Markt 1' "$TMP/content.xml"
  expect_grep "double space kept" 'Proefcontract<text:s text:c="2"/>Randgevallen' "$TMP/content.xml"
  expect_grep "article number as text" '>Artikel 1<text:tab/>Doel</text:h>' "$TMP/content.xml"
  expect_grep "sub-article number" '>1.1<text:tab/>Lijsten</text:h>' "$TMP/content.xml"
  expect_grep "outline numbering off" '<text:outline-style style:name="Outline"> *<text:outline-level-style text:level="1" style:num-format="">' "$TMP/styles.xml"
  expect_grep "ordered list keeps its start" '<text:list-item text:start-value="3">' "$TMP/content.xml"
  expect_grep "second list restarts" 'Tussentekst.</text:p><text:list text:style-name="wk_Number"><text:list-item text:start-value="1">' "$TMP/content.xml"
  expect_grep "footnote is a real note" '<text:note text:id="wkfn1" text:note-class="footnote">' "$TMP/content.xml"
  expect_grep "second reference to a note" '<text:span text:style-name="Footnote_20_anchor"><text:note-ref text:note-class="footnote" text:reference-format="text" text:ref-name="wkfn1">1</text:note-ref></text:span>' "$TMP/content.xml"
  expect_grep "https link kept" 'xlink:href="https://example.org/pad\?a=1&amp;b=2"' "$TMP/content.xml"
  expect_grep "mailto link kept" 'xlink:href="mailto:info@example.org"' "$TMP/content.xml"
  expect_no_grep "javascript link dropped" 'javascript:' "$TMP/content.xml"
  expect_grep "raw html as text" '&lt;span&gt;ruwe html&lt;/span&gt;' "$TMP/content.xml"
  expect_grep "thematic break is a page break" '<text:p text:style-name="wk_PageBreak"/>' "$TMP/content.xml"
  expect_grep "page break style" 'style:name="wk_PageBreak"[^>]*>[^<]*<style:paragraph-properties fo:break-before="page"' "$TMP/styles.xml"
  expect_grep "variables substituted, quotes made typographic" 'Dit contract voor<text:s text:c="2"/>De Buurt<text:s text:c="2"/>regelt wat de Gemeente en Bewonersgroep “De Buurt” &amp; Co &lt;3 afspreken' "$TMP/content.xml"
  # LibreOffice keeps a paragraph's top and bottom margin as one
  # attribute: a heading style that names only one of them gets 0 for the
  # other instead of its level's (or the house style's) space.
  expect_no_grep "headings keep their level's space above and below" 'style:name="wkH[0-9]"[^>]*><style:paragraph-properties fo:margin-' "$TMP/content.xml"
  # Lists as in DOCX: the label at the text's edge, 0.75 cm a level, en dash on level 2.
  expect_grep "list levels indented as in DOCX" 'text:level="2" text:bullet-char="–"> *<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.50cm" fo:text-indent="-0.75cm" fo:margin-left="1.50cm"/>' "$TMP/styles.xml"
  # Lines as in DOCX (w:line="264", 1.1 lines; tables, notes and the title single).
  expect_grep "line spacing as in DOCX" 'style:name="Standard" style:family="paragraph" style:class="text"> *<style:paragraph-properties fo:line-height="110%" fo:orphans="2" fo:widows="2"/>' "$TMP/styles.xml"
  expect_grep "table header row" '<table:table-header-rows><table:table-row table:style-name="wkHeadRow"><table:table-cell table:style-name="wkHeadCell" office:value-type="string"><text:p text:style-name="wkPH_L">Links' "$TMP/content.xml"
  expect_grep "right-aligned cell" '<text:p text:style-name="wkPT_R">12,50</text:p>' "$TMP/content.xml"
  expect_grep "code keeps its indentation" 'code blok<text:line-break/><text:s text:c="2"/>met inspringing' "$TMP/content.xml"
  expect_grep "inline code keeps spaces" '<text:span text:style-name="Source_20_Text">code<text:s text:c="2"/>met spaties</text:span>' "$TMP/content.xml"
  expect_grep "bold and italic combined" '<text:span text:style-name="wkT3">beide</text:span>' "$TMP/content.xml"
  lists=$(grep -o '<text:list ' "$TMP/content.xml" | wc -l)
  expect_eq "list nesting clamped at 10 (+2 numbered +1 restarted +1 of the annexes)" 14 "$lists"
  expect_grep "draft marking on every page" '<style:header><text:p text:style-name="wk_Draft">CONCEPT</text:p></style:header>' "$TMP/styles.xml"
  expect_grep "footer page X of Y" 'Pagina <text:page-number text:select-page="current">1</text:page-number> van <text:page-count>1</text:page-count>' "$TMP/styles.xml"
  unzip -p "$e" meta.xml >"$TMP/meta.xml"
  for p in fingerprint version status stage kind generator; do
    expect_grep "meta property $p" "meta:name=\"wijkcontract-$p\"" "$TMP/meta.xml"
  done
  expect_grep "creation date from SOURCE_DATE_EPOCH" '<meta:creation-date>2026-01-01T00:00:00</meta:creation-date>' "$TMP/meta.xml"
fi
s=$TMP/cba-signed.odt
if [ -f "$s" ]; then
  unzip -p "$s" content.xml >"$TMP/content.xml"
  unzip -p "$s" styles.xml >"$TMP/styles.xml"
  expect_no_grep "signed: no draft marking" 'wk_Draft">' "$TMP/styles.xml"
  expect_grep "signed: place filled in" 'Place: Millbrook' "$TMP/content.xml"
  expect_grep "signed: date filled in" 'Date: 2 March 2026' "$TMP/content.xml"
  expect_grep "English labels" '>Article 1<text:tab/>Purpose</text:h>' "$TMP/content.xml"
  # every line of a signature block but the last keeps with the next
  keep=$(grep -o '<text:p text:style-name="wkK8">' "$TMP/content.xml" | wc -l)
  expect_eq "signature blocks keep together (5 kept lines x 2 blocks)" 10 "$keep"
fi

# Absurd nesting: the XML must stay within libxml2's default depth.
{
  sed -n '1,/^---$/p' tests/golden/edge-cases.md | sed -n '1p'
  sed -n '2,/^---$/p' tests/golden/edge-cases.md
  awk 'BEGIN { for (i = 0; i < 1500; i++) { s = ""; for (j = 0; j < i; j++) s = s "  "; print s "- x" } }'
  echo
  awk 'BEGIN { s = ""; for (i = 0; i < 2000; i++) s = s ">"; print s " deep quote" }'
  echo
  awk 'BEGIN { s = ""; for (i = 0; i < 500; i++) s = s "*a "; print s }'
} >"$TMP/deep.md"
expect_status "deep body builds" 0 "$WK" build --draft "$TMP/deep.md" -o "$TMP/deep.odt"
if [ -f "$TMP/deep.odt" ]; then
  unzip -p "$TMP/deep.odt" content.xml >"$TMP/deep.xml"
  expect_status "deep body: content.xml parses with default limits" 0 xmllint --noout "$TMP/deep.xml"
  expect_grep "deep body: the deepest quote is there" '<text:p text:style-name="wkQ6">deep quote</text:p>' "$TMP/deep.xml"
  expect_eq "deep body: 1500 nested lists clamped to 10 (+1 of the annexes)" 11 "$(grep -o '<text:list ' "$TMP/deep.xml" | wc -l)"
  if [ "$validate" = 1 ]; then
    expect_status "deep body valid" 0 "$SHARED/tools/validate-odt" --strict "$TMP/deep.odt"
  fi
fi

# Golden parts.
for dir in tests/golden/odt/*/; do
  g=$(basename "$dir")
  out=$TMP/$g.odt
  [ -f "$out" ] || { not_ok "golden $g" "not built"; continue; }
  unzip -Z1 "$out" >"$TMP/parts.txt"
  expect_same "golden $g parts" "$dir/parts.txt" "$TMP/parts.txt"
  for part in content.xml styles.xml meta.xml settings.xml META-INF/manifest.xml; do
    unzip -p "$out" "$part" | xmllint --format - >"$TMP/part.xml"
    expect_same "golden $g $(basename "$part")" "$dir/$(basename "$part")" "$TMP/part.xml"
  done
done
finish
