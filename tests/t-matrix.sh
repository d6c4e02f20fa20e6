# t-matrix.sh - `matrix`: the role matrix as text fitted to the terminal,
# RFC 4180 CSV, a GFM table, and ODT/DOCX; contracts with errors refused.
. tests/lib.sh

IN=tests/workflows/buurt.md

# ---- text ----------------------------------------------------------------
COLUMNS=200 expect_status "text: exit 0" 0 "$WK" matrix "$IN"
cp "$TMP/out" "$TMP/wide.txt"
expect_grep "text: title line" '^Rollenmatrix — Wijkcontract De Horst, Versie 1\.2$' "$TMP/wide.txt"
expect_grep "text: legend" '^Legenda: K = Kadersteller, H = Handhaver, F = Facilitator, U = Uitvoerder, I = Initiatiefnemer$' "$TMP/wide.txt"
for name in 'Gemeente Veldhoven-Noord' 'Bewonersgroep "De Horst", Noord' 'Sportclub Horst \| Noord'; do
  expect_grep "text: party row $name" "^$name " "$TMP/wide.txt"
done
expect_grep "text (wide): challenge titles in the header" 'Een veilige speeltuin +Sport voor iedereen, ook in de winter' "$TMP/wide.txt"
# cells under their columns: gemeente K, H | K, F
expect_grep "text: gemeente's cells" '^Gemeente Veldhoven-Noord +K, H +K, F$' "$TMP/wide.txt"
expect_grep "text: sportclub's cells" '^Sportclub Horst \| Noord +F, U +U$' "$TMP/wide.txt"

# narrow terminals: every line fits, titles numbered or wrapped, legend kept
for w in 60 40 24; do
  COLUMNS=$w "$WK" matrix "$IN" >"$TMP/n$w.txt" 2>"$TMP/err"
  widest=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/n$w.txt")
  if [ "$widest" -le "$w" ]; then ok "COLUMNS=$w: no line wider than $w ($widest)"; else
    not_ok "COLUMNS=$w: no line wider than $w" "widest $widest"; fi
  expect_grep "COLUMNS=$w: legend" '^Legenda:' "$TMP/n$w.txt"
  expect_grep "COLUMNS=$w: Initiatiefnemer in the legend" 'I = Initiatiefnemer' "$TMP/n$w.txt"
  expect_grep "COLUMNS=$w: the sport club is listed" 'Sportclub' "$TMP/n$w.txt"
done
expect_grep "COLUMNS=40: numbered challenges have a key" '^  2  Sport voor iedereen, ook in de$' "$TMP/n40.txt"
expect_grep "COLUMNS=40: numbered header" '^Partij +1 +2$' "$TMP/n40.txt"

# many challenges, two parties: the table turns (challenges as rows)
python3 - >"$TMP/wide.md" <<'EOF'
out = ["---", "kind: wijkcontract", "title: Breed", "area: Wijk", 'version: "1.0"', "period:",
       "  start: 2026-01-01", "  end: 2027-12-31", "evaluations:", "  - 2026-06-30", "parties:"]
for pid, t in [("gemeente", "overheid"), ("buurt", "initiatief")]:
    out += ["  - id: %s" % pid, "    name: Partij %s" % pid, "    type: %s" % t, "    mission: Iets.",
            "    signatory:", "      name: N", "      function: voorzitter"]
out.append("challenges:")
for c in range(30):
    out += ["  - id: c%d" % c, "    title: Opgave nummer %d met een lange titel" % c, "    roles:",
            "      kadersteller: gemeente", "      facilitator: gemeente", "      uitvoerder: buurt"]
out.append("commitments:")
for c in range(30):
    for pid in ["gemeente", "buurt"]:
        out += ["  - id: k%d-%s" % (c, pid), "    party: %s" % pid, "    challenge: c%d" % c,
                "    text: Doet iets.", "    impact: Bewoners merken het.", "    due: 2026-03-01"]
out += ["schuurpapier:", "  legitimiteit: a", "  representativiteit: b", "  verantwoording: c", "---",
        "", "# Doel", "", "T.", "", "# Evaluatie", "", "T.", "", "# Geschillen", "", "T.", "",
        "# Beëindiging", "", "T."]
print("\n".join(out))
EOF
COLUMNS=80 expect_status "wide: exit 0" 0 "$WK" matrix "$TMP/wide.md"
expect_grep "wide: transposed header" '^Opgave +Partij gemeente +Partij buurt$' "$TMP/out"
expect_grep "wide: a challenge row" '^Opgave nummer 29 met een lange titel +K, F +U$' "$TMP/out"
expect_eq "wide: one row per challenge" 30 "$(grep -c '^Opgave nummer' "$TMP/out")"

# commitments per party: a joint one counted for each party, general ones named
COLUMNS=100 expect_status "v2: exit 0" 0 "$WK" matrix tests/workflows/buurt-v2.md
expect_grep "v2: counts under a heading" '^Afspraken per partij:$' "$TMP/out"
expect_grep "v2: the municipality's count" '^  Gemeente Veldhoven-Noord +2$' "$TMP/out"
expect_grep "v2: joint and general commitments counted" '^  Bewonersgroep "De Horst", Noord +3 \(1 algemeen\)$' "$TMP/out"
expect_grep "v2: the joint commitment counts for the club too" '^  Sportclub Horst \| Noord +3$' "$TMP/out"
expect_status "v2 md: exit 0" 0 "$WK" matrix tests/workflows/buurt-v2.md -o "$TMP/v2.md"
expect_grep "v2 md: counts" '^- Bewonersgroep "De Horst", Noord: 3 \(1 algemeen\)$' "$TMP/v2.md"

# -o x.txt writes the same text (COLUMNS applies, no terminal)
COLUMNS=200 expect_status "-o x.txt: exit 0" 0 "$WK" matrix "$IN" -o "$TMP/m.txt"
expect_same "-o x.txt equals standard output" "$TMP/wide.txt" "$TMP/m.txt"

# ---- CSV -----------------------------------------------------------------
expect_status "csv: exit 0" 0 "$WK" matrix "$IN" -o "$TMP/m.csv"
if python3 - "$TMP/m.csv" <<'EOF' >"$TMP/py.out" 2>&1; then ok "csv: parsed, cells match the source's roles"; else not_ok "csv: parsed, cells match the source's roles" "$(cat "$TMP/py.out")"; fi
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n"), "last line ends with CRLF"
assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF found"
assert raw.startswith(b"\xef\xbb\xbf"), "a Dutch CSV starts with a byte-order mark"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"), delimiter=";"))
assert rows[0] == ["Partij", "Een veilige speeltuin", "Sport voor iedereen, ook in de winter"], rows[0]
expected = {
    "Gemeente Veldhoven-Noord": ["Kadersteller, Handhaver", "Kadersteller, Facilitator"],
    'Bewonersgroep "De Horst", Noord': ["Uitvoerder, Initiatiefnemer", ""],
    "Sportclub Horst | Noord": ["Facilitator, Uitvoerder", "Uitvoerder"],
}
got = {r[0]: r[1:] for r in rows[1:]}
assert list(got) == list(expected), list(got)
assert got == expected, got
EOF
# quoting of a field with quotes and a comma, doubled quotes
expect_grep "csv: quotes doubled inside a quoted field" '^"Bewonersgroep ""De Horst"", Noord";' "$TMP/m.csv"

# the shipped example, checked against its YAML when PyYAML is there
EX=contracts/wijkcontract-klaverveld.md
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "note $T_SUITE: python3-yaml is not installed (make test installs it): the example's csv is not compared with its YAML"
elif [ -f "$EX" ]; then
  "$WK" matrix "$EX" -o "$TMP/ex.csv" >/dev/null 2>"$TMP/err"
  if python3 - "$EX" "$TMP/ex.csv" <<'EOF' >"$TMP/py.out" 2>&1; then ok "csv of $EX matches its roles"; else not_ok "csv of $EX matches its roles" "$(cat "$TMP/py.out")"; fi
import csv, sys, yaml
src = open(sys.argv[1], encoding="utf-8").read().split("\n---", 1)[0]
meta = yaml.safe_load(src.split("---", 1)[1])
labels = {"kadersteller": "Kadersteller", "handhaver": "Handhaver", "facilitator": "Facilitator",
          "uitvoerder": "Uitvoerder", "initiatiefnemer": "Initiatiefnemer"}
order = list(labels)
rows = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8-sig"), delimiter=";"))
assert rows[0][0] == "Partij" and rows[0][1:] == [c["title"] for c in meta["challenges"]]
names = {p["id"]: p["name"] for p in meta["parties"]}
assert [r[0] for r in rows[1:]] == [p["name"] for p in meta["parties"]]
for p in meta["parties"]:
    row = next(r for r in rows[1:] if r[0] == p["name"])
    for i, ch in enumerate(meta["challenges"]):
        held = [role for role in order
                if p["id"] in ([ch["roles"][role]] if isinstance(ch["roles"].get(role), str) else ch["roles"].get(role) or [])]
        assert row[1 + i] == ", ".join(labels[r] for r in held), (p["id"], ch["id"], row[1 + i], held)
EOF
fi

# an English contract: ',' and no byte-order mark, a title in every column
expect_status "csv in English: exit 0" 0 "$WK" matrix contracts/cba-riverside.md -o "$TMP/en.csv"
expect_grep "csv in English: comma-separated, the first column titled" '^Party,Good jobs' "$TMP/en.csv"
expect_eq "csv in English: no byte-order mark" "Pa" "$(head -c 2 "$TMP/en.csv")"

# ---- Markdown ------------------------------------------------------------
expect_status "md: exit 0" 0 "$WK" matrix "$IN" -o "$TMP/m.md"
if python3 - "$TMP/m.md" <<'EOF' >"$TMP/py.out" 2>&1; then ok "md: a GFM table with one row per party"; else not_ok "md: a GFM table with one row per party" "$(cat "$TMP/py.out")"; fi
import re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.startswith("|")]
assert len(lines) == 2 + 3, lines
def cells(l):
    return [c.strip() for c in re.split(r"(?<!\\)\|", l)[1:-1]]
assert all(len(cells(l)) == 3 for l in lines), [cells(l) for l in lines]
assert re.fullmatch(r"\|(-{3,}\|){3}", lines[1]), lines[1]
assert cells(lines[0]) == ["Partij", "Een veilige speeltuin", "Sport voor iedereen, ook in de winter"]
assert cells(lines[4]) == [r"Sportclub Horst \| Noord", "F, U", "U"], cells(lines[4])
assert cells(lines[3])[2] == "", cells(lines[3])
EOF
expect_grep "md: legend" '^\*\*Legenda:\*\* K = Kadersteller' "$TMP/m.md"

# ---- documents -----------------------------------------------------------
expect_status "odt: exit 0" 0 "$WK" matrix "$IN" -o "$TMP/m.odt"
expect_status "docx: exit 0" 0 "$WK" matrix "$IN" -o "$TMP/m.docx"
if have_shared validate-odt; then
  expect_status "odt: valid (strict)" 0 "$SHARED/tools/validate-odt" --strict "$TMP/m.odt"
fi
if have_shared validate-docx; then
  expect_status "docx: valid (strict)" 0 "$SHARED/tools/validate-docx" --strict "$TMP/m.docx"
fi
if have_tool pandoc "reading the matrix back"; then
  pandoc -f docx -t plain "$TMP/m.docx" >"$TMP/m.plain" 2>/dev/null
  expect_grep "docx: the matrix holds the parties" 'Sportclub Horst' "$TMP/m.plain"
  expect_grep "docx: the matrix holds the legend" 'Initiatiefnemer' "$TMP/m.plain"
fi

# commitments per party in the documents, as in the text: the joint
# commitment of the residents and the club counts for each of them, the
# general one is counted apart; `matrix -o` and the contract's matrix annex
if have_tool pandoc "reading the commitment counts back"; then
  V2=tests/workflows/buurt-v2.md
  for fmt in odt docx; do
    expect_status "v2 $fmt: matrix, exit 0" 0 "$WK" matrix "$V2" -o "$TMP/v2m.$fmt"
    expect_status "v2 $fmt: contract, exit 0" 0 "$WK" build "$V2" -o "$TMP/v2c.$fmt"
    for d in v2m v2c; do
      python3 tests/pandoc_rows.py "$TMP/$d.$fmt" >"$TMP/$d.$fmt.rows"
      R=$TMP/$d.$fmt.rows
      expect_grep "v2 $fmt $d: counts under a heading" '^## Afspraken per partij$' "$R"
      expect_grep "v2 $fmt $d: joint and general commitments counted" '^\| Bewonersgroep .De Horst., Noord \| 3 \| 1 \|$' "$R"
      expect_grep "v2 $fmt $d: the joint commitment counts for the club too" '^\| Sportclub Horst \| Noord \| 3 \| 0 \|$' "$R"
      expect_grep "v2 $fmt $d: the municipality's count" '^\| Gemeente Veldhoven-Noord \| 2 \| 0 \|$' "$R"
    done
    expect_status "cba $fmt: matrix, exit 0" 0 "$WK" matrix contracts/cba-la-sports-district.md -o "$TMP/cba.$fmt"
    python3 tests/pandoc_rows.py "$TMP/cba.$fmt" >"$TMP/cba.$fmt.rows"
    expect_grep "cba $fmt: a joint commitment counts for the coalition" '^\| Figueroa Corridor Coalition for Economic Justice \| 2 \| 1 \|$' "$TMP/cba.$fmt.rows"
    expect_grep "cba $fmt: and for the developer" '^\| L\.A\. Arena Land Company \| 8 \| 0 \|$' "$TMP/cba.$fmt.rows"
    # without general commitments there is no column for them
    python3 tests/pandoc_rows.py "$TMP/m.$fmt" >"$TMP/m.$fmt.rows"
    expect_grep "v1 $fmt: counts without a general column" '^\| Sportclub Horst \| Noord \| [0-9]+ \|$' "$TMP/m.$fmt.rows"
  done
  if have_shared validate-odt; then
    for f in "$TMP"/v2m.odt "$TMP"/v2c.odt "$TMP"/cba.odt; do
      expect_status "$(basename "$f"): valid (strict)" 0 "$SHARED/tools/validate-odt" --strict "$f"
    done
  fi
  if have_shared validate-docx; then
    for f in "$TMP"/v2m.docx "$TMP"/v2c.docx "$TMP"/cba.docx; do
      expect_status "$(basename "$f"): valid (strict)" 0 "$SHARED/tools/validate-docx" --strict "$f"
    done
  fi
fi

# the English example: labels in the contract's language
if [ -f contracts/cba-riverside.md ]; then
  COLUMNS=120 expect_status "cba: exit 0" 0 "$WK" matrix contracts/cba-riverside.md
  expect_grep "cba: English heading" '^Role matrix — ' "$TMP/out"
  expect_grep "cba: English legend" '^Legend: FS = Framework-setter' "$TMP/out"
fi

# ---- a matrix over several tables -------------------------------------------
# 20 challenges: the document's matrix is three tables (8 + 8 + 4 columns),
# `matrix` -o .docx/.odt (landscape) two (14 + 6). A table lists the parties
# with a role in one of its challenges; the legend says so. Before, every
# table listed every party. In DOCX a paragraph parts the tables.
python3 - >"$TMP/tables.md" <<'EOF'
out = ["---", "kind: wijkcontract", "language: nl", "title: Wijkcontract Veel Opgaven",
       "area: Testwijk", 'version: "1.0"', "status: concept", "date: 2026-01-05",
       "period:", "  start: 2026-01-01", "  end: 2027-12-31", "evaluations:", "  - 2026-06-30",
       "parties:"]
names = {"gemeente": "Gemeente Testwijk", "eerste": "Stichting Eerste", "tweede": "Stichting Tweede",
         "vierde": "Bewoners Vierde"}
for pid, name in names.items():
    out += ["  - id: " + pid, "    name: " + name, "    short: de " + name.split()[-1],
            "    type: " + {"gemeente": "overheid", "vierde": "initiatief"}.get(pid, "maatschappelijke-organisatie"),
            "    mission: Samen wonen in de wijk.",
            "    signatory:", "      name: Persoon " + pid, "      function: voorzitter"]
# who carries out what: eerste 1-3, tweede 12, vierde 2 and 17
doers = {1: ["eerste"], 2: ["eerste", "vierde"], 3: ["eerste"], 12: ["tweede"], 17: ["vierde"]}
out.append("challenges:")
for j in range(1, 21):
    out += ["  - id: opgave-%d" % j, "    title: Opgave %d" % j, "    roles:",
            "      kadersteller: gemeente", "      facilitator: gemeente"]
    if j in doers:
        out.append("      uitvoerder: [%s]" % ", ".join(doers[j]))
out.append("commitments:")
for j in range(1, 21):
    for pid in ["gemeente"] + doers.get(j, []):
        out += ["  - id: t-%s-%d" % (pid, j), "    party: " + pid, "    challenge: opgave-%d" % j,
                "    text: Inzet van %s voor opgave %d" % (pid, j), "    obligation: inspanning",
                "    impact: Bewoners voelen zich meer verbonden",
                "    measure: Jaarlijkse bewonersenquete", "    due: 2026-09-15"]
out += ["schuurpapier:", "  legitimiteit: Voor alle bewoners.",
        "  representativiteit: Het bestuur spreekt na overleg.",
        "  verantwoording: Een kort jaarverslag volstaat.", "---", ""]
for h in ("Doel", "Evaluatie", "Geschillen", "Beëindiging"):
    out += ["# " + h, "", "De partijen werken samen aan de opgaven.", ""]
print("\n".join(out))
EOF
expect_status "several tables: build exit 0" 0 "$WK" build "$TMP/tables.md" -o "$TMP/tables.docx"
expect_status "several tables: build ODT exit 0" 0 "$WK" build "$TMP/tables.md" -o "$TMP/tables.odt"
expect_status "several tables: matrix -o .docx exit 0" 0 "$WK" matrix "$TMP/tables.md" -o "$TMP/tables-m.docx"
expect_status "several tables: matrix -o .odt exit 0" 0 "$WK" matrix "$TMP/tables.md" -o "$TMP/tables-m.odt"
cat >"$TMP/tables.py" <<'EOF'
# The matrix tables of a document: for each, its first challenge column's
# header and the party names of its rows; and that the legend says which
# rows a table has.
import ast, sys, zipfile, xml.etree.ElementTree as ET
path, want = sys.argv[1], ast.literal_eval(sys.argv[2])
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
z = zipfile.ZipFile(path)
if path.endswith(".docx"):
    # tables that touch are one table to Word and LibreOffice (the first
    # one's header row would head every page of all of them)
    assert b"</w:tbl><w:tbl>" not in z.read("word/document.xml"), "two tables touch"
    root = ET.fromstring(z.read("word/document.xml"))
    tables = [[["".join(t.text or "" for t in c.iter(W + "t")) for c in r.findall(W + "tc")]
               for r in tb.findall(W + "tr")] for tb in root.iter(W + "tbl")]
    text = "".join(t.text or "" for t in root.iter(W + "t"))
else:
    root = ET.fromstring(z.read("content.xml"))
    tables = [[["".join(p.itertext()) for p in r.findall(T + "table-cell")]
               for r in tb.iter(T + "table-row")] for tb in root.iter(T + "table")]
    text = "".join(root.itertext())
got = [(t[0][1], [r[0] for r in t[1:]]) for t in tables
       if t and len(t[0]) > 1 and t[0][0] == "Partij" and t[0][1].isdigit()]
assert got == want, got
assert "Een tabel noemt de partijen met een rol in een van haar opgaven" in text, "legend"
EOF
doc_want='[("1", ["Gemeente Testwijk", "Stichting Eerste", "Bewoners Vierde"]), ("9", ["Gemeente Testwijk", "Stichting Tweede"]), ("17", ["Gemeente Testwijk", "Bewoners Vierde"])]'
landscape_want='[("1", ["Gemeente Testwijk", "Stichting Eerste", "Stichting Tweede", "Bewoners Vierde"]), ("15", ["Gemeente Testwijk", "Bewoners Vierde"])]'
for f in tables.docx tables.odt; do
  if python3 "$TMP/tables.py" "$TMP/$f" "$doc_want" >"$TMP/py.out" 2>&1; then
    ok "several tables ($f): each lists the parties with a role in its challenges"
  else not_ok "several tables ($f): each lists the parties with a role in its challenges" "$(cat "$TMP/py.out")"; fi
done
for f in tables-m.docx tables-m.odt; do
  if python3 "$TMP/tables.py" "$TMP/$f" "$landscape_want" >"$TMP/py.out" 2>&1; then
    ok "several tables ($f, landscape): each lists the parties with a role in its challenges"
  else not_ok "several tables ($f, landscape): each lists the parties with a role in its challenges" "$(cat "$TMP/py.out")"; fi
done
if have_shared validate-docx; then
  expect_status "several tables: DOCX valid (strict)" 0 "$SHARED/tools/validate-docx" --strict "$TMP/tables.docx"
fi
if have_shared validate-odt; then
  expect_status "several tables: ODT valid (strict)" 0 "$SHARED/tools/validate-odt" --strict "$TMP/tables.odt"
fi

# ---- refusals --------------------------------------------------------------
sed 's/^      kadersteller: gemeente$/      kadersteller: nobody/' "$IN" >"$TMP/bad.md"
expect_status "errors: exit 1" 1 "$WK" matrix "$TMP/bad.md" -o "$TMP/bad.csv"
expect_grep "errors: the finding is printed" 'error: .*\[unknown-reference\]' "$TMP/err"
if [ -e "$TMP/bad.csv" ]; then not_ok "errors: nothing written"; else ok "errors: nothing written"; fi
expect_status "unknown extension: usage error" 2 "$WK" matrix "$IN" -o "$TMP/m.pdf"
expect_status "no file: usage error" 2 "$WK" matrix
expect_status "missing file: exit 2" 2 "$WK" matrix "$TMP/absent.md"
cp "$IN" "$TMP/self.md"
cp "$IN" "$TMP/self.keep"
expect_status "refuses to overwrite its input" 1 "$WK" matrix "$TMP/self.md" -o "$TMP/self.md"
expect_same "input unchanged" "$TMP/self.keep" "$TMP/self.md"

finish
