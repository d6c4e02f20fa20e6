# redline_parts.py - checks that a redline DOCX compared the contract's
# structured parts by their ids (tests/t-redline.sh, the "ids" versions):
# the removed party's paragraphs and rows deleted whole and nothing else
# with them, the moved commitment's changed words marked in place, the
# moved date a changed cell. Usage: redline_parts.py party|moved|date
# word/document.xml
import sys
import xml.dom.minidom as md

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def inside(node, tag, top):
    p = node.parentNode
    while p is not None and p is not top:
        if p.namespaceURI == W and p.localName == tag:
            return True
        p = p.parentNode
    return False


def parts(unit):
    """(kept, inserted, deleted) text of a paragraph or table row."""
    kept = ins = dels = ""
    for t in unit.getElementsByTagNameNS(W, "t"):
        s = "".join(c.data for c in t.childNodes)
        if inside(t, "ins", unit):
            ins += s
        else:
            kept += s
    for t in unit.getElementsByTagNameNS(W, "delText"):
        dels += "".join(c.data for c in t.childNodes)
    return kept, ins, dels


what, d = sys.argv[1], md.parse(sys.argv[2])
units = list(d.getElementsByTagNameNS(W, "tr"))
units += [p for p in d.getElementsByTagNameNS(W, "p") if not inside(p, "tbl", None)]
fails = []

# the removed party: whatever names it is deleted whole
bakker = 0
for u in units if what == "party" else []:
    kept, ins, dels = parts(u)
    if any(w in kept + ins + dels for w in ("Bakker", "Ria van Dam")):
        bakker += 1
        if kept.strip() or ins.strip():
            fails.append("removed party not deleted whole: kept %r inserted %r deleted %r" % (kept, ins, dels))
if what == "party" and bakker < 5:  # its entry, role, matrix rows, commitment, signature
    fails.append("the removed party shows in %d places only" % bakker)

# the moved commitment: its new words inserted in place, the one it
# changed places with left whole
paras = d.getElementsByTagNameNS(W, "p")
lessen = [parts(p) for p in paras if "gratis lessen" in "".join(parts(p))]
if what != "moved":
    lessen = paras = []
elif not lessen:
    fails.append("the moved commitment's text is missing")
for kept, ins, dels in lessen:
    if ins.strip() != "en trainingen" or dels.strip():
        fails.append("moved commitment: inserted %r deleted %r (kept %r)" % (ins, dels, kept))
for p in paras:
    kept, ins, dels = parts(p)
    # it may have moved itself: deleted whole in one place, inserted whole
    # in another, but never mixed with another commitment's words
    if "trainingsavonden" in kept + ins + dels and sum(bool(x.strip()) for x in (kept, ins, dels)) != 1:
        fails.append("the commitment it changed places with is mixed up: kept %r inserted %r deleted %r" % (kept, ins, dels))

# the moved date: a changed cell in the row of its condition; the removed
# condition's row deleted whole
rows = [parts(u) for u in units if u.localName == "tr"]
sub = [r for r in rows if "De provincie kent de subsidie" in r[0]]
if what != "date":
    pass
elif len(sub) != 1 or sub[0][2].strip() != "april" or sub[0][1].strip() != "mei":
    fails.append("moved date: %r" % (sub,))
elif "subsidie" in sub[0][1] + sub[0][2] or "vergunning" in sub[0][1] + sub[0][2]:
    fails.append("moved date: the condition's text marked: %r" % (sub,))
verg = [r for r in rows if "omgevingsvergunning" in "".join(r)]
if what == "date" and (len(verg) != 1 or verg[0][0].strip() or verg[0][1].strip()):
    fails.append("removed condition: %r" % (verg,))

if fails:
    sys.exit("\n".join(fails))
