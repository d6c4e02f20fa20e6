# t-pathological.sh - pathological input end to end: cmark's pathological
# classes, deep lists, a 10,000 x 50 table, 10,000-key mappings, 1 MB
# scalars and more, each through `check` and `build --draft` to .odt and
# .docx. Each command must take under 5 s of CPU time (user + system, so a
# busy machine does not fail it), and doubling the input may cost at most
# 2.5 times the CPU time (best of up to 3 runs; sizes doubled until the
# time is measurable, and kept under the loader's text budget). Inputs the
# document must show in full (the 10,000 x 50 table, 1 MB texts) must not be
# refused by that budget. WK_SKIP_TIMING=1 (set by t-asan.sh) runs every class
# once at a fiftieth of the size through check and one format, for crashes
# and sanitizer reports only.
. tests/lib.sh
command -v python3 >/dev/null || { echo "note $T_SUITE: python3 absent: skipped"; finish; exit 0; }

python3 - "$WK" "$TMP" tests/fuzz/corpus-contract/minimal.md <<'PY' >"$TMP/results"
import os, resource, subprocess, sys, time
WK, TMP, BASE = sys.argv[1], sys.argv[2], sys.argv[3]
SKIP_TIMING = os.environ.get("WK_SKIP_TIMING") == "1"
LIMIT = 5.0        # CPU seconds per command at the specified size
RATIO = 2.5        # allowed cost of doubling the input
FLOOR = 0.25       # below this (CPU s, whole pipeline) a ratio is noise: grow first
GROW_BYTES = 2 * 1024 * 1024  # fast classes are grown up to this size, no further

base = open(BASE, encoding="utf-8").read()
fm_end = base.index("\n---\n", 4)
FRONT, BODY = base[: fm_end + 1], base[fm_end + 5 :]

def doc(body="", front_extra=""):
    return FRONT + front_extra + "---\n" + body + "\n\n" + BODY

def backticks(n):
    out, k, size = [], 1, 0
    while size < n:
        out.append("e" + "`" * k)
        size += k + 1
        k = k + 1 if k < 400 else 1
    return "".join(out)

def table(rows, cols=50, cell=lambda r, c: "%d" % ((r * 50 + c) % 997)):
    head = "|" + "|".join("h%d" % c for c in range(cols)) + "|\n"
    sep = "|" + "|".join("---" for _ in range(cols)) + "|\n"
    return head + sep + "".join("|" + "|".join(cell(r, c) for c in range(cols)) + "|\n" for r in range(rows))

def nested_list_indented(depth):
    return "".join("  " * i + "- a\n" for i in range(depth))

def words(nbytes):
    w = "lorem ipsum dolor sit amet consectetur "
    return (w * (nbytes // len(w) + 1))[:nbytes]

def front(old, new):
    return lambda n: FRONT.replace(old, new(n)) + "---\n" + BODY

# name: (file for size n, the specified n, text the built document must
# contain when the input has to be rendered in full, or None)
CLASSES = {
    "emphasis-nested": (lambda n: doc("*a **a " * n + "b" + " a** a*" * n), 20000, None),
    "emphasis-unclosed": (lambda n: doc("*a **a " * n), 40000, None),
    "underscore-star": (lambda n: doc("_a *b " * n + "c" + " b* a_" * n), 20000, None),
    "openers-mismatched": (lambda n: doc("*a_ " * n), 50000, None),
    "underscores": (lambda n: doc("a" + "_" * n + "b"), 200000, None),
    "strikethrough": (lambda n: doc("~~a " * n), 50000, None),
    "brackets-open": (lambda n: doc("[" * n + "a"), 100000, None),
    "brackets-nested": (lambda n: doc("[" * n + "a" + "]" * n), 50000, None),
    "link-openers": (lambda n: doc("[a](" * n), 50000, None),
    "images-nested": (lambda n: doc("![" * n + "a" + "](b)" * n), 20000, None),
    "links": (lambda n: doc("[a](https://example.org/x) " * n), 20000, "example.org/x"),
    "angle-brackets": (lambda n: doc("<" * n + "a"), 100000, None),
    "autolink-dots": (lambda n: doc("www." + "a." * n), 100000, None),
    "autolink-at": (lambda n: doc("a@" * n), 100000, None),
    "quotes-deep": (lambda n: doc("> " * n + "a"), 4000, None),
    "backticks": (lambda n: doc(backticks(n)), 200000, None),
    "lists-one-line": (lambda n: doc("- " * n + "a"), 4000, None),
    "lists-1000-deep": (lambda n: doc(nested_list_indented(n)), 1000, None),
    "table-10000x50": (lambda n: doc(table(n)), 10000, "h49"),
    "table-empty-cells": (lambda n: doc(table(n, 50, lambda r, c: "")), 10000, "h49"),
    # rows of one cell under a 50-column header: every row is padded to the
    # grid, so 2 bytes of input become 50 cells of output
    "table-ragged-rows": (lambda n: doc("|" + "|".join("h%d" % c for c in range(50)) + "|\n|" + "---|" * 50 + "\n" + "a\n" * n), 10000, "h49"),
    "keys-10000-top": (lambda n: doc(front_extra="".join("x%d: v\n" % i for i in range(n))), 10000, None),
    "keys-10000-schuurpapier": (lambda n: doc(front_extra="schuurpapier:\n" + "".join("  k%d: v\n" % i for i in range(n))), 10000, None),
    "keys-10000-roles": (front("    roles: {", lambda n: "    roles: {" + "".join("r%d: gemeente, " % i for i in range(n))), 10000, None),
    "scalar-1mb-quoted": (lambda n: doc(front_extra='notes: "' + words(n) + '"\n'), 1 << 20, None),
    "scalar-1mb-mission": (front("mission: Samen de straat groen maken", lambda n: 'mission: "' + words(n) + '"'), 1 << 20, None),
    "scalar-1mb-title": (front("title: Groene straat {{ area }}", lambda n: 'title: "' + words(n) + '"'), 1 << 20, "lorem ipsum"),
    "paragraph-1mb": (lambda n: doc(words(n)), 1 << 20, "lorem ipsum"),
    "line-1mb-nospace": (lambda n: doc("a" * n), 1 << 20, "aaaaaaaaaa"),
    "variables": (lambda n: doc("{{ title }} " * n), 50000, "Groene straat"),
    "variables-unclosed": (lambda n: doc("{{ " * n), 100000, None),
    "placeholders": (lambda n: doc("TODO … [...] <naam> " * n), 20000, None),
    "footnotes": (lambda n: doc("".join("x[^%d] " % i for i in range(n)) + "\n\n" + "".join("[^%d]: n %d\n\n" % (i, i) for i in range(n))), 5000, None),
    "headings": (lambda n: doc("".join("# Kop %d\n\n## Sub\n\ntekst\n\n" % i for i in range(n))), 5000, "Kop 4999"),
    "html": (lambda n: doc("<div><span>a</span></div>\n\n" * n), 10000, None),
    "yaml-flow-deep": (lambda n: doc(front_extra="deep: " + "[" * n + "\n"), 100000, None),
    "evaluations-many": (front("evaluations: [2026-06-01]", lambda n: "evaluations:\n" + "".join("  - 2026-06-%02d\n" % (i % 28 + 1) for i in range(n))), 20000, None),
}

def run(path, cmd):
    """CPU seconds (user + system: robust against a loaded machine), a
    problem or None, and the command's stderr."""
    out = os.path.join(TMP, "o." + cmd) if cmd != "check" else None
    args = [WK, "check", path] if cmd == "check" else [WK, "build", path, "--draft", "-o", out]
    if out and os.path.exists(out):
        os.unlink(out)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        return 120.0, "timed out after 120 s", ""
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or p.returncode >= 128:
        return cpu, "crashed (status %d): %s" % (p.returncode, err[-300:]), err
    if "Sanitizer" in err or "runtime error:" in err:
        return cpu, "sanitizer: " + err[-600:], err
    if cmd != "check":
        if p.returncode == 1 and "[invalid-text]" in err:
            # the loader refused the text (its budget): even --draft
            # refuses then, and writes nothing
            if os.path.exists(out):
                return cpu, "refused, yet %s was written" % out, err
            return cpu, None, err
        if p.returncode != 0:
            return cpu, "build --draft exit %d: %s" % (p.returncode, err.strip()[-200:]), err
        with open(out, "rb") as f:
            if f.read(2) != b"PK":
                return cpu, "%s is not a zip" % out, err
    return cpu, None, err

def contains(docpath, text):
    import zipfile
    parts = ["content.xml"] if docpath.endswith(".odt") else ["word/document.xml", "word/_rels/document.xml.rels"]
    with zipfile.ZipFile(docpath) as z:
        return any(text.encode() in z.read(p) for p in parts)

def measure(name, n, runs=1, marker=None, cmds=("check", "odt", "docx")):
    """Best CPU time per command over runs, problems, input bytes, and
    whether the loader refused the text (its size budget)."""
    path = os.path.join(TMP, "%s-%d.md" % (name, n))
    data = CLASSES[name][0](n)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)
    best, problems, refused = {}, [], False
    for _ in range(runs):
        for c in cmds:
            cpu, prob, err = run(path, c)
            best[c] = min(best.get(c, 1e9), cpu)
            if prob:
                problems.append("%s: %s" % (c, prob))
            elif c == "check" and "[invalid-text]" in err:
                refused = True
            elif c != "check" and marker and (not os.path.exists(os.path.join(TMP, "o." + c))
                                              or not contains(os.path.join(TMP, "o." + c), marker)):
                problems.append("%s: the document lacks %r: the input was not rendered" % (c, marker))
        if problems:
            break
    os.unlink(path)
    return best, problems, len(data.encode()), refused

def fmt(best):
    return " ".join("%s %.2f" % (k, v) for k, v in best.items())

for name, (gen, spec, marker) in CLASSES.items():
    if SKIP_TIMING:  # under the sanitizers: the shape matters, not the size
        n = spec if name == "lists-1000-deep" else max(1, spec // 50)
        best, problems, size, _ = measure(name, n, cmds=("check", ("odt", "docx")[len(name) % 2]))
        print(("FAIL\t%s\t%s" % (name, "; ".join(problems))) if problems else "ok\t%s (n=%d, %d bytes)" % (name, n, size))
        continue
    # the specified size: every command under LIMIT CPU seconds, and (with
    # a marker) not refused but rendered
    b2, p2, s2, r2 = measure(name, spec, 1, marker)
    if p2:
        print("FAIL\t%s: n=%d (%d bytes)\t%s" % (name, spec, s2, "; ".join(p2)))
        continue
    if marker and r2:
        print("FAIL\t%s: n=%d (%d bytes)\trefused by the loader's size budget (invalid-text); it must be rendered" % (name, spec, s2))
        continue
    if max(b2.values()) >= LIMIT:
        c2, _, _, _ = measure(name, spec, 1)
        b2 = {k: min(v, c2[k]) for k, v in b2.items()}
    slow = max(b2.values()) >= LIMIT
    print("%s\t%s: n=%d (%d bytes%s) %s %.0f CPU s\t%s" % ("FAIL" if slow else "ok", name, spec, s2,
          ", refused by the size budget" if r2 else "", "over" if slow else "under", LIMIT, fmt(b2)))
    # scaling, below the loader's budget: n and 2n, grown until measurable
    n = max(1, spec // 2)
    b1, p1, s1, r1 = measure(name, n)
    if r2 and not r1:  # 2n crosses the budget: compare two sizes under it
        while n > 1:
            n //= 2
            b2, p2, s2, r2 = measure(name, 2 * n)
            if not r2:
                break
        b1, p1, s1, r1 = measure(name, n)
    elif not r2 and sum(b2.values()) < FLOOR:
        while sum(b2.values()) < FLOOR and 2 * s2 <= GROW_BYTES:
            n *= 2
            c, p, s, r = measure(name, 2 * n)
            if p or r:
                break
            b1, s1 = b2, s2
            b2, s2 = c, s
    if p1 or p2:
        print("FAIL\t%s scaling\t%s" % (name, "; ".join(p1 + p2)))
        continue
    t1, t2 = sum(b1.values()), sum(b2.values())
    if t2 < FLOOR:
        print("ok\t%s scaling: %d -> %d bytes too fast to measure (%.3f CPU s)" % (name, s1, s2, t2))
        continue
    # doubling the input may cost RATIO times; deep nesting classes grow
    # faster than n, so the allowance follows the bytes
    allowed = RATIO * max(1.0, (s2 / s1) / 2)
    tries = 1
    while t2 / max(t1, 0.01) > allowed and tries < 3:  # noise only adds time
        c1, _, _, _ = measure(name, n)
        c2, _, _, _ = measure(name, 2 * n)
        b1 = {k: min(v, c1[k]) for k, v in b1.items()}
        b2 = {k: min(v, c2[k]) for k, v in b2.items()}
        t1, t2 = sum(b1.values()), sum(b2.values())
        tries += 1
    ratio = t2 / max(t1, 0.01)
    print("%s\t%s scaling: %d -> %d bytes, %.2f -> %.2f CPU s: x%.2f (max %.1f)\t%s | %s" % (
        "ok" if ratio <= allowed else "FAIL", name, s1, s2, t1, t2, ratio, allowed, fmt(b1), fmt(b2)))
    sys.stdout.flush()
PY
[ $? = 0 ] || not_ok "pathological driver ran" "python3 failed"
while IFS="$(printf '\t')" read -r verdict name detail; do
  case $verdict in
    ok) ok "$name"; [ -n "${WK_PATHO_SHOW:-}" ] && echo "     $name  $detail" ;;
    FAIL) not_ok "$name" "$detail" ;;
  esac
done <"$TMP/results"
finish
