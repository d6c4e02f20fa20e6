#!/usr/bin/env python3
"""sigblock_check.py PDF - fails when a signature block is split over two
pages: a page whose first signature line is a continuation (Name:, Place:,
Date:, Signature: ...) rather than the block's opening "For ..."/"Voor ..."."""
import re
import subprocess
import sys

CONT = re.compile(r"^\s*(Naam|Name|Functie|Function|Position|Plaats|Place|Datum|Date|Handtekening|Signature):")
OPEN = re.compile(r"^\s*(Voor|For) \S")
# the heading of the signature section (profile label heading.signatures)
HEAD = re.compile(r"^\s*(Ondertekening|Signatures)\s*$")


def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def main():
    pdf = sys.argv[1]
    bad = []
    in_section = False
    for p in range(1, page_count(pdf) + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = text.splitlines()
        if not in_section:
            heads = [i for i, line in enumerate(lines) if HEAD.match(line)]
            if not heads:
                continue
            in_section = True
            lines = lines[heads[0] + 1:]
        for line in lines:
            if OPEN.match(line):
                break
            if CONT.match(line):
                bad.append(f"page {p} starts inside a signature block: {line.strip()}")
                break
    for b in bad:
        print(b)
    return 1 if bad else 0


sys.exit(main())
