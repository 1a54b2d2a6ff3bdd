"""labbuild.py - make lab-build MANIFEST=FILE: build every student's source
tree the manifest names, each into its own directory, with the course's
linker script, lib/, drivers/ and include/ (the Makefile's STUDENT_TREE).

    python3 -m netboot.labbuild MANIFEST [--build-dir build] [--jobs N]

A student's tree is a directory with the student's copy of kernel/ and mm/
(docs/lab-setup.md, "Students' kernels"). Each builds into
<build-dir>/lab/<student>/kernel.elf with build tag <student>, its compiler
output in build.log beside it. A tree that does not build is named with its
first error and leaves no kernel.elf behind (so no stale build is served or
graded); the other trees are built all the same. Exit status 0 when every
tree built, 1 when one did not, 2 for a bad manifest.
"""

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from netboot import manifest

ROOT = manifest.ROOT
NEEDED = ("kernel", "mm")


def trees(seats):
    """{student: (tree, [seat names])} for the seats whose kernel is a source tree."""
    out = {}
    for s in seats:
        if s.kind == "tree":
            out.setdefault(s.student, (s.kernel, []))[1].append(s.seat)
    return out


def missing_sources(tree):
    """The course's kernel/ and mm/ source files (.c, .S, .h) the tree lacks:
    a tree copied from an older course version, or a file deleted."""
    missing = []
    for d in NEEDED:
        for name in sorted(os.listdir(os.path.join(ROOT, d))):
            if name.endswith((".c", ".S", ".h")) and \
                    not os.path.exists(os.path.join(tree, d, name)):
                missing.append("%s/%s" % (d, name))
    return missing


def first_error(log):
    """The compiler's first error line in a build log (or its last line)."""
    lines = [l for l in log.split("\n") if l.strip()]
    for l in lines:
        if "error" in l.lower():
            return l.strip()
    return lines[-1].strip() if lines else "(no output)"


def build(student, tree, build_dir):
    """Build one tree. Returns (ok, message)."""
    out = os.path.join(build_dir, "lab", student)
    elf = os.path.join(out, "kernel.elf")
    try:
        os.makedirs(out, exist_ok=True)
        if os.path.exists(elf):
            os.remove(elf)  # a failed build must leave no kernel behind
    except OSError as e:
        return False, "%s: %s (run it as the owner of %s)" % (e.filename, e.strerror, build_dir)
    missing = [d for d in NEEDED if not os.path.isdir(os.path.join(tree, d))]
    if missing:
        return False, ("%s is not a source tree: it has no %s/ (a student's tree is a copy of the "
                       "course's kernel/ and mm/)" % (tree, "/ and ".join(missing)))
    missing = missing_sources(tree)
    if missing:
        return False, ("%s lacks %s: a copy of an older version of the course? Copy the course's "
                       "kernel/ and mm/ again and redo the changes" % (tree, ", ".join(missing)))
    r = subprocess.run(["make", "-s", "--no-print-directory", "-C", ROOT, "B=" + out,
                        "STUDENT_TREE=" + os.path.abspath(tree), "BUILD_TAG=" + student, elf],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace")
    with open(os.path.join(out, "build.log"), "w") as f:
        f.write(r.stdout)
    if r.returncode != 0 or not os.path.exists(elf):
        return False, "%s (full log: %s)" % (first_error(r.stdout), rel(os.path.join(out,
                                                                                    "build.log")))
    return True, "%s (%d bytes)" % (rel(elf), os.path.getsize(elf))


def rel(path):
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def main(argv):
    ap = argparse.ArgumentParser(prog="python3 -m netboot.labbuild",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("manifest")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    build_dir = os.path.abspath(args.build_dir)
    try:
        todo = trees(manifest.read(args.manifest, build_dir))
    except manifest.ManifestError as e:
        print("lab-build: %s" % e, file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = dict(zip(todo, ex.map(lambda s: build(s, todo[s][0], build_dir), todo)))
    for student, (ok, text) in results.items():
        print("lab-build: %s (%s): %s%s" % (student, ", ".join(todo[student][1]),
                                            "" if ok else "FAILED: ", text))
    failed = [s for s, (ok, _) in results.items() if not ok]
    print("lab-build: %d of %d trees built%s" % (len(todo) - len(failed), len(todo),
                                                 "; failed: " + ", ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
