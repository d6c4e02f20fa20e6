#!/usr/bin/env python3
"""durability_check.py - reads an `strace -f -e
trace=fsync,syncfs,openat,linkat,rename,write` log of a `build -d` run and
checks that no file is reported before it is durable: every output's bytes
were synced before it got its name (by an fsync of the process that wrote
them, or by a syncfs of the run after they were written), and the run's
own process synced the directory after a file got its name and before it
printed anything about that file, or the summary line. With --max-syncs N
it also fails when the run, all its processes together, synced (fsync or
syncfs) more than N times: a batch makes its files durable in groups.

usage: durability_check.py TRACE [--max-syncs N]
Prints one line per problem; exit 0 when there is none."""
import re
import sys


def joined(raw):
    """The trace's lines with each call that another process interrupted
    ("<unfinished ...>", then "<... call resumed>") put back together, at
    the place where it finished."""
    open_calls, out = {}, []
    for ln in raw:
        pid = ln.split(" ", 1)[0]
        if ln.endswith("<unfinished ...>"):
            open_calls[pid] = ln[: -len("<unfinished ...>")].rstrip()
            continue
        m = re.match(r"(\d+) +<\.\.\. \w+ resumed>(.*)", ln)
        if m and pid in open_calls:
            out.append(open_calls.pop(pid) + m.group(2))
            continue
        out.append(ln)
    return out


def main(path, max_syncs=None):
    lines = joined(open(path, encoding="latin-1").read().splitlines())
    # the run's own process is the one that prints the summary
    parent = next((ln.split()[0] for ln in lines if "files built" in ln), None)
    synced_fd = {}    # pid -> whether its last fsync preceded its linkat
    temp_fd = {}      # (pid, fd) -> temporary file open for writing
    temps = set()     # every temporary file opened for writing (a worker
                      # process writes many, one after another, on one fd)
    dirty = set()     # temporary files written and not synced since
    pending = set()   # names linked, directory not synced by the parent since
    problems = []
    parent_syncs = 0
    syncs = 0
    named = 0
    for ln in lines:
        m = re.match(r"(\d+) +(\w+)\((.*)", ln)
        if not m:
            continue
        pid, call, rest = m.groups()
        if call == "fsync":
            syncs += 1
            if pid == parent:
                pending.clear()
                parent_syncs += 1
            else:
                synced_fd[pid] = True
                dirty.difference_update({t for (p, _), t in temp_fd.items() if p == pid})
        elif call == "syncfs":
            syncs += 1
            dirty.clear()
        elif call == "openat":
            names = re.findall(r'"([^"]*)"', rest)
            r = re.search(r"= (\d+)$", rest)
            if names and r and ".wktmp." in names[-1] and "O_CREAT" in rest:
                temp_fd[(pid, r.group(1))] = names[-1]
                temps.add(names[-1])
        elif call in ("linkat", "rename"):
            names = re.findall(r'"([^"]*)"', rest)
            target = names[-1] if names else ""
            if not target.endswith((".odt", ".docx", ".pdf")):
                continue
            named += 1
            source = names[0] if call == "rename" and len(names) == 2 else None
            # a temporary file seen written: synced since; else (linkat of
            # an unnamed file) the process that names it synced it first
            known = source is not None and source in temps
            if (source in dirty) if known else not synced_fd.get(pid):
                problems.append("%s named before its bytes were synced" % target)
            synced_fd[pid] = False
            pending.add(re.sub(r"\.[a-z]+$", "", target.rsplit("/", 1)[-1]))
        elif call == "write":
            fd = re.match(r"(\d+), ", rest)
            if fd and (pid, fd.group(1)) in temp_fd:
                dirty.add(temp_fd[(pid, fd.group(1))])
            if pid == parent and re.match(r"[12], ", rest):
                text = rest[3:]
                for stem in list(pending):
                    if stem + "." in text:
                        problems.append("%s reported before the directory was synced" % stem)
                if "files built" in text and pending:
                    problems.append("summary printed before the directory was synced: %s" % sorted(pending))
    if named == 0:
        problems.append("no output was named in the trace")
    if parent_syncs == 0 or parent_syncs > named:
        problems.append("the run synced the directory %d times for %d files" % (parent_syncs, named))
    if max_syncs is not None and syncs > max_syncs:
        problems.append("the run synced %d times for %d files (at most %d)" % (syncs, named, max_syncs))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    limit = None
    if "--max-syncs" in args:
        k = args.index("--max-syncs")
        limit = int(args[k + 1])
        del args[k:k + 2]
    sys.exit(main(args[0], limit))
