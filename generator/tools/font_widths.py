#!/usr/bin/env python3
"""font_widths.py - writes generator/font_metrics.c, the advance widths of
the fonts a document may be set in, for the column layout of
generator/compose_layout.c:

  python3 generator/tools/font_widths.py > generator/font_metrics.c

(`make fonts` does this.) The widths are read from the font files of the
Debian packages fonts-liberation2, fonts-crosextra-carlito and
fonts-dejavu-core, regular and bold, for U+0020..U+017F and the
punctuation in EXTRA, in thousandths of an em, rounded up. Each family is
listed with the fonts that share its metrics (Arial is Liberation Sans,
Calibri is Carlito, ...). A last entry without a name holds, glyph by
glyph, the widest of them all: the safe measure for a font we do not
know. Reads the TrueType tables head, hhea, hmtx and cmap (format 4)
directly, so it needs nothing beyond Python. tests/layout_check.py uses
advances() to measure independently of the generated table."""
import math
import os
import struct
import sys

FIRST, LAST = 0x20, 0x17F  # Basic Latin, Latin-1, Latin Extended-A
EXTRA = [0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C,
         0x201D, 0x201E, 0x2022, 0x2026, 0x20AC]
FONT_DIR = "/usr/share/fonts/truetype"

# family, fonts with the same metrics, regular and bold files (under FONT_DIR)
FAMILIES = [
    ("Liberation Sans", ["Arial", "Helvetica", "Arimo"],
     "liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    ("Liberation Serif", ["Times New Roman", "Times", "Tinos"],
     "liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
    ("Carlito", ["Calibri"],
     "crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf"),
    ("DejaVu Sans", ["Bitstream Vera Sans"],
     "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    ("DejaVu Serif", ["Bitstream Vera Serif"],
     "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
]
MONO = ["liberation2/LiberationMono-Regular.ttf", "liberation2/LiberationMono-Bold.ttf",
        "dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSansMono-Bold.ttf"]


def advances(path):
    """A function from code point to advance width (thousandths of an em,
    rounded up; 0 when the font lacks the character)."""
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


def font_path(name):
    return os.path.join(FONT_DIR, name)


def rows(values, indent, per_line=16):
    for i in range(0, len(values), per_line):
        yield indent + ", ".join("%d" % v for v in values[i:i + per_line]) + ","


def table(widths):
    """[regular, bold] lists: Latin range then EXTRA."""
    return [[w(cp) for cp in range(FIRST, LAST + 1)] + [w(cp) for cp in EXTRA] for w in widths]


def c_ident(name):
    return name.lower().replace(" ", "_")


def main():
    fams = []
    for family, aliases, regular, bold in FAMILIES:
        fams.append((family, aliases, table([advances(font_path(regular)), advances(font_path(bold))])))
    widest = [[max(f[2][b][i] for f in fams) for i in range(len(fams[0][2][b]))] for b in (0, 1)]
    mono = max(advances(font_path(p))(ord("m")) for p in MONO)
    n_latin = LAST - FIRST + 1
    out = []
    out.append("/* font_metrics.c - advance widths of the fonts a document may be set in")
    out.append(" * (font_metrics.h). Generated by generator/tools/font_widths.py from the")
    out.append(" * fonts of fonts-liberation2, fonts-crosextra-carlito and fonts-dejavu-core:")
    out.append(" * do not edit; run `make fonts`. */")
    out.append('#include "font_metrics.h"')
    out.append("")
    out.append("const unsigned font_metrics_extra[FONT_EXTRA] = {%s};" % ", ".join("0x%04X" % cp for cp in EXTRA))
    for family, aliases, widths in fams + [("widest", [], widest)]:
        ident = c_ident(family)
        out.append("")
        out.append("static const unsigned short %s[2][FONT_LATIN + FONT_EXTRA] = {" % ident)
        for w in widths:
            out.append("  {")
            out.extend(rows(w, "    "))
            out.append("  },")
        out.append("};")
        if aliases:
            out.append("static const char *const %s_names[] = {%s, NULL};" % (
                ident, ", ".join('"%s"' % a for a in [family] + aliases)))
    out.append("")
    out.append("const font_metrics font_metrics_known[] = {")
    for family, aliases, _ in fams:
        out.append("    {%s_names, %s}," % (c_ident(family), c_ident(family)))
    out.append("    {NULL, widest}, /* the widest of them, glyph by glyph */")
    out.append("};")
    out.append("const unsigned font_metrics_mono = %d;" % mono)
    print("\n".join(out))
    assert n_latin == 352 and len(EXTRA) == 13


if __name__ == "__main__":
    if len(sys.argv) != 1:
        sys.exit(__doc__)
    main()
