#!/usr/bin/env python3
"""docx_check.py - test oracle for generated DOCX documents (tests/t-docx.sh).

  docx_check.py struct FILE.docx...  structural checks from the known failure
                                     list; prints problems, exit 1 if any
  docx_check.py contains SRC.md PLAIN.txt
                                     every party name, challenge title,
                                     commitment text and body paragraph of
                                     SRC.md occurs in PLAIN.txt (the texts
                                     come from odt_check.py's extractor)
  docx_check.py mutate KIND IN.docx OUT.docx
                                     writes a copy of IN.docx broken in one
                                     known way (see MUTATIONS), to prove that
                                     `struct` notices
"""
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag):
    return "{%s}%s" % (W, tag)


ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Child order of w:numbering and w:lvl (ECMA-376 Part 1, wml.xsd).
NUMBERING_ORDER = ["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"]
LVL_ORDER = ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText",
             "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr"]
SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
              "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
              "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
              "printerSettings", "sectPrChange"]


class Parts:
    """Parsed XML parts of a package; a part that does not parse is a
    problem, reported once, and reads as None."""

    def __init__(self, z, problems):
        self.z, self.problems, self.cache = z, problems, {}

    def get(self, name):
        if name not in self.cache:
            try:
                self.cache[name] = ET.fromstring(self.z.read(name))
            except ET.ParseError as e:
                self.problems.append("%s: not well-formed: %s" % (name, e))
                self.cache[name] = None
        return self.cache[name]


def local(tag):
    return tag.split("}", 1)[1] if "}" in tag else tag


def in_order(elem, order, what, problems):
    """Children of elem (in the w: namespace and named in order) must
    follow order."""
    last = -1
    for ch in elem:
        name = local(ch.tag)
        if not ch.tag.startswith("{%s}" % W) or name not in order:
            continue
        i = order.index(name)
        if name in ("headerReference", "footerReference"):
            i = 0  # a choice: either order
        if i < last:
            problems.append("%s: %s out of schema order" % (what, name))
        last = max(last, i)


def rels_source(rels_name):
    """word/_rels/document.xml.rels -> word/document.xml; _rels/.rels -> ''."""
    d, f = os.path.split(rels_name)
    base = os.path.dirname(d)
    return os.path.join(base, f[: -len(".rels")]) if f != ".rels" else ""


def resolve(source, target):
    if target.startswith("/"):
        return target[1:]
    return os.path.normpath(os.path.join(os.path.dirname(source), target)).replace(os.sep, "/")


def check_package(px, names, problems):
    if "[Content_Types].xml" not in names:
        problems.append("missing [Content_Types].xml")
        return
    ct = px.get("[Content_Types].xml")
    if ct is None:
        return
    defaults = {e.get("Extension", "").lower() for e in ct.iter("{%s}Default" % CT)}
    overrides = [e.get("PartName", "") for e in ct.iter("{%s}Override" % CT)]
    lower = [o.lower() for o in overrides]
    for o in sorted(set(lower)):
        if lower.count(o) > 1:
            problems.append("two content type Overrides for " + o)
    lnames = {n.lower() for n in names}
    for o in overrides:
        if o[1:].lower() not in lnames:
            problems.append("Override for missing part " + o)
    for n in sorted(names):
        if n == "[Content_Types].xml" or n.endswith("/"):
            continue
        ext = n.rsplit(".", 1)[-1].lower() if "." in n else ""
        if "/" + n.lower() not in lower and ext not in defaults:
            problems.append("no content type for " + n)
        elif ext == "xml" and "/" + n.lower() not in lower:
            problems.append("no content type Override for " + n)


def check_rels(px, names, problems):
    """Relationship ids unique, internal targets exist, every r:* attribute
    of a part names a relationship of that part."""
    for n in sorted(names):
        if not n.endswith(".rels"):
            continue
        src = rels_source(n)
        root = px.get(n)
        if root is None:
            continue
        ids = [e.get("Id") for e in root.iter("{%s}Relationship" % PR)]
        for i in sorted(set(ids), key=str):
            if ids.count(i) > 1:
                problems.append("%s: relationship id %s repeats" % (n, i))
        for e in root.iter("{%s}Relationship" % PR):
            if e.get("TargetMode") == "External":
                continue
            t = resolve(src, e.get("Target", ""))
            if t not in names:
                problems.append("%s: target %s does not exist" % (n, t))
    for n in sorted(names):
        if not n.endswith(".xml") or n == "[Content_Types].xml":
            continue
        d, f = os.path.split(n)
        rels = os.path.join(d, "_rels", f + ".rels")
        ids = set()
        if rels in names and px.get(rels) is not None:
            ids = {e.get("Id") for e in px.get(rels).iter("{%s}Relationship" % PR)}
        root = px.get(n)
        for e in root.iter() if root is not None else []:
            for k, v in e.attrib.items():
                if k.startswith("{%s}" % R) and v not in ids:
                    problems.append("%s: %s=%s has no relationship" % (n, local(k), v))


def check_story(part, root, problems, footnote_ids, bookmarks):
    """Tables, text runs, bookmarks and footnote references of one part."""
    for tbl in root.iter(w("tbl")):
        grid = tbl.find(w("tblGrid"))
        if grid is None or grid.find(w("gridCol")) is None:
            problems.append(part + ": table without grid")
        if tbl.find(w("tr")) is None:
            problems.append(part + ": table without rows")
    for parent in root.iter():
        kids = list(parent)
        for a, b in zip(kids, kids[1:]):
            if a.tag == w("tbl") and b.tag == w("tbl"):
                problems.append(part + ": two tables touch (Word and LibreOffice show them as one)")
    for tc in root.iter(w("tc")):
        kids = [k for k in tc if k.tag != w("tcPr")]
        if not any(k.tag == w("p") for k in kids):
            problems.append(part + ": table cell without paragraph")
        elif kids and kids[-1].tag != w("p"):
            problems.append(part + ": table cell does not end with a paragraph")
    for t in root.iter(w("t")):
        s = t.text or ""
        if "\n" in s or "\r" in s:
            problems.append(part + ": newline inside a text run: %r" % s[:40])
        if s != s.strip() and t.get(XML_SPACE) != "preserve":
            problems.append(part + ": leading/trailing spaces not preserved: %r" % s[:40])
    for b in root.iter(w("bookmarkStart")):
        i = b.get(w("id"))
        if i in bookmarks:
            problems.append(part + ": bookmark id %s repeats" % i)
        bookmarks.add(i)
    for ref in root.iter(w("footnoteReference")):
        if ref.get(w("id")) not in footnote_ids:
            problems.append(part + ": footnote reference %s does not resolve" % ref.get(w("id")))
    for il in root.iter(w("ilvl")):
        v = int(il.get(w("val"), "0"))
        if v < 0 or v > 8:
            problems.append(part + ": list level %d outside 0..8" % v)


def check_numbering(px, names, used, problems):
    if "word/numbering.xml" not in names:
        if used:
            problems.append("numbering used but word/numbering.xml is missing")
        return
    root = px.get("word/numbering.xml")
    if root is None:
        return
    in_order(root, NUMBERING_ORDER, "numbering.xml", problems)
    for a in root.iter(w("abstractNum")):
        lvls = a.findall(w("lvl"))
        if len(lvls) > 9:
            problems.append("numbering.xml: abstractNum with %d levels (more than 9)" % len(lvls))
        for lvl in lvls:
            if int(lvl.get(w("ilvl"), "0")) > 8:
                problems.append("numbering.xml: w:lvl with ilvl > 8")
            in_order(lvl, LVL_ORDER, "numbering.xml lvl", problems)
    nums = {n.get(w("numId")) for n in root.iter(w("num"))}
    for u in sorted(used):
        if u != "0" and u not in nums:
            problems.append("numId %s is not defined" % u)


def struct(path):
    problems = []
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    for n in sorted(names):
        if n.endswith(".xml") or n.endswith(".rels"):
            text = z.read(n).decode("utf-8")
            if ILLEGAL.search(text):
                problems.append(n + ": XML-illegal character")
    px = Parts(z, problems)
    check_package(px, names, problems)
    check_rels(px, names, problems)
    footnote_ids = set()
    fn = px.get("word/footnotes.xml") if "word/footnotes.xml" in names else None
    if fn is not None:
        footnote_ids = {f.get(w("id")) for f in fn.iter(w("footnote")) if f.get(w("type")) in (None, "normal")}
    used = set()
    bookmarks = set()
    for n in sorted(names):
        if not re.match(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$", n):
            continue
        root = px.get(n)
        if root is None:
            continue
        check_story(n, root, problems, footnote_ids, bookmarks)
        used |= {e.get(w("val")) for e in root.iter(w("numId"))}
    doc = px.get("word/document.xml") if "word/document.xml" in names else None
    body = doc.find(w("body")) if doc is not None else None
    kids = list(body) if body is not None else []
    if not kids or kids[-1].tag != w("sectPr"):
        problems.append("document.xml: sectPr is not the last child of w:body")
    else:
        in_order(kids[-1], SECT_ORDER, "document.xml sectPr", problems)
    check_numbering(px, names, used, problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


def contains(src, plain):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from odt_check import norm, texts
    hay = norm(open(plain, encoding="utf-8").read())
    missing = [t for t in texts(src) if t not in hay]
    for t in missing:
        print("missing: " + t)
    return 1 if missing else 0


# ---- mutations: one known defect each ----

def first(root, tag):
    e = root.find(".//" + w(tag))
    if e is None:
        raise SystemExit("mutate: no w:%s to break" % tag)
    return e


def parent_map(root):
    return {c: p for p in root.iter() for c in p}


def m_cell_without_paragraph(parts):
    root = ET.fromstring(parts["word/document.xml"])
    tc = first(root, "tc")
    for p in tc.findall(w("p")):
        tc.remove(p)
    parts["word/document.xml"] = ET.tostring(root)


def m_cell_ends_with_table(parts):
    root = ET.fromstring(parts["word/document.xml"])
    tbl = first(root, "tbl")
    tc = first(root, "tc")
    tc.append(ET.fromstring(ET.tostring(tbl)))
    parts["word/document.xml"] = ET.tostring(root)


def m_tables_touch(parts):
    root = ET.fromstring(parts["word/document.xml"])
    parent = parent_map(root)
    tbl = first(root, "tbl")
    up = parent[tbl]
    up.insert(list(up).index(tbl) + 1, ET.fromstring(ET.tostring(tbl)))
    parts["word/document.xml"] = ET.tostring(root)


def m_table_without_grid(parts):
    root = ET.fromstring(parts["word/document.xml"])
    tbl = first(root, "tbl")
    tbl.remove(tbl.find(w("tblGrid")))
    parts["word/document.xml"] = ET.tostring(root)


def m_table_without_rows(parts):
    root = ET.fromstring(parts["word/document.xml"])
    tbl = first(root, "tbl")
    for tr in tbl.findall(w("tr")):
        tbl.remove(tr)
    parts["word/document.xml"] = ET.tostring(root)


def m_illegal_char(parts):
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:t>", b"\x0b</w:t>", 1)


def m_newline_in_run(parts):
    root = ET.fromstring(parts["word/document.xml"])
    t = first(root, "t")
    t.text = (t.text or "") + "\nmore"
    parts["word/document.xml"] = ET.tostring(root)


def m_spaces_lost(parts):
    root = ET.fromstring(parts["word/document.xml"])
    t = first(root, "t")
    t.text = " " + (t.text or "x") + " "
    t.attrib.pop(XML_SPACE, None)
    parts["word/document.xml"] = ET.tostring(root)


def rels_of(parts):
    return "word/_rels/document.xml.rels"


def m_rel_unresolved(parts):
    root = ET.fromstring(parts["word/document.xml"])
    ref = root.find(".//" + w("footerReference"))
    ref.set("{%s}id" % R, "rIdNowhere")
    parts["word/document.xml"] = ET.tostring(root)


def m_rel_repeats(parts):
    n = rels_of(parts)
    root = ET.fromstring(parts[n])
    rels = list(root)
    rels[1].set("Id", rels[0].get("Id"))
    parts[n] = ET.tostring(root)


def m_missing_content_type(parts):
    root = ET.fromstring(parts["[Content_Types].xml"])
    for o in root.findall("{%s}Override" % CT):
        if o.get("PartName") == "/word/styles.xml":
            root.remove(o)
    parts["[Content_Types].xml"] = ET.tostring(root)


def m_numbering_order(parts):
    root = ET.fromstring(parts["word/numbering.xml"])
    a = first(root, "abstractNum")
    root.remove(a)
    root.append(a)
    parts["word/numbering.xml"] = ET.tostring(root)


def m_numbering_deep(parts):
    root = ET.fromstring(parts["word/numbering.xml"])
    a = first(root, "abstractNum")
    lvl = ET.fromstring(ET.tostring(a.findall(w("lvl"))[-1]))
    lvl.set(w("ilvl"), "9")
    a.append(lvl)
    parts["word/numbering.xml"] = ET.tostring(root)


def m_bookmark_repeats(parts):
    root = ET.fromstring(parts["word/document.xml"])
    p = first(root, "p")
    for name in ("a", "b"):
        b = ET.SubElement(p, w("bookmarkStart"))
        b.set(w("id"), "7")
        b.set(w("name"), name)
    parts["word/document.xml"] = ET.tostring(root)


def m_sectpr_not_last(parts):
    root = ET.fromstring(parts["word/document.xml"])
    body = root.find(w("body"))
    body.append(ET.fromstring(ET.tostring(body.find(w("p")))))
    parts["word/document.xml"] = ET.tostring(root)


def m_footnote_unresolved(parts):
    root = ET.fromstring(parts["word/document.xml"])
    p = first(root, "p")
    r = ET.SubElement(p, w("r"))
    ET.SubElement(r, w("footnoteReference")).set(w("id"), "999")
    parts["word/document.xml"] = ET.tostring(root)


MUTATIONS = {
    "cell-without-paragraph": m_cell_without_paragraph,
    "cell-ends-with-table": m_cell_ends_with_table,
    "tables-touch": m_tables_touch,
    "table-without-grid": m_table_without_grid,
    "table-without-rows": m_table_without_rows,
    "illegal-char": m_illegal_char,
    "newline-in-run": m_newline_in_run,
    "spaces-lost": m_spaces_lost,
    "rel-unresolved": m_rel_unresolved,
    "rel-repeats": m_rel_repeats,
    "missing-content-type": m_missing_content_type,
    "numbering-order": m_numbering_order,
    "numbering-deep": m_numbering_deep,
    "bookmark-repeats": m_bookmark_repeats,
    "sectpr-not-last": m_sectpr_not_last,
    "footnote-unresolved": m_footnote_unresolved,
}


def mutate(kind, src, dst):
    zin = zipfile.ZipFile(src)
    order = zin.namelist()
    parts = {n: zin.read(n) for n in order}
    MUTATIONS[kind](parts)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for n in order:
            zout.writestr(n, parts[n])
    return 0


def main():
    a = sys.argv[1:]
    if len(a) >= 2 and a[0] == "struct":
        if len(a) == 2:
            return struct(a[1])
        st = 0
        for f in a[1:]:  # several documents: each problem names its file
            out = __import__("io").StringIO()
            old, sys.stdout = sys.stdout, out
            try:
                r = struct(f)
            finally:
                sys.stdout = old
            for line in out.getvalue().splitlines():
                print("%s: %s" % (f, line))
            st |= r
        return st
    if len(a) == 3 and a[0] == "contains":
        return contains(a[1], a[2])
    if len(a) == 1 and a[0] == "mutations":
        print("\n".join(MUTATIONS))
        return 0
    if len(a) == 4 and a[0] == "mutate" and a[1] in MUTATIONS:
        return mutate(a[1], a[2], a[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
