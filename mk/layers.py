#!/usr/bin/env python3
"""layers.py - check that every #include goes down the layers of
docs/architecture.md ("Layers"), and that no two folders include each other.

Each source folder may include only itself and the folders listed for it.
Run from the top of the tree (make layers, part of make test); exits 1 and
names every include that breaks the order.
"""

import os
import re
import subprocess
import sys

# Lowest first: a folder may include itself and the folders named here.
ALLOWED = {
    "lib": [],
    "include": [],
    "drivers": ["lib"],
    "mm": ["lib", "include"],
    "boot": ["lib", "include", "drivers", "mm"],
    "kernel": ["lib", "include", "drivers", "mm"],
    "hw-tests": ["lib", "include", "drivers", "mm"],
    # Tests and their tools may include any layer; nothing may include them.
    "tests": ["lib", "include", "drivers", "mm", "boot", "kernel", "hw-tests"],
}
SOURCE = re.compile(r"\.(c|h|S)$|\.ld\.S$")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder(path):
    return path.split("/", 1)[0]


def sources():
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [p for p in out if SOURCE.search(p) and os.path.exists(p)]


def includes(path):
    with open(path, errors="replace") as f:
        return INCLUDE.findall(f.read())


def check(paths):
    """[(file, included, why)] for every include against the order, and the folder edges."""
    bad, edges = [], set()
    for path in paths:
        src = folder(path)
        for inc in includes(path):
            dst = folder(inc)
            if dst not in ALLOWED or dst == src:
                continue
            edges.add((src, dst))
            if src not in ALLOWED:
                bad.append((path, inc, "%s/ is not a layer of docs/architecture.md" % src))
            elif dst not in ALLOWED[src]:
                bad.append((path, inc, "%s/ may not include %s/" % (src, dst)))
    return bad, edges


def cycles(edges):
    """Pairs of folders that reach each other through includes."""
    reach = {a: {b for x, b in edges if x == a} for a, _ in edges}
    changed = True
    while changed:
        changed = False
        for a in reach:
            more = set().union(*(reach.get(b, set()) for b in reach[a])) - reach[a]
            if more:
                reach[a] |= more
                changed = True
    return sorted({tuple(sorted((a, b))) for a in reach for b in reach[a]
                   if a != b and a in reach.get(b, ())})


def main():
    paths = sources()
    bad, edges = check(paths)
    for path, inc, why in bad:
        print("layers: %s includes \"%s\": %s" % (path, inc, why))
    for a, b in cycles(edges):
        print("layers: %s/ and %s/ include each other" % (a, b))
    if bad or cycles(edges):
        print("layers: FAILED (the order is in mk/layers.py and docs/architecture.md)")
        return 1
    print("layers: %d files, %d folder edges, all downward" % (len(paths), len(edges)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
