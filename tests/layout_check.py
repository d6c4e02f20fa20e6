#!/usr/bin/env python3
"""layout_check.py - checks that the tables of generated documents never
break a word (tests/t-layout.sh).

  layout_check.py widths FILE.docx|FILE.odt...
      For every table column: the widest unbreakable piece of its text
      (words break at spaces and after a hyphen between letters), measured
      with the table font's real advance widths, fits between the cell's
      padding, where the page allows (check_widths). The widths come from
      the installed Liberation Sans fonts (Arial's metrics), read by
      generator/tools/font_widths.py, so this check does not trust the
      generator's table. Exit 3 when the fonts are missing. (Words cut in
      a rendering: tests/typeset_check.py.)
  layout_check.py fonts
      Exit 0 when those fonts are installed, 3 (with a message) when not.
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
    """Every word fits its column where the page allows. Where the longest
    words of a table's columns (tables with the same grid are one kind,
    laid out together) need more than the table's width, the columns with
    the longest words are cut to one level (and may get more where their
    text is) and hyphenate; every column whose longest word is below that
    level must still hold its words. Returns the number of tables, the
    problems and notes on the hyphenated words."""
    problems, notes = [], []
    z = zipfile.ZipFile(path)
    tables = list(docx_tables(z) if path.endswith(".docx") else odt_tables(z))
    kinds = {}
    for name, cols, pad, size, cells in tables:
        need = kinds.setdefault(tuple(round(c or 0, 1) for c in cols), [0.0] * len(cols))
        for c, word, bold, w in _words(fonts, cells, size):
            if c < len(need):
                need[c] = max(need[c], w + pad)
    for name, cols, pad, size, cells in tables:
        need = kinds[tuple(round(c or 0, 1) for c in cols)]
        cut_at = None  # the level the longest words' columns were cut to
        if None not in cols and sum(need) > sum(cols) + 0.01:
            cut_at = min(w for w, n in zip(cols, need) if n > w + 0.01)
        for c, word, bold, w in _words(fonts, cells, size):
            if c >= len(cols) or cols[c] is None:
                problems.append("%s: %s: cell in column %d has no width" % (path, name, c + 1))
                continue
            room = cols[c] - pad
            if w <= room + 0.01:
                continue
            line = "%s: %s, column %d: '%s' needs %.1f pt, the column holds %.1f pt" % (
                os.path.basename(path), name, c + 1, word, w, room)
            if cut_at is not None and need[c] > cut_at + 0.01:
                notes.append(line + " (a longest word where the page does not allow: hyphenated)")
            else:
                problems.append(line)
    return len(tables), problems, notes


def _words(fonts, cells, size):
    """(column, word, bold, width) of every unbreakable piece of the cells."""
    for c, text, bold in cells:
        for chunk in ([(text, bold)] if bold is not None else _odt_chunks(text)):
            for word in pieces(chunk[0]):
                yield c, word, chunk[1], text_width(fonts, word, chunk[1], size)


def _odt_chunks(text):
    # text joined from pieces; "\x01" marks the start of a bold piece
    parts = text.split("\x01")
    yield parts[0], False
    for p in parts[1:]:
        yield p, True


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
            count, problems, notes = check_widths(fonts, path)
            for n in notes:
                print(n)
            if count == 0:
                print("%s: no tables" % path)
                bad = True
            for p in problems:
                print(p)
                bad = True
        sys.exit(1 if bad else 0)
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
