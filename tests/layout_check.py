#!/usr/bin/env python3
"""layout_check.py - checks that the tables of generated documents never
break a word (tests/t-layout.sh).

  layout_check.py widths FILE.docx|FILE.odt...
      For every table column: the widest unbreakable piece of its text
      (words break at spaces and after a hyphen between letters), measured
      with the table font's real advance widths, fits between the cell's
      padding. The widths come from the installed Liberation Sans fonts
      (Arial's metrics), read by generator/tools/font_widths.py, so this
      check does not trust the generator's own copy of the table. Exit 3
      when the fonts are missing.
  layout_check.py fonts
      Exit 0 when those fonts are installed, 3 (with a message) when not.
  layout_check.py words PDF_TEXT VOCABULARY_FILE...
      Every word of the text extracted from a rendered document (with
      `pdftotext -layout`, which keeps a hyphen at the end of a line) is a
      word of the given files (the source, the profiles' labels, the
      message catalogs): a word cut in two by a narrow column ("eenzaamhei"
      / "d") is not.
"""
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "generator", "tools"))
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ST = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
PT_PER_CM = 72 / 2.54


def load_fonts():
    import font_widths
    found = {}
    for name, key in (("LiberationSans-Regular.ttf", False), ("LiberationSans-Bold.ttf", True)):
        for d in FONT_DIRS:
            if os.path.exists(os.path.join(d, name)):
                found[key] = font_widths.advances(os.path.join(d, name))
                break
    return found if len(found) == 2 else None


def text_width(fonts, s, bold, size):
    # characters the font lacks count as wide as an "m": an upper bound
    return sum(fonts[bold](ord(ch)) or 833 for ch in s) * size / 1000.0


def pieces(text):
    """Unbreakable pieces: split at white space and after a hyphen between letters."""
    for word in text.split():
        yield from re.split(r"(?<=[^\W\d_]-)(?=[^\W\d_])", word)


def length_pt(value):
    m = re.match(r"([0-9.]+)(cm|mm|in|pt)$", value or "")
    if not m:
        return None
    return float(m.group(1)) * {"cm": PT_PER_CM, "mm": PT_PER_CM / 10, "in": 72.0, "pt": 1.0}[m.group(2)]


# ---- DOCX ----

def docx_tables(z):
    doc = ET.fromstring(z.read("word/document.xml"))
    styles = ET.fromstring(z.read("word/styles.xml"))
    margins = {"left": 108, "right": 108}  # Word's default cell margins
    size = 9.0
    bold_styles = set()
    for st in styles.iter(W + "style"):
        sid = st.get(W + "styleId")
        if sid == "ContractTable":
            for side in ("left", "right", "start", "end"):
                el = st.find("./%stblPr/%stblCellMar/%s%s" % (W, W, W, side))
                if el is not None:
                    margins[{"start": "left", "end": "right"}.get(side, side)] = int(el.get(W + "w"))
        if sid == "TableText":
            sz = st.find("./%srPr/%ssz" % (W, W))
            if sz is not None:
                size = int(sz.get(W + "val")) / 2
        if st.find("./%srPr/%sb" % (W, W)) is not None:
            bold_styles.add(sid)
    pad = (margins["left"] + margins["right"]) / 20.0
    for n, tbl in enumerate(doc.iter(W + "tbl"), 1):
        cols = [int(g.get(W + "w")) / 20.0 for g in tbl.findall("./%stblGrid/%sgridCol" % (W, W))]
        cells = []  # (column, text, bold)
        for tr in tbl.findall(W + "tr"):
            for c, tc in enumerate(tr.findall(W + "tc")):
                for p in tc.iter(W + "p"):
                    ps = p.find("./%spPr/%spStyle" % (W, W))
                    pbold = ps is not None and ps.get(W + "val") in bold_styles
                    for r in p.iter(W + "r"):
                        rb = r.find("./%srPr/%sb" % (W, W))
                        bold = pbold or (rb is not None and rb.get(W + "val") not in ("0", "false"))
                        text = "".join(t.text or "" for t in r.iter(W + "t"))
                        cells.append((c, text, bold))
        yield "table %d" % n, cols, pad, size, cells


# ---- ODT ----

def odt_tables(z):
    doc = ET.fromstring(z.read("content.xml"))
    styles = ET.fromstring(z.read("styles.xml"))
    col_width, cell_pad, bold, parent = {}, {}, set(), {}
    for root in (styles, doc):
        for st in root.iter(ST + "style"):
            name = st.get(ST + "name")
            parent[name] = st.get(ST + "parent-style-name")
            cp = st.find(ST + "table-column-properties")
            if cp is not None:
                col_width[name] = length_pt(cp.get(ST + "column-width"))
            cc = st.find(ST + "table-cell-properties")
            if cc is not None:
                both = length_pt(cc.get(FO + "padding")) or 0.0
                left = length_pt(cc.get(FO + "padding-left"))
                right = length_pt(cc.get(FO + "padding-right"))
                cell_pad[name] = (left if left is not None else both) + (right if right is not None else both)
            tp = st.find(ST + "text-properties")
            if tp is not None and tp.get(FO + "font-weight") == "bold":
                bold.add(name)
    for name in list(parent):  # bold through inheritance (automatic styles)
        seen, at = set(), name
        while at and at not in seen and at not in bold:
            seen.add(at)
            at = parent.get(at)
        if at in bold:
            bold.add(name)
    size = 9.0
    for n, tbl in enumerate(doc.iter(T + "table"), 1):
        cols = [col_width.get(c.get(T + "style-name")) for c in tbl.findall(T + "table-column")]
        cells, pad = [], 0.0
        for row in tbl.iter(T + "table-row"):
            for c, cell in enumerate(row.findall(T + "table-cell")):
                pad = max(pad, cell_pad.get(cell.get(T + "style-name"), 0.0))
                for p in cell.iter():
                    if p.tag not in (TX + "p", TX + "h"):
                        continue
                    pbold = p.get(TX + "style-name") in bold
                    cells.append((c, "".join(_odt_text(p, pbold, bold, [])), None))
        yield "table %d" % n, cols, pad, size, cells


def _odt_text(el, is_bold, bold, out):
    """Text of a paragraph as (text) pieces; bold spans are marked with \\x01."""
    if el.text:
        out.append(("\x01" if is_bold else "") + el.text)
    for ch in el:
        if ch.tag == TX + "s":
            out.append(" " * int(ch.get(TX + "c", "1")))
        elif ch.tag in (TX + "tab", TX + "line-break"):
            out.append(" ")
        elif ch.tag != TX + "note":
            _odt_text(ch, is_bold or ch.get(TX + "style-name") in bold, bold, out)
        if ch.tail:
            out.append(("\x01" if is_bold else "") + ch.tail)
    return out


def check_widths(fonts, path):
    problems = []
    z = zipfile.ZipFile(path)
    tables = docx_tables(z) if path.endswith(".docx") else odt_tables(z)
    count = 0
    for name, cols, pad, size, cells in tables:
        count += 1
        for c, text, bold in cells:
            if c >= len(cols) or cols[c] is None:
                problems.append("%s: %s: cell in column %d has no width" % (path, name, c + 1))
                continue
            room = cols[c] - pad
            for chunk in ([(text, bold)] if bold is not None else _odt_chunks(text)):
                for word in pieces(chunk[0]):
                    w = text_width(fonts, word, chunk[1], size)
                    if w > room + 0.01:
                        problems.append("%s: %s, column %d: '%s' needs %.1f pt, the column holds %.1f pt"
                                        % (os.path.basename(path), name, c + 1, word, w, room))
    return count, problems


def _odt_chunks(text):
    # text joined from pieces; "\x01" marks the start of a bold piece
    parts = text.split("\x01")
    yield parts[0], False
    for p in parts[1:]:
        yield p, True


# ---- rendered text ----

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


def vocabulary(paths):
    # the month names of the dates the documents write ("1 januari 2026")
    from odt_check import MONTHS
    vocab = {m.lower() for names in MONTHS.values() for m in names}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for w in WORD.findall(f.read()):
                vocab.add(w.lower())
    return vocab


def check_words(text_path, vocab_paths):
    vocab = vocabulary(vocab_paths)
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\b[0-9a-f]{8}\b", " ", text)  # the footer's short fingerprint
    # pieces of one or two letters are too common to judge (and the other
    # piece of a cut word is long enough to show)
    unknown = sorted({w for w in WORD.findall(text) if len(w) > 2 and w.lower() not in vocab})
    return unknown


def main():
    if sys.argv[1:] == ["fonts"] or (len(sys.argv) >= 3 and sys.argv[1] == "widths"):
        fonts = load_fonts()
        if fonts is None:
            print("Liberation Sans fonts not found in %s" % " or ".join(FONT_DIRS))
            sys.exit(3)
        if sys.argv[1] == "fonts":
            sys.exit(0)
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if sys.argv[1] == "widths":
        bad = False
        for path in sys.argv[2:]:
            count, problems = check_widths(fonts, path)
            if count == 0:
                print("%s: no tables" % path)
                bad = True
            for p in problems:
                print(p)
                bad = True
        sys.exit(1 if bad else 0)
    if sys.argv[1] == "words":
        unknown = check_words(sys.argv[2], sys.argv[3:])
        for w in unknown:
            print("not a word of the source: %s" % w)
        sys.exit(1 if unknown else 0)
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
