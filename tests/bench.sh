#!/bin/sh
# bench.sh - `make bench`: times check and build (DOCX, ODT) on generated
# contracts of 10, 100, 200 and 800 parties and a typical one, with peak
# memory, next to pandoc on the same files when it is installed; then
# `check` on 1,000 typical contracts in one run, the same built to DOCX by
# one `build -d` run (-j 1 and one per processor) against pandoc on 50 of
# them (one at a time and as many at a time as our runs), per document,
# with peak memory; the 800/200 scaling, and
# the floor under our figures, measured on the same machine in the same run:
# tests/bench_floor.c, compiled on the spot, starts (alone, and linked to
# the shared libraries the tool needs), writes a file durably, runs libyaml and xmlTextWriter alone
# over the typical and the 200-party contract's front matter and
# document.xml, and times a page fault, which with our runs' fault counts
# (wait4's rusage) shows what the machine's memory management costs them.
# Wall time is the median of direct runs (posix_spawn, no wrapper on either
# side; ours and pandoc's alternate); peak memory comes from one more run
# under /usr/bin/time. It reports; it never fails on timing. WK=binary,
# BENCH_RUNS=N (default 5; three times as many for the small contracts),
# BENCH_QUICK=1: the two small contracts only, one run each, `check` on 20
# contracts (tests/t-bench.sh runs it so that the script cannot rot).
cd "$(dirname "$0")/.." || exit 2
WK=${WK:-$PWD/build/wijkcontract}
[ -x "$WK" ] || { echo "bench: $WK is not built" >&2; exit 2; }
[ -x /usr/bin/time ] || sh tests/install-debs.sh time || exit 2
command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wk-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
python3 - "$WK" "$TMP" "${BENCH_RUNS:-5}" "${BENCH_QUICK:-0}" <<'PY'
import os, shutil, statistics, subprocess, sys, time, zipfile
import xml.etree.ElementTree as ET
WK, TMP, RUNS, QUICK = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
if QUICK:
    RUNS = 1
PANDOC = shutil.which("pandoc")

TYPES = ["initiatief", "maatschappelijke-organisatie", "bedrijf"]
def contract(n_parties, pages=None, n_ch=None):
    """A valid wijkcontract: n parties, ~n/4 challenges (or n_ch), 2
    commitments per party, a body that grows with them."""
    n_ch = n_ch or max(1, n_parties // 4)
    out = ["---", "kind: wijkcontract", "language: nl",
           "title: Wijkcontract Benchmark %d" % n_parties, "area: Testwijk",
           'version: "1.0"', "status: concept", "date: 2026-01-05",
           "period:", "  start: 2026-01-01", "  end: 2027-12-31",
           "evaluations:", "  - 2026-06-30", "  - 2027-06-30", "parties:"]
    for i in range(n_parties):
        pid = "gemeente" if i == 0 else "partij-%d" % i
        typ = "overheid" if i == 0 else TYPES[i % 3]
        out += ["  - id: " + pid, "    name: %s %d" % ("Gemeente Testwijk" if i == 0 else "Organisatie", i),
                "    short: de %s" % ("Gemeente" if i == 0 else "Partij %d" % i),
                "    type: " + typ, '    registration: "%08d"' % (10000000 + i),
                "    address: Straat %d, 1234 AB Testwijk" % (i + 1),
                "    mission: >-", "      Bewoners van Testwijk helpen om samen prettig te wonen en",
                "      elkaar te steunen, met aandacht voor wie het moeilijk heeft.",
                "    signatory:", "      name: Persoon %d" % i, "      function: voorzitter"]
    out.append("challenges:")
    for j in range(n_ch):
        holders = ["partij-%d" % i for i in range(1, n_parties) if i % n_ch == j]
        out += ["  - id: opgave-%d" % j, "    title: Opgave nummer %d in de wijk" % j,
                "    description: >-", "      Een maatschappelijke opgave waar bewoners, gemeente en",
                "      organisaties samen aan werken.", "    roles:", "      kadersteller: gemeente",
                "      facilitator: gemeente"]
        if holders:
            out.append("      uitvoerder: [%s]" % ", ".join(holders))
    out.append("commitments:")
    for i in range(n_parties):
        pid = "gemeente" if i == 0 else "partij-%d" % i
        ch = 0 if i == 0 else i % n_ch
        for k in range(2):
            out += ["  - id: t-%d-%d" % (i, k), "    party: " + pid, "    challenge: opgave-%d" % ch,
                    "    text: Inzet %d van partij %d voor de opgave" % (k, i),
                    "    obligation: resultaat" if k else "    obligation: inspanning",
                    "    impact: Bewoners voelen zich meer verbonden met elkaar",
                    "    measure: Jaarlijkse bewonersenquete over verbondenheid",
                    "    due: 2026-%02d-15" % (k * 5 + 3)]
    out += ["schuurpapier:", "  legitimiteit: Voor alle bewoners.",
            "  representativiteit: Het bestuur spreekt na overleg.",
            "  verantwoording: Een kort jaarverslag volstaat.", "---", ""]
    para = ("De partijen werken samen aan de opgaven van {{ area }}. Zij stemmen hun inzet af "
            "en informeren elkaar tijdig over wijzigingen, zodat bewoners weten waar zij terecht "
            "kunnen. *Samenwerking* staat voorop; **afspraken** worden nagekomen.")
    n_par = pages * 8 if pages else max(4, n_parties // 2)
    sections = ["Doel", "Samenwerking", "Evaluatie", "Geschillen", "Beëindiging"]
    per = max(1, n_par // len(sections))
    for s in sections:
        out += ["# " + s, ""]
        for k in range(per):
            if k and k % 4 == 0:
                out += ["## Onderdeel %d" % k, ""]
            out += [para, ""]
            if k == 1:
                out += ["- eerste punt", "- tweede punt", ""]
    return "\n".join(out) + "\n"

def timed(args):
    """Wall time of one run of args, started with posix_spawn and reaped
    with waitpid: no wrapper such as /usr/bin/time, and not Python's
    subprocess machinery either, adds its own start-up to either side of
    the comparison (a constant that weighs on our milliseconds, not on
    pandoc's tenths of a second). stdout goes to /dev/null, stderr to a
    file read afterwards. Returns the time, the exit status, stderr and
    the run's page faults (wait4's rusage)."""
    err_path = os.path.join(TMP, "stderr")
    fa = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
          (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    t = time.perf_counter()
    pid = os.posix_spawn(args[0], args, os.environ, file_actions=fa)
    _, status, ru = os.wait4(pid, 0)
    dt = time.perf_counter() - t
    with open(err_path, encoding="utf-8", errors="replace") as f:
        err = f.read()
    return dt, os.waitstatus_to_exitcode(status), err, ru.ru_minflt + ru.ru_majflt

def peak_rss(args):
    rss_file = os.path.join(TMP, "rss")
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + args,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return int(open(rss_file).read().split()[-1])

def batch_rss(args):
    """Peak of the resident memory of all the run's processes together
    (the parent and its workers), in KB: their VmRSS summed every 5 ms
    while it runs, in a process group of its own."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    peak = 0
    while proc.poll() is None:
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    stat = f.read()
                if int(stat[stat.rindex(")") + 2:].split()[2]) != proc.pid:
                    continue
                with open("/proc/%s/status" % pid) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
            except (OSError, ValueError):
                continue
        peak = max(peak, total)
        time.sleep(0.005)
    return peak

def alternate(commands, runs):
    """The commands run in turn, runs times, so that a slow spell of the
    machine (a shared virtual machine has them) falls on all alike; per
    command the median wall time in seconds, and the exit status and
    stderr of its last run."""
    samples = [[] for _ in commands]
    last = [(0, "")] * len(commands)
    for _ in range(runs):
        for k, args in enumerate(commands):
            dt, st, err, _ = timed(args)
            samples[k].append(dt)
            last[k] = (st, err)
    return [(statistics.median(x), st, err) for x, (st, err) in zip(samples, last)]

def bench(args, runs=RUNS):
    """Median time, peak RSS (one more run), exit status and stderr."""
    (t, st, err), = alternate([args], runs)
    return t, peak_rss(args), st, err

cases = [("typical (6 parties)", 6, 2), ("10 parties", 10, None), ("100 parties", 100, None),
         ("200 parties", 200, None), ("800 parties", 800, None)]
if QUICK:
    cases = cases[:2]
SMALL_RUNS = RUNS if QUICK else RUNS * 3
print("wijkcontract benchmark: %s, median of %d runs (%d for 6 and 10 parties), ours and pandoc's alternating; peak RSS; pandoc %s" %
      (WK, RUNS, SMALL_RUNS, subprocess.run([PANDOC, "--version"], capture_output=True, text=True).stdout.split("\n")[0] if PANDOC else "not installed"))
hdr = "%-20s %8s  %-8s %9s %9s %9s %9s %8s %8s" % ("contract", "bytes", "command", "ours s", "ours MB", "pandoc s", "pandoc MB", "time x", "mem x")
print(hdr)
print("-" * len(hdr))
results, pandoc_times, commands = {}, {}, {}
for label, n, pages in cases:
    src = os.path.join(TMP, "c%d.md" % n)
    with open(src, "w", encoding="utf-8") as f:
        f.write(contract(n, pages))
    size = os.path.getsize(src)
    for cmd, args, pargs in [
            ("check", [WK, "check", src], None),
            ("docx", [WK, "build", src, "-o", os.path.join(TMP, "o.docx")], ["-f", "markdown", "-t", "docx", "-o", os.path.join(TMP, "p.docx")]),
            ("odt", [WK, "build", src, "-o", os.path.join(TMP, "o.odt")], ["-f", "markdown", "-t", "odt", "-o", os.path.join(TMP, "p.odt")])]:
        # small cases are quick and the noisiest: more runs
        runs = SMALL_RUNS if n <= 10 else RUNS
        pt = prss = None
        if PANDOC and pargs:
            theirs = [PANDOC, src] + pargs
            (t, st, err), (pt, _, _) = alternate([args, theirs], runs)
            rss, prss = peak_rss(args), peak_rss(theirs)
        else:
            t, rss, st, err = bench(args, runs)
        note = "" if st == 0 else "  (exit %d: %s)" % (st, err.strip().split("\n")[0][:80])
        results[(n, cmd)] = (t, rss)
        commands[(n, cmd)] = args
        if pt:
            pandoc_times[(n, cmd)] = pt
        print("%-20s %8d  %-8s %9.3f %9.1f %9s %9s %8s %8s%s" % (
            label, size, cmd, t, rss / 1024,
            "%.3f" % pt if pt else "-", "%.1f" % (prss / 1024) if prss else "-",
            "%.1f" % (pt / t) if pt else "-", "%.1f" % (prss / rss) if prss else "-", note))
        sys.stdout.flush()

# check on 1,000 typical contracts in one invocation
N_MANY = 20 if QUICK else 1000
many = os.path.join(TMP, "many")
os.mkdir(many)
# contracts of one profile that differ as a province's do (here: in the
# title, so in the body, footer, properties and fingerprint), not 1,000
# copies of one file, which a build could serve from what it wrote before
text = contract(6, 2)
files = []
for i in range(N_MANY):
    p = os.path.join(many, "c%04d.md" % i)
    own = text.replace("title: Wijkcontract Benchmark 6\n",
                       "title: Wijkcontract Benchmark 6 nummer %d\n" % (i + 1), 1)
    assert own != text, "the batch's contracts must differ"
    with open(p, "w", encoding="utf-8") as f:
        f.write(own)
    files.append(p)
t, rss, st, _ = bench([WK, "check"] + files, runs=3)
print("\ncheck of {:,} typical contracts in one run: {:.3f} s ({:.2f} ms each), peak {:.1f} MB, exit {}".format(
      N_MANY, t, t * 1000 / N_MANY, rss / 1024, st))
# the batch: the same files built to DOCX by one `build -d` run, one at a
# time and as many at a time as there are processors, against pandoc on a
# sample of them one after the other; per document. Peak memory is that of
# the run's largest process (the files are built by worker processes, one
# per -j, so with -j 1 the run holds the parent and one worker).
N_SAMPLE = 3 if QUICK else 50
print("\nbuild -d of {:,} typical contracts to DOCX in one run (one run each; pandoc on {} of them):".format(
      N_MANY, N_SAMPLE))
built = os.path.join(TMP, "built")
per_doc = {}
for jobs in sorted({1, os.cpu_count() or 1}):
    shutil.rmtree(built, ignore_errors=True)
    args = [WK, "build"] + files + ["-d", built, "-t", "docx", "-j", str(jobs)]
    dt, st, err, _ = timed(args)
    n_out = len(os.listdir(built)) if os.path.isdir(built) else 0
    shutil.rmtree(built, ignore_errors=True)
    rss = peak_rss(args)
    shutil.rmtree(built, ignore_errors=True)
    total = batch_rss(args)
    shutil.rmtree(built, ignore_errors=True)
    per_doc[jobs] = dt / N_MANY
    print("  ours, -j %d: %8.3f s, %7.2f ms per document, %d documents, exit %d, peak %.1f MB (largest process), %.1f MB (all %d processes together)" % (
          jobs, dt, dt * 1000 / N_MANY, n_out, st, rss / 1024, total / 1024, jobs + 1))
    sys.stdout.flush()
if PANDOC:
    # pandoc one at a time and two at a time, so that each of our -j runs
    # has its like: the goal is measured on -j 1 against pandoc one at a
    # time (one process at a time on either side)
    def pandoc_run(p, k):
        return [PANDOC, p, "-f", "markdown", "-t", "docx", "-o", os.path.join(TMP, "p%d.docx" % k)]
    def spawn(args):
        fa = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
              (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
        return os.posix_spawn(args[0], args, os.environ, file_actions=fa)
    def pandoc_batch(jobs):
        """Seconds per document for pandoc over the sample, jobs at a time."""
        t0 = time.perf_counter()
        running, todo = 0, list(enumerate(files[:N_SAMPLE]))
        while todo or running:
            while todo and running < jobs:
                k, p = todo.pop(0)
                spawn(pandoc_run(p, k % jobs))
                running += 1
            os.wait()
            running -= 1
        return (time.perf_counter() - t0) / N_SAMPLE
    pd = {j: pandoc_batch(j) for j in sorted(per_doc)}
    for j in sorted(pd):
        print("  pandoc, %d at a time: %8.3f s for %d, %7.2f ms per document" % (j, pd[j] * N_SAMPLE, N_SAMPLE, pd[j] * 1000))
    print("  per document, pandoc's time / ours, like against like: " + ", ".join(
          "%.1fx (-j %d against pandoc %d at a time)" % (pd[j] / per_doc[j], j, j) for j in sorted(per_doc)))
    print("  per document, pandoc's time / ours: " + ", ".join(
          "%.1fx (-j %d)" % (pd[1] / t, j) for j, t in sorted(per_doc.items())) +
          "; the goal: 40x, on -j 1 against pandoc one at a time")
else:
    print("  pandoc: not installed")

if (800, "docx") in results:
    # timed afresh, 200 and 800 in turn: the table's rows were minutes apart
    print("\nscaling 800 vs 200 parties (4x the contract; linear = 4.0; timed in turn, median of %d):" % RUNS)
    for cmd in ("check", "docx", "odt"):
        (t200, _, _), (t800, _, _) = alternate([commands[(200, cmd)], commands[(800, cmd)]], RUNS)
        r800, r200 = results[(800, cmd)][1], results[(200, cmd)][1]
        print("  %-6s time x%.2f  memory x%.2f" % (cmd, t800 / t200, r800 / r200))
    # The role matrix (spec 6: parties as rows, challenges as columns) spans
    # n x n/4 above: 4x the parties, 16x the grid. Split into tables of 8
    # challenges, each lists the parties with a role in one of its
    # challenges (each party here carries out one challenge, the
    # municipality frames them all), so its rows grow with the contract.
    def matrix_rows(path):
        W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        rows = 0
        for tb in root.iter(W + "tbl"):
            head = ["".join(t.text or "" for t in c.iter(W + "t")) for c in next(tb.iter(W + "tr")).iter(W + "tc")]
            if len(head) > 1 and head[0] == "Partij" and head[1].isdigit():
                rows += len(tb.findall(W + "tr")) - 1
        return rows
    rows = {}
    for n in (200, 800):
        subprocess.run(commands[(n, "docx")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows[n] = matrix_rows(commands[(n, "docx")][-1])
    print("  the role matrix above: %d x %d at 200 parties, %d x %d at 800 (parties x challenges);"
          " rows in its tables: %d and %d" % (200, 200 // 4, 800, 800 // 4, rows[200], rows[800]))
    # The same two sizes with as many challenges at both: the rest of the build.
    N_CH = 12
    print("  with %d challenges at both sizes:" % N_CH)
    fixed = {}
    for n in (200, 800):
        src = os.path.join(TMP, "f%d.md" % n)
        with open(src, "w", encoding="utf-8") as f:
            f.write(contract(n, None, N_CH))
        fixed[n] = src
    for cmd, ext in (("docx", "docx"), ("odt", "odt")):
        runs = [[WK, "build", fixed[n], "-o", os.path.join(TMP, "f.%s" % ext)] for n in (200, 800)]
        (t200, s200, _), (t800, s800, _) = alternate(runs, RUNS)
        r200, r800 = peak_rss(runs[0]), peak_rss(runs[1])
        note = "" if s200 == 0 and s800 == 0 else "  (exit %d, %d)" % (s200, s800)
        print("  %-6s time x%.2f  memory x%.2f%s" % (cmd, t800 / t200, r800 / r200, note))

# The floor under these figures: what the libraries the tool is built on
# cost by themselves here (tests/bench_floor.c, compiled on the spot), timed
# in turn with our build and pandoc's, so that one slow spell of the machine
# does not fall on one side only.
FLOOR_C = os.path.join(os.getcwd(), "tests", "bench_floor.c")
def floor_build(name, defines, pkgs, libs=()):
    exe = os.path.join(TMP, name)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs"] + pkgs, capture_output=True,
                           text=True).stdout.split() if pkgs else []
    r = subprocess.run([os.environ.get("CC", "cc"), "-std=c11", "-O2", "-o", exe, FLOOR_C] + defines + flags
                       + ["-Wl,--no-as-needed"] + ["-l:" + l for l in libs],
                       capture_output=True, text=True)
    return exe if r.returncode == 0 else None

def needed(exe):
    """The shared libraries exe names itself (readelf -d), but for libc,
    which every program loads."""
    r = subprocess.run(["readelf", "-d", exe], capture_output=True, text=True)
    names = [l.split("[", 1)[1].split("]", 1)[0] for l in r.stdout.splitlines() if "(NEEDED)" in l]
    return [n for n in names if not n.startswith("libc.so")]

def floor_out(args):
    r = subprocess.run(args, capture_output=True, text=True)
    return r.stdout.split() if r.returncode == 0 else None

WK_LIBS = needed(WK)
exes = [floor_build("floor-start", ["-DFLOOR_START"], []),
        floor_build("floor-libs", ["-DFLOOR_START"], [], WK_LIBS),
        floor_build("floor", [], ["libxml-2.0", "yaml-0.1"])]

print("\nthe floor: what the libraries cost by themselves on this machine, next to our")
print("build and pandoc's, all timed in turn (the library figures: warm, in one process)")
if None in exes:
    print("  not measured: tests/bench_floor.c does not compile here (cc, readelf, libxml2-dev, libyaml-dev)")
else:
    start, start_libs, floor = exes
    fault_us = floor_out([floor, "touch", "500", "21"])
    row = lambda label, ms: print("    %-60s %7.1f ms" % (label, ms))
    for n, label in ((6, "typical (6 parties)"), (200, "200 parties")):
        if (n, "docx") not in results:
            continue
        src = os.path.join(TMP, "c%d.md" % n)
        out = os.path.join(TMP, "floor%d.docx" % n)
        if timed([WK, "build", src, "-o", out])[1] != 0:
            continue
        part = os.path.join(TMP, "document%d.xml" % n)
        with zipfile.ZipFile(out) as z, open(part, "wb") as f:
            f.write(z.read("word/document.xml"))
        # the single build is judged against the floor here: twice the
        # usual runs and one more for the 200-party contract, whose five
        # left a median that moved by a tenth between runs of the bench
        runs = 3 if QUICK else SMALL_RUNS if n <= 10 else 2 * RUNS + 1
        turn = [[start], [start_libs], [start, "sync", TMP], [WK, "--version"], [WK, "build", src, "-o", out]]
        if PANDOC:
            turn.append([PANDOC, src, "-f", "markdown", "-t", "docx", "-o", os.path.join(TMP, "p.docx")])
        ms = [t * 1000 for t, _, _ in alternate(turn, runs)]
        y = floor_out([floor, "yaml", src, str(runs)])
        x = floor_out([floor, "xmlwriter", part, str(runs)])
        if not y or not x:
            continue
        # a difference of two medians: on a busy machine with few runs (the
        # tests' quick bench) it can come out below zero, which says only
        # that it drowned in the noise
        sync = max(0.0, ms[2] - ms[0])
        least = ms[1] + sync + float(y[1]) + float(x[2])
        print("  %s, DOCX, median of %d runs:" % (label, runs))
        row("an empty C program", ms[0])
        row("start-up linked to the tool's %d shared libraries" % len(WK_LIBS), ms[1])
        row("fsync, rename, fsync of the folder (12 KB)", sync)
        row("libyaml, the front matter: %s events" % y[0], float(y[1]))
        row("xmlTextWriter, document.xml: %s elements, %d KB" % (x[0], int(x[1]) // 1024), float(x[2]))
        row("sum: the least a build can take with these libraries", least)
        row("wijkcontract --version", ms[3])
        row("wijkcontract build", ms[4])
        if fault_us:
            nf = timed([WK, "build", src, "-o", out])[3]
            row("  its %d page faults, at %s us (a fresh page, measured)" % (nf, fault_us[0]),
                nf * float(fault_us[0]) / 1000)
        if PANDOC:
            row("pandoc", ms[5])
            row("20x faster than pandoc", ms[5] / 20)
        row("1.5x the least (the single build's goal)", 1.5 * least)

PY
