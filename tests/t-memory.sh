# t-memory.sh - every input stays under 256 MB of peak memory (resident
# set, in bytes, as /usr/bin/time reports it; no timings): for each kind of
# input
# the worst case is built here and run once.
# - contracts: the body's size bound (load.c, body_fits) admits a different
#   amount of each kind of Markdown; for the costliest kinds the largest
#   body it accepts is built to both formats (and 2% more must be refused,
#   so the case stays the largest even when the bound changes);
# - reference documents (.docx, .odt): parts at zipio's caps (32 MiB an
#   entry), as dense a tree as XML allows, 218,000 styles that are all
#   kept, or styles that all say a parent (each is kept in what the face
#   of the table text is found from);
# - documents given to verify (and the existing output build looks into):
#   every part it may read at the cap.
# Under the sanitizers (t-asan sets WK_IN_ASAN) memory is not comparable:
# the reference documents and documents run for sanitizer reports only,
# and the contracts are skipped.
. tests/lib.sh
command -v python3 >/dev/null && [ -x /usr/bin/time ] ||
  { echo "note $T_SUITE: python3 or /usr/bin/time absent (make test-deps installs them): skipped"; finish; exit 0; }

SRC=contracts/wijkcontract-klaverveld.md
[ -f "$SRC" ] || SRC=$(ls contracts/*.md | head -n 1)
for fmt in odt docx; do
  "$WK" build "$SRC" --draft -o "$TMP/base.$fmt" >/dev/null 2>&1 || { not_ok "base $fmt builds"; finish; exit 0; }
done

python3 - "$WK" "$TMP" "$SRC" tests/fuzz/corpus-contract/minimal.md <<'PY' >"$TMP/results"
import os, re, string, subprocess, sys, zipfile
WK, TMP, SRC, MINIMAL = sys.argv[1:5]
LIMIT = 256 * 1024 * 1024
ASAN = bool(os.environ.get("WK_IN_ASAN"))
MiB = 1024 * 1024
CAP = 32 * MiB - 64 * 1024  # under zipio's 32 MiB an entry
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

def run(args):
    """exit status, peak resident bytes, stderr. Through /usr/bin/time: a
    child forked from this (large) Python would count its memory too."""
    peak_file = os.path.join(TMP, "peak")
    with open(os.path.join(TMP, "stderr"), "wb") as err:
        rc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file] + args,
                            stdout=subprocess.DEVNULL, stderr=err).returncode
    peak = int(open(peak_file).read().split()[-1]) * 1024  # the last line: "Command exited ..." may precede
    return rc, peak, open(os.path.join(TMP, "stderr")).read()

def check(name, args, want):
    rc, peak, err = run(args)
    for f in os.listdir(TMP):
        if f.startswith("out."):
            os.unlink(os.path.join(TMP, f))
    if rc not in want:
        print("FAIL\t%s: exit %s\texit %d, expected %s: %s" % (name, want, rc, want, err[:200].replace("\n", " ")))
    elif ASAN:
        print("ok\t%s: exit %s" % (name, want))
    elif peak >= LIMIT:
        print("FAIL\t%s: peak under 256 MB\tpeak %.0f MB" % (name, peak / MiB))
    else:
        print("ok\t%s: peak under 256 MB\t%.0f MB" % (name, peak / MiB))
    return rc, err

# ---- contracts ----
base = open(MINIMAL, encoding="utf-8").read()
fm_end = base.index("\n---\n", 4)
FRONT, BODY = base[: fm_end + 1], base[fm_end + 5 :]

def contract(body):
    return FRONT + "---\n" + body + "\n\n" + BODY

# body_fits's estimate (load.c), to find the largest body it accepts
BOUND = 1600000
def weight(c):
    if c in "*_~`[]!<&\\": return 3
    if c in "wW": return 2
    if c == ":": return 4
    if c == "@": return 5
    return 1 if c in string.punctuation else 0
OPENS = re.compile(r"[ \t]*(>|([-+*]|[0-9]{1,9}[.)])([ \t]|$))")
def estimate(body):
    n = cols = prev = 0
    for line in body.split("\n"):
        pipes = line.count("|")
        if line.strip(" \t") == "":
            cols = 0
        elif not cols and set(line) <= set("-:| \t") and "-" in line and "|" in line:
            cols = max(pipes, prev) + 1
            n += 3 + 2 * cols
        n += 3 + 2 * cols if cols else 3 + (3 if OPENS.match(line) else 0)
        prev = pipes
        n += sum(weight(c) for c in line)
    return n

def table(cols, cell):
    return lambda k: "|" + "h|" * cols + "\n|" + "-|" * cols + "\n" + ("|" + (cell + "|") * cols + "\n") * k
# the kinds that cost the most per unit of the estimate (measured)
KINDS = {
    "a 50-column table": table(50, "123"),
    "a 400-column table": table(400, "1"),
    # in paragraphs of 20: one paragraph of all of them passes the bound on
    # cmark-gfm's superlinear work (mdcost.c) long before this one, and at
    # 40 a paragraph the most this bound accepts counts 16 million there,
    # just over it (20: 10 million)
    "strikethrough": lambda k: ("~a~ " * 19 + "~a~\n\n") * (k // 20),
    "emphasis": lambda k: ("*a* " * 19 + "*a*\n\n") * (k // 20),
    "nested lists": lambda k: "- a\n  - b\n    1. c\n" * k,
    "lines with hard breaks": lambda k: "a  \n" * k,
}
if ASAN:
    print("note\tcontracts skipped under the sanitizers")
else:
    for name, make in KINDS.items():
        k = int(1000 * BOUND / estimate(make(1000)))
        while estimate(make(k)) > BOUND:
            k = int(k * 0.995)
        path = os.path.join(TMP, "c.md")
        with open(path, "w") as f:
            f.write(contract(make(k)))
        for fmt in ("odt", "docx"):
            check("contract, %s (%d, the most accepted), %s" % (name, k, fmt),
                  [WK, "build", path, "--draft", "-o", os.path.join(TMP, "out." + fmt)], (0,))
        with open(path, "w") as f:
            f.write(contract(make(int(k * 1.02) + 1)))
        rc, err = check("contract, %s, 2%% more: refused" % name,
                        [WK, "build", path, "--draft", "-o", os.path.join(TMP, "out.odt")], (1,))
        if "too large to process" not in err:
            print("FAIL\tcontract, %s, 2%% more: refused as too large\t%s" % (name, err[:200].replace("\n", " ")))
    # a file at the size limit that the bound refuses
    with open(os.path.join(TMP, "c.md"), "w") as f:
        f.write(contract("*a* " * ((16 * MiB - len(base) - 100) // 4)))
    check("contract, 16 MiB of emphasis: refused", [WK, "build", os.path.join(TMP, "c.md"), "--draft", "-o",
                                                     os.path.join(TMP, "out.odt")], (1,))

# ---- reference documents and documents ----
def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]

def write(name, items, changes):
    path = os.path.join(TMP, name)
    with zipfile.ZipFile(path, "w") as z:
        done = set()
        for n, d in items + [(n, None) for n in changes if n not in dict(items)]:
            d = changes.get(n, d)
            if n in done or d is None:
                continue
            done.add(n)
            ct = zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(n, (2026, 1, 1, 0, 0, 0)), d, compress_type=ct)
    return path

def filled(head, unit, tail, size=CAP):
    return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail

def numbered(head, unit, tail, size=CAP, pairs=False):
    """head, unit % 0, unit % 1, ... (a number of 8 digits each; with
    pairs, unit % (i, i + 1)), tail"""
    arg = (lambda i: (i, i + 1)) if pairs else (lambda i: i)
    k = (size - len(head) - len(tail)) // len(unit % arg(0))
    return head + b"".join(unit % arg(i) for i in range(k)) + tail

DOCX, ODT = entries(os.path.join(TMP, "base.docx")), entries(os.path.join(TMP, "base.odt"))
XML = b'<?xml version="1.0" encoding="UTF-8"?>\n'
WS = XML + b'<w:styles xmlns:w="%s">' % W.encode()
OS = (XML + b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      b'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      b'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">')
OS_END = b"</office:document-styles>"
styles218k = WS + b"".join(b'<w:style w:type="paragraph" w:styleId="S%06d"><w:name w:val="S%06d"/><w:rPr><w:b/>'
                          b'<w:sz w:val="22"/></w:rPr></w:style>' % (i, i) for i in range(218000)) + b"</w:styles>"
ostyles218k = (OS + b"<office:styles>" + b"".join(b'<style:style style:name="S%06d" style:family="paragraph">'
               b'<style:text-properties fo:font-size="11pt"/></style:style>' % i for i in range(218000))
               + b"</office:styles>" + OS_END)
style_unit = b'<w:style w:type="paragraph" w:styleId="S%08d"><w:name w:val="S"/><w:rPr><w:b/></w:rPr></w:style>'
font_unit = b'<w:font w:name="F%08d"><w:family w:val="swiss"/></w:font>'
theme_rel = (b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" '
             b'Target="theme/theme1.xml"/>')
rels = filled(XML + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + theme_rel,
              b'<Relationship Id="r" Type="t" Target="x"/>', b"</Relationships>", 20 * MiB)
theme = filled(XML + b'<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>',
               b"<a:x/>", b"</a:themeElements></a:theme>", 20 * MiB)
refdocs = [
    ("docx: styles.xml of 25 MiB, 218,000 styles", "r1.docx", DOCX, {"word/styles.xml": styles218k}, (0,)),
    ("docx: styles.xml of 32 MiB of the shortest styles, 1.2 million", "r7.docx", DOCX,
     {"word/styles.xml": numbered(WS, b'<w:style w:styleId="%08x"/>', b"</w:styles>")}, (0,)),
    # every style says what the face of the table text is found from
    ("docx: styles.xml of 32 MiB of styles with a parent and a size, 330,000", "r9.docx", DOCX,
     {"word/styles.xml": numbered(WS, b'<w:style w:styleId="%08x"><w:basedOn w:val="%08x"/><w:rPr><w:sz w:val="22"/>'
                                  b'</w:rPr></w:style>', b"</w:styles>", pairs=True)}, (0,)),
    ("docx: styles.xml of 32 MiB of empty elements", "r2.docx", DOCX,
     {"word/styles.xml": filled(WS, b"<a/>", b"</w:styles>")}, (0,)),
    ("docx: styles and font table of 32 MiB all kept, rels and theme of 20 MiB", "r3.docx", DOCX,
     {"word/styles.xml": numbered(WS, style_unit, b"</w:styles>"),
      "word/fontTable.xml": numbered(XML + b'<w:fonts xmlns:w="%s">' % W.encode(), font_unit, b"</w:fonts>"),
      "word/_rels/document.xml.rels": rels, "word/theme/theme1.xml": theme}, (2,)),
    ("odt: styles.xml of 24 MiB, 218,000 styles", "r4.odt", ODT, {"styles.xml": ostyles218k}, (0,)),
    ("odt: styles.xml of 32 MiB of the shortest styles, 650,000", "r8.odt", ODT,
     {"styles.xml": numbered(OS + b"<office:styles>", b'<style:style style:name="s%08x" style:family="text"/>',
                             b"</office:styles>" + OS_END)}, (0,)),
    ("odt: styles.xml of 32 MiB of paragraph styles with a parent, 340,000", "r10.odt", ODT,
     {"styles.xml": numbered(OS + b"<office:styles>", b'<style:style style:name="s%08x" style:family="paragraph" '
                             b'style:parent-style-name="s%08x"/>', b"</office:styles>" + OS_END, pairs=True)}, (0,)),
    ("odt: styles.xml of 32 MiB of empty elements", "r5.odt", ODT,
     {"styles.xml": filled(OS + b"<office:styles>", b"<a/>", b"</office:styles>" + OS_END)}, (0,)),
    ("odt: styles.xml of 32 MiB of fonts and styles all kept", "r6.odt", ODT,
     {"styles.xml": numbered(OS + b"<office:font-face-decls>", b'<style:font-face style:name="F%08d"/>',
                             b"</office:font-face-decls><office:styles>", 12 * MiB)
      + numbered(b"", b'<style:style style:name="S%08d" style:family="text"/>', b"</office:styles>" + OS_END,
                 20 * MiB)}, (0,)),
]
for name, file, items, changes, want in refdocs:
    path = write(file, items, changes)
    check("reference document, " + name, [WK, "build", SRC, "--draft", "--reference-doc", path, "-o",
                                          os.path.join(TMP, "out." + file.split(".")[1])], want)

META = (XML + b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>')
META_END = b"</office:meta></office:document-meta>"
tiny_content = filled(XML + b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">',
                      b"<a/>", b"</office:document-content>")
documents = [
    ("odt: meta.xml of 32 MiB of empty elements", "d1.odt", ODT, {"meta.xml": filled(META, b"<a/>", META_END)}),
    # just under the tree's node budget (refdoc.h), with 26 MiB of text
    ("odt: meta.xml of 240,000 elements of text", "d2.odt", ODT,
     {"meta.xml": META + b"".join([b"<m>" + b"x" * 110 + b"</m>"] * 240000) + META_END}),
    ("odt: content.xml and styles.xml of 32 MiB", "d3.odt", ODT,
     {"content.xml": tiny_content, "styles.xml": filled(OS, b"<a/>", OS_END)}),
    ("docx: core.xml, custom.xml, document.xml of 32 MiB", "d4.docx", DOCX,
     {"docProps/core.xml": filled(XML + b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                                  b'metadata/core-properties">', b"<a/>", b"</cp:coreProperties>"),
      "docProps/custom.xml": filled(XML + b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                                    b'custom-properties">', b"<a/>", b"</Properties>"),
      "word/document.xml": filled(XML + b'<w:document xmlns:w="%s"><w:body>' % W.encode(), b"<a/>",
                                  b"</w:body></w:document>")}),
]
for name, file, items, changes in documents:
    path = write(file, items, changes)
    check("verify, " + name, [WK, "verify", path, SRC], (0, 1, 2))
    # build looks into an existing output before replacing it
    check("build over it, " + name, [WK, "build", SRC, "--draft", "-o", path], (0, 1, 2))
PY
[ $? = 0 ] || not_ok "memory cases ran" "$(tail -5 "$TMP/results")"
while IFS="	" read -r kind name detail; do
  case $kind in
    ok) ok "$name"; [ -n "${VERBOSE:-}" ] && [ -n "$detail" ] && echo "     $detail" ;;
    FAIL) not_ok "$name" "$detail" ;;
    note) echo "note $T_SUITE: $name" ;;
  esac
done <"$TMP/results"
finish
