# t-cli.sh - the command line as lawyers, volunteers and facilitators use
# it (issue 17): options anywhere, parties by name, "did you mean", the
# summaries, messages about folders and encodings, and the wording.
. tests/lib.sh
LANGUAGE=en
export LANGUAGE
K=contracts/wijkcontract-klaverveld.md
R=contracts/cba-riverside.md

# ---- options in any position, "--" ends them -------------------------------
expect_status "check: an option after the file" 0 "$WK" check "$R" --format json
expect_grep "check: --format json after the file gives JSON" '^\[' "$TMP/out"
expect_status "check: -- ends the options" 2 "$WK" check -- --format
expect_grep "check: after --, '--format' is a file" "^wijkcontract: .*--format" "$TMP/err"
expect_status "review: options before the file" 0 "$WK" review --party council "$R"
expect_status "matrix: -o before the file" 0 "$WK" matrix -o "$TMP/m.md" "$R"
expect_status "diff: --format after the files" 0 "$WK" diff "$R" "$R" --format json
expect_status "report: options after the file" 0 "$WK" report "$K" --as-of=2026-10-15 -o "$TMP/rep.md"
expect_status "report: a mistyped option" 2 "$WK" report "$K" --as-off 2026-10-15
expect_grep "report: a mistyped option gets a suggestion" "did you mean '--as-of'" "$TMP/err"
expect_status "redline: -o first, -- before the files" 0 "$WK" redline -o "$TMP/rl.docx" -- "$K" "$K"
expect_status "diff: -o after the files" 0 "$WK" diff "$K" "$K" -o "$TMP/d.md"
expect_status "review: a calendar of the whole contract, -o first" 0 "$WK" review -o "$TMP/all.ics" "$K"
expect_status "build -d: options after the files" 0 "$WK" build "$K" "$R" -d "$TMP/batch" -j 2
expect_grep "build -d: one count of the files built" "^2 of 2 files built into" "$TMP/out"
expect_no_grep "build -d: no line per file besides the count" "Wrote" "$TMP/out"
expect_no_grep "build -d: no line per file on stderr either" "Wrote" "$TMP/err"
expect_status "build -d -q" 0 "$WK" build -q "$K" "$R" -d "$TMP/batch"
expect_eq "build -d -q: silent" "" "$(cat "$TMP/out")"
expect_status "build -d: a mistyped option" 2 "$WK" build "$K" -d "$TMP/batch" --jbos 2
expect_grep "build -d: the mistyped option gets a suggestion" "did you mean '--jobs'" "$TMP/err"
expect_status "--lang after the command" 2 "$WK" check --lang nl
expect_grep "--lang after the command is taken" "geen bestand" "$TMP/err"

# ---- a party by id or by name ----------------------------------------------
expect_status "review: a party by its name" 0 "$WK" review "$K" --party "Stichting Buurthuis De Klaver"
expect_grep "review: the party named is reviewed" "Buurthuis De Klaver" "$TMP/out"
expect_status "review: a name without regard to case" 0 "$WK" review "$K" --party "stichting buurthuis de klaver"
expect_status "review: an id without regard to case" 0 "$WK" review "$K" --party "BUURTHUIS"
expect_status "review: part of a name" 0 "$WK" review "$K" --party "klaverhof"
expect_grep "review: part of a name finds the party" "Moestuin Klaverhof" "$TMP/out"
expect_status "review: an ambiguous name is refused" 2 "$WK" review "$K" --party "stichting"
expect_grep "review: the ambiguity names the candidates" "more than one party: buurthuis .*welzijn" "$TMP/err"
expect_status "review: an unknown party" 2 "$WK" review "$K" --party "buurthius"
expect_grep "review: an unknown id gets a suggestion" "did you mean 'buurthuis'" "$TMP/err"
expect_grep "review: the parties are listed with their names" "buurthuis \(Stichting Buurthuis De Klaver\)" "$TMP/err"

# ---- did you mean: commands and options ------------------------------------
expect_status "a mistyped command" 2 "$WK" chek "$K"
expect_grep "a mistyped command gets a suggestion" "unknown command 'chek'; did you mean 'check'\?" "$TMP/err"
expect_status "help of a mistyped command" 2 "$WK" help biuld
expect_grep "help of a mistyped command gets a suggestion" "did you mean 'build'" "$TMP/err"
expect_status "a mistyped option" 2 "$WK" check --fromat json "$K"
expect_grep "a mistyped option gets a suggestion" "unknown option '--fromat'; did you mean '--format'\?" "$TMP/err"
expect_status "a mistyped option with its value" 2 "$WK" build "$K" --reference-dco=x.odt
expect_grep "a mistyped option=value gets a suggestion" "did you mean '--reference-doc'" "$TMP/err"
expect_status "a far-off option gets no suggestion" 2 "$WK" check --zzzzzzzz "$K"
expect_no_grep "a far-off option gets no suggestion" "did you mean" "$TMP/err"
LANGUAGE=nl expect_status "Dutch: a mistyped command" 2 "$WK" chek "$K"
expect_grep "Dutch: the suggestion is Dutch" "bedoelt u 'check'" "$TMP/err"

# ---- the closing count of check, one line per file build writes -----------
expect_status "check: a clean file" 0 "$WK" check "$K"
expect_eq "check: a clean file says so" "1 file: no errors, no warnings" "$(cat "$TMP/err")"
printf -- '---\nkind: wijkcontract\nlanguage: nl\ntitle: x\nstart: 2026-01-01\nend: 2025-01-01\n---\n' >"$TMP/bad.md"
expect_status "check: two files" 1 "$WK" check "$K" "$TMP/bad.md"
n_e=$(grep -c ': error: ' "$TMP/out") n_w=$(grep -c ': warning: ' "$TMP/out")
expect_grep "check: the count of two files" "^2 files: $n_e errors, $n_w warnings\$" "$TMP/err"
LANGUAGE=nl expect_status "check: the count in Dutch" 1 "$WK" check "$K" "$TMP/bad.md"
expect_grep "check: the count in Dutch" "^2 bestanden: $n_e fouten, $n_w waarschuwingen\$" "$TMP/err"
expect_status "check -q: no count" 1 "$WK" check -q "$K" "$TMP/bad.md"
expect_no_grep "check -q: no count" "files:" "$TMP/err"
expect_status "check --format json: no count" 1 "$WK" check --format json "$TMP/bad.md"
expect_eq "check --format json: stderr stays empty" "" "$(cat "$TMP/err")"
expect_status "new: the skeleton" 0 "$WK" new "$TMP/new.md"
expect_status "check of the untouched skeleton" 0 "$WK" check "$TMP/new.md"
expect_grep "check of the skeleton tells how far the user is" "^1 file: no errors, [0-9]+ warnings\$" "$TMP/err"
expect_status "build: a document" 0 "$WK" build "$R" -o "$TMP/r.odt"
expect_eq "build: one line names the file written" "Wrote $TMP/r.odt (ODT)" "$(cat "$TMP/out")"
LANGUAGE=nl expect_status "build: in Dutch" 0 "$WK" build "$R" -o "$TMP/r.docx"
expect_eq "build: the line in Dutch" "$TMP/r.docx geschreven (DOCX)" "$(cat "$TMP/out")"
expect_status "build -q" 0 "$WK" build -q "$R" -o "$TMP/r.odt"
expect_eq "build -q: silent" "" "$(cat "$TMP/out")"
expect_status "build --quiet" 0 "$WK" build "$R" --quiet -o "$TMP/r.odt"
expect_eq "build --quiet: silent" "" "$(cat "$TMP/out")"
expect_status "build: -q takes no value" 2 "$WK" build "$R" --quiet=yes
# the other commands that write a file with -o say so the same way; their
# output goes to standard output without -o, so the line does too
expect_status "matrix -o: a CSV file" 0 "$WK" matrix "$R" -o "$TMP/m.csv"
expect_eq "matrix -o: one line names the file and its format" "Wrote $TMP/m.csv (CSV)" "$(cat "$TMP/out")"
LANGUAGE=nl expect_status "matrix -o: in Dutch" 0 "$WK" matrix "$R" -o "$TMP/m.txt"
expect_eq "matrix -o: the line in Dutch" "$TMP/m.txt geschreven (tekst)" "$(cat "$TMP/out")"
expect_status "report -o: a document" 0 "$WK" report "$R" -o "$TMP/rep.docx"
expect_eq "report -o: one line names the file" "Wrote $TMP/rep.docx (DOCX)" "$(cat "$TMP/out")"
expect_status "redline -o: a document" 0 "$WK" redline "$R" "$R" -o "$TMP/red.odt"
expect_eq "redline -o: one line names the file" "Wrote $TMP/red.odt (ODT)" "$(cat "$TMP/out")"
expect_status "diff -o: no differences" 0 "$WK" diff "$R" "$R" -o "$TMP/d.txt"
expect_eq "diff -o: one line names the file" "Wrote $TMP/d.txt (text)" "$(cat "$TMP/out")"
expect_status "review -o: a calendar" 0 "$WK" review "$R" --party residents -o "$TMP/rev.ics"
expect_eq "review -o: one line names the file" "Wrote $TMP/rev.ics (iCalendar)" "$(cat "$TMP/out")"
expect_status "matrix without -o" 0 "$WK" matrix "$R"
expect_no_grep "matrix without -o: the content, no such line" "^Wrote " "$TMP/out"

# ---- folders and formats ---------------------------------------------------
expect_status "build into a missing folder" 2 "$WK" build "$R" -o "$TMP/nope/r.odt"
expect_grep "a missing folder is named, with the cause" "the folder $TMP/nope does not exist" "$TMP/err"
expect_no_grep "no temporary file is mentioned" "temporary" "$TMP/err"
LANGUAGE=nl expect_status "build into a missing folder, in Dutch" 2 "$WK" build "$R" -o "$TMP/nope/r.odt"
expect_grep "Dutch: the missing folder is named" "de map $TMP/nope bestaat niet" "$TMP/err"
expect_no_grep "Dutch: no temporary file" "tijdelijk" "$TMP/err"
expect_status "build under a file as if it were a folder" 2 "$WK" build "$R" -o "$R/r.odt"
expect_grep "a file used as a folder is named" "$R is not a folder" "$TMP/err"
# A read-only folder: as another user when we are root (root may write anywhere).
mkdir "$TMP/ro" && cp "$R" "$TMP/ro.md" && chmod 755 "$TMP" && chmod 644 "$TMP/ro.md" && chmod 555 "$TMP/ro"
as_user=
if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"; fi
if [ -z "$as_user" ] || command -v setpriv >/dev/null 2>&1; then
  expect_status "build into a read-only folder" 2 $as_user "$WK" build "$TMP/ro.md" -o "$TMP/ro/r.odt"
  expect_grep "a read-only folder is named, with the cause" "may not write in the folder $TMP/ro \\(it is read-only" "$TMP/err"
fi
chmod 755 "$TMP/ro"
expect_status "-o contract.doc -t docx refused" 2 "$WK" build "$R" -o "$TMP/contract.doc" -t docx
expect_grep "the contradiction is explained" "ends in \\.doc, but -t docx writes a \\.docx document" "$TMP/err"
expect_status "-o contract.pdf -t docx refused" 2 "$WK" build "$R" -o "$TMP/contract.pdf" -t docx
expect_grep "a PDF name with -t docx: the contradiction is explained" "does not end in \\.docx as -t docx asks" "$TMP/err"
expect_eq "nothing written under the other names" "" "$(ls "$TMP"/contract.* 2>/dev/null)"
expect_status "-o with an unknown extension and -t still builds" 0 "$WK" build -q "$R" -o "$TMP/contract.v2" -t docx

# ---- what Windows and Word do to files: one finding, first and alone -------
iconv -f UTF-8 -t UTF-16 "$K" >"$TMP/k16.md"
expect_status "UTF-16 file" 1 "$WK" check "$TMP/k16.md"
expect_eq "UTF-16: one finding" 1 "$(wc -l <"$TMP/out")"
expect_grep "UTF-16: named, with what to do" "saved as UTF-16LE, not UTF-8: .*save it as UTF-8" "$TMP/out"
iconv -c -f UTF-8 -t LATIN1 "$K" >"$TMP/k1.md"
expect_status "Latin-1 file" 1 "$WK" check "$TMP/k1.md"
expect_eq "Latin-1: one finding" 1 "$(wc -l <"$TMP/out")"
expect_grep "Latin-1: the likely encoding and the character" "most likely Latin-1 .*'é' is byte 0xE9" "$TMP/out"
expect_status "Latin-1: build refuses" 1 "$WK" build "$TMP/k1.md" -o "$TMP/k1.odt"
"$WK" build -q "$R" -o "$TMP/doc.odt" 2>/dev/null && "$WK" build -q "$R" -o "$TMP/doc.docx" 2>/dev/null
for d in odt docx; do
  expect_status "check of a .$d" 1 "$WK" check "$TMP/doc.$d"
  expect_eq "check of a .$d: one finding" 1 "$(wc -l <"$TMP/out")"
  expect_grep "check of a .$d: a document, not a contract definition" "this is an? .*\\.$d\\), not a contract definition" "$TMP/out"
done

# ---- new warnings, in Dutch too (golden files in tests/check show them in English)
LANGUAGE=nl expect_status "typographic quotes: a warning" 0 "$WK" check tests/check/typographic-quotes.md
expect_grep "typographic quotes: in Dutch" "'title' staat tussen typografische aanhalingstekens \\(“...”\\).*\\[typographic-quotes\\]" "$TMP/out"
LANGUAGE=nl expect_status "role without commitment: a warning" 0 "$WK" check tests/check/role-without-commitment.md
expect_grep "role without commitment: in Dutch, the role lower-case" "partij 'gemeente' is kadersteller in opgave 'schoon' maar belooft daar niets" "$TMP/out"

# ---- wording -----------------------------------------------------------------
LANGUAGE=nl expect_status "Dutch: a citizen party without mission" 0 "$WK" check tests/check/missing-mission.md
expect_grep "Dutch: 'bewonersinitiatief', not 'burgerpartij'" "bewonersinitiatief '[a-z-]*' heeft geen missie" "$TMP/out"
expect_no_grep "Dutch: no 'burgerpartij'" "burgerpartij" "$TMP/out"
LANGUAGE=nl expect_status "Dutch: a role conflict" 0 "$WK" check tests/check/role-conflict.md
expect_grep "Dutch: role names lower-case mid-sentence" "zowel handhaver als facilitator" "$TMP/out"
"$WK" build -q contracts/wijkcontract-ondertekend.md -o "$TMP/signed.odt" 2>/dev/null
LANGUAGE=nl expect_status "Dutch: verify" 0 "$WK" verify "$TMP/signed.odt"
expect_grep "Dutch: verify translates the stage" "^Fase: +ondertekend$" "$TMP/out"
LANGUAGE=en expect_status "English: verify" 0 "$WK" verify "$TMP/signed.odt"
expect_grep "English: verify names the stage" "^Stage: +signed$" "$TMP/out"
expect_status "review: the timing of a promise" 0 "$WK" review "$K" --party moestuin
expect_grep "review: 'Wanneer' for when a promise is kept" "^  Wanneer: " "$TMP/out"
expect_no_grep "review: not 'Termijn', the word for the contract's duration" "Termijn:" "$TMP/out"
expect_status "review in English: the timing of a promise" 0 "$WK" review "$R" --party residents
expect_grep "review in English: 'When'" "^  When: " "$TMP/out"
expect_no_grep "review in English: not 'Term' for a promise" "^  +Term:" "$TMP/out"

# ---- a plain-language line for each obligation kind in reviews -------------
expect_status "review: obligation kinds explained" 0 "$WK" review "$K" --party moestuin
expect_grep "review: a best-efforts obligation in plain words" "Inspanningsverplichting\\. De partij belooft zich naar" "$TMP/out"
expect_status "review in English: obligation kinds explained" 0 "$WK" review "$R" --party developer
expect_grep "review in English: an obligation of result in plain words" "Obligation of result\\. The party guarantees the" "$TMP/out"
expect_status "review as .odt" 0 "$WK" review "$K" --party moestuin -o "$TMP/rev.odt"
unzip -p "$TMP/rev.odt" content.xml >"$TMP/rev.xml"
expect_grep "review .odt: the plain-language line" "Inspanningsverplichting\\. De partij belooft zich naar vermogen" "$TMP/rev.xml"

# ---- a draft with errors is marked as such on every page -------------------
sed 's/^      uitvoerder: buurt$/      uitvoerder: buurtt/' tests/check/clean-nl.md >"$TMP/errs.md"
for fmt in odt docx; do
  expect_status "draft with errors ($fmt)" 0 "$WK" build --draft "$TMP/errs.md" -o "$TMP/errs.$fmt"
  expect_grep "draft with errors ($fmt): build says so" "a draft with errors" "$TMP/out"
  expect_status "clean draft ($fmt)" 0 "$WK" build --draft tests/check/clean-nl.md -o "$TMP/clean.$fmt"
done
unzip -p "$TMP/errs.odt" styles.xml >"$TMP/errs-styles.xml"
expect_grep "draft with errors (odt): every page's header" 'wk_Draft">CONCEPT MET FOUTEN<' "$TMP/errs-styles.xml"
unzip -p "$TMP/clean.odt" styles.xml >"$TMP/clean-styles.xml"
expect_no_grep "clean draft (odt): no error marking" "MET FOUTEN" "$TMP/clean-styles.xml"
unzip -p "$TMP/errs.docx" word/header1.xml word/footer1.xml >"$TMP/errs-hf.xml"
expect_grep "draft with errors (docx): header and footer" "CONCEPT MET FOUTEN" "$TMP/errs-hf.xml"
unzip -p "$TMP/errs.odt" content.xml >"$TMP/errs-content.xml"
expect_grep "draft with errors: an unknown party reads as unknown" "buurtt \\(onbekende partij\\)" "$TMP/errs-content.xml"
if have_shared validate-odt; then
  expect_status "draft with errors: valid ODT" 0 "$SHARED/tools/validate-odt" --strict "$TMP/errs.odt"
fi
if have_shared validate-docx; then
  expect_status "draft with errors: valid DOCX" 0 "$SHARED/tools/validate-docx" --strict "$TMP/errs.docx"
fi

# ---- the key-dates table of a review document does not cut texts -----------
for fmt in odt docx; do
  expect_status "review .$fmt: key dates" 0 "$WK" review "$K" --party gemeente -o "$TMP/g.$fmt"
done
unzip -p "$TMP/g.odt" content.xml >"$TMP/g.xml"
expect_grep "review .odt: the key date keeps the amount" "wijkbudget van EUR.{1,2}45\\.000 per jaar beschikbaar" "$TMP/g.xml"
expect_eq "review .odt: no key-date text cut off" 0 "$(grep -o '…' "$TMP/g.xml" | wc -l)"
unzip -p "$TMP/g.docx" word/document.xml >"$TMP/g-docx.xml"
expect_eq "review .docx: no key-date text cut off" 0 "$(grep -o '…' "$TMP/g-docx.xml" | wc -l)"

finish
