# t-layout.sh - table layout: in every document the tool writes (build,
# matrix, review; DOCX and ODT), each table column is at least as wide as
# the widest word in it, measured with the table font's real advance widths
# (tests/layout_check.py reads them from the installed Liberation Sans,
# independently of the generator's copy), so no word is cut in two. When
# words cannot all fit (a word longer than the page, ten challenges), every
# table still spans exactly the text width: nothing runs off the page.
# The rendered check (no cut word in LibreOffice's PDF) is in t-docx.sh and
# t-odt.sh, which render anyway.
. tests/lib.sh

CHK=tests/layout_check.py
if ! python3 "$CHK" fonts >"$TMP/fonts" 2>&1; then
  echo "note $T_SUITE: $(cat "$TMP/fonts") (fonts-liberation2, which make test installs): the width checks are skipped"
  finish
  exit 0
fi
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

# widths NAME FILE...: every word fits its column
widths() {
  w_name=$1
  shift
  if python3 "$CHK" widths "$@" >"$TMP/widths" 2>&1; then ok "$w_name: every word fits its column"
  else not_ok "$w_name: every word fits its column" "$(head -4 "$TMP/widths")"; fi
}

# first_party FILE: the id of the first party of a contract
first_party() {
  awk '/^parties:/ { p = 1 } /^challenges:/ { p = 0 } p && /- id:/ { print $3; exit }' "$1"
}

for src in contracts/*.md tests/golden/*.md tests/workflows/buurt.md; do
  [ -f "$src" ] || continue
  nm=$(basename "$src" .md)
  for ext in docx odt; do
    expect_status "$nm: build .$ext" 0 "$WK" build "$src" -o "$TMP/$nm.$ext"
    expect_status "$nm: matrix .$ext" 0 "$WK" matrix "$src" -o "$TMP/$nm-matrix.$ext"
    party=$(first_party "$src")
    expect_status "$nm: review --party $party .$ext" 0 "$WK" review "$src" --party "$party" -o "$TMP/$nm-review.$ext"
    widths "$nm (.$ext)" "$TMP/$nm.$ext" "$TMP/$nm-matrix.$ext" "$TMP/$nm-review.$ext"
  done
done

# ---- words that cannot fit: the table still keeps to the page ----------
# Ten challenges (the matrix numbers them and splits its columns), party
# names of one 70-letter word, and a commitment text with a 120-character
# address in it.
python3 - >"$TMP/wide.md" <<'EOF'
long_name = "Samenwerkingsverbandvoorbuurtgerichtewelzijnsondersteuningsactiviteiten"
address = "https://example.org/" + "x" * 100
out = ["---", "kind: wijkcontract", "title: Breed", "area: Wijk", 'version: "1.0"', "period:",
       "  start: 2026-01-01", "  end: 2027-12-31", "evaluations:", "  - 2026-06-30", "parties:"]
for pid, t in [("gemeente", "overheid"), ("buurt", "initiatief")]:
    out += ["  - id: %s" % pid, "    name: %s %s" % (long_name, pid), "    type: %s" % t,
            "    mission: Iets.", "    signatory:", "      name: N", "      function: voorzitter"]
out.append("challenges:")
for i in range(10):
    out += ["  - id: opgave-%d" % i, "    title: Maatschappelijkeopgavenummer %d" % i, "    roles:",
            "      kadersteller: gemeente", "      facilitator: gemeente", "      uitvoerder: buurt", "      initiatiefnemer: buurt"]
out.append("commitments:")
for i in range(10):
    out += ["  - id: belofte-%d" % i, "    party: %s" % ("gemeente", "buurt")[i % 2],
            "    challenge: opgave-%d" % i, "    text: Zie %s voor de afspraak." % address,
            "    impact: Bewoners merken het.", "    recurrence: wekelijks"]
out += ["---", "# Doel", "Tekst.", "# Evaluatie", "Tekst.", "# Geschillen", "Tekst.",
        "# Beëindiging", "Tekst.", ""]
print("\n".join(out))
EOF
for ext in docx odt; do
  expect_status "overlong words: build --draft .$ext" 0 "$WK" build "$TMP/wide.md" --draft -o "$TMP/wide.$ext"
  expect_status "overlong words: matrix .$ext" 0 "$WK" matrix "$TMP/wide.md" -o "$TMP/wide-matrix.$ext"
done
# words are cut only in columns of tables whose longest words do not all
# fit (those columns share their room by their text and hyphenate), and
# the words longer than any column can be are among them
# (a word wider than the whole table, as those two, is a problem to the
# checker wherever it stands)
python3 "$CHK" widths "$TMP/wide.docx" "$TMP/wide-matrix.docx" "$TMP/wide.odt" "$TMP/wide-matrix.odt" \
  >"$TMP/wide.out" 2>&1
if grep -q "Samenwerkingsverband" "$TMP/wide.out" && grep -q "https://example.org/" "$TMP/wide.out" &&
  ! grep -v 'hyphenated)$' "$TMP/wide.out" | grep -v "Samenwerkingsverband\|https://example.org/" | grep -q .; then
  ok "overlong words: cut only where the longest words do not all fit"
else
  not_ok "overlong words: cut only where the longest words do not all fit" "$(grep -v 'hyphenated)$' "$TMP/wide.out" | grep -v 'Samenwerkingsverband\|example.org' | head -3)"
fi
# every table spans the text width exactly: DOCX grids of 9072 twips
# (16.0 cm) in portrait, 14004 (24.7 cm) in landscape; ODT columns of 16 cm
# and 24.7 cm
for f in wide wide-matrix; do
  want=9072
  [ "$f" = wide-matrix ] && want=14004
  sums=$(unzip -p "$TMP/$f.docx" word/document.xml | python3 -c '
import re, sys
for grid in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", sys.stdin.read()):
    print(sum(int(w) for w in re.findall(r"w:w=\"(\d+)\"", grid)))' | sort -u | tr '\n' ' ')
  expect_eq "$f.docx: every table $want twips wide" "$want " "$sums"
  want=16.00
  [ "$f" = wide-matrix ] && want=24.70
  sums=$(unzip -p "$TMP/$f.odt" content.xml | python3 -c '
import re, sys
x = sys.stdin.read()
widths = dict(re.findall(r"style:name=\"(wkTab\d+)\.\d+\".*?style:column-width=\"([0-9.]+)cm\"", x))
tabs = {}
for name, w in re.findall(r"style:name=\"(wkTab\d+)\.\d+\"[^>]*>\s*<style:table-column-properties style:column-width=\"([0-9.]+)cm\"", x):
    tabs[name] = tabs.get(name, 0) + float(w)
print("\n".join(sorted({"%.2f" % v for v in tabs.values()})))' | tr '\n' ' ')
  expect_eq "$f.odt: every table $want cm wide" "$want " "$sums"
done

finish
