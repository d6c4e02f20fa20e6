#!/usr/bin/env python3
"""gen.py DIR - writes the malformed contract definitions used by
tests/t-malformed.sh into DIR, one file per case (NAME.md). Every input is
generated (no large files in the repository) and deterministic."""
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

# A small front matter that parses, so the body cases reach the Markdown.
HEAD = b"---\ntitle: Wijkcontract\narea: Noord\nversion: '0.1'\n---\n"  # body at line 6


def write(name, data):
    with open(os.path.join(out, name + ".md"), "wb") as f:
        f.write(data)


N = 100000
write("empty", b"")
write("only-fence", b"---\n")
write("unterminated", b"---\ntitle: x\narea: y\n# Doel\n")
write("no-front-matter", b"# Doel\n\nTekst.\n")
rnd = random.Random(20270101)
write("garbage", bytes(rnd.randrange(256) for _ in range(65536)))
write("garbage-fenced", b"---\n" + bytes(rnd.randrange(256) for _ in range(8192)) + b"\n---\n")
write("nul", b"---\ntitle: a\0b\narea: Noord\n---\nTekst\0hier\n")          # 2:9
write("nuls-only", b"\0" * 100000)
write("latin1", b"---\ntitle: Caf\xe9\narea: Noord\n---\n")                 # 2:11
write("control", HEAD + b"Tekst \x0b hier\n")                                # 6:7
write("controls-many", HEAD + b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x7f" * 1000)
write("utf16", "\ufeff---\ntitle: x\n---\n".encode("utf-16-le"))
write("yaml-flow-deep", b"---\ntitle: " + b"[" * N + b"]" * N + b"\n---\n")  # 2:...
write("yaml-flow-deep-open", b"---\ntitle: " + b"{a: " * N + b"\n---\n")
write("yaml-block-deep", b"---\ntitle:\n" + b"- " * N + b"x\n---\n")
write("yaml-indent-deep", b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(3000)) + b"---\n")
write("yaml-syntax", b"---\ntitle: x\n  area: [a\n---\n")
write("yaml-tab", b"---\ntitle:\n\t- x\n---\n")
write("yaml-bomb", b"---\n" + b"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
      + b"".join(b"%c: &%c [%s]\n" % (c, c, b",".join([b"*%c" % (c - 1)] * 9))
                 for c in range(ord("b"), ord("j"))) + b"---\n")             # 2:4
write("yaml-alias", b"---\ntitle: *x\n---\n")
write("yaml-tags", b"---\ntitle: !!binary aGVsbG8=\narea: !custom x\n---\n")
write("yaml-merge", b"---\nparties:\n  - <<: {id: a}\n    name: x\n---\n")
write("yaml-many-nodes", b"---\ntitle: [" + b"1," * 7000000 + b"1]\n---\n")
write("yaml-many-keys", b"---\n" + b"".join(b"k%d: v\n" % i for i in range(200000)) + b"---\n")
write("yaml-dup-keys", b"---\n" + b"".join(b"k%d: v\nk%d: w\n" % (i, i) for i in range(20000)) + b"---\n")
write("yaml-unknown-keys", b"---\n" + b"".join(b"titel%d: v\n" % i for i in range(20000)) + b"---\n")
write("yaml-long-scalar", b"---\ntitle: " + b"a" * 10000000 + b"\n---\n")
write("yaml-long-key", b"---\n" + b"k" * 10000000 + b": v\n---\n")
write("yaml-long-quoted-key", b"---\n\"" + b"k" * 2000 + b"\": v\n---\n")
write("md-quote-deep", HEAD + b">" * N + b" x\n")                            # 6:1
write("md-list-deep", HEAD + b"- " * N + b"x\n")                             # 6:1
write("md-ordered-deep", HEAD + b"1. " * N + b"x\n")
write("md-mixed-deep", HEAD + b"> - " * (N // 2) + b"x\n")
write("md-emphasis-deep", HEAD + b"*a " * N + b"\n")
write("md-strong-deep", HEAD + b"**" * N + b"x" + b"**" * N + b"\n")
write("md-brackets-deep", HEAD + b"[" * N + b"x" + b"](u)" * 10 + b"]" * N + b"\n")
write("md-links-deep", HEAD + b"[a](" * N + b"\n")
write("md-backticks", HEAD + b"`" * N + b"x\n" + b"``a" * 10000 + b"\n")
write("md-table-wide", HEAD + b"|a" * 20000 + b"|\n" + b"|-" * 20000 + b"|\n" + b"|b" * 20000 + b"|\n")
write("md-table-rows", HEAD + b"|a|b|\n|-|-|\n" + b"|" * 1 + b"x|\n" * 200000)
write("md-footnotes", HEAD + b"".join(b"[^%d]: x[^%d]\n" % (i, i + 1) for i in range(50000)))
write("md-html", HEAD + b"<div>" * N + b"\n")
write("md-long-line", HEAD + b"abcdefghi " * 1000000 + b"\n")
write("md-many-lines", HEAD + b"x\n" * 5000000)
write("crlf-cr-mix", b"---\r\ntitle: x\rarea: y\r\n---\r\n\x01\r\n")       # 5:1
write("bom-only", b"\xef\xbb\xbf")

# 20,000 parties, each with a commitment: a large but well-formed contract.
parts = [b"---\ntitle: Groot\narea: Stad\nversion: '1'\nperiod: {start: 2027-01-01, end: 2028-01-01}\n"
         b"evaluations: [2027-06-01]\nparties:\n"]
for i in range(20000):
    parts.append(b"  - id: p%d\n    name: Partij %d\n    type: initiatief\n    mission: m\n"
                 b"    signatory: {name: N, function: F}\n" % (i, i))
parts.append(b"challenges:\n  - id: ch\n    title: T\n    roles:\n      kadersteller: p0\n"
             b"      facilitator: [" + b", ".join(b"p%d" % i for i in range(20000)) + b"]\n")
parts.append(b"commitments:\n")
for i in range(20000):
    parts.append(b"  - {id: c%d, party: p%d, challenge: ch, text: t, impact: i, due: 2027-05-01}\n"
                 % (i, i))
parts.append(b"---\n# Doel\n")
write("parties-20000", b"".join(parts))

# Over the size limit (16 MiB).
with open(os.path.join(out, "too-large.md"), "wb") as f:
    f.write(b"---\ntitle: x\n---\n")
    f.write(b"a" * (17 * 1024 * 1024))
