"""test_labbuild.py - make lab-build's program (python3 -m netboot.labbuild):
each student's tree in a manifest is built with the course's linker script,
lib/, drivers/ and include/ into its own directory with its student's build
tag; a tree that does not compile and a directory that is no tree are named
with what is wrong, leave no kernel behind, and do not stop the others."""

import os
import shutil
import subprocess
import tempfile
import unittest

from tests.harness.paths import LABGRADE, ROOT


class LabBuildTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bootlab-labbuild-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.build = os.path.join(self.dir, "build")
        os.makedirs(self.build)
        shutil.copy(LABGRADE, self.build)  # the manifest's reader
        trees = os.path.join(self.dir, "trees")
        for student in ("alice", "eve"):
            for sub in ("kernel", "mm"):
                shutil.copytree(os.path.join(ROOT, sub), os.path.join(trees, student, sub))
        with open(os.path.join(trees, "eve", "mm", "vm.c"), "a") as f:
            f.write("\nint eve_forgot_a_semicolon(void) { return 0 }\n")
        os.makedirs(os.path.join(trees, "frank", "src"))
        shutil.copytree(os.path.join(trees, "alice"), os.path.join(trees, "gus"))
        os.remove(os.path.join(trees, "gus", "mm", "kalloc.c"))  # a copy of another version
        self.manifest = os.path.join(self.dir, "lab.txt")
        with open(self.manifest, "w") as f:
            f.write("pc01 52:54:00:00:00:01 /dev/null alice trees/alice\n"
                    "pc02 52:54:00:00:00:02 /dev/null eve trees/eve\n"
                    "pc03 52:54:00:00:00:03 /dev/null frank trees/frank\n"
                    "pc04 52:54:00:00:00:04 /dev/null alice trees/alice\n"
                    "pc05 52:54:00:00:00:05 /dev/null gus trees/gus\n")

    def test_each_tree_on_its_own(self):
        stale = os.path.join(self.build, "lab", "eve", "kernel.elf")
        os.makedirs(os.path.dirname(stale))
        shutil.copy(os.path.join(ROOT, "build", "kernel.elf"), stale)  # an earlier, good build
        r = subprocess.run(["python3", "-m", "netboot.labbuild", self.manifest, "--build-dir",
                            self.build], cwd=ROOT, capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        out = r.stdout
        alice = os.path.join(self.build, "lab", "alice", "kernel.elf")
        self.assertIn("lab-build: alice (pc01, pc04): %s (" % alice, out)
        with open(alice, "rb") as f:
            self.assertIn(b"alice\0", f.read())  # the build tag, the string at build_tag
        self.assertRegex(out, r"lab-build: eve \(pc02\): FAILED: \S*trees/eve/mm/vm\.c:\d+:\d+: "
                              r"error: .* \(full log: \S+/lab/eve/build\.log\)")
        self.assertFalse(os.path.exists(stale), "a failed build left a kernel to be served")
        self.assertTrue(os.path.exists(os.path.join(self.build, "lab", "eve", "build.log")))
        self.assertIn("lab-build: frank (pc03): FAILED: %s/trees/frank is not a source tree: it "
                      "has no kernel/ and mm/" % self.dir, out)
        self.assertIn("lab-build: gus (pc05): FAILED: %s/trees/gus lacks mm/kalloc.c: a copy of "
                      "an older version of the course?" % self.dir, out)
        self.assertIn("lab-build: 1 of 4 trees built; failed: eve, frank, gus", out)

    def test_bad_manifest(self):
        with open(self.manifest, "a") as f:
            f.write("pc06 52:54:00:00:00:06 /dev/null - trees/alice\n")
        r = subprocess.run(["python3", "-m", "netboot.labbuild", self.manifest, "--build-dir",
                            self.build], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("lab.txt:6: kernel 'trees/alice' is a source tree: it needs a student name",
                      r.stderr)


if __name__ == "__main__":
    unittest.main()
