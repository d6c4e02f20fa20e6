# t-pathological.sh - pathological input end to end: cmark's pathological
# classes, deep lists and YAML, a 10,000 x 50 table, 10,000-key mappings,
# 20,000 parties, 1,000 files in one `check`, 1 MB scalars, the shapes on
# which cmark-gfm 0.29.0.gfm.6 is superlinear (emphasis before links,
# `![[]()`, `<?`, blank lines in deep lists, ...) and more.
#
# At the specified size, run directly: `check` and `build --draft` to .odt
# and .docx end without a crash or a sanitizer report, a build writes a zip,
# an input the document must show in full (the table, the 1 MB texts) is
# rendered and not refused by the loader's text budget, and no run's peak
# memory passes 512 MiB. A run with no result after 300 s is a hang: it fails
# (a limit, not a measurement).
#
# Scaling, in instructions counted by valgrind (cachegrind without its cache
# simulation), which are the same from run to run where seconds are not: at
# sizes n and 2n below the specified one, chosen so that a build (to .docx
# and .odt by turns) does some 48 million instructions of work at n beyond
# those of the minimal contract (the parties also `check` at 8 times that,
# the repeated keys at 4), that work may at most grow 2.5 times when the
# input doubles (more when the class's bytes grow faster than n). Growth
# over that is measured once more from 2n to 4n: growth that stops
# (superlinear only up to a bounded window) passes, growth that lasts fails.
# So a quadratic term is seen once its share of the work at those sizes is
# about a quarter: cmark's pathological cases are; a lookup of a few dozen
# instructions per pair of parties is seen by the `check` of the parties. A
# control judges a known quadratic command (awk) the same way and must see
# it fail. How fast a build is belongs to `make bench`.
#
# WK_IN_ASAN=1 (set by t-asan.sh): every class once at a fiftieth of the size
# through check and one format, for crashes and sanitizer reports only.
# WK_PATHO_ONLY=NAME,... runs only those classes (and the control);
# WK_PATHO_SHOW=1 prints every figure.
. tests/lib.sh
have_tool python3 "every check of this suite" || { finish; exit 0; }
count=1
[ -n "${WK_IN_ASAN:-}" ] && count=0 # valgrind cannot run a sanitized binary
[ "$count" = 1 ] && ! have_tool valgrind "the scaling checks" && count=0
time=/usr/bin/time
[ -x "$time" ] || { echo "note $T_SUITE: /usr/bin/time is not installed (make test installs it): peak memory not measured"; time=; }

python3 - "$WK" "$TMP" tests/fuzz/corpus-contract/minimal.md "$count" "$time" <<'PY' >"$TMP/results"
import concurrent.futures, os, re, signal, subprocess, sys, threading, zipfile
WK, TMP, BASE, COUNT, TIME = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5]
IN_ASAN = os.environ.get("WK_IN_ASAN") == "1"
HANG = 300               # seconds without a result: a hang
MAX_RSS = 512 << 20      # bytes of peak memory per run at the specified size
RATIO = 2.5              # allowed growth of the instructions when the input doubles
MIN_WORK = 2_000_000     # instructions beyond the minimal contract's at n: less is too little to judge
AIM_WORK = 48_000_000    # what the scaling sizes are chosen for
PROBE_BYTES = 8192       # the size a class's work is first measured at
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # equal input, equal work

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

def parties(n):
    """n parties, all holding a role in one challenge, and a commitment
    each: every one is looked up by its id."""
    out = ["---", "title: Groot", "area: Stad", 'version: "1"',
           "period: {start: 2026-01-01, end: 2026-12-31}", "evaluations: [2026-06-01]", "parties:"]
    for i in range(n):
        out.append("  - {id: p%d, name: Partij %d, type: %s, mission: Iets doen, signatory: {name: N %d, function: voorzitter}}"
                   % (i, i, "initiatief" if i % 2 else "overheid", i))
    out += ["challenges:", "  - id: c0", "    title: Opgave", "    roles:", "      kadersteller: p0",
            "      facilitator: p1", "      uitvoerder: [%s]" % ", ".join("p%d" % i for i in range(n)), "commitments:"]
    for i in range(n):
        out.append("  - {id: k%d, party: p%d, challenge: c0, text: Wij onderhouden het plantsoen, obligation: inspanning,"
                   " impact: Bewoners voelen zich thuis in de straat, due: 2026-05-01}" % (i, i))
    out.append("schuurpapier: {legitimiteit: L, representativiteit: R, verantwoording: V}")
    return "\n".join(out) + "\n---\n\n# Doel\n\nTekst.\n\n# Evaluatie\n\nTekst.\n\n# Geschillen\n\nTekst.\n\n# Beëindiging\n\nTekst.\n"

# name: (input for size n: the text of one file, or a list of files; the
# specified n; text the built document must contain when the input has to
# be rendered in full, or None; optionally {"cmds": the commands at the
# specified size when not all three, "scale": [(commands, work to aim at),
# ...] when not one build at AIM_WORK}). Scaling measures one build per
# class, .docx and .odt in turn down the list (each valgrind run costs half
# a second before any work); a build runs the checks too, so it stands for
# `check`, which the parties and the repeated keys scale on their own as
# well: its work per item is smaller, so n can be larger, where a cheap
# lookup done per item shows sooner.
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
    # every key twice: a duplicate-key finding for each, pointing back
    "keys-10000-repeated": (lambda n: doc(front_extra="".join("x%d: v\n" % (i % max(1, n // 2)) for i in range(n))), 10000, None,
                            {"scale": [(("check",), 4 * AIM_WORK), (None, AIM_WORK)]}),
    "keys-10000-schuurpapier": (lambda n: doc(front_extra="schuurpapier:\n" + "".join("  k%d: v\n" % i for i in range(n))), 10000, None),
    "keys-10000-roles": (front("    roles: {", lambda n: "    roles: {" + "".join("r%d: gemeente, " % i for i in range(n))), 10000, None),
    "parties-20000": (parties, 20000, None, {"scale": [(("check",), 8 * AIM_WORK), (None, AIM_WORK)]}),
    "files-1000": (lambda n: [base] * n, 1000, None, {"cmds": ("check",), "scale": [(("check",), AIM_WORK)]}),
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
    "yaml-block-deep": (lambda n: doc(front_extra="deep:\n" + "- " * n + "x\n"), 100000, None),
    "evaluations-many": (front("evaluations: [2026-06-01]", lambda n: "evaluations:\n" + "".join("  - 2026-06-%02d\n" % (i % 28 + 1) for i in range(n))), 20000, None),
    # where cmark-gfm 0.29.0.gfm.6 works superlinearly (generator/mdcost.c
    # bounds each before parsing): emphasis before links, a search bound
    # freed, image openers under links, tags scanned to the end, e-mail
    # addresses deep in emphasis, blank and lazy lines in deep lists and
    # footnotes, text deep in quotes, web addresses without spaces
    "emphasis-then-links": (lambda n: doc("*a* [c](d) " * n), 100000, None),
    "closers-freed-bound": (lambda n: doc("*a " * n + "_a*_ " * n), 100000, None),
    "image-openers-links": (lambda n: doc("![[]()" * n), 160000, None),
    "processing-instructions": (lambda n: doc("a" + "<?" * n), 300000, None),
    "emails-deep-in-emphasis": (lambda n: doc("*a _" * n + "\n" + "a@b.c\n" * n + "_ a*" * n), 50000, None),
    "blank-lines-deep-list": (lambda n: doc("- " * n + "x" + "\n" * n), 100000, None),
    "blank-lines-deep-footnotes": (lambda n: doc("[^a]: " * n + "x" + "\n" * n), 50000, None),
    # cmark matches every lazy line against every open list item: its work
    # grows with n squared, bounded by mdcost's nesting sum (some 200
    # million instructions at the bound, n near 3,200, against about
    # 25,000 of ours per line). Judged where the library's share is still
    # small beside ours (n from 195 to 390, x2.2): a superlinear step of
    # our own shows there, while near the bound the library's known square
    # decides (x2.8 from 781 to 1,562 once building a line got cheaper)
    "lazy-lines-deep-list": (lambda n: doc("- " * n + "x" + "\nb" * n), 50000, None,
                             {"scale": [(None, AIM_WORK // 4)]}),
    "text-deep-in-quotes": (lambda n: doc(">" * n + "a*" * n), 100000, None),
    "addresses-without-spaces": (lambda n: doc("http://a<" * n), 100000, None),
    "address-closing-parens": (lambda n: doc("http://a" + ")" * n), 1000000, None),
}

def texts_of(data):
    return data if isinstance(data, list) else [data]

def size_of(data):
    return sum(len(t.encode()) for t in texts_of(data))

def write_input(tag, data):
    """The input's files and their size in bytes."""
    paths = []
    for k, text in enumerate(texts_of(data)):
        paths.append(os.path.join(TMP, "%s-%d.md" % (tag, k)))
        with open(paths[-1], "w", encoding="utf-8") as f:
            f.write(text)
    return paths, size_of(data)

def remove(paths):
    for p in paths:
        os.unlink(p)

def command(paths, cmd, out):
    return [WK, "check"] + paths if cmd == "check" else [WK, "build", paths[0], "--draft", "-o", out]

def run(args, tag, out=None, rss=False):
    """Runs args with a hang limit: exit status, stdout + stderr, peak RSS
    in bytes (when asked, through /usr/bin/time: a child this process
    spawned directly would report this process's own peak), and whether
    the limit was hit."""
    if out and os.path.exists(out):
        os.unlink(out)
    log, rss_file = os.path.join(TMP, tag + ".log"), os.path.join(TMP, tag + ".rss")
    if rss and TIME:
        args = [TIME, "-f", "%M", "-o", rss_file] + args
    with open(log, "wb") as f:
        # a session of its own, so that a hang is ended whole: killing
        # /usr/bin/time alone would leave the command running
        p = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
        hung = []
        def end():
            hung.append(1)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it ended just now
        timer = threading.Timer(HANG, end)
        timer.start()
        p.wait()
        timer.cancel()
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    os.unlink(log)
    peak = None
    if rss and TIME and os.path.exists(rss_file):
        with open(rss_file) as f:
            last = f.read().split()
        os.unlink(rss_file)
        peak = int(last[-1]) * 1024 if last and last[-1].isdigit() else None
    return p.returncode, text, peak, bool(hung)

def judge(cmd, code, text, hung, out):
    """A problem with one run, or None; and whether the loader refused the text."""
    if hung:
        return "no result after %d s: a hang" % HANG, False
    if code < 0 or code >= 128:
        return "crashed (status %d): %s" % (code, text[-300:]), False
    if "Sanitizer" in text or "runtime error:" in text:
        return "sanitizer: " + text[-600:], False
    refused = "[invalid-text]" in text
    if cmd == "check":
        return None, refused
    if code == 1 and refused:
        # even --draft refuses a text the loader refused, and writes nothing
        return ("refused, yet %s was written" % out if os.path.exists(out) else None), True
    if code != 0:
        return "build --draft exit %d: %s" % (code, text.strip()[-200:]), False
    with open(out, "rb") as f:
        if f.read(2) != b"PK":
            return "%s is not a zip" % out, False
    return None, False

def contains(docpath, text):
    parts = ["content.xml"] if docpath.endswith(".odt") else ["word/document.xml", "word/_rels/document.xml.rels"]
    with zipfile.ZipFile(docpath) as z:
        return any(text.encode() in z.read(p) for p in parts)

def at_size(name, n, cmds, marker):
    """Runs each command directly on the class at size n: problems, bytes,
    whether it was refused, and the largest peak RSS."""
    paths, size = write_input(name, CLASSES[name][0](n))
    problems, refused, rss = [], False, None
    outs = {c: os.path.join(TMP, "%s.%s" % (name, c)) for c in cmds}
    jobs = {c: POOL.submit(run, command(paths, c, outs[c]), name + "-" + c, outs[c], not IN_ASAN) for c in cmds}
    for c in cmds:
        out = outs[c]
        code, text, r, hung = jobs[c].result()
        if r is not None:
            rss = max(rss or 0, r)
        prob, ref = judge(c, code, text, hung, out)
        refused = refused or ref
        if prob:
            problems.append("%s: %s" % (c, prob))
        elif c != "check" and marker and not ref and not contains(out, marker):
            problems.append("%s: the document lacks %r: the input was not rendered" % (c, marker))
    remove(paths)
    return problems, size, refused, rss

# ---- instructions, counted by cachegrind ----

def instructions(args, tag, cmd, out):
    """Instructions args executes (cachegrind), its problem or None, and
    whether the loader refused the text. cmd None: not our tool."""
    vlog = os.path.join(TMP, tag + ".vg")
    code, text, _, hung = run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                               "--log-file=" + vlog] + args, tag, out)
    with open(vlog, encoding="utf-8", errors="replace") as f:
        m = re.search(r"I +refs: +([\d,]+)", f.read())
    os.unlink(vlog)
    if cmd is None:
        prob, refused = (None if code == 0 else "exit %d: %s" % (code, text[-200:])), False
    else:
        prob, refused = judge(cmd, code, text, hung, out)
    if m is None and prob is None:
        prob = "cachegrind counted nothing"
    return (int(m.group(1).replace(",", "")) if m else None), prob, refused

POOL = concurrent.futures.ThreadPoolExecutor(max_workers=2)

def counts(name, n, cmds, gen=None, argv=None):
    """Instructions per command at size n (two runs at a time), problems,
    input bytes, whether refused."""
    paths, size = write_input("%s-%d" % (name, n), (gen or CLASSES[name][0])(n))
    jobs = {}
    for c in cmds:
        tag = "%s-%d-%s" % (name, n, c)
        if argv:
            jobs[c] = POOL.submit(instructions, argv(paths), tag, None, None)
        else:
            out = os.path.join(TMP, tag + "." + c)
            jobs[c] = POOL.submit(instructions, command(paths, c, out), tag, c, out)
    got, problems, refused = {}, [], False
    for c, job in jobs.items():
        ins, prob, ref = job.result()
        got[c] = ins
        refused = refused or ref
        if prob:
            problems.append("%s: %s" % (c, prob))
    remove(paths)
    return got, problems, size, refused

def verdict(w1, w2, s1, s2):
    """Judges one command from its work at n and 2n: the growth of the
    work, and the growth allowed (more when the bytes grow faster than n)."""
    return (w2 / w1 if w1 > 0 else float("inf")), RATIO * max(1.0, (s2 / s1) / 2)

def scaling(name, spec, cmds, baseline, aim=AIM_WORK, gen=None, argv=None, refused_base=None):
    """The scaling verdict of a class (or of the command argv(paths) on
    gen(n)): (ok, line). Work is counted beyond baseline's instructions, or
    beyond refused_base's for a run the loader refused (it writes nothing,
    so the minimal contract's build is no floor for it)."""
    gen = gen or CLASSES[name][0]
    work = lambda got, c, refused: got[c] - (refused_base if refused and refused_base else baseline)[c]
    count = lambda n, cs: counts(name, n, cs, gen, argv)
    # a probe near PROBE_BYTES (one command), then n where the work should
    # come to AIM_WORK if it grows in proportion to n; n and 2n stay below
    # the specified size
    n = spec // 2
    while n > 1 and size_of(gen(n // 2)) >= PROBE_BYTES:
        n //= 2
    probe = n
    c0, p0, s0, r0 = count(n, cmds[:1])
    if p0:
        return False, "n=%d: %s" % (n, "; ".join(p0))
    per_n = max(work(c0, cmds[0], r0), MIN_WORK // 16) / n
    while 2 * n <= spec // 2 and 2 * n * per_n <= aim:
        n *= 2
    while n > 1 and n * per_n > 2 * aim:
        n //= 2
    if n == probe:  # the probe's count serves
        c1, p1, s1, r1 = count(n, cmds[1:]) if len(cmds) > 1 else ({}, [], s0, r0)
        c1[cmds[0]], r1 = c0[cmds[0]], r1 or r0
    else:
        c1, p1, s1, r1 = count(n, cmds)
    c2, p2, s2, r2 = count(2 * n, cmds)
    while not p1 and not p2 and r2 and not r1 and n > 1:  # 2n crosses the text budget: below it
        n //= 2
        c2, p2, s2, r2 = c1, p1, s1, r1
        c1, p1, s1, r1 = count(n, cmds)
    if p1 or p2:
        return False, "n=%d, %d: %s" % (n, 2 * n, "; ".join(p1 + p2))
    ok, parts = True, []
    for c in cmds:
        w1, w2 = work(c1, c, r1), work(c2, c, r2)
        growth, allowed = verdict(w1, w2, s1, s2)
        little = w1 < MIN_WORK
        part = "%s %.1fM -> %.1fM instructions of work: x%.2f (max x%.1f)%s" % (
            c, w1 / 1e6, w2 / 1e6, growth, allowed, ", too little to judge" if little else "")
        if not little and growth > allowed and 4 * n <= spec:
            # superlinear up to some bound (a window, a cache) is no harm:
            # only growth that lasts to the next doubling counts
            c4, p4, s4, r4 = count(4 * n, [c])
            if p4:
                part += "; at n=%d: %s" % (4 * n, "; ".join(p4))
            else:
                w4 = work(c4, c, r4)
                growth, allowed = verdict(w2, w4, s2, s4)
                part += "; n=%d -> %d: %.1fM -> %.1fM: x%.2f (max x%.1f)" % (
                    2 * n, 4 * n, w2 / 1e6, w4 / 1e6, growth, allowed)
        ok = ok and (little or growth <= allowed)
        parts.append(part)
    return ok, "n=%d -> %d, %d -> %d bytes%s: %s" % (
        n, 2 * n, s1, s2, ", refused by the text budget" if r2 else "", "; ".join(parts))

def control():
    """The judgement must fail a quadratic command, awk comparing every
    line with every line before it, and pass a linear one."""
    quad = ["awk", "{ for (i = 1; i < NR; i++) if (seen[i] == $0) d++; seen[NR] = $0 } END { print d + 0 }"]
    lin = ["awk", "{ seen[$0]++ } END { print NR }"]
    gen = lambda n: "".join("line %d\n" % i for i in range(n))
    res = []
    for label, prog, spec, want in (("quadratic", quad, 2000, False), ("linear", lin, 200000, True)):
        argv = lambda paths, prog=prog: prog + paths
        c0, p0, _, _ = counts("control-" + label, 0, ["awk"], gen, argv)
        if p0:
            res.append((False, "control %s: %s" % (label, "; ".join(p0))))
            continue
        good, line = scaling("control-" + label, spec, ["awk"], c0, AIM_WORK, gen, argv)
        res.append((good == want and "too little" not in line, "control: a %s awk program is judged %s\t%s"
                    % (label, "linear" if good else "superlinear", line)))
    return res

if COUNT:
    for good, line in control():
        print("%s\t%s" % ("ok" if good else "FAIL", line))
    sys.stdout.flush()
    base_counts, base_problems, _, _ = counts("baseline", 0, ["check", "odt", "docx"], lambda n: base)
    # the same contract with a body the loader refuses (a line of 501 '|')
    refused_counts, refused_problems, _, refused_ok = counts("baseline-refused", 0, ["check", "odt", "docx"],
                                                             lambda n: doc("|" * 501))
    if base_problems or refused_problems or not refused_ok:
        print("FAIL\tbaseline: the minimal contract under valgrind, and with a refused body\t%s"
              % "; ".join(base_problems + refused_problems + ([] if refused_ok else ["the body was not refused"])))
        COUNT = False

def class_lines(index, name, row):
    """The verdicts on one class, as lines of output."""
    gen, spec, marker = row[:3]
    opts = row[3] if len(row) > 3 else {}
    cmds = opts.get("cmds", ("check", "odt", "docx"))
    if IN_ASAN:  # under the sanitizers: the shape matters, not the size
        n = spec if name == "lists-1000-deep" else max(1, spec // 50)
        problems, size, _, _ = at_size(name, n, cmds[:1] + tuple(c for c in (("docx", "odt")[index % 2],) if c in cmds), None)
        return [("FAIL\t%s\t%s" % (name, "; ".join(problems))) if problems else "ok\t%s (n=%d, %d bytes)" % (name, n, size)]
    problems, size, refused, rss = at_size(name, spec, cmds, marker)
    if problems:
        return ["FAIL\t%s: n=%d (%d bytes)\t%s" % (name, spec, size, "; ".join(problems))]
    if marker and refused:
        return ["FAIL\t%s: n=%d (%d bytes)\trefused by the loader's text budget (invalid-text); it must be rendered" % (name, spec, size)]
    if rss is None:
        lines = ["ok\t%s: n=%d (%d bytes%s) ends\tpeak memory not measured (no /usr/bin/time)" % (
            name, spec, size, ", refused by the text budget" if refused else "")]
    else:
        lines = ["%s\t%s: n=%d (%d bytes%s) ends, peak memory %s 512 MiB\t%.0f MiB" % (
            "ok" if rss <= MAX_RSS else "FAIL", name, spec, size, ", refused by the text budget" if refused else "",
            "under" if rss <= MAX_RSS else "over", rss / 2 ** 20)]
    if COUNT:
        for scaled, aim in opts.get("scale", [(None, AIM_WORK)]):
            scaled = scaled or (("docx", "odt")[index % 2],)  # None: the build of this class's turn
            good, line = scaling(name, spec, list(scaled), base_counts, aim, refused_base=refused_counts)
            lines.append("%s\t%s scaling (%s)\t%s" % ("ok" if good else "FAIL", name, ", ".join(scaled), line))
    return lines

# two classes at a time (their runs share POOL's two workers), reported in order
ONLY = [x for x in os.environ.get("WK_PATHO_ONLY", "").split(",") if x]
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as classes:
    jobs = [classes.submit(class_lines, index, name, row)
            for index, (name, row) in enumerate(CLASSES.items()) if not ONLY or name in ONLY]
    for job in jobs:
        print("\n".join(job.result()))
        sys.stdout.flush()
POOL.shutdown()
PY
[ $? = 0 ] || not_ok "pathological driver ran" "python3 failed"
while IFS="$(printf '\t')" read -r verdict name detail; do
  case $verdict in
    ok) ok "$name"; [ -n "${WK_PATHO_SHOW:-}" ] && echo "     $name  $detail" ;;
    FAIL) not_ok "$name" "$detail" ;;
  esac
done <"$TMP/results"
finish
