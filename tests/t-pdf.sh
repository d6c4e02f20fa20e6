# t-pdf.sh - `build -t pdf` / `-o X.pdf`: a tagged PDF/A-2b with the
# document's language and title, made by LibreOffice from our ODT; and what
# happens when LibreOffice is missing, fails, or takes too long: exit 2, a
# message that says why, nothing written and nothing left behind.
. tests/lib.sh

if ! have_tool soffice "the PDF conversions" || ! have_tool pdfinfo "the PDF checks"; then
  finish
  exit 0
fi
mkdir -p "$TMP/pdf"
for src in contracts/*.md; do
  nm=$(basename "$src" .md)
  pdf=$TMP/pdf/$nm.pdf
  expect_status "$nm: build -t pdf" 0 sh -c 'cd "$1" && "$2" build "$3" -t pdf' sh "$TMP/pdf" "$WK" "$PWD/$src"
  [ -s "$pdf" ] || { not_ok "$nm: NAME.pdf written"; continue; }
  pdfinfo -meta "$pdf" >"$TMP/meta"
  expect_grep "$nm: PDF/A part 2" "<pdfaid:part>2</pdfaid:part>" "$TMP/meta"
  expect_grep "$nm: PDF/A conformance B" "<pdfaid:conformance>B</pdfaid:conformance>" "$TMP/meta"
  pdfinfo "$pdf" >"$TMP/info"
  expect_grep "$nm: tagged" "^Tagged: +yes$" "$TMP/info"
  "$WK" build -q "$src" -o "$TMP/pdf/$nm.odt" 2>/dev/null
  title=$("$WK" --lang en verify "$TMP/pdf/$nm.odt" | sed -n 's/^Title: *//p')
  expect_eq "$nm: title is the document's" "Title:           $title" "$(grep '^Title:' "$TMP/info")"
  lang=$(sed -n 's/^language: *//p' "$src" | head -1)
  python3 tests/typeset_check.py lang "$pdf" >"$TMP/lang"
  expect_grep "$nm: language $lang" "^lang $lang(-[A-Z]+)?$" "$TMP/lang"
  pdftotext "$pdf" "$TMP/text"
  # the first article heading and the first party's name are in the text
  party=$(sed -n 's/^ *name: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$src" | head -1)
  expect_grep "$nm: text holds the first party ($party)" "$party" "$TMP/text"
  expect_grep "$nm: text holds the title" "$title" "$TMP/text"
done
ls "$TMP/pdf"/.*wktmp* >/dev/null 2>&1 && not_ok "no temporary file left" || ok "no temporary file left"

src=contracts/wijkcontract-klaverveld.md
expect_status "-o X.pdf picks the format" 0 "$WK" build "$src" -o "$TMP/named.pdf"
head -c 5 "$TMP/named.pdf" | grep -q '%PDF-' && ok "-o X.pdf is a PDF" || not_ok "-o X.pdf is a PDF"
expect_status "-o X.odt -t pdf disagree" 2 "$WK" build "$src" -o "$TMP/x.odt" -t pdf

# ---- many at a time: each conversion has its own profile ----
expect_status "build -d -t pdf -j 2: exit 0" 0 "$WK" build contracts/*.md -d "$TMP/batch" -t pdf -j 2
for f in contracts/*.md; do
  nm=$(basename "$f" .md)
  if pdfinfo -meta "$TMP/batch/$nm.pdf" 2>/dev/null | grep -q "<pdfaid:part>2</pdfaid:part>"; then ok "  $nm.pdf is a PDF/A-2"
  else not_ok "  $nm.pdf is a PDF/A-2"; fi
done

# ---- without LibreOffice ----
mkdir -p "$TMP/none"
expect_status "SOFFICE names no program: exit 2" 2 env SOFFICE="$TMP/no-such-soffice" "$WK" build "$src" -o "$TMP/none/a.pdf"
expect_grep "  the message names the package" "libreoffice-writer-nogui" "$TMP/err"
expect_status "no soffice on the PATH: exit 2" 2 env -u SOFFICE PATH="$TMP/none" "$WK" build "$src" -o "$TMP/none/b.pdf"
expect_grep "  the message names the package" "install the package libreoffice-writer-nogui" "$TMP/err"
expect_eq "  nothing written" "" "$(ls -A "$TMP/none")"

# ---- a conversion that fails or hangs: nothing written or left behind ----
mkdir -p "$TMP/work" "$TMP/dest"
cat >"$TMP/hang" <<'SH'
#!/bin/sh
# a LibreOffice that never ends, with a helper process of its own
sleep 300 &
echo $! >"$PIDS/child"
echo $$ >"$PIDS/main"
sleep 300
SH
cat >"$TMP/nopdf" <<'SH'
#!/bin/sh
echo "Error: source file could not be loaded"
exit 0
SH
cat >"$TMP/junk" <<'SH'
#!/bin/sh
# writes something that is not a PDF where the PDF belongs
while [ $# -gt 1 ]; do [ "$1" = --outdir ] && out=$2; shift; done
echo "not a pdf" >"$out/document.pdf"
SH
chmod +x "$TMP/hang" "$TMP/nopdf" "$TMP/junk"
echo old >"$TMP/dest/keep.pdf"
mkdir -p "$TMP/pids"
expect_status "a conversion past the time limit: exit 2" 2 env PIDS="$TMP/pids" SOFFICE="$TMP/hang" \
  WIJKCONTRACT_PDF_TIMEOUT=1 TMPDIR="$TMP/work" "$WK" build -q "$src" -o "$TMP/dest/keep.pdf"
expect_grep "  says it did not finish in time" "did not finish within 1 seconds" "$TMP/err"
expect_eq "  the old file is untouched" old "$(cat "$TMP/dest/keep.pdf")"
for p in main child; do
  pid=$(cat "$TMP/pids/$p" 2>/dev/null)
  # gone, or a zombie waiting for whoever reaps orphans here
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
  if [ -n "$pid" ] && { [ -z "$state" ] || [ "$state" = Z ]; }; then ok "  its $p process was killed"
  else not_ok "  its $p process was killed" "pid '$pid' still runs"; kill "$pid" 2>/dev/null; fi
done
expect_status "a conversion that makes no PDF: exit 2" 2 env SOFFICE="$TMP/nopdf" TMPDIR="$TMP/work" \
  "$WK" build -q "$src" -o "$TMP/dest/keep.pdf"
expect_grep "  says why, with LibreOffice's last line" "made no PDF.*source file could not be loaded" "$TMP/err"
expect_status "a conversion that makes something else: exit 2" 2 env SOFFICE="$TMP/junk" TMPDIR="$TMP/work" \
  "$WK" build -q "$src" -o "$TMP/dest/keep.pdf"
expect_eq "  the old file is untouched" old "$(cat "$TMP/dest/keep.pdf")"
expect_eq "  no temporary file beside the target" "keep.pdf" "$(ls -A "$TMP/dest")"
expect_eq "  no work directory left in TMPDIR" "" "$(ls -A "$TMP/work")"

finish
