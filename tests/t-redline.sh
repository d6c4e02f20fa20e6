# t-redline.sh - `redline OLD.md NEW.md -o OUT`: NEW's document with the
# changes from OLD as tracked changes (author "wijkcontract", dated), word
# by word. Checked as users will: for DOCX pandoc --track-changes=accept
# gives NEW's text and --track-changes=reject OLD's; for ODT LibreOffice
# (through python3-uno) accepting or rejecting all does the same; both
# validate --strict.
. tests/lib.sh

W=tests/workflows
export SOURCE_DATE_EPOCH=1790000000 # the revisions' date: 2026-09-21T14:13:20Z

# the words of a document's text as pandoc reads it (table rules left out)
words() { # FILE [PANDOC OPTIONS...]
  f=$1
  shift
  pandoc -f docx "$@" -t plain --wrap=none "$f" 2>/dev/null | tr -s ' \t\n' '\n' | grep -v '^[-+|=:]*$'
}

roundtrip() { # NAME OLD NEW (lib.sh's helpers use $rt)
  rt=$1 old=$2 new=$3
  expect_status "$rt: written" 0 "$WK" redline "$old" "$new" -o "$TMP/$rt.docx"
  "$WK" build -q --draft "$old" -o "$TMP/$rt-old.docx" 2>/dev/null
  "$WK" build -q --draft "$new" -o "$TMP/$rt-new.docx" 2>/dev/null
  words "$TMP/$rt-new.docx" >"$TMP/$rt-new.w"
  words "$TMP/$rt-old.docx" >"$TMP/$rt-old.w"
  words "$TMP/$rt.docx" --track-changes=accept >"$TMP/$rt-acc.w"
  words "$TMP/$rt.docx" --track-changes=reject >"$TMP/$rt-rej.w"
  expect_same "$rt: accepting all gives NEW's text" "$TMP/$rt-new.w" "$TMP/$rt-acc.w"
  expect_same "$rt: rejecting all gives OLD's text" "$TMP/$rt-old.w" "$TMP/$rt-rej.w"
  if have_shared validate-docx; then
    expect_status "$rt: valid (strict)" 0 "$SHARED/tools/validate-docx" --strict "$TMP/$rt.docx"
  fi
}

if have_tool pandoc "the accept/reject round trips"; then
  roundtrip v1 $W/buurt.md $W/buurt-new.md
  roundtrip v2 $W/buurt-v2.md $W/buurt-v2-new.md
  roundtrip progress $W/buurt-v2.md $W/report.md
fi

# ---- the structured parts compared by id -----------------------------------------
# OLD: buurt-v2 with a party (Bakkerij Van Dam, a role, a commitment) and a
# condition more; NEW: both gone, the party after it renamed, a commitment
# moved up and its text changed, a condition's date moved
python3 - "$TMP" <<'EOF'
import sys
d = sys.argv[1]
src = open("tests/workflows/buurt-v2.md", encoding="utf-8").read()
def sub(s, a, b):
    assert a in s, a
    return s.replace(a, b, 1)
bakker = """  - id: bakker
    name: Bakkerij Van Dam
    short: de Bakker
    type: bedrijf
    signatory:
      name: Ria van Dam
      function: eigenaar

  - id: sportclub
"""
old = sub(src, "  - id: sportclub\n", bakker)
old = sub(old, "      uitvoerder: sportclub\n", "      uitvoerder: sportclub\n      initiatiefnemer: bakker\n")
old = sub(old, "\nconditions:\n", """
  - id: traktatie
    party: bakker
    text: De Bakker trakteert na elke winterles op fruit.
    impact: Kinderen ervaren sporten als iets leuks om samen te doen.
    recurrence: wekelijks van november tot en met maart

conditions:
""")
old = sub(old, "conditions:\n", """conditions:
  - id: vergunning
    text: De omgevingsvergunning voor het hek is verleend.
    due: 2026-03-15
""")
new = sub(src, 'name: Sportclub Horst | Noord', 'name: Sportclub Horst-Noord')
# winterlessen moves before toezicht, its text changed
i, j = new.index("  - id: toezicht\n"), new.index("  - id: zaal\n")
toezicht = new[i:j]
new = new[:i] + new[j:]
i, j = new.index("  - id: winterlessen\n"), new.index("  - id: steun\n")
winter = new[i:j].replace("gratis lessen in de gymzaal", "gratis lessen en trainingen in de gymzaal")
new = new[:i] + new[j:]
new = sub(new, "  - id: zaal\n", winter + toezicht + "  - id: zaal\n")
new = sub(new, "    status: vervuld\n    due: 2026-04-01", "    status: vervuld\n    due: 2026-05-01")
# an article's paragraph deleted, another's inserted: whole paragraphs
old = sub(old, "effecten dichterbij komen.\n", "effecten dichterbij komen.\n\nHet verslag van elke evaluatie gaat naar alle partijen.\n")
new = sub(new, "Het contract eindigt aan het einde van de looptijd.", "Het contract eindigt aan het einde van de looptijd.\n\nPartijen kunnen het contract samen verlengen.")
open(d + "/ids-old.md", "w", encoding="utf-8").write(old)
open(d + "/ids-new.md", "w", encoding="utf-8").write(new)
EOF
if have_tool pandoc "the accept/reject round trips"; then
  roundtrip ids "$TMP/ids-old.md" "$TMP/ids-new.md"
fi
"$WK" redline "$TMP/ids-old.md" "$TMP/ids-new.md" -o "$TMP/ids.docx" >/dev/null
unzip -p "$TMP/ids.docx" word/document.xml >"$TMP/ids.xml"
for check in "party:a removed party's paragraphs and rows deleted whole, nothing else with them" \
    "moved:a moved commitment's changed words marked in place, not deleted and inserted" \
    "date:a moved date a changed cell in its condition's row"; do
  if python3 tests/redline_parts.py "${check%%:*}" "$TMP/ids.xml" >"$TMP/py.out" 2>&1; then
    ok "ids: ${check#*:}"
  else
    not_ok "ids: ${check#*:}" "$(cat "$TMP/py.out")"
  fi
done

# ---- footnotes: OLD's that NEW lacks deleted, NEW's own inserted ------------------
python3 - "$TMP" <<'EOF'
import sys
d = sys.argv[1]
src = open("tests/workflows/buurt-v2.md", encoding="utf-8").read()
old = src.replace("effecten dichterbij komen.\n", "effecten dichterbij komen.[^verslag]\n", 1)
old = old.replace("mediator.\n", "mediator.[^mediator]\n\n[^verslag]: Het verslag gaat naar alle partijen.\n\n"
                  "[^mediator]: Een mediator van het buurtbemiddelingsbureau.\n", 1)
new = src.replace("mediator.\n", "mediator.[^mediator]\n\n[^mediator]: Een mediator van het buurtbemiddelingsbureau.\n", 1)
new = new.replace("Het contract eindigt aan het einde van de looptijd.",
                  "Het contract eindigt aan het einde van de looptijd.[^verlenging]\n\n"
                  "[^verlenging]: Partijen kunnen het contract samen verlengen.", 1)
open(d + "/fn-old.md", "w", encoding="utf-8").write(old)
open(d + "/fn-new.md", "w", encoding="utf-8").write(new)
EOF
if have_tool pandoc "the accept/reject round trips"; then
  roundtrip fn "$TMP/fn-old.md" "$TMP/fn-new.md"
fi

# ---- the revision marks themselves -----------------------------------------------
"$WK" redline $W/buurt.md $W/buurt-new.md -o "$TMP/r.docx" >/dev/null
unzip -p "$TMP/r.docx" word/document.xml >"$TMP/document.xml"
python3 - "$TMP/document.xml" <<'EOF' >"$TMP/py.out" 2>&1 && ok "docx: revisions by wijkcontract, dated, word by word" || not_ok "docx: revisions by wijkcontract, dated, word by word" "$(cat "$TMP/py.out")"
import sys, re
import xml.dom.minidom as md
d = md.parse(sys.argv[1])
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ins = d.getElementsByTagNameNS(W, "ins")
dels = d.getElementsByTagNameNS(W, "del")
assert ins and dels, (len(ins), len(dels))
ids = set()
for e in list(ins) + list(dels):
    assert e.getAttributeNS(W, "author") == "wijkcontract", e.toxml()
    assert e.getAttributeNS(W, "date") == "2026-09-21T14:13:20Z", e.getAttributeNS(W, "date")
    i = e.getAttributeNS(W, "id")
    assert i not in ids, i
    ids.add(i)
def text(e, tag):
    return "".join(t.firstChild.data for t in e.getElementsByTagNameNS(W, tag) if t.firstChild)
inserted = [text(e, "t") for e in ins]
deleted = [text(e, "delText") for e in dels]
# the changed sentence of "Geschillen": only the new words are inserted
assert " in het wijkoverleg" in inserted, inserted
assert not any("Partijen lossen geschillen" in s for s in inserted + deleted), (inserted, deleted)
# the renamed article: its heading's old words deleted, the new inserted
assert any("Beëindiging" in s for s in deleted), deleted
assert any("Einde van het contract" in s or "Einde" in s for s in inserted), inserted
# the added party: its whole entry inserted, its paragraph mark too
assert any("Bakkerij Van Dam" in s for s in inserted), inserted
marks = [p for p in d.getElementsByTagNameNS(W, "pPr") if p.getElementsByTagNameNS(W, "ins")]
assert marks, "no inserted paragraph mark"
EOF

# ---- ODT: LibreOffice accepts and rejects (python3-uno) -------------------------
PYUNO=
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import uno' 2>/dev/null; then PYUNO=$py; break; fi
done
for pair in "v1 $W/buurt.md $W/buurt-new.md" "progress $W/buurt-v2.md $W/report.md" "ids $TMP/ids-old.md $TMP/ids-new.md" "fn $TMP/fn-old.md $TMP/fn-new.md"; do
  set -- $pair
  expect_status "odt $1: written" 0 "$WK" redline "$2" "$3" -o "$TMP/$1.odt"
  if have_shared validate-odt; then
    expect_status "odt $1: valid (strict)" 0 "$SHARED/tools/validate-odt" --strict "$TMP/$1.odt"
  fi
  "$WK" build -q --draft "$2" -o "$TMP/$1-old.odt" 2>/dev/null
  "$WK" build -q --draft "$3" -o "$TMP/$1-new.odt" 2>/dev/null
  # under the sanitizers (WK_SKIP_RENDER) the documents are the plain run's
  # bytes; LibreOffice's time is not spent in our code
  [ -n "${WK_SKIP_RENDER:-}" ] && continue
  if [ -z "$PYUNO" ] || ! have_tool soffice "the LibreOffice accept/reject round trips"; then
    [ -z "$PYUNO" ] && echo "note $T_SUITE: python3-uno is not installed (make test installs it): the LibreOffice round trips are skipped"
    continue
  fi
  if timeout 600 "$PYUNO" tests/redline_uno.py accept "$TMP/$1.odt" "$TMP/$1-acc.txt" reject "$TMP/$1.odt" "$TMP/$1-rej.txt" \
      none "$TMP/$1-new.odt" "$TMP/$1-new.txt" none "$TMP/$1-old.odt" "$TMP/$1-old.txt" >"$TMP/uno.out" 2>&1; then
    for f in acc rej new old; do tr -s ' \t\n' '\n' <"$TMP/$1-$f.txt" | grep -v '^$' >"$TMP/$1-$f.lw"; done
    expect_same "odt $1: LibreOffice accepting all gives NEW's text" "$TMP/$1-new.lw" "$TMP/$1-acc.lw"
    expect_same "odt $1: LibreOffice rejecting all gives OLD's text" "$TMP/$1-old.lw" "$TMP/$1-rej.lw"
    # paragraph for paragraph: no empty one left where one was deleted or
    # inserted whole. (Not for v1 and progress, which insert or delete
    # whole tables: ODF's tracked changes, as LibreOffice 7.4 reads them,
    # cannot take a table or a row away, which stays behind empty.)
    case $1 in ids | fn)
      expect_same "odt $1: accepting all gives NEW's paragraphs exactly" "$TMP/$1-new.txt.paras" "$TMP/$1-acc.txt.paras"
      expect_same "odt $1: rejecting all gives OLD's paragraphs exactly" "$TMP/$1-old.txt.paras" "$TMP/$1-rej.txt.paras"
      # the DOCX in LibreOffice too: a paragraph changed whole has its mark
      # changed (w:pPr/w:rPr), so none is left empty
      "$WK" redline "$2" "$3" -o "$TMP/$1-lo.docx" >/dev/null
      "$WK" build -q --draft "$2" -o "$TMP/$1-lo-old.docx" 2>/dev/null
      "$WK" build -q --draft "$3" -o "$TMP/$1-lo-new.docx" 2>/dev/null
      if timeout 600 "$PYUNO" tests/redline_uno.py accept "$TMP/$1-lo.docx" "$TMP/$1-dacc.txt" \
          reject "$TMP/$1-lo.docx" "$TMP/$1-drej.txt" none "$TMP/$1-lo-new.docx" "$TMP/$1-dnew.txt" \
          none "$TMP/$1-lo-old.docx" "$TMP/$1-dold.txt" >"$TMP/uno.out" 2>&1; then
        expect_same "docx $1: LibreOffice accepting all gives NEW's paragraphs exactly" "$TMP/$1-dnew.txt.paras" "$TMP/$1-dacc.txt.paras"
        expect_same "docx $1: LibreOffice rejecting all gives OLD's paragraphs exactly" "$TMP/$1-dold.txt.paras" "$TMP/$1-drej.txt.paras"
        expect_same "docx $1: LibreOffice rejecting all gives OLD's text and notes" "$TMP/$1-dold.txt" "$TMP/$1-drej.txt"
      else
        not_ok "docx $1: LibreOffice opens it and takes the changes" "$(cat "$TMP/uno.out")"
      fi
      ;;
    esac
  else
    not_ok "odt $1: LibreOffice opens it and takes the changes" "$(cat "$TMP/uno.out")"
  fi
done
unzip -p "$TMP/v1.odt" content.xml >"$TMP/content.xml"
python3 - "$TMP/content.xml" <<'EOF' >"$TMP/py.out" 2>&1 && ok "odt: regions by wijkcontract, dated, marked in the text" || not_ok "odt: regions by wijkcontract, dated, marked in the text" "$(cat "$TMP/py.out")"
import sys
import xml.dom.minidom as md
d = md.parse(sys.argv[1])
T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"
regions = d.getElementsByTagNameNS(T, "changed-region")
assert regions, "no changed regions"
assert all(c.firstChild.data == "wijkcontract" for c in d.getElementsByTagNameNS(DC, "creator"))
assert all(c.firstChild.data == "2026-09-21T14:13:20" for c in d.getElementsByTagNameNS(DC, "date"))
ids = {r.getAttributeNS(T, "id") for r in regions}
marks = [m.getAttributeNS(T, "change-id") for tag in ("change", "change-start") for m in d.getElementsByTagNameNS(T, tag)]
assert sorted(marks) == sorted(ids), (len(marks), len(ids))
assert d.getElementsByTagNameNS(T, "deletion") and d.getElementsByTagNameNS(T, "insertion")
EOF

# ---- a large contract: memory stays bounded ---------------------------------------
# the 200-party contract of tests/bench.sh against a version with a tenth
# of its commitments, some party names and article sentences changed
python3 - "$TMP" <<'EOF'
import sys
src = open("tests/bench.sh", encoding="utf-8").read()
ns = {}
exec(src[src.index("TYPES = "):src.index("def timed")], ns)
old = ns["contract"](200)
new = []
for l in old.split("\n"):
    if l.startswith("    text: Inzet 1 van partij ") and int(l.split()[-4]) % 5 == 0:
        l = l.replace("voor de opgave", "voor de opgave, samen met de buren")
    if l.startswith("    name: Organisatie") and int(l.split()[-1]) % 10 == 3:
        l += " en Zonen"
    new.append(l)
new = "\n".join(new).replace("Zij stemmen", "Zij bespreken en stemmen", 3)
open(sys.argv[1] + "/big-old.md", "w", encoding="utf-8").write(old)
open(sys.argv[1] + "/big-new.md", "w", encoding="utf-8").write(new)
EOF
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M" -o "$TMP/rss" "$WK" redline "$TMP/big-old.md" "$TMP/big-new.md" -o "$TMP/big.docx" >/dev/null 2>"$TMP/err"
  expect_eq "200 parties: written" 0 "$?"
  rss=$(tail -1 "$TMP/rss")
  # (under the sanitizers, t-asan, memory is not comparable)
  if [ -n "${WK_IN_ASAN:-}" ] || [ "$rss" -lt 51200 ]; then ok "200 parties: under 50 MB ($rss KB)"; else not_ok "200 parties: under 50 MB" "$rss KB"; fi
  if have_tool pandoc; then
    "$WK" build -q "$TMP/big-new.md" -o "$TMP/big-new.docx" 2>/dev/null
    words "$TMP/big-new.docx" >"$TMP/big-new.w"
    words "$TMP/big.docx" --track-changes=accept >"$TMP/big-acc.w"
    expect_same "200 parties: accepting all gives NEW's text" "$TMP/big-new.w" "$TMP/big-acc.w"
  fi
fi

# ---- refusals ------------------------------------------------------------------------
expect_status "other kinds: refused" 1 "$WK" redline $W/buurt.md contracts/cba-riverside.md -o "$TMP/k.docx"
expect_grep "other kinds: says so" 'versions of one contract' "$TMP/err"
sed 's/^language: nl/language: en/' $W/buurt-new.md >"$TMP/en.md"
expect_status "other languages: refused" 1 "$WK" redline $W/buurt.md "$TMP/en.md" -o "$TMP/l.docx"
expect_grep "other languages: says so" 'one language' "$TMP/err"
sed 's/^    type: initiatief$/    type: vereniging/' $W/buurt-new.md >"$TMP/bad.md"
expect_status "errors: refused like build" 1 "$WK" redline $W/buurt.md "$TMP/bad.md" -o "$TMP/bad.docx"
if [ -e "$TMP/bad.docx" ] || [ -e "$TMP/k.docx" ] || [ -e "$TMP/l.docx" ]; then not_ok "refused: nothing written"; else ok "refused: nothing written"; fi
expect_status "errors, --draft: written" 0 "$WK" redline --draft $W/buurt.md "$TMP/bad.md" -o "$TMP/bad.docx"
unzip -p "$TMP/bad.docx" 'word/*.xml' >"$TMP/bad.xml"
expect_grep "errors, --draft: every page says a draft with errors" 'CONCEPT MET FOUTEN' "$TMP/bad.xml"
expect_status "no -o: usage error" 2 "$WK" redline $W/buurt.md $W/buurt-new.md
expect_status "-o .pdf: usage error" 2 "$WK" redline $W/buurt.md $W/buurt-new.md -o "$TMP/x.pdf"

finish
