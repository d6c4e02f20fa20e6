#!/usr/bin/env python3
"""pandoc_rows.py - a document as pandoc reads it back, one line per block,
for tests to grep: "# Heading" (one '#' per level), a paragraph's text, and
each table row as "| cell | cell |" with every cell's paragraphs joined by
" / " and white space collapsed.

  pandoc_rows.py FILE.odt|FILE.docx
"""
import json
import subprocess
import sys


def inline_text(inlines):
    out = []
    for i in inlines:
        t = i["t"]
        if t == "Str":
            out.append(i["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            out.append(inline_text(i["c"]))
        elif t in ("Span", "Link"):
            out.append(inline_text(i["c"][1]))
        elif t == "Quoted":
            q = "\u201c\u201d" if i["c"][0]["t"] == "DoubleQuote" else "\u2018\u2019"
            out.append(q[0] + inline_text(i["c"][1]) + q[1])
        elif t == "Code":
            out.append(i["c"][1])
    return " ".join("".join(out).split())


def blocks_text(blocks):
    """The paragraphs of a cell, joined by " / "."""
    parts = []
    for b in blocks:
        if b["t"] in ("Para", "Plain"):
            parts.append(inline_text(b["c"]))
        elif b["t"] == "Div":
            parts.append(blocks_text(b["c"][1]))
    return " / ".join(p for p in parts if p)


def rows_of(table):
    # pandoc >= 2.10: [attr, caption, colspecs, head, bodies, foot]
    _, _, _, head, bodies, foot = table
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    for row in rows:
        yield [blocks_text(cell[4]) for cell in row[1]]


def walk(blocks, out):
    for b in blocks:
        t = b["t"]
        if t == "Header":
            out.append("#" * b["c"][0] + " " + inline_text(b["c"][2]))
        elif t in ("Para", "Plain"):
            out.append(inline_text(b["c"]))
        elif t == "Table":
            for cells in rows_of(b["c"]):
                out.append("| " + " | ".join(cells) + " |")
        elif t == "Div":
            walk(b["c"][1], out)
        elif t in ("BlockQuote",):
            walk(b["c"], out)
        elif t in ("BulletList", "OrderedList"):
            items = b["c"] if t == "BulletList" else b["c"][1]
            for item in items:
                walk(item, out)


def main():
    path = sys.argv[1]
    fmt = "odt" if path.endswith(".odt") else "docx"
    doc = json.loads(subprocess.run(["pandoc", "-f", fmt, "-t", "json", path], check=True,
                                    capture_output=True).stdout)
    out = []
    walk(doc["blocks"], out)
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
