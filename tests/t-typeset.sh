# t-typeset.sh - the pages as a reader sees them, whatever the fonts and the
# house style: every example and golden contract, in both formats, rendered
# by LibreOffice in three set-ups: the default fonts; a fontconfig that
# offers only DejaVu (a system without Liberation, Carlito or Arial); a
# serif house style as reference document (pandoc's reference.docx, whose
# body font is its theme's Cambria, shown as DejaVu Serif where Cambria is
# not installed, and LibreOffice's ODT copy of it). In each, no word
# is cut in two without a hyphen, no page ends with a heading and none
# falls between a commitment and its details (tests/typeset_check.py
# reads the pages' words with their positions);
# in the Dutch example a commitment's details take most of the width.
# And a tagged PDF of a Dutch contract declares its language, nl-NL, and
# tags the title as a title. Each document is rendered once per set-up.
. tests/lib.sh
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
CHK=tests/typeset_check.py

# The generated metrics are what the font files hold (make fonts).
if python3 generator/tools/font_widths.py >"$TMP/font_metrics.c" 2>"$TMP/fw.err"; then
  expect_same "generator/font_metrics.c is what font_widths.py makes of the installed fonts" \
    generator/font_metrics.c "$TMP/font_metrics.c"
else
  echo "note $T_SUITE: font_widths.py: $(head -1 "$TMP/fw.err"): the generated metrics are not compared"
fi

if python3 "$CHK" selftest >"$TMP/self" 2>&1; then ok "typeset_check.py notices a cut word and a heading at a page's foot"
else not_ok "typeset_check.py notices a cut word and a heading at a page's foot" "$(cat "$TMP/self")"; fi

# Under the sanitizers (t-asan) the documents are only built, the serif
# house style's .docx (and so its face, read from its theme) included.
if [ -n "${WK_SKIP_RENDER:-}" ]; then
  echo "note $T_SUITE: rendering skipped (WK_SKIP_RENDER): the documents are built, not rendered"
  have_tool pandoc && pandoc --print-default-data-file reference.docx >"$TMP/serif.docx"
  for src in contracts/*.md tests/golden/*.md; do
    nm=$(basename "$src" .md)
    expect_status "$nm: build .odt" 0 "$WK" build "$src" -o "$TMP/$nm.odt"
    expect_status "$nm: build .docx" 0 "$WK" build "$src" -o "$TMP/$nm.docx"
    [ -s "$TMP/serif.docx" ] &&
      expect_status "$nm: build .docx, serif house style" 0 "$WK" build "$src" --reference-doc "$TMP/serif.docx" -o "$TMP/$nm-serif.docx"
  done
  finish
  exit 0
fi

if ! have_shared render-pdf || ! have_tool pdftotext || ! have_tool soffice || ! have_tool pandoc; then
  echo "note $T_SUITE: render-pdf, pdftotext, soffice or pandoc absent: the pages are not checked"
  finish
  exit 0
fi

# lo_guess SETUP DOC NAME: DOC's rendering ends a page with a heading; it
# passes only where that is LibreOffice's first-layout guess (see
# `typeset_check.py guessed`): the same document with one block more at
# its top, rendered in the same set-up, has that heading with its text.
# Every heading so excused is printed; Word lays these pages out right.
lo_guess() {
  g_dir=$TMP/control-$1
  mkdir -p "$g_dir"
  g_doc=$g_dir/$(basename "$2")
  g_pdf=$g_dir/$(basename "$2" | sed 's/\.[a-z]*$//').pdf
  python3 "$CHK" shifted "$2" "$g_doc" &&
    "$SHARED/tools/render-pdf" -o "$g_dir" "$g_doc" >"$g_dir/render.out" 2>&1
  if [ ! -s "$g_pdf" ]; then
    not_ok "$3: no page ends with a heading" "$(head -3 "$TMP/strand" | tr '\n' ';') (the control did not render)"
    return
  fi
  pdftotext -bbox-layout "$g_pdf" "$g_dir/bbox.html"
  if python3 "$CHK" guessed "$2" "$TMP/bbox.html" "$g_dir/bbox.html" >"$g_dir/guessed" 2>&1; then
    ok "$3: no page ends with a heading but by LibreOffice's first-layout guess"
    sed 's/^/     /' "$g_dir/guessed"
  else
    not_ok "$3: no page ends with a heading" "$(grep -v '^guessed' "$g_dir/guessed" | head -3 | tr '\n' ';')"
  fi
}

# pages SETUP DOC...: renders the documents (built) once and judges
# every page of each
pages() {
  p_setup=$1
  shift
  mkdir -p "$TMP/pdf-$p_setup"
  "$SHARED/tools/render-pdf" -o "$TMP/pdf-$p_setup" "$@" >"$TMP/render.out" 2>&1
  for p_doc in "$@"; do
    p_name="$p_setup: $(basename "$p_doc")"
    p_pdf=$TMP/pdf-$p_setup/$(basename "$p_doc" | sed 's/\.[a-z]*$//').pdf
    if [ ! -s "$p_pdf" ]; then
      not_ok "$p_name: renders" "$(grep -F "$(basename "$p_doc")" "$TMP/render.out" | head -2)"
      continue
    fi
    pdftotext -bbox-layout "$p_pdf" "$TMP/bbox.html"
    if python3 "$CHK" cuts "$p_doc" "$TMP/bbox.html" >"$TMP/cuts" 2>&1; then ok "$p_name: no word cut without a hyphen"
    else not_ok "$p_name: no word cut without a hyphen" "$(wc -l <"$TMP/cuts") cut: $(head -4 "$TMP/cuts" | tr '\n' ';')"; fi
    if python3 "$CHK" stranded "$p_doc" "$TMP/bbox.html" >"$TMP/strand" 2>&1; then ok "$p_name: no page ends with a heading"
    else lo_guess "$p_setup" "$p_doc" "$p_name"; fi
    # a commitment and the row of its details under it share a page
    # (DOCX: keep with next, ODT: LibreOffice's TableRowKeep)
    if python3 "$CHK" parted "$p_doc" "$TMP/bbox.html" >"$TMP/parted" 2>&1; then ok "$p_name: no page between a commitment and its details"
    else not_ok "$p_name: no page between a commitment and its details" "$(head -3 "$TMP/parted" | tr '\n' ';')"; fi
    # a commitment's details stand across the table, not in the promise's
    # column, where they made rows of half a page
    case $p_doc in */wijkcontract-klaverveld*)
      if python3 "$CHK" wide "$TMP/bbox.html" "Bij niet nakomen:" 0.6 >"$TMP/wide" 2>&1; then
        ok "$p_name: the commitments' details across the table"
      else not_ok "$p_name: the commitments' details across the table" "$(cat "$TMP/wide")"; fi ;;
    esac
  done
}

# Each document's PDF is named NAME.EXT.pdf, so both formats keep theirs.
mkdir -p "$TMP/doc"
set --
for src in contracts/*.md tests/golden/*.md; do
  nm=$(basename "$src" .md)
  for ext in odt docx; do
    if "$WK" build "$src" -o "$TMP/doc/$nm.$ext.$ext" >/dev/null 2>"$TMP/err"; then set -- "$@" "$TMP/doc/$nm.$ext.$ext"
    else not_ok "$nm: build .$ext" "$(head -2 "$TMP/err")"; fi
  done
done

# ---- 1: the default fonts ----
pages default "$@"

# Both formats show the same layout (spec 6): in the default set-up each
# document's ODT and DOCX have as many pages, and each heading stands as
# far below the text above it (typeset_check.py gap): LibreOffice adds the
# space below a paragraph to the next one's space above in ODT, where DOCX
# (Word) takes the larger of the two.
if have_tool pdfinfo "the comparison of the formats"; then
  for src in contracts/*.md tests/golden/*.md; do
    nm=$(basename "$src" .md)
    po=$TMP/pdf-default/$nm.odt.pdf pd=$TMP/pdf-default/$nm.docx.pdf
    [ -s "$po" ] && [ -s "$pd" ] || continue
    expect_eq "$nm: as many pages in ODT as in DOCX" \
      "$(pdfinfo "$pd" | awk '/^Pages:/ { print $2 }')" "$(pdfinfo "$po" | awk '/^Pages:/ { print $2 }')"
    pdftotext -bbox-layout "$po" "$TMP/bbox-odt.html"
    pdftotext -bbox-layout "$pd" "$TMP/bbox-docx.html"
    if python3 "$CHK" gap "$TMP/doc/$nm.docx.docx" "$TMP/bbox-odt.html" "$TMP/bbox-docx.html" >"$TMP/gap" 2>&1; then
      ok "$nm: the space above headings alike in both formats"
    else not_ok "$nm: the space above headings alike in both formats" "$(head -2 "$TMP/gap" | tr '\n' ';')"; fi
  done
fi

# ---- 2: only DejaVu ----
mkdir -p "$TMP/fc"
cat >"$TMP/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>$TMP/fc</cachedir>
</fontconfig>
EOF
FONTCONFIG_FILE=$TMP/fonts.conf pages dejavu "$@"

# ---- 3: a serif house style ----
pandoc --print-default-data-file reference.docx >"$TMP/serif.docx"
mkdir -p "$TMP/conv"
soffice "-env:UserInstallation=file://$TMP/profile" --headless --norestore --convert-to odt \
  --outdir "$TMP/conv" "$TMP/serif.docx" >/dev/null 2>&1
if [ -s "$TMP/serif.docx" ] && [ -s "$TMP/conv/serif.odt" ]; then
  ok "serif house style: made in both formats"
  set --
  for src in contracts/*.md tests/golden/*.md; do
    nm=$(basename "$src" .md)
    for ext in odt docx; do
      ref=$TMP/serif.docx
      [ "$ext" = odt ] && ref=$TMP/conv/serif.odt
      if "$WK" build "$src" --reference-doc "$ref" -o "$TMP/doc/$nm-serif.$ext.$ext" >/dev/null 2>"$TMP/err"; then
        set -- "$@" "$TMP/doc/$nm-serif.$ext.$ext"
      else not_ok "$nm: build .$ext with the serif house style" "$(head -2 "$TMP/err")"; fi
    done
  done
  pages serif "$@"
else
  not_ok "serif house style: made in both formats" "pandoc or soffice did not make it"
fi

# ---- a tagged PDF declares the language and the title ----
tagged='pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
for ext in odt docx; do
  doc=$TMP/doc/wijkcontract-klaverveld.$ext.$ext
  mkdir -p "$TMP/tagged-$ext"
  soffice "-env:UserInstallation=file://$TMP/profile" --headless --norestore --convert-to "$tagged" \
    --outdir "$TMP/tagged-$ext" "$doc" >/dev/null 2>&1
  pdf=$(ls "$TMP/tagged-$ext"/*.pdf 2>/dev/null | head -1)
  if [ -z "$pdf" ]; then
    not_ok "tagged PDF of the .$ext" "soffice made none"
    continue
  fi
  python3 "$CHK" lang "$pdf" >"$TMP/lang"
  expect_grep "tagged PDF of the .$ext declares nl-NL" "^lang nl-NL$" "$TMP/lang"
  expect_grep "tagged PDF of the .$ext tags the title" "^title yes$" "$TMP/lang"
done

finish
