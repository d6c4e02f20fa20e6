#!/usr/bin/env python3
"""durability_check.py - reads an `strace -f -e trace=fsync,linkat,rename,write`
log of a `build -d` run and checks that no file is reported before it is
durable: every output was synced before it got its name, and the run's
own process synced the directory after a file got its name and before it
printed anything about that file, or the summary line.

usage: durability_check.py TRACE
Prints one line per problem; exit 0 when there is none."""
import re
import sys


def main(path):
    lines = open(path, encoding="latin-1").read().splitlines()
    # the run's own process is the one that prints the summary
    parent = next((ln.split()[0] for ln in lines if "files built" in ln), None)
    synced_fd = {}    # pid -> whether its last fsync preceded its linkat
    pending = set()   # names linked, directory not synced by the parent since
    problems = []
    parent_syncs = 0
    named = 0
    for ln in lines:
        m = re.match(r"(\d+) +(\w+)\((.*)", ln)
        if not m:
            continue
        pid, call, rest = m.groups()
        if call == "fsync":
            if pid == parent:
                pending.clear()
                parent_syncs += 1
            else:
                synced_fd[pid] = True
        elif call in ("linkat", "rename"):
            names = re.findall(r'"([^"]*)"', rest)
            target = names[-1] if names else ""
            if not target.endswith((".odt", ".docx", ".pdf")):
                continue
            named += 1
            if not synced_fd.get(pid):
                problems.append("%s named before its bytes were synced" % target)
            synced_fd[pid] = False
            pending.add(re.sub(r"\.[a-z]+$", "", target.rsplit("/", 1)[-1]))
        elif call == "write" and pid == parent and re.match(r"[12], ", rest):
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
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
