#!/usr/bin/env python3
"""typeset_check.py - judges rendered documents as a reader sees the pages
(tests/t-typeset.sh). The pages are read from `pdftotext -bbox-layout`
(every word with its position); the words a document may show come from
the document itself (ODT or DOCX), so a piece of a cut word is not one.

  typeset_check.py cuts DOC BBOX.html
      Words cut in two without a hyphen: two pieces on consecutive lines of
      one column (the same left edge or centre) that are not words of DOC
      but join into one, or a line that starts with the closing punctuation
      of the word above ("Nr" | "."). Pieces joined by a hyphen at the
      line's end are a word hyphenated, as it should be. Prints each cut,
      exit 1 if any.
  typeset_check.py stranded DOC BBOX.html
      Headings that end a page: the last line above the footer is (the end
      of) a heading of DOC. Prints each, exit 1 if any.
  typeset_check.py shifted DOC OUT
      Writes OUT, a copy of DOC (ODT or DOCX) with one empty paragraph
      0.02 cm high before the first of its body: the control for
      LibreOffice's first-layout guess (see `guessed`).
  typeset_check.py guessed DOC BBOX CONTROL_BBOX
      The headings that end a page in BBOX (DOC's rendering) and no longer
      do in CONTROL_BBOX (the rendering of `shifted DOC`). LibreOffice
      (7.4, sw/source/core/layout/laycache.cxx), laying out a file that
      holds no layout of its own, first puts a page break before every
      20th or 25th block as a guess; a heading kept with the next block
      that falls just before such a guess, with a next block that does not
      fit under it, stays at the page's foot. No property of ODF or OOXML
      reaches the guess; one block more at the top moves every guess by
      one, and such a heading then stands with its text. Prints each
      heading as "guessed: ..." and each that ends a page in both
      renderings as "stranded: ..."; exit 1 if any is stranded in both,
      or if the control lost or gained more than one page.
  typeset_check.py gap DOC BBOX BBOX
      Both renderings of DOC put the headings that follow text on their
      page as far below it (within 1.5 pt). Prints each difference, exit 1
      if any (or if no such heading is in both).
  typeset_check.py wide BBOX LABEL SHARE
      The widest line that starts with LABEL (a commitment's details, e.g.
      "Bij niet nakomen:") takes at least SHARE of the text width (an A4
      page less its 2.5 cm margins): the details stand across the table,
      not in one of its columns. Prints the widest share, exit 1 if it is
      less (or if no line starts with LABEL).
  typeset_check.py parted DOC BBOX.html
      Commitments parted from their details: a page whose first line of
      details (a line that starts with the label of a cell across the
      table in DOC, e.g. "Ontvanger:") has no commitment number (in a
      column left of it) above it on that page, so a page fell between
      the row and the row of its details. Prints each, exit 1 if any.
  typeset_check.py lang PDF
      The /Lang of a PDF's catalogue, and whether its structure tree has a
      Title element (a tagged PDF from LibreOffice).
  typeset_check.py selftest
      Proves the checks above on made-up pages: a cut word, a hyphenated
      one, a heading at a page's foot.
"""
import re
import sys
import zipfile
import zlib
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
X = "{http://www.w3.org/1999/xhtml}"
HYPHENS = "-\u2010\u2011\u00ad"
FOOTER = re.compile(r"(Pagina|Page) \d+ (van|of) \d+")


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00ad", "")).strip().lower()


def core(token):
    """The token without the punctuation around it."""
    return re.sub(r"^[^\w]+|[^\w]+$", "", token, flags=re.UNICODE).lower()


# ---- the document ----

def paragraphs(path):
    """(text, is_heading) of every paragraph of an ODT or DOCX."""
    z = zipfile.ZipFile(path)
    out = []
    if path.endswith(".docx"):
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part not in z.namelist():
                continue
            for p in ET.fromstring(z.read(part)).iter(W + "p"):
                style = p.find("./%spPr/%spStyle" % (W, W))
                head = style is not None and style.get(W + "val", "").startswith("Heading")
                text = []
                for e in p.iter():
                    if e.tag == W + "t":
                        text.append(e.text or "")
                    elif e.tag in (W + "tab", W + "br"):
                        text.append(" ")
                out.append(("".join(text), head))
    else:
        for p in ET.fromstring(z.read("content.xml")).iter():
            if p.tag in (TX + "p", TX + "h"):
                out.append(("".join(odt_text(p, [])), p.tag == TX + "h"))
    return out


def odt_text(el, out):
    """Text of an ODF paragraph, its notes left out (they are paragraphs of
    their own)."""
    out.append(el.text or "")
    for ch in el:
        if ch.tag in (TX + "tab", TX + "line-break", TX + "s"):
            out.append(" ")
        elif ch.tag != TX + "note":
            odt_text(ch, out)
        out.append(ch.tail or "")
    return out


def vocabulary(path):
    words = set()
    for text, _ in paragraphs(path):
        for token in text.split():
            c = core(token)
            if c:
                words.add(c)
                words.update(core(part) for part in re.split("[%s/]" % HYPHENS, c) if core(part))
    return words


# ---- the pages ----

class Line:
    def __init__(self, el):
        self.x0, self.y0 = float(el.get("xMin")), float(el.get("yMin"))
        self.x1, self.y1 = float(el.get("xMax")), float(el.get("yMax"))
        self.words = [w.text or "" for w in el.iter(X + "word")]
        self.text = " ".join(self.words)


def pages(bbox_path):
    """Per page: its height and its lines, top to bottom."""
    root = ET.parse(bbox_path).getroot()
    for page in root.iter(X + "page"):
        lines = [Line(el) for el in page.iter(X + "line")]
        lines.sort(key=lambda l: (round(l.y0, 1), l.x0))
        yield float(page.get("height")), lines


def next_in_column(lines, i):
    """The line under lines[i] in its column: starting at the same left
    edge or centred on the same axis, just below it."""
    a = lines[i]
    height = a.y1 - a.y0
    best = None
    for b in lines:
        if b is a or b.y0 < a.y1 - 0.5 * height or b.y0 > a.y1 + 0.8 * height:
            continue
        same_left = abs(b.x0 - a.x0) < 2.0
        same_centre = abs((b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2) < 2.0 and b.x1 - b.x0 < 300
        if (same_left or same_centre) and (best is None or b.y0 < best.y0):
            best = b
    return best


def cuts(doc, bbox_path):
    vocab = vocabulary(doc)
    found = []
    for n, (_, lines) in enumerate(pages(bbox_path), 1):
        for i, a in enumerate(lines):
            b = next_in_column(lines, i)
            if not a.words or b is None or not b.words:
                continue
            last, first = a.words[-1], b.words[0]
            if re.search(r"\w$", last) and re.match(r"[.,;:!?)\]\u2019\u201d]", first):
                # a line never starts with a word's closing punctuation but
                # where the word was forced apart ("Nr" | ".")
                found.append("page %d: '%s' | '%s'" % (n, last, first))
                continue
            if not re.search(r"\w$", last) or not re.match(r"\w", first):
                continue  # the line ends with punctuation or a hyphen: no cut
            left, right = core(last), core(first)
            joined = left + right
            if joined in vocab and not (left in vocab and right in vocab):
                found.append("page %d: '%s' | '%s'" % (n, last, first))
    return found


def headings(doc):
    return {norm(t) for t, head in paragraphs(doc) if head and norm(t)}


def stranded(doc, bbox_path):
    heads = headings(doc)
    found = []
    all_pages = list(pages(bbox_path))
    for n, (height, lines) in enumerate(all_pages, 1):
        footer = [l.y0 for l in lines if FOOTER.search(l.text)]
        limit = min(footer) - 1 if footer else height
        body = [l for l in lines if l.y1 <= limit]
        if not body or n == len(all_pages):
            continue
        bottom = max(l.y1 for l in body)
        last = [l for l in body if l.y1 > bottom - 2]
        last.sort(key=lambda l: l.x0)
        text = norm(" ".join(l.text for l in last))
        above = [l for l in body if l.y1 <= bottom - 2 and l.y1 > bottom - 2.6 * (last[0].y1 - last[0].y0)]
        two = norm(" ".join(l.text for l in sorted(above, key=lambda l: l.x0)) + " " + text)
        if text in heads or two in heads:
            found.append("page %d ends with the heading '%s'" % (n, text if text in heads else two))
    return found


def shifted(doc, out):
    """Copies doc with one paragraph 0.02 cm high at the top of its body."""
    odt = doc.endswith(".odt")
    part = "content.xml" if odt else "word/document.xml"
    with zipfile.ZipFile(doc) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text = data.decode("utf-8")
                if odt:
                    style = ('<style:style style:name="WkControl" style:family="paragraph">'
                             '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" '
                             'fo:line-height="0.02cm"/><style:text-properties fo:font-size="1pt"/></style:style>')
                    text = re.sub(r"(<office:automatic-styles>)", lambda m: m.group(1) + style, text, count=1)
                    text = re.sub(r"(<office:text[^>]*>)", lambda m: m.group(1) + '<text:p text:style-name="WkControl"/>',
                                  text, count=1)
                else:
                    text = re.sub(r"(<w:body>)", lambda m: m.group(1) +
                                  '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="12" w:lineRule="exact"/>'
                                  '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>', text, count=1)
                data = text.encode("utf-8")
            ctype = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(item, data, compress_type=ctype)
    return 0


def guessed(doc, bbox_path, control_path):
    """Headings stranded in the rendering and not in the control's."""
    here = stranded(doc, bbox_path)
    there = stranded(doc, control_path)
    heading = lambda f: f.split(" ends with the heading ", 1)[1]
    in_control = {heading(f) for f in there}
    bad = 0
    for f in here:
        if heading(f) in in_control:
            print("stranded: " + f)
            bad += 1
        else:
            print("guessed: " + f + " (not in the control)")
    pages_here, pages_there = len(list(pages(bbox_path))), len(list(pages(control_path)))
    if abs(pages_here - pages_there) > 1:
        print("stranded: the control has %d pages against %d" % (pages_there, pages_here))
        bad += 1
    return 1 if bad else 0


def heading_gaps(doc, bbox_path):
    """The headings of DOC that follow a line of text on their page, each
    with the space between that line and the heading (points)."""
    heads = headings(doc)
    found = {}
    for _, lines in pages(bbox_path):
        rows = []  # the lines of one height joined: a number and its title
        for l in lines:
            if rows and abs(rows[-1][0] - l.y0) < 0.5:
                rows[-1][2].append(l.text)
                rows[-1][1] = max(rows[-1][1], l.y1)
            else:
                rows.append([l.y0, l.y1, [l.text]])
        for i in range(2, len(rows)):  # the first row may be the header
            text, above = norm(" ".join(rows[i][2])), norm(" ".join(rows[i - 1][2]))
            gap = rows[i][0] - rows[i - 1][1]
            if text in heads and above not in heads and 0 < gap < 40 and text not in found:
                found[text] = gap
    return found


GAP_TOLERANCE = 1.5


def gap(doc, bbox_a, bbox_b):
    """The headings found in both renderings stand as far below the text
    above them (within GAP_TOLERANCE points). Prints the differences,
    exit 1 if any or if none is found in both."""
    a, b = heading_gaps(doc, bbox_a), heading_gaps(doc, bbox_b)
    both = [h for h in a if h in b]
    bad = ["'%s': %.1f pt against %.1f pt" % (h, a[h], b[h]) for h in both if abs(a[h] - b[h]) > GAP_TOLERANCE]
    for line in bad:
        print(line)
    if not both:
        print("no heading found after text in both")
    return 1 if bad or not both else 0


# ---- a commitment and its details ----

TBL = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def span_labels(path):
    """The labels ("Label:") that open the paragraphs of DOC's cells across
    several columns (a commitment's details)."""
    z = zipfile.ZipFile(path)
    texts = []
    if path.endswith(".docx"):
        for tc in ET.fromstring(z.read("word/document.xml")).iter(W + "tc"):
            if tc.find("./%stcPr/%sgridSpan" % (W, W)) is not None:
                for p in tc.iter(W + "p"):
                    texts.append("".join(t.text or "" for t in p.iter(W + "t")))
    else:
        for tc in ET.fromstring(z.read("content.xml")).iter(TBL + "table-cell"):
            if tc.get(TBL + "number-columns-spanned"):
                texts += ["".join(odt_text(p, [])) for p in tc.iter(TX + "p")]
    return {t.split(":")[0] + ":" for t in texts if ":" in t}


def parted(doc, bbox_path):
    labels = span_labels(doc)
    number = re.compile(r"^\d+(\.\d+)*\.?$")
    found = []
    for n, (_, lines) in enumerate(pages(bbox_path), 1):
        first = next((l for l in lines if any(l.text.startswith(lb) for lb in labels)), None)
        if first is None:
            continue
        if not any(l.y0 < first.y0 and l.x1 < first.x0 and number.match(l.text) for l in lines):
            found.append("page %d opens with details: %s" % (n, first.text))
    return found


# ---- a tagged PDF ----

def wide(bbox_path, label, share):
    widest = None
    for _, lines in pages(bbox_path):
        for l in lines:
            if l.text.startswith(label):
                widest = max(widest or 0.0, l.x1 - l.x0)
    root = ET.parse(bbox_path).getroot()
    page = next(root.iter(X + "page"))
    text_width = float(page.get("width")) - 2 * 2.5 * 72 / 2.54
    if widest is None:
        print("no line starts with '%s'" % label)
        return 1
    print("the widest line after '%s' takes %d%% of the text width" % (label, round(100 * widest / text_width)))
    return 0 if widest >= share * text_width else 1


def pdf_objects(path):
    """The PDF's bytes with its Flate streams inflated after them."""
    data = open(path, "rb").read()
    out = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        end = data.find(b"endstream", start)
        try:
            out.append(zlib.decompress(data[start:end]))
        except zlib.error:
            pass
    return b"\n".join(out)


def lang(path):
    data = pdf_objects(path)
    m = re.search(rb"/Lang\s*\(([^)]*)\)", data)
    print("lang %s" % (m.group(1).decode("latin-1") if m else "none"))
    print("title %s" % ("yes" if re.search(rb"/S\s*/Title\b", data) else "no"))
    return 0


def selftest():
    """The checks themselves catch what they are for: a cut word, a word
    forced apart from its full stop, a hyphenated one (not a cut), a
    heading at the foot of a page, and one excused as LibreOffice's guess
    only when the control does not have it."""
    import os
    import tempfile
    tmp = tempfile.mkdtemp()
    doc = os.path.join(tmp, "t.odt")
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="%s"><office:body><office:text>'
               '<text:h>Artikel 1<text:tab/>Doel</text:h><text:p>De eenzaamheid onder ouderen neemt af.</text:p>'
               '<text:p>Het Buurthuis opent zijn deuren.</text:p>'
               '</office:text></office:body></office:document-content>') % TX[1:-1]
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("content.xml", content)

    def page(lines):
        out = ['<page width="595" height="842">']
        for y, x, words in lines:
            out.append('<line xMin="%d" yMin="%d" xMax="%d" yMax="%d">' % (x, y, x + 100, y + 10))
            out += ['<word>%s</word>' % w for w in words]
            out.append("</line>")
        return "".join(out) + "</page>"

    def bbox(name, *pages_):
        path = os.path.join(tmp, name + ".html")
        with open(path, "w", encoding="utf-8") as f:
            f.write('<html xmlns="http://www.w3.org/1999/xhtml"><body><doc>%s</doc></body></html>' % "".join(pages_))
        return path

    footer = (800, 200, ["Pagina", "1", "van", "2"])
    cut = bbox("cut", page([(100, 50, ["De", "eenzaamhei"]), (111, 50, ["d", "onder"]), footer]), page([footer]))
    hyphenated = bbox("hyphenated", page([(100, 50, ["De", "eenzaam-"]), (111, 50, ["heid", "onder"]), footer]), page([footer]))
    foot = bbox("foot", page([(100, 50, ["De", "eenzaamheid"]), (700, 50, ["Artikel", "1", "Doel"]), footer]), page([footer]))
    stop = bbox("stop", page([(100, 50, ["Artikel", "1", "De", "eenzaamheid"]), (111, 50, [".", "onder"]), footer]),
                page([footer]))
    # guessed: the heading at the foot in both renderings fails, in one only passes
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()):
        guess_ok = guessed(doc, foot, cut) == 0 and guessed(doc, foot, foot) == 1
    ok = (len(cuts(doc, cut)) == 1 and not cuts(doc, hyphenated) and not cuts(doc, foot) and len(cuts(doc, stop)) == 1
          and len(stranded(doc, foot)) == 1 and not stranded(doc, cut) and guess_ok)
    print("selftest %s" % ("ok" if ok else "FAILED"))
    return 0 if ok else 1


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] in ("cuts", "stranded", "parted"):
        found = {"cuts": cuts, "stranded": stranded, "parted": parted}[a[0]](a[1], a[2])
        for f in found:
            print(f)
        return 1 if found else 0
    if len(a) == 3 and a[0] == "shifted":
        return shifted(a[1], a[2])
    if len(a) == 4 and a[0] == "guessed":
        return guessed(a[1], a[2], a[3])
    if len(a) == 4 and a[0] == "gap":
        return gap(a[1], a[2], a[3])
    if len(a) == 2 and a[0] == "lang":
        return lang(a[1])
    if len(a) == 4 and a[0] == "wide":
        return wide(a[1], a[2], float(a[3]))
    if a == ["selftest"]:
        return selftest()
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
