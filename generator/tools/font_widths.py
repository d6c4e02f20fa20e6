#!/usr/bin/env python3
"""font_widths.py - prints the advance widths of the table font for
generator/compose_layout.c (the block between the "font_widths.py" marks).

Tables are set in Liberation Sans (the ODT styles) or Arial (the DOCX
styles), which share their metrics. Widths are in thousandths of an em,
rounded up. Usage:
  python3 generator/tools/font_widths.py \
    /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf \
    /usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf
Reads the TrueType tables head, hhea, hmtx and cmap (format 4) directly, so
it needs nothing beyond Python."""
import math
import struct
import sys

FIRST, LAST = 0x20, 0x17F  # Basic Latin, Latin-1, Latin Extended-A
EXTRA = [0x2010, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C,
         0x201D, 0x201E, 0x2022, 0x2026, 0x20AC]


def advances(path):
    data = open(path, "rb").read()
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = off
    head, hhea, hmtx, cmap = (tables[t] for t in ("head", "hhea", "hmtx", "cmap"))
    upem = struct.unpack(">H", data[head + 18:head + 20])[0]
    n_hmetrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
    adv = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0] for i in range(n_hmetrics)]
    glyph = {}
    for i in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
        sub = cmap + off
        if (pid, eid) != (3, 1) or struct.unpack(">H", data[sub:sub + 2])[0] != 4:
            continue
        segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
        seg = segx2 // 2
        ends = struct.unpack(">%dH" % seg, data[sub + 14:sub + 14 + segx2])
        starts = struct.unpack(">%dH" % seg, data[sub + 16 + segx2:sub + 16 + 2 * segx2])
        deltas = struct.unpack(">%dh" % seg, data[sub + 16 + 2 * segx2:sub + 16 + 3 * segx2])
        ro_at = sub + 16 + 3 * segx2
        ros = struct.unpack(">%dH" % seg, data[ro_at:ro_at + segx2])
        for s in range(seg):
            for cp in range(starts[s], min(ends[s], 0xFFFE) + 1):
                if ros[s] == 0:
                    g = (cp + deltas[s]) & 0xFFFF
                else:
                    at = ro_at + 2 * s + ros[s] + 2 * (cp - starts[s])
                    g = struct.unpack(">H", data[at:at + 2])[0]
                    g = (g + deltas[s]) & 0xFFFF if g else 0
                glyph[cp] = g
    def width(cp):
        g = glyph.get(cp, 0)
        if g == 0:
            return 0  # not in the font: the caller's fallback applies
        return math.ceil(adv[min(g, n_hmetrics - 1)] * 1000.0 / upem)
    return width


def rows(values, per_line=16):
    for i in range(0, len(values), per_line):
        yield "    " + ", ".join("%d" % v for v in values[i:i + per_line]) + ","


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: font_widths.py REGULAR.ttf BOLD.ttf")
    fonts = [advances(p) for p in sys.argv[1:]]
    print("/* font_widths.py: U+%04X..U+%04X, regular then bold */" % (FIRST, LAST))
    print("static const unsigned short latin_widths[2][%d] = {" % (LAST - FIRST + 1))
    for w in fonts:
        print("  {")
        for line in rows([w(cp) for cp in range(FIRST, LAST + 1)]):
            print(line)
        print("  },")
    print("};")
    print("/* font_widths.py: punctuation beyond Latin: code point, regular, bold */")
    print("static const unsigned extra_widths[][3] = {")
    for cp in EXTRA:
        print("    {0x%04X, %d, %d}," % (cp, fonts[0](cp), fonts[1](cp)))
    print("};")


if __name__ == "__main__":
    main()
